-- Per tag set: which required keys it carries (bits) and its owner team, under the rules in force.
-- The registered table tag_pairs holds each spelling's normalisation (tag_key, tag_value → canon,
-- cval, bit, usable: false for blank values); within a set, the first spelling of the owner key in
-- (key, value) order names the team, as TagRules.normalise does.
-- Parameters: $owner (the canonical owner key).
-- Columns: tag_hash, mask, team
WITH entries AS (
    SELECT tag_hash, entry.key AS k, coalesce(entry.value, '') AS v
    FROM (SELECT tag_hash, unnest(map_entries(Tags)) AS entry FROM tag_sets)
),
norm AS (
    SELECT e.tag_hash, e.k, e.v, p.canon, p.cval, p.bit
    FROM entries e JOIN tag_pairs p ON p.tag_key = e.k AND p.tag_value = e.v
    WHERE p.usable
)
SELECT t.tag_hash,
       CAST(coalesce(bit_or(n.bit), 0) AS INTEGER) AS mask,
       arg_min(n.cval, struct_pack(k := n.k, v := n.v)) FILTER (WHERE n.canon = $owner) AS team
FROM tag_sets t LEFT JOIN norm n ON n.tag_hash = t.tag_hash
GROUP BY t.tag_hash
ORDER BY t.tag_hash
