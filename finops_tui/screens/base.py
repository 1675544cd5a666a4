"""``DataScreen``: one base class owns loading, empty, error and data states of a screen.

A subclass says what to load (``run_query``, called in a thread worker with a cursor of its own on a
short-lived read-only connection) and how to show it (``show``, on the main thread). A failed load
shows an error panel and the app keeps running.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

import duckdb
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import TabbedContent
from textual.worker import Worker, WorkerState

from finops_tui.cache import file_stamp
from finops_tui.errors import FinOpsError, NotACacheError
from finops_tui.widgets import HeaderLine, StatePanel
from finops_tui.widgets.header_line import HeaderInfo
from finops_tui.widgets.key_bar import KeyBar
from finops_tui.workspace import Workspace

if TYPE_CHECKING:
    from finops_tui.app import FinOpsApp

T = TypeVar("T")


def export_file(stem: str, suffix: str, redacted: bool) -> str:
    """An export's file name: ``-redacted`` marks one written with redaction on, so the copy meant
    for sharing is never overwritten by, or mistaken for, the one with real ids."""
    return f"{stem}{'-redacted' if redacted else ''}{suffix}"


def shown_tab(screen: Screen[Any], first: str) -> str:
    """The id (without ``tab-``) of the tab ``#tabs`` shows on ``screen``; ``first`` before the tabs
    are mounted (the key bar asks which keys apply before they are)."""
    try:
        active = screen.query_one("#tabs", TabbedContent).active
    except NoMatches:
        active = ""
    return (active or f"tab-{first}").removeprefix("tab-")


class NoData(Exception):
    """Raised by ``run_query`` when there is nothing to show; the message says why, in plain words."""


class DataScreen(Screen[None], Generic[T]):
    """A screen whose content is one query result, loaded off the UI thread."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload", id="screen.reload", tooltip="Load this screen's data again"),
    ]
    _shown_header: HeaderInfo | None = None
    """The header this screen set when it last rendered a load (restored when it comes back)."""
    READS_WORKSPACE: ClassVar[bool] = False
    """True for a screen whose figures include the workspace (waste tracking, triage, budgets): it
    reloads when shown again after another screen edited the workspace, as it does for a new cache."""
    _workspace_seen: object = None

    @property
    def finops(self) -> FinOpsApp:
        """The app, typed."""
        from finops_tui.app import FinOpsApp

        assert isinstance(self.app, FinOpsApp)
        return self.app

    def compose(self) -> ComposeResult:
        """Header line, the screen's body, the state panel and the key hints."""
        yield HeaderLine()
        with Vertical(id="body"):
            yield from self.compose_body()
        yield StatePanel(id="state")
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        """The widgets that show the data (subclasses)."""
        yield from ()

    def on_mount(self) -> None:
        """Load once the screen exists."""
        self.query_one("#state", StatePanel).display = False
        self.reload()

    def on_screen_resume(self) -> None:
        """Reload when the cache changed while another screen was shown; else show this screen's header.

        The header line belongs to the app and each screen sets it when it renders a load, so coming
        back without a reload would keep the header of the screen left (Spend trends showing
        "executive summary" as its filter).
        """
        if getattr(self, "_generation", None) != self.finops.cache_generation or self._workspace_changed():
            self.reload()
        elif self._shown_header is not None:
            self.finops.header_info = self._shown_header

    def reload(self) -> None:
        """Start a load (a newer load supersedes an older one), or show at once a result that needs none
        (``ready_result``)."""
        self._generation = self.finops.cache_generation
        if self.READS_WORKSPACE:
            self._workspace_seen = self._workspace_stamp()
        ready = self.ready_result()
        if ready is not None:
            self.workers.cancel_group(self, "load")  # an older load must not land over it
            self.show_loaded(ready)
            return
        self.query_one("#body").loading = True
        self._load()

    def ready_result(self) -> T | None:
        """A result in hand for the load ``reload`` would start (main thread, no query): None to load."""
        return None

    def _workspace_stamp(self) -> object:
        """The workspace file's identity now (with its write-ahead log, which holds unmerged edits)."""
        path = Workspace.for_cache(self.finops.db).path
        return (file_stamp(path), file_stamp(path.with_name(path.name + ".wal")))

    def _workspace_changed(self) -> bool:
        """True when this screen reads the workspace and it was written since the last load."""
        return self.READS_WORKSPACE and self._workspace_stamp() != self._workspace_seen

    def action_reload(self) -> None:
        """Key ``r``."""
        self.reload()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> T:
        cache = self.finops.cache
        if not cache.exists():
            raise NoData(self.missing_cache_message())
        with cache.reader() as cur:
            return self.run_query(cur)

    def run_query(self, cur: duckdb.DuckDBPyConnection) -> T:
        """Ask the cache (runs in a worker thread; never touch widgets here)."""
        raise NotImplementedError

    def show(self, result: T) -> None:
        """Render a result (main thread)."""

    def missing_cache_message(self) -> str:
        """Plain words for a missing or empty cache."""
        return self.finops.empty_cache_message()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Render the outcome of a load: data, empty or error."""
        worker: Worker[Any] = event.worker
        if worker.group != "load" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self.query_one("#body").loading = False
        if event.state is WorkerState.ERROR:
            error = worker.error
            if isinstance(error, NoData):
                self.show_state("Nothing to show yet", str(error), "empty")
            elif isinstance(error, NotACacheError):  # retrying cannot help: no "press r"
                self.show_state("This file is not a finops-tui cache", str(error), "error")
            elif isinstance(error, FinOpsError):
                self.show_state("Could not load this screen", f"{error}\n\nPress r to retry.", "error")
            else:
                message = f"{type(error).__name__}: {error}".splitlines()[0]
                self.show_state("This query failed", f"{message}\n\nPress r to retry.", "error")
            return
        self.show_loaded(cast(T, worker.result))

    def show_loaded(self, result: T) -> None:
        """Show a load's result in place of the loading, empty or error state (main thread)."""
        self.query_one("#body").loading = False
        self.query_one("#state", StatePanel).display = False
        self.query_one("#body").display = True
        self.show(result)
        self._shown_header = self.finops.header_info

    def show_state(self, title: str, body: str, kind: str) -> None:
        """Hide the body and show a state panel (the header keeps no other screen's filters)."""
        info = self.finops.header_info
        self.finops.header_info = HeaderInfo(info.as_of, info.providers, "", info.redacted)
        self._shown_header = self.finops.header_info
        self.query_one("#body").display = False
        self.query_one("#state", StatePanel).show(title, body, kind)
