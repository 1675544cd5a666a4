-- One metric's value per day in a window; days without a row are gaps (the caller keeps them apart).
-- Parameters: $metric, $start, $end (inclusive).
-- Columns: day, value
SELECT day, value
FROM business_metrics
WHERE metric = $metric AND day BETWEEN $start AND $end
ORDER BY day
