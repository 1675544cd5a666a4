-- The shown month's effective cost by provider, sub-account, service and untaggable reason; split by
-- taggable or not and by which required keys the tags carry (the months' totals for the trend come
-- from alloc_history).
-- Parameters: $month (the shown month). Slot lines (filled by allocation.py): the monthly rollup with each
--             tag set resolved to its required-key mask (bit i set when it carries required key i).
-- A taggable resource whose month nets below zero (refunds, corrections, negative usage; flagged
-- ``refund`` in monthly_tagset_cost) is set apart as 'refund or correction': coverage is the share of
-- *positive* taggable spend, so it cannot pass 100 % when an untagged refund shrinks the denominator
-- (the FOCUS sample did: 169 % for one sub-account).
-- Columns: month, scope, key, label, taggable, mask, cost
WITH shown AS MATERIALIZED (
    SELECT m.month, m.ProviderName, m.SubAccountId, m.SubAccountName, m.ServiceName,
           CASE WHEN m.refund THEN 'refund or correction' ELSE m.untaggable END AS untaggable,
           m.untaggable IS NULL AND NOT m.refund AS taggable, m.mask, m.effective_cost
    FROM {lines} m
    WHERE m.month = $month
)
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
