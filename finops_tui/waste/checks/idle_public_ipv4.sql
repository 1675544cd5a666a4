-- Public IPv4 addresses billed as idle (allocated, not associated) in the window.
-- Parameters: $start, $end.
-- Columns: resource_id, provider, account_id, account_name, region, tags, usage_type, monthly_cost,
--          quantity (idle hours), detail (NULL), extra_cost (0)
SELECT ResourceId, any_value(ProviderName), any_value(SubAccountId), any_value(SubAccountName),
       any_value(RegionId),
       any_value(Tags),
       any_value(x_UsageType), sum(EffectiveCost), coalesce(sum(ConsumedQuantity), 0), NULL,
       0::DECIMAL(38, 10)
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
  AND ProviderName = 'AWS' AND ResourceId IS NOT NULL AND ChargeCategory = 'Usage'
  AND x_UsageType LIKE '%PublicIPv4:IdleAddress'
GROUP BY ResourceId
ORDER BY ResourceId
