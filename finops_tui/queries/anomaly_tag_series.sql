-- Daily usage-based effective cost per provider and value of one tag key (its spellings given as $tk0,
-- $tk1 ...), read from the line items: the daily rollup keeps no tags.
-- Parameters: $first, $last; the tag key spellings in {tag}.
-- Slots (filled only from constants and generated parameter names in anomalies.py): {usage_based}, {tag}.
-- Columns: day, provider, tag_value, cost
SELECT day, ProviderName AS provider, {tag} AS tag_value, CAST(sum(effective_cost) AS DOUBLE) AS cost
FROM daily_resource_cost
WHERE {usage_based} AND day BETWEEN $first AND $last
GROUP BY ALL
