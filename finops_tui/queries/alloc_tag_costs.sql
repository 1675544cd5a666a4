-- Effective cost per tag (key, value) spelling in a month (tag hygiene: the spend behind each
-- spelling), as the import summed it into monthly_tag_pairs (unnesting every tag set of the month
-- here cost 11 ms of each load at 10M line items). Caches without it use alloc_tag_costs_sets.
-- Parameters: $month.
-- Columns: tag_key, tag_value, cost
SELECT tag_key, tag_value, cost
FROM monthly_tag_pairs
WHERE month = $month
ORDER BY ALL
