"""Pilot tests of the Finance screen on the finance fixture cache."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.widgets import DataTable, TabbedContent
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.app import MODE_TITLES, FinOpsApp, make_app
from finops_tui.cli import main
from finops_tui.reports.redact import pseudonym
from finops_tui.screens.finance import FinanceScreen
from finops_tui.widgets import StatePanel
from tests.finance_fixture import AS_OF, AWS_ACCOUNT, build

SIZE = (120, 40)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = build(tmp_path_factory.mktemp("finance-screen"))
    args = ["invoice", "set", "--db", str(db), "--provider", "AWS", "--account", AWS_ACCOUNT]
    assert main([*args, "--period", "2025-02", "210.50"]) == 0
    return db


async def settle(app: FinOpsApp, pilot: object) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


def column(screen: FinanceScreen, table_id: str, index: int) -> list[str]:
    table: DataTable[object] = screen.query_one(f"#{table_id}", DataTable)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


async def open_finance(app: FinOpsApp, pilot: object) -> FinanceScreen:
    await settle(app, pilot)
    key = str(list(MODE_TITLES).index("finance") + 1)
    await pilot.press(key)  # type: ignore[attr-defined]
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, FinanceScreen)
    return screen


async def test_periods_lines_and_enter(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_finance(app, pilot)
        assert column(screen, "periods", 0) == ["2025-03", "2025-02", "2025-01", "2025-01"]
        assert column(screen, "periods", 1) == ["not final", "final", "final", "final"]
        assert column(screen, "periods", 9) == ["-$40.00", "-$40.00", "$80.00", "$0.00"]
        assert column(screen, "periods", 8) == ["$0.00"] * 4
        assert column(screen, "periods", 6) == ["—", "$10.50", "—", "—"]
        assert column(screen, "lines", 0) == [
            "Usage at standard rates", "Usage covered by commitments", "Unexplained", "Total",
        ]  # fmt: skip
        assert "not final: the period runs to 2025-03-31" in str(screen.query_one("#lines-note").render())
        await pilot.press("down", "down", "enter")
        assert column(screen, "lines", 0)[3:] == [
            "Commitment purchases", "Credits", "Tax", "Unexplained", "Total",
        ]  # fmt: skip
        assert column(screen, "lines", 5) == [
            "$0.00", "-$30.00", "-$10.00", "$120.00", "$0.00", "$0.00", "$0.00", "$80.00",
        ]  # fmt: skip
        await pilot.press("up", "enter")
        assert column(screen, "lines", 0)[-1] == "Invoice" and column(screen, "lines", 5)[-1] == "$10.50"
        await pilot.press("l")
        assert screen.query_one("#lines", DataTable).has_focus


async def test_list_price_tab_and_redaction(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_finance(app, pilot)
        await pilot.press("t")
        assert screen.query_one("#tabs", TabbedContent).active == "tab-list"
        assert column(screen, "listprice", 0)[:3] == ["YTD 2025", "YTD 2025", "2025-03"]
        assert column(screen, "listprice", 2)[0] == "$593.00"
        assert column(screen, "listprice", 10)[0] == "$0.00"  # residual
        assert column(screen, "listprice", 3)[0] == "$473.00"
        assert AWS_ACCOUNT in column(screen, "periods", 3)
        await pilot.press("R")
        await settle(app, pilot)
        assert column(screen, "periods", 3)[0] == pseudonym("account", AWS_ACCOUNT)
        assert AWS_ACCOUNT not in app.export_screenshot()


def fits(screen: FinanceScreen, table_id: str, key: str) -> bool:
    """Whether column ``key`` ends inside the table's width with no horizontal scrolling."""
    table: DataTable[object] = screen.query_one(f"#{table_id}", DataTable)
    right = 0
    for column_key, col in table.columns.items():
        right += col.get_render_width(table)
        if column_key.value == key:
            return right <= table.scrollable_content_region.width
    raise AssertionError(f"no column {key}")


async def test_invoice_and_effective_fit_at_100_columns(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_finance(app, pilot)
        assert fits(screen, "periods", "inv. - billed") and fits(screen, "periods", "effective")
        await pilot.press("t")
        await settle(app, pilot)
        assert fits(screen, "listprice", "effective")


async def test_the_unexplained_residual_fits_at_120_columns(tmp_path: Path) -> None:
    """Demo-sized figures and a redacted account: the residual a finance reader checks stays in view."""
    db = build(tmp_path)
    args = ["invoice", "set", "--db", str(db), "--provider", "AWS", "--account", AWS_ACCOUNT]
    assert main([*args, "--period", "2025-03", "--currency", "USD", "85500.00"]) == 0
    app = make_app(db=db, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_finance(app, pilot)
        await pilot.press("R")
        await settle(app, pilot)
        assert fits(screen, "periods", "unexplained")


async def test_empty_cache_shows_the_empty_state(tmp_path: Path) -> None:
    app = make_app(db=tmp_path / "none.duckdb", as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await app.switch_mode("finance")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FinanceScreen)
        assert screen.query_one("#state", StatePanel).display
        assert not screen.query_one("#body").display


async def test_screen_keys_are_palette_commands(cache: Path) -> None:
    from finops_tui.commands import FinOpsCommands

    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_finance(app, pilot)
        commands = {name: run for name, _, run in FinOpsCommands(screen)._commands()}
        assert {"finance: Next tab", "finance: Lines"} <= set(commands)
        await commands["finance: Next tab"]()  # type: ignore[misc]
        await pilot.pause()
        assert screen.query_one("#tabs", TabbedContent).active == "tab-list"


async def test_the_highlighted_line_says_what_it_explains_at_100_columns(cache: Path) -> None:
    """The explains column is cut off on a narrow terminal; the line under the table spells it out."""
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_finance(app, pilot)
        explain = screen.query_one("#line-explain")
        assert str(explain.render()) == "Usage at standard rates: usage with no commitment discount"
        await pilot.press("l", "down")
        assert (
            str(explain.render())
            == "Usage covered by commitments: amortised commitment cost, not billed again"
        )
        assert explain.region.width >= 80 and explain.region.height == 1


async def test_an_invoice_in_another_currency_says_why_it_is_not_subtracted(tmp_path: Path) -> None:
    db = build(tmp_path)
    args = ["invoice", "set", "--db", str(db), "--provider", "AWS", "--account", AWS_ACCOUNT]
    assert main([*args, "--period", "2025-03", "--currency", "EUR", "205.00"]) == 0
    app = make_app(db=db, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_finance(app, pilot)
        assert column(screen, "lines", 0)[-1] == "Invoice"
        assert column(screen, "lines", 6)[-1] == "invoice in EUR, billing in USD: not subtracted"
        await pilot.press("l", "ctrl+end")
        note = "Invoice: invoice in EUR, billing in USD: not subtracted"
        assert str(screen.query_one("#line-explain").render()) == note
