"""SQL every rollup of the line items shares, so their sums and their incremental updates agree."""

from __future__ import annotations

LIST_COST = (
    "CASE WHEN coalesce(ChargeCategory, 'Usage') = 'Usage' THEN coalesce(ListCost, EffectiveCost) "
    "ELSE EffectiveCost END"
)
"""Cost at list price, for usage; every other charge counts at what it costs, so "savings vs list" is
the net discount on usage and nothing else: taxes and credits have no public price (ListCost 0: never
"-$1,666 on tax"), a commitment purchase's list price is not a saving (its discount shows on the usage
it covers) and support bought as a purchase is no negative saving. Unused commitment (usage with a
ListCost of 0) does count against the saving: it is paid for and buys nothing."""

TOUCHED_PERIODS = (
    "(ProviderName, BillingAccountId, BillingPeriodStart) IN "
    "(SELECT (provider, account, period) FROM new_keys)"
)
"""The billing periods the running import wrote or replaced (temp table ``new_keys``): what a rollup
kept per billing period deletes and sums again."""
