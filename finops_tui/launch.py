"""``run_tui``: open the interface, starting the first screen's data before Textual is imported.

The CLI calls this for ``finops-tui`` without a sub-command. Importing Textual and building the first
screen take most of a cold start; the first Spend trends load (opening the cache, reading its catalog,
the queries) needs none of it, so it starts first, in a thread (``first_load.Prefetch``), and the
screen picks the result up when it asks the same question. This module imports no Textual itself:
the headless commands and the architecture test rely on that.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from finops_tui.first_load import start_prefetch
from finops_tui.personas import PERSONAS
from finops_tui.personas import persona as find_persona
from finops_tui.settings import Settings

if TYPE_CHECKING:
    from finops_tui.app import FinOpsApp


def launch_app(
    db: Path,
    *,
    settings: Settings,
    as_of: date | None,
    today: date,
    redact: bool = False,
    snapshot: Path | None = None,
    present: bool = False,
    persona: str | None = None,
) -> FinOpsApp:
    """Start the first load, then import Textual and build the app (the benchmark launches this too)."""
    role = find_persona(persona) if persona else None
    info = None
    prefetch = None
    if snapshot is not None:
        from finops_tui.snapshot import open_snapshot

        opened = open_snapshot(snapshot)
        db, info, as_of = opened.cache, opened.info, as_of or opened.info.as_of
    elif not present:  # a snapshot or --present opens on the agenda: nothing to prefetch
        first = role or (PERSONAS[settings.persona] if settings.persona else None)
        prefetch = start_prefetch(db, settings, first, as_of)

    from finops_tui.app import make_app

    return make_app(
        db=db,
        settings=settings,
        as_of=as_of,
        redact=redact,
        today=today,
        snapshot=info,
        present=present,
        persona=role,
        prefetch=prefetch,
    )


def run_tui(
    db: Path,
    *,
    settings: Settings,
    as_of: date | None,
    redact: bool,
    today: date,
    snapshot: Path | None = None,
    present: bool = False,
    persona: str | None = None,
) -> int:
    """Open the TUI on the cache at ``db`` (or a snapshot) and return the exit code."""
    app = launch_app(
        db,
        settings=settings,
        as_of=as_of,
        today=today,
        redact=redact,
        snapshot=snapshot,
        present=present,
        persona=persona,
    )
    try:
        app.run()
    finally:
        app.trend_loads.close()  # a view asked ahead may be reading: let it finish first
        app.cache.close()
    return 0
