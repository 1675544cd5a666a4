-- Invoice totals recorded with `finops-tui invoice set|import`.
-- Parameters: $first (DATE), $last (DATE).
-- Columns: period, provider, account, amount, currency
SELECT billing_period_start AS period, provider, billing_account_id AS account, amount, currency
FROM invoice_totals
WHERE billing_period_start BETWEEN $first AND $last
