"""Cost expressions every rollup of the line items shares, so their sums agree."""

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
