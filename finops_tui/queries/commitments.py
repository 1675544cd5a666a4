"""The Commitments screen's questions: utilisation, coverage, normalised units, lifetimes, guidance.

One query reads the month at the finest grain the screen needs (provider, account, commitment,
instance type, region); the breakdowns are exact Decimal sums of its rows, so every breakdown adds up
to the same totals, and those totals are the agenda's (same definitions as agenda_commitments.sql;
a test checks used, unused, covered and eligible against ``queries.agenda.commitments``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

import duckdb

from finops_tui.commitments.config import CommitmentSettings
from finops_tui.commitments.models import (
    CommitmentsView,
    FamilyUnits,
    Group,
    Guidance,
    Lifetime,
    MonthLine,
    Unnormalised,
)
from finops_tui.commitments.normalise import split_instance_type
from finops_tui.queries import load_sql
from finops_tui.queries.allocation import add_months, month_start

_ZERO = Decimal(0)


def month_lines(cur: duckdb.DuckDBPyConnection, *, start: date, end: date) -> list[MonthLine]:
    """Rows of ``commit_month.sql`` for the charge days ``[start, end]``."""
    params = {"start": start, "end_excl": end + timedelta(days=1)}
    return [MonthLine(*row) for row in cur.execute(load_sql("commit_month"), params).fetchall()]


def family_of(instance_type: str | None) -> str:
    """The instance family shown for a type: ``m5`` for ``m5.xlarge``; other names as they are."""
    if not instance_type:
        return "(no instance type)"
    size = split_instance_type(instance_type)
    return size.family if size is not None else instance_type


def _keys(line: MonthLine) -> Iterable[tuple[str, str, str, str]]:
    """(scope, key, label, detail) of every group a line belongs to."""
    yield "provider", line.provider, line.provider, ""
    account = line.billing_account_id or ""
    yield "billing_account", account, line.billing_account_name or account, ""
    if line.commitment_id:
        cid = line.commitment_id
        yield "commitment", cid, line.commitment_name or cid, line.commitment_type or ""
    yield "family", family_of(line.instance_type), family_of(line.instance_type), ""


def rollup(lines: Iterable[MonthLine], previous: Iterable[MonthLine] = ()) -> tuple[Group, tuple[Group, ...]]:
    """The total and every group of ``lines``, each with last month's percentages for the change."""
    before = {(g.scope, g.provider, g.key): g for g in _groups(previous, {})}
    prior_total = _total(previous, None)
    return _total(lines, prior_total), tuple(_groups(lines, before))


def _sums(lines: Iterable[MonthLine]) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
    used = unused = covered = on_demand = other = _ZERO
    for x in lines:
        used, unused, covered = used + x.used, unused + x.unused, covered + x.covered
        on_demand, other = on_demand + x.on_demand, other + x.other
    return used, unused, covered, on_demand, other


def _total(lines: Iterable[MonthLine], prior: Group | None) -> Group:
    sums = _sums(lines)
    prev_u = prior.utilisation_pct if prior else None
    prev_c = prior.coverage_pct if prior else None
    return Group("overall", "", "All commitments", "", "", *sums, prev_u, prev_c)


def _groups(lines: Iterable[MonthLine], before: dict[tuple[str, str, str], Group]) -> list[Group]:
    members: dict[tuple[str, str, str], list[MonthLine]] = defaultdict(list)
    labels: dict[tuple[str, str, str], tuple[str, str]] = {}
    for line in lines:
        for scope, key, label, detail in _keys(line):
            members[(scope, line.provider, key)].append(line)
            labels.setdefault((scope, line.provider, key), (label, detail))
    out: list[Group] = []
    for (scope, provider, key), group_lines in members.items():
        prior = before.get((scope, provider, key))
        label, detail = labels[(scope, provider, key)]
        out.append(
            Group(
                scope, key, label, provider, detail, *_sums(group_lines),
                prior.utilisation_pct if prior else None, prior.coverage_pct if prior else None,
            )
        )  # fmt: skip
    order = {s: i for i, s in enumerate(("provider", "billing_account", "commitment", "family"))}
    out.sort(key=lambda g: (order[g.scope], -(g.used + g.unused + g.covered + g.on_demand), g.label))
    return out


def normalised(lines: Iterable[MonthLine]) -> tuple[tuple[FamilyUnits, ...], tuple[Unnormalised, ...]]:
    """Instance hours per family in normalisation unit-hours; hours of sizes without a factor apart."""
    units: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [_ZERO, _ZERO, _ZERO])
    left: dict[str, tuple[Decimal, set[str]]] = {}
    for x in lines:
        hours = (x.covered_hours, x.on_demand_hours, x.unused_hours)
        if not any(hours) or not x.instance_type:
            continue
        size = split_instance_type(x.instance_type)
        if size is None or size.factor is None:
            total, types = left.get(x.provider, (_ZERO, set()))
            left[x.provider] = (total + sum(hours, _ZERO), types | {x.instance_type})
            continue
        acc = units[(x.provider, size.family)]
        for i, h in enumerate(hours):
            acc[i] += h * size.factor
    families = sorted(
        (FamilyUnits(p, f, *acc) for (p, f), acc in units.items()),
        key=lambda u: (-(u.covered_units + u.on_demand_units + u.unused_units), u.provider, u.family),
    )
    skipped = tuple(Unnormalised(p, h, tuple(sorted(t))) for p, (h, t) in sorted(left.items()))
    return tuple(families), skipped


def lifetimes(cur: duckdb.DuckDBPyConnection, *, as_of: date, ended_after_days: int) -> list[Lifetime]:
    """Each commitment's first and last day with used/unused rows up to as-of; ended if they stopped."""
    rows = cur.execute(load_sql("commit_lifetimes"), {"as_of_excl": as_of + timedelta(days=1)}).fetchall()
    return [
        Lifetime(p, account, cid, name, kind, first, last, (as_of - last).days >= ended_after_days)
        for p, account, cid, name, kind, first, last in rows
    ]


def percentile(values: list[Decimal], pct: int) -> Decimal:
    """Nearest-rank percentile: the smallest value with at least ``pct`` % of values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def guidance(cur: duckdb.DuckDBPyConnection, *, as_of: date, settings: CommitmentSettings) -> list[Guidance]:
    """Per provider, the steady on-demand compute baseline of the window ending as-of and its saving."""
    start = as_of - timedelta(days=settings.baseline_days - 1)
    params = {"start": start, "end_excl": as_of + timedelta(days=1)}
    days: dict[str, dict[date, Decimal]] = defaultdict(dict)
    for provider, day, cost in cur.execute(load_sql("commit_baseline"), params).fetchall():
        days[provider][day] = cost
    out: list[Guidance] = []
    window = [start + timedelta(days=i) for i in range(settings.baseline_days)]
    for provider, costs in sorted(days.items()):
        values = [costs.get(d, _ZERO) for d in window]
        base = percentile(values, settings.baseline_percentile)
        out.append(Guidance(provider, start, as_of, len(costs), base, settings.discount_pct))
    return out


def commitments_view(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    settings: CommitmentSettings,
    month: date | None = None,
) -> CommitmentsView:
    """The whole screen for ``month`` (default: the month containing as-of), ending at as-of at the latest."""
    shown = month_start(month or as_of)
    end = min(add_months(shown, 1) - timedelta(days=1), as_of)
    prev = add_months(shown, -1)
    lines = month_lines(cur, start=shown, end=end)
    previous = month_lines(cur, start=prev, end=shown - timedelta(days=1))
    total, groups = rollup(lines, previous)
    families, skipped = normalised(lines)
    currencies = {x.currency for x in lines if x.currency}
    return CommitmentsView(
        as_of=as_of,
        month=shown,
        end=end,
        currency=currencies.pop() if len(currencies) == 1 else None,
        total=total,
        groups=groups,
        families=families,
        unnormalised=skipped,
        lifetimes=tuple(lifetimes(cur, as_of=as_of, ended_after_days=settings.ended_after_days)),
        guidance=tuple(guidance(cur, as_of=as_of, settings=settings)),
        settings=settings,
    )
