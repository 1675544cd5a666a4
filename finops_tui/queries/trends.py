"""The Spend trends questions: KPIs, the chart series, and the movers table, over the daily rollups.

Every function takes ``as_of`` (never the wall clock), a cost ``metric`` and ``filters``. Dimension and
metric names come from the fixed mappings below and pick SQL *identifiers*; user values (filter values,
tag keys) are always bound parameters. The screen and ``finops-tui report trends`` both call these, so
they show the same numbers.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import duckdb

from finops_tui.errors import FinOpsError
from finops_tui.queries import in_parallel, load_sql
from finops_tui.queries.tag_sql import TagLens, raw_columns, without_spellings
from finops_tui.tag_rules import TagRules
from finops_tui.trend_cube import grain_id
from finops_tui.trends_models import Mover, Period, ProviderFreshness, SeriesPoint, TrendKpis, TrendView

Filter = tuple[str, str]
"""``(dimension, value)``, e.g. ``("service", "Amazon EC2")`` or ``("tag:team", "(untagged)")``."""

NONE_LABEL = "(none)"
OTHER = "(other)"


@dataclass(frozen=True)
class Dimension:
    """A group-by dimension: its title and the rollup columns behind it."""

    name: str
    title: str
    column: str
    label_column: str | None = None
    """A name column shown instead of the id (accounts)."""


DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in (
        Dimension("provider", "Provider", "ProviderName"),
        Dimension("billing_account", "Billing account", "BillingAccountId", "BillingAccountName"),
        Dimension("sub_account", "Sub-account", "SubAccountId", "SubAccountName"),
        Dimension("service", "Service", "ServiceName"),
        Dimension("service_category", "Service category", "ServiceCategory"),
        Dimension("region", "Region", "RegionId"),
        Dimension("charge_category", "Charge category", "ChargeCategory"),
        Dimension("pricing_category", "Pricing category", "PricingCategory"),
        Dimension("usage_type", "Usage type", "x_UsageType"),
        Dimension("resource", "Resource", "ResourceId"),
    )
}
"""The whitelist of group-by dimensions (besides ``tag:<key>``)."""

METRICS: dict[str, str] = {"billed": "billed_cost", "effective": "effective_cost", "list": "list_cost"}
"""Cost metric name → rollup column."""

WINDOWS: tuple[str, ...] = ("30d", "90d", "365d", "mtd", "last-month", "year")
"""Period choices: rolling days, month to date, the last full month, and 12 months by month."""

DRILL: dict[str, str] = {
    "provider": "billing_account",
    "billing_account": "sub_account",
    "sub_account": "service",
    "service_category": "service",
    "service": "usage_type",
    "region": "service",
    "charge_category": "service",
    "pricing_category": "service",
    "usage_type": "resource",
}
"""Drill-down: the dimension one level below each (tags drill into services; resource is the bottom)."""


def drill_target(group_by: str) -> str:
    """The dimension to regroup by after drilling into a group of ``group_by``."""
    if group_by.startswith("tag:"):
        return "service"
    return DRILL.get(group_by, group_by)


def dimension_title(group_by: str) -> str:
    """Human title of a dimension (``tag:team`` → ``Tag team``; any spelling of a key means the key)."""
    if group_by.startswith("tag:"):
        return f"Tag {group_by[4:]}"
    return DIMENSIONS[group_by].title


def check_dimension(group_by: str) -> str:
    """Return ``group_by`` if it is a known dimension or ``tag:<key>``, else raise FinOpsError."""
    if group_by.startswith("tag:") and len(group_by) > 4:
        return group_by
    if group_by not in DIMENSIONS:
        known = ", ".join([*DIMENSIONS, "tag:KEY"])
        raise FinOpsError(f"unknown dimension {group_by!r}; choose one of {known}")
    return group_by


def _metric(metric: str) -> str:
    try:
        return METRICS[metric]
    except KeyError:
        raise FinOpsError(f"unknown metric {metric!r}; choose billed, effective or list") from None


ROLLED = "tk"
"""The parameter naming the tag key a question reads from ``daily_tag_cost`` (see ``_rolled_key``)."""

_TAG_ROLLUP = (
    "(SELECT day, BillingCurrency, ProviderName, ServiceName, tag_value, billed_cost, effective_cost, "
    f"list_cost FROM daily_tag_cost WHERE tag_key = ${ROLLED})"
)
"""One key's rows of the import's daily rollup by normalised tag value (``sync.tag_rollup``)."""

_ROLLED_DIMENSIONS = frozenset({"provider", "service"})
"""The dimensions ``daily_tag_cost`` keeps beside the tag value."""


def _rolled_key(dims: Sequence[str], tags: TagLens) -> str | None:
    """The tag key a question over ``dims`` can read from ``daily_tag_cost``, or None.

    It can when it asks one tag key (grouped by, filtered to, or both), stored under the lens's very
    rules, and otherwise only provider or service; anything else reads the line items.
    """
    keys = {tags.canon(d[4:]) for d in dims if d.startswith("tag:")}
    others = {d for d in dims if not d.startswith("tag:")}
    if len(keys) != 1 or not others <= _ROLLED_DIMENSIONS:
        return None
    key = keys.pop()
    return key if key in tags.rolled_up else None


def _key_sql(
    dim: str, param: str, params: dict[str, Any], tags: TagLens, rolled: str | None = None
) -> tuple[str, str]:
    """SQL for a dimension's group key and label; a tag key's spellings go into ``params``.

    ``rolled``: the question reads ``daily_tag_cost`` for that key, whose values are normalised.
    """
    if dim.startswith("tag:") and rolled is not None:
        return "tag_value", "tag_value"
    if dim.startswith("tag:"):  # over the raw values ``_pre_aggregated`` groups by
        expr = tags.value_sql(dim[4:], params, param, raw=True)
        return expr, expr
    d = DIMENSIONS[check_dimension(dim)]
    key = f"coalesce(CAST({d.column} AS VARCHAR), '{NONE_LABEL}')"
    label = f"coalesce({d.label_column}, {key})" if d.label_column else key
    return key, label


def _table(dims: Sequence[str]) -> str:
    """The smallest rollup that carries every dimension asked for (tags live with resources)."""
    deep = any(d == "resource" or d.startswith("tag:") for d in dims)
    return "daily_resource_cost" if deep else "daily_cost"


def _pre_aggregated(dims: Sequence[str], params: dict[str, Any], *, days: str = "TRUE") -> str:
    """The line items summed per day, currency, the dimensions asked and the raw tag values.

    A tag key's value is normalised (trimmed, folded, aliased) by the expression ``value_sql`` writes;
    over the line items that runs per line (0.5 s for a 60-day window at 10M lines). Summed first
    by the raw values — a few dozen per day — it runs once per distinct value. ``days`` limits the
    lines read (a condition on ``day``).
    """
    columns = ["day", "BillingCurrency"]
    for dim in dims:
        if not dim.startswith("tag:"):
            d = DIMENSIONS[dim]
            columns += [d.column] + ([d.label_column] if d.label_column else [])
    columns += raw_columns(params)
    return (
        f"(SELECT {', '.join(dict.fromkeys(columns))}, sum(billed_cost) AS billed_cost, "
        "sum(effective_cost) AS effective_cost, sum(list_cost) AS list_cost "
        f"FROM daily_resource_cost WHERE {days} GROUP BY ALL)"
    )


def _tag_slice(
    cur: duckdb.DuckDBPyConnection,
    *,
    group_by: str,
    filters: Sequence[Filter],
    tags: TagLens,
    first: date,
    last: date,
) -> str:
    """A temporary table of the days ``first``..``last`` pre-summed by raw tag values; its name.

    A view that groups or filters by a tag asks three questions of the same lines. Each pre-summing
    them itself reads every line's tag map three times over; worse, DuckDB pushes a tag *filter*
    below the sum, so the normalisation ran per line again (a team drill-down: 2.2 s at 10M). Made
    once, in its own statement, the sum reads each line once and the questions read a few thousand
    rows. The parameter names match what ``kpis``, ``movers_page`` and ``series`` generate.
    """
    params: dict[str, Any] = {}
    _where(filters, params, tags)
    _key_sql(check_dimension(group_by), "gk", params, tags)
    name = f"trend_slice_{uuid.uuid4().hex}"
    sql = _pre_aggregated([group_by, *(d for d, _ in filters)], params, days="day BETWEEN $first AND $last")
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    cur.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {sql}", used | {"first": first, "last": last})
    return name


def _ask(
    cur: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any],
    dims: Sequence[str],
    where: str,
    *,
    source: str | None = None,
    **slots: str,
) -> list[Any]:
    """Run a trends question on the smallest table holding ``dims``: a ``trend_cube`` grain if one
    matches exactly, else ``daily_cost`` or the line items (summed by raw tag values first when a
    tag key is asked, or read from ``source``, a ``_tag_slice`` made for the load; and ``daily_cost``
    again for a cache imported before the cube existed). ``params`` naming a key (``ROLLED``): the
    import's daily rollup by that key's normalised values."""
    if ROLLED in params:
        return _run(cur, name, params, table=_TAG_ROLLUP, where=where, **slots)
    table = _table(dims)
    if any(d.startswith("tag:") for d in dims):
        if source is not None:  # its raw columns are made: the spellings are not asked again
            return _run(cur, name, without_spellings(params), table=source, where=where, **slots)
        return _run(cur, name, params, table=_pre_aggregated(dims, params), where=where, **slots)
    gid = grain_id(dims) if table == "daily_cost" else None
    if gid is not None:
        try:
            return _run(cur, name, params, table="trend_cube", where=f"gid = {gid} AND {where}", **slots)
        except duckdb.CatalogException as exc:
            if "trend_cube" not in str(exc):
                raise
    return _run(cur, name, params, table=table, where=where, **slots)


def _where(
    filters: Sequence[Filter], params: dict[str, Any], tags: TagLens, rolled: str | None = None
) -> str:
    if rolled is not None:
        params[ROLLED] = rolled
    clauses = ["TRUE"]
    for i, (dim, value) in enumerate(filters):
        key, _ = _key_sql(dim, f"fk{i}", params, tags, rolled)
        params[f"f{i}"] = value
        clauses.append(f"{key} = $f{i}")
    return " AND ".join(clauses)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _prev_month_start(day: date) -> date:
    return _month_start(_month_start(day) - timedelta(days=1))


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_for(as_of: date, window: str, data_from: date | None = None) -> Period:
    """The days a window covers up to ``as_of`` and the period it is compared with (``data_from``: the
    cache's first charge day, so a comparison period partly before it counts only its days of data)."""
    if window.endswith("d") and window[:-1].isdigit():
        n = int(window[:-1])
        start = as_of - timedelta(days=n - 1)
        prev_end = start - timedelta(days=1)
        return Period(start, as_of, prev_end - timedelta(days=n - 1), prev_end, data_from)
    if window == "mtd":
        prev = _prev_month_start(as_of)
        return Period(_month_start(as_of), as_of, prev, _month_end(prev), data_from)
    if window == "last-month":
        start = _prev_month_start(as_of)
        prev = _prev_month_start(start)
        return Period(start, _month_end(start), prev, _month_end(prev), data_from)
    if window == "year":
        start = _month_start(as_of)
        for _ in range(11):
            start = _prev_month_start(start)
        prev_start = start.replace(year=start.year - 1)
        return Period(start, as_of, prev_start, start - timedelta(days=1), data_from)
    raise FinOpsError(f"unknown window {window!r}; choose one of {', '.join(WINDOWS)}")


def _run(cur: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any], **slots: str) -> list[Any]:
    try:
        return cur.execute(load_sql(name).format(**slots), params).fetchall()
    except duckdb.CatalogException as exc:
        # every import builds the rollups; a cache holding only business metrics or invoices (or one
        # written by an older finops-tui) has none, and the user needs words, not a catalog error
        if "daily_" in str(exc) or "rollup_" in str(exc):
            raise FinOpsError(
                "this cache has no daily rollups (no billing data imported yet, or written by an older "
                "finops-tui); import billing exports (or run `finops-tui demo`) to add them"
            ) from None
        raise


def _kpi_params(as_of: date) -> tuple[dict[str, Any], int]:
    """The KPI tiles' day ranges as query parameters, and the day count of last month's part."""
    p_start = _prev_month_start(as_of)
    p_end = _month_end(p_start)
    prev_days = min(as_of.day, p_end.day)
    params = {
        "m_start": _month_start(as_of),
        "as_of": as_of,
        "p_start": p_start,
        "p_same_end": p_start + timedelta(days=prev_days - 1),
    }
    return params, prev_days


class _KpiSums:
    """The KPI tiles' sums, added up from rows that each cover part of a month."""

    def __init__(self) -> None:
        self.mtd = self.same = self.prev_month = self.mtd_list = self.mtd_eff = Decimal(0)
        self.currencies: set[str] = set()

    def add(self, this_month: bool, same_days: bool, currency: str | None, sums: Sequence[Any]) -> None:
        """One row: its cost, list and effective cost, and where in the two months its days lie."""
        cost, list_cost, effective_cost = (v if v is not None else 0 for v in sums)
        if currency is not None:
            self.currencies.add(currency)
        if this_month:
            self.mtd, self.mtd_list = self.mtd + cost, self.mtd_list + list_cost
            self.mtd_eff += effective_cost
        else:
            self.prev_month += cost
            self.same += cost if same_days else 0

    def kpis(self, as_of: date, prev_days: int, budget: Decimal | None) -> TrendKpis:
        """The tiles."""
        return TrendKpis(
            as_of=as_of,
            mtd=self.mtd,
            mtd_days=as_of.day,
            prev_same_days=self.same,
            prev_days=prev_days,
            prev_month=self.prev_month,
            mtd_list=self.mtd_list,
            mtd_effective=self.mtd_eff,
            currency="/".join(sorted(self.currencies)) or None,
            month_days=_month_end(as_of).day,
            budget=budget,
        )


def kpis(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    metric: str = "effective",
    filters: Sequence[Filter] = (),
    budget: Decimal | None = None,
    tags: TagLens | None = None,
    source: str | None = None,
) -> TrendKpis:
    """Month-to-date cost, the same days of last month, all of last month, list and effective MTD.

    ``source``: a ``_tag_slice`` covering the two months, read instead of the line items."""
    params: dict[str, Any] = {}
    lens = tags or tag_lens(cur)
    where = _where(filters, params, lens, _rolled_key([d for d, _ in filters], lens))
    ranges, prev_days = _kpi_params(as_of)
    params |= ranges
    sums = _KpiSums()
    for this_month, same_days, currency, *values in _ask(
        cur, "trend_kpis", params, [d for d, _ in filters], where, source=source, metric=_metric(metric)
    ):
        sums.add(this_month, same_days, currency, values)
    return sums.kpis(as_of, prev_days, budget)


@dataclass(frozen=True)
class _Grouped:
    """What every grouped question starts from: its period, parameters so far, filter and group SQL."""

    period: Period
    params: dict[str, Any]
    where: str
    key: str
    label: str
    dims: list[str]

    def windows(self) -> dict[str, date]:
        """The window and the one it is compared with, as parameters."""
        p = self.period
        return {"start": p.start, "end": p.end, "prev_start": p.prev_start, "prev_end": p.prev_end}


def _grouped(
    cur: duckdb.DuckDBPyConnection,
    as_of: date,
    window: str,
    group_by: str,
    filters: Sequence[Filter],
    tags: TagLens | None,
    data_from: date | None = None,
) -> _Grouped:
    params: dict[str, Any] = {}
    lens = tags or tag_lens(cur)
    dims = [group_by, *(d for d, _ in filters)]
    rolled = _rolled_key(dims, lens)
    where = _where(filters, params, lens, rolled)
    key, label = _key_sql(check_dimension(group_by), "gk", params, lens, rolled)
    return _Grouped(period_for(as_of, window, data_from), params, where, key, label, dims)


def movers_and_kpis(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    window: str = "30d",
    group_by: str = "service",
    metric: str = "effective",
    filters: Sequence[Filter] = (),
    budget: Decimal | None = None,
    tags: TagLens | None = None,
    data_from: date | None = None,
) -> tuple[list[Mover], TrendKpis]:
    """``movers`` and ``kpis`` from one query (``trend_periods``): the same figures for one round trip.

    Meant for groupings a rollup answers (a few rows per group: ``daily_cost``, the cube, the daily tag
    rollup); a resource grouping, or a tag view the tag rollup cannot answer, reads the line items,
    where the separate questions stay cheaper. ``data_from``: as in ``movers_page``.
    """
    q = _grouped(cur, as_of, window, group_by, filters, tags, data_from or _data_from(cur))
    period = q.period
    ranges, prev_days = _kpi_params(as_of)
    params = (
        q.params
        | ranges
        | q.windows()
        | {
            "p_end": _month_end(ranges["p_start"]),
            "lo": min(period.prev_start, ranges["p_start"]),
            "hi": max(period.end, as_of),
        }
    )
    rows = _ask(
        cur, "trend_periods", params, q.dims, q.where, key=q.key, label=q.label, metric=_metric(metric)
    )
    sums = _KpiSums()
    groups: dict[str, list[Any]] = {}  # key -> [label, current, previous, list, effective]
    zero = Decimal(0)
    for key, label, currency, in_current, in_previous, this_month, same_days, last_month, *values in rows:
        if this_month or last_month:
            sums.add(this_month, same_days, currency, values)
        if not (in_current or in_previous):
            continue
        cost, list_cost, effective_cost = (v if v is not None else zero for v in values)
        g = groups.setdefault(key, [label, zero, zero, zero, zero])
        g[0] = max(g[0], label) if g[0] is not None and label is not None else (g[0] or label)
        if in_current:
            g[1], g[3], g[4] = g[1] + cost, g[3] + list_cost, g[4] + effective_cost
        if in_previous:
            g[2] += cost
    found = [
        Mover(key, label, current, previous, list_cost, eff, period.days, period.prev_days)
        for key, (label, current, previous, list_cost, eff) in groups.items()
    ]
    found.sort(key=_mover_order)
    return found, sums.kpis(as_of, prev_days, budget)


def movers(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    window: str = "30d",
    group_by: str = "service",
    metric: str = "effective",
    filters: Sequence[Filter] = (),
    tags: TagLens | None = None,
    data_from: date | None = None,
) -> list[Mover]:
    """Each group's cost this period vs the previous one, sorted by day-normalised absolute change."""
    found, _ = movers_page(
        cur, as_of=as_of, window=window, group_by=group_by, metric=metric, filters=filters, tags=tags,
        data_from=data_from,
    )  # fmt: skip
    return found


def movers_page(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    window: str = "30d",
    group_by: str = "service",
    metric: str = "effective",
    filters: Sequence[Filter] = (),
    tags: TagLens | None = None,
    limit: int | None = None,
    source: str | None = None,
    data_from: date | None = None,
) -> tuple[list[Mover], int]:
    """The first ``limit`` movers (all with None) in ``movers`` order, and how many groups there are.

    A resource grouping has tens of thousands of groups; fetching each as exact decimals costs more
    than the query, and a screen shows a few hundred. ``data_from``: the cache's first charge day
    (read from the cache when not given), which decides the comparison period's days of data.
    """
    q = _grouped(cur, as_of, window, group_by, filters, tags, data_from or _data_from(cur))
    period = q.period
    params = (
        q.params
        | q.windows()
        | {
            "days": period.days,
            "prev_days": period.prev_days,
            "limit": limit,
            "lo": min(period.prev_start, period.start),
            "hi": max(period.prev_end, period.end),
        }
    )
    rows = _ask(
        cur, "trend_groups", params, q.dims, q.where, source=source, key=q.key, label=q.label,
        metric=_metric(metric),
    )  # fmt: skip
    found = [
        Mover(key, label, current, previous, list_cost, eff, period.days, period.prev_days)
        for key, label, current, previous, list_cost, eff, _ in rows
    ]
    found.sort(key=_mover_order)
    return found, rows[0][-1] if rows else 0


def _mover_order(m: Mover) -> tuple[Decimal, Decimal, str]:
    """Largest day-normalised change first, then the larger current cost, then the key."""
    return (-abs(m.change), -m.current, m.key)


def series(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    window: str = "30d",
    group_by: str = "service",
    metric: str = "effective",
    filters: Sequence[Filter] = (),
    top_n: int = 5,
    tags: TagLens | None = None,
    source: str | None = None,
) -> list[SeriesPoint]:
    """Daily cost of the top ``top_n`` groups plus ``(other)``; monthly for the ``year`` window."""
    q = _grouped(cur, as_of, window, group_by, filters, tags)
    params = q.params | {"start": q.period.start, "end": q.period.end, "top_n": top_n}
    rows = _ask(
        cur, "trend_series", params, q.dims, q.where, source=source, key=q.key, label=q.label,
        metric=_metric(metric),
        bucket="date_trunc('month', day)" if window == "year" else "day",
    )  # fmt: skip
    return [
        SeriesPoint(day, group, cost, None if group == OTHER else label) for day, group, cost, label in rows
    ]


def freshness(cur: duckdb.DuckDBPyConnection) -> list[ProviderFreshness]:
    """Per provider, the first and newest charge day and the newest complete usage day."""
    try:
        rows = _run(cur, "trend_freshness", {})
    except duckdb.BinderException as exc:
        if "first_day" not in str(exc):
            raise
        rows = _run(cur, "trend_freshness_older", {})  # imported before the first day was kept
    return [ProviderFreshness(*row) for row in rows]


def default_as_of(cur: duckdb.DuckDBPyConnection) -> date | None:
    """The newest complete charge day in the cache (None when it is empty)."""
    return newest_complete_day(freshness(cur))


def _data_from(cur: duckdb.DuckDBPyConnection) -> date | None:
    """The cache's first charge day, asked for a question called without it."""
    return first_day(freshness(cur))


def newest_complete_day(fresh: Sequence[ProviderFreshness]) -> date | None:
    """The newest complete charge day over the providers' freshness (None when there is none)."""
    known = [d for d in (f.complete_day or f.newest_day for f in fresh) if d is not None]
    return max(known) if known else None


def first_day(fresh: Sequence[ProviderFreshness]) -> date | None:
    """The first charge day over the providers' freshness (None when there is none)."""
    known = [f.first_day for f in fresh if f.first_day is not None]
    return min(known) if known else None


def uses_tags(group_by: str, filters: Sequence[Filter]) -> bool:
    """True when a view groups or filters by a tag key (and so needs the cache's tag keys)."""
    return any(d.startswith("tag:") for d in (group_by, *(d for d, _ in filters)))


Job = Callable[[duckdb.DuckDBPyConnection], Any]


def trend_view(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    window: str = "30d",
    group_by: str = "service",
    metric: str = "effective",
    filters: Sequence[Filter] = (),
    top_n: int = 5,
    budget: Decimal | None = None,
    tags: TagLens | None = None,
    fresh: Sequence[ProviderFreshness] | None = None,
    limit: int | None = None,
) -> TrendView:
    """Everything the trends screen (and ``report trends``) shows, in one call on one cursor.

    ``tags`` carries the tag normalisation rules (the config's); without it the built-in rules apply.
    ``fresh`` is the cache's freshness when the caller has read it already (it gives the first day).
    ``limit`` keeps the first movers only (``TrendView.groups`` still counts them all).
    """
    view, _ = trend_view_and(
        cur, {}, as_of=as_of, window=window, group_by=group_by, metric=metric, filters=filters,
        top_n=top_n, budget=budget, tags=tags, fresh=fresh, limit=limit,
    )  # fmt: skip
    return view


def trend_view_and(
    cur: duckdb.DuckDBPyConnection,
    also: dict[str, Job],
    *,
    as_of: date,
    window: str,
    group_by: str,
    metric: str,
    filters: Sequence[Filter],
    top_n: int,
    budget: Decimal | None,
    tags: TagLens | None,
    fresh: Sequence[ProviderFreshness] | None,
    limit: int | None = None,
) -> tuple[TrendView, dict[str, Any]]:
    """``trend_view`` with more independent questions (``also``) asked in the same parallel batch.

    A load is a handful of small questions, each mostly fixed DuckDB overhead; asked side by side on
    two cores they cost little more than the longest one, asked one after another they add up.
    """
    if tags is None:  # a view without tag keys never reads the lens: spare it the tag-key query
        tags = tag_lens(cur) if uses_tags(group_by, filters) else TagLens(TagRules(), ())
    if fresh is None:  # before the questions: the first charge day decides their comparison
        fresh = freshness(cur)
    data_from = first_day(fresh)
    period = period_for(as_of, window, data_from)  # raises on an unknown window before any thread
    args: dict[str, Any] = {"as_of": as_of, "metric": metric, "filters": filters, "tags": tags}
    check_dimension(group_by)
    dims = [group_by, *(d for d, _ in filters)]
    rolled = _rolled_key(dims, tags) is not None
    sliced: dict[str, Any] = {}
    if uses_tags(group_by, filters) and not rolled:  # one pass over the lines, then three small questions
        first = min(period.prev_start, _prev_month_start(as_of))  # the KPI tiles reach last month
        last = max(period.end, as_of)
        sliced["source"] = _tag_slice(
            cur, group_by=group_by, filters=filters, tags=tags, first=first, last=last
        )
    questions: dict[str, Job] = {
        "series": lambda c: series(c, window=window, group_by=group_by, top_n=top_n, **args, **sliced),
    }
    if rolled or _table(dims) == "daily_cost":  # a rollup: one pass for both
        questions["both"] = lambda c: movers_and_kpis(
            c, window=window, group_by=group_by, budget=budget, data_from=data_from, **args
        )
    else:
        questions["kpis"] = lambda c: kpis(c, budget=budget, **args, **sliced)
        questions["movers"] = lambda c: movers_page(
            c, window=window, group_by=group_by, limit=limit, data_from=data_from, **args, **sliced
        )
    others: dict[str, Job] = {f"also:{name}": job for name, job in also.items()}
    try:
        if sliced:  # the slice is a temporary table of this cursor: ask it here, one after another
            got = {name: job(cur) for name, job in questions.items()}
            got |= in_parallel(cur, others) if others else {}
        else:
            got = in_parallel(cur, questions | others)
    finally:
        if sliced:
            cur.execute(f"DROP TABLE IF EXISTS {sliced['source']}")
    if "both" in got:
        every, kpis_found = got["both"]
        movers_found, groups = every[:limit] if limit is not None else every, len(every)
    else:
        (movers_found, groups), kpis_found = got["movers"], got["kpis"]
    view = TrendView(
        kpis=kpis_found,
        period=period,
        series=tuple(got["series"]),
        movers=tuple(movers_found),
        groups=groups,
        monthly=window == "year",
        first_day=data_from,
    )
    return view, {name: got[f"also:{name}"] for name in also}


def tag_keys(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """Every tag key spelling present in the cache, sorted."""
    return [str(row[0]) for row in _run(cur, "trend_tag_keys", {})]


def tag_lens(cur: duckdb.DuckDBPyConnection, rules: TagRules | None = None) -> TagLens:
    """The cache's tag keys seen through ``rules`` (default: the built-in normalisation)."""
    return TagCatalogue.read(cur).lens(rules or TagRules())


@dataclass(frozen=True)
class TagCatalogue:
    """The cache's tag key spellings and the keys its daily tag rollup holds, under which rules."""

    keys: tuple[str, ...]
    rolled_up: tuple[tuple[str, str], ...]
    """``(rules signature, canonical key)`` of every key ``daily_tag_cost`` holds."""

    @classmethod
    def read(cls, cur: duckdb.DuckDBPyConnection) -> TagCatalogue:
        """Both, from the cache (a cache imported before the tag rollup existed has none rolled up)."""
        try:
            rows = cur.execute(load_sql("trend_tag_rollup_keys")).fetchall()
        except duckdb.CatalogException:  # not through ``_run``: its words are for missing rollups
            rows = []
        return cls(tuple(tag_keys(cur)), tuple((str(sig), str(key)) for sig, key in rows))

    def lens(self, rules: TagRules) -> TagLens:
        """The keys seen through ``rules``, with the rolled-up keys stored under those very rules."""
        return TagLens(rules, self.keys, (key for sig, key in self.rolled_up if sig == rules.signature))
