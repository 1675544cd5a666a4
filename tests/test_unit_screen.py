"""Pilot tests of the Unit economics screen on the unit fixture (figures in unit_fixture.py)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.widgets import DataTable, Select
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.app import MODE_TITLES, FinOpsApp, make_app
from finops_tui.screens.unit import UnitScreen
from finops_tui.settings import Settings
from finops_tui.widgets import StatePanel
from tests import allocation_fixture
from tests.unit_fixture import AS_OF, SUB_B, build

SIZE = (120, 40)
KEY = str(list(MODE_TITLES).index("unit") + 1)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("unit-screen"))


async def settle(app: FinOpsApp, pilot: object) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


async def open_unit(app: FinOpsApp, pilot: object) -> UnitScreen:
    await settle(app, pilot)
    await pilot.press(KEY)  # type: ignore[attr-defined]
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, UnitScreen)
    return screen


def rows(screen: UnitScreen) -> list[list[str]]:
    table: DataTable[object] = screen.query_one("#unit-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def tile(screen: UnitScreen, name: str) -> str:
    return str(screen.query_one(f"#unit-kpi-{name}").render())


async def test_month_view_kpis_gaps_and_grain(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, settings=Settings(teams={SUB_B: "platform"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_unit(app, pilot)
        assert MODE_TITLES["unit"] == "Unit economics"
        assert screen.query_one("#unit-metric", Select).value == "orders"  # first stored metric
        table = rows(screen)
        assert len(table) == 13
        assert table[0] == ["2025-01", "$200.00", "155", "$1.2903", "+150.0%", "31/31"]
        assert table[1] == ["2024-12", "$80.00", "155", "$0.5161", "—", "31/31"]
        assert table[2] == ["2024-11", "$0.00", "—", "gap", "—", "0/30"]
        assert "$1.2903" in tile(screen, "this") and "$0.5161" in tile(screen, "last")
        assert "+150.0%" in tile(screen, "change")
        note = str(screen.query_one("#unit-note").render())
        assert "335 day(s)" in note and "gaps, not zeros" in note
        await pilot.press("g")  # month → day
        await settle(app, pilot)
        day_rows = rows(screen)
        assert len(day_rows) == 42
        assert day_rows[0][0] == "2025-01-31"
        await pilot.press("g")  # day → week
        await settle(app, pilot)
        assert rows(screen)[0] == ["2025-W05", "$0.00", "25", "$0.0000", "—", "5/5"]


async def test_metric_and_scope_pickers(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, settings=Settings(teams={SUB_B: "platform"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_unit(app, pilot)
        scope = screen.query_one("#unit-scope", Select)
        assert screen.result is not None
        options = [s.label for s in screen.result.scopes]
        assert options == ["whole estate", "team platform", "tag team=data", "tag team=web"]
        scope.value = "team:platform"
        await settle(app, pilot)
        assert rows(screen)[0][:4] == ["2025-01", "$50.00", "155", "$0.3226"]
        screen.query_one("#unit-metric", Select).value = "transactions"
        await settle(app, pilot)
        january = rows(screen)[0]
        assert january == ["2025-01", "$50.00", "330", "gap", "—", "30/31"]  # Jan 20 has no value
        assert "metric incomplete" in tile(screen, "this")
        assert "transactions · team platform" in app.header_info.filters
        await pilot.press("s")
        assert scope.expanded


async def test_cache_without_metrics_says_how_to_import(tmp_path: Path) -> None:
    db = allocation_fixture.build(tmp_path)
    app = make_app(db=db, as_of=allocation_fixture.AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_unit(app, pilot)
        panel = screen.query_one("#state", StatePanel)
        assert panel.display and not screen.query_one("#body").display
        assert "finops-tui metrics import FILE.csv" in str(panel.render())


async def test_summed_units_are_labelled_at_100_columns(cache: Path) -> None:
    """A month's units add up daily values (customer-days for a level): the header and note say so."""
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_unit(app, pilot)
        table: DataTable[object] = screen.query_one("#unit-table", DataTable)
        assert str(table.columns["units"].label) == "Σ daily orders"  # type: ignore[index]
        grain = screen.query_one("#unit-grain")
        lines = [strip.text.strip() for strip in grain.render_lines(grain.region.reset_offset)]
        assert "cost ÷ Σ daily orders" in lines, lines
        await pilot.press("g")  # month → day: one day's value is what it says
        await settle(app, pilot)
        assert str(table.columns["units"].label) == "orders"  # type: ignore[index]


async def test_screen_keys_are_palette_commands(cache: Path) -> None:
    from finops_tui.commands import FinOpsCommands

    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_unit(app, pilot)
        commands = {name: (text, run) for name, text, run in FinOpsCommands(screen)._commands()}
        assert {"unit economics: Metric", "unit economics: Scope", "unit economics: Grain"} <= set(commands)
        assert commands["unit economics: Grain"][0] == "Day, week or month"
        await commands["unit economics: Grain"][1]()  # type: ignore[misc]
        await settle(app, pilot)
        assert screen.grain == "day" and len(rows(screen)) == 42
