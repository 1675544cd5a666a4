-- Reconciliation lines: each period's charges split by kind (FOCUS ChargeCategory, ChargeClass and
-- CommitmentDiscountStatus), so that billed minus effective is explained line by line.
-- Parameters: $first (DATE, first period shown), $last (DATE, last period shown).
-- Columns: period, provider, account, currency, kind, rows, billed, effective, list_cost
SELECT
    CAST(BillingPeriodStart AS DATE) AS period,
    coalesce(ProviderName, '') AS provider,
    coalesce(BillingAccountId, '') AS account,
    BillingCurrency AS currency,
    CASE
        WHEN ChargeClass = 'Correction' THEN 'correction'
        WHEN CommitmentDiscountStatus = 'Unused' THEN 'unused_commitment'
        WHEN ChargeCategory = 'Usage'
            AND (CommitmentDiscountStatus = 'Used' OR CommitmentDiscountId IS NOT NULL) THEN 'usage_committed'
        WHEN ChargeCategory = 'Usage' THEN 'usage_standard'
        WHEN ChargeCategory = 'Purchase'
            AND (CommitmentDiscountId IS NOT NULL OR CommitmentDiscountCategory IS NOT NULL)
            THEN 'purchase_commitment'
        WHEN ChargeCategory = 'Purchase' THEN 'purchase_other'
        WHEN ChargeCategory = 'Credit' THEN 'credit'
        WHEN ChargeCategory = 'Tax' THEN 'tax'
        WHEN ChargeCategory = 'Adjustment' THEN 'adjustment'
        ELSE 'unexplained'
    END AS kind,
    count(*) AS rows,
    coalesce(sum(BilledCost), 0) AS billed,
    coalesce(sum(EffectiveCost), 0) AS effective,
    coalesce(sum(ListCost), 0) AS list_cost
FROM cost_and_usage
WHERE CAST(BillingPeriodStart AS DATE) BETWEEN $first AND $last
GROUP BY ALL
