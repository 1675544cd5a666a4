"""A cache that holds business metrics but no billing data yet (``metrics import`` came first).

Every import builds the daily rollups; ``metrics import`` into a new file does not, so the reports
and screens met a catalog error (``rollup_freshness`` / ``rollup_tag_keys`` missing) and printed a
traceback. They must say in one line what is missing and how to fill it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.app import make_app
from finops_tui.cli import main
from finops_tui.personas import PERSONAS
from finops_tui.widgets import StatePanel


@pytest.fixture(scope="module")
def metrics_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("metrics-only")
    csv = folder / "metrics.csv"
    csv.write_text("date,metric,value\n2025-02-01,transactions,5\n", encoding="utf-8")
    db = folder / "cache.duckdb"
    assert main(["metrics", "import", str(csv), "--db", str(db)]) == 0
    assert db.exists()
    return db


@pytest.mark.parametrize(
    "command",
    [
        ["report", "maturity"],
        ["report", "maturity", "--as-of", "2025-02-10"],
        ["report", "trends", "--format", "json"],
    ],
)
def test_reports_name_the_missing_billing_data(
    metrics_only: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--db", str(metrics_only)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "no daily rollups (no billing data imported yet" in err and "Traceback" not in err


async def test_the_first_screen_names_it_too(metrics_only: Path) -> None:
    """Leadership opens on the Executive summary: its state panel explains, no catalog error."""
    app = make_app(db=metrics_only, persona=PERSONAS["leadership"])
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(2):
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.current_mode == "summary"
        panel = str(app.screen.query_one("#state", StatePanel).render())
        assert "no daily rollups" in panel and "CatalogException" not in panel
