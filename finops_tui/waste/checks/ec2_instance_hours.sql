-- EC2 instances billed for on-demand or savings-plan hours in the window (RI-covered hours excluded:
-- a reservation is bound to its instance type, so changing the type would strand it).
-- Parameters: $start, $end.
-- Columns: resource_id, provider, account_id, account_name, region, tags, usage_type, monthly_cost,
--          quantity (instance hours), detail (instance type), extra_cost (0)
SELECT ResourceId, any_value(ProviderName), any_value(SubAccountId), any_value(SubAccountName),
       any_value(RegionId),
       any_value(Tags),
       any_value(x_UsageType), sum(EffectiveCost), coalesce(sum(ConsumedQuantity), 0),
       any_value(coalesce(x_InstanceType, regexp_extract(x_UsageType, 'BoxUsage:(.+)$', 1))),
       0::DECIMAL(38, 10)
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
  AND ProviderName = 'AWS' AND ResourceId IS NOT NULL AND ChargeCategory = 'Usage'
  AND x_UsageType LIKE '%BoxUsage:%' AND coalesce(x_LineItemType, '') <> 'DiscountedUsage'
GROUP BY ResourceId
ORDER BY ResourceId
