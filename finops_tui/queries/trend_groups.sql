-- Each group's cost in a period and in the period it is compared with (the movers table), largest
-- day-normalised change first, at most $limit groups (NULL: all), with the number of groups there are.
-- The order is exact: |current - previous * days / prev_days| ranks as |current * prev_days -
-- previous * days| (prev_days > 0), which stays in DECIMAL; ties by current cost, then key.
-- Parameters: $start, $end, $prev_start, $prev_end; $lo, $hi (the days covering both); $days,
--             $prev_days (their day counts); $limit;
--             $gk (tag key when grouping by a tag); filter parameters ($f*, $fk*).
-- Slots (filled only from the whitelist in trends.py): {table}, {key}, {label}, {metric}, {where}.
-- Columns: key, label, current, previous, list_cost, effective_cost, groups
WITH grouped AS (
    SELECT {key} AS key,
           max({label}) AS label,
           coalesce(sum({metric}) FILTER (WHERE day BETWEEN $start AND $end), 0) AS current,
           coalesce(sum({metric}) FILTER (WHERE day BETWEEN $prev_start AND $prev_end), 0) AS previous,
           coalesce(sum(list_cost) FILTER (WHERE day BETWEEN $start AND $end), 0) AS list_cost,
           coalesce(sum(effective_cost) FILTER (WHERE day BETWEEN $start AND $end), 0) AS effective_cost
    FROM {table}
    WHERE day BETWEEN $lo AND $hi  -- one range DuckDB pushes into the scan (an OR it does not)
      AND (day BETWEEN $start AND $end OR day BETWEEN $prev_start AND $prev_end) AND {where}
    GROUP BY 1
)
SELECT *, count(*) OVER () AS groups
FROM grouped
ORDER BY abs(current * $prev_days - previous * $days) DESC, current DESC, key
LIMIT $limit
