"""Anomalies: what jumped, by how much money against what was expected, why, and who is on it.

The list (largest $ impact first, filtered by status, provider, kind and minimum impact) over a detail
pane: the highlighted anomaly's actual cost against its expected band, its contributors, and its
triage. ``s`` sets the status (one more letter picks it), ``o`` the owner, ``n`` a note; they are
saved in the workspace, so no import or sync loses them. Enter on a contributor opens Spend trends
filtered to it; Esc there comes back here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import duckdb
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Select, Static
from textual.worker import Worker, WorkerState

from finops_tui import formatting as fmt
from finops_tui.anomalies.config import DetectorConfig
from finops_tui.anomalies.models import KINDS, STATUSES, Anomaly, AnomalyRow, Contributor, Detection, Triage
from finops_tui.anomalies.store import load_detection
from finops_tui.anomalies.triage import load_triage, save_triage
from finops_tui.anomalies.view import (
    ALL,
    KIND_TITLES,
    OPEN,
    AnomalyFilter,
    anomaly_rows,
    contributor_label,
    judged_text,
    series_label,
)
from finops_tui.formatting import fit_label
from finops_tui.queries import trends
from finops_tui.reports import anomalies as report
from finops_tui.screens.anomaly_dialogs import StatusDialog, TextDialog
from finops_tui.screens.base import DataScreen, NoData, export_file
from finops_tui.widgets.band_chart import BandChart
from finops_tui.widgets.header_line import HeaderInfo
from finops_tui.widgets.menu import Menu
from finops_tui.workspace import Workspace

IMPACT_STEPS: tuple[float, ...] = (100.0, 250.0, 500.0, 1000.0, 5000.0)
"""Minimum-impact choices above the detector's own gate."""

TRENDS_DIMENSION: dict[str, str] = {
    "usage_type": "usage_type",
    "resource": "resource",
    "region": "region",
    "sub_account": "sub_account",
    "service": "service",
}
"""Contributor dimension → the Spend trends dimension it filters."""

GROUP_AFTER: dict[str, str] = {
    "usage_type": "resource",
    "resource": "usage_type",
    "region": "service",
    "sub_account": "service",
    "service": "usage_type",
}
"""Contributor dimension → what Spend trends groups by once filtered to it."""

DIMENSION_TITLES: dict[str, str] = {
    "usage_type": "usage",
    "resource": "resource",
    "region": "region",
    "sub_account": "account",
    "service": "service",
}
"""Contributor dimension → its short title in the contributors table."""

STATUS_STYLE: dict[str, str] = {
    "new": "bold",
    "acknowledged": "yellow",
    "expected": "cyan",
    "resolved": "green",
    "false-positive": "dim",
}


@dataclass(frozen=True)
class AnomalyResult:
    """One load of the anomalies screen."""

    as_of: date
    detection: Detection
    triage: dict[str, Triage]


def trends_window(start: date, as_of: date) -> str:
    """The shortest Spend trends window that still shows a day ``start``."""
    age = (as_of - start).days
    return "30d" if age < 30 else "90d" if age < 90 else "365d"


class AnomaliesScreen(DataScreen[AnomalyResult]):
    """The Anomalies mode."""

    BINDING_GROUP_TITLE = "Anomalies"
    DEFAULT_CSS = """
    AnomaliesScreen {
        #an-controls { height: 3; }
        #an-controls Select { width: 1fr; max-width: 30; }
        #an-summary { height: 1; padding: 0 1; }
        #an-list { height: 1fr; min-height: 5; }
        #an-detail { height: 55%; min-height: 10; border-top: solid $primary; }
        #an-left { width: 1fr; }
        #an-headline { height: auto; max-height: 6; padding: 0 1; }
        #an-chart { height: 1fr; min-height: 6; }
        #an-contributors { width: 1fr; max-width: 60; min-width: 52; height: 1fr; }
    }
    """
    AUTO_FOCUS = "#an-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "set_status", "Status", id="anomalies.status", tooltip="New, acknowledged, expected…"),
        Binding("o", "set_owner", "Owner", id="anomalies.owner", tooltip="Who looks into it"),
        Binding("n", "set_note", "Note", id="anomalies.note", tooltip="What was found or decided"),
        Binding(
            "f", "focus_filters", "Filter", id="anomalies.filter", tooltip="Status, provider, kind, impact"
        ),
        Binding("x", "clear_filters", "Clear filters", id="anomalies.clear", tooltip="Show every anomaly"),
        Binding("e", "export_csv", "Export CSV", id="anomalies.export", tooltip="Write the list to a CSV"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: AnomalyResult | None = None
        self.filter = AnomalyFilter()
        self.shown: list[AnomalyRow] = []
        self._keep_key: str | None = None
        """The anomaly to keep the cursor on across a reload."""
        self._computed: tuple[tuple[int, date, str], Detection] | None = None
        """The last detection, by (cache generation, as-of, settings): triage edits only re-read triage."""
        self._reuse = True

    def compose_body(self) -> ComposeResult:
        """Filters, the list, and the detail pane (headline, chart, contributors)."""
        with Horizontal(id="an-controls"):
            yield Menu(
                [("all statuses", ALL), ("open (new, ack.)", OPEN), *((t, s) for s, t in STATUSES.items())],
                value=ALL,
                allow_blank=False,
                id="an-status",
            )
            yield Menu([("all providers", ALL)], value=ALL, allow_blank=False, id="an-provider")
            yield Menu(
                [("all kinds", ALL), *((KIND_TITLES[k], k) for k in KINDS)],
                value=ALL,
                allow_blank=False,
                id="an-kind",
            )
            yield Menu(self._impact_options(), value="0", allow_blank=False, id="an-impact")
        yield Static(id="an-summary", markup=False)
        table: DataTable[Text] = DataTable(id="an-list", cursor_type="row", zebra_stripes=True)
        yield table
        with Horizontal(id="an-detail"):
            with Vertical(id="an-left"):
                yield Static(id="an-headline", markup=False)
                yield BandChart(id="an-chart")
            contributors: DataTable[Text] = DataTable(id="an-contributors", cursor_type="row")
            yield contributors

    # --- loading -----------------------------------------------------------------------------------

    @property
    def config(self) -> DetectorConfig:
        """The detector settings in force."""
        return self.finops.settings.anomalies

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> AnomalyResult:
        """Worker thread: the stored (or a fresh) detection, then the triage from the workspace."""
        app = self.finops
        as_of = app.as_of or trends.default_as_of(cur)
        if as_of is None:
            raise NoData(app.empty_cache_message())
        key = (self._generation, as_of, self.config.fingerprint())
        if self._computed is None or self._computed[0] != key or not self._reuse:
            self._computed = (
                key,
                load_detection(cur, as_of=as_of, cfg=self.config, rules=app.settings.tag_rules()),
            )
        self._reuse = True
        return AnomalyResult(as_of, self._computed[1], load_triage(Workspace.for_cache(app.db)))

    def action_reload(self) -> None:
        """Key ``r``: read the cache again (and detect again when the stored result does not fit)."""
        self._reuse = False
        self.reload()

    def show(self, result: AnomalyResult) -> None:
        """Main thread: header, filter choices, list and detail."""
        self.result = result
        self._update_header()
        self._fill_filters(result.detection)
        self._show_list()

    def _update_header(self) -> None:
        if self.result is None:
            return
        app = self.finops
        app.header_info = HeaderInfo(
            as_of=self.result.as_of,
            providers=tuple((w.provider, w.newest_day) for w in self.result.detection.providers),
            redacted=app.redactor.on,
        )

    def on_screen_resume(self) -> None:
        """Back from another screen: this screen's header again (and a reload if the cache changed)."""
        super().on_screen_resume()
        self._update_header()

    def _impact_options(self) -> list[tuple[str, str]]:
        """Minimum-impact choices: the detector's gate, then larger steps."""
        gate = self.config.min_impact
        currency = self.finops.settings.currency
        steps = [(f"≥ {fmt.money(step, currency)}", f"{step:g}") for step in IMPACT_STEPS if step > gate]
        return [(f"≥ {fmt.money(gate, currency)} (gate)", "0"), *steps]

    def _fill_filters(self, detection: Detection) -> None:
        """The provider choices are those with anomalies (the other filters are fixed lists)."""
        providers = sorted({a.provider for a in detection.visible if a.provider})
        options = [("all providers", ALL), *((p, p) for p in providers)]
        value = self.filter.provider if self.filter.provider in providers else ALL
        select: Select[str] = self.query_one("#an-provider", Select)
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = value
        self.filter = dataclasses.replace(self.filter, provider=value)

    def _money(self, value: float, currency: str | None, *, signed: bool = False) -> str:
        text = fmt.money(value, currency or self.finops.settings.currency)
        return ("+" + text) if signed and value > 0 else text

    def _show_list(self) -> None:
        if self.result is None:
            return
        res = self.result
        red = self.finops.redactor
        self.shown = anomaly_rows(res.detection, res.triage, self.filter)
        table: DataTable[Text] = self.query_one("#an-list", DataTable)
        table.clear(columns=True)
        series = 32 if self.size.width >= 110 else 24  # at 100 columns the owner column stays in view
        for key, label, width in (
            ("impact", "impact", 11), ("kind", "kind", 13), ("series", "series", series),
            ("start", "start", 10), ("days", "days", 4), ("status", "status", 12), ("owner", "owner", 10),
            ("expected", "expected", 11), ("actual", "actual", 11), ("pct", "change", 7),
            ("source", "source", 10),
        ):  # fmt: skip
            right = key in ("impact", "days", "expected", "actual", "pct")
            table.add_column(Text(label, justify="right" if right else "left"), key=key, width=width)
        for i, row in enumerate(self.shown):
            a, t = row.anomaly, row.triage
            style = "red" if a.impact > 0 else "green"
            pct = a.impact_pct
            table.add_row(
                Text(self._money(a.impact, a.currency, signed=True), justify="right", style=style),
                Text(KIND_TITLES[a.kind]),
                Text(series_label(a, red, res.detection.tag_key), overflow="ellipsis", no_wrap=True),
                Text(f"{a.start:%Y-%m-%d}"),
                Text(str(a.days), justify="right"),
                Text(STATUSES.get(t.status, t.status), style=STATUS_STYLE.get(t.status, "")),
                Text(red.text(t.owner or "—"), overflow="ellipsis", no_wrap=True),
                Text(self._money(a.expected, a.currency), justify="right"),
                Text(self._money(a.actual, a.currency), justify="right"),
                Text("new" if pct is None else f"{pct:+.0f}%", justify="right", style=style),
                Text(a.source, style="dim"),
                key=str(i),
            )
        self._show_summary()
        keep = next((i for i, r in enumerate(self.shown) if r.anomaly.key == self._keep_key), None)
        if keep is not None:
            table.move_cursor(row=keep)
        self._show_detail(self.shown[keep or 0] if self.shown else None)

    def _show_summary(self) -> None:
        res = self.result
        if res is None:
            return
        text = Text()
        text.append(f"{len(self.shown)} of {len(res.detection.visible)} anomalies", style="bold")
        if self.shown:
            currency = self.shown[0].anomaly.currency
            up = sum(r.anomaly.impact for r in self.shown if r.anomaly.impact > 0)
            text.append(f" · {self._money(up, currency, signed=True)} above expected", style="red")
            untriaged = sum(1 for r in self.shown if r.triage.status == "new")
            text.append(f" · {untriaged} untriaged", style="bold" if untriaged else "dim")
        judged = judged_text(res.detection.providers, short=True)
        if judged:
            text.append(f" · judged: {judged}", style="dim")  # whole at 120 columns
        self.query_one("#an-summary", Static).update(text)

    def _show_detail(self, row: AnomalyRow | None) -> None:
        headline = self.query_one("#an-headline", Static)
        chart = self.query_one(BandChart)
        table: DataTable[Text] = self.query_one("#an-contributors", DataTable)
        table.clear(columns=True)
        if row is None:
            headline.update(Text(self._empty_text(), style="dim"))
            chart.replot((), title="")
            return
        a, t = row.anomaly, row.triage
        res = self.result
        red = self.finops.redactor
        tag_key = res.detection.tag_key if res else None
        text = Text()
        text.append(f"{KIND_TITLES[a.kind]} · {series_label(a, red, tag_key)}\n", style="bold")
        # one line, cut at the pane's width: a long owner or note wrapped and pushed the figures below
        # out of a 100x30 pane (the whole note is in the n dialog and the export)
        triage = Text()
        triage.append(f"{STATUSES.get(t.status, t.status)}", style=STATUS_STYLE.get(t.status, ""))
        owner = fit_label(red.text(t.owner or "—"), 24, ids=False)
        triage.append(f" · owner {owner} · note {red.text(t.note or '—')}")
        triage.truncate(max(20, headline.size.width - 2), overflow="ellipsis")
        text.append_text(triage)
        text.append("\n")
        when = f"{a.start:%Y-%m-%d}" + ("" if a.days == 1 else f" → {a.end:%m-%d}")
        text.append(f"{when} ({a.days} day{'s' if a.days > 1 else ''})")
        text.append(" · still outside the band" if a.ongoing else "", style="bold")
        text.append(f" · score {a.score:.1f} · {a.source}\n", style="dim")
        pct = a.impact_pct
        text.append(
            f"expected {self._money(a.expected, a.currency)} → actual {self._money(a.actual, a.currency)} = "
        )
        text.append(
            self._money(a.impact, a.currency, signed=True) + ("" if pct is None else f" ({pct:+.0f}%)"),
            style="bold red" if a.impact > 0 else "bold green",
        )
        monthly = self._money(a.monthly_impact, a.currency, signed=True)
        text.append(f"\n{monthly}/month if it persists" + (" (it does)" if a.persists else ""))
        folded = res.detection.folded(a) if res else ()
        if folded:
            text.append("\nalso in: " + "; ".join(series_label(b, red, tag_key) for b in folded), style="dim")
        headline.update(text)
        chart.replot(
            a.band,
            title="actual vs expected band (red: anomalous days)",
            currency=a.currency or self.finops.settings.currency,
        )
        table.add_column(Text("by"), key="dim", width=8)
        table.add_column(Text("contributor"), key="value", width=20)
        table.add_column(Text("change", justify="right"), key="delta", width=11)
        table.add_column(Text("share", justify="right"), key="share", width=5)
        for i, c in enumerate(a.contributors):
            table.add_row(
                Text(DIMENSION_TITLES.get(c.dimension, c.dimension), style="dim"),
                Text(self._contributor_text(c), overflow="ellipsis", no_wrap=True),
                Text(self._money(c.delta, a.currency, signed=True), justify="right"),
                Text(f"{c.share * 100:.0f}%", justify="right"),
                key=str(i),
            )

    def _contributor_text(self, c: Contributor) -> str:
        """A contributor as shown: a resource by the last part of its id (ARNs and ARM ids are long)."""
        text = contributor_label(c.dimension, c.value, c.label, self.finops.redactor)
        if c.dimension == "resource" and not self.finops.redactor.on:
            if "/" in text.rstrip("/"):
                return text.rstrip("/").rsplit("/", 1)[-1]
            if text.startswith("arn:"):
                return text.rsplit(":", 1)[-1]
        return text

    def _empty_text(self) -> str:
        res = self.result
        if res is None:
            return ""
        if not res.detection.providers or all(w.evaluated_through is None for w in res.detection.providers):
            days = self.config.min_history_days
            return f"Not enough history to judge yet: the detector needs {days} days of data per provider."
        if res.detection.visible:
            return "No anomaly matches the filters (x clears them)."
        gate = f"{fmt.money(self.config.min_impact, None)} and {self.config.min_pct:g}%"
        return f"No anomaly above the materiality gate ({gate}) in the judged days."

    def current(self) -> AnomalyRow | None:
        """The highlighted anomaly."""
        table: DataTable[Text] = self.query_one("#an-list", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def current_contributor(self) -> Contributor | None:
        """The highlighted contributor of the highlighted anomaly."""
        row = self.current()
        table: DataTable[Text] = self.query_one("#an-contributors", DataTable)
        if row is None or not 0 <= table.cursor_row < len(row.anomaly.contributors):
            return None
        return row.anomaly.contributors[table.cursor_row]

    # --- events and keys ---------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#an-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.current()
        self._keep_key = row.anomaly.key if row else None
        self._show_detail(row)

    @on(DataTable.RowSelected, "#an-list")
    def _list_enter(self, event: DataTable.RowSelected) -> None:
        if self.current() is not None and self.current().anomaly.contributors:  # type: ignore[union-attr]
            self.query_one("#an-contributors").focus()

    @on(DataTable.RowSelected, "#an-contributors")
    def _contributor_enter(self, event: DataTable.RowSelected) -> None:
        row, c = self.current(), self.current_contributor()
        if row is not None and c is not None:
            self.open_trends(row.anomaly, c)

    def open_trends(self, a: Anomaly, c: Contributor) -> None:
        """Spend trends filtered to the anomaly's series and this contributor; Esc there comes back."""
        from finops_tui.screens.trends import TrendsScreen

        filters: list[trends.Filter] = [("provider", a.provider or "")]
        if a.sub_account_id is not None:
            filters.append(("sub_account", a.sub_account_id))
        if a.service_name is not None:
            filters.append(("service", a.service_name))
        if a.tag_value is not None and self.result and self.result.detection.tag_key:
            filters.append((f"tag:{self.result.detection.tag_key}", a.tag_value))
        dim = TRENDS_DIMENSION[c.dimension]
        if (dim, c.value) not in filters:
            filters = [f for f in filters if f[0] != dim] + [(dim, c.value)]
        as_of = self.result.as_of if self.result else a.end
        window = trends_window(a.start - timedelta(days=7), as_of)

        def apply() -> None:
            screen = self.app.screen
            if isinstance(screen, TrendsScreen):
                screen.open_from("anomalies", tuple(filters), GROUP_AFTER[c.dimension], window)

        self.app.switch_mode("trends")
        self.app.call_later(apply)

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            return
        field = {
            "an-status": "status",
            "an-provider": "provider",
            "an-kind": "kind",
            "an-impact": "min_impact",
        }
        name = field.get(event.select.id or "")
        if name is None:
            return
        value = str(event.value)
        f = self.filter
        self.filter = AnomalyFilter(
            status=value if name == "status" else f.status,
            provider=value if name == "provider" else f.provider,
            kind=value if name == "kind" else f.kind,
            min_impact=float(value) if name == "min_impact" else f.min_impact,
        )
        self._show_list()

    def action_focus_filters(self) -> None:
        """Key ``f``: focus the first filter."""
        self.query_one("#an-status", Select).focus()

    def action_clear_filters(self) -> None:
        """Key ``x``: every filter back to all."""
        self.filter = AnomalyFilter()
        for select_id, value in (
            ("an-status", ALL),
            ("an-provider", ALL),
            ("an-kind", ALL),
            ("an-impact", "0"),
        ):
            select: Select[str] = self.query_one(f"#{select_id}", Select)
            with self.prevent(Select.Changed):
                select.value = value
        self._show_list()

    def action_export_csv(self) -> None:
        """Key ``e``: the shown anomalies (filters and redaction applied) to a CSV in the current folder."""
        if self.result is None:
            self.notify("Nothing to export yet.", markup=False)
            return
        doc = report.as_document(self.result.detection, self.shown, self.finops.redactor, self.filter)
        path = Path.cwd() / export_file(
            f"finops-anomalies-{self.result.as_of:%Y%m%d}", ".csv", self.finops.redactor.on
        )
        path.write_text(report.to_csv(doc), encoding="utf-8")
        self.notify(f"Exported {len(self.shown)} anomalies to {path}", markup=False)

    # --- triage ------------------------------------------------------------------------------------

    def action_set_status(self) -> None:
        """Key ``s``: pick the highlighted anomaly's status (one more letter)."""
        row = self.current()
        if row is None:
            return
        title = f"Status of {series_label(row.anomaly, self.finops.redactor)}"

        def done(status: str | None) -> None:
            if status is not None:
                self._save(row.anomaly.key, status=status)

        self.app.push_screen(StatusDialog(title, row.triage.status), done)

    def action_set_owner(self) -> None:
        """Key ``o``: type who looks into the highlighted anomaly."""
        self._ask("owner", "Owner (a person or team)", "e.g. dana or team-payments")

    def action_set_note(self) -> None:
        """Key ``n``: type a note on the highlighted anomaly."""
        self._ask("note", "Note", "what was found, decided or planned")

    def _ask(self, field: str, title: str, placeholder: str) -> None:
        row = self.current()
        if row is None:
            return
        current = getattr(row.triage, field) or ""

        def done(value: str | None) -> None:
            if value is not None:
                self._save(row.anomaly.key, **{field: value})

        label = series_label(row.anomaly, self.finops.redactor)
        self.app.push_screen(TextDialog(f"{title}: {label}", current, placeholder), done)

    @work(thread=True, exclusive=True, group="triage", exit_on_error=False)
    def _save(self, key: str, **change: str) -> Triage:
        now = datetime.now(UTC).replace(tzinfo=None)
        return save_triage(Workspace.for_cache(self.finops.db), key, now=now, **change)

    @on(Worker.StateChanged)
    def _triaged(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "triage":
            return
        saved = event.worker.result
        if event.state is WorkerState.SUCCESS and self.result is not None and isinstance(saved, Triage):
            triage = {**self.result.triage, saved.anomaly_key: saved}
            self.result = dataclasses.replace(self.result, triage=triage)
            self._keep_key = saved.anomaly_key
            self._show_list()  # the workspace holds it now; no need to read the cache again
        elif event.state is WorkerState.ERROR:
            self.notify(f"Could not save: {event.worker.error}", severity="error", markup=False)
