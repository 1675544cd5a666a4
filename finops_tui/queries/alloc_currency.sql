-- Billing currencies of a month's cost, joined by '/' (None when the data carries none).
-- Parameters: $month.
-- Columns: currency
SELECT string_agg(DISTINCT BillingCurrency, '/' ORDER BY BillingCurrency)
FROM monthly_tagset_cost WHERE month = $month
