"""Waste: what do we pay for and not use, what would fixing it save, and who is on it.

Totals per check on top, the findings sorted by saving below (filtered by check, provider, account,
owner/team and status), the highlighted finding's evidence, formula and command at the bottom. ``c``
copies the command (never runs it), ``t`` edits the tracking, ``e`` exports CSV, Enter opens Spend
trends filtered to the resource.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import duckdb
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Select, Static
from textual.worker import Worker, WorkerState

from finops_tui import formatting as fmt
from finops_tui.queries import trends
from finops_tui.reports import waste as report
from finops_tui.screens.base import DataScreen, NoData, export_file
from finops_tui.screens.waste_dialog import TrackingDialog, TrackingInput
from finops_tui.waste import apply_tracking, waste_report
from finops_tui.waste.models import STATUSES, Finding, WasteReport
from finops_tui.waste.tracking import load_tracking, save_tracking
from finops_tui.widgets.header_line import HeaderInfo
from finops_tui.widgets.menu import Menu
from finops_tui.workspace import Workspace

ALL = "*"
FILTERS: tuple[tuple[str, str], ...] = (
    ("check", "checks"),
    ("provider", "clouds"),
    ("account", "accounts"),
    ("owner", "owners"),  # the assignee, else the team from the tags: the column headed owner
    ("status", "statuses"),
)
"""Filter id → what "all" lists, in the order of the selectors."""


@dataclass(frozen=True)
class WasteResult:
    """One load of the waste screen."""

    report: WasteReport
    providers: tuple[tuple[str, date | None], ...] = ()
    """Each provider's newest complete day, for the header (Waste can be the first screen shown)."""


def _value(f: Finding, name: str) -> str:
    return {
        "check": f.check,
        "provider": f.provider,
        "account": f.account_id,
        "owner": f.tracking.owner or f.owner,
        "status": f.tracking.status,
    }[name]


class WasteScreen(DataScreen[WasteResult]):
    """The Waste mode."""

    BINDING_GROUP_TITLE = "Waste"
    DEFAULT_CSS = """
    WasteScreen {
        #waste-filters { height: 3; }
        #waste-filters Select { width: 1fr; }
        #waste-totals { height: 25%; min-height: 4; }
        #waste-summary { height: 1; padding: 0 1; }
        #waste-findings { height: 1fr; min-height: 5; }
        #waste-detail { height: auto; max-height: 8; padding: 0 1; border-top: solid $primary; }
    }
    """
    AUTO_FOCUS = "#waste-findings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_command", "Copy command", id="waste.copy", tooltip="Copy the command to act"),
        Binding("t", "track", "Track", id="waste.track", tooltip="Set status, owner, due date, reason"),
        Binding(
            "e", "export_csv", "Export CSV", id="waste.export", tooltip="Write the shown findings to CSV"
        ),
        Binding("f", "focus_filters", "Filter", id="waste.filter", tooltip="Filter by check, account, team…"),
        Binding("x", "clear_filters", "Clear filters", id="waste.clear", tooltip="Show every finding"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: WasteResult | None = None
        self.filters: dict[str, str] = {name: ALL for name, _ in FILTERS}
        self.shown: list[Finding] = []
        self._keep_key: str | None = None
        """The finding to keep the cursor on across a reload."""
        self._computed: tuple[tuple[int, date], WasteReport] | None = None
        """Findings of the last check run, by (cache generation, as-of)."""
        self._reuse = True
        """False after ``r``: the next load runs the checks again."""

    def compose_body(self) -> ComposeResult:
        """Filters, totals, findings and the detail panel."""
        with Horizontal(id="waste-filters"):
            for name, label in FILTERS:
                yield Menu([(f"all {label}", ALL)], value=ALL, allow_blank=False, id=f"filter-{name}")
        totals: DataTable[Text] = DataTable(id="waste-totals", cursor_type="row", zebra_stripes=True)
        yield totals
        yield Static(id="waste-summary", markup=False)
        findings: DataTable[Text] = DataTable(id="waste-findings", cursor_type="row", zebra_stripes=True)
        yield findings
        yield Static(id="waste-detail", markup=False)

    # --- loading -----------------------------------------------------------------------------------

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> WasteResult:
        """Worker thread: tracking from the workspace, then every check on one cursor."""
        app = self.finops
        as_of = app.as_of or trends.default_as_of(cur)
        if as_of is None:
            raise NoData(app.empty_cache_message())
        tracking = load_tracking(Workspace.for_cache(app.db))
        key = (self._generation, as_of)
        base = self._computed
        if base is None or base[0] != key or not self._reuse:
            # the checks run once per cache generation; tracking edits only re-merge the workspace
            base = (key, waste_report(cur, as_of=as_of, settings=app.settings))
            self._computed = base
        self._reuse = True
        fresh = tuple((f.provider, f.complete_day or f.newest_day) for f in trends.freshness(cur))
        return WasteResult(apply_tracking(cur, base[1], tracking), fresh)

    def show(self, result: WasteResult) -> None:
        """Main thread: totals, filter choices, findings."""
        self.result = result
        app = self.finops
        app.header_info = HeaderInfo(
            as_of=result.report.as_of,
            providers=result.providers,
            filters=f"waste priced {result.report.start:%Y-%m-%d}…{result.report.as_of:%Y-%m-%d}",
            redacted=app.redactor.on,
        )
        self._show_totals(result.report)
        self._show_summary(result.report)
        self._fill_filters(result.report)
        self._show_findings()

    def _money(self, value: object) -> Text:
        currency = self.result.report.currency if self.result else None
        return Text(fmt.money(value, currency), justify="right")  # type: ignore[arg-type]

    def _show_summary(self, rep: WasteReport) -> None:
        open_ = [f for f in rep.findings if f.tracking.status not in ("done", "wont-fix")]
        backlog = sum((f.monthly_saving for f in open_), Decimal(0))
        realised = sum((d.realised_monthly_saving for d in rep.done), Decimal(0))
        text = Text()
        text.append(f"{len(open_):,} findings to act on", style="bold")
        text.append(f" worth {self._money(backlog).plain}/month ({self._money(backlog * 12).plain}/year)")
        waiting = len(rep.done_on) - len(rep.done)  # done on the newest day: no later billing to measure
        text.append(
            f"  ·  {len(rep.done_on)} done, realised {self._money(realised).plain}/month"
            + (f" ({waiting} not measured yet)" if waiting > 0 else ""),
            style="dim",
        )
        text.append(f"  ·  priced from effective cost {rep.start:%Y-%m-%d}…{rep.as_of:%Y-%m-%d}", style="dim")
        self.query_one("#waste-summary", Static).update(text)

    def _show_totals(self, rep: WasteReport) -> None:
        table: DataTable[Text] = self.query_one("#waste-totals", DataTable)
        table.clear(columns=True)
        table.add_column(Text("check"), key="check")
        table.add_column(Text("provider"), key="provider")
        table.add_column(Text("findings", justify="right"), key="count")
        table.add_column(Text("saving/month", justify="right"), key="monthly")
        table.add_column(Text("saving/year", justify="right"), key="annual")
        ordered = sorted(rep.totals, key=lambda t: (t.state != "ok", -t.monthly_saving, t.title))
        for t in ordered:
            if t.state != "ok":
                cells = (Text("needs inventory", style="dim", justify="right"), Text(""), Text(""))
            else:
                cells = (Text(f"{t.count:,}", justify="right"), self._money(t.monthly_saving),
                         self._money(t.annual_saving))  # fmt: skip
            table.add_row(Text(t.title), Text(t.provider), *cells, key=t.check)

    def _fill_filters(self, rep: WasteReport) -> None:
        red = self.finops.redactor
        choices: dict[str, dict[str, str]] = {name: {} for name, _ in FILTERS}
        titles = {t.check: t.title for t in rep.totals}
        for f in rep.findings:
            choices["check"][f.check] = titles.get(f.check, f.check)
            choices["provider"][f.provider] = f.provider
            choices["account"][f.account_id] = red.label("sub_account", f.account_id, f.account_name)
            owner = _value(f, "owner")
            choices["owner"][owner] = red.value("owner", owner)  # an owner tag may hold an e-mail
        choices["status"] = {s: s for s in STATUSES}
        for name, label in FILTERS:
            select: Select[str] = self.query_one(f"#filter-{name}", Select)
            options = [(f"all {label}", ALL), *sorted(((v, k) for k, v in choices[name].items()))]
            if name == "status":
                options = [(f"all {label}", ALL), *((s, s) for s in STATUSES)]
            current = self.filters[name] if self.filters[name] in {v for _, v in options} else ALL
            self.filters[name] = current
            with self.prevent(Select.Changed):
                select.set_options(options)
                select.value = current

    def visible_findings(self) -> list[Finding]:
        """The findings that pass every filter, in saving order."""
        if self.result is None:
            return []
        active = {k: v for k, v in self.filters.items() if v != ALL}
        return [f for f in self.result.report.findings if all(_value(f, k) == v for k, v in active.items())]

    def _show_findings(self) -> None:
        table: DataTable[Text] = self.query_one("#waste-findings", DataTable)
        table.clear(columns=True)
        for key, label, width in (
            ("resource", "resource", 26), ("saving", "saving/month", 12), ("annual", "saving/year", 12),
            ("cost", "cost/30d", 11), ("check", "check", 20), ("account", "account", 16),
            ("owner", "owner", 12), ("confidence", "conf.", 6), ("status", "status", 11),
        ):  # fmt: skip
            right = key in ("saving", "annual", "cost")
            table.add_column(Text(label, justify="right" if right else "left"), key=key, width=width)
        red = self.finops.redactor
        self.shown = self.visible_findings()
        for i, f in enumerate(self.shown):
            name = f.resource_id.rsplit("/", 1)[-1] if not red.on else red.value("resource", f.resource_id)
            table.add_row(
                Text(name, overflow="ellipsis", no_wrap=True),
                self._money(f.monthly_saving),
                self._money(f.annual_saving),
                self._money(f.monthly_cost),
                Text(f.check, overflow="ellipsis", no_wrap=True),
                Text(
                    red.label("sub_account", f.account_id, f.account_name), overflow="ellipsis", no_wrap=True
                ),
                Text(red.value("owner", _value(f, "owner")), overflow="ellipsis", no_wrap=True),
                Text(f.confidence),
                Text(f.tracking.status, style="green" if f.tracking.status == "done" else ""),
                key=str(i),
            )
        keep = next((i for i, f in enumerate(self.shown) if f.key == self._keep_key), None)
        if keep is not None:
            table.move_cursor(row=keep)
        self._show_detail(self.shown[keep or 0] if self.shown else None)

    def _show_detail(self, f: Finding | None) -> None:
        detail = self.query_one("#waste-detail", Static)
        if f is None:
            detail.update(Text("No finding matches the filters (x clears them).", style="dim"))
            return
        red = self.finops.redactor
        rows = report.finding_row(f, red)
        text = Text()
        text.append(f"{f.check_title}  ", style="bold")
        text.append(f"{rows['resource_id']}\n")
        text.append("command   ", style="dim")
        text.append(f"{rows['command']}\n", style="bold")
        text.append("saving    ", style="dim")
        text.append(f"{self._money(f.monthly_saving).plain}/month = {red.text(f.formula)}\n")
        text.append("evidence  ", style="dim")
        text.append(f"{rows['evidence']}\n")
        t = f.tracking
        done = next((d for d in self.result.report.done if d.key == f.key), None) if self.result else None
        if done is not None:
            text.append("realised  ", style="dim")
            text.append(
                f"{self._money(done.realised_monthly_saving).plain}/month since {done.done_on} "
                f"(baseline {self._money(done.baseline_monthly_cost).plain}, now "
                f"{self._money(done.after_monthly_cost).plain} per 30 days over {done.days_measured} days)\n"
            )
        text.append("tracking  ", style="dim")
        text.append(
            f"{t.status}, owner {red.value('owner', t.owner) if t.owner else '—'}, due {t.due_date or '—'}"
            + (f", reason: {red.text(t.reason)}" if t.reason else "")
            + f"  ·  {f.provider} · {rows['account_name']} ({rows['account_id']}) · {f.region or '—'} · "
            f"team {red.value('owner', f.owner)} · confidence {f.confidence}"  # from tags, not the assignee
        )
        detail.update(text)

    def current(self) -> Finding | None:
        """The highlighted finding."""
        table: DataTable[Text] = self.query_one("#waste-findings", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    # --- events and keys ---------------------------------------------------------------------------

    def action_reload(self) -> None:
        """Key ``r``: run every check again."""
        self._reuse = False
        self.reload()

    @on(DataTable.RowHighlighted, "#waste-findings")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        f = self.current()
        self._keep_key = f.key if f else None
        self._show_detail(f)

    @on(DataTable.RowSelected, "#waste-totals")
    def _check_chosen(self, event: DataTable.RowSelected) -> None:
        check = event.row_key.value
        if (
            check
            and self.result
            and any(t.check == check and t.state == "ok" for t in self.result.report.totals)
        ):
            self.set_filter("check", check if self.filters["check"] != check else ALL)

    @on(DataTable.RowSelected, "#waste-findings")
    def _open_trends(self, event: DataTable.RowSelected) -> None:
        f = self.current()
        if f is None:
            return
        if f.resource_id.startswith("commitment:"):
            self.notify("A commitment candidate covers a whole account, not one resource.", markup=False)
            return
        self.open_trends(f.resource_id)

    def open_trends(self, resource_id: str) -> None:
        """Switch to Spend trends filtered to one resource, grouped by usage type; Esc comes back here."""
        from finops_tui.screens.trends import TrendsScreen

        def apply() -> None:
            screen = self.app.screen
            if isinstance(screen, TrendsScreen):
                screen.open_from("waste", (("resource", resource_id),), "usage_type")

        self.app.switch_mode("trends")
        self.app.call_later(apply)

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("filter-")
        if name in self.filters and isinstance(event.value, str):
            self.filters[name] = event.value
            self._show_findings()

    def set_filter(self, name: str, value: str) -> None:
        """Set one filter (``*`` = all) and redraw the findings."""
        self.filters[name] = value
        select: Select[str] = self.query_one(f"#filter-{name}", Select)
        with self.prevent(Select.Changed):
            select.value = value
        self._show_findings()

    def action_clear_filters(self) -> None:
        """Key ``x``: every filter back to all."""
        for name, _ in FILTERS:
            self.set_filter(name, ALL)

    def action_focus_filters(self) -> None:
        """Key ``f``: focus the first filter."""
        self.query_one("#filter-check", Select).focus()

    def action_copy_command(self) -> None:
        """Key ``c``: copy the highlighted finding's command (it is never run here)."""
        f = self.current()
        if f is None:
            self.notify("No finding selected.", markup=False)
            return
        command = str(report.finding_row(f, self.finops.redactor)["command"])
        self.app.copy_to_clipboard(command)
        self.last_copied = command
        self.notify(f"Copied: {command}", markup=False)

    def action_export_csv(self) -> None:
        """Key ``e``: the shown findings (filters and redaction applied) to a CSV in the current folder."""
        if self.result is None:
            self.notify("Nothing to export yet.", markup=False)
            return
        rows = [report.finding_row(f, self.finops.redactor) for f in self.shown]
        path = Path.cwd() / export_file(
            f"finops-waste-{self.result.report.as_of:%Y%m%d}", ".csv", self.finops.redactor.on
        )
        path.write_text(report.to_csv(rows), encoding="utf-8")
        self.notify(f"Exported {len(rows)} findings to {path}", markup=False)

    def action_track(self) -> None:
        """Key ``t``: edit the highlighted finding's tracking."""
        f = self.current()
        if f is None:
            return

        def done(value: TrackingInput | None) -> None:
            if value is not None:
                self._save(f, value)

        self.app.push_screen(TrackingDialog(f), done)

    @work(thread=True, exclusive=True, group="track", exit_on_error=False)
    def _save(self, finding: Finding, value: TrackingInput) -> None:
        now = datetime.now(UTC).replace(tzinfo=None)
        today = self.result.report.as_of if self.result else now.date()
        save_tracking(
            Workspace.for_cache(self.finops.db),
            finding,
            status=value.status,
            owner=value.owner,
            due_date=value.due_date,
            reason=value.reason,
            today=today,
            now=now,
        )

    @on(Worker.StateChanged)
    def _tracked(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "track":
            return
        if event.state is WorkerState.SUCCESS:
            self.notify("Tracking saved.", markup=False)
            self.reload()
        elif event.state is WorkerState.ERROR:
            self.notify(f"Could not save: {event.worker.error}", severity="error", markup=False)
