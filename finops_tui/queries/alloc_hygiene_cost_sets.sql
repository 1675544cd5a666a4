-- The month's cost carrying at least one tag spelling the hygiene tab would change, each tag set
-- counted once (summing the groups counts a set once per group it falls in: a resource tagged
-- env=Prod is in both the env/Environment key group and the prod/Prod value group).
-- The registered table off_pairs holds those spellings (tag_key, tag_value; NULL values as '').
-- Unnests the tag sets: for a cache imported before the import kept tag_entries.
-- Parameters: $month.
-- Columns: cost
WITH per_set AS (
    SELECT tag_hash, sum(effective_cost) AS cost
    FROM monthly_tagset_cost WHERE month = $month GROUP BY tag_hash
),
entries AS (
    SELECT p.tag_hash, unnest(map_entries(t.Tags)) AS entry
    FROM per_set p JOIN tag_sets t ON t.tag_hash = p.tag_hash
),
off_sets AS (
    SELECT DISTINCT e.tag_hash
    FROM entries e JOIN off_pairs o ON o.tag_key = e.entry.key AND o.tag_value = coalesce(e.entry.value, '')
)
SELECT coalesce(sum(cost), 0) AS cost
FROM per_set WHERE tag_hash IN (SELECT tag_hash FROM off_sets)
