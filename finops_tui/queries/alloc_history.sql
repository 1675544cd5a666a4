-- Each month's cost lines for ownership and showback, and each month's coverage split, in one pass
-- over the same months' rows (the lines slot: the monthly rollup with each tag set resolved to its
-- required-key mask and owner team, by the import or through the registered flags).
-- Owner lines: per month, untaggable reason, owner-tag team, and the sub-account / service only where a
-- pool or the account map needs them (keeps the result small). Coverage lines: per month, taggable or
-- not (a resource month netting below zero counts as a refund, not as taggable spend) and which
-- required keys the tags carry.
-- Parameters: $start, $end (first days of months); $pool_subs VARCHAR[], $pool_services VARCHAR[]
--             (named in pools). Slot lines (filled by allocation.py, never user text).
-- Columns: owner_line (TRUE: an owner line, FALSE: a coverage line), month, sub_account_id, service,
--          untaggable, team, taggable, mask, cost
WITH base AS (
    SELECT m.month,
           CASE WHEN m.team IS NULL OR m.untaggable IS NOT NULL OR list_contains($pool_subs, m.SubAccountId)
                THEN m.SubAccountId END AS sub,
           CASE WHEN list_contains($pool_services, m.ServiceName) THEN m.ServiceName END AS service,
           m.untaggable,
           CASE WHEN m.untaggable IS NULL THEN m.team END AS team,
           m.untaggable IS NULL AND NOT m.refund AS taggable,
           m.mask,
           m.effective_cost
    FROM {lines} m
    WHERE m.month BETWEEN $start AND $end
)
SELECT GROUPING(taggable) = 1 AS owner_line, month, sub, service, untaggable, team, taggable, mask,
       sum(effective_cost) AS cost
FROM base
GROUP BY GROUPING SETS ((month, sub, service, untaggable, team), (month, taggable, mask))
