-- Effective cost by month (all months in range) and, for the shown month, by provider, sub-account,
-- service and untaggable reason; split by taggable or not and by which required keys the tags carry.
-- Parameters: $start, $end (first days of the first and last month); $month (the shown month);
--             registered table tag_flags (tag_hash → mask: bit i set when it carries required key i).
-- A taggable resource whose month nets below zero (refunds, corrections, negative usage; flagged
-- ``refund`` in monthly_tagset_cost) is set apart as 'refund or correction': coverage is the share of
-- *positive* taggable spend, so it cannot pass 100 % when an untagged refund shrinks the denominator
-- (the FOCUS sample did: 169 % for one sub-account).
-- Columns: month, scope, key, label, taggable, mask, cost
WITH flags AS (SELECT tag_hash, mask FROM tag_flags),
overall AS (
    SELECT m.month, m.untaggable IS NULL AND NOT m.refund AS taggable, coalesce(f.mask, 0) AS mask,
           sum(m.effective_cost) AS cost
    FROM monthly_tagset_cost m LEFT JOIN flags f ON f.tag_hash = m.tag_hash
    WHERE m.month BETWEEN $start AND $end
    GROUP BY ALL
),
shown AS MATERIALIZED (
    SELECT m.month, m.ProviderName, m.SubAccountId, m.SubAccountName, m.ServiceName,
           CASE WHEN m.refund THEN 'refund or correction' ELSE m.untaggable END AS untaggable,
           m.untaggable IS NULL AND NOT m.refund AS taggable, coalesce(f.mask, 0) AS mask, m.effective_cost
    FROM monthly_tagset_cost m LEFT JOIN flags f ON f.tag_hash = m.tag_hash
    WHERE m.month = $month
)
SELECT month, 'overall', 'all', 'All spend', taggable, mask, cost FROM overall
UNION ALL
SELECT month, 'provider', coalesce(ProviderName, '(none)'), coalesce(ProviderName, '(none)'), taggable, mask,
       sum(effective_cost)
FROM shown GROUP BY ALL
UNION ALL
SELECT month, 'sub_account', coalesce(SubAccountId, '(none)'),
       coalesce(any_value(SubAccountName), SubAccountId, '(none)'), taggable, mask, sum(effective_cost)
FROM shown GROUP BY month, SubAccountId, taggable, mask
UNION ALL
SELECT month, 'service', coalesce(ServiceName, '(none)'), coalesce(ServiceName, '(none)'), taggable, mask,
       sum(effective_cost)
FROM shown GROUP BY ALL
UNION ALL
SELECT month, 'untaggable', untaggable, untaggable, FALSE, 0, sum(effective_cost)
FROM shown WHERE untaggable IS NOT NULL GROUP BY ALL
