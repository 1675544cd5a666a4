-- The movers table and the KPI tiles in one pass, for questions a rollup of bounded size answers:
-- cost per group, currency and the periods a day belongs to (this window, the one before, this month
-- to date, the same days of last month, last month); ``trends.movers_and_kpis`` adds the parts up.
-- One plain GROUP BY costs what the movers query alone did, and spares the KPI query (3-4 ms).
-- Parameters: $start, $end, $prev_start, $prev_end (the window and the one before); $m_start, $as_of,
--             $p_start, $p_same_end, $p_end (as in trend_kpis); $lo, $hi (the days covering all of them);
--             $gk (tag key); filter parameters.
-- Slots (filled only from the whitelist in trends.py): {table}, {key}, {label}, {metric}, {where}.
-- Columns: key, label, currency, in_current, in_previous, this_month, same_days, last_month, cost,
--          list_cost, effective_cost
SELECT {key} AS key,
       max({label}) AS label,
       BillingCurrency AS currency,
       day BETWEEN $start AND $end AS in_current,
       day BETWEEN $prev_start AND $prev_end AS in_previous,
       day BETWEEN $m_start AND $as_of AS this_month,
       day BETWEEN $p_start AND $p_same_end AS same_days,
       day BETWEEN $p_start AND $p_end AS last_month,
       sum({metric}) AS cost,
       sum(list_cost) AS list_cost,
       sum(effective_cost) AS effective_cost
FROM {table}
WHERE day BETWEEN $lo AND $hi  -- one range DuckDB pushes into the scan (an OR it does not)
  AND (day BETWEEN $prev_start AND $end OR day BETWEEN $p_start AND $as_of) AND {where}
GROUP BY ALL
