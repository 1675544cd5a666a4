-- Per provider: the span of usage-based charge days, the newest complete day, and when the newest
-- billing period was imported (data lag is counted from then, never from the wall clock).
-- Parameters: none.
-- Slots (filled only from constants in anomalies.py): {usage_based}.
-- Columns: provider, first_day, newest_day, complete_day, fetched_at, currency
WITH usage_days AS (
    SELECT ProviderName AS provider, min(day) AS first_day, max(day) AS newest_day,
           string_agg(DISTINCT BillingCurrency, '/') AS currency
    FROM daily_cost
    WHERE {usage_based}
    GROUP BY ALL
),
fetched AS (
    SELECT i.provider, max(i.imported_at) AS fetched_at
    FROM imports i
    WHERE i.billing_period_start = (
        SELECT max(j.billing_period_start) FROM imports j WHERE j.provider = i.provider
    )
    GROUP BY ALL
)
SELECT u.provider, u.first_day, u.newest_day, f.complete_day, fe.fetched_at, u.currency
FROM usage_days u
LEFT JOIN rollup_freshness f ON f.provider = u.provider
LEFT JOIN fetched fe ON fe.provider = u.provider
ORDER BY u.provider
