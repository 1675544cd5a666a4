-- Owner-tag cost per sub-account and team in a month (the "account's main team" owner guess).
-- Parameters: $month. Slot lines (filled by allocation.py): the monthly rollup with each tag set resolved to
--             its owner team.
-- Columns: sub_account_id, team, cost
SELECT m.SubAccountId, m.team, sum(m.effective_cost)
FROM {lines} m
WHERE m.month = $month AND m.untaggable IS NULL AND m.team IS NOT NULL AND m.SubAccountId IS NOT NULL
GROUP BY ALL
