"""Daily rollups of ``cost_and_usage``, brought up to date at the end of every import.

The trends screen asks "cost per day per group" again on every key press. Asked of the line items
that is a full scan of millions of rows; asked of a rollup at day grain it touches a few thousand.
Three tables keep both common and deep questions cheap:

* ``daily_cost``: one row per day and every dimension the screen groups or filters by, except the
  resource and the tags: the table most questions read.
* ``trend_cube``: the questions the screen asks most (the total, one dimension, a dimension and the
  one its drill-down leads to) pre-summed from ``daily_cost``, one set of rows per grain
  (``finops_tui.trend_cube``).
* ``daily_resource_cost``: a view with the same columns plus ``ResourceId`` and the tag set over the
  line items, read when a resource or a tag key is grouped on or filtered to, so a tag filter and a
  group-by on another tag key still combine in one query.

``rollup_freshness`` keeps, per provider, the first charge day, the newest and the newest *complete* one
(the header line and the default ``--as-of`` read it). Money sums stay ``DECIMAL(38, 10)``, so a
rollup total equals the line-item total to the last digit.
"""

from __future__ import annotations

import duckdb

from finops_tui.anomalies.store import refresh_detection
from finops_tui.settings import Settings
from finops_tui.sync.allocation_rollup import build_allocation_rollup
from finops_tui.sync.rollup_sql import LIST_COST, TOUCHED_PERIODS
from finops_tui.sync.tag_rollup import build_tag_rollup
from finops_tui.trend_cube import CUBE_SQL
from finops_tui.waste.stored import refresh_findings

ROLLUP_TABLES: tuple[str, ...] = ("daily_cost", "trend_cube", "rollup_tag_keys", "rollup_freshness")
"""Tables this module owns (``daily_resource_cost`` is a view over the line items)."""

_DIMENSIONS = (
    "ProviderName, BillingAccountId, BillingAccountName, SubAccountId, SubAccountName, BillingCurrency, "
    "ServiceName, ServiceCategory, RegionId, ChargeCategory, ChargeFrequency, PricingCategory, x_UsageType"
)

DAILY_RESOURCE_COST_SQL = f"""
CREATE OR REPLACE VIEW daily_resource_cost AS
SELECT CAST(ChargePeriodStart AS DATE) AS day, {_DIMENSIONS}, ResourceId, Tags,
       BilledCost AS billed_cost, EffectiveCost AS effective_cost,
       {LIST_COST} AS list_cost, 1 AS line_items
FROM cost_and_usage
"""
"""Resource and tag questions read the line items through this view: at resource x day grain a
daily export is already as fine as the line items, so a materialised copy would only double the
import time and the file size. ``ListCost`` missing counts as no discount."""

_DAILY_COST_SELECT = f"""
SELECT CAST(ChargePeriodStart AS DATE) AS day, BillingPeriodStart, {_DIMENSIONS},
       sum(BilledCost) AS billed_cost, sum(EffectiveCost) AS effective_cost,
       sum({LIST_COST}) AS list_cost, count(*) AS line_items
FROM cost_and_usage
WHERE {{where}}
GROUP BY ALL
"""


DAILY_COST_SQL = (
    "CREATE OR REPLACE TABLE daily_cost AS " + _DAILY_COST_SELECT.format(where="TRUE") + "ORDER BY day"
)
"""Day x every dimension but the resource and the tags.

Leaving resource and tags out is what makes it small: an estate has millions of resource-days but a
few hundred thousand account x service x usage-type days, so most screen questions read a table
a tenth to a fiftieth the size of the line items. ``BillingPeriodStart`` is in the grain so an
import can replace just the periods it touched. Rows are stored in day order: every screen question
names a date window, and DuckDB's per-row-group min/max then skips the months outside it (at 10M
line items this took a trends load from 28 to 22 ms)."""

TAG_KEYS_SQL = """
CREATE OR REPLACE TABLE rollup_tag_keys AS
SELECT DISTINCT unnest(map_keys(Tags)) AS tag_key FROM cost_and_usage
"""
"""Every tag key in the cache (the group-by menu lists them on each load). Rebuilt whole by every
import (0.6 s at 10M line items): kept up by adding an import's new keys, a key whose last lines a
restated billing period dropped stayed in the menu, grouping everything as "(untagged)"."""

FRESHNESS_SQL = """
CREATE OR REPLACE TABLE rollup_freshness AS
SELECT ProviderName AS provider,
       max(CAST(ChargePeriodStart AS DATE)) AS newest_day,
       -- a day is complete when some usage line ends at (or just before) the following midnight
       CAST(max(CAST(ChargePeriodEnd + INTERVAL 1 SECOND AS DATE)) FILTER (WHERE ChargeCategory = 'Usage')
           - INTERVAL 1 DAY AS DATE) AS complete_day,
       min(CAST(ChargePeriodStart AS DATE)) AS first_day
FROM cost_and_usage
GROUP BY ALL
ORDER BY provider
"""
"""Per provider: the newest charge day, the newest complete usage day and the first charge day."""


def build_rollups(
    con: duckdb.DuckDBPyConnection, *, import_id: int | None = None, settings: Settings | None = None
) -> None:
    """Bring the rollups up to date with ``cost_and_usage`` on a read-write connection.

    With ``import_id`` (called by the importer, which has filled temp table ``new_keys``) only the
    billing periods that import wrote or replaced are re-aggregated, so importing one month into a
    year of data costs one month of aggregation. Without it everything is rebuilt. ``settings`` (the
    config in force; default: the built-in one) decides the tag rules and waste thresholds the stored
    tag flags and findings are worked out under, so screens opened with that config read them.
    """
    stale = con.execute(  # caches written before daily_resource_cost became a view held a table
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'daily_resource_cost' AND NOT temporary"
    ).fetchone()
    if stale and stale[0]:
        con.execute("DROP TABLE daily_resource_cost")
    con.execute(DAILY_RESOURCE_COST_SQL)
    has_daily = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'daily_cost' AND NOT temporary"
    ).fetchone()
    if import_id is None or not (has_daily and has_daily[0]):
        con.execute(DAILY_COST_SQL)
    else:
        con.execute(f"DELETE FROM daily_cost WHERE {TOUCHED_PERIODS}")
        con.execute(
            "INSERT INTO daily_cost " + _DAILY_COST_SELECT.format(where=TOUCHED_PERIODS) + "ORDER BY day"
        )
    con.execute(TAG_KEYS_SQL)  # whole every time: a replaced period may take the last line of a key
    con.execute(CUBE_SQL)  # rebuilt whole from daily_cost: a grain sums across every touched period
    con.execute(FRESHNESS_SQL)
    rules = settings.tag_rules() if settings else None
    build_allocation_rollup(con, import_id=import_id, rules=rules)  # monthly_resource_cost, for allocation
    build_tag_rollup(con, import_id=import_id, rules=rules)  # daily_tag_cost, for tag views of trends
    refresh_detection(con)  # anomalies of the newest complete day, for the anomalies screen
    refresh_findings(con, settings)  # waste findings of the newest complete day, for the waste screen
