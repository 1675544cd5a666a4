-- Cost per day (or per month) of the top N groups, the rest summed as "(other)", for the chart.
-- Parameters: $start, $end, $top_n; $gk (tag key when grouping by a tag); filter parameters ($f*, $fk*).
-- Slots (filled only from the whitelist in trends.py): {table}, {bucket}, {key}, {label}, {metric},
--        {where}.
-- Columns: day, grp, cost, label (the group's name, e.g. an account's; meaningless for '(other)')
WITH base AS (
    SELECT {bucket} AS day, {key} AS grp, {label} AS label, {metric} AS cost
    FROM {table}
    WHERE day BETWEEN $start AND $end AND {where}
),
top AS (
    SELECT grp FROM base GROUP BY grp ORDER BY sum(cost) DESC, grp LIMIT $top_n
)
SELECT CAST(day AS DATE) AS day,
       CASE WHEN grp IN (SELECT grp FROM top) THEN grp ELSE '(other)' END AS grp,
       sum(cost) AS cost,
       max(label) AS label
FROM base
GROUP BY ALL
ORDER BY day, grp
