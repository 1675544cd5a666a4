-- alloc_gaps.sql for a cache written before resource_month existed: the same answer from the
-- monthly resource rollup. Taggable resources of a month whose (main) tag set misses a required key.
-- Parameters: $month; registered table tag_flags (tag hash → required-key bits); $full (all bits);
--             $limit.
-- Columns: resource_id, sub_account_id, sub_account_name, service, mask, cost
WITH flags AS (SELECT tag_hash, mask FROM tag_flags),
resources AS (
    SELECT ResourceId, SubAccountId, any_value(SubAccountName) AS sub_name, any_value(ServiceName) AS service,
           arg_max(tag_hash, effective_cost) AS tag_hash, sum(effective_cost) AS cost
    FROM monthly_resource_cost
    WHERE month = $month AND untaggable IS NULL AND ResourceId IS NOT NULL
    GROUP BY ResourceId, SubAccountId
)
SELECT r.ResourceId, r.SubAccountId, r.sub_name, r.service, coalesce(f.mask, 0) AS mask, r.cost
FROM resources r LEFT JOIN flags f ON f.tag_hash = r.tag_hash
WHERE coalesce(f.mask, 0) <> $full
ORDER BY r.cost DESC, r.ResourceId
LIMIT $limit
