"""Spend trends: how much did we spend, is it going up, and who or what drives it.

KPI tiles, a chart of the top groups, and the movers table; Enter drills into a group (filter and
regroup one level down), Esc goes back, and every choice reloads through ``queries.trends``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import duckdb
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, OptionList, Select, Static

from finops_tui import formatting as fmt
from finops_tui.errors import FinOpsError
from finops_tui.first_load import DEFAULT_VIEW, MOVERS_SHOWN, TrendRequest, load_trends
from finops_tui.queries import trends
from finops_tui.reports import trends as report
from finops_tui.screens.base import DataScreen, NoData, export_file
from finops_tui.trends_models import Mover, TrendResult, TrendView
from finops_tui.widgets import ChartLegend, KpiTile, SpendChart
from finops_tui.widgets.header_line import HeaderInfo
from finops_tui.widgets.menu import Menu
from finops_tui.widgets.row_table import RowTable

SEP = "\u203a"
"""Breadcrumb separator (a single right-pointing angle quote)."""
METRIC_ORDER = ("effective", "billed", "list")
WINDOW_TITLES = {
    "30d": "30 days",
    "90d": "90 days",
    "365d": "365 days",
    "mtd": "month to date",
    "last-month": "last month",
    "year": "12 months by month",
}


ID_DIMENSIONS = frozenset({"resource", "billing_account", "sub_account"})
"""Dimensions whose labels can be ids (an account without a name shows its id)."""

MORE_ROW = "more"
"""Row key of the closing "… more" line (not a group: Enter ignores it)."""


def _axis_currency(currency: str | None) -> str | None:
    """The currency the chart's cost axis is labelled in; none for a mix (``EUR/USD``)."""
    return None if currency is None or "/" in currency else currency


def _hidden_groups(view: TrendView) -> int:
    """Groups of the view the movers table does not draw (they are in the export)."""
    return max(0, view.groups - min(len(view.movers), MOVERS_SHOWN))


def export_name(
    as_of: date, metric: str, window: str, group_by: str, filters: str, *, redacted: bool = False
) -> str:
    """The CSV name of a view: day, metric, window and dimension, a short digest of the filters (as
    shown, so redacted when redaction is on) and ``-redacted`` for a redacted export, so two
    different views — or the same view with and without real ids — never share a file."""
    name = f"finops-trends-{as_of:%Y%m%d}-{metric}-{window}-{group_by.replace(':', '-')}"
    if filters:
        name += "-" + hashlib.sha256(filters.encode("utf-8")).hexdigest()[:8]
    return export_file(name, ".csv", redacted)


def span_label(start: date, end: date) -> str:
    """``09-21…10-20``; with years when the span crosses one or is longer than half a year."""
    if start.year != end.year or (end - start).days > 183:
        return f"{start:%Y-%m-%d}…{end:%Y-%m-%d}"
    return f"{start:%m-%d}…{end:%m-%d}"


NARROWEST_GROUP = 20
"""Cells the group column keeps before long period headers go on two lines (a row of the table less)."""

MONEY_CELLS = 13
"""Cells of a large money figure (``$1,234,567.89``): what a figure column is at least as wide as."""


def _figures_width(headers: list[str]) -> int:
    """Cells of the figure columns: each as wide as its header or a money figure, plus the table's
    cell padding."""
    return sum(max(len(h), MONEY_CELLS) + 2 for h in headers) + 2


def _two_lines(label: str) -> str:
    """A column header on two lines, split after its ``…`` or ``/`` (``change/`` over ``day-norm.``)."""
    for mark in ("…", "/"):
        head, found, tail = label.partition(mark)
        if found and tail:
            return f"{head}{mark}\n{tail}"
    return label


def _pct(m: Mover) -> str:
    """``+2.8%``; ``new`` without a previous cost, ``—`` with no cost in either period."""
    if m.change_pct is not None:
        return f"{m.change_pct:+.1f}%"
    return "—" if not m.current else "new"


class TrendsScreen(DataScreen[TrendResult]):
    """The Spend trends mode."""

    BINDING_GROUP_TITLE = "Spend trends"
    AUTO_FOCUS = "#movers"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "focus_group_by", "Group by", id="trends.group_by", tooltip="Choose the dimension"),
        Binding("m", "cycle_metric", "Metric", id="trends.metric", tooltip="Billed, effective or list cost"),
        Binding("w", "cycle_window", "Window", id="trends.window", tooltip="30/90/365 days, month, year"),
        Binding("escape", "back", "Back", id="trends.back", tooltip="Undo the last drill-down"),
        Binding("e", "export_csv", "Export CSV", id="trends.export", tooltip="Write this view to a CSV"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.window, self.group_by, self.metric = DEFAULT_VIEW
        self.filters: tuple[trends.Filter, ...] = ()
        self.history: list[tuple[str, tuple[trends.Filter, ...]]] = []
        self._cursor_on: str | None = None
        """After Esc: the key of the group the view was drilled into, for the cursor to land on."""
        self.result: TrendResult | None = None
        self._tag_keys: tuple[str, ...] = ()
        self._persona_version = -1
        """The app's persona version whose defaults this view took (-1: none yet)."""
        self._afresh = False
        """The next load asks the cache again, not a view kept or asked ahead (``r``)."""
        self._table_view: tuple[object, ...] | None = None
        """Group-by, filters, window and metric of the rows in the movers table."""
        self._table_movers: tuple[str, ...] = ()
        """The group keys of those rows, in order."""
        self._return_to: tuple[str, int, str] | None = None
        """After ``open_from``: the mode Esc returns to, the history depth of the jump, the old window."""

    def compose_body(self) -> ComposeResult:
        """Controls, KPI tiles, chart and movers table."""
        self.take_persona()
        if self.group_by.startswith("tag:") and self.group_by[4:] not in self._tag_keys:
            self._tag_keys = (*self._tag_keys, self.group_by[4:])
        with Horizontal(id="controls"):
            yield Menu(self._group_options(), value=self.group_by, allow_blank=False, id="group-by")
            yield Static(id="breadcrumb")
        with Horizontal(id="kpis"):
            for name in ("mtd", "same", "change", "projection", "savings", "budget"):
                yield KpiTile(id=f"kpi-{name}")
        yield ChartLegend(id="chart-legend")
        yield SpendChart(id="chart")
        table: DataTable[Text] = RowTable(id="movers", cursor_type="row", zebra_stripes=True)
        yield table

    def _group_options(self) -> list[tuple[str, str]]:
        options = [(d.title, d.name) for d in trends.DIMENSIONS.values()]
        return options + [(f"Tag: {key}", f"tag:{key}") for key in self._tag_keys]

    # --- loading -----------------------------------------------------------------------------------

    def fixed_as_of(self) -> date | None:
        """The day asked for (``--as-of``); None: the newest complete charge day in the cache."""
        return self.finops.as_of

    def request(self) -> TrendRequest:
        """The question this view asks now (the prefetch at start-up answers the same one)."""
        settings = self.finops.settings
        return TrendRequest(
            as_of=self.fixed_as_of(),
            window=self.window,
            group_by=self.group_by,
            metric=self.metric,
            filters=self.filters,
            top_n=settings.top_n,
            budget=settings.budget,
            rules=settings.tag_rules(),
            limit=MOVERS_SHOWN,
        )

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> TrendResult:
        """Worker thread: resolve as-of, then ask every trends question on one cursor."""
        request = self.request()
        loads = self.finops.trend_loads
        afresh, self._afresh = self._afresh, False
        found = None if afresh else self.finops.take_prefetch(request) or loads.take(request)
        found = found or load_trends(cur, request)
        if found is None:
            raise NoData(self.finops.empty_cache_message())
        loads.keep(request, found)  # Esc back to this view, or a second visit, finds it done
        return found

    def action_reload(self) -> None:
        """Key ``r``: load this view again from the cache (not the copy kept since it was shown)."""
        self._afresh = True
        super().action_reload()

    _NEEDS_DATA = frozenset({"focus_group_by", "cycle_metric", "cycle_window", "export_csv"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys match the state (a key dimmed in the hints does nothing now): Esc only with a drill-down
        to undo; the view's keys once a load has shown data (on the empty-cache panel ``g`` opened an
        unseen menu)."""
        if action == "back":
            return True if self.history else None
        if action in self._NEEDS_DATA and self.result is None:
            return None
        return True

    def show(self, result: TrendResult) -> None:
        """Main thread: fill the tiles, chart, table and header."""
        self.result = result
        self.refresh_bindings()
        self._update_header(result)
        if result.tag_keys != self._tag_keys:
            self._tag_keys = result.tag_keys
            select = self.query_one("#group-by", Select)
            with self.prevent(Select.Changed):
                select.set_options(self._group_options())
                select.value = self.group_by
        self._show_breadcrumb(result)
        self._show_kpis(result)
        self._show_chart(result)
        self._show_table(result)

    def _update_header(self, result: TrendResult) -> None:
        app = self.finops
        app.header_info = HeaderInfo(
            as_of=result.as_of,
            providers=tuple((f.provider, f.complete_day or f.newest_day) for f in result.freshness),
            filters=self.filter_text(),
            redacted=app.redactor.on,
        )

    def filter_text(self) -> str:
        """The active filters as ``Service = Amazon EC2 > Usage type = ...`` (redacted when on)."""
        red = self.finops.redactor
        return f" {SEP} ".join(f"{trends.dimension_title(d)} = {red.value(d, v)}" for d, v in self.filters)

    def _show_breadcrumb(self, result: TrendResult | None = None) -> None:
        text = Text("All", style="bold")
        for dim, value in self.filters:
            text.append(f" {SEP} ", style="dim")
            text.append(f"{trends.dimension_title(dim)}: ", style="dim")
            text.append(self.finops.redactor.value(dim, value))
        text.append("   by ", style="dim")
        text.append(trends.dimension_title(self.group_by), style="bold")
        text.append(f"   {self.metric} cost, {WINDOW_TITLES[self.window]}", style="dim")
        view = result.view if result is not None else None
        hidden = _hidden_groups(view) if view is not None else 0
        if view is not None and hidden:
            shown = min(len(view.movers), MOVERS_SHOWN)
            text.append(f"   largest {shown:,} of {shown + hidden:,} changes", style="dim")
        if view is not None and view.previous_partial and view.first_day is not None:
            held = view.period.prev_days
            since = f"{view.first_day:%Y-%m-%d}"
            note = f"no data before {since}" if not held else f"previous: {held} days of data, from {since}"
            text.append(f"   * {note}", style="yellow")
        self.query_one("#breadcrumb", Static).update(text)

    def _money(self, value: Decimal | None, currency: str | None) -> str:
        return fmt.money(value, currency or self.finops.settings.currency)

    def _show_kpis(self, result: TrendResult) -> None:
        k = result.view.kpis
        cur = k.currency
        tile = self.query_one
        tile("#kpi-mtd", KpiTile).set_value("This month", self._money(k.mtd, cur), f"{k.mtd_days} days")
        prev_month = k.as_of.replace(day=1) - timedelta(days=1)
        tile("#kpi-same", KpiTile).set_value(
            "Last month", self._money(k.prev_same_days, cur), f"{prev_month:%b} 1-{k.prev_days} only"
        )
        change = k.change_pct
        style = "dim" if change is None else ("red" if change > 0 else "green")
        tile("#kpi-change", KpiTile).set_value(
            "Change/day", "—" if change is None else f"{change:+.1f}%", "vs same days", style
        )
        tile("#kpi-projection", KpiTile).set_value("Run rate", self._money(k.projection, cur), "to month end")
        tile("#kpi-savings", KpiTile).set_value("Savings", self._money(k.savings, cur), "vs list price")
        if k.budget is None:
            tile("#kpi-budget", KpiTile).set_value("Budget", "—", "none set")
        else:
            used = k.projection / k.budget * 100 if k.budget else Decimal(0)
            tile("#kpi-budget", KpiTile).set_value(
                "Budget",
                self._money(k.budget, cur),
                f"projected {used:.0f}%",
                "red" if used > 100 else "green",
            )

    def _labels(self, result: TrendResult) -> dict[str, str]:
        """Shown names (redacted when on) of the groups in the table and the chart, not of all."""
        red = self.finops.redactor
        movers = result.view.movers
        wanted = {m.key for m in movers[:MOVERS_SHOWN]} | {p.group for p in result.view.series}
        labels = {m.key: red.label(self.group_by, m.key, m.label) for m in movers if m.key in wanted}
        for p in result.view.series:  # a chart group beyond the movers fetched: its own name
            labels.setdefault(p.group, red.label(self.group_by, p.group, p.label or p.group))
        return labels

    def _show_chart(self, result: TrendResult) -> None:
        view = result.view
        chart = self.query_one(SpendChart)
        chart.replot(
            view.series,
            start=view.period.start,
            end=view.period.end,
            monthly=view.monthly,
            labels=self._labels(result),
            title=f"{self.metric} cost by {trends.dimension_title(self.group_by).lower()}",
            currency=_axis_currency(view.kpis.currency or self.finops.settings.currency),
            ids=self.group_by in ID_DIMENSIONS,
        )
        self.query_one(ChartLegend).show(chart.legend)

    def _show_table(self, result: TrendResult) -> None:
        table: DataTable[Text] = self.query_one("#movers", DataTable)
        view_key = (self.group_by, self.filters, self.window, self.metric)
        if self._cursor_on is None and view_key == self._table_view and table.row_count:
            # the same view again (R for redaction, r, a cache update): the cursor stays on its group
            row = table.cursor_row  # the "… more" line is past the movers: no group
            self._cursor_on = self._table_movers[row] if row < len(self._table_movers) else None
        self._table_view = view_key
        table.clear(columns=True)
        p = result.view.period
        partial = "*" if result.view.previous_partial else ""
        headers: tuple[tuple[str, str], ...] = (
            ("current", span_label(p.start, p.end)),
            ("previous", span_label(p.prev_start, p.prev_end) + partial),
            ("change", "change/day-norm."),
            ("pct", "change %"),
            ("savings", "savings"),
        )
        long = any(len(label) > MONEY_CELLS for _, label in headers[:2])
        stacked = long and self.size.width - _figures_width([h for _, h in headers]) < NARROWEST_GROUP
        if stacked:  # a span across a year ("2025-11-01…2026-10-20") on two lines: 100 columns fit
            headers = tuple((key, _two_lines(label)) for key, label in headers)
        table.header_height = 2 if stacked else 1
        room = self._label_room([max(label.split("\n"), key=len) for _, label in headers])
        movers = result.view.movers[:MOVERS_SHOWN]
        self._table_movers = tuple(m.key for m in movers)
        hidden = _hidden_groups(result.view)
        title = trends.dimension_title(self.group_by)
        if hidden:  # the count where it cannot scroll away (the breadcrumb is cut after drills)
            count = f" ({len(movers):,}/{len(movers) + hidden:,})"
            title = fmt.fit_label(title, max(4, room - len(count)), ids=False) + count
        table.add_column(Text(title), key="group")
        for key, label in headers:
            table.add_column(Text(label, justify="right"), key=key)
        labels = self._labels(result)
        currency = result.view.kpis.currency
        for index, m in enumerate(movers):
            up = m.change > 0
            style = "red" if up else ("green" if m.change < 0 else "")
            table.add_row(
                Text(self._fit(labels.get(m.key, m.key), room)),
                Text(self._money(m.current, currency), justify="right"),
                Text(self._money(m.previous, currency), justify="right"),
                Text(("+" if up else "") + self._money(m.change, currency), justify="right", style=style),
                Text(_pct(m), justify="right", style=style),
                Text(self._money(m.savings, currency), justify="right"),
                key=str(index),
            )
        wanted, self._cursor_on = self._cursor_on, None
        for index, m in enumerate(movers):
            if m.key == wanted:
                table.move_cursor(row=index)  # back where the drill started
                break
        if hidden:  # as wide as the group column may be, or it pushes the figures off (100 columns)
            more = fmt.fit_label(f"… {hidden:,} more", room, ids=False)
            hint = Text("e exports all", style="dim italic", justify="right")  # under the figures:
            table.add_row(  # in the group column it was cut, or widened it past 100 columns
                Text(more, style="dim italic"), hint, *(Text("") for _ in headers[1:]), key=MORE_ROW
            )

    def _label_room(self, headers: list[str]) -> int:
        """Cells for the group column: what the figure columns leave (ARNs pushed them off)."""
        return max(24, min(64, self.size.width - _figures_width(headers)))

    def _fit(self, label: str, room: int) -> str:
        return fmt.fit_label(label, room, ids=self.group_by in ID_DIMENSIONS)

    # --- choices -----------------------------------------------------------------------------------

    def set_group_by(self, group_by: str) -> None:
        """Regroup (keeps the filters)."""
        self._show_group(group_by)
        self.reload()

    def _show_group(self, group_by: str) -> None:
        """Make ``group_by`` the dimension and show it in the selector (no reload)."""
        self.group_by = trends.check_dimension(group_by)
        select = self.query_one("#group-by", Select)
        if select.value != group_by:
            with self.prevent(Select.Changed):
                if group_by not in {v for _, v in self._group_options()}:
                    self._tag_keys = (*self._tag_keys, group_by[4:])
                    select.set_options(self._group_options())
                select.value = group_by

    def reload(self) -> None:
        """Load the view, first taking the defaults of a persona picked since the last load.

        A view kept for this cache version (shown before, or asked ahead and done) is shown at once
        (``ready_result``): keys pressed just after Esc or Enter then act on its rows, not on the rows
        of the view being left while a load ran (↓ after Esc was undone when the load landed)."""
        self.take_persona()
        self.refresh_bindings()  # a drill-down or Esc changed what Esc can do
        super().reload()

    def ready_result(self) -> TrendResult | None:
        """The view kept for this cache version, unless ``r`` asked for the cache itself."""
        return None if self._afresh else self.finops.trend_loads.kept_now(self.request())

    def take_persona(self) -> None:
        """Window, metric and group-by of the app's persona, once per pick (filters are cleared)."""
        app = self.finops
        if app.persona is None or self._persona_version == app.persona_version:
            return
        self._persona_version = app.persona_version
        self.window, self.metric = app.persona.window, app.persona.metric
        self.filters, self.history = (), []
        group_by = app.persona.trends_group_by(app.settings.allocation.owner_tag)
        if self.is_mounted:
            self._show_group(group_by)
        else:  # composing: the selector is created with it
            self.group_by = trends.check_dimension(group_by)

    @on(Select.Changed, "#group-by")
    def _group_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.group_by:
            self.set_group_by(event.value)
            self.query_one("#movers").focus()

    def on_mount(self) -> None:
        """Closing the group-by menu returns to the table, whether or not the choice changed."""
        select = self.query_one("#group-by", Select)
        self.watch(select, "expanded", self._menu_toggled, init=False)
        self.watch(select.query_one(OptionList), "highlighted", self._ask_group_ahead, init=False)

    def _menu_toggled(self, expanded: bool) -> None:
        if not expanded:  # the select takes focus back as it closes: move on once that is done
            self.call_after_refresh(self._back_to_table)

    def _back_to_table(self) -> None:
        select = self.query_one("#group-by", Select)
        if self.focused is not None and (self.focused is select or select in self.focused.ancestors):
            self.query_one("#movers").focus()

    def action_focus_group_by(self) -> None:
        """Key ``g``: open the group-by selector."""
        select = self.query_one("#group-by", Select)
        select.focus()
        select.expanded = True

    def action_cycle_metric(self) -> None:
        """Key ``m``: effective → billed → list."""
        self.metric = METRIC_ORDER[(METRIC_ORDER.index(self.metric) + 1) % len(METRIC_ORDER)]
        self.reload()

    def action_cycle_window(self) -> None:
        """Key ``w``: 30 → 90 → 365 days → month to date → last month → year by month."""
        self.window = trends.WINDOWS[(trends.WINDOWS.index(self.window) + 1) % len(trends.WINDOWS)]
        self.reload()

    # --- asking ahead (see trend_ahead) ------------------------------------------------------------

    def drill_request(self, key: str) -> TrendRequest | None:
        """The question a drill into group ``key`` will ask (None at the most detailed level)."""
        target = trends.drill_target(self.group_by)
        if target == self.group_by:
            return None
        return dataclasses.replace(
            self.request(), group_by=target, filters=(*self.filters, (self.group_by, key))
        )

    @on(DataTable.RowHighlighted, "#movers")
    def _ask_drill_ahead(self, event: DataTable.RowHighlighted) -> None:
        """The cursor rests on a group: ask its drill-down now, so Enter finds it done."""
        if self.result is None or event.row_key.value in (None, MORE_ROW):
            return
        if self.query_one("#body").loading:
            return  # the rows are the previous view's
        request = self.drill_request(self.result.view.movers[int(event.row_key.value)].key)
        if request is not None:
            self.finops.trend_loads.ahead(request)

    def _ask_group_ahead(self, index: int | None) -> None:
        """The group-by menu highlights a dimension: ask that grouping now (while the menu is open)."""
        select = self.query_one("#group-by", Select)
        options = self._group_options()
        if not select.expanded or index is None or not 0 <= index < len(options):
            return
        group_by = options[index][1]
        if group_by != self.group_by and self.result is not None:
            self.finops.trend_loads.ahead(dataclasses.replace(self.request(), group_by=group_by))

    @on(DataTable.RowSelected, "#movers")
    def _drill(self, event: DataTable.RowSelected) -> None:
        if self.result is None or event.row_key.value in (None, MORE_ROW):
            return
        if self.query_one("#body").loading:
            return  # the rows are the previous view's until this load lands: their keys are not ours
        mover = self.result.view.movers[int(event.row_key.value)]
        self.drill_into(mover.key)

    def drill_into(self, key: str) -> None:
        """Filter to one group of the current dimension and regroup one level down."""
        request = self.drill_request(key)
        if request is None:
            label = self._labels(self.result).get(key, key) if self.result else key
            self.notify(f"The most detailed level: {label}", markup=False, timeout=10)
            return
        self.history.append((self.group_by, self.filters))
        self.filters = request.filters
        self.set_group_by(request.group_by)

    def action_back(self) -> None:
        """Key ``Esc``: undo the last drill-down (back to the screen that opened this view, if one did)."""
        if not self.history:
            return
        left = self.filters
        group_by, self.filters = self.history.pop()
        if len(left) > len(self.filters) and left[len(self.filters)][0] == group_by:
            self._cursor_on = left[len(self.filters)][1]  # the group drilled into, once it shows
        back = self._return_to
        if back is not None and len(self.history) < back[1]:
            self._return_to = None
            self.window = back[2]
            self.set_group_by(group_by)
            self.app.switch_mode(back[0])
            return
        self.set_group_by(group_by)

    def open_from(
        self, mode: str, filters: tuple[trends.Filter, ...], group_by: str, window: str | None = None
    ) -> None:
        """Show ``filters`` grouped by ``group_by`` for another screen; Esc here returns to ``mode``."""
        self.history.append((self.group_by, self.filters))
        self._return_to = (mode, len(self.history), self.window)
        self.filters = filters
        self.window = window or self.window
        self.set_group_by(group_by)

    def action_export_csv(self) -> None:
        """Key ``e``: write the movers table (every group, redaction included) to a CSV file."""
        if self.result is None:
            self.notify("Nothing to export yet.", markup=False)
            return
        if self.query_one("#body").loading:
            self.notify("The view is still loading; export it when it shows.", markup=False)
            return
        result = self.result
        name = export_name(
            result.as_of, self.metric, self.window, self.group_by, self.filter_text(),
            redacted=self.finops.redactor.on,
        )  # fmt: skip
        path = Path.cwd() / name
        if result.view.groups > len(result.view.movers):
            # the screen fetched the largest changes only: ask for every group, off the main thread
            request = dataclasses.replace(self.request(), as_of=result.as_of, limit=None)
            self.notify(f"Exporting {result.view.groups:,} groups…", markup=False)
            self._export_every_group(request, path)
            return
        self._write_export(result.view, self.request(), path)

    @work(thread=True, group="export", exit_on_error=False)
    def _export_every_group(self, request: TrendRequest, path: Path) -> None:
        try:
            with self.finops.cache.reader() as cur:
                found = load_trends(cur, request)
            if found is None:
                raise FinOpsError("the cache holds no charges any more")
            self.app.call_from_thread(self._write_export, found.view, request, path)
        except Exception as exc:  # shown, never raised: the screen keeps running
            message = f"Export failed: {exc}"
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)

    def _write_export(self, view: TrendView, request: TrendRequest, path: Path) -> None:
        red = self.finops.redactor
        rows = report.group_rows(view, request.group_by, red)
        context = report.csv_context(
            view, metric=request.metric, group_by=request.group_by, filters=request.filters, redactor=red
        )
        path.write_text(report.to_csv(rows, context), encoding="utf-8")
        groups = f"{len(rows):,} group" + ("" if len(rows) == 1 else "s")
        self.notify(f"Exported {groups} to {path}", markup=False)
