-- io1 EBS volumes billed in the window, with their storage and provisioned-IOPS cost.
-- Parameters: $start, $end.
-- Columns: resource_id, provider, account_id, account_name, region, tags, usage_type, monthly_cost,
--          quantity (average provisioned IOPS), detail ('io1'), extra_cost (IOPS part of the cost)
SELECT ResourceId, any_value(ProviderName), any_value(SubAccountId), any_value(SubAccountName),
       any_value(RegionId),
       any_value(Tags),
       any_value(x_UsageType), sum(EffectiveCost),
       -- IOPS-months per day add up to the provisioned IOPS over a 30-day window
       coalesce(sum(ConsumedQuantity) FILTER (WHERE x_UsageType LIKE '%IOPS%'), 0),
       'io1',
       coalesce(sum(EffectiveCost) FILTER (WHERE x_UsageType LIKE '%IOPS%'), 0)
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
  AND ProviderName = 'AWS' AND ResourceId IS NOT NULL AND ChargeCategory = 'Usage'
  AND (x_UsageType LIKE '%EBS:VolumeUsage.piops' OR x_UsageType LIKE '%EBS:VolumeP-IOPS.piops'
       OR x_VolumeType = 'io1')
GROUP BY ResourceId
ORDER BY ResourceId
