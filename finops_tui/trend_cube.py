"""The grains of ``trend_cube``: daily cost pre-summed for each question the trends screen asks most.

``daily_cost`` keeps every dimension at once (hundreds of thousands of rows at 10M line items), so a
"cost per service per day" question still reads and regroups every account x region x usage-type row
of its window. The screen asks a small set of such questions again and again: the total (its KPI
tiles), one dimension (the first load and every group-by change), and a dimension with the one a
drill-down leads to (service → usage type, sub-account → service …). ``trend_cube`` holds each of
those grains as its own rows, summed once at import, so such a question reads a few thousand rows.
Anything else (three or more dimensions, a resource, a tag) reads ``daily_cost`` or the line items.

The sync side builds the table from ``CUBE_SQL``; the queries side finds a question's grain with
``grain_id``. Both read the one list below, so they cannot disagree on what a grain id means.
"""

from __future__ import annotations

from collections.abc import Iterable

DIMENSION_COLUMNS: dict[str, tuple[str, ...]] = {
    "provider": ("ProviderName",),
    "billing_account": ("BillingAccountId", "BillingAccountName"),
    "sub_account": ("SubAccountId", "SubAccountName"),
    "service": ("ServiceName",),
    "service_category": ("ServiceCategory",),
    "region": ("RegionId",),
    "charge_category": ("ChargeCategory",),
    "pricing_category": ("PricingCategory",),
    "usage_type": ("x_UsageType",),
}
"""Each cube dimension and the ``daily_cost`` columns it carries (an id and its display name)."""

GRAINS: tuple[frozenset[str], ...] = (
    frozenset(),
    *(frozenset({name}) for name in DIMENSION_COLUMNS),
    frozenset({"provider", "billing_account"}),
    frozenset({"billing_account", "sub_account"}),
    frozenset({"sub_account", "service"}),
    frozenset({"service_category", "service"}),
    frozenset({"service", "usage_type"}),
    frozenset({"region", "service"}),
    frozenset({"charge_category", "service"}),
    frozenset({"pricing_category", "service"}),
)
"""The total, each dimension alone, and each dimension with the one its drill-down regroups by."""

_ID_COLUMNS = tuple(columns[0] for columns in DIMENSION_COLUMNS.values())


def _gid(grain: frozenset[str]) -> int:
    """DuckDB's ``GROUPING_ID`` over ``_ID_COLUMNS`` for rows of ``grain``.

    The first argument is the most significant bit; a bit is 1 when its column is *not* grouped.
    """
    bits = 0
    for name in DIMENSION_COLUMNS:
        bits = (bits << 1) | (0 if name in grain else 1)
    return bits


def grain_id(dims: Iterable[str]) -> int | None:
    """The cube grain answering a question over exactly ``dims``, or None when there is none.

    Only an exact match is used: a row of a wider grain splits a group the question does not ask
    for, which the queries would sum correctly but more slowly than ``daily_cost`` with its order.
    """
    wanted = frozenset(dims)
    return _gid(wanted) if wanted in GRAINS else None


def _grouping_set(grain: frozenset[str]) -> str:
    columns = ["day", "BillingCurrency"]
    for name, cols in DIMENSION_COLUMNS.items():
        if name in grain:
            columns.extend(cols)
    return "(" + ", ".join(columns) + ")"


def _cube_sql() -> str:
    every = [col for cols in DIMENSION_COLUMNS.values() for col in cols]
    sets = ",\n    ".join(_grouping_set(g) for g in GRAINS)
    return f"""
CREATE OR REPLACE TABLE trend_cube AS
SELECT GROUPING_ID({", ".join(_ID_COLUMNS)}) AS gid, day, BillingCurrency, {", ".join(every)},
       sum(billed_cost) AS billed_cost, sum(effective_cost) AS effective_cost,
       sum(list_cost) AS list_cost, sum(line_items) AS line_items
FROM daily_cost
GROUP BY GROUPING SETS (
    {sets}
)
ORDER BY gid, day
"""


CUBE_SQL = _cube_sql()
"""Build ``trend_cube`` from ``daily_cost``; rows in (grain, day) order, so a question's grain and
window are a few adjacent row groups that DuckDB's min/max skip finds without reading the rest."""
