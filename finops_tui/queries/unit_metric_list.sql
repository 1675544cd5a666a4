-- Every stored business metric with its span (metrics list, the unit-economics metric picker).
-- Parameters: none.
-- Columns: metric, first_day, last_day, points, last_import
SELECT metric, min(day), max(day), count(*), max(imported_at)
FROM business_metrics
GROUP BY metric
ORDER BY metric
