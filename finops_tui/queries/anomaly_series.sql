-- Daily usage-based effective cost per provider x sub-account x service: the finest series the
-- detector watches (coarser levels are sums of these, taken in polars).
-- Parameters: $first (first day), $last (last day, inclusive).
-- Slots (filled only from constants in anomalies.py): {usage_based}.
-- Columns: day, provider, sub_account_id, sub_account_name, service_name, cost
SELECT day,
       ProviderName AS provider,
       coalesce(SubAccountId, '(none)') AS sub_account_id,
       max(coalesce(SubAccountName, SubAccountId, '(none)')) AS sub_account_name,
       coalesce(ServiceName, '(none)') AS service_name,
       CAST(sum(effective_cost) AS DOUBLE) AS cost
FROM daily_cost
WHERE {usage_based} AND day BETWEEN $first AND $last
GROUP BY day, ProviderName, coalesce(SubAccountId, '(none)'), coalesce(ServiceName, '(none)')
