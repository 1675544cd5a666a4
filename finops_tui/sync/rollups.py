"""Daily rollups of ``cost_and_usage``, rebuilt at the end of every import.

The trends screen asks "cost per day per group" again on every key press. Asked of the line items
that is a full scan of millions of rows; asked of a rollup at day grain it touches a few thousand.
Two tables keep both common and deep questions cheap:

* ``daily_cost``: one row per day and every dimension the screen groups or filters by, except the
  resource. The tag set (``Tags``, the whole map) is part of the grain, so a tag filter and a group-by
  on another tag key combine in one query.
* ``daily_resource_cost``: the same plus ``ResourceId``, read only when the resource is grouped on or
  filtered to (the last step of a drill-down), sorted by service so filtered scans skip blocks.

``rollup_freshness`` keeps, per provider, the newest charge day and the newest *complete* charge day
(the header line and the default ``--as-of`` read it). Money sums stay ``DECIMAL(38, 10)``, so a
rollup total equals the line-item total to the last digit.
"""

from __future__ import annotations

import duckdb

ROLLUP_TABLES: tuple[str, ...] = ("daily_resource_cost", "daily_cost", "rollup_freshness")
"""Tables this module owns (dropped and rebuilt together)."""

_DIMENSIONS = (
    "ProviderName, BillingAccountId, BillingAccountName, SubAccountId, SubAccountName, BillingCurrency, "
    "ServiceName, ServiceCategory, RegionId, ChargeCategory, PricingCategory, x_UsageType"
)

DAILY_RESOURCE_COST_SQL = f"""
CREATE OR REPLACE TABLE daily_resource_cost AS
SELECT CAST(ChargePeriodStart AS DATE) AS day, {_DIMENSIONS}, ResourceId, Tags,
       sum(BilledCost) AS billed_cost, sum(EffectiveCost) AS effective_cost,
       sum(coalesce(ListCost, EffectiveCost)) AS list_cost, count(*) AS line_items
FROM cost_and_usage
GROUP BY ALL
ORDER BY ServiceName, x_UsageType, day
"""
"""Day x every dimension x resource x tag set; ``ListCost`` missing counts as no discount."""

DAILY_COST_SQL = f"""
CREATE OR REPLACE TABLE daily_cost AS
SELECT day, {_DIMENSIONS}, Tags,
       sum(billed_cost) AS billed_cost, sum(effective_cost) AS effective_cost,
       sum(list_cost) AS list_cost, sum(line_items) AS line_items
FROM daily_resource_cost
GROUP BY ALL
ORDER BY day
"""
"""Day x every dimension but the resource x tag set (built from the resource rollup)."""

FRESHNESS_SQL = """
CREATE OR REPLACE TABLE rollup_freshness AS
SELECT ProviderName AS provider,
       max(CAST(ChargePeriodStart AS DATE)) AS newest_day,
       -- a day is complete when some usage line ends at (or just before) the following midnight
       CAST(max(CAST(ChargePeriodEnd + INTERVAL 1 SECOND AS DATE)) FILTER (WHERE ChargeCategory = 'Usage')
           - INTERVAL 1 DAY AS DATE) AS complete_day
FROM cost_and_usage
GROUP BY ALL
ORDER BY provider
"""
"""Per provider: the newest charge day and the newest complete usage day."""


def build_rollups(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build every rollup table from ``cost_and_usage`` on a read-write connection."""
    con.execute(DAILY_RESOURCE_COST_SQL)
    con.execute(DAILY_COST_SQL)
    con.execute(FRESHNESS_SQL)
