-- Billing periods per provider, billing account and currency: totals asked apart from the lines, and
-- what says whether the period is final (its end, its newest charge, its daily-aggregate rows).
-- Parameters: $first (DATE, first period shown), $last (DATE, last period shown).
-- Columns: period, provider, account, currency, rows, billed, effective, list_cost, period_end,
--          newest_charge, aggregate_rows
SELECT
    CAST(BillingPeriodStart AS DATE) AS period,
    coalesce(ProviderName, '') AS provider,
    coalesce(BillingAccountId, '') AS account,
    BillingCurrency AS currency,
    count(*) AS rows,
    coalesce(sum(BilledCost), 0) AS billed,
    coalesce(sum(EffectiveCost), 0) AS effective,
    coalesce(sum(ListCost), 0) AS list_cost,
    max(BillingPeriodEnd) AS period_end,
    max(ChargePeriodEnd) AS newest_charge,
    count(*) FILTER (WHERE x_Grain = 'daily-aggregate') AS aggregate_rows
FROM cost_and_usage
WHERE CAST(BillingPeriodStart AS DATE) BETWEEN $first AND $last
GROUP BY ALL
ORDER BY period DESC, provider, account, currency
