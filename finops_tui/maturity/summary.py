"""The executive summary: spend, trend, forecast vs budget, savings realised, top risks, maturity.

Risks are ranked by the money at stake each month, each with the screen that acts on it, so the
three lines leadership sees are the three largest, not the three loudest.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

import duckdb

from finops_tui.agenda import store
from finops_tui.agenda.forecast import forecast_month
from finops_tui.maturity.models import ExecSummary, Risk
from finops_tui.maturity.signals import Inputs, maturity, read_inputs
from finops_tui.queries import trends
from finops_tui.queries.maturity import discounts
from finops_tui.settings import Settings
from finops_tui.workspace import Workspace

TOP_RISKS = 3


def risks(i: Inputs, forecast: Decimal | None, budget: Decimal | None) -> list[Risk]:
    """Every risk with money at stake, largest monthly amount first, at most ``TOP_RISKS``."""
    found: list[Risk] = []
    if forecast is not None and budget is not None and forecast > budget:
        found.append(
            Risk(
                "Forecast over budget",
                forecast - budget,
                f"month-end forecast {forecast:,.0f} vs budget {budget:,.0f}",
                "agenda",
            )
        )
    if i.commitments.unused > 0:
        found.append(
            Risk(
                "Unused commitments",
                i.commitments.unused,
                f"paid for and not used in {i.month:%B}",
                "commitments",
            )
        )
    open_findings = [f for f in i.waste.findings if f.tracking.status in ("open", "accepted")]
    waste = sum((f.monthly_saving for f in open_findings), Decimal(0))
    if waste > 0:
        # the Waste screen's "to act on" also counts findings in progress; say how many are left out
        busy = sum(1 for f in i.waste.findings if f.tracking.status == "in-progress")
        why = f"{len(open_findings)} findings not acted on"
        why += f" ({busy} in progress left out)" if busy else ""
        found.append(Risk("Open waste", waste, why, "waste"))
    if i.detection is not None:
        untriaged = [
            a
            for a in i.detection.visible
            if a.start >= i.month
            and a.impact > 0
            and (i.triage.get(a.key) is None or i.triage[a.key].status == "new")
        ]
        # a lasting change costs its rate every month; one that ended cost its impact once, never
        # the rate "if it persisted" (a 2-day spike would read as a month of spikes)
        lasting = [a for a in untriaged if a.persists]
        at_stake = sum(a.monthly_impact for a in lasting) + sum(a.impact for a in untriaged if not a.persists)
        monthly = Decimal(repr(round(at_stake, 2)))
        if monthly > 0:
            found.append(
                Risk(
                    "Untriaged cost increases",
                    monthly,
                    f"{len(untriaged)} untriaged since {i.month:%d %b}: "
                    f"{len(lasting)} lasting, {len(untriaged) - len(lasting)} ended (counted once)",
                    "anomalies",
                )
            )
    point = i.allocation.point
    unowned = point.total - point.allocatable
    if unowned > 0:
        found.append(
            Risk(
                "Spend without an owner",
                unowned,
                f"{100 - (point.readiness_pct or 0):.1f}% of {i.month:%B} cannot be charged back",
                "allocation",
            )
        )
    return sorted(found, key=lambda r: -r.monthly)[:TOP_RISKS]


def exec_summary(
    cur: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings, workspace: Workspace
) -> ExecSummary:
    """Everything the Executive summary screen (and ``report maturity``) shows."""
    i = read_inputs(cur, as_of=as_of, settings=settings, workspace=workspace)
    month_kpi = i.month_kpis
    now_kpi = trends.kpis(cur, as_of=as_of)
    fc = forecast_month(i.daily, month=as_of, as_of=as_of)
    budget = {b.scope: b.amount for b in store.budgets(workspace, as_of, settings.budget, i.currency)}.get(
        "total"
    )
    year = as_of.year
    done = [d for d in i.waste.done if d.done_on.year == year]
    return ExecSummary(
        as_of=as_of,
        month=i.month,
        currency=i.currency,
        month_cost=month_kpi.mtd,
        prev_month_cost=month_kpi.prev_month,
        change_pct=month_change(month_kpi.mtd, month_kpi.prev_month, i.month),
        mtd=now_kpi.mtd,
        forecast=fc.value,
        forecast_low=fc.low,
        forecast_high=fc.high,
        budget=budget,
        savings_done_annual=sum((d.realised_monthly_saving for d in done), Decimal(0)) * 12,
        savings_done_count=sum(1 for _, day in i.waste.done_on if day.year == year),  # measured or not
        discounts_ytd=discounts(cur, start=date(year, 1, 1), end=as_of),
        risks=tuple(risks(i, fc.value, budget)),
        maturity=maturity(i),
    )


def month_change(cost: Decimal, prev_cost: Decimal, month: date) -> Decimal | None:
    """Change of the daily average, ``month`` vs the month before (months differ in length)."""
    prev = month - timedelta(days=1)
    days, prev_days = (
        calendar.monthrange(month.year, month.month)[1],
        calendar.monthrange(prev.year, prev.month)[1],
    )
    if not prev_cost:
        return None
    return ((cost / days) / (prev_cost / prev_days) - 1) * 100
