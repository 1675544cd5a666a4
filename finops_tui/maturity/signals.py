"""Measure each maturity signal from the cache and the workspace, for the last complete month.

Every figure comes from the same functions the screens use (Allocation's readiness, the Agenda's
commitment figures and forecast, the Waste report, the anomaly detection and its triage), so the
summary never disagrees with the screen a person opens to act on it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import duckdb

from finops_tui.agenda import store
from finops_tui.agenda.forecast import forecast_month, month_bounds
from finops_tui.allocation_models import AllocationView
from finops_tui.anomalies.models import Detection, Triage
from finops_tui.maturity.models import Maturity, Signal
from finops_tui.maturity.score import LEVELS, overall, score, stage
from finops_tui.queries import agenda as q
from finops_tui.queries import trends
from finops_tui.settings import Settings
from finops_tui.trends_models import TrendKpis
from finops_tui.waste.models import WasteReport
from finops_tui.workspace import Workspace

TRIAGE_WINDOW_DAYS = 90
"""Anomalies that started this many days before as-of count towards triage speed."""
BACKTEST_DAY = 15
"""With no recorded forecast, the month is forecast as it stood on this day and compared."""


@dataclass(frozen=True)
class Inputs:
    """What the signals are measured from (each read once, shared with the executive summary)."""

    as_of: date
    month: date
    currency: str
    allocation: AllocationView
    commitments: q.Commitments
    waste: WasteReport
    spend_30d: Decimal
    detection: Detection | None
    triage: dict[str, Triage]
    daily: dict[date, Decimal]
    month_kpis: TrendKpis
    """Spend trends' tiles as of the month's last day (its cost, and the month before)."""
    month_cost: Decimal
    recorded_forecast: Decimal | None
    budgets: dict[str, Decimal]


def _signal(key: str, value: Decimal | None, detail: str) -> Signal:
    """One signal from its exact value: each figure shown is rounded once from it, never twice."""
    level = LEVELS[key]
    return Signal(
        key=key,
        capability=level.capability,
        measure=level.unit,
        value=None if value is None else float(round(value, 2)),
        score=None if value is None else score(level, float(value)),
        stage=None if value is None else stage(level, float(value)),
        weight=level.weight,
        improve=level.improve,
        detail=detail,
        walk=level.walk,
        run=level.run,
        higher_is_better=level.higher_is_better,
        exact=value,
    )


def _allocation(i: Inputs) -> Signal:
    point = i.allocation.point
    pct = point.readiness_pct
    detail = f"{i.month:%B}: owner tag, account map or a shared pool for {pct or 0:.1f}% of the cost"
    return _signal("allocation", pct, detail)


def _coverage(i: Inputs) -> Signal:
    c = i.commitments
    if c.coverage_pct is None:
        return _signal("coverage", Decimal(0), f"no commitment discounts in {i.month:%B}")
    detail = f"{c.covered:,.0f} of {c.eligible:,.0f} {i.currency} eligible usage covered in {i.month:%B}"
    return _signal("coverage", c.coverage_pct, detail)


def _utilisation(i: Inputs) -> Signal:
    c = i.commitments
    if c.utilisation_pct is None:
        return _signal("utilisation", None, f"no commitments to use in {i.month:%B}")
    detail = f"{c.unused:,.0f} {i.currency} unused of {c.used + c.unused:,.0f} in {i.month:%B}"
    return _signal("utilisation", c.utilisation_pct, detail)


def _waste(i: Inputs) -> Signal:
    open_findings = [f for f in i.waste.findings if f.tracking.status in ("open", "accepted")]
    monthly = sum((f.monthly_saving for f in open_findings), Decimal(0))
    if not i.spend_30d:
        return _signal("waste", None, "no spend in the 30 days ending as-of")
    share = monthly / i.spend_30d * 100
    detail = f"{len(open_findings)} open findings, {monthly:,.0f} {i.currency}/month of {i.spend_30d:,.0f}"
    return _signal("waste", share, detail)


def _triage(i: Inputs) -> Signal:
    if i.detection is None:
        return _signal("triage", None, "the anomaly detector could not run")
    since = i.as_of - timedelta(days=TRIAGE_WINDOW_DAYS)
    ages: list[int] = []
    open_count = 0
    for a in i.detection.visible:
        if a.start < since:
            continue
        t = i.triage.get(a.key)
        if t is not None and t.status != "new" and t.updated_at is not None:
            ages.append(max(0, (t.updated_at.date() - a.start).days))
        else:
            open_count += 1
            ages.append((i.as_of - a.start).days)  # still waiting: counts with its age so far
    if not ages:
        return _signal("triage", None, f"no anomalies in the last {TRIAGE_WINDOW_DAYS} days")
    detail = (
        f"{len(ages)} anomalies in {TRIAGE_WINDOW_DAYS} days, {open_count} not triaged (counted at their age)"
    )
    return _signal("triage", Decimal(str(statistics.median(ages))), detail)


def _forecast(i: Inputs) -> Signal:
    if not i.month_cost:
        return _signal("forecast", None, f"no cost in {i.month:%B}")
    if i.recorded_forecast is not None:
        error = abs(i.recorded_forecast - i.month_cost) / i.month_cost * 100
        detail = f"forecast recorded at a review {i.recorded_forecast:,.0f} vs actual {i.month_cost:,.0f}"
        return _signal("forecast", error, detail)
    cut = i.month.replace(day=BACKTEST_DAY)
    fc = forecast_month({d: v for d, v in i.daily.items() if d <= cut}, month=i.month, as_of=cut)
    if fc.value is None:
        return _signal("forecast", None, fc.note or "not enough history to forecast")
    error = abs(fc.value - i.month_cost) / i.month_cost * 100
    detail = (
        f"backtest: forecast on {cut:%d %b} {fc.value:,.0f} vs actual {i.month_cost:,.0f} "
        "(no forecast recorded; finalise the agenda to record one)"
    )
    return _signal("forecast", error, detail)


def _budget(i: Inputs) -> Signal:
    if "total" in i.budgets:
        return _signal("budget", Decimal(100), f"a total budget of {i.budgets['total']:,.0f} {i.currency}")
    teams = {s.removeprefix("team:") for s in i.budgets if s.startswith("team:")}
    rows = i.allocation.showback.rows
    total = sum((r.total for r in rows), Decimal(0))
    if not teams or not total:
        return _signal("budget", Decimal(0), "no budget set")
    covered = sum((r.total for r in rows if r.team in teams), Decimal(0))
    return _signal("budget", covered / total * 100, f"team budgets for {len(teams)} teams")


MEASURES: tuple[Callable[[Inputs], Signal], ...] = (
    _allocation, _coverage, _utilisation, _waste, _triage, _forecast, _budget,
)  # fmt: skip
"""One function per signal, in ``LEVELS`` order."""


def maturity(i: Inputs) -> Maturity:
    """Every signal and the weighted score over those the data could measure."""
    signals = tuple(measure(i) for measure in MEASURES)
    scored = [(s.weight, s.score) for s in signals if s.score is not None]
    return Maturity(i.month, overall(scored), signals)


def read_inputs(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    settings: Settings,
    workspace: Workspace,
) -> Inputs:
    """Read everything the signals and the summary need, on one cursor."""
    from finops_tui.anomalies.config import DetectorConfig
    from finops_tui.anomalies.detect import detect
    from finops_tui.anomalies.store import stored_detection
    from finops_tui.anomalies.triage import load_triage
    from finops_tui.queries.allocation import (
        NoCostInMonth,
        allocation_view,
        last_complete_month,
        months,
        no_cost_message,
    )
    from finops_tui.waste import waste_report
    from finops_tui.waste.tracking import load_tracking

    month = last_complete_month(as_of)
    if month not in months(cur):  # only this month imported, or an --as-of in the cache's first month
        raise NoCostInMonth(
            f"the summary describes the last complete month as of {as_of}; {no_cost_message(cur, month)}"
        )
    month_end = month_bounds(month)[1]
    kpi = trends.kpis(cur, as_of=month_end)
    currency = kpi.currency if kpi.currency and "/" not in kpi.currency else settings.currency
    waste = waste_report(cur, as_of=as_of, settings=settings, tracking=load_tracking(workspace))
    daily = q.daily_costs(cur, start=min(month, as_of) - timedelta(days=120), end=as_of)
    spend_30d = sum((v for d, v in daily.items() if waste.start <= d <= as_of), Decimal(0))
    try:
        cfg = DetectorConfig()
        detection: Detection | None = stored_detection(cur, as_of=as_of, cfg=cfg) or detect(
            cur, as_of=as_of, cfg=cfg
        )
    except Exception:  # the summary must not fail because the detector did; the signal says so
        detection = None
    recorded = store.recorded_forecast(workspace, target_month=month)
    budgets = {b.scope: b.amount for b in store.budgets(workspace, month, settings.budget, currency)}
    return Inputs(
        as_of=as_of,
        month=month,
        currency=currency,
        allocation=allocation_view(cur, as_of=as_of, settings=settings, month=month),
        commitments=q.commitments(cur, start=month, end=month_end),
        waste=waste,
        spend_30d=spend_30d,
        detection=detection,
        triage=load_triage(workspace),
        daily=daily,
        month_kpis=kpi,
        month_cost=kpi.mtd,
        recorded_forecast=recorded.forecast if recorded else None,
        budgets=budgets,
    )
