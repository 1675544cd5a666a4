-- Effective cost per day and currency in a window for the lines carrying one normalised tag value:
-- any tag (key, value) spelling the rules map to it. Reads the line items through daily_resource_cost.
-- Parameters: $start, $end (inclusive), $pairs (list of key || chr(31) || value spellings that match).
-- Columns: day, currency, cost
SELECT day, BillingCurrency, sum(effective_cost)
FROM daily_resource_cost
WHERE day BETWEEN $start AND $end
  AND len(list_filter(map_entries(Tags), lambda e: list_contains($pairs, e.key || chr(31) || coalesce(e.value, '')))) > 0
GROUP BY ALL
ORDER BY ALL
