-- What the importer recorded per (source, billing period): billed from full or actual-cost sources,
-- effective from full or amortized ones, to compare with what the cache now holds.
-- Parameters: $first (DATE), $last (DATE).
-- Columns: period, provider, account, billed, effective
SELECT
    CAST(billing_period_start AS DATE) AS period,
    provider,
    billing_account_id AS account,
    sum(billed_cost) FILTER (WHERE cost_basis IN ('full', 'actual')) AS billed,
    sum(effective_cost) FILTER (WHERE cost_basis IN ('full', 'amortized')) AS effective
FROM imports
WHERE CAST(billing_period_start AS DATE) BETWEEN $first AND $last
GROUP BY ALL
