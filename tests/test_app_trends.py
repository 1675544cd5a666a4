"""Pilot tests of the app shell and the Spend trends screen on the fixture cache."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import duckdb
import pytest
from textual.widgets import DataTable
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.app import FinOpsApp, make_app
from finops_tui.cache import CacheReader
from finops_tui.errors import FinOpsError
from finops_tui.first_load import TrendRequest
from finops_tui.queries import trends
from finops_tui.screens import AnomaliesScreen, TrendsScreen, WasteScreen
from finops_tui.widgets import ChartLegend, StatePanel
from tests.test_trends_fixture import AS_OF, EC2, PAYER, SUB, build_trends_cache

SIZE = (120, 40)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_trends_cache(tmp_path_factory.mktemp("app") / "cache.duckdb")


async def settle(app: FinOpsApp, pilot: object) -> None:
    with contextlib.suppress(WorkerFailed, WorkerCancelled):
        await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    with contextlib.suppress(WorkerFailed, WorkerCancelled):
        await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


def table_labels(screen: TrendsScreen) -> list[str]:
    table: DataTable[object] = screen.query_one("#movers", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def screen_text(app: FinOpsApp) -> str:
    return app.export_screenshot()


async def test_trends_loads_groups_and_kpis(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        assert table_labels(screen) == [EC2, "Virtual Machines", "Amazon Simple Storage Service"]
        assert app.header_info.as_of == AS_OF
        assert "$275.00" in str(screen.query_one("#kpi-mtd").render())


async def test_number_keys_switch_screens(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, AnomaliesScreen)
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, WasteScreen)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, TrendsScreen)


async def test_group_by_tag_shows_markup_literally(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        screen.set_group_by("tag:team")
        await settle(app, pilot)
        assert table_labels(screen) == ["web", "[/]", "[bold]", "(untagged)"]
        svg = app.export_screenshot()
        assert "[bold]" in svg and "[/]" in svg
        legend = screen.query_one(ChartLegend).render().plain  # above the chart, not over it
        assert legend.startswith("effective cost by tag team:")
        assert "██ [bold]" in legend and "██ [/]" in legend


async def test_drill_down_and_back(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        await pilot.press("enter")  # EC2 is the first row
        await settle(app, pilot)
        assert screen.filters == (("service", EC2),) and screen.group_by == "usage_type"
        assert table_labels(screen) == ["BoxUsage:m5.large", "EBS:VolumeUsage.gp3"]
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert screen.group_by == "resource" and table_labels(screen) == ["vol-0002"]
        assert "Usage type = EBS:VolumeUsage.gp3" in app.header_info.filters
        await pilot.press("escape")
        await settle(app, pilot)
        assert screen.group_by == "usage_type"
        await pilot.press("escape")
        await settle(app, pilot)
        assert screen.filters == () and screen.group_by == "service"


async def test_drills_and_groupings_the_cursor_rests_on_are_asked_ahead(cache: Path) -> None:
    """Enter on a row the cursor rested on, a dimension the group-by menu highlighted, and Esc back
    all find their view done (``trend_ahead``), and show what a load on the spot shows."""
    app = make_app(db=cache, as_of=AS_OF)
    loads = app.trend_loads
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        assert loads.asked == 1  # the cursor landed on EC2: its drill-down is on its way
        await pilot.pause(0.2)
        await pilot.press("enter")
        await settle(app, pilot)
        assert (screen.filters, screen.group_by) == ((("service", EC2),), "usage_type")
        assert loads.hits == 1 and table_labels(screen) == ["BoxUsage:m5.large", "EBS:VolumeUsage.gp3"]
        await pilot.press("escape")  # the first view was kept
        await settle(app, pilot)
        assert loads.hits == 2 and screen.group_by == "service"
        assert table_labels(screen) == [EC2, "Virtual Machines", "Amazon Simple Storage Service"]
        await pilot.press("g")  # the menu opens on "Service"; "Service category" is next
        await pilot.pause()
        asked = loads.asked
        await pilot.press("down")
        await pilot.pause(0.2)
        assert loads.asked == asked + 1  # the highlighted dimension, before Enter
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.group_by == "service_category" and loads.hits == 3
        with app.cache.reader() as cur:  # what a load on the spot shows
            fresh = trends.movers(cur, as_of=AS_OF, group_by="service_category")
        assert table_labels(screen) == [m.label for m in fresh]
        await pilot.press("r")  # Reload asks the cache again, not the kept view
        await settle(app, pilot)
        assert loads.hits == 3 and table_labels(screen) == [m.label for m in fresh]
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("R")  # with the menu open too: the menu does not take it as a search
        await pilot.pause()
        assert app.redactor.on


async def test_keys_right_after_esc_act_on_the_view_esc_went_back_to(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Esc to a kept view shows it at once: ↓ and Enter pressed straight after drill into the next
    group (on a big cache they moved the cursor in the rows being left, and the landing load put it
    back on the group left)."""
    import time

    real = TrendsScreen.run_query

    def slow(screen: TrendsScreen, cur: duckdb.DuckDBPyConnection) -> object:
        time.sleep(0.3)  # a worker's load on a big cache
        return real(screen, cur)

    monkeypatch.setattr(TrendsScreen, "run_query", slow)
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape", "down", "enter")  # no pause between them
        await settle(app, pilot)
        assert screen.filters == (("service", "Virtual Machines"),)


async def test_redaction_hides_every_id(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, redact=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        for dim in ("billing_account", "sub_account", "resource"):
            screen.set_group_by(dim)
            await settle(app, pilot)
            svg = app.export_screenshot()
            for secret in (
                PAYER,
                SUB,
                "Acme Payer",
                "acme-prod",
                "Contoso EA",
                "i-0001",
                "vol-0002",
                "/subscriptions/abc",
            ):
                assert secret not in svg, (dim, secret)
        await pilot.press("R")  # off again: real ids come back
        await settle(app, pilot)
        assert "vol-0002" in app.export_screenshot()


async def test_export_csv_is_redacted(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(db=cache, as_of=AS_OF, redact=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        screen.set_group_by("billing_account")
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
    (out,) = tmp_path.glob("finops-trends-*.csv")
    text = out.read_text()
    assert "account-" in text and PAYER not in text and "Acme" not in text
    assert out.name.endswith("-redacted.csv")  # never overwrites the same view's real-id export


async def test_an_export_names_its_view_in_every_row(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file sent on from the meeting says what slice it is: a drilled view read as the estate."""
    monkeypatch.chdir(tmp_path)
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # into the first service: by usage type
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
    (out,) = tmp_path.glob("finops-trends-*.csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows and {
        (r["dimension"], r["filters"], r["metric"], r["current_start"], r["previous_end"], r["as_of"])
        for r in rows
    } == {("usage_type", f"service={EC2}", "effective", "2025-01-12", "2025-01-11", "2025-02-10")}


async def test_missing_cache_offers_the_demo(tmp_path: Path) -> None:
    app = make_app(db=tmp_path / "none.duckdb")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        panel = app.screen.query_one("#state", StatePanel)
        assert panel.display
        text = str(panel.render())
        assert "finops-tui import" in text and "Press d to build the demo" in text


async def test_failing_query_shows_error_and_app_keeps_running(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom [/] from the database")

    monkeypatch.setattr(trends, "trend_view_and", broken)
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        panel = app.screen.query_one("#state", StatePanel)
        assert panel.display and "boom [/] from the database" in str(panel.render())
        assert app.is_running
        monkeypatch.undo()
        await pilot.press("r")
        await settle(app, pilot)
        assert not panel.display
        screen = app.screen
        assert isinstance(screen, TrendsScreen) and table_labels(screen)[0] == EC2


async def test_finops_error_is_worded_for_the_user(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def old_cache(*args: object, **kwargs: object) -> object:
        raise FinOpsError("this cache has no daily rollups")

    monkeypatch.setattr(trends, "trend_view_and", old_cache)
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "no daily rollups" in str(app.screen.query_one("#state", StatePanel).render())


async def test_help_lists_keys_with_tooltips(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        from finops_tui.screens import HelpScreen

        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        tips = {tip for _, _, tip, _ in help_screen.rows}
        assert {"Undo the last drill-down", "Go to Waste", "Load this screen's data again"} <= tips
        ids = {binding_id for _, _, _, binding_id in help_screen.rows}
        assert {"go.waste", "app.sync", "app.redact"} <= ids  # what [keymap] in the config names
        assert "app.demo" not in ids  # `d` builds the demo only into an empty cache
        first_widget = next(i for i, row in enumerate(help_screen.rows) if not row[3])
        assert all(not row[3] and row[1] for row in help_screen.rows[first_widget:])  # widget keys last
        assert help_screen.rows[0][3]  # the list opens on the screen's own keys
        assert "[keymap]" in app.export_screenshot()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TrendsScreen)


def test_every_binding_has_id_and_tooltip() -> None:
    from finops_tui.screens.base import DataScreen
    from finops_tui.screens.help import HelpScreen
    from finops_tui.widgets.row_table import RowTable

    for owner in (FinOpsApp, TrendsScreen, DataScreen, HelpScreen, RowTable):
        for binding in owner.BINDINGS:
            assert getattr(binding, "id", None) and getattr(binding, "tooltip", None), (owner, binding)


async def test_metric_and_window_keys_reach_the_monthly_view(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        await pilot.press("m")
        await settle(app, pilot)
        assert screen.metric == "billed" and "$325.00" in str(screen.query_one("#kpi-mtd").render())
        for _ in range(5):
            await pilot.press("w")
            await settle(app, pilot)
        assert screen.window == "year" and screen.result is not None and screen.result.view.monthly
        assert not screen.query_one("#state", StatePanel).display


async def test_palette_go_command(cache: Path) -> None:
    from finops_tui.commands import FinOpsCommands

    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        provider = FinOpsCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        assert "go: Waste" in names and "export: Trends as CSV" in names
        dict((n, cb) for n, _, cb in provider._commands())["go: Waste"]()
        await pilot.pause()
        assert isinstance(app.screen, WasteScreen)


async def test_redaction_reaches_screens_loaded_before_it_was_turned_on(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("4")  # allocation: coverage by sub-account names the accounts
        await settle(app, pilot)
        assert "acme-prod" in app.export_screenshot()
        await pilot.press("1", "R")
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        assert "acme-prod" not in app.export_screenshot()


async def test_two_views_export_to_two_files(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Effective then billed, then a drill-down: three views, three files, none overwritten."""
    monkeypatch.chdir(tmp_path)
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.press("m")  # billed
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.press("enter")  # drill into the first service
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
    names = sorted(p.name for p in tmp_path.glob("finops-trends-*.csv"))
    assert len(names) == 3, names
    assert names[0] == "finops-trends-20250210-billed-30d-service.csv"
    assert names[1].startswith("finops-trends-20250210-billed-30d-usage_type-")  # filters digested
    assert names[2] == "finops-trends-20250210-effective-30d-service.csv"
    assert "BoxUsage" in (tmp_path / names[1]).read_text()  # the drilled view's rows


@pytest.mark.parametrize("content", [b"", b"this is a spreadsheet, not a cache\n"])
async def test_a_file_that_is_not_a_cache_says_so_without_a_useless_retry(
    tmp_path: Path, content: bytes
) -> None:
    db = tmp_path / "x.duckdb"
    db.write_bytes(content)
    app = make_app(db=db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = str(app.screen.query_one("#state", StatePanel).render())
        assert text.startswith("This file is not a finops-tui cache")
        assert "finops-tui demo" in text and "Press r" not in text
    assert db.read_bytes() == content  # left as it was


def test_a_duckdb_file_of_another_tool_is_not_a_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import duckdb

    from finops_tui.cli import main

    db = tmp_path / "other.duckdb"
    duckdb.connect(str(db)).close()
    assert main(["--db", str(db), "status"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a finops-tui cache (no meta table); point --db" in err


async def test_closing_the_group_by_menu_on_the_same_choice_returns_to_the_table(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("g")  # the menu opens on "Service"
        await pilot.pause()
        await pilot.press("enter")  # the same choice: no change, no reload
        await pilot.pause()
        assert app.focused is app.screen.query_one("#movers")  # arrows move in the table again


def test_long_labels_fit_the_group_column() -> None:
    from finops_tui.formatting import fit_label

    arn = "arn:aws:bedrock:us-east-1:098712345670:application-inference-profile/93e2ee4070d82fa7"
    assert fit_label("Amazon EC2", 26, ids=False) == "Amazon EC2"
    assert fit_label(arn, 26, ids=True) == "…/93e2ee4070d82fa7"  # the end tells ARNs apart
    wider = fit_label(arn, 46, ids=True)
    assert len(wider) <= 46 and wider.endswith("/93e2ee4070d82fa7")
    assert fit_label("A very long service name indeed", 12, ids=False) == "A very long…"


async def test_enter_at_the_resource_level_shows_the_whole_id(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    told: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: told.append(str(message)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        screen.set_group_by("resource")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
    assert told == ["The most detailed level: i-0001"]  # the whole id, to copy into a ticket


async def test_redaction_on_clears_messages_and_keeps_the_cursor_on_its_group(cache: Path) -> None:
    """R while sharing: the whole id Enter spelled out a moment ago goes from the screen, and the
    table, drawn again with pseudonyms, keeps the cursor on the group it was on."""
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        screen.set_group_by("resource")
        await settle(app, pilot)
        table = screen.query_one("#movers", DataTable)
        await pilot.press("down")
        picked = screen.result.view.movers[table.cursor_row].key if screen.result else ""
        await pilot.press("enter")  # the most detailed level: the whole id, in a message
        await pilot.pause(0.3)
        assert "most" in screen_text(app) and "detailed" in screen_text(app)  # the message shows
        await pilot.press("R")
        await settle(app, pilot)
        assert app.redactor.on and picked not in screen_text(app)
        assert table.cursor_row == 1 and screen.result is not None
        assert screen.result.view.movers[1].key == picked


async def test_an_empty_or_partly_empty_comparison_period_is_named_so(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        crumb = str(screen.query_one("#breadcrumb").render())
        assert "* previous: 10 days of data, from 2025-01-02" in crumb  # Dec 13 - Jan 11, per day over 10
        await pilot.press("w", "w")  # 365 days: the year before holds nothing
        await settle(app, pilot)
        crumb = str(screen.query_one("#breadcrumb").render())
        assert "* no data before 2025-01-02" in crumb


async def test_a_long_movers_table_draws_the_largest_changes_and_exports_every_group(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A resource grouping can hold tens of thousands of groups: the screen fetches and draws the
    largest changes (here 1), says how many there are, and the export still has every group."""
    import finops_tui.first_load
    import finops_tui.screens.trends as trends_screen

    monkeypatch.setattr(finops_tui.first_load, "MOVERS_SHOWN", 1)
    monkeypatch.setattr(trends_screen, "MOVERS_SHOWN", 1)
    monkeypatch.chdir(tmp_path)
    with CacheReader(cache).reader() as cur:
        every = trends.movers(cur, as_of=AS_OF, group_by="resource")
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        screen.set_group_by("resource")
        await settle(app, pilot)
        assert screen.result is not None
        view = screen.result.view
        assert len(view.movers) == 1 and view.groups == len(every) > 1
        assert view.movers[0] == every[0]  # the largest change, as the full list orders it
        rows = table_labels(screen)
        assert len(rows) == 2 and rows[1] == f"… {len(every) - 1} more"
        assert str(screen.query_one("#movers", DataTable).get_row_at(1)[1]) == "e exports all"
        assert f"largest 1 of {len(every)} changes" in str(screen.query_one("#breadcrumb").render())
        header = screen.query_one("#movers", DataTable).ordered_columns[0].label
        assert str(header).endswith(f"(1/{len(every)})")  # the count stays in view when the crumb is cut
        await pilot.press("down", "enter")  # the "… more" line is not a group: nothing happens
        await settle(app, pilot)
        assert screen.group_by == "resource" and screen.filters == ()
        await pilot.press("e")
        for _ in range(50):
            await pilot.pause(0.05)
            if list(tmp_path.glob("finops-trends-*.csv")):
                break
    (out,) = tmp_path.glob("finops-trends-*.csv")
    lines = out.read_text().splitlines()
    assert len(lines) == 1 + len(every)  # header and every group
    assert {line.split(",")[0] for line in lines[1:]} == {m.key for m in every}


async def test_enter_while_a_drill_loads_does_not_drill_with_the_old_rows(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table keeps the previous rows until the new load lands; Enter on them then would filter
    the new dimension by an old group's key (seen in tmux: "Tag team = ml > Service = ml")."""
    import time

    import finops_tui.screens.trends as trends_screen

    real = trends_screen.load_trends

    def slow_drills(cur: object, request: TrendRequest) -> object:
        if request.filters:
            time.sleep(0.4)  # a drill on a big cache
        return real(cur, request)  # type: ignore[arg-type]

    monkeypatch.setattr(trends_screen, "load_trends", slow_drills)
    app = make_app(db=cache, as_of=AS_OF)
    monkeypatch.setattr(app.trend_loads, "ahead", lambda request: None)  # Enter before it could be
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("enter")  # on the old rows, while the drill loads
        await settle(app, pilot)
        assert screen.filters == (("service", EC2),) and screen.group_by == "usage_type"
        await pilot.press("enter")  # once the rows are the new view's, Enter drills again
        await settle(app, pilot)
        assert len(screen.filters) == 2 and screen.filters[1][0] == "usage_type"


async def test_esc_puts_the_cursor_back_on_the_group_drilled_into(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        second = table_labels(screen)[1]
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert screen.filters and screen.filters[0][1] == second
        await pilot.press("escape")
        await settle(app, pilot)
        table = screen.query_one("#movers", DataTable)
        assert screen.filters == () and table.cursor_row == 1 and table_labels(screen)[1] == second


async def test_home_and_end_jump_to_the_first_and_last_row(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        table = screen.query_one("#movers", DataTable)
        assert table.row_count > 2
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_the_chart_names_groups_beyond_the_movers_fetched(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("finops_tui.screens.trends.MOVERS_SHOWN", 1)  # one mover fetched, two charted
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        screen.set_group_by("billing_account")
        await settle(app, pilot)
        assert table_labels(screen) == ["Acme Payer", "… 1 more"]  # Contoso EA's row is not fetched
        legend = screen.query_one(ChartLegend).render().plain
        assert "██ Acme Payer" in legend and "██ Contoso EA" in legend and PAYER not in legend


async def test_spans_across_a_year_stack_their_headers_so_100_columns_hold_every_figure(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#movers", DataTable)
        headers = [str(c.label) for c in table.ordered_columns]
        assert headers[1:3] == ["01-12…\n02-10", "2024-12-13…\n2025-01-11*"]  # the second crosses a year
        assert table.header_height == 2 and table.virtual_size.width <= 100
        for _ in range(5):  # 90, 365 days, month to date, last month, 12 months
            await pilot.press("w")
            await settle(app, pilot)
        headers = [str(c.label) for c in table.ordered_columns]
        assert headers[1:3] == ["2024-03-01…\n2025-02-10", "2023-03-01…\n2024-02-29*"]
        assert table.virtual_size.width <= 100 and "savings" in headers


def test_change_percent_reads_new_only_for_a_group_with_cost_now() -> None:
    from decimal import Decimal

    from finops_tui.screens.trends import _pct
    from finops_tui.trends_models import Mover

    def mover(current: str, previous: str) -> Mover:
        return Mover("k", "k", Decimal(current), Decimal(previous), Decimal(0), Decimal(0), 30, 30)

    assert [_pct(mover("5", "0")), _pct(mover("0", "0")), _pct(mover("5", "4"))] == ["new", "—", "+25.0%"]


async def test_period_headers_stay_on_one_line_where_they_fit(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:  # 120 columns: the group column keeps 23 cells
        await settle(app, pilot)
        table = app.screen.query_one("#movers", DataTable)
        assert table.header_height == 1 and str(table.ordered_columns[2].label) == "2024-12-13…2025-01-11*"
        assert table.virtual_size.width <= 120
