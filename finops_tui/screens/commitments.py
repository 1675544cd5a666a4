"""Commitments: are the reservations and savings plans used, how much usage they cover, what to buy next.

KPI tiles (utilisation, unused money, coverage, the suggested saving), then five tabs: utilisation and
coverage per provider, billing account, commitment or instance family (``v`` changes the breakdown),
AWS normalised unit-hours by family, the commitments seen in the data with the ones whose rows stopped,
and the guidance with every assumption it rests on. ``[``/``]`` step the month. Account and commitment
ids are pseudonyms when redacted; every billing string is rendered literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

import duckdb
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from finops_tui import formatting as fmt
from finops_tui.commitments.config import HOURS_PER_YEAR
from finops_tui.commitments.models import SCOPES, CommitmentsView, Group
from finops_tui.queries import allocation, commitments, trends
from finops_tui.reports.commitments import group_label
from finops_tui.screens.base import DataScreen, NoData, shown_tab
from finops_tui.widgets import KpiTile
from finops_tui.widgets.header_line import HeaderInfo

SCOPE_TITLES = {
    "provider": "Provider",
    "billing_account": "Billing account",
    "commitment": "Commitment",
    "family": "Instance family",
}
_TABS = ("use", "units", "lifetimes", "guidance")


@dataclass(frozen=True)
class CommitmentsResult:
    """One load of the commitments screen."""

    view: CommitmentsView
    providers: tuple[tuple[str, date | None], ...]
    months: tuple[date, ...]


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _change(now: Decimal | None, before: Decimal | None) -> Text:
    if now is None or before is None:
        return Text("—", justify="right", style="dim")
    diff = now - before
    style = "green" if diff > 0 else ("red" if diff < 0 else "")
    return Text(f"{diff:+.1f}", justify="right", style=style)


def _right(text: str, style: str = "") -> Text:
    return Text(text, justify="right", style=style)


def crop_middle(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, cut in the middle.

    Commitment names share their start and differ at the end ("r6i.2xlarge Linux us-east-1 1yr No
    Upfront" vs "... 3yr All Upfront"), so cutting the tail would make two commitments look alike.
    """
    if len(text) <= width:
        return text
    tail = (width - 1) * 11 // 20 + 1
    return f"{text[: width - 1 - tail]}…{text[-tail:]}"


class CommitmentsScreen(DataScreen[CommitmentsResult]):
    """The Commitments mode."""

    BINDING_GROUP_TITLE = "Commitments"
    AUTO_FOCUS = "#use"
    CSS = """
    CommitmentsScreen {
        #kpis { height: 5; }
        #tabs { height: 1fr; }
        TabPane { padding: 0; }
        #use-note, #units-note, #lifetimes-note { height: auto; padding: 0 1; }
        #guidance-note { height: auto; padding: 0 1; }
        #use, #units, #lifetimes, #guidance { height: 1fr; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket", "month(-1)", "Prev month", id="commitments.prev", tooltip="Month before"
        ),
        Binding(
            "right_square_bracket", "month(1)", "Next month", id="commitments.next", tooltip="Month after"
        ),
        Binding("t", "next_tab", "Next tab", id="commitments.tab", tooltip="Use, units, lifetimes, guidance"),
        Binding(
            "v",
            "cycle_scope",
            "Breakdown",
            id="commitments.scope",
            tooltip="Provider, billing account, commitment, instance family",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month: date | None = None
        self.scope = "commitment"
        self.result: CommitmentsResult | None = None

    def compose_body(self) -> ComposeResult:
        """KPI tiles, then the use / units / lifetimes / guidance tabs."""
        with Horizontal(id="kpis"):
            for name in ("utilisation", "unused", "coverage", "saving"):
                yield KpiTile(id=f"kpi-{name}")
        with TabbedContent(id="tabs"):
            with TabPane("Utilisation & coverage", id="tab-use"):
                yield Static(id="use-note")
                yield DataTable(id="use", cursor_type="row", zebra_stripes=True)
            with TabPane("Normalised units", id="tab-units"):
                yield Static(id="units-note")
                yield DataTable(id="units", cursor_type="row", zebra_stripes=True)
            with TabPane("Lifetimes", id="tab-lifetimes"):
                yield Static(id="lifetimes-note")
                yield DataTable(id="lifetimes", cursor_type="row", zebra_stripes=True)
            with TabPane("Guidance", id="tab-guidance"):
                yield Static(id="guidance-note")
                yield DataTable(id="guidance", cursor_type="row", zebra_stripes=True)

    # --- loading -----------------------------------------------------------------------------------

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> CommitmentsResult:
        """Worker thread: resolve as-of and ask the commitment questions on one cursor."""
        app = self.finops
        fresh = trends.freshness(cur)
        as_of = app.as_of or trends.default_as_of(cur)
        if as_of is None:
            raise NoData(app.empty_cache_message())
        view = commitments.commitments_view(
            cur, as_of=as_of, settings=app.settings.commitments, month=self.month
        )
        if not (view.groups or view.lifetimes or view.guidance):
            raise NoData(
                f"No commitment discounts and no on-demand instance usage up to {as_of:%Y-%m-%d}: nothing to "
                "measure and no baseline to size a commitment from."
            )
        known = tuple(m for m in allocation.months(cur) if m <= as_of)
        providers = tuple((f.provider, f.complete_day or f.newest_day) for f in fresh)
        return CommitmentsResult(view, providers, known)

    def show(self, result: CommitmentsResult) -> None:
        """Main thread: tiles and tables."""
        self.result = result
        view = result.view
        self.month = view.month
        month_end = allocation.add_months(view.month, 1) - timedelta(days=1)
        partial = " (partial)" if view.end < month_end else ""
        app = self.finops
        app.header_info = HeaderInfo(
            as_of=view.as_of,
            providers=result.providers,
            filters=f"month {view.month:%Y-%m} to {view.end:%m-%d}{partial}",
            redacted=app.redactor.on,
        )
        self._show_kpis(view)
        self._show_use(view)
        self._show_units(view)
        self._show_lifetimes(view)
        self._show_guidance(view)

    def _money(self, value: Decimal | None) -> str:
        view = self.result.view if self.result else None
        return fmt.money(value, (view.currency if view else None) or self.finops.settings.currency)

    def _show_kpis(self, view: CommitmentsView) -> None:
        t = view.total
        tile = self.query_one
        if t.utilisation_pct is None:
            tile("#kpi-utilisation", KpiTile).set_value("Utilisation", "—", "no commitments this month")
        else:
            change = _change(t.utilisation_pct, t.previous_utilisation_pct).plain
            tile("#kpi-utilisation", KpiTile).set_value(
                "Utilisation", _pct(t.utilisation_pct), f"{change} pts m/m"
            )
        tile("#kpi-unused", KpiTile).set_value(
            "Unused commitment", self._money(t.unused), f"of {self._money(t.used + t.unused)}",
            "red" if t.unused > 0 else "dim",
        )  # fmt: skip
        tile("#kpi-coverage", KpiTile).set_value(
            "Coverage", _pct(t.coverage_pct), f"{self._money(t.on_demand)} on demand"
        )
        saving = sum((g.annual_saving for g in view.guidance), Decimal(0))
        tile("#kpi-saving", KpiTile).set_value(
            "Guidance: saving/yr", self._money(saving), f"at {view.settings.discount_pct}% off (assumed)"
        )

    def _show_use(self, view: CommitmentsView) -> None:
        t = view.total
        note = Text(f"Utilisation and coverage by {SCOPE_TITLES[self.scope].lower()}", style="bold")
        note.append(
            "  ·  utilisation = used / (used + unused) · coverage = covered / (covered + on-demand) of "
            f"services with covered usage; other usage (spot …) {self._money(t.other)} is left out  ·  "
            "v: breakdown",
            style="dim",
        )
        self.query_one("#use-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#use", DataTable)
        table.clear(columns=True)
        by_provider = self.scope == "provider"  # the group is the provider: no second provider column
        headers = [Text(SCOPE_TITLES[self.scope]), *([] if by_provider else [Text("provider")])]
        if self.scope == "commitment":
            headers.append(Text("type"))
            labels = ["used", "unused", "util.", "util. m/m"]
        else:
            labels = ["used", "unused", "util.", "util. m/m", "covered", "on-demand", "coverage", "cov. m/m"]
        headers += [Text(label, justify="right") for label in labels]
        rows = [self._use_cells(g) for g in (t, *view.scope(self.scope))]
        # long names are cut in the middle so the figures stay in view on narrow terminals
        others = sum(max(r[c].cell_len for r in [headers, *rows]) + 2 for c in range(1, len(headers)))
        room = max(18, self.size.width - 4 - others)
        for n, header in enumerate(headers):
            table.add_column(header, key="group" if n == 0 else header.plain)
        for i, cells in enumerate(rows):
            cells[0] = Text(crop_middle(cells[0].plain, room), style=cells[0].style)
            table.add_row(*cells, key=str(i))

    def _use_cells(self, g: Group) -> list[Text]:
        label = group_label(g, self.finops.redactor)
        cells = [Text(label, style="bold" if g.scope == "overall" else "")]
        if self.scope != "provider":
            cells.append(Text(g.provider))
        if self.scope == "commitment":
            cells.append(Text(g.detail))
        util = g.utilisation_pct
        util_style = "" if util is None else ("green" if util >= 95 else ("yellow" if util >= 80 else "red"))
        cells += [
            _right(self._money(g.used)),
            _right(self._money(g.unused), "red" if g.unused > 0 else ""),
            _right(_pct(util), util_style),
            _change(util, g.previous_utilisation_pct),
        ]
        if self.scope != "commitment":
            cells += [
                _right(self._money(g.covered)),
                _right(self._money(g.on_demand)),
                _right(_pct(g.coverage_pct)),
                _change(g.coverage_pct, g.previous_coverage_pct),
            ]
        return cells

    def _show_units(self, view: CommitmentsView) -> None:
        note = Text("Instance hours in AWS normalisation unit-hours by family", style="bold")
        note.append(
            "  ·  nano 0.25, micro 0.5, small 1, medium 2, large 4, xlarge 8, Nxlarge 8·N per hour",
            style="dim",
        )
        for u in view.unnormalised:
            note.append(f"\nnot normalised ({u.provider}): {u.hours:,.0f} h of ", style="yellow")
            note.append(", ".join(u.types), style="yellow")
            note.append("  (metal, or no AWS size: no factor to use)", style="dim")
        self.query_one("#units-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#units", DataTable)
        table.clear(columns=True)
        table.add_column(Text("family"), key="family")
        table.add_column(Text("provider"), key="provider")
        for label in ("covered", "on-demand", "covered %", "unused reserved"):
            table.add_column(Text(label, justify="right"), key=label)
        for i, f in enumerate(view.families):
            total = f.covered_units + f.on_demand_units
            share = None if not total else f.covered_units / total * 100
            table.add_row(
                Text(f.family), Text(f.provider), _right(f"{f.covered_units:,.0f}"),
                _right(f"{f.on_demand_units:,.0f}"), _right(_pct(share)),
                _right(f"{f.unused_units:,.0f}", "red" if f.unused_units else ""), key=str(i),
            )  # fmt: skip

    def _show_lifetimes(self, view: CommitmentsView) -> None:
        ended = [x for x in view.lifetimes if x.ended]
        note = Text(f"{len(view.lifetimes)} commitments in the data, {len(ended)} ended", style="bold")
        note.append(
            f"  ·  end dates are not in the billing data: 'ended' means no used or unused row for "
            f"{view.settings.ended_after_days}+ days before as-of",
            style="dim",
        )
        self.query_one("#lifetimes-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#lifetimes", DataTable)
        table.clear(columns=True)
        for label in ("commitment", "status", "last day", "first day", "provider", "type"):
            table.add_column(Text(label), key=label)
        red = self.finops.redactor
        for i, x in enumerate(view.lifetimes):
            table.add_row(
                Text(red.label("resource", x.commitment_id, x.commitment_name or x.commitment_id)),
                Text("ended (rows stopped)", style="yellow") if x.ended else Text("active", style="green"),
                Text(f"{x.last_day:%Y-%m-%d}"),
                Text(f"{x.first_day:%Y-%m-%d}"),
                Text(x.provider),
                Text(x.commitment_type or "—"),
                key=str(i),
            )

    def _show_guidance(self, view: CommitmentsView) -> None:
        s = view.settings
        note = Text(
            "Guidance, not a purchase: a commitment sized to the steady on-demand compute", style="bold"
        )
        note.append(
            f"\nassumptions ([commitments] in the settings file): baseline = the {s.baseline_percentile}th "
            f"percentile of daily on-demand instance cost (PricingCategory Standard, no commitment, "
            f"compute rows with an instance type) over the {s.baseline_days} days to as-of, days without "
            f"cost count as zero; discount {s.discount_pct}%; {HOURS_PER_YEAR:,} hours a year. The Waste "
            "screen's commitment candidate uses the lowest day instead.",
            style="dim",
        )
        self.query_one("#guidance-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#guidance", DataTable)
        table.clear(columns=True)
        table.add_column(Text("provider"), key="provider")
        table.add_column(Text("window"), key="window")
        for label in ("baseline/day", "on-demand/h", "commit/h", "saving/yr"):
            table.add_column(Text(label, justify="right"), key=label)
        for i, g in enumerate(view.guidance):
            table.add_row(
                Text(g.provider), Text(f"{g.start:%m-%d}..{g.end:%m-%d} ({g.days_with_cost} d with cost)"),
                _right(self._money(g.baseline_daily)), _right(f"{g.on_demand_hourly:,.4f}"),
                _right(f"{g.commitment_hourly:,.4f}"), _right(self._money(g.annual_saving), "green"),
                key=str(i),
            )  # fmt: skip

    def on_resize(self) -> None:
        """Crop the long commitment names on narrow terminals so the figures stay in view."""
        if self.result is not None:
            self._show_use(self.result.view)

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
        """Key ``t``: use → units → lifetimes → guidance → use (focuses the tab's table)."""
        tabs = self.query_one("#tabs", TabbedContent)
        current = (tabs.active or "tab-use").removeprefix("tab-")
        target = _TABS[(_TABS.index(current) + 1) % len(_TABS)] if current in _TABS else "use"
        tabs.active = f"tab-{target}"
        self.query_one(f"#{target}", DataTable).focus()

    _TAB_ACTIONS: ClassVar[dict[str, frozenset[str]]] = {"cycle_scope": frozenset({"use"})}
    """Keys that act on some tabs only: ``v`` regroups the Use table and showed on every tab, doing
    nothing elsewhere (``[``/``]`` stay: the month's tiles sit above every tab)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show a tab's own keys only while that tab is shown."""
        tabs = self._TAB_ACTIONS.get(action)
        return tabs is None or self._tab() in tabs

    def _tab(self) -> str:
        """The tab shown: ``use``, ``units``, ``lifetimes`` or ``guidance``."""
        return shown_tab(self, "use")

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_changed(self) -> None:
        self.refresh_bindings()  # the key bar shows the keys of the tab now shown

    def action_cycle_scope(self) -> None:
        """Key ``v``: commitment → instance family → provider → billing account → commitment."""
        order = (*SCOPES[2:], *SCOPES[:2])
        self.scope = order[(order.index(self.scope) + 1) % len(order)]
        if self.result is not None:
            self._show_use(self.result.view)
