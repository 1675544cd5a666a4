-- Taggable resources of a month whose (main) tag set misses a required key, largest cost first, read
-- from the import's per-resource monthly rollup (resource_month: a hash group-by over the month's
-- 23k rows cost 20-30 ms of every load at 10M line items). Caches without it use alloc_gaps_lines.
-- Parameters: $month; registered table tag_flags (tag hash → required-key bits); $full (all bits);
--             $limit.
-- Columns: resource_id, sub_account_id, sub_account_name, service, mask, cost
SELECT r.ResourceId, r.SubAccountId, r.sub_name, r.service, coalesce(f.mask, 0) AS mask, r.cost
FROM resource_month r LEFT JOIN tag_flags f ON f.tag_hash = r.tag_hash
WHERE r.month = $month AND coalesce(f.mask, 0) <> $full
ORDER BY r.cost DESC, r.ResourceId
LIMIT $limit
