-- Which tag keys does the cache hold (for the group-by selector)?
-- Parameters: none.
-- Columns: tag_key
SELECT tag_key FROM rollup_tag_keys ORDER BY tag_key
