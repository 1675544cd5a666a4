-- Daily on-demand instance cost per provider: the usage a new commitment would cover.
-- On-demand = usage with PricingCategory 'Standard' and no commitment discount; instance usage =
-- ServiceCategory 'Compute' rows with an instance type (AWS BoxUsage, Azure VM sizes), as the Waste
-- screen's commitment-candidate check counts it. Storage, transfer and serverless rows of compute services
-- are left out: reservations do not cover them. Days without such cost are absent (the caller counts
-- them as zero).
-- Parameters: $start, $end_excl (charge period start range, end exclusive).
-- Columns: provider, day, cost
SELECT ProviderName AS provider, ChargePeriodStart::DATE AS day, sum(EffectiveCost) AS cost
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end_excl
  AND ChargeCategory = 'Usage' AND PricingCategory = 'Standard' AND CommitmentDiscountId IS NULL
  AND ServiceCategory = 'Compute' AND (x_InstanceType IS NOT NULL OR x_UsageType LIKE '%BoxUsage:%')
GROUP BY ALL
ORDER BY provider, day
