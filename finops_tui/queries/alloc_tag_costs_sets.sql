-- Effective cost per tag (key, value) spelling in a month, summed over the tag sets carrying it (tag
-- hygiene: the spend behind each spelling). Tens of thousands of tag sets share a few hundred pairs.
-- Worked out from the tag sets for a cache imported before the import kept monthly_tag_pairs.
-- Parameters: $month.
-- Columns: tag_key, tag_value, cost
WITH per_set AS (
    SELECT tag_hash, sum(effective_cost) AS cost
    FROM monthly_tagset_cost WHERE month = $month GROUP BY tag_hash
),
entries AS (
    SELECT unnest(map_entries(t.Tags)) AS entry, p.cost
    FROM per_set p JOIN tag_sets t ON t.tag_hash = p.tag_hash
)
SELECT entry.key AS tag_key, entry.value AS tag_value, sum(cost) AS cost
FROM entries
GROUP BY ALL
ORDER BY ALL
