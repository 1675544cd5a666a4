-- Every distinct tag (key, value) spelling in the cache: the rules normalise each once, in Python.
-- Parameters: none.
-- Columns: tag_key, tag_value (NULL values as '')
SELECT DISTINCT entry.key AS tag_key, coalesce(entry.value, '') AS tag_value
FROM (SELECT unnest(map_entries(Tags)) AS entry FROM tag_sets)
