-- Daily effective cost of the whole estate, the series the agenda's forecasts are made from.
-- Parameters: $start, $end (inclusive charge days).
-- Columns: day, cost
SELECT day, sum(effective_cost) AS cost
FROM daily_cost
WHERE day BETWEEN $start AND $end
GROUP BY day
ORDER BY day
