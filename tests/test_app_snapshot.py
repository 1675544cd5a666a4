"""One SVG snapshot of the Spend trends screen at 120x40 (fixed as-of, fixture cache, fixed theme)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from finops_tui.app import make_app
from tests.test_trends_fixture import AS_OF, build_trends_cache


def test_trends_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(db=build_trends_cache(tmp_path / "c" / "cache.duckdb"), as_of=AS_OF)
    app.theme = "textual-dark"

    async def settle(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)
