-- Azure managed disks billed in a resource group where no VM (or scale set) compute is billed in the window.
-- Parameters: $start, $end.
-- Columns: resource_id, provider, account_id, account_name, region, tags, usage_type, monthly_cost,
--          quantity (days billed), detail (resource group), extra_cost (0)
WITH rows AS (
    SELECT ResourceId, SubAccountId, SubAccountName, RegionId, Tags, x_UsageType, EffectiveCost,
           ChargePeriodStart, ResourceId ILIKE '%/microsoft.compute/disks/%' AS is_disk,
           lower(coalesce(x_ResourceGroup, regexp_extract(ResourceId, '/resourceGroups/([^/]+)', 1))) AS rg
    FROM cost_and_usage
    WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
      AND ProviderName = 'Microsoft' AND ChargeCategory = 'Usage'
      AND (ResourceId ILIKE '%/microsoft.compute/disks/%'
           OR ResourceId ILIKE '%/microsoft.compute/virtualmachines/%'
           OR ResourceId ILIKE '%/microsoft.compute/virtualmachinescalesets/%')
),
compute AS (SELECT DISTINCT SubAccountId, rg FROM rows WHERE NOT is_disk)
SELECT r.ResourceId, 'Microsoft', any_value(r.SubAccountId), any_value(r.SubAccountName), any_value(r.RegionId),
       any_value(r.Tags),
       any_value(r.x_UsageType), sum(r.EffectiveCost),
       count(DISTINCT CAST(r.ChargePeriodStart AS DATE))::DOUBLE, any_value(r.rg), 0::DECIMAL(38, 10)
FROM rows r ANTI JOIN compute c ON r.SubAccountId = c.SubAccountId AND r.rg = c.rg
WHERE r.is_disk
GROUP BY r.ResourceId
ORDER BY r.ResourceId
