-- Owner-tag cost per sub-account and team in a month (the "account's main team" owner guess).
-- Parameters: $month; registered table tag_flags (tag hash → owner team).
-- Columns: sub_account_id, team, cost
WITH flags AS (SELECT tag_hash, team FROM tag_flags)
SELECT m.SubAccountId, f.team, sum(m.effective_cost)
FROM monthly_tagset_cost m JOIN flags f ON f.tag_hash = m.tag_hash
WHERE m.month = $month AND m.untaggable IS NULL AND f.team IS NOT NULL AND m.SubAccountId IS NOT NULL
GROUP BY ALL
