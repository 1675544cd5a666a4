"""FinOpsApp: the five modes, app-wide keys, redaction, the header state and the demo offer.

Screens live in ``screens/``, widgets in ``widgets/``, palette commands in ``commands.py``; this module
only wires them together. ``make_app`` is shared by the CLI and the tests.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from finops_tui.cache import CacheReader, file_stamp
from finops_tui.commands import FinOpsCommands
from finops_tui.first_load import Prefetch, TrendRequest
from finops_tui.messages import CacheRefreshed
from finops_tui.personas import PERSONAS, Persona
from finops_tui.reports.redact import Redactor
from finops_tui.screens.base import DataScreen
from finops_tui.screens.help import HelpScreen
from finops_tui.settings import Settings
from finops_tui.snapshot import SnapshotInfo
from finops_tui.trend_ahead import TrendLoads
from finops_tui.trends_models import TrendResult
from finops_tui.widgets.header_line import HeaderInfo

MODE_TITLES: dict[str, str] = {
    "trends": "Spend trends",
    "anomalies": "Anomalies",
    "waste": "Waste",
    "allocation": "Allocation",
    "agenda": "Agenda",
    "commitments": "Commitments",
    "finance": "Finance",
    "unit": "Unit economics",
    "summary": "Executive summary",
}
"""Mode name → title, in number-key order."""


_MODE_SCREENS: dict[str, str] = {
    "trends": "TrendsScreen",
    "anomalies": "AnomaliesScreen",
    "waste": "WasteScreen",
    "allocation": "AllocationScreen",
    "agenda": "AgendaScreen",
    "commitments": "CommitmentsScreen",
    "finance": "FinanceScreen",
    "unit": "UnitScreen",
    "summary": "SummaryScreen",
}
"""Mode → screen class; each is imported when its mode is first shown (a faster start)."""


def _screen(name: str) -> Screen[Any]:
    import finops_tui.screens

    cls: type[Screen[Any]] = getattr(finops_tui.screens, name)
    return cls()


class FinOpsApp(App[None]):
    """The finops-tui terminal app."""

    TITLE = "finops-tui"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        mode: partial(_screen, cls) for mode, cls in _MODE_SCREENS.items()
    }
    DEFAULT_MODE = "trends"
    COMMANDS = App.COMMANDS | {FinOpsCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(n),
                f"app.switch_mode('{mode}')",
                title,
                id=f"go.{mode}",
                tooltip=f"Go to {title}",
            )
            for n, (mode, title) in enumerate(MODE_TITLES.items(), start=1)
        ),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Show every key"),
        Binding("R", "toggle_redact", "Redact", id="app.redact", tooltip="Hide account and resource ids"),
        Binding("d", "build_demo", "Demo", id="app.demo", tooltip="Build the demo cache", show=False),
        Binding(
            "P", "pick_persona", "Persona", id="app.persona", tooltip="Open the app as finance, engineering …"
        ),
        Binding(
            "S",
            "sync_now",
            "Sync now",
            id="app.sync",
            tooltip="Sync the sources named in the config's [aws] and [azure] sections",
        ),
    ]

    CACHE_POLL_SECONDS = 2.0
    """How often the app looks whether another program (``finops-tui sync``/``import``) replaced the cache."""

    header_info: var[HeaderInfo] = var(HeaderInfo())
    """What the header line of every screen shows."""
    cache_generation: var[int] = var(0)
    """Bumped when the cache file is replaced or redaction changes; screens reload when it differs."""
    sync_activity: var[str] = var("")
    """A running in-app sync's progress, shown at the end of the header line ("" when idle)."""

    def __init__(
        self,
        *,
        db: Path,
        settings: Settings | None = None,
        as_of: date | None = None,
        redact: bool = False,
        today: date | None = None,
        snapshot: SnapshotInfo | None = None,
        present: bool = False,
        persona: Persona | None = None,
        prefetch: Prefetch | None = None,
    ) -> None:
        settings = settings or Settings()
        self.persona = persona or (PERSONAS[settings.persona] if settings.persona else None)
        """The role preset in force (None: the plain defaults)."""
        self.persona_version = 0
        """Bumped when ``P`` picks a preset: Spend trends takes its defaults on the next load."""
        if self.persona is not None:
            self.DEFAULT_MODE = self.persona.first  # type: ignore[misc]
        if snapshot is not None or present:
            self.DEFAULT_MODE = "agenda"  # type: ignore[misc]  # the meeting starts on the agenda
        super().__init__()
        self.db = db
        self.cache = prefetch.reader if prefetch and prefetch.reader.path == db else CacheReader(db)
        self._prefetch = prefetch
        """The first trends load, started by the CLI before Textual was imported (see first_load)."""
        self.trend_loads = TrendLoads(self.cache)
        """Spend trends views asked ahead (the drill the cursor rests on) and kept (see trend_ahead)."""
        self.settings = settings
        self.as_of = as_of
        self.redactor = Redactor(redact or self.settings.redact)
        self.today = today
        self.snapshot = snapshot
        """The snapshot being viewed (None: the live cache); shown as a banner on the agenda."""
        self.start_presenting = present
        """Open the agenda in presentation mode once it has loaded (``--present``)."""
        if present:
            self.redactor = Redactor(True)
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self._cache_stamp = file_stamp(self.db)
        self._last_progress = 0.0

    def take_prefetch(self, request: TrendRequest) -> TrendResult | None:
        """The start-up prefetch's result if it answered ``request`` (worker thread; once)."""
        prefetch, self._prefetch = self._prefetch, None
        return prefetch.take(request) if prefetch is not None else None

    def on_mount(self) -> None:
        """Watch the cache file: a sync or import in another terminal reloads the screens."""
        if self.snapshot is None:
            self.set_interval(self.CACHE_POLL_SECONDS, self._poll_cache)

    def _poll_cache(self) -> None:
        """Reload when the cache file was swapped since we last looked."""
        stamp = file_stamp(self.db)
        if stamp != self._cache_stamp and stamp is not None:
            self.notify("The cache was updated; reloading.", markup=False)
            self.post_message(CacheRefreshed())
        self._cache_stamp = stamp

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the number key of the mode already shown."""
        return not (action == "switch_mode" and bool(parameters) and parameters[0] == self.current_mode)

    def empty_cache_message(self) -> str:
        """Plain words for an empty or missing cache, with the ways to fill it."""
        return (
            f"There is no billing data in {self.db} yet.\n\n"
            "  • Import exports:  finops-tui import PATH…  (FOCUS, AWS CUR, Azure cost details)\n"
            "  • Sync from the cloud:  finops-tui sync aws|azure …\n"
            "    (or press S once the config names [aws] exports or [azure] scopes)\n"
            "  • Or build the demo estate:  finops-tui demo\n\n"
            "Press d to build the demo into this cache now."
        )

    def action_help(self) -> None:
        """Key ``?``: list the keys of the current screen and the app."""
        ours: list[tuple[str, str, str, str]] = []
        widget: list[tuple[str, str, str, str]] = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.action == "build_demo" and self.cache.exists():
                continue  # `d` only applies to an empty cache
            row = (
                self.get_key_display(binding),
                binding.description,
                binding.tooltip or "",
                binding.id or "",
            )
            if binding.id:
                ours.append(row)
            elif binding.description:  # the focused table's own keys (cursor, paging), after ours
                widget.append(row)
        # the screen's and the app's keys first: a list that opened on sixteen cursor and copy keys of
        # the focused widget, most without a description, hid the ones the meeting needs
        self.push_screen(HelpScreen(ours + widget))

    def action_pick_persona(self) -> None:
        """Key ``P``: choose a role preset."""
        from finops_tui.screens.persona_dialog import PersonaDialog

        current = self.persona.name if self.persona else None
        self.push_screen(PersonaDialog(current, MODE_TITLES), self.apply_persona)

    def apply_persona(self, name: str | None) -> None:
        """Open the preset's first screen with its defaults (None: keep the current preset)."""
        if name is None:
            return
        self.persona = PERSONAS[name]
        self.persona_version += 1
        self.cache_generation += 1  # screens shown again take the preset's defaults
        self.notify(f"{self.persona.title}: {self.persona.why}", markup=False)
        if self.current_mode == self.persona.first:
            self.refresh_screens()
        else:
            self.switch_mode(self.persona.first)

    def action_toggle_redact(self) -> None:
        """Key ``R``: redaction for screen-sharing on or off, on every screen."""
        self.redactor = Redactor(not self.redactor.on)
        if self.redactor.on:  # a message shown before may name an id (the resource Enter spelled out)
            self.clear_notifications()
        self.notify("Redaction " + ("on" if self.redactor.on else "off"), markup=False)
        self.cache_generation += 1  # every other screen redraws when next shown: no id stays in view
        self.refresh_screens()

    def refresh_screens(self) -> None:
        """Reload every data screen (after redaction or a cache change)."""
        self.header_info = HeaderInfo(
            self.header_info.as_of, self.header_info.providers, self.header_info.filters, self.redactor.on
        )
        screen = self.screen
        if isinstance(screen, DataScreen):
            screen.reload()

    def action_build_demo(self) -> None:
        """Key ``d``: build the demo estate into the (empty) cache, then reload."""
        if self.cache.exists():
            with self.cache.reader() as cur:
                has_rows = cur.execute("SELECT count(*) > 0 FROM cost_and_usage").fetchone()
            if has_rows and has_rows[0]:
                self.notify("The cache already holds data; use `finops-tui demo --db …` for another.")
                return
        self.notify("Building the demo estate (scale 0.2)…", markup=False)
        self._build_demo()

    @work(thread=True, exclusive=True, group="demo", exit_on_error=False)
    def _build_demo(self) -> None:
        from finops_tui.sync.demo_import import build_demo_cache

        now = datetime.now(UTC).replace(tzinfo=None)
        end = (self.today or now.date()) - timedelta(days=1)
        with tempfile.TemporaryDirectory(prefix="finops-tui-demo-", dir=self.db.parent) as tmp:
            build_demo_cache(self.db, Path(tmp), end=end, scale=0.2, seed=42, now=now, settings=self.settings)

    def action_sync_now(self) -> None:
        """Key ``S``: run the configured syncs in a thread; the screens stay usable and reload after."""
        from finops_tui.sync.configured import configured_providers, nothing_configured

        if self.snapshot is not None:
            self.notify("This is a read-only snapshot: sync the live cache instead.", markup=False)
            return
        providers = configured_providers(self.settings)
        if not providers:
            self.notify(nothing_configured(), severity="warning", timeout=12, markup=False)
            return
        if any(w.group == "sync" and w.is_running for w in self.workers):
            self.notify("A sync is already running.", markup=False)
            return
        self.sync_activity = "syncing " + " + ".join(p.upper() if p == "aws" else "Azure" for p in providers)
        self._sync()

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _sync(self) -> object:
        from finops_tui.sync.configured import run_configured

        now = datetime.now(UTC).replace(tzinfo=None)
        return run_configured(
            self.db, self.settings, now=now, progress=self._sync_progress, confirm=self._confirm_paid
        )

    def _sync_progress(self, source: str, item: str, done: int, total: int) -> None:
        """Called in the sync thread; shows at most a few updates a second in the header."""
        now = time.monotonic()
        if now - self._last_progress < 0.25 and done < total:
            return
        self._last_progress = now
        short = source if len(source) <= 40 else "…" + source[-39:]
        self.call_from_thread(setattr, self, "sync_activity", f"syncing {short} {done}/{total}")

    def _confirm_paid(self, requests: int, usd: object) -> bool:
        """Called in the sync thread before paid Cost Explorer requests: ask in a dialog, wait."""
        from finops_tui.screens.confirm_dialog import ConfirmDialog

        answered = threading.Event()
        answer = [False]

        def done(yes: bool | None) -> None:
            answer[0] = bool(yes)
            answered.set()

        question = (
            f"Cost Explorer: {requests} requests at $0.01 each = ${usd:.2f} (more if results page). "
            "Make these requests?"
        )
        self.call_from_thread(self.push_screen, ConfirmDialog(question), done)
        answered.wait(timeout=600)
        return answer[0]

    def _sync_finished(self, event: Worker.StateChanged) -> None:
        from finops_tui.sync.configured import SyncOutcome

        self.sync_activity = ""
        if event.state is WorkerState.ERROR:
            self.notify(f"Sync failed: {event.worker.error}", severity="error", timeout=12, markup=False)
            return
        outcome = event.worker.result
        if not isinstance(outcome, SyncOutcome):
            return
        for line in outcome.errors:
            self.notify(f"Sync failed: {line}", severity="error", timeout=12, markup=False)
        for line in outcome.warnings[:3]:
            self.notify(f"warning: {line}", severity="warning", timeout=10, markup=False)
        if outcome.lines:
            self.notify("\n".join(outcome.lines), title="Sync finished", timeout=10, markup=False)
        if outcome.wrote_cache:
            self.post_message(CacheRefreshed())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The demo build or a sync finished or failed."""
        if event.worker.group == "sync" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self._sync_finished(event)
            return
        if event.worker.group != "demo":
            return
        if event.state is WorkerState.SUCCESS:
            self.post_message(CacheRefreshed())
        elif event.state is WorkerState.ERROR:
            self.notify(f"Demo build failed: {event.worker.error}", severity="error", markup=False)

    def on_cache_refreshed(self, _: CacheRefreshed) -> None:
        """The cache file was replaced: every data screen reloads (now or when shown)."""
        self._cache_stamp = file_stamp(self.db)
        self.cache_generation += 1
        self.refresh_screens()


def make_app(
    *,
    db: Path,
    settings: Settings | None = None,
    as_of: date | None = None,
    redact: bool = False,
    today: date | None = None,
    snapshot: SnapshotInfo | None = None,
    present: bool = False,
    persona: Persona | None = None,
    prefetch: Prefetch | None = None,
) -> FinOpsApp:
    """Build the app (the CLI and the tests share this)."""
    return FinOpsApp(
        db=db,
        settings=settings,
        as_of=as_of,
        redact=redact,
        today=today,
        snapshot=snapshot,
        present=present,
        persona=persona,
        prefetch=prefetch,
    )
