"""Pilot tests of the Commitments screen on the commitments fixture cache (figures in its docstring)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.widgets import DataTable, TabbedContent
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.app import FinOpsApp, make_app
from finops_tui.screens.commitments import CommitmentsScreen
from finops_tui.widgets import StatePanel
from tests import allocation_fixture
from tests.commitments_fixture import AS_OF, AWS_ACCOUNT, build, build_from, long_name_lines

SIZE = (120, 40)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("commit-screen"))


async def settle(app: FinOpsApp, pilot: object) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


def column(screen: CommitmentsScreen, table_id: str, index: int) -> list[str]:
    table: DataTable[object] = screen.query_one(f"#{table_id}", DataTable)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


def tile(screen: CommitmentsScreen, name: str) -> str:
    return str(screen.query_one(f"#kpi-{name}").render())


async def open_commitments(app: FinOpsApp, pilot: object) -> CommitmentsScreen:
    await settle(app, pilot)
    await pilot.press("6")  # type: ignore[attr-defined]
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CommitmentsScreen)
    return screen


async def test_screen_shows_utilisation_coverage_units_lifetimes_and_guidance(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_commitments(app, pilot)
        assert "68.3%" in tile(screen, "utilisation")  # 112 / 164
        assert "-13.5 pts m/m" in tile(screen, "utilisation")  # December 90 / 110 = 81.8 %
        assert "$52.00" in tile(screen, "unused") and "of $164.00" in tile(screen, "unused")
        assert "37.3%" in tile(screen, "coverage")  # 112 / 300.40
        assert "$245.28" in tile(screen, "saving")
        assert column(screen, "use", 0) == ["All commitments", "m5.xlarge RI", "Compute SP", "D2s v5 RI"]
        assert column(screen, "use", 4) == ["$52.00", "$30.00", "$10.00", "$12.00"]
        assert column(screen, "use", 5) == ["68.3%", "66.7%", "80.0%", "50.0%"]
        assert column(screen, "use", 6) == ["-13.5", "-13.3", "—", "—"]
        await pilot.press("v")  # instance family, with coverage columns
        assert column(screen, "use", 0) == [
            "All commitments",
            "m5",
            "c5",
            "Standard_D2s_v5",
            "(no instance type)",
        ]
        assert column(screen, "use", 8) == ["37.3%", "33.4%", "57.1%", "33.3%", "0.0%"]
        await pilot.press("t")
        assert screen.query_one("#tabs", TabbedContent).active == "tab-units"
        assert column(screen, "units", 0) == ["m5", "c5"]
        assert column(screen, "units", 2) == ["800", "800"]
        assert column(screen, "units", 3) == ["2,976", "800"]
        assert column(screen, "units", 5) == ["400", "0"]
        assert "m5.metal" in str(screen.query_one("#units-note").render())
        await pilot.press("t")
        assert column(screen, "lifetimes", 1) == ["ended (rows stopped)", "active", "active", "active"]
        await pilot.press("t")
        assert column(screen, "guidance", 2) == ["$2.40", "$0.00"]
        assert "10th percentile" in str(screen.query_one("#guidance-note").render())
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert screen.result is not None and f"{screen.result.view.month:%Y-%m}" == "2024-12"
        assert "81.8%" in tile(screen, "utilisation")


async def test_redaction_hides_account_and_commitment_ids(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, redact=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_commitments(app, pilot)
        labels = column(screen, "use", 0)
        assert labels[0] == "All commitments" and all(x.startswith("resource-") for x in labels[1:])
        await pilot.press("v", "v", "v")  # family → provider → billing account
        accounts = column(screen, "use", 0)[1:]
        assert accounts and all(x.startswith("account-") for x in accounts)
        assert not any(AWS_ACCOUNT in x or "ri-1" in x for x in [*labels, *accounts])
        assert all(x.startswith("resource-") for x in column(screen, "lifetimes", 0))


async def test_missing_cache_and_a_cache_without_commitments(tmp_path: Path) -> None:
    app = make_app(db=tmp_path / "none.duckdb", as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_commitments(app, pilot)
        panel = screen.query_one("#state", StatePanel)
        assert panel.display and "Nothing to show yet" in str(panel.render())
    plain = allocation_fixture.build(tmp_path / "plain")
    app = make_app(db=plain, as_of=allocation_fixture.AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_commitments(app, pilot)  # EC2 rows there carry no instance type
        panel = screen.query_one("#state", StatePanel)
        assert panel.display and "No commitment discounts and no on-demand instance usage" in str(
            panel.render()
        )


async def test_long_names_keep_their_end_and_the_figures_fit_at_100_columns(tmp_path: Path) -> None:
    """Two reservations named alike but for the term stay apart, with every column in view."""
    app = make_app(db=build_from(tmp_path, long_name_lines()), as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_commitments(app, pilot)
        table: DataTable[object] = screen.query_one("#use", DataTable)
        shown = "\n".join(strip.text for strip in table.render_lines(table.region.reset_offset))
        assert "1yr No Upfront" in shown and "3yr No Upfront" in shown, shown
        assert shown.count("Reserved Instance ") == 2, shown
        width = sum(col.get_render_width(table) for col in table.columns.values())
        assert width <= table.scrollable_content_region.width
        assert [str(c.label) for c in table.columns.values()][-1] == "util. m/m"
        await pilot.press("v", "v")  # commitment → family → provider
        await settle(app, pilot)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:2] == ["Provider", "used"]  # not "Provider, provider"
        assert column(screen, "use", 0) == ["All commitments", "AWS"]
        await pilot.press("v")  # billing account
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:3] == ["Billing account", "provider", "used"]
        assert labels[-5:] == ["util. m/m", "covered", "on-demand", "coverage", "cov. m/m"]


async def test_screen_keys_are_palette_commands(cache: Path) -> None:
    from finops_tui.commands import FinOpsCommands

    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_commitments(app, pilot)
        commands = {name: run for name, _, run in FinOpsCommands(screen)._commands()}
        names = {"commitments: Prev month", "commitments: Next month", "commitments: Next tab"}
        assert names | {"commitments: Breakdown"} <= set(commands)
        await commands["commitments: Prev month"]()  # type: ignore[misc]
        await settle(app, pilot)
        assert screen.result is not None and f"{screen.result.view.month:%Y-%m}" == "2024-12"


async def test_the_key_bar_shows_a_tab_s_own_keys_only(cache: Path) -> None:
    """``v`` regroups the Use tab only; on the other tabs it did nothing, yet the key bar offered it.
    The month keys stay on every tab: the month's tiles sit above them all."""
    from finops_tui.widgets.key_bar import KeyBar

    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await open_commitments(app, pilot)
        seen = []
        for _ in range(4):
            await pilot.pause()
            drawn = {d.hint.description for d in app.screen.query_one(KeyBar).drawn}
            seen.append(drawn & {"Breakdown", "Prev month", "Next month"})
            await pilot.press("t")
    months = {"Prev month", "Next month"}
    assert seen == [months | {"Breakdown"}, months, months, months]  # Use, Units, Lifetimes, Guidance
