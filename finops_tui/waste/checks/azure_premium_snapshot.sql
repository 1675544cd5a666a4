-- Azure snapshots stored on Premium SSD (a snapshot never needs premium performance).
-- Parameters: $start, $end.
-- Columns: resource_id, provider, account_id, account_name, region, tags, usage_type, monthly_cost,
--          quantity (GB-months), detail (meter), extra_cost (0)
SELECT ResourceId, 'Microsoft', any_value(SubAccountId), any_value(SubAccountName), any_value(RegionId),
       any_value(Tags),
       any_value(x_UsageType), sum(EffectiveCost), coalesce(sum(ConsumedQuantity), 0),
       any_value(x_UsageType), 0::DECIMAL(38, 10)
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
  AND ProviderName = 'Microsoft' AND ResourceId IS NOT NULL AND ChargeCategory = 'Usage'
  AND lower(ResourceId) LIKE '%/microsoft.compute/snapshots/%'
  AND (x_UsageType ILIKE '%premium%' OR SkuMeter ILIKE '%premium%')
GROUP BY ResourceId
ORDER BY ResourceId
