-- The findings stored at import for one as-of day and thresholds fingerprint (see waste/stored.py).
-- Parameters: $as_of, $thresholds.
SELECT body FROM waste_findings WHERE as_of = $as_of AND thresholds = $thresholds
