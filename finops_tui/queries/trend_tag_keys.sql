-- Which tag keys does the cache hold (for the group-by selector)?
-- Parameters: none.
-- Columns: tag_key
SELECT DISTINCT unnest(map_keys(Tags)) AS tag_key FROM daily_cost ORDER BY tag_key
