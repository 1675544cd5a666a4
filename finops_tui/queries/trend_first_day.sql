-- The first charge day in the cache (a comparison period starting earlier is only partly covered).
-- Parameters: none.
-- Columns: first_day
SELECT min(day) FROM daily_cost
