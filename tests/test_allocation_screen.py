"""Pilot tests of the Allocation screen on the allocation fixture cache."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TabbedContent
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.app import FinOpsApp, make_app
from finops_tui.screens.allocation import AllocationScreen
from finops_tui.settings import Settings
from finops_tui.widgets import StatePanel
from tests.allocation_fixture import AS_OF, SUB_B, build

SIZE = (120, 40)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("alloc"))


async def settle(app: FinOpsApp, pilot: object) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


def column(screen: AllocationScreen, table_id: str, index: int) -> list[str]:
    table: DataTable[object] = screen.query_one(f"#{table_id}", DataTable)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


async def open_allocation(app: FinOpsApp, pilot: object) -> AllocationScreen:
    await settle(app, pilot)
    await pilot.press("4")  # type: ignore[attr-defined]
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, AllocationScreen)
    return screen


async def test_allocation_shows_score_gaps_hygiene_and_showback(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_allocation(app, pilot)
        assert "95.5%" in str(screen.query_one("#kpi-readiness").render())  # 212 / 222
        assert "50.0%" in str(screen.query_one("#kpi-coverage").render())
        assert column(screen, "coverage", 0) == ["All spend", "acme-prod", "acme-dev"]
        assert column(screen, "coverage", 6) == ["50.0%", "62.5%", "0.0%"]
        assert column(screen, "gaps", 0) == ["$60.00", "$30.00", "$10.00"]
        assert column(screen, "gaps", 3) == ["i-2", "b-1", "b-[/]2"]  # literal, never markup
        assert column(screen, "hygiene", 2) == [
            "environment",
            "team",
            "cost-center",
            "environment",
            "cost-center",
        ]
        assert column(screen, "showback", 0) == ["web", "data", "(unallocated)", "total"]
        assert column(screen, "showback", 3) == ["$145.05", "$66.95", "$10.00", "$222.00"]
        note = str(screen.query_one("#hygiene-note", Static).render())
        assert "$190.00 of $222.00 carries a non-proposed spelling" in note  # not the groups' $540.00


async def test_keys_cycle_tabs_scope_and_month(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_allocation(app, pilot)
        await pilot.press("v")
        assert column(screen, "coverage", 0)[1:] == [
            "Amazon Elastic Compute Cloud",
            "Amazon Simple Storage Service",
            "Tax",
            "AWS Support (Business)",
        ]
        await pilot.press("t")
        assert screen.query_one("#tabs", TabbedContent).active == "tab-gaps"
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert screen.result is not None and f"{screen.result.view.month:%Y-%m}" == "2024-12"
        assert column(screen, "showback", 3) == ["$90.00", "$10.00", "$100.00"]
        await pilot.press("left_square_bracket")  # no earlier month: stays
        await settle(app, pilot)
        assert f"{screen.result.view.month:%Y-%m}" == "2024-12"


async def test_account_map_and_export(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(db=cache, as_of=AS_OF, settings=Settings(teams={SUB_B: "platform"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_allocation(app, pilot)
        assert "100.0%" in str(screen.query_one("#kpi-readiness").render())
        await pilot.press("t", "t", "t")  # Showback: e writes the chargeback CSV there
        await pilot.press("e")
        await pilot.pause()
    lines = (tmp_path / "finops-showback-2025-01.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "month,team,direct,shared,total,previous_total,change,currency"
    assert "2025-01,platform,10.00,1.10,11.10,10.00,1.10,USD" in lines


async def test_old_cache_without_rollup_shows_error(tmp_path: Path) -> None:
    import duckdb

    db = build(tmp_path)
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE monthly_resource_cost")
    con.execute("DROP TABLE monthly_tagset_cost")
    con.close()
    app = make_app(db=db, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_allocation(app, pilot)
        panel = screen.query_one("#state", StatePanel)
        assert panel.display
        assert "import again" in str(panel.render())


def test_a_month_not_ended_by_the_as_of_day_is_marked_partial_in_the_header() -> None:
    from datetime import date

    from finops_tui.screens.allocation import _partial

    assert _partial(date(2026, 12, 1), date(2026, 12, 4)) == " (partial, to 12-04)"
    assert _partial(date(2026, 2, 1), date(2026, 2, 27)) == " (partial, to 02-27)"
    assert _partial(date(2026, 11, 1), date(2026, 11, 30)) == ""  # the month's last day: complete
    assert _partial(date(2026, 11, 1), date(2026, 12, 4)) == ""
    newest = (("AWS", date(2026, 12, 20)), ("Microsoft", None))  # an --as-of before the cache's newest day
    assert _partial(date(2026, 12, 1), date(2026, 12, 4), newest) == (
        " (monthly figures to 12-20, past the as-of day)"  # not "to 12-04": the rollups are monthly
    )
    assert (
        _partial(date(2026, 12, 1), date(2026, 12, 4), (("AWS", date(2026, 12, 4)),))
        == " (partial, to 12-04)"
    )
