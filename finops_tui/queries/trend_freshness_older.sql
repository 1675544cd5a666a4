-- trend_freshness for a cache imported before rollup_freshness kept each provider's first charge day:
-- the cache's first day stands in for every provider's.
-- Parameters: none.
-- Columns: provider, newest_day, complete_day, first_day
SELECT provider, newest_day, complete_day, (SELECT min(day) FROM daily_cost) AS first_day
FROM rollup_freshness
ORDER BY provider
