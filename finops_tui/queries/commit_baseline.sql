-- Daily on-demand compute cost per provider: the usage a new commitment would cover.
-- On-demand = usage with PricingCategory 'Standard' and no commitment discount; compute =
-- ServiceCategory 'Compute'. Days without such cost are absent (the caller counts them as zero).
-- Parameters: $start, $end_excl (charge period start range, end exclusive).
-- Columns: provider, day, cost
SELECT ProviderName AS provider, ChargePeriodStart::DATE AS day, sum(EffectiveCost) AS cost
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end_excl
  AND ChargeCategory = 'Usage' AND PricingCategory = 'Standard' AND CommitmentDiscountId IS NULL
  AND ServiceCategory = 'Compute'
GROUP BY ALL
ORDER BY provider, day
