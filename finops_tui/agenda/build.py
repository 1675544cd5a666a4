"""Build the agenda of one review month from the screens' own query functions.

Headless: the screen, presentation mode and ``finops-tui agenda`` all call :func:`build_agenda`, so
they show the same figures. A part whose source is not available says so in a line of its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import duckdb

from finops_tui import formatting as fmt
from finops_tui.agenda import store
from finops_tui.agenda.forecast import Forecast, forecast_month, month_bounds, next_month
from finops_tui.agenda.models import (
    PARTS,
    ActionItem,
    Agenda,
    AgendaLine,
    AgendaPart,
    Budget,
    BudgetBurn,
    Drill,
)
from finops_tui.errors import FinOpsError
from finops_tui.queries import agenda as q
from finops_tui.queries import trends
from finops_tui.reports.redact import Redactor
from finops_tui.settings import Settings
from finops_tui.workspace import Workspace

if TYPE_CHECKING:  # the waste package is imported only when the agenda reads it
    from finops_tui.waste.models import WasteReport

TOP_DRIVERS = 5
TOP_FINDINGS = 3
TOP_ANOMALIES = 5
HISTORY_DAYS = 120
"""Days of daily totals read for the forecasts (the profile uses the last 56)."""


def default_month(as_of: date) -> date:
    """The last complete month at ``as_of`` (the as-of month itself when ``as_of`` is its last day)."""
    first, last = month_bounds(as_of)
    return first if as_of == last else month_bounds(first - timedelta(days=1))[0]


def _pct(value: Decimal | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:+.1f}%{suffix}"


@dataclass(frozen=True)
class _Ctx:
    cur: duckdb.DuckDBPyConnection
    ws: Workspace
    month: date
    month_end: date
    as_of: date
    settings: Settings
    redactor: Redactor
    currency: str
    anomalies: list[tuple[object, str, str | None]] | str = ""
    """Anomalies since the month started, or why there are none (the detector failed)."""

    budget_rows: tuple[Budget, ...] = ()
    """Every budget in the workspace (read once)."""

    def budgets(self, month: date) -> dict[str, Decimal]:
        """Scope → amount of the budgets that apply to ``month``."""
        rows = store.budgets_for(self.budget_rows, month, self.settings.budget, self.currency)
        return {b.scope: b.amount for b in rows}

    def money(self, value: Decimal | float | None) -> str:
        return fmt.money(value, self.currency)

    def trends_drill(
        self,
        *,
        filters: tuple[tuple[str, str], ...] = (),
        group_by: str = "service",
        as_of: date | None = None,
    ) -> Drill:
        return Drill(
            "trends", as_of=as_of or self.month_end, window="mtd", group_by=group_by, filters=filters
        )


def build_agenda(
    cur: duckdb.DuckDBPyConnection,
    ws: Workspace,
    *,
    as_of: date,
    settings: Settings,
    month: date | None = None,
    redactor: Redactor | None = None,
) -> Agenda:
    """The agenda of the review of ``month`` (default: the last complete month at ``as_of``)."""
    month = month_bounds(month)[0] if month else default_month(as_of)
    month_end = month_bounds(month)[1]
    if month > as_of:
        raise FinOpsError(f"{month:%Y-%m} has no data yet (newest day {as_of:%Y-%m-%d})")
    kpi_m = trends.kpis(cur, as_of=min(month_end, as_of))
    currency = kpi_m.currency if kpi_m.currency and "/" not in kpi_m.currency else settings.currency
    ctx = _Ctx(cur, ws, month, min(month_end, as_of), as_of, settings, redactor or Redactor(), currency)
    try:
        ctx = dataclasses.replace(ctx, anomalies=_anomalies(ctx))
    except Exception as exc:  # the anomaly detector is another team's work in progress
        ctx = dataclasses.replace(ctx, anomalies=f"{type(exc).__name__}: {exc}".splitlines()[0])
    daily = q.daily_costs(cur, start=as_of - timedelta(days=HISTORY_DAYS), end=as_of)
    month_fc = forecast_month(daily, month=as_of, as_of=as_of)
    next_fc = forecast_month(daily, month=next_month(as_of), as_of=as_of)
    ctx = dataclasses.replace(ctx, budget_rows=tuple(store.load_budgets(ws)))
    budgets = ctx.budgets(as_of)
    month_budgets = ctx.budgets(month)
    part1, kpis = _cost_performance(ctx, month_budgets)
    actions = tuple(store.agenda_actions(ws, month))
    builders: list[Callable[[], list[AgendaLine]]] = [
        lambda: part1,
        lambda: _optimisation(ctx),
        lambda: _architecture(ctx),
        lambda: _budget_forecast(ctx, month_fc, next_fc, budgets),
        lambda: _actions(actions),
    ]
    red = ctx.redactor  # owners, notes and action items are free text: e-mails and ids inside them too
    parts = tuple(
        AgendaPart(title, tuple(_redacted(line, red) for line in build()))
        for title, build in zip(PARTS, builders, strict=True)
    )
    fc_text = "—" if month_fc.value is None else ctx.money(month_fc.value)
    kpis.append(
        (
            "Month-end forecast",
            fc_text,
            f"{as_of:%B}, {month_fc.confidence:.0%} range "
            f"{ctx.money(month_fc.low)} to {ctx.money(month_fc.high)}"
            if month_fc.value is not None
            else month_fc.note,
        )
    )
    fresh = tuple((f.provider, f.complete_day or f.newest_day) for f in trends.freshness(cur))
    kpis = [(title, value, red.text(comment)) for title, value, comment in kpis]
    return Agenda(
        month, as_of, currency, parts, fresh, month_fc, next_fc, actions, tuple(kpis), redacted=red.on
    )


def _redacted(line: AgendaLine, red: Redactor) -> AgendaLine:
    """``line`` with any identifier in its text replaced when redacting."""
    if not red.on:
        return line
    return dataclasses.replace(line, label=red.text(line.label), detail=red.text(line.detail))


def _cost_performance(
    ctx: _Ctx, budgets: dict[str, Decimal]
) -> tuple[list[AgendaLine], list[tuple[str, str, str]]]:
    k = trends.kpis(ctx.cur, as_of=ctx.month_end)
    prev_len = month_bounds(ctx.month - timedelta(days=1))[1].day
    # a whole month against the whole previous one, per day (kpis' own change compares the same days)
    change = (
        (k.mtd / k.mtd_days / (k.prev_month / prev_len) - 1) * 100 if k.prev_month and k.mtd_days else None
    )
    raw_pct = (k.mtd / k.prev_month - 1) * 100 if k.prev_month else None
    drill = ctx.trends_drill()
    complete = ctx.month_end == month_bounds(ctx.month)[1]
    title = f"{ctx.month:%B %Y}" + ("" if complete else f" (to {ctx.month_end:%d %b})")
    lines = [
        AgendaLine(f"{title} total", ctx.money(k.mtd), f"{k.mtd_days} days, effective cost", drill, "kpi"),
        AgendaLine(
            "vs last month",
            _pct(change, " per day"),
            f"raw {_signed(ctx, k.mtd - k.prev_month)} ({_pct(raw_pct)}); last month "
            f"{ctx.money(k.prev_month)} over {prev_len} days (figure day-count normalised)",
            drill,
        ),
    ]
    kpis = [(f"{ctx.month:%B %Y}", ctx.money(k.mtd), f"{_pct(change)} per day vs last month")]
    budget = budgets.get("total")
    if budget is None:
        lines.append(AgendaLine("vs budget", "—", "no total budget (set one with b)", None, "note"))
    else:
        variance = k.mtd - budget
        lines.append(
            AgendaLine(
                "vs budget",
                ctx.money(variance),
                f"budget {ctx.money(budget)}, {k.mtd / budget * 100 if budget else 0:.1f}% used",
                drill,
            )
        )
        kpis.append(("vs budget", ctx.money(variance), f"of {ctx.money(budget)}"))
    lines.append(_ytd(ctx))
    lines.extend(_drivers(ctx))
    mtd = trends.kpis(ctx.cur, as_of=ctx.as_of)
    if ctx.as_of > ctx.month_end:
        lines.append(
            AgendaLine(
                f"{ctx.as_of:%B} to date",
                ctx.money(mtd.mtd),
                f"{mtd.mtd_days} days, {_pct(mtd.change_pct)} per day vs the same days of {ctx.month:%B}",
                ctx.trends_drill(as_of=ctx.as_of),
            )
        )
        kpis.append((f"{ctx.as_of:%B} to date", ctx.money(mtd.mtd), f"{_pct(mtd.change_pct)} per day"))
    lines.extend(_known_impacts(ctx))
    return lines, kpis


def _signed(ctx: _Ctx, value: Decimal) -> str:
    """A money change with its sign (``+$1.00``, ``-$1.00``)."""
    return ("+" if value > 0 else "") + ctx.money(value)


def _drivers(ctx: _Ctx) -> list[AgendaLine]:
    """The services that moved most, month against month.

    The figure is day-normalised (last month scaled to this month's day count), so a 30-day month is
    not "down" against a 31-day one only for having a day less. A raw fall can then show as a rise, so
    when the months differ in length a note says so and each line carries its raw difference.
    """
    found = trends.movers(ctx.cur, as_of=ctx.month_end, window="mtd", group_by="service")[:TOP_DRIVERS]
    lines: list[AgendaLine] = []
    scaled = next((m for m in found if m.days != m.prev_days and m.prev_days), None)
    if scaled is not None:
        prev = month_bounds(ctx.month - timedelta(days=1))[0]
        lines.append(
            AgendaLine(
                "drivers: day-normalised change",
                "",
                f"{ctx.month:%B} vs {prev:%B} \u00d7 {scaled.days}/{scaled.prev_days}; "
                "raw difference on each line",
                None,
                "note",
            )
        )
    for m in found:
        if m.change_pct is None:
            detail = f"{ctx.money(m.current)}, new this month"
        elif m.days != m.prev_days:
            detail = (
                f"raw {_signed(ctx, m.current - m.previous)} ({ctx.money(m.current)} vs "
                f"{ctx.money(m.previous)}); {_pct(m.change_pct)} per day"
            )
        else:
            detail = f"{ctx.money(m.current)} vs {ctx.money(m.previous)} ({_pct(m.change_pct)})"
        lines.append(
            AgendaLine(
                f"driver: {m.label}",
                _signed(ctx, m.change),
                detail,
                ctx.trends_drill(filters=(("service", m.key),), group_by=trends.drill_target("service")),
            )
        )
    return lines


def _ytd(ctx: _Ctx) -> AgendaLine:
    """Year-to-date actual against the sum of the months' total budgets."""
    actual = Decimal(0)
    budget = Decimal(0)
    have_budget = True
    m = ctx.month.replace(month=1)
    while m <= ctx.month:
        end = min(month_bounds(m)[1], ctx.month_end)
        actual += trends.kpis(ctx.cur, as_of=end).mtd
        found = ctx.budgets(m)
        have_budget = have_budget and "total" in found
        budget += found.get("total", Decimal(0))
        m = next_month(m)
    drill = Drill("trends", as_of=ctx.month_end, window="year", group_by="service")
    if not have_budget:
        return AgendaLine("year to date", ctx.money(actual), "no budget for every month: no variance", drill)
    return AgendaLine(
        "year-to-date variance",
        ctx.money(actual - budget),
        f"{ctx.money(actual)} spent vs {ctx.money(budget)} budgeted",
        drill,
    )


def _anomalies(ctx: _Ctx) -> list[tuple[object, str, str | None]]:
    """Anomalies that started in the review month or since, with triage status and owner."""
    from finops_tui.anomalies.config import DetectorConfig
    from finops_tui.anomalies.detect import detect
    from finops_tui.anomalies.store import stored_detection
    from finops_tui.anomalies.triage import load_triage

    cfg = DetectorConfig()
    detection = stored_detection(ctx.cur, as_of=ctx.as_of, cfg=cfg) or detect(
        ctx.cur, as_of=ctx.as_of, cfg=cfg
    )
    triage = load_triage(ctx.ws)
    out: list[tuple[object, str, str | None]] = []
    for a in detection.visible:
        if a.start < ctx.month:
            continue
        t = triage.get(a.key)
        out.append((a, t.status if t else "new", t.owner if t else None))
    return out


def _anomaly_line(ctx: _Ctx, item: tuple[object, str, str | None], *, impact: bool = False) -> AgendaLine:
    from finops_tui.anomalies.models import Anomaly

    a, status, owner = item
    assert isinstance(a, Anomaly)
    account = a.sub_account_name or a.sub_account_id
    if account and ctx.redactor.on:
        account = ctx.redactor.value("sub_account", a.sub_account_id or account)
    parts = [p for p in (a.provider, account, a.service_name, a.tag_value) if p]
    label = " · ".join(parts) or a.series_key
    filters: list[tuple[str, str]] = []
    if a.sub_account_id:
        filters.append(("sub_account", a.sub_account_id))
    if a.service_name:
        filters.append(("service", a.service_name))
    group = "usage_type" if a.service_name else "service"
    drill = Drill("anomalies", as_of=a.end, window="30d", group_by=group, filters=tuple(filters), key=a.key)
    if impact:
        return AgendaLine(
            f"known impact: {label}",
            ctx.money(a.monthly_impact) + "/month",
            f"{a.kind} since {a.onset:%d %b}, still ongoing",
            drill,
        )
    who = f", owner {owner}" if owner else ""
    return AgendaLine(
        f"anomaly: {label}",
        ctx.money(a.impact),
        f"{a.kind} {a.start:%d %b} to {a.end:%d %b}, {status}{who}",
        drill,
    )


def _known_impacts(ctx: _Ctx) -> list[AgendaLine]:
    found = ctx.anomalies
    if isinstance(found, str):
        return [
            AgendaLine("upcoming known impacts", "", f"anomaly detector not available: {found}", None, "note")
        ]
    lasting = [i for i in found if getattr(i[0], "persists", False) and getattr(i[0], "ongoing", False)]
    if not lasting:
        return [AgendaLine("upcoming known impacts", "", "no lasting change detected", None, "note")]
    return [_anomaly_line(ctx, i, impact=True) for i in lasting[:TOP_ANOMALIES]]


def _count(n: int, noun: str) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _optimisation(ctx: _Ctx) -> list[AgendaLine]:
    lines: list[AgendaLine] = []
    try:
        from finops_tui.waste import waste_report
        from finops_tui.waste.tracking import load_tracking

        report = waste_report(ctx.cur, as_of=ctx.as_of, settings=ctx.settings, tracking=load_tracking(ctx.ws))
    except Exception as exc:  # the waste checks are another team's work in progress
        lines.append(AgendaLine("waste backlog", "", f"waste checks not available: {exc}", None, "note"))
    else:
        lines.extend(_waste_lines(ctx, report))
    c = q.commitments(ctx.cur, start=ctx.month, end=ctx.month_end)
    drill = ctx.trends_drill(group_by="pricing_category")
    if c.utilisation_pct is None:
        lines.append(AgendaLine("commitments", "", "no commitment discounts this month", None, "note"))
    else:
        lines.append(
            AgendaLine(
                "commitment utilisation",
                f"{c.utilisation_pct:.1f}%",
                f"{ctx.money(c.unused)} unused of {ctx.money(c.used + c.unused)}",
                drill,
            )
        )
        lines.append(
            AgendaLine(
                "commitment coverage",
                f"{c.coverage_pct or 0:.1f}%",
                f"{ctx.money(c.covered)} of {ctx.money(c.eligible)} eligible usage",
                drill,
            )
        )
    return lines


def _waste_lines(ctx: _Ctx, report: WasteReport) -> list[AgendaLine]:
    """The waste backlog by status, the savings realised on the done findings, the top open findings.

    "Done" is every finding tracked as done, whether or not the checks still list it: a resource
    deleted after the decision leaves the findings but its saving is what the review wants to see.
    Both the "waste done" and the "savings realised" lines count that one set. A finding marked done
    on the newest billing day has no later day to measure yet, so it is counted and said to be pending.
    """
    lines: list[AgendaLine] = []
    by_status: dict[str, list[Decimal]] = {}
    for f in report.findings:
        group = {"open": "open", "accepted": "open", "in-progress": "in progress"}.get(
            f.tracking.status, f.tracking.status
        )
        by_status.setdefault(group, []).append(f.monthly_saving)
    done_keys = [key for key, _ in report.done_on]  # every finding tracked as done, as Waste counts
    listed = {f.key: f.monthly_saving for f in report.findings if f.tracking.status == "done"}
    planned = sum(listed.values(), Decimal(0))
    gone = len(done_keys) - len(listed)
    waste = Drill("waste")
    for status in ("open", "in progress"):
        savings = by_status.get(status, [])
        preset = {"in progress": "in-progress"}.get(status)
        drill = Drill("waste", filters=(("status", preset),)) if preset else waste
        lines.append(
            AgendaLine(
                f"waste {status}",
                _count(len(savings), "finding"),
                f"{ctx.money(sum(savings, Decimal(0)))}/month",
                drill,
            )
        )
    lines.append(
        AgendaLine(
            "waste done",
            _count(len(done_keys), "finding"),
            f"{ctx.money(planned)}/month"
            + (f" ({gone} no longer flagged by the checks)" if gone > 0 else ""),
            Drill("waste", filters=(("status", "done"),)),
        )
    )
    measured = {d.key for d in report.done}
    realised = sum((d.realised_monthly_saving for d in report.done), Decimal(0))
    pending = [k for k in done_keys if k not in measured]
    detail = f"on {_count(len(done_keys), 'done finding')}"
    if pending:  # first: it is why the figure may be 0 (cut last at 100 columns)
        detail += f" ({len(pending)} not measured yet: done on or after {ctx.as_of:%d %b}, the newest day)"
    detail += f", planned {ctx.money(planned)}/month"
    if gone > 0:  # a finding the checks no longer list has no estimate left to plan with
        detail += f" ({len(listed)} still flagged)"
    lines.append(AgendaLine("savings realised vs planned", f"{ctx.money(realised)}/month", detail, waste))
    for f in [f for f in report.findings if f.tracking.status in ("open", "accepted")][:TOP_FINDINGS]:
        resource = ctx.redactor.value("resource", f.resource_id)
        owner = f.tracking.owner or f.owner
        lines.append(
            AgendaLine(
                f"top finding: {f.check_title}",
                f"{ctx.money(f.monthly_saving)}/month",
                f"{resource}, owner {owner}",
                Drill("waste", key=f.key),
            )
        )
    return lines


def _architecture(ctx: _Ctx) -> list[AgendaLine]:
    lines: list[AgendaLine] = []
    found = q.new_items(ctx.cur, start=ctx.month, end=ctx.month_end)
    for item in found:
        dim = "service" if item.kind == "service" else "region"
        lines.append(
            AgendaLine(
                f"new {item.kind}: {item.name}",
                ctx.money(item.cost),
                item.provider,
                ctx.trends_drill(filters=((dim, item.name),), group_by=trends.drill_target(dim)),
            )
        )
    if not found:
        lines.append(AgendaLine("new services and regions", "", "none this month", None, "note"))
    anomalies = ctx.anomalies
    if isinstance(anomalies, str):
        lines.append(
            AgendaLine("anomalies", "", f"anomaly detector not available: {anomalies}", None, "note")
        )
        return lines
    if not anomalies:
        lines.append(AgendaLine("anomalies", "", "none since the start of the month", None, "note"))
    lines.extend(_anomaly_line(ctx, i) for i in anomalies[:TOP_ANOMALIES])
    if len(anomalies) > TOP_ANOMALIES:
        rest = len(anomalies) - TOP_ANOMALIES
        lines.append(
            AgendaLine(f"… {rest} more anomalies", "", "open the Anomalies screen (2)", None, "note")
        )
    return lines


def _forecast_line(ctx: _Ctx, label: str, f: Forecast) -> AgendaLine:
    drill = ctx.trends_drill(as_of=ctx.as_of, group_by="service")
    if f.value is None:
        return AgendaLine(label, "—", f.note, drill)
    detail = f"{f.confidence:.0%} range {ctx.money(f.low)} to {ctx.money(f.high)}"
    if f.actual_to_date:
        detail += f", {ctx.money(f.actual_to_date)} so far"
    if f.note:
        detail += f"; {f.note}"
    return AgendaLine(label, ctx.money(f.value), detail, drill)


def _budget_forecast(
    ctx: _Ctx, month_fc: Forecast, next_fc: Forecast, budgets: dict[str, Decimal]
) -> list[AgendaLine]:
    lines = [
        _forecast_line(ctx, f"forecast {month_fc.month:%B} (month end)", month_fc),
        _forecast_line(ctx, f"forecast {next_fc.month:%B}", next_fc),
    ]
    recorded = store.recorded_forecast(ctx.ws, target_month=ctx.month)
    if recorded is None:
        lines.append(
            AgendaLine("forecast accuracy", "", _no_forecast_note(ctx, month_fc, next_fc), None, "note")
        )
    else:
        actual = trends.kpis(ctx.cur, as_of=ctx.month_end).mtd
        error = (recorded.forecast - actual) / actual * 100 if actual else None
        inside = (
            recorded.low is not None and recorded.high is not None and recorded.low <= actual <= recorded.high
        )
        lines.append(
            AgendaLine(
                "forecast accuracy",
                _pct(error),
                f"forecast {ctx.money(recorded.forecast)} at the {recorded.meeting_month} review vs actual "
                f"{ctx.money(actual)}; " + ("inside its range" if inside else "outside its range"),
                ctx.trends_drill(),
            )
        )
    for burn in burndown(ctx, month_fc, budgets):
        lines.append(
            AgendaLine(
                f"budget {burn.scope}",
                f"{burn.used_pct or 0:.0f}% used",
                f"{ctx.money(burn.actual)} of {ctx.money(burn.budget)}; forecast "
                f"{'—' if burn.forecast is None else ctx.money(burn.forecast)} "
                f"({'—' if burn.forecast_pct is None else f'{burn.forecast_pct:.0f}%'})",
                Drill("allocation") if burn.scope != "total" else ctx.trends_drill(as_of=ctx.as_of),
            )
        )
    if not budgets:
        lines.append(
            AgendaLine("budgets", "", "none set: add budget = N to the config or press b", None, "note")
        )
    return lines


def _no_forecast_note(ctx: _Ctx, month_fc: Forecast, next_fc: Forecast) -> str:
    """Why accuracy is missing, and what F would record.

    F records the forecasts shown on this agenda (the month holding the newest day and the one after),
    not one of the month reviewed, which is already over; so the hint names those months and says the
    line fills in at their reviews.
    """
    made = [f for f in (month_fc, next_fc) if f.value is not None]
    head = f"no forecast of {ctx.month:%B} was recorded"
    if not made:
        return f"{head}; no forecast to record yet (too little history)"
    names = " and ".join(f"{f.month:%B}" for f in made)
    if all(store.recorded_forecast(ctx.ws, target_month=f.month) is not None for f in made):
        # after F the hint read as if nothing had been recorded
        return f"{head}; the {names} forecasts are recorded, scored when those months are reviewed"
    return f"{head}; F records the {names} forecasts, scored when those months are reviewed"


def burndown(ctx: _Ctx, month_fc: Forecast, budgets: dict[str, Decimal]) -> list[BudgetBurn]:
    """Each budget's month so far and forecast (a team's forecast scales with the total's)."""
    out: list[BudgetBurn] = []
    ratio = month_fc.value / month_fc.actual_to_date if month_fc.value and month_fc.actual_to_date else None
    teams: dict[str, Decimal] = {}
    if any(s.startswith("team:") for s in budgets):
        from finops_tui.queries.allocation import showback_for

        try:
            show, _ = showback_for(ctx.cur, month=month_fc.month, settings=ctx.settings)
            teams = {r.team: r.total for r in show.rows}
        except FinOpsError:
            teams = {}
    for scope, amount in budgets.items():
        actual = month_fc.actual_to_date if scope == "total" else teams.get(scope[5:], Decimal(0))
        forecast = None if ratio is None else (actual * ratio).quantize(Decimal("0.01"))
        out.append(BudgetBurn(scope, amount, actual, forecast))
    return out


def _actions(actions: tuple[ActionItem, ...]) -> list[AgendaLine]:
    lines = [
        AgendaLine(
            f"#{a.id} {a.title}",
            a.status,
            f"owner {a.owner or '—'}, due {a.due_date or '—'}, from {a.meeting_month}"
            + (f" ({a.source})" if a.source else ""),
            Drill("action", key=str(a.id)),
        )
        for a in actions
    ]
    if not lines:
        lines.append(AgendaLine("no action items yet", "", "press a to add one", None, "note"))
    return lines
