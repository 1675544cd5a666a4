"""The Executive summary screen (Pilot) and ``report maturity`` on the agenda fixture."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.app import MODE_TITLES, FinOpsApp, make_app
from finops_tui.cli import main
from finops_tui.screens.commitments import CommitmentsScreen
from finops_tui.screens.summary import SummaryScreen
from finops_tui.widgets import KpiTile, StatePanel
from tests.agenda_fixture import AS_OF, build_agenda_cache


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_agenda_cache(tmp_path_factory.mktemp("summary") / "cache.duckdb")


async def settle(app: FinOpsApp, pilot: object) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


def cells(screen: SummaryScreen, table_id: str, index: int) -> list[str]:
    table: DataTable[object] = screen.query_one(f"#{table_id}", DataTable)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


async def test_summary_tiles_risks_and_maturity(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(str(list(MODE_TITLES).index("summary") + 1))
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        month = str(screen.query_one("#kpi-month", KpiTile).render())
        assert "$2,640.00" in month and "+11.6% a day m/m" in month
        assert "58 / 100" in str(screen.query_one("#kpi-maturity", KpiTile).render())
        assert cells(screen, "risks", 1) == ["Untriaged cost increases", "Unused commitments", "Open waste"]
        # at 100 columns the capability column gives way: value, walk / run, stage, score, weight
        assert cells(screen, "maturity", 1) == [
            "100.0%",
            "1.3%",
            "75.0%",
            "0.4%",
            "31.5 days",
            "3.2%",
            "0.0%",
        ]
        assert cells(screen, "maturity", 3) == ["run", "crawl", "crawl", "run", "crawl", "walk", "crawl"]
        # the note follows the highlighted signal
        await pilot.press("m", "down", "down")
        note = str(screen.query_one("#signal-note", Static).render())
        assert "30 USD unused" not in note and "10 USD unused of 40" in note
        # Enter on a risk opens the screen that acts on it
        await pilot.press("m", "down", "enter")
        await settle(app, pilot)
        # pushed over the summary (Esc comes back, tests/test_summary_alloc_fixes.py)
        assert app.current_mode == "summary"
        # on the summary's month (February), not the month containing as-of (March)
        commitments = app.screen
        assert isinstance(commitments, CommitmentsScreen) and commitments.result is not None
        assert commitments.result.view.month == date(2025, 2, 1)
        assert app.header_info.filters.startswith("month 2025-02")


async def test_summary_of_a_missing_cache(tmp_path: Path) -> None:
    app = make_app(db=tmp_path / "none.duckdb", as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(str(list(MODE_TITLES).index("summary") + 1))
        await settle(app, pilot)
        panel = app.screen.query_one("#state", StatePanel)
        assert panel.display and "Nothing to show yet" in str(panel.render())


def test_report_maturity_formats(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["report", "maturity", "--db", str(cache), "--as-of", AS_OF.isoformat()]
    assert main([*base, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["month"], doc["month_cost"], doc["prev_month_cost"], doc["change_per_day_pct"]) == (
        "2025-02", "2640.00", "2620.00", "11.6",
    )  # fmt: skip
    assert (doc["maturity"]["score"], doc["maturity"]["stage"]) == (58.4, "walk")
    assert [r["monthly"] for r in doc["risks"]][1:] == ["10.00", "10.00"]
    assert main([*base, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["key"], r["value"], r["stage"]) for r in rows][:3] == [
        ("allocation", "100.0", "run"), ("coverage", "1.28", "crawl"), ("utilisation", "75.0", "crawl"),
    ]  # fmt: skip
    assert main([*base, "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Executive summary, February 2025 (data to 2025-03-10)")
    assert "- Spend February: 2640.00 USD (+11.6 % a day vs the month before)" in text  # signed
    assert "## Maturity: 58.4 / 100 (walk)" in text


def test_report_maturity_on_a_missing_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "maturity", "--db", str(tmp_path / "x.duckdb")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no cache yet" in err


async def test_back_on_spend_trends_the_header_is_its_own(cache: Path) -> None:
    """The summary sets the header's filter text to "executive summary"; Spend trends, shown again
    without a reload, used to keep it."""
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.current_mode == "trends" and app.header_info.filters == ""
        await pilot.press(str(list(MODE_TITLES).index("summary") + 1))
        await settle(app, pilot)
        assert app.header_info.filters == "executive summary"
        await pilot.press("1")
        await settle(app, pilot)
        assert app.current_mode == "trends" and app.header_info.filters == ""
        await pilot.press(str(list(MODE_TITLES).index("summary") + 1))
        await settle(app, pilot)
        assert app.header_info.filters == "executive summary"


@pytest.mark.parametrize(("width", "first"), [(100, "signal"), (120, "capability")])
async def test_every_figure_is_in_view_at_100_columns(cache: Path, width: int, first: str) -> None:
    """At 100 columns the maturity table hid its score and weight behind a horizontal scroll, and the
    savings tile lost its discounts line to a wrapped caption."""
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press(str(list(MODE_TITLES).index("summary") + 1))
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        table: DataTable[object] = screen.query_one("#maturity", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[0] == first and labels[-2:] == ["score", "weight"]
        assert table.virtual_size.width <= table.size.width
        shot = app.export_screenshot()
        assert "discounts" in shot and "ended&#160;(counted&#160;once)" in shot
        assert "$0.00/yr" in shot and "+&#160;$0&#160;discounts" in shot  # the whole tile is in view


async def test_a_screen_with_nothing_to_show_keeps_no_other_screens_filters(cache: Path) -> None:
    """Unit economics without metrics showed "finance" in the header after the Finance screen."""
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(str(list(MODE_TITLES).index("finance") + 1))
        await settle(app, pilot)
        assert app.header_info.filters == "finance"
        await pilot.press(str(list(MODE_TITLES).index("unit") + 1))
        await settle(app, pilot)
        assert app.screen.query_one("#state", StatePanel).display
        assert app.header_info.filters == "" and app.header_info.as_of == AS_OF


def test_a_fix_done_on_the_newest_day_counts_in_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Saved 2025 · N fixes" counts every finding done this year, measured or not (a finding marked
    done on the newest day has no later billing to measure yet; it read 0 fixes)."""
    from datetime import datetime

    from finops_tui.cache import CacheReader
    from finops_tui.settings import Settings
    from finops_tui.waste import find
    from finops_tui.waste.tracking import save_tracking
    from finops_tui.workspace import Workspace

    db = build_agenda_cache(tmp_path / "cache.duckdb")
    with CacheReader(db).reader() as cur:
        finding = find(cur, as_of=AS_OF, settings=Settings())[0][0]
    save_tracking(
        Workspace.for_cache(db), finding, status="done", owner=None, due_date=None, reason=None, today=AS_OF,
        now=datetime(2025, 3, 10, 18),
    )  # fmt: skip
    assert main(["report", "maturity", "--db", str(db), "--as-of", AS_OF.isoformat()]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["savings"]["done_fixes"] == 1 and doc["savings"]["realised_annualised"] == "0.00"
