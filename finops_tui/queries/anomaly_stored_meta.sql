-- What the stored anomaly detection judged: as-of date, settings fingerprint, tag key, provider windows.
-- Parameters: none.
-- Columns: as_of, fingerprint, tag_key, provider, newest_day, evaluated_through, lag_hours, fetched_at
SELECT as_of, fingerprint, tag_key, provider, newest_day, evaluated_through, lag_hours, fetched_at
FROM anomaly_detection
ORDER BY provider
