-- The month's cost carrying at least one tag spelling the hygiene tab would change, each tag set
-- counted once (summing the groups counts a set once per group it falls in: a resource tagged
-- env=Prod is in both the env/Environment key group and the prod/Prod value group).
-- The registered table off_pairs holds those spellings (tag_key, tag_value; NULL values as '');
-- tag_entries is every tag set's (key, value) pairs as the import unnested them (unnesting the
-- month's sets here cost ~20 ms of each load at 10M line items). Caches without it use
-- alloc_hygiene_cost_sets.
-- Parameters: $month.
-- Columns: cost
WITH off_sets AS (
    SELECT DISTINCT e.tag_hash
    FROM tag_entries e JOIN off_pairs o ON o.tag_key = e.tag_key AND o.tag_value = e.tag_value
)
SELECT coalesce(sum(m.effective_cost), 0) AS cost
FROM monthly_tagset_cost m
WHERE m.month = $month AND m.tag_hash IN (SELECT tag_hash FROM off_sets)
