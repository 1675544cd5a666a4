"""Executive summary: spend, trend, forecast vs budget, savings, the three largest risks, maturity.

One screen for leadership. The tiles give last month's cost and its per-day change, this month's
forecast against the budget, the savings realised this year, and the maturity score. The risks table
lists the three largest amounts at stake each month (Enter opens the screen that acts on one); the
maturity table shows each signal with its value, crawl / walk / run stage, score and weight, and the
line under it says how the highlighted signal was measured and what would improve it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

import duckdb
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from finops_tui import formatting as fmt
from finops_tui.maturity.models import ExecSummary, Signal
from finops_tui.queries import trends
from finops_tui.screens.base import DataScreen, NoData
from finops_tui.widgets import KpiTile
from finops_tui.widgets.header_line import HeaderInfo
from finops_tui.workspace import Workspace

STAGE_STYLE = {"run": "green", "walk": "yellow", "crawl": "red"}
NARROW_BELOW = 110
"""Terminal width under which the maturity table drops its capability column."""


@dataclass(frozen=True)
class SummaryResult:
    """One load of the Executive summary."""

    summary: ExecSummary
    providers: tuple[tuple[str, date | None], ...]


def _right(text: str, style: str = "") -> Text:
    return Text(text, justify="right", style=style)


def signal_value(s: Signal) -> str:
    """The value with its unit, or why there is none (rounded once, as the other screens round it)."""
    return s.shown


class SummaryScreen(DataScreen[SummaryResult]):
    """The Executive summary mode."""

    BINDING_GROUP_TITLE = "Summary"
    READS_WORKSPACE = True
    """Waste tracking, triage, budgets and forecasts: an edit on another screen shows here when next shown."""
    AUTO_FOCUS = "#risks"
    CSS = """
    SummaryScreen {
        #summary-kpis { height: 6; }
        #summary-kpis KpiTile { height: 6; }
        #risks-title, #maturity-title { height: 1; padding: 0 1; }
        #risks { height: auto; max-height: 5; }
        #maturity { height: auto; max-height: 9; }
        #signal-note { height: auto; min-height: 2; padding: 0 1; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "m",
            "focus_maturity",
            "Maturity",
            id="summary.maturity",
            tooltip="Move between risks and maturity",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: SummaryResult | None = None

    def compose_body(self) -> ComposeResult:
        """Tiles, risks and the maturity table."""
        with Horizontal(id="summary-kpis"):
            for name in ("month", "forecast", "savings", "maturity"):
                yield KpiTile(id=f"kpi-{name}")
        yield Static(id="risks-title")
        yield DataTable(id="risks", cursor_type="row", zebra_stripes=True)
        yield Static(id="maturity-title")
        yield DataTable(id="maturity", cursor_type="row", zebra_stripes=True)
        yield Static(id="signal-note")

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> SummaryResult:
        """Worker thread: every figure of the summary."""
        from finops_tui.maturity.summary import exec_summary
        from finops_tui.queries.allocation import NoCostInMonth

        app = self.finops
        fresh = trends.freshness(cur)
        as_of = app.as_of or trends.default_as_of(cur)
        if as_of is None:
            raise NoData(app.empty_cache_message())
        try:
            summary = exec_summary(
                cur, as_of=as_of, settings=app.settings, workspace=Workspace.for_cache(app.db)
            )
        except NoCostInMonth as exc:  # no complete month in the cache yet: an empty state, not an error
            raise NoData(f"{exc}.") from None
        return SummaryResult(summary, tuple((f.provider, f.complete_day or f.newest_day) for f in fresh))

    def _money(self, value: Decimal | None) -> str:
        assert self.result is not None
        return "—" if value is None else fmt.money(value, self.result.summary.currency)

    def show(self, result: SummaryResult) -> None:
        """Main thread: tiles, risks, maturity."""
        self.result = result
        s = result.summary
        app = self.finops
        app.header_info = HeaderInfo(
            as_of=s.as_of, providers=result.providers, filters="executive summary", redacted=app.redactor.on
        )
        self._show_tiles(s)
        self._show_risks(s)
        self._show_maturity(s)

    def _show_tiles(self, s: ExecSummary) -> None:
        change = "no month before" if s.change_pct is None else f"{s.change_pct:+.1f}% a day m/m"
        self.query_one("#kpi-month", KpiTile).set_value(f"{s.month:%B %Y}", self._money(s.month_cost), change)
        if s.forecast is None:
            self.query_one("#kpi-forecast", KpiTile).set_value(f"Forecast {s.as_of:%B}", "—", "short history")
        else:
            over = s.forecast_vs_budget
            note = "no budget set" if over is None else (
                f"{self._money(abs(over))} {'over' if over > 0 else 'under'} budget"
            )  # fmt: skip
            style = "dim" if over is None else ("red" if over > 0 else "green")
            self.query_one("#kpi-forecast", KpiTile).set_value(
                f"Forecast {s.as_of:%B}", self._money(s.forecast), note, style
            )
        self.query_one("#kpi-savings", KpiTile).set_value(
            f"Saved {s.as_of.year} · {s.savings_done_count} fixes",
            f"{self._money(s.savings_done_annual)}/yr",
            f"+ {fmt.money_short(s.discounts_ytd, s.currency)} discounts",
        )
        m = s.maturity
        self.query_one("#kpi-maturity", KpiTile).set_value(
            "Maturity",
            "—" if m.score is None else f"{m.score:.0f} / 100",
            m.stage or "no signal measured",
            STAGE_STYLE.get(m.stage or "", "dim"),
        )

    def _show_risks(self, s: ExecSummary) -> None:
        title = Text("Top risks", style="bold")
        title.append("  ·  money at stake per month  ·  Enter opens the screen that acts on it", style="dim")
        self.query_one("#risks-title", Static).update(title)
        table: DataTable[Text] = self.query_one("#risks", DataTable)
        table.clear(columns=True)
        table.add_column(Text("a month", justify="right"), key="amount")
        table.add_column(Text("risk"), key="risk")
        table.add_column(Text("why"), key="why")
        for n, r in enumerate(s.risks):
            table.add_row(_right(self._money(r.monthly)), Text(r.title), Text(r.detail), key=str(n))
        if not s.risks:
            table.add_row(Text(""), Text("none with money at stake"), Text(""), key="none")

    def _show_maturity(self, s: ExecSummary) -> None:
        m = s.maturity
        title = Text("Maturity", style="bold")
        title.append(f"  ·  {m.month:%B %Y}  ·  score = weighted mean of the measured signals", style="dim")
        self.query_one("#maturity-title", Static).update(title)
        table: DataTable[Text] = self.query_one("#maturity", DataTable)
        table.clear(columns=True)
        # under 110 columns the capability (also named in the note below) gives way to the score
        wide = self.size.width >= NARROW_BELOW
        for label, right in ((("capability", False),) if wide else ()) + (
            ("signal", False), ("value", True), ("walk / run", True), ("stage", False), ("score", True),
            ("weight", True),
        ):  # fmt: skip
            table.add_column(Text(label, justify="right" if right else "left"), key=label)
        for sig in m.signals:
            sign = "≥" if sig.higher_is_better else "≤"
            table.add_row(
                *((Text(sig.capability),) if wide else ()),
                Text(sig.measure),
                _right(signal_value(sig)),
                _right(f"{sign}{sig.walk:g} / {sign}{sig.run:g}", "dim"),
                Text(sig.stage or "—", style=STAGE_STYLE.get(sig.stage or "", "dim")),
                _right("—" if sig.score is None else f"{sig.score:.0f}"),
                _right(str(sig.weight)),
                key=sig.key,
            )
        self._show_note(m.signals[0] if m.signals else None)

    def _show_note(self, sig: Signal | None) -> None:
        note = Text()
        if sig is not None:
            note.append(f"{sig.capability}: ", style="bold")
            note.append(sig.detail)
            note.append("\nto improve: ", style="dim")
            note.append(sig.improve)
        self.query_one("#signal-note", Static).update(note)

    @on(DataTable.RowHighlighted, "#maturity")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.result is None or event.row_key.value is None:
            return
        found = [s for s in self.result.summary.maturity.signals if s.key == event.row_key.value]
        self._show_note(found[0] if found else None)

    @on(DataTable.RowSelected, "#risks")
    def _open_risk(self, event: DataTable.RowSelected) -> None:
        """Enter on a risk: its screen, on the summary's month, over this one (Esc comes back)."""
        from finops_tui.screens.summary_drill import risk_screen

        if self.result is None or event.row_key.value in (None, "none"):
            return
        summary = self.result.summary
        risk = summary.risks[int(str(event.row_key.value))]
        self.app.push_screen(risk_screen(risk.mode, summary.month))

    def on_resize(self) -> None:
        """Re-lay the maturity table for the new width (the capability column comes and goes)."""
        if self.result is not None:
            self._show_maturity(self.result.summary)

    def action_focus_maturity(self) -> None:
        """Key ``m``: move between the risks and the maturity table."""
        target = "#risks" if self.focused is self.query_one("#maturity") else "#maturity"
        self.query_one(target, DataTable).focus()
