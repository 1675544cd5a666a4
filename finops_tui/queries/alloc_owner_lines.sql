-- Cost lines for ownership and showback: per month, untaggable reason, owner-tag team, and the
-- sub-account / service only where a pool or the account map needs them (keeps the result small).
-- Parameters: $start, $end (first days of months); the registered table tag_flags
--             (tag_hash → owner team, NULL for none); $pool_subs VARCHAR[], $pool_services VARCHAR[] (named in pools).
-- Columns: month, sub_account_id, service, untaggable, team, cost
WITH flags AS (SELECT tag_hash, team FROM tag_flags),
base AS (
    SELECT m.month, m.SubAccountId, m.ServiceName, m.untaggable,
           CASE WHEN m.untaggable IS NULL THEN f.team END AS team, m.effective_cost
    FROM monthly_tagset_cost m LEFT JOIN flags f ON f.tag_hash = m.tag_hash
    WHERE m.month BETWEEN $start AND $end
)
SELECT month,
       CASE WHEN team IS NULL OR list_contains($pool_subs, SubAccountId) THEN SubAccountId END,
       CASE WHEN list_contains($pool_services, ServiceName) THEN ServiceName END,
       untaggable, team, sum(effective_cost)
FROM base
GROUP BY ALL
