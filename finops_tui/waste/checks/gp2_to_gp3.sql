-- gp2 EBS volumes billed in the window: each could be gp3 at 20 % less per GB-month.
-- Parameters: $start, $end (TIMESTAMP, end exclusive).
-- Columns: resource_id, provider, account_id, account_name, region, tags, usage_type, monthly_cost,
--          quantity (GB-months), detail (volume type), extra_cost (0)
SELECT ResourceId, any_value(ProviderName), any_value(SubAccountId), any_value(SubAccountName),
       any_value(RegionId),
       any_value(Tags),
       any_value(x_UsageType), sum(EffectiveCost), coalesce(sum(ConsumedQuantity), 0), 'gp2', 0::DECIMAL(38, 10)
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
  AND ProviderName = 'AWS' AND ResourceId IS NOT NULL AND ChargeCategory = 'Usage'
  AND (x_UsageType LIKE '%EBS:VolumeUsage.gp2' OR x_VolumeType = 'gp2')
GROUP BY ResourceId
ORDER BY ResourceId
