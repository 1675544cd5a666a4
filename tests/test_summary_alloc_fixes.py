"""Allocation and Executive summary when the review month has no cost, the summary's way into Allocation's
gaps, and the commitment coverage rounded once (QA findings on the demo).

The agenda fixture (tests/agenda_fixture.py) starts on 2024-12-01: as of 2024-12-10 no month is complete
yet, as on the demo opened with ``--as-of 2025-12-03``. December 2024 has 22 weekdays at 100 and 9 weekend
days at 40: 2,560, all EC2 tagged ``team=web``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import DataTable, TabbedContent
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.allocation_config import AllocationSettings
from finops_tui.app import MODE_TITLES, FinOpsApp, make_app
from finops_tui.cache import CacheReader
from finops_tui.cli import main
from finops_tui.queries.agenda import Commitments
from finops_tui.screens.allocation import AllocationScreen
from finops_tui.screens.anomalies import AnomaliesScreen
from finops_tui.screens.summary import SummaryScreen, signal_value
from finops_tui.settings import Settings
from finops_tui.widgets import StatePanel
from finops_tui.workspace import Workspace
from tests.agenda_fixture import AS_OF, build_agenda_cache

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
        # December's 2,560 is the whole month: monthly figures, the cache holds days past as-of
        assert app.header_info.filters == "month 2024-12 (monthly figures to 12-31, past the as-of day)"
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


async def test_spend_without_an_owner_opens_the_gaps_and_esc_comes_back(cache: Path) -> None:
    """With an owner tag nobody uses, all of February (2,640) is spend without an owner: the top risk.
    Enter opened Allocation's Coverage tab as a mode switch, and Esc did nothing."""
    settings = Settings(allocation=AllocationSettings(owner_tag="owner"))
    app = make_app(db=cache, as_of=AS_OF, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key("summary"))
        await settle(app, pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.result is not None
        risks = summary.query_one("#risks", DataTable)
        titles = [str(risks.get_row_at(i)[1]) for i in range(risks.row_count)]
        assert titles[0] == "Spend without an owner" and str(risks.get_row_at(0)[0]) == "$2,640.00"
        risks.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        alloc = app.screen
        assert isinstance(alloc, AllocationScreen) and alloc.result is not None
        assert alloc.query_one("#tabs", TabbedContent).active == "tab-gaps"
        assert alloc.result.view.month == date(2025, 2, 1)  # the summary's month
        gaps = alloc.query_one("#gaps", DataTable)
        assert gaps.has_focus and gaps.row_count > 0
        assert alloc.query_one("#kpis").region.height == 5  # the screen's own CSS applies (tiles in view)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is summary and app.current_mode == "summary"
        assert app.header_info.filters == "executive summary"
        # the Allocation mode itself was left alone: it opens on Coverage as before
        await pilot.press(key("allocation"))
        await settle(app, pilot)
        assert app.screen is not alloc and isinstance(app.screen, AllocationScreen)
        assert app.screen.query_one("#tabs", TabbedContent).active == "tab-coverage"


async def test_every_risk_comes_back_with_esc(cache: Path) -> None:
    """The fixture's risks: untriaged increases (Anomalies), unused commitments, open waste."""
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key("summary"))
        await settle(app, pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        risks = summary.query_one("#risks", DataTable)
        risks.focus()
        opened = []
        for row in range(risks.row_count):
            risks.move_cursor(row=row)
            await pilot.press("enter")
            await settle(app, pilot)
            opened.append(type(app.screen).__mro__[1].__name__)
            if opened[-1] == "CommitmentsScreen":
                assert app.screen.query_one("#kpis").region.height == 5
            if opened[-1] == "AnomaliesScreen":  # the untriaged ones the risk counts, not every one
                anomalies = app.screen
                assert isinstance(anomalies, AnomaliesScreen) and anomalies.filter.status == "new"
                assert anomalies.shown and all(r.triage.status == "new" for r in anomalies.shown)
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.screen is summary
        assert opened == ["AnomaliesScreen", "CommitmentsScreen", "WasteScreen"]


def test_commitment_coverage_is_rounded_once(cache: Path) -> None:
    """The demo's November: 18,115.43 covered of 120,406.41 eligible, 15.0452 %. Agenda and
    Commitments show 15.0 %; the summary rounded to 15.05 first and showed 15.1 %."""
    from finops_tui.maturity.signals import maturity, read_inputs

    demo = Commitments(
        used=Decimal(0), unused=Decimal(0), covered=Decimal("18115.43"), eligible=Decimal("120406.41")
    )
    assert f"{demo.coverage_pct or 0:.1f}%" == "15.0%"  # the Agenda's line, as agenda/build.py writes it
    with CacheReader(cache).reader() as cur:
        i = read_inputs(cur, as_of=AS_OF, settings=Settings(), workspace=Workspace.for_cache(cache))
    got = next(s for s in maturity(dataclasses.replace(i, commitments=demo)).signals if s.key == "coverage")
    assert (got.value, signal_value(got), got.stage) == (15.05, "15.0%", "crawl")
    assert got.exact == demo.coverage_pct


async def test_allocation_opened_from_the_agenda_keeps_its_layout(cache: Path) -> None:
    """The agenda's Allocation drill inherited a CSS scoped to itself: the KPI tiles took 1fr."""
    from finops_tui.screens.agenda_drill import DrillAllocationScreen

    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        drill = DrillAllocationScreen()
        app.push_screen(drill)
        await settle(app, pilot)
        assert drill.result is not None and drill.query_one("#kpis").region.height == 5
