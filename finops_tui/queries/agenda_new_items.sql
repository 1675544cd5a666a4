-- Services and regions with cost in a month and none in the months before it (since $since).
-- Parameters: $since (first day looked back to), $start, $end (the month, inclusive days).
-- Columns: kind, provider, name, cost
WITH seen AS (
    SELECT 'service' AS kind, ProviderName AS provider, ServiceName AS name, day, effective_cost
    FROM daily_cost WHERE day BETWEEN $since AND $end AND ServiceName IS NOT NULL
    UNION ALL
    SELECT 'region', ProviderName, RegionId, day, effective_cost
    FROM daily_cost WHERE day BETWEEN $since AND $end AND RegionId IS NOT NULL
)
SELECT kind, provider, name, sum(effective_cost) FILTER (WHERE day >= $start) AS cost
FROM seen
GROUP BY ALL
HAVING count(*) FILTER (WHERE day < $start) = 0 AND cost <> 0
ORDER BY kind DESC, cost DESC, provider, name
