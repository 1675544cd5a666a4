-- Each group's cost in a period and in the period it is compared with (the movers table).
-- Parameters: $start, $end, $prev_start, $prev_end; $gk (tag key when grouping by a tag);
--             filter parameters ($f*, $fk*).
-- Slots (filled only from the whitelist in trends.py): {table}, {key}, {label}, {metric}, {where}.
-- Columns: key, label, current, previous, list_cost, effective_cost
SELECT {key} AS key,
       max({label}) AS label,
       coalesce(sum({metric}) FILTER (WHERE day BETWEEN $start AND $end), 0) AS current,
       coalesce(sum({metric}) FILTER (WHERE day BETWEEN $prev_start AND $prev_end), 0) AS previous,
       coalesce(sum(list_cost) FILTER (WHERE day BETWEEN $start AND $end), 0) AS list_cost,
       coalesce(sum(effective_cost) FILTER (WHERE day BETWEEN $start AND $end), 0) AS effective_cost
FROM {table}
WHERE (day BETWEEN $start AND $end OR day BETWEEN $prev_start AND $prev_end) AND {where}
GROUP BY 1
ORDER BY 1
