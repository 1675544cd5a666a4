-- What discounts saved between two days: list price minus effective cost of usage (negotiated rates
-- and commitments, less unused commitment), the sum of the discount steps of Finance's list-price view.
-- Only usage: a commitment purchase carries its price as list cost and 0 effective (its cost is
-- amortised into the usage it covers, whose discount is already counted), support and other
-- purchases have no list price, and a refund is no discount.
-- Parameters: $start, $end (inclusive days).
-- Columns: saved
SELECT coalesce(sum(list_cost) - sum(effective_cost), 0) AS saved
FROM daily_cost
WHERE day BETWEEN $start AND $end AND ChargeCategory = 'Usage'
