-- Per provider: the newest charge day and the newest complete usage day (header line, default as-of).
-- Parameters: none.
-- Columns: provider, newest_day, complete_day
SELECT provider, newest_day, complete_day FROM rollup_freshness ORDER BY provider
