"""Allocation and Executive summary when the review month has no cost, the summary's way into Allocation's
gaps, and the commitment coverage rounded once (QA findings on the demo).

The agenda fixture (tests/agenda_fixture.py) starts on 2024-12-01: as of 2024-12-10 no month is complete
yet, as on the demo opened with ``--as-of 2025-12-03``. December 2024 has 22 weekdays at 100 and 9 weekend
days at 40: 2,560, all EC2 tagged ``team=web``.
"""

from __future__ import annotations

import contextlib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.app import MODE_TITLES, FinOpsApp, make_app
from finops_tui.cli import main
from finops_tui.screens.allocation import AllocationScreen
from finops_tui.screens.summary import SummaryScreen
from finops_tui.widgets import StatePanel
from tests.agenda_fixture import build_agenda_cache

FIRST_DAYS = date(2024, 12, 10)
"""In the fixture's first month: its last complete month (November 2024) has no cost."""
NO_SUMMARY = (
    "the summary describes the last complete month as of 2024-12-10; "
    "no cost in 2024-11: the cache covers 2024-12 to 2025-03"
)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_agenda_cache(tmp_path_factory.mktemp("alloc-summary") / "cache.duckdb")


async def settle(app: FinOpsApp, pilot: object) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


def key(mode: str) -> str:
    return str(list(MODE_TITLES).index(mode) + 1)


async def test_first_days_of_the_cache_open_allocation_on_its_first_month(cache: Path) -> None:
    """Allocation used to end in "Could not load this screen / no cost in 2024-11 …", and neither r
    nor ] got out. It opens on the month that has cost (partial: to as-of), month keys working."""
    app = make_app(db=cache, as_of=FIRST_DAYS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key("allocation"))
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AllocationScreen) and screen.result is not None
        assert not screen.query_one("#state", StatePanel).display
        view = screen.result.view
        assert view.month == date(2024, 12, 1)
        assert (view.showback.total, view.overall.total) == (Decimal("2560"), Decimal("2560"))
        assert app.header_info.filters == "month 2024-12 (partial, to 12-10)"
        await pilot.press("left_square_bracket")  # no month before: a toast, the month stays
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.result.view.month == date(2024, 12, 1)
        assert not screen.query_one("#state", StatePanel).display


async def test_first_days_of_the_cache_give_the_summary_an_empty_state(cache: Path) -> None:
    """The summary is about the last complete month: with none in the cache it says so and names the
    months the cache covers, as an empty state (not "Could not load this screen", not "press r")."""
    app = make_app(db=cache, as_of=FIRST_DAYS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key("summary"))
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        panel = app.screen.query_one("#state", StatePanel)
        text = str(panel.render())
        assert panel.display and "Nothing to show yet" in text and "Could not load" not in text
        assert NO_SUMMARY in " ".join(text.split()) and "retry" not in text


async def test_an_as_of_past_the_data_is_an_empty_allocation_not_an_error(cache: Path) -> None:
    app = make_app(db=cache, as_of=date(2030, 1, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key("allocation"))
        await settle(app, pilot)
        text = " ".join(str(app.screen.query_one("#state", StatePanel).render()).split())
        assert "Nothing to show yet" in text
        assert "no cost in 2029-12: the cache covers 2024-12 to 2025-03" in text


def test_reports_in_the_first_days_of_the_cache(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", str(cache), "--as-of", FIRST_DAYS.isoformat()]
    assert main(["report", "allocation", *base, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["month"] == "2024-12"
    assert main(["report", "maturity", *base]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"finops-tui: error: {NO_SUMMARY}\n"
