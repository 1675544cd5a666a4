-- Per provider: the newest charge day, the newest complete usage day (header line, default as-of) and
-- the first charge day (a comparison period starting earlier is only partly covered).
-- Parameters: none.
-- Columns: provider, newest_day, complete_day, first_day
SELECT provider, newest_day, complete_day, first_day FROM rollup_freshness ORDER BY provider
