-- Months the allocation rollup holds, newest first (month picker and showback --month check).
-- Parameters: none.
-- Columns: month
SELECT DISTINCT month FROM monthly_tagset_cost ORDER BY month DESC
