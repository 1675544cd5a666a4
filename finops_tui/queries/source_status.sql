-- What does the cache hold, per source (provider, format, billing account)?
-- Parameters: none.
-- Columns: provider, source_format, billing_account_id, periods, first_period, last_period, rows,
--          billed_cost, effective_cost, currency, last_import, newest_charge
-- Totals come from the line items themselves (after Azure actual/amortized pairing), not from the
-- import log, so they are what every screen will sum.
WITH lines AS (
    SELECT ProviderName AS provider, x_Source AS source_format, BillingAccountId AS billing_account_id,
           count(DISTINCT BillingPeriodStart) AS periods,
           min(BillingPeriodStart) AS first_period, max(BillingPeriodStart) AS last_period,
           count(*) AS rows, sum(BilledCost) AS billed_cost, sum(EffectiveCost) AS effective_cost,
           string_agg(DISTINCT BillingCurrency, '/') AS currency,
           max(ChargePeriodStart) AS newest_charge  -- start of the newest charge period: the last day with data
    FROM cost_and_usage
    GROUP BY ALL
)
SELECT l.provider, l.source_format, l.billing_account_id, l.periods, l.first_period, l.last_period, l.rows,
       l.billed_cost, l.effective_cost, l.currency,
       (SELECT max(i.imported_at) FROM imports i
        WHERE i.provider = l.provider AND i.billing_account_id = l.billing_account_id
          AND i.source_format = l.source_format) AS last_import,
       l.newest_charge
FROM lines l
ORDER BY l.provider, l.source_format, l.billing_account_id
