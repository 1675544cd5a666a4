-- EBS snapshots billed for at least $min_age_days whose storage cost is not shrinking: the last 30 days
-- cost at least as much as the 30 days before (nothing is being pruned). Age is read from the week
-- before the cutoff ($end - $min_age_days), so the scan covers that week onwards, not the whole history.
-- Parameters: $start, $end (window), $prev_start (start of the 30 days before), $min_age_days.
-- Columns: resource_id, provider, account_id, account_name, region, tags, usage_type, monthly_cost,
--          quantity (days billed since, at least), detail (first day billed in the scanned range),
--          extra_cost (previous 30 days)
WITH bounds AS (
    SELECT CAST($end AS TIMESTAMP) - to_days(CAST($min_age_days AS INTEGER)) AS cutoff
),
snap AS (
    SELECT ResourceId, any_value(ProviderName) AS provider, any_value(SubAccountId) AS account_id,
           any_value(SubAccountName) AS account_name, any_value(RegionId) AS region,
           any_value(Tags) AS owner,
           any_value(x_UsageType) AS usage_type, min(ChargePeriodStart) AS first_seen,
           coalesce(sum(EffectiveCost) FILTER (WHERE ChargePeriodStart >= $start), 0) AS cost,
           coalesce(sum(EffectiveCost) FILTER (WHERE ChargePeriodStart >= $prev_start
                                                 AND ChargePeriodStart < $start), 0) AS prev_cost
    FROM cost_and_usage, bounds
    WHERE ChargePeriodStart >= least(bounds.cutoff - INTERVAL 7 DAY, CAST($prev_start AS TIMESTAMP))
      AND ChargePeriodStart < $end
      AND ProviderName = 'AWS' AND ResourceId IS NOT NULL AND ChargeCategory = 'Usage'
      AND x_UsageType LIKE '%EBS:SnapshotUsage%'
    GROUP BY ResourceId
)
SELECT ResourceId, provider, account_id, account_name, region, owner, usage_type, cost,
       date_diff('day', first_seen, CAST($end AS TIMESTAMP))::DOUBLE,
       CAST(CAST(first_seen AS DATE) AS VARCHAR), prev_cost
FROM snap, bounds
WHERE cost > 0 AND prev_cost > 0 AND cost >= prev_cost AND first_seen < bounds.cutoff
ORDER BY ResourceId
