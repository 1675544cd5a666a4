-- Steady on-demand compute a commitment would cover: per provider and billing account, the lowest
-- daily on-demand compute cost of the window (what runs every day), priced at the commitment discount.
-- Parameters: $start, $end, $days.
-- Columns: resource_id ('commitment:<provider>:<billing account>'), provider, account_id, account_name,
--          region (NULL), tags (NULL), usage_type (NULL), monthly_cost (on-demand compute cost),
--          quantity (days with usage), detail (service names), extra_cost (lowest daily cost)
WITH daily AS (
    SELECT ProviderName AS provider, BillingAccountId AS account_id,
           any_value(BillingAccountName) AS account_name, CAST(ChargePeriodStart AS DATE) AS day,
           string_agg(DISTINCT ServiceName, ', ') AS services, sum(EffectiveCost) AS cost
    FROM cost_and_usage
    WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end AND ChargeCategory = 'Usage'
      AND PricingCategory = 'Standard' AND CommitmentDiscountId IS NULL
      AND (x_UsageType LIKE '%BoxUsage:%'
           OR (ProviderName = 'Microsoft' AND ServiceName = 'Virtual Machines'))
    GROUP BY ALL
)
SELECT 'commitment:' || provider || ':' || account_id, provider, account_id, any_value(account_name), NULL,
       NULL, NULL, sum(cost), count(*)::DOUBLE, any_value(services),
       CASE WHEN count(*) = $days THEN min(cost) ELSE 0::DECIMAL(38, 10) END
FROM daily
GROUP BY provider, account_id
ORDER BY provider, account_id
