-- What discounts saved between two days: list price minus effective cost (commitments, negotiated
-- rates; taxes and credits count at their cost in list_cost, so they cancel out).
-- Parameters: $start, $end (inclusive days).
-- Columns: saved
SELECT coalesce(sum(list_cost) - sum(effective_cost), 0) AS saved
FROM daily_cost
WHERE day BETWEEN $start AND $end
