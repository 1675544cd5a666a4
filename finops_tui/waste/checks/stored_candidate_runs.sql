-- Which check runs were stored at import for one as-of day (a run may have found nothing).
-- Parameters: $as_of.
SELECT sql_name, params FROM waste_candidate_runs WHERE as_of = $as_of
