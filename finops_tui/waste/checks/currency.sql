-- The billing currency of the cache when it has exactly one.
-- Parameters: none.
-- Columns: currency
SELECT CASE WHEN count(DISTINCT BillingCurrency) = 1 THEN any_value(BillingCurrency) END
FROM daily_cost
WHERE BillingCurrency IS NOT NULL
