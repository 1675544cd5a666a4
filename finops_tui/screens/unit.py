"""Unit economics: what does a transaction (or a customer) cost, and is that getting better?

Pick a stored business metric, a scope (whole estate, a team from ``[teams]``, or a normalised tag
value) and a grain; the screen shows cost per unit over time (a gap breaks the line), the period
table and this month against last. Every number comes from ``queries.unit_economics``, the same
function ``report unit-economics`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import duckdb
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Select, Static

from finops_tui import formatting as fmt
from finops_tui.queries import trends, unit_economics
from finops_tui.reports.unit import pct, unit_cost, units_label, units_text
from finops_tui.screens.base import DataScreen, NoData
from finops_tui.trends_models import ProviderFreshness
from finops_tui.unit_models import Grain, MetricSeries, Scope, UnitView
from finops_tui.widgets import KpiTile
from finops_tui.widgets.header_line import HeaderInfo
from finops_tui.widgets.unit_chart import UnitChart

NO_METRICS = (
    "There are no business metrics in the cache yet.\n\n"
    "Unit economics divides cost by a business volume. Import a series with\n"
    "  finops-tui metrics import FILE.csv\n"
    "where FILE.csv has a header date,metric,value and one line per metric and day\n"
    "(e.g. 2026-11-02,transactions,48210). `finops-tui demo` builds demo series."
)


@dataclass(frozen=True)
class UnitResult:
    """One load of the screen."""

    view: UnitView
    metrics: tuple[MetricSeries, ...]
    scopes: tuple[Scope, ...]
    freshness: tuple[ProviderFreshness, ...]


def _right(text: str, style: str = "") -> Text:
    return Text(text, justify="right", style=style)


def _change_style(value: object) -> str:
    if value is None:
        return "dim"
    return "red" if float(str(value)) > 0 else "green"


class UnitScreen(DataScreen[UnitResult]):
    """The Unit economics mode."""

    BINDING_GROUP_TITLE = "Unit economics"
    AUTO_FOCUS = "#unit-table"
    CSS = """
    UnitScreen {
        #unit-controls { height: 3; }
        #unit-metric { width: 28; }
        #unit-scope { width: 34; }
        #unit-grain { width: 1fr; height: 3; padding: 1 1 0 1; }
        #unit-kpis { height: 5; }
        #unit-note { height: auto; padding: 0 1; color: $warning; }
        #unit-chart { height: 1fr; min-height: 8; }
        #unit-table { height: 1fr; min-height: 6; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "pick_metric", "Metric", id="unit.metric", tooltip="Choose the business metric"),
        Binding("s", "pick_scope", "Scope", id="unit.scope", tooltip="Whole estate, a team or a tag value"),
        Binding("g", "cycle_grain", "Grain", id="unit.grain", tooltip="Day, week or month"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.metric: str | None = None
        self.scope = Scope()
        self.grain: Grain = "month"
        self.result: UnitResult | None = None

    def compose_body(self) -> ComposeResult:
        """Pickers, KPI tiles, the coverage note, the chart and the period table."""
        with Horizontal(id="unit-controls"):
            yield Select[str]([], prompt="metric", allow_blank=True, id="unit-metric")
            yield Select[str](
                [("whole estate", "estate")], value="estate", allow_blank=False, id="unit-scope"
            )
            yield Static(id="unit-grain")
        with Horizontal(id="unit-kpis"):
            for name in ("this", "last", "change", "trend"):
                yield KpiTile(id=f"unit-kpi-{name}")
        yield Static(id="unit-note", markup=False)
        yield UnitChart(id="unit-chart")
        table: DataTable[Text] = DataTable(id="unit-table", cursor_type="row", zebra_stripes=True)
        yield table

    # --- loading -----------------------------------------------------------------------------------

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> UnitResult:
        """Worker thread: the stored metrics, the scope choices, then the view for the current picks."""
        app = self.finops
        metrics = tuple(unit_economics.metric_list(cur))
        if not metrics:
            raise NoData(NO_METRICS)
        as_of = app.as_of or trends.default_as_of(cur)
        if as_of is None:
            raise NoData(app.empty_cache_message())
        names = [m.metric for m in metrics]
        metric = self.metric if self.metric in names else names[0]
        scopes = tuple(unit_economics.scope_choices(cur, app.settings))
        scope = self.scope if self.scope in scopes else Scope()  # a tag gone after a re-import
        view = unit_economics.unit_view(
            cur, metric=metric, scope=scope, grain=self.grain, as_of=as_of, settings=app.settings
        )
        return UnitResult(view, metrics, scopes, tuple(trends.freshness(cur)))

    def show(self, result: UnitResult) -> None:
        """Main thread: pickers, header, tiles, note, chart and table."""
        self.result = result
        view = result.view
        self.metric, self.scope = view.metric, view.scope
        self._fill_pickers(result)
        app = self.finops
        app.header_info = HeaderInfo(
            as_of=view.as_of,
            providers=tuple((f.provider, f.complete_day or f.newest_day) for f in result.freshness),
            filters=f"{view.metric} · {view.scope.label}",
            redacted=app.redactor.on,
        )
        grain = Text("by ", style="dim")
        grain.append(view.grain, style="bold")
        grain.append(f"   {view.start}…{view.as_of}\ncost ÷ {units_label(view)}", style="dim")
        self.query_one("#unit-grain", Static).update(grain)
        self._show_kpis(view)
        note = self.query_one("#unit-note", Static)
        note.update(Text(view.coverage_note or ""))
        note.display = view.coverage_note is not None
        self.query_one(UnitChart).replot(
            view.periods,
            title=f"cost per {view.metric} by {view.grain} ({view.scope.label})",
            currency=view.currency,
        )
        self._show_table(view)

    def _fill_pickers(self, result: UnitResult) -> None:
        metric = self.query_one("#unit-metric", Select)
        scope = self.query_one("#unit-scope", Select)
        with self.prevent(Select.Changed):
            metric.set_options([(m.metric, m.metric) for m in result.metrics])
            metric.value = result.view.metric
            scope.set_options([(s.label, s.spec) for s in result.scopes])
            if self.scope.spec in {s.spec for s in result.scopes}:
                scope.value = self.scope.spec

    def _show_kpis(self, view: UnitView) -> None:
        k = view.kpis
        cur = view.currency
        tile = self.query_one
        this_note = (
            f"{k.month:%Y-%m} to {view.as_of:%m-%d}" if k.this_month is not None else "metric incomplete"
        )
        tile("#unit-kpi-this", KpiTile).set_value("This month", unit_cost(k.this_month, cur), this_note)
        tile("#unit-kpi-last", KpiTile).set_value("Last month", unit_cost(k.last_month, cur), "whole month")
        tile("#unit-kpi-change", KpiTile).set_value(
            "Change", pct(k.change_pct), "this vs last month", _change_style(k.change_pct)
        )
        tile("#unit-kpi-trend", KpiTile).set_value(
            "Trend", pct(k.trend_pct), "last 3 mo vs 3 before", _change_style(k.trend_pct)
        )

    def _show_table(self, view: UnitView) -> None:
        table: DataTable[Text] = self.query_one("#unit-table", DataTable)
        table.clear(columns=True)
        table.add_column(Text("period"), key="period")
        for key, label in (
            ("cost", "cost"),
            ("units", units_label(view)),
            ("cpu", "cost per unit"),
            ("change", "change"),
            ("days", "days with data"),
        ):
            table.add_column(Text(label, justify="right"), key=key)
        cur = view.currency
        for index, p in enumerate(reversed(view.periods)):
            gap = p.cost_per_unit is None
            table.add_row(
                Text(p.label),
                _right(fmt.money(p.cost, cur)),
                _right(units_text(p.units), "dim" if p.units is None else ""),
                _right("gap" if gap else unit_cost(p.cost_per_unit, cur), "dim" if gap else "bold"),
                _right(pct(p.change_pct), _change_style(p.change_pct)),
                _right(f"{p.covered_days}/{p.days}", "" if p.covered_days == p.days else "yellow"),
                key=str(index),
            )

    # --- choices -----------------------------------------------------------------------------------

    @on(Select.Changed, "#unit-metric")
    def _metric_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.metric:
            self.metric = event.value
            self.reload()

    @on(Select.Changed, "#unit-scope")
    def _scope_chosen(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str) or self.result is None:
            return
        chosen = next((s for s in self.result.scopes if s.spec == event.value), None)
        if chosen is not None and chosen != self.scope:
            self.scope = chosen
            self.reload()

    def action_pick_metric(self) -> None:
        """Key ``m``: open the metric picker."""
        select = self.query_one("#unit-metric", Select)
        select.focus()
        select.expanded = True

    def action_pick_scope(self) -> None:
        """Key ``s``: open the scope picker."""
        select = self.query_one("#unit-scope", Select)
        select.focus()
        select.expanded = True

    def action_cycle_grain(self) -> None:
        """Key ``g``: month → day → week → month."""
        order: tuple[Grain, ...] = ("month", "day", "week")
        self.grain = order[(order.index(self.grain) + 1) % len(order)]
        self.reload()
