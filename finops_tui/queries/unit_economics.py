"""Unit economics: cost per business unit (transaction, active customer) per day, week or month.

Three ``.sql`` files give daily figures (cost in scope, the metric's values, the list of metrics);
periods, gaps and KPIs are then worked out here from those days, so the screen and ``report
unit-economics`` share one answer. A period's cost per unit is its effective cost over its metric
units, and only when the metric has a value on *every* day of it: a partly covered week would set a
full week of cost against a few days of volume (and weekly seasonality makes any mix of days biased),
so it is a gap. A day without a metric row is a gap, never a zero.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import duckdb

from finops_tui.errors import FinOpsError
from finops_tui.queries import load_sql
from finops_tui.settings import Settings
from finops_tui.tag_rules import TagRules
from finops_tui.unit_models import (
    GRAINS,
    Grain,
    MetricSeries,
    Scope,
    UnitKpis,
    UnitPeriod,
    UnitView,
)

ZERO = Decimal(0)
DAY_WINDOW = 42
"""Days shown at day grain: six whole weeks, so the weekly pattern shows."""
WEEK_WINDOW = 13
MONTH_WINDOW = 13
SEP = "\x1f"
"""Joins a tag key and value spelling in the ``$pairs`` parameter (a unit separator never typed)."""


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _has_table(cur: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = cur.execute(
        "SELECT count(*) FROM duckdb_tables() "
        "WHERE table_name = $name AND database_name = current_database()",
        {"name": name},
    ).fetchone()
    return bool(row and row[0])


def metric_list(cur: duckdb.DuckDBPyConnection) -> list[MetricSeries]:
    """Every stored metric, by name (empty for a cache written before metrics existed)."""
    if not _has_table(cur, "business_metrics"):
        return []
    return [MetricSeries(*row) for row in cur.execute(load_sql("unit_metric_list")).fetchall()]


def window_start(grain: Grain, as_of: date) -> date:
    """First day shown: 42 days, 13 ISO weeks or 13 months ending with ``as_of``'s period."""
    if grain == "day":
        return as_of - timedelta(days=DAY_WINDOW - 1)
    if grain == "week":
        return as_of - timedelta(days=as_of.weekday()) - timedelta(weeks=WEEK_WINDOW - 1)
    return _add_months(_month_start(as_of), -(MONTH_WINDOW - 1))


def _periods(grain: Grain, start: date, as_of: date) -> list[tuple[str, date, date]]:
    """(label, first day, last day counted) of each period from ``start`` to ``as_of``."""
    out: list[tuple[str, date, date]] = []
    day = start
    while day <= as_of:
        if grain == "day":
            nxt, label = day + timedelta(days=1), day.isoformat()
        elif grain == "week":
            year, week, _ = day.isocalendar()
            nxt, label = day + timedelta(days=7 - day.weekday()), f"{year}-W{week:02d}"
        else:
            nxt, label = _add_months(_month_start(day), 1), f"{day:%Y-%m}"
        out.append((label, day, min(nxt - timedelta(days=1), as_of)))
        day = nxt
    return out


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class _Daily:
    """Cost and metric per day over the loaded span; ratios over any block of days."""

    def __init__(self, cost: dict[date, Decimal], units: dict[date, float]) -> None:
        self.cost = cost
        self.units = units

    def block(self, first: date, last: date) -> tuple[Decimal, float | None, int, Decimal | None]:
        """(cost, units or None, covered days, cost per unit or None) of ``first``…``last``."""
        days = _days(first, last)
        cost = sum((self.cost.get(d, ZERO) for d in days), ZERO)
        have = [self.units[d] for d in days if d in self.units]
        units = sum(have) if have else None
        ratio = None
        if len(have) == len(days) and units:
            ratio = cost / Decimal(repr(units))
        return cost, units, len(have), ratio


def _pct(new: Decimal | None, old: Decimal | None) -> Decimal | None:
    if new is None or old is None or not old:
        return None
    return (new - old) / old * 100


def tag_spellings(cur: duckdb.DuckDBPyConnection, scope: Scope, settings: Settings) -> list[str]:
    """Every stored ``key SEP value`` spelling the tag rules map to the scope's key and value."""
    rules = TagRules(settings.required_tags, settings.allocation)
    key = rules.canon_key(scope.key)
    value = rules.canon_value(key, scope.value)
    if not _has_table(cur, "tag_sets"):
        raise FinOpsError("this cache has no tag rollup (written by an older finops-tui); import again")
    pairs = cur.execute(load_sql("alloc_tag_pairs")).fetchall()
    return sorted(
        f"{k}{SEP}{v}"
        for k, v in pairs
        if v.strip() and rules.canon_key(k) == key and rules.canon_value(key, v) == value
    )


def team_accounts(scope: Scope, settings: Settings) -> list[str]:
    """Sub-account ids the ``[teams]`` map gives the scope's team (FinOpsError when none)."""
    ids = sorted(acct for acct, team in settings.teams.items() if team.casefold() == scope.key.casefold())
    if not ids:
        known = ", ".join(sorted(set(settings.teams.values()))) or "none: add a [teams] table to the config"
        raise FinOpsError(f"team {scope.key!r} has no accounts in [teams] (teams: {known})")
    return ids


def daily_cost(
    cur: duckdb.DuckDBPyConnection, *, scope: Scope, start: date, end: date, settings: Settings
) -> tuple[dict[date, Decimal], str | None]:
    """Effective cost per day in scope and the one currency it is in (None when there is no cost)."""
    params: dict[str, Any] = {"start": start, "end": end}
    if scope.kind == "tag":
        pairs = tag_spellings(cur, scope, settings)
        if not pairs:
            raise FinOpsError(f"no line item carries the tag {scope.key}={scope.value} (after normalisation)")
        rows = cur.execute(load_sql("unit_daily_tag_cost"), {**params, "pairs": pairs}).fetchall()
    else:
        accounts = team_accounts(scope, settings) if scope.kind == "team" else []
        params.update(all_accounts=scope.kind == "estate", accounts=accounts)
        rows = cur.execute(load_sql("unit_daily_cost"), params).fetchall()
    currencies = sorted({str(c) for _, c, _ in rows if c is not None})
    if len(currencies) > 1:
        raise FinOpsError(f"costs in scope are in several currencies ({', '.join(currencies)})")
    cost: dict[date, Decimal] = {}
    for day, _, value in rows:
        cost[day] = cost.get(day, ZERO) + value
    return cost, currencies[0] if currencies else None


def metric_days(cur: duckdb.DuckDBPyConnection, *, metric: str, start: date, end: date) -> dict[date, float]:
    """The metric's value on each day that has one."""
    rows = cur.execute(load_sql("unit_metric_days"), {"metric": metric, "start": start, "end": end})
    return {day: float(value) for day, value in rows.fetchall()}


def unit_view(
    cur: duckdb.DuckDBPyConnection,
    *,
    metric: str,
    scope: Scope,
    grain: Grain,
    as_of: date,
    settings: Settings,
) -> UnitView:
    """Cost per unit of ``metric`` in ``scope`` by ``grain`` up to ``as_of``, with the KPI tiles."""
    if grain not in GRAINS:
        raise FinOpsError(f"--grain {grain!r}: expected one of {', '.join(GRAINS)}")
    stored = {m.metric: m for m in metric_list(cur)}
    series = stored.get(metric)
    if series is None:
        names = ", ".join(stored) or "none; import one with `finops-tui metrics import FILE.csv`"
        raise FinOpsError(f"no metric {metric!r} in the cache (stored: {names})")
    start = window_start(grain, as_of)
    month = _month_start(as_of)
    load_from = min(start, _add_months(month, -6))
    cost, currency = daily_cost(cur, scope=scope, start=load_from, end=as_of, settings=settings)
    daily = _Daily(cost, metric_days(cur, metric=metric, start=load_from, end=as_of))
    periods: list[UnitPeriod] = []
    previous: Decimal | None = None
    for label, first, last in _periods(grain, start, as_of):
        total, units, covered, ratio = daily.block(first, last)
        days = (last - first).days + 1
        change = _pct(ratio, previous)
        periods.append(UnitPeriod(label, first, last, total, units, days, covered, ratio, change))
        previous = ratio
    this_month = daily.block(month, as_of)[3]
    last_month = daily.block(_add_months(month, -1), month - timedelta(days=1))[3]
    recent = daily.block(_add_months(month, -3), month - timedelta(days=1))[3]
    before = daily.block(_add_months(month, -6), _add_months(month, -3) - timedelta(days=1))[3]
    kpis = UnitKpis(month, this_month, last_month, _pct(this_month, last_month), _pct(recent, before))
    gaps = sum(1 for d in _days(start, as_of) if d not in daily.units)
    return UnitView(
        metric=metric,
        scope=scope,
        grain=grain,
        as_of=as_of,
        start=start,
        currency=currency,
        periods=tuple(periods),
        kpis=kpis,
        metric_first=series.first_day,
        metric_last=series.last_day,
        gap_days=gaps,
    )


MAX_TAG_SCOPES = 40
"""Tag values offered in the scope picker (the biggest keys' values beyond this need ``--scope``)."""


def scope_choices(cur: duckdb.DuckDBPyConnection, settings: Settings) -> list[Scope]:
    """The estate, every team of ``[teams]``, then the normalised values of the required and owner tags.

    Only the keys the config names are offered (a cache has hundreds of free-form keys); the report's
    ``--scope tag:KEY=VALUE`` reaches any other.
    """
    rules = TagRules(settings.required_tags, settings.allocation)
    teams = sorted(set(settings.teams.values()), key=str.casefold)
    keys = dict.fromkeys((*rules.required_canon, rules.owner_key))
    values: set[tuple[str, str]] = set()
    if _has_table(cur, "tag_sets"):
        for k, v in cur.execute(load_sql("alloc_tag_pairs")).fetchall():
            canon = rules.canon_key(k)
            if canon in keys and v.strip():
                values.add((canon, rules.canon_value(canon, v)))
    order = list(keys)
    tags = sorted(values, key=lambda kv: (order.index(kv[0]), kv[1]))[:MAX_TAG_SCOPES]
    return [
        Scope(),
        *(Scope("team", t) for t in teams),
        *(Scope("tag", rules.key_name(k), v) for k, v in tags),
    ]
