"""Agenda: the monthly cost review, in five parts, every figure one Enter away from its cause.

The agenda is built off the UI thread by ``agenda.build.build_agenda`` (the same function as
``finops-tui agenda``). Enter on a line pushes the screen behind it preset to that line's cause; Esc
there comes back here with the cursor where it was. Action items and budgets are edited in modal forms
and stored in the workspace; F records the forecasts; p (or ``--present``) presents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import duckdb
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from finops_tui.agenda import store
from finops_tui.agenda.build import build_agenda
from finops_tui.agenda.forecast import month_bounds, next_month
from finops_tui.agenda.models import Agenda, AgendaLine
from finops_tui.queries import trends
from finops_tui.reports import agenda as report
from finops_tui.screens.agenda_dialogs import ActionInput, ActionItemForm, BudgetForm, BudgetInput
from finops_tui.screens.agenda_drill import drill_screen
from finops_tui.screens.base import DataScreen, NoData, export_file
from finops_tui.widgets.header_line import HeaderInfo
from finops_tui.workspace import Workspace

ITEM_WIDTH = 44
"""Widest the item column gets, so the detail stays readable at 100 columns (longer labels are cut)."""


@dataclass(frozen=True)
class AgendaResult:
    """One load of the agenda screen."""

    agenda: Agenda


def line_style(line: AgendaLine) -> str:
    """How a line's figure is styled (up in red, down in green, notes dim)."""
    if line.kind == "note":
        return "dim"
    if line.value.startswith("+"):
        return "red"
    if line.value.startswith("-"):
        return "green"
    return "bold"


def banner_text(app_snapshot: object, agenda: Agenda | None) -> Text:
    """The title line: month reviewed, as-of day, and the snapshot banner when viewing one."""
    text = Text()
    if agenda is not None:
        text.append(f"Cost review {agenda.month:%B %Y}", style="bold")
        text.append(f"   data as of {agenda.as_of:%Y-%m-%d}", style="dim")
    created = getattr(app_snapshot, "created_at", None)
    if created is not None:
        text.append("   ")
        text.append(f" SNAPSHOT of {created:%Y-%m-%d %H:%M} UTC · read-only ", style="reverse bold")
    return text


class AgendaScreen(DataScreen[AgendaResult]):
    """The Agenda mode."""

    BINDING_GROUP_TITLE = "Agenda"
    READS_WORKSPACE = True
    """Waste tracking, triage, budgets and forecasts: an edit on another screen shows here when next shown."""
    AUTO_FOCUS = "#agenda-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_action", "Add action", id="agenda.add_action", tooltip="Capture an action item"),
        Binding("b", "set_budget", "Budget", id="agenda.budget", tooltip="Set a monthly budget"),
        Binding("p", "present", "Present", id="agenda.present", tooltip="Presentation mode (redaction on)"),
        Binding(
            "left_square_bracket",
            "month(-1)",
            "Prev month",
            id="agenda.prev",
            tooltip="Review the month before",
        ),
        Binding(
            "right_square_bracket",
            "month(1)",
            "Next month",
            id="agenda.next",
            tooltip="Review the month after",
        ),
        Binding(
            "F",
            "finalise",
            "Finalise",
            id="agenda.finalise",
            tooltip="Record this agenda's forecasts, to score them when their months are reviewed",
        ),
        Binding("x", "export", "Export", id="agenda.export", tooltip="Write the agenda as Markdown"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month: date | None = None
        """The month reviewed (None: the last complete month)."""
        self.agenda: Agenda | None = None
        self.rows: list[AgendaLine | None] = []
        """Table row index → agenda line (None for a part's heading)."""

    def compose_body(self) -> ComposeResult:
        """Title line and the agenda table."""
        yield Static(id="agenda-title", markup=False)
        table: DataTable[Text] = DataTable(id="agenda-table", cursor_type="row", zebra_stripes=False)
        yield table

    @property
    def workspace(self) -> Workspace:
        """The workspace beside the cache (or the snapshot's copy)."""
        return Workspace.for_cache(self.finops.db)

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> AgendaResult:
        """Worker thread: build the agenda from the screens' query functions."""
        app = self.finops
        as_of = app.as_of or trends.default_as_of(cur)
        if as_of is None:
            raise NoData(app.empty_cache_message())
        agenda = build_agenda(
            cur, self.workspace, as_of=as_of, settings=app.settings, month=self.month, redactor=app.redactor
        )
        return AgendaResult(agenda)

    def show(self, result: AgendaResult) -> None:
        """Main thread: fill the table, keeping the cursor on the same row."""
        self.agenda = agenda = result.agenda
        app = self.finops
        self._set_header()
        self.query_one("#agenda-title", Static).update(banner_text(app.snapshot, agenda))
        table: DataTable[Text] = self.query_one("#agenda-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        longest = max((len(ln.label) for part in agenda.parts for ln in part.lines), default=10) + 2
        table.add_column(Text("item"), key="item", width=min(longest, ITEM_WIDTH))
        table.add_column(Text("figure", justify="right"), key="value")
        table.add_column(Text("detail"), key="detail")
        self.rows = []
        for n, part in enumerate(agenda.parts, start=1):
            self.rows.append(None)
            table.add_row(Text(f"{n}. {part.title}", style="bold underline"), Text(""), Text(""))
            for line in part.lines:
                self.rows.append(line)
                mark = "\u203a " if line.drill else "  "
                table.add_row(
                    Text(mark + line.label, style="dim" if line.kind == "note" else ""),
                    Text(line.value, justify="right", style=line_style(line)),
                    Text(line.detail, style="dim"),
                )
        if self.rows:
            table.move_cursor(row=min(max(cursor, 1), len(self.rows) - 1))
        if app.start_presenting:
            app.start_presenting = False
            self.action_present()

    def _set_header(self) -> None:
        app = self.finops
        if self.agenda is not None:
            agenda = self.agenda
            app.header_info = HeaderInfo(
                as_of=agenda.as_of, providers=agenda.freshness, redacted=app.redactor.on
            )

    def on_screen_resume(self) -> None:
        """Back from a drill-down: the header shows the agenda's day again (DataScreen reloads if needed)."""
        self._set_header()

    @on(DataTable.RowSelected, "#agenda-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        index = event.cursor_row
        if 0 <= index < len(self.rows):
            line = self.rows[index]
            if line is not None:
                self.open_line(line)

    def open_line(self, line: AgendaLine) -> None:
        """Open the screen behind a line (or the action item form)."""
        drill = line.drill
        if drill is None:
            self.notify("Nothing to open on this line.", markup=False)
            return
        if drill.mode == "action":
            item = (
                next((a for a in self.agenda.actions if str(a.id) == drill.key), None)
                if self.agenda
                else None
            )
            if item is not None:
                self.app.push_screen(ActionItemForm(item), lambda r, i=item.id: self._save_action(r, i, None))
            return
        self.app.push_screen(drill_screen(drill))

    def selected_line(self) -> AgendaLine | None:
        """The line under the cursor."""
        index = self.query_one("#agenda-table", DataTable).cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def action_add_action(self) -> None:
        """Key ``a``: capture an action item, linked to the line under the cursor."""
        line = self.selected_line()
        source = None if line is None or line.kind == "note" else f"{line.label}: {line.value}".strip(": ")
        self.app.push_screen(ActionItemForm(source=source), lambda r: self._save_action(r, None, source))

    def _save_action(self, result: ActionInput | None, item_id: int | None, source: str | None) -> None:
        if result is None:
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        if item_id is None:
            month = self.agenda.month if self.agenda else month_bounds(self.finops.today or now.date())[0]
            store.add_action(
                self.workspace,
                title=result.title,
                owner=result.owner,
                due_date=result.due_date,
                status=result.status,
                source=source,
                meeting_month=month,
                now=now,
            )
        else:
            store.update_action(
                self.workspace,
                item_id,
                title=result.title,
                owner=result.owner,
                due_date=result.due_date,
                status=result.status,
                now=now,
            )
        self.reload()

    def action_set_budget(self) -> None:
        """Key ``b``: set a monthly budget for the total or a team."""
        month = f"{self.agenda.as_of:%Y-%m}" if self.agenda else "*"
        self.app.push_screen(BudgetForm(month), self._save_budget)

    def _save_budget(self, result: BudgetInput | None) -> None:
        if result is None:
            return
        currency = self.agenda.currency if self.agenda else self.finops.settings.currency
        store.set_budget(
            self.workspace, scope=result.scope, month=result.month, amount=result.amount, currency=currency
        )
        self.reload()

    def action_month(self, step: int) -> None:
        """Keys ``[`` / ``]``: review the month before or after."""
        if self.agenda is None:
            return
        current = self.agenda.month
        month = next_month(current) if step > 0 else month_bounds(current - timedelta(days=1))[0]
        if month > self.agenda.as_of:
            self.notify("No later month has data yet.", markup=False)
            return
        self.month = month
        self.reload()

    def action_finalise(self) -> None:
        """Key ``F``: record this agenda's forecasts so next month's review measures their accuracy."""
        if self.agenda is None:
            return
        n = report.finalise(self.workspace, self.agenda, now=datetime.now(UTC).replace(tzinfo=None))
        self.notify(report.finalised_message(self.agenda, n), markup=False)
        self.reload()  # reviewing the month of the newest day: its own forecast is now on record

    def action_export(self) -> None:
        """Key ``x``: write the agenda and minutes as Markdown in the current folder."""
        if self.agenda is None:
            return
        path = Path.cwd() / export_file(
            f"finops-agenda-{self.agenda.month:%Y-%m}", ".md", self.agenda.redacted
        )
        path.write_text(report.to_markdown(self.agenda), encoding="utf-8")
        self.notify(f"Wrote {path}", markup=False)

    def action_present(self) -> None:
        """Key ``p``: presentation mode (redaction on while presenting)."""
        if self.agenda is None:
            return
        from finops_tui.screens.agenda_present import PresentScreen

        self.app.push_screen(PresentScreen(self))
