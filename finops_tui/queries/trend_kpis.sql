-- Month to date against the same days of last month, for the KPI tiles: cost per part of the two
-- months and per currency (``trends.kpis`` adds the parts up; a plain GROUP BY plans and runs in about
-- half the time of one row of FILTERed sums with a DISTINCT string_agg).
-- Parameters: $m_start, $as_of (month to date); $p_start, $p_same_end (previous month: its first day,
--             the last of the same number of days); filter parameters ($f*, $fk*).
-- Slots (filled only from the whitelist in trends.py): {table}, {metric}, {where}.
-- Columns: this_month (else the previous month), same_days (of the previous month), currency, cost,
--          list_cost, effective_cost
SELECT day >= $m_start AS this_month,
       day <= $p_same_end AS same_days,
       BillingCurrency AS currency,
       sum({metric}) AS cost,
       sum(list_cost) AS list_cost,
       sum(effective_cost) AS effective_cost
FROM {table}
WHERE day BETWEEN $p_start AND $as_of AND {where}
GROUP BY ALL
