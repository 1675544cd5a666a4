-- Azure VMs billed with a Windows licence (meter, SKU meter or description says Windows, not AHB).
-- Parameters: $start, $end.
-- Columns: resource_id, provider, account_id, account_name, region, tags, usage_type, monthly_cost,
--          quantity (hours), detail (VM size), extra_cost (0)
SELECT ResourceId, 'Microsoft', any_value(SubAccountId), any_value(SubAccountName), any_value(RegionId),
       any_value(Tags),
       any_value(x_UsageType), sum(EffectiveCost), coalesce(sum(ConsumedQuantity), 0),
       any_value(coalesce(x_InstanceType, x_UsageType)), 0::DECIMAL(38, 10)
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
  AND ProviderName = 'Microsoft' AND ResourceId IS NOT NULL AND ChargeCategory = 'Usage'
  AND ServiceName = 'Virtual Machines'
  AND (x_UsageType ILIKE '%windows%' OR SkuMeter ILIKE '%windows%' OR ChargeDescription ILIKE '%windows%')
  AND NOT (coalesce(ChargeDescription, '') ILIKE '%hybrid%' OR coalesce(ChargeDescription, '') ILIKE '%AHB%')
GROUP BY ResourceId
ORDER BY ResourceId
