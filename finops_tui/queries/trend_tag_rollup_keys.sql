-- The tag keys the import's daily rollup by normalised tag value holds, and the signature of the tag
-- rules it resolved them under (``sync.tag_rollup``); a view reads the rollup only under those rules.
-- Columns: signature, tag_key
SELECT signature, tag_key FROM daily_tag_keys ORDER BY ALL
