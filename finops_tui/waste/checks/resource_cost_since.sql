-- Effective cost of one resource over [$start, $end) days (realised saving of a finding marked done).
-- Parameters: $resource_id, $start, $end (DATE).
-- Columns: cost
SELECT sum(effective_cost)
FROM daily_resource_cost
WHERE ResourceId = $resource_id AND day >= $start AND day < $end
