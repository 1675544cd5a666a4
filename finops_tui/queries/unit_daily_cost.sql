-- Effective cost per day and currency in a window, for the whole estate or a set of sub-accounts
-- (a team from the [teams] account map). Reads the daily rollup.
-- Parameters: $start, $end (inclusive), $all_accounts (bool), $accounts (list of SubAccountId).
-- Columns: day, currency, cost
SELECT day, BillingCurrency, sum(effective_cost)
FROM daily_cost
WHERE day BETWEEN $start AND $end
  AND ($all_accounts OR list_contains($accounts, SubAccountId))
GROUP BY ALL
ORDER BY ALL
