-- Every stored anomaly (local and, later, native ones), with contributors and chart points nested.
-- Parameters: $local (true: every source; false: only native ones, shown beside a live detection).
-- Columns: key, source, level, series_key, provider, sub_account_id, sub_account_name, service_name,
--          tag_value, kind, start, end, onset, last_flag, actual, expected, score, persists, ongoing,
--          currency, contributors, band, folded_into
SELECT key, source, level, series_key, provider, sub_account_id, sub_account_name, service_name,
       tag_value, kind, start_day, end_day, onset_day, last_flag_day, actual, expected, score, persists,
       ongoing, currency, contributors, band, folded_into
FROM anomalies
WHERE $local OR source <> 'finops-tui'
ORDER BY abs(actual - expected) DESC, key
