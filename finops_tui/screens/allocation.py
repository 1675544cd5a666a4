"""Allocation readiness: who owns each dollar, where the gaps are, and the showback for the month.

KPI tiles (readiness score, all-keys coverage, untagged and untaggable cost), then four tabs:
coverage per key with the monthly trend and target line, the gaps to fix ranked by money, the tag
spellings to merge, and the showback per team. ``[``/``]`` step the month, ``v`` changes the coverage
breakdown, ``e`` writes the tab shown as CSV (coverage, gaps or the chargeback; keys that do nothing
on a tab are hidden there). Every billing string is rendered literally.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import duckdb
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from finops_tui import formatting as fmt
from finops_tui.allocation_models import SCOPES, AllocationView
from finops_tui.queries import allocation, trends
from finops_tui.reports import allocation as report
from finops_tui.screens.base import DataScreen, NoData, export_file, shown_tab
from finops_tui.widgets import KpiTile
from finops_tui.widgets.cost_axis import fitted_ticks
from finops_tui.widgets.header_line import HeaderInfo

RESOURCE_WIDTH = 40
"""Most cells of the Gaps tab's resource column; longer ids keep their end (``fmt.short_id``)."""
MIN_RESOURCE_WIDTH = 24
"""Fewest: a narrower terminal scrolls the table sideways rather than cut ids to nothing."""
SCOPE_TITLES = {
    "overall": "All spend",
    "provider": "Provider",
    "sub_account": "Sub-account",
    "service": "Service",
}
_REDACT_DIM = {
    "sub_account": "sub_account",
    "provider": "provider",
    "service": "service",
    "overall": "overall",
}


@dataclass(frozen=True)
class AllocationResult:
    """One load of the allocation screen."""

    view: AllocationView
    providers: tuple[tuple[str, date | None], ...]
    months: tuple[date, ...]


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _right(text: str, style: str = "") -> Text:
    return Text(text, justify="right", style=style)


class AllocationScreen(DataScreen[AllocationResult]):
    """The Allocation mode."""

    BINDING_GROUP_TITLE = "Allocation"
    AUTO_FOCUS = "#coverage"
    CSS = """
    AllocationScreen {
        #kpis { height: 5; }
        #tabs { height: 1fr; }
        TabPane { padding: 0; }
        #coverage-row { height: 1fr; }
        #coverage { width: 1fr; height: 1fr; }
        #trend { width: 30; height: 1fr; }
        #coverage-note, #gaps-note, #hygiene-note, #showback-note { height: 1; padding: 0 1; }
        #gaps, #hygiene, #showback { height: 1fr; }
        #gaps-detail { height: auto; max-height: 3; padding: 0 1; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket", "month(-1)", "Prev month", id="allocation.prev", tooltip="Month before"
        ),
        Binding(
            "right_square_bracket", "month(1)", "Next month", id="allocation.next", tooltip="Month after"
        ),
        Binding(
            "t", "next_tab", "Next tab", id="allocation.tab", tooltip="Coverage, gaps, hygiene, showback"
        ),
        Binding("v", "cycle_scope", "Breakdown", id="allocation.scope", tooltip="Coverage by dimension"),
        Binding(
            "e", "export_coverage", "Export coverage", id="allocation.export",
            tooltip="Coverage rows (all spend, provider, sub-account, service) as CSV",
        ),
        Binding(
            "e", "export_gaps", "Export gaps", id="allocation.export",
            tooltip="The gaps with their whole resource ids as CSV",
        ),
        Binding("e", "export_showback", "Export showback", id="allocation.export", tooltip="Chargeback CSV"),
    ]  # fmt: skip
    _TAB_ACTIONS: ClassVar[dict[str, str]] = {
        "cycle_scope": "coverage",
        "export_coverage": "coverage",
        "export_gaps": "gaps",
        "export_showback": "showback",
    }
    """Keys that act on one tab only: elsewhere they are hidden from the key bar and ``?``, and ``e``
    falls through to the export of the tab shown (no Hygiene export: its rows are in the report)."""

    def __init__(self) -> None:
        super().__init__()
        self.month: date | None = None
        self.scope = "sub_account"
        self.result: AllocationResult | None = None

    def compose_body(self) -> ComposeResult:
        """KPI tiles, then the coverage / gaps / hygiene / showback tabs."""
        with Horizontal(id="kpis"):
            for name in ("readiness", "coverage", "untagged", "untaggable", "showback"):
                yield KpiTile(id=f"kpi-{name}")
        with TabbedContent(id="tabs"):
            with TabPane("Coverage", id="tab-coverage"):
                yield Static(id="coverage-note")
                with Horizontal(id="coverage-row"):
                    yield DataTable(id="coverage", cursor_type="row", zebra_stripes=True)
                    yield PlotextPlot(id="trend")
            with TabPane("Gaps", id="tab-gaps"):
                yield Static(id="gaps-note")
                yield DataTable(id="gaps", cursor_type="row", zebra_stripes=True)
                yield Static(id="gaps-detail")
            with TabPane("Hygiene", id="tab-hygiene"):
                yield Static(id="hygiene-note")
                yield DataTable(id="hygiene", cursor_type="row", zebra_stripes=True)
            with TabPane("Showback", id="tab-showback"):
                yield Static(id="showback-note")
                yield DataTable(id="showback", cursor_type="row", zebra_stripes=True)

    # --- loading -----------------------------------------------------------------------------------

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> AllocationResult:
        """Worker thread: resolve as-of and ask every allocation question on one cursor."""
        app = self.finops
        fresh = trends.freshness(cur)
        as_of = app.as_of or trends.default_as_of(cur)
        if as_of is None:
            raise NoData(app.empty_cache_message())
        try:
            view = allocation.allocation_view(cur, as_of=as_of, settings=app.settings, month=self.month)
        except allocation.NoCostInMonth as exc:  # e.g. an --as-of past the data: an empty state, not an error
            raise NoData(f"{exc}.") from None
        known = tuple(m for m in allocation.months(cur) if m <= as_of)
        providers = tuple((f.provider, f.complete_day or f.newest_day) for f in fresh)
        return AllocationResult(view, providers, known)

    def show(self, result: AllocationResult) -> None:
        """Main thread: tiles, tables and chart."""
        self.result = result
        self.month = result.view.month
        app = self.finops
        app.header_info = HeaderInfo(
            as_of=result.view.as_of,
            providers=result.providers,
            filters=f"month {result.view.month:%Y-%m}"
            + _partial(result.view.month, result.view.as_of, result.providers),
            redacted=app.redactor.on,
        )
        self._show_kpis(result.view)
        self._show_coverage(result.view)
        self._show_trend(result.view)
        self._show_gaps(result.view)
        self._show_hygiene(result.view)
        self._show_showback(result.view)

    def _money(self, value: Decimal | None) -> str:
        view = self.result.view if self.result else None
        return fmt.money(value, (view.currency if view else None) or self.finops.settings.currency)

    def _show_kpis(self, view: AllocationView) -> None:
        point = view.point
        trend = [p for p in view.trend if p.month < view.month]
        before = trend[-1].readiness_pct if trend else None
        score = point.readiness_pct
        delta = "" if before is None or score is None else f"{score - before:+.1f} pts m/m"
        below = score is not None and score < view.target_pct
        tile = self.query_one
        tile("#kpi-readiness", KpiTile).set_value(
            "Readiness", _pct(score), delta or f"target {view.target_pct:.0f}%",
            "red" if below else "green",
        )  # fmt: skip
        tile("#kpi-coverage", KpiTile).set_value(
            "All req. tags", _pct(point.coverage_pct), f"target {view.target_pct:.0f}%"
        )
        tile("#kpi-untagged", KpiTile).set_value(
            "Untagged", self._money(view.overall.untagged), "lacks a req. tag"
        )
        tile("#kpi-untaggable", KpiTile).set_value(
            "Untaggable", self._money(view.overall.untaggable), "tax, fees …"
        )
        tile("#kpi-showback", KpiTile).set_value(
            "Month total", self._money(view.showback.total), f"{len(view.showback.rows) - 1} teams"
        )

    def _show_coverage(self, view: AllocationView) -> None:
        red = self.finops.redactor
        note = Text(
            f"Coverage by {SCOPE_TITLES[self.scope].lower()}, % of taggable effective cost", style="bold"
        )
        note.append(f"  ·  required: {', '.join(view.required)}  ·  v: breakdown", style="dim")
        self.query_one("#coverage-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#coverage", DataTable)
        table.clear(columns=True)
        table.add_column(Text(SCOPE_TITLES[self.scope]), key="group")
        for label in ("taggable", "untagged", *view.required, "all"):
            table.add_column(Text(label, justify="right"), key=label)
        rows = (view.overall, *view.scope(self.scope)) if self.scope != "overall" else (view.overall,)
        for i, c in enumerate(rows):
            label = red.label(_REDACT_DIM[c.scope], c.key, c.label)
            cells = [_right(_pct(c.pct(k))) for k in range(len(view.required))]
            all_pct = c.pct(-1)
            style = "" if all_pct is None else ("green" if all_pct >= view.target_pct else "red")
            table.add_row(
                Text(label, style="bold" if c.scope == "overall" else ""),
                _right(self._money(c.taggable)),
                _right(self._money(c.untagged)),
                *cells,
                _right(_pct(all_pct), style),
                key=str(i),
            )

    def _show_trend(self, view: AllocationView) -> None:
        chart = self.query_one("#trend", PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("readiness / all tags / target %")
        names = [f"{p.month:%y-%m}" for p in view.trend]
        xs = list(range(len(names)))
        readiness = [float(p.readiness_pct or 0) for p in view.trend]
        coverage = [float(p.coverage_pct or 0) for p in view.trend]
        plt.plot(xs, readiness, label="readiness")
        plt.plot(xs, coverage, label="all tags")
        plt.plot(xs, [float(view.target_pct)] * len(xs), label="target")
        plt.ylim(0, 100)
        # whole percentages, one label every other row at most (plotext's own read 83.3 / 66.7 / 16.7)
        steps = fitted_ticks(0.0, 100.0, chart.size.height)
        plt.yticks(steps, [f"{t:.0f}%" for t in steps])
        step = max(1, len(xs) // 4)
        plt.xticks([float(x) for x in xs[::step]], names[::step])
        chart.refresh()

    def _show_gaps(self, view: AllocationView) -> None:
        red = self.finops.redactor
        total = sum((g.cost for g in view.gaps), Decimal(0))
        note = Text(f"Top {len(view.gaps)} taggable resources missing required tags", style="bold")
        note.append(f"  ·  {self._money(total)} in {view.month:%Y-%m}  ·  largest first", style="dim")
        self.query_one("#gaps-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#gaps", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        rows = [
            (
                _right(self._money(g.cost)),
                Text(", ".join(g.missing), style="yellow"),
                _owner(g.owner_guess, g.owner_source),
            )
            for g in view.gaps
        ]
        width = self._resource_width(rows)
        table.add_column(Text("cost", justify="right"), key="cost")
        table.add_column(Text("missing"), key="missing")
        table.add_column(Text("owner guess"), key="owner")
        table.add_column(Text("resource"), key="resource", width=width)
        table.add_column(Text("sub-account"), key="sub")
        table.add_column(Text("service"), key="service")
        for i, (g, lead) in enumerate(zip(view.gaps, rows, strict=True)):
            table.add_row(
                *lead,
                Text(fmt.short_id(red.value("resource", g.resource_id), width)),
                Text(red.label("sub_account", g.sub_account_id or "", g.sub_account_name or "")),
                Text(g.service or "—"),
                key=str(i),
            )
        if 0 < keep < table.row_count:
            table.move_cursor(row=keep)
        self._show_gap_detail(table.cursor_row)

    def _resource_width(self, rows: list[tuple[Text, Text, Text]]) -> int:
        """Cells for the resource column: what the columns before it leave on screen, at most
        ``RESOURCE_WIDTH``, so the id's end (the part that tells ids apart) is never scrolled off."""
        headers = (4, 7, 11)  # "cost", "missing", "owner guess"
        lead = sum(max([h, *(r[i].cell_len for r in rows)]) + 2 for i, h in enumerate(headers))
        room = self.size.width - lead - 2 - 2  # the resource cell's padding, the scrollbar
        return max(MIN_RESOURCE_WIDTH, min(RESOURCE_WIDTH, room))

    def _show_gap_detail(self, row: int) -> None:
        """The highlighted gap's whole resource id (the table shows its end), redacted like the rows."""
        view = self.result.view if self.result else None
        detail = self.query_one("#gaps-detail", Static)
        if view is None or not 0 <= row < len(view.gaps):
            detail.update(Text("No taggable resource misses a required tag this month.", style="dim"))
            return
        g = view.gaps[row]
        text = Text()
        text.append("resource  ", style="dim")
        text.append(self.finops.redactor.value("resource", g.resource_id))
        detail.update(text)

    @on(DataTable.RowHighlighted, "#gaps")
    def _gap_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_gap_detail(event.cursor_row)

    def _show_hygiene(self, view: AllocationView) -> None:
        # each resource once: the groups' own figures overlap (env=Prod is in two groups)
        spent = f"{self._money(view.hygiene_cost)} of {self._money(view.overall.total)}"
        note = Text(f"{len(view.hygiene)} tag spellings to merge", style="bold")
        note.append(f"  ·  {spent} carries a non-proposed spelling  ·  largest first", style="dim")
        self.query_one("#hygiene-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#hygiene", DataTable)
        table.clear(columns=True)
        table.add_column(Text("affected", justify="right"), key="affected")
        for name in ("kind", "key", "proposal", "spellings (cost)"):
            table.add_column(Text(name), key=name)
        for i, h in enumerate(view.hygiene):
            spellings = Text()
            for n, v in enumerate(h.variants):
                if n:
                    spellings.append(", ", style="dim")
                spellings.append(repr(v.spelling))
                spellings.append(f" {self._money(v.cost)}", style="dim")
            proposal = (
                Text("set a value or drop the key", style="italic")
                if h.kind == "empty"
                else Text(repr(h.proposal), style="green")
            )
            table.add_row(
                _right(self._money(h.affected)), Text(h.kind), Text(h.key), proposal, spellings, key=str(i)
            )

    def _show_showback(self, view: AllocationView) -> None:
        sb = view.showback
        lines = report.showback_lines(sb, view.currency)
        pools = ", ".join(f"{name} {self._money(cost)}" for name, cost in sb.pools) or "none"
        note = Text(f"Showback {sb.month:%Y-%m}: {self._money(sb.total)}", style="bold")
        note.append(f"  ·  shared pools: {pools}  ·  e: export CSV", style="dim")
        self.query_one("#showback-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#showback", DataTable)
        table.clear(columns=True)
        table.add_column(Text("team"), key="team")
        for name in ("direct", "shared", "total", "last month", "change"):
            table.add_column(Text(name, justify="right"), key=name)
        for i, line in enumerate(lines):
            change = line["change"]
            style = "" if change is None else ("red" if Decimal(change) > 0 else "green")
            prev = line["previous_total"]
            table.add_row(
                Text(line["team"] or "", style="dim italic" if line["team"] == "(unallocated)" else ""),
                _right(self._money(Decimal(line["direct"] or 0))),
                _right(self._money(Decimal(line["shared"] or 0))),
                _right(self._money(Decimal(line["total"] or 0)), "bold"),
                _right("—" if prev is None else self._money(Decimal(prev))),
                _right("—" if change is None else self._money(Decimal(change)), style),
                key=str(i),
            )
        table.add_row(
            Text("total", style="bold"), _right(""), _right(""), _right(self._money(sb.total), "bold"),
            _right(self._money(sb.previous_total)), _right(""), key="total",
        )  # fmt: skip

    def on_resize(self) -> None:
        """Give the coverage table the whole width on narrow terminals (the trend chart hides)."""
        self.query_one("#trend").display = self.size.width >= 110
        if self.result is not None:  # the resource column fits the width left
            self._show_gaps(self.result.view)

    # --- choices -----------------------------------------------------------------------------------

    def action_month(self, step: int) -> None:
        """Keys ``[`` / ``]``: the month before or after (within the cache)."""
        if self.result is None or self.month is None:
            return
        months = sorted(self.result.months)
        if self.month not in months:
            return
        index = months.index(self.month) + step
        if not 0 <= index < len(months):
            self.notify("No more months in the cache.", markup=False)
            return
        self.month = months[index]
        self.reload()

    def action_next_tab(self) -> None:
        """Key ``t``: coverage → gaps → hygiene → showback → coverage (focuses the tab's table)."""
        tabs = self.query_one("#tabs", TabbedContent)
        order = ("coverage", "gaps", "hygiene", "showback")
        current = (tabs.active or "tab-coverage").removeprefix("tab-")
        target = order[(order.index(current) + 1) % len(order)] if current in order else "coverage"
        tabs.active = f"tab-{target}"
        self.query_one(f"#{target}", DataTable).focus()

    def action_cycle_scope(self) -> None:
        """Key ``v``: coverage by provider → sub-account → service → all spend."""
        self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        if self.result is not None:
            self._show_coverage(self.result.view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide a tab's own keys (``v``, each ``e``) while another tab is shown."""
        tab = self._TAB_ACTIONS.get(action)
        return tab is None or tab == self._tab()

    def _tab(self) -> str:
        """The tab shown: ``coverage``, ``gaps``, ``hygiene`` or ``showback``."""
        return shown_tab(self, "coverage")

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_changed(self) -> None:
        self.refresh_bindings()  # the key bar shows the keys of the tab now shown

    def action_export_coverage(self) -> None:
        """Key ``e`` on Coverage: every coverage row of the month shown (redacted when ``R`` is on)."""
        self._export("coverage", lambda view: report.coverage_csv(view, self.finops.redactor))

    def action_export_gaps(self) -> None:
        """Key ``e`` on Gaps: the gaps with their whole resource ids (redacted when ``R`` is on)."""
        self._export("gaps", lambda view: report.gaps_csv(view, self.finops.redactor))

    def action_export_showback(self) -> None:
        """Key ``e`` on Showback: the chargeback CSV of the month shown."""
        self._export("showback", lambda view: report.showback_csv(view.showback, view.currency))

    def _export(self, what: str, render: Callable[[AllocationView], str]) -> None:
        """Write ``finops-<what>-<month>.csv`` of the month shown in the working directory."""
        if self.result is None:
            self.notify("Nothing to export yet.", markup=False)
            return
        view = self.result.view
        path = Path.cwd() / export_file(f"finops-{what}-{view.month:%Y-%m}", ".csv", self.finops.redactor.on)
        path.write_text(render(view), encoding="utf-8")
        self.notify(f"Exported the {view.month:%Y-%m} {what} to {path}", markup=False)


def _owner(guess: str | None, source: str) -> Text:
    """The owner guess and where it comes from (the account map or the account's main team)."""
    owner = Text(guess or "—")
    if source:
        owner.append(" (map)" if source == "account map" else " (guess)", style="dim")
    return owner


def _partial(month: date, as_of: date, providers: tuple[tuple[str, date | None], ...] = ()) -> str:
    """`` (partial, to 12-04)`` when the month shown has not ended by the as-of day.

    Allocation reads monthly rollups: an ``--as-of`` before the cache's newest day still shows every
    charge of its month the cache holds. The header says so rather than "to" a day it does not stop at.
    """
    ends = allocation.add_months(month, 1) - timedelta(days=1)
    if not month <= as_of < ends:
        return ""
    newest = max((day for _, day in providers if day is not None), default=as_of)
    if newest > as_of:
        return f" (monthly figures to {min(newest, ends):%m-%d}, past the as-of day)"
    return f" (partial, to {as_of:%m-%d})"
