-- Every distinct tag set in the cache, once (normalised in Python, once per set).
-- The map travels as JSON text: converting 10k DuckDB maps to dicts costs ten times more.
-- Parameters: none.
-- Columns: tag_hash, tags_json
SELECT tag_hash, CAST(to_json(Tags) AS VARCHAR) FROM tag_sets
