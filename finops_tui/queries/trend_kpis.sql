-- Month to date against the same days of last month, for the KPI tiles.
-- Parameters: $m_start, $as_of (month to date); $p_start, $p_same_end, $p_end (previous month: its first
--             day, the last of the same number of days, its last day); filter parameters ($f*, $fk*).
-- Slots (filled only from the whitelist in trends.py): {table}, {metric}, {where}.
-- Columns: mtd, prev_same_days, prev_month, mtd_list, mtd_effective, currency
SELECT coalesce(sum({metric}) FILTER (WHERE day BETWEEN $m_start AND $as_of), 0) AS mtd,
       coalesce(sum({metric}) FILTER (WHERE day BETWEEN $p_start AND $p_same_end), 0) AS prev_same_days,
       coalesce(sum({metric}) FILTER (WHERE day BETWEEN $p_start AND $p_end), 0) AS prev_month,
       coalesce(sum(list_cost) FILTER (WHERE day BETWEEN $m_start AND $as_of), 0) AS mtd_list,
       coalesce(sum(effective_cost) FILTER (WHERE day BETWEEN $m_start AND $as_of), 0) AS mtd_effective,
       string_agg(DISTINCT BillingCurrency, '/') AS currency
FROM {table}
WHERE day BETWEEN $p_start AND $as_of AND {where}
