"""Presentation mode: the agenda one part at a time, large figures, redaction on, for screen-sharing.

Space / → / PageDown step forward, ← / Backspace / PageUp step back, Enter opens the line under the
cursor (as on the agenda), Esc leaves. The header line (as-of day and each provider's freshness) stays
visible; the agenda is rebuilt with redaction on whatever the app's setting, so ids never reach the
shared screen while presenting.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

import duckdb
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Digits, Static

from finops_tui.agenda.build import build_agenda
from finops_tui.agenda.models import AgendaLine
from finops_tui.queries import trends
from finops_tui.reports.redact import Redactor
from finops_tui.screens.agenda import ITEM_WIDTH, AgendaResult, banner_text, line_style
from finops_tui.screens.agenda_drill import drill_screen
from finops_tui.screens.base import DataScreen, NoData
from finops_tui.widgets.header_line import HeaderInfo
from finops_tui.workspace import Workspace

if TYPE_CHECKING:
    from finops_tui.screens.agenda import AgendaScreen

BIG_FIGURES = 3
_LEAD = re.compile(r"^[+-]?[$£€¥₹]?[\d,]+(\.\d+)?%?")


def big_figure(value: str) -> str:
    """The part of a figure shown large: ``$318,554.36`` → ``$318,554``; ``+3.8% per day`` → ``+3.8%``."""
    match = _LEAD.match(value)
    if match is None:
        return value.split(" ")[0]
    text = match.group(0)
    if "%" not in text and "." in text:
        text = text.split(".")[0]
    return text


class PresentScreen(DataScreen[AgendaResult]):
    """One agenda part per page, for the room."""

    BINDING_GROUP_TITLE = "Presenting"
    AUTO_FOCUS = "#present-table"
    DEFAULT_CSS = """
    PresentScreen {
        #present-title { height: 1; padding: 0 1; }
        #present-part { height: 1; padding: 0 1; text-style: bold; color: $accent; }
        #present-kpis { height: 6; }
        .big { width: 1fr; height: 6; padding: 0 1; }
        .big-caption { height: 1; color: $text-muted; }
        .big-note { height: 1; color: $text-muted; }
        #present-table { height: 1fr; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space,right,pagedown", "step(1)", "Next", id="present.next", tooltip="Next part", priority=True
        ),
        Binding(
            "left,backspace,pageup",
            "step(-1)",
            "Back",
            id="present.prev",
            tooltip="Previous part",
            priority=True,
        ),
        Binding("escape", "leave", "Leave", id="present.leave", tooltip="Back to the agenda"),
    ]

    def __init__(self, agenda_screen: AgendaScreen) -> None:
        super().__init__()
        self.agenda_screen = agenda_screen
        self.part = 0
        self.result: AgendaResult | None = None
        self.lines: tuple[AgendaLine, ...] = ()

    def compose_body(self) -> ComposeResult:
        """Banner, part title, large figures, the part's lines."""
        yield Static(id="present-title", markup=False)
        yield Static(id="present-part", markup=False)
        with Horizontal(id="present-kpis"):
            for i in range(BIG_FIGURES):
                with Vertical(classes="big", id=f"big-{i}"):
                    yield Static(classes="big-caption", markup=False)
                    yield Digits("")
                    yield Static(classes="big-note", markup=False)
        table: DataTable[Text] = DataTable(id="present-table", cursor_type="row")
        yield table

    def reload(self) -> None:
        """Show the agenda screen's result at once when it is already redacted, else build one."""
        ready = self.agenda_screen.agenda
        if self.result is None and ready is not None and self.finops.redactor.on:
            self._generation = self.finops.cache_generation
            self.show(AgendaResult(ready))
            return
        super().reload()

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> AgendaResult:
        """Worker thread: the same agenda, redacted."""
        app = self.finops
        as_of = app.as_of or trends.default_as_of(cur)
        if as_of is None:
            raise NoData(app.empty_cache_message())
        month = self.agenda_screen.agenda.month if self.agenda_screen.agenda else None
        redactor = app.redactor if app.redactor.on else Redactor(True)
        agenda = build_agenda(
            cur,
            Workspace.for_cache(app.db),
            as_of=as_of,
            settings=app.settings,
            month=month,
            redactor=redactor,
        )
        return AgendaResult(agenda)

    def show(self, result: AgendaResult) -> None:
        """Main thread: keep the result and draw the current part."""
        self.result = result
        agenda = result.agenda
        app = self.finops
        app.header_info = HeaderInfo(as_of=agenda.as_of, providers=agenda.freshness, redacted=True)
        self._draw()

    def _draw(self) -> None:
        if self.result is None:
            return
        agenda = self.result.agenda
        part = agenda.parts[self.part]
        title = banner_text(self.finops.snapshot, agenda)
        title.append(
            f"   part {self.part + 1} of {len(agenda.parts)}   Space/→ next · ← back · Esc leave", style="dim"
        )
        self.query_one("#present-title", Static).update(title)
        self.query_one("#present-part", Static).update(Text(f"{self.part + 1}. {part.title}"))
        figures = (
            [(t, v, n) for t, v, n in agenda.kpis]
            if self.part == 0
            else [(ln.label, ln.value, ln.detail) for ln in part.lines if ln.value and ln.kind != "note"]
        )
        self.query_one("#present-kpis").display = bool(figures)
        for i in range(BIG_FIGURES):
            box = self.query_one(f"#big-{i}", Vertical)
            if i < len(figures):
                caption, value, note = figures[i]
                box.display = True
                statics = box.query(Static).results(Static)
                cap, note_w = list(statics)
                cap.update(Text(caption))
                note_w.update(Text(note))
                box.query_one(Digits).update(big_figure(value))
            else:
                box.display = False
        self.lines = part.lines
        table: DataTable[Text] = self.query_one("#present-table", DataTable)
        table.clear(columns=True)
        longest = max((len(ln.label) for ln in part.lines), default=10) + 2
        table.add_column(Text("item"), key="item", width=min(longest, ITEM_WIDTH))
        table.add_column(Text("figure", justify="right"), key="value")
        table.add_column(Text("detail"), key="detail")
        for line in part.lines:
            table.add_row(
                Text(
                    ("\u203a " if line.drill else "  ") + line.label,
                    style="dim" if line.kind == "note" else "bold",
                ),
                Text(line.value, justify="right", style=line_style(line)),
                Text(line.detail, style="dim"),
            )

    def action_step(self, step: int) -> None:
        """Space / arrows: next or previous part."""
        if self.result is None:
            return
        self.part = max(0, min(len(self.result.agenda.parts) - 1, self.part + step))
        self._draw()

    def action_leave(self) -> None:
        """Esc: back to the agenda."""
        self.app.pop_screen()

    @on(DataTable.RowSelected, "#present-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.lines):
            line = self.lines[event.cursor_row]
            if line.drill is not None and line.drill.mode != "action":
                self.app.push_screen(drill_screen(line.drill))
