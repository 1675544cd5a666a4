"""One SVG snapshot of the Anomalies screen at 120x40 (fixture cache, fixed as-of, fixed theme)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from finops_tui.app import make_app
from tests.anomaly_fixture import AS_OF, build_anomaly_cache


def test_anomalies_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(db=build_anomaly_cache(tmp_path / "c" / "cache.duckdb"), as_of=AS_OF)
    app.theme = "textual-dark"

    async def open_spike(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("2")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_spike)
