-- Effective cost per tag set in a month (tag hygiene: the spend behind each spelling).
-- Parameters: $month.
-- Columns: tag_hash, cost
SELECT tag_hash, sum(effective_cost) FROM monthly_resource_cost WHERE month = $month GROUP BY tag_hash
