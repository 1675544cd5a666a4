-- The candidate rows stored at import for one as-of day (see waste/stored.py), in CheckRow column order.
-- Parameters: $as_of.
SELECT sql_name, params, resource_id, provider, account_id, account_name, region, owner_tag, usage_type,
       monthly_cost, quantity, detail, extra_cost
FROM waste_candidates
WHERE as_of = $as_of
ORDER BY sql_name, params, resource_id
