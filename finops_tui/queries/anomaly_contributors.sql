-- What explains each anomaly: its scope's usage-based cost by usage type, resource, region,
-- sub-account and service, over the anomaly's days and over the same weekdays of the four weeks
-- before them (so a weekday-only resource is not under-expected on a Tuesday).
-- One scan of the line items: table `scopes` (registered by anomalies.py) lists, per anomaly
-- (`anomaly`), every provider x sub-account x service series inside its scope with the days to read,
-- and the tag value when the anomaly is a tag's (NULL otherwise).
-- Parameters: $first, $last (the span of every scope, to skip the rest of the history); the tag key
--             spellings in {tag}.
-- Slots (filled only from constants and generated parameter names in anomalies.py): {usage_based},
--        {tag}.
-- Columns: anomaly, dimension, value, label, actual, baseline
WITH hits AS (
    SELECT s.anomaly, s.start_day, r.day, r.x_UsageType, r.ResourceId, r.RegionId, r.SubAccountId,
           r.SubAccountName, r.ServiceName, r.effective_cost
    FROM daily_resource_cost r
    JOIN scopes s
      ON r.ProviderName = s.provider
     AND coalesce(r.SubAccountId, '(none)') = s.sub_account_id
     AND coalesce(r.ServiceName, '(none)') = s.service_name
    WHERE {usage_based} AND r.day BETWEEN $first AND $last AND r.day BETWEEN s.baseline_day AND s.end_day
      AND (s.tag_value IS NULL OR {tag} = s.tag_value)
      AND (r.day >= s.start_day OR list_contains(s.weekdays, isodow(r.day)))
)
SELECT anomaly,
       CASE WHEN GROUPING(x_UsageType) = 0 THEN 'usage_type'
            WHEN GROUPING(ResourceId) = 0 THEN 'resource'
            WHEN GROUPING(RegionId) = 0 THEN 'region'
            WHEN GROUPING(SubAccountId) = 0 THEN 'sub_account'
            ELSE 'service' END AS dimension,
       coalesce(x_UsageType, ResourceId, RegionId, SubAccountId, ServiceName, '(none)') AS value,
       coalesce(x_UsageType, ResourceId, RegionId, SubAccountName, SubAccountId, ServiceName, '(none)')
           AS label,
       CAST(coalesce(sum(effective_cost) FILTER (WHERE day >= start_day), 0) AS DOUBLE) AS actual,
       CAST(coalesce(sum(effective_cost) FILTER (WHERE day < start_day), 0) AS DOUBLE) AS baseline
FROM hits
GROUP BY GROUPING SETS ((anomaly, x_UsageType), (anomaly, ResourceId), (anomaly, RegionId),
                        (anomaly, SubAccountId, SubAccountName), (anomaly, ServiceName))
