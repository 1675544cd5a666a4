-- Load balancers billed for hours in the window with (almost) no capacity units used.
-- Parameters: $start, $end, $days, $max_lcu_per_day.
-- Columns: resource_id, provider, account_id, account_name, region, tags, usage_type, monthly_cost,
--          quantity (LCU-hours), detail (NULL), extra_cost (hours part of the cost)
SELECT ResourceId, any_value(ProviderName), any_value(SubAccountId), any_value(SubAccountName),
       any_value(RegionId),
       any_value(Tags),
       any_value(x_UsageType) FILTER (WHERE x_UsageType LIKE '%LoadBalancerUsage'),
       sum(EffectiveCost),
       coalesce(sum(ConsumedQuantity) FILTER (WHERE x_UsageType LIKE '%LCUUsage'), 0) AS lcu,
       NULL,
       coalesce(sum(EffectiveCost) FILTER (WHERE x_UsageType LIKE '%LoadBalancerUsage'), 0)
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
  AND ProviderName = 'AWS' AND ResourceId IS NOT NULL AND ChargeCategory = 'Usage'
  AND (x_UsageType LIKE '%LoadBalancerUsage' OR x_UsageType LIKE '%LCUUsage')
GROUP BY ResourceId
HAVING count(*) FILTER (WHERE x_UsageType LIKE '%LoadBalancerUsage') > 0 AND lcu < $max_lcu_per_day * $days
ORDER BY ResourceId
