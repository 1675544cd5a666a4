"""Finance: does the cache match the invoice, and what did discounts take off the list price?

Tab one lists every billing period per provider and billing account with billed, effective, the
unexplained residual and the recorded invoice; a period whose data may still change is marked.
``Enter`` on a period shows its lines (usage, commitment usage, unused commitment, purchases,
credits, tax, adjustments, corrections, unexplained) and why it is not final. Tab two walks from list
price to effective cost per month and provider, and for the year to date. Billing strings are shown
literally and account ids pass through the redactor.
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
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from finops_tui import formatting as fmt
from finops_tui.finance_models import LIST_STEPS, FinanceView, ListWaterfall, Reconciliation
from finops_tui.queries import finance, trends
from finops_tui.screens.base import DataScreen, NoData
from finops_tui.widgets.header_line import HeaderInfo

PERIOD_COLUMNS = (
    "period", "status", "provider", "billing acct.", "billed", "invoice", "inv. - billed",
    "effective", "unexplained", "billed - eff.",
)  # fmt: skip
"""Invoice next to billed (the figure it is checked against), so both fit at 100 columns; the
unexplained residual before billed - eff. (which the lines break down anyway), so it fits at 120."""
LINE_COLUMNS = ("line", "rows", "billed", "effective", "list", "billed - eff.", "explains")


@dataclass(frozen=True)
class FinanceResult:
    """One load of the Finance screen."""

    view: FinanceView
    providers: tuple[tuple[str, date | None], ...]


def _right(text: str, style: str = "") -> Text:
    return Text(text, justify="right", style=style)


class FinanceScreen(DataScreen[FinanceResult]):
    """The Finance mode."""

    BINDING_GROUP_TITLE = "Finance"
    AUTO_FOCUS = "#periods"
    CSS = """
    FinanceScreen {
        #tabs { height: 1fr; }
        TabPane { padding: 0; }
        #recon-note, #lines-note, #list-note { height: auto; max-height: 3; padding: 0 1; }
        #periods { height: 1fr; min-height: 5; }
        #lines { height: 1fr; min-height: 5; }
        #line-explain { height: 1; padding: 0 1; }
        #listprice { height: 1fr; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "next_tab", "Next tab", id="finance.tab", tooltip="Reconciliation or list-price view"),
        Binding(
            "l",
            "focus_lines",
            "Lines",
            id="finance.lines",
            tooltip="Move between the periods and their lines",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: FinanceResult | None = None
        self.shown: Reconciliation | None = None

    def compose_body(self) -> ComposeResult:
        """Reconciliation tab (periods over the chosen period's lines) and the list-price tab."""
        with TabbedContent(id="tabs"):
            with TabPane("Reconciliation", id="tab-recon"):
                yield Static(id="recon-note")
                yield DataTable(id="periods", cursor_type="row", zebra_stripes=True, fixed_columns=2)
                yield Static(id="lines-note")
                yield DataTable(id="lines", cursor_type="row", zebra_stripes=True)
                yield Static(id="line-explain", markup=False)
            with TabPane("List price", id="tab-list"):
                yield Static(id="list-note")
                yield DataTable(id="listprice", cursor_type="row", zebra_stripes=True, fixed_columns=2)

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> FinanceResult:
        """Worker thread: resolve as-of and ask the finance questions."""
        app = self.finops
        fresh = trends.freshness(cur)
        as_of = app.as_of or trends.default_as_of(cur)
        if as_of is None:
            raise NoData(app.empty_cache_message())
        view = finance.finance_view(cur, as_of=as_of)
        if not view.reconciliations:
            raise NoData("No billing periods up to the as-of day: import or sync billing data.")
        return FinanceResult(view, tuple((f.provider, f.complete_day or f.newest_day) for f in fresh))

    def show(self, result: FinanceResult) -> None:
        """Main thread: the periods, the first (or still chosen) period's lines and the list-price view."""
        self.result = result
        app = self.finops
        app.header_info = HeaderInfo(
            as_of=result.view.as_of, providers=result.providers, filters="finance", redacted=app.redactor.on
        )
        self._show_periods(result.view)
        keep = self.shown
        again = [r for r in result.view.reconciliations if keep and _key(r) == _key(keep)]
        self._show_lines(again[0] if again else result.view.reconciliations[0])
        self._show_list(result.view)

    def _money(self, value: Decimal | None, currency: str | None) -> str:
        return "—" if value is None else fmt.money(value, currency or self.finops.settings.currency)

    def _account(self, account: str) -> Text:
        return Text(self.finops.redactor.value("billing_account", account))

    def _show_periods(self, view: FinanceView) -> None:
        open_ = sum(1 for r in view.reconciliations if r.not_final)
        note = Text("Billed vs effective per billing period", style="bold")
        note.append(f"  ·  {open_} not final  ·  Enter: lines  ·  t: list-price view", style="dim")
        self.query_one("#recon-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#periods", DataTable)
        table.clear(columns=True)
        for i, label in enumerate(PERIOD_COLUMNS):
            table.add_column(Text(label, justify="right" if i >= 4 else "left"), key=label)
        for n, r in enumerate(view.reconciliations):
            cur = r.currency
            gap = r.unexplained.difference
            inv = r.invoice_difference
            table.add_row(
                Text(f"{r.period:%Y-%m}"),
                Text("not final", style="yellow") if r.not_final else Text("final", style="green"),
                Text(r.provider),
                self._account(r.account),
                _right(self._money(r.billed, cur)),
                _right(self._money(r.invoice, r.invoice_currency or cur)),
                _right(self._money(inv, cur), "" if not inv else "yellow"),
                _right(self._money(r.effective, cur)),
                _right(self._money(gap, cur), "" if not gap else "bold red"),
                _right(self._money(r.difference, cur)),
                key=str(n),
            )

    def _show_lines(self, r: Reconciliation) -> None:
        self.shown = r
        cur = r.currency
        note = Text(f"{r.period:%Y-%m} · {r.provider} · ", style="bold")
        note.append_text(self._account(r.account))
        if r.not_final:
            note.append("  ·  not final: " + "; ".join(r.not_final), style="yellow")
        if r.imported_billed is not None or r.imported_effective is not None:
            note.append(
                f"  ·  imported: billed {self._money(r.imported_billed, cur)}, "
                f"effective {self._money(r.imported_effective, cur)}",
                style="bold red" if r.imported_differs else "dim",
            )
        self.query_one("#lines-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#lines", DataTable)
        table.clear(columns=True)
        for i, label in enumerate(LINE_COLUMNS):
            table.add_column(Text(label, justify="right" if 1 <= i <= 5 else "left"), key=label)
        for line in r.lines:
            bad = line.kind == "unexplained" and line.difference
            table.add_row(
                Text(line.label, style="bold red" if bad else ""),
                _right(fmt.count(line.rows)),
                _right(self._money(line.billed, cur)),
                _right(self._money(line.effective, cur)),
                _right(self._money(line.list_cost, cur)),
                _right(self._money(line.difference, cur)),
                Text(line.note, style="dim"),
            )
        table.add_row(
            Text("Total", style="bold"),
            _right(fmt.count(r.rows)),
            *(
                _right(self._money(v, cur), "bold")
                for v in (r.billed, r.effective, r.list_cost, r.difference)
            ),
            Text(""),
        )
        if r.invoice is not None:
            table.add_row(
                Text("Invoice", style="bold"),
                Text(""),
                _right(self._money(r.invoice, r.invoice_currency or cur), "bold"),
                Text(""),
                Text(""),
                _right(self._money(r.invoice_difference, cur), "yellow" if r.invoice_difference else ""),
                Text(_invoice_note(r), style="dim"),
            )

    def _show_list(self, view: FinanceView) -> None:
        note = Text("List price → effective cost", style="bold")
        note.append(
            "  ·  year to date, then per month and provider; effective = list + the steps to its right "
            "(discounts are negative)",
            style="dim",
        )
        self.query_one("#list-note", Static).update(note)
        table: DataTable[Text] = self.query_one("#listprice", DataTable)
        table.clear(columns=True)
        table.add_column(Text("period"), key="period")
        table.add_column(Text("provider"), key="provider")
        table.add_column(Text("list", justify="right"), key="list")
        table.add_column(Text("effective", justify="right"), key="effective")  # in view at 100 columns
        for kind, _label in LIST_STEPS:
            table.add_column(Text(kind, justify="right"), key=kind)
        for w in (*view.year_to_date, *view.months):
            self._list_row(table, w)

    def _list_row(self, table: DataTable[Text], w: ListWaterfall) -> None:
        ytd = w.label.startswith("YTD")
        table.add_row(
            Text(w.label, style="bold" if ytd else ""),
            Text(w.provider),
            _right(self._money(w.list_cost, w.currency)),
            _right(self._money(w.effective, w.currency), "bold"),
            *(
                _right(
                    self._money(s.amount, w.currency), "bold red" if s.kind == "residual" and s.amount else ""
                )
                for s in w.steps
            ),
        )

    @on(DataTable.RowHighlighted, "#lines")
    def _line_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Spell out what the highlighted line explains: the column is cut off below ~140 columns."""
        lines = self.shown.lines if self.shown is not None else ()
        explain = self.query_one("#line-explain", Static)
        if 0 <= event.cursor_row < len(lines):
            line = lines[event.cursor_row]
            text = Text(f"{line.label}: ", style="bold")
            text.append(line.note, style="dim")
            explain.update(text)
        elif event.cursor_row == len(lines):
            explain.update(Text("Total: the sum of the lines above", style="dim"))
        elif self.shown is not None:
            explain.update(Text(f"Invoice: {_invoice_note(self.shown)}", style="dim"))

    @on(DataTable.RowSelected, "#periods")
    def _period_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a period: show its lines."""
        if self.result is None or event.row_key.value is None:
            return
        self._show_lines(self.result.view.reconciliations[int(event.row_key.value)])

    def action_next_tab(self) -> None:
        """Key ``t``: reconciliation ↔ list-price view (focuses the tab's table)."""
        tabs = self.query_one("#tabs", TabbedContent)
        to_list = tabs.active != "tab-list"
        tabs.active = "tab-list" if to_list else "tab-recon"
        self.query_one("#listprice" if to_list else "#periods", DataTable).focus()

    def action_focus_lines(self) -> None:
        """Key ``l``: move focus between the periods and the chosen period's lines."""
        periods = self.query_one("#periods", DataTable)
        (self.query_one("#lines", DataTable) if periods.has_focus else periods).focus()


def _invoice_note(r: Reconciliation) -> str:
    """What the invoice row's difference is, or why there is none (an invoice in another currency)."""
    if r.invoice_difference is None and r.invoice_currency and r.invoice_currency != r.currency:
        return f"invoice in {r.invoice_currency}, billing in {r.currency}: not subtracted"
    return "invoice - billed"


def _key(r: Reconciliation) -> tuple[object, ...]:
    return (r.period, r.provider, r.account, r.currency)
