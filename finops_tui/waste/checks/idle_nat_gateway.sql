-- NAT gateways billed for hours in the window that processed (almost) no data.
-- Parameters: $start, $end, $days (window length), $max_gb_per_day (idle threshold).
-- Columns: resource_id, provider, account_id, account_name, region, tags, usage_type, monthly_cost,
--          quantity (GB processed), detail (NULL), extra_cost (hours part of the cost)
SELECT ResourceId, any_value(ProviderName), any_value(SubAccountId), any_value(SubAccountName),
       any_value(RegionId),
       any_value(Tags),
       any_value(x_UsageType) FILTER (WHERE x_UsageType LIKE '%NatGateway-Hours'),
       sum(EffectiveCost),
       coalesce(sum(ConsumedQuantity) FILTER (WHERE x_UsageType LIKE '%NatGateway-Bytes'), 0) AS gb,
       NULL,
       coalesce(sum(EffectiveCost) FILTER (WHERE x_UsageType LIKE '%NatGateway-Hours'), 0)
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
  AND ProviderName = 'AWS' AND ResourceId IS NOT NULL AND ChargeCategory = 'Usage'
  AND (x_UsageType LIKE '%NatGateway-Hours' OR x_UsageType LIKE '%NatGateway-Bytes')
GROUP BY ResourceId
HAVING count(*) FILTER (WHERE x_UsageType LIKE '%NatGateway-Hours') > 0 AND gb < $max_gb_per_day * $days
ORDER BY ResourceId
