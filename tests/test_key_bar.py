"""The key hint line: the screen's own bindings, remapped keys as remapped, clicks press keys."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from finops_tui.app import make_app
from finops_tui.screens import AnomaliesScreen, TrendsScreen
from finops_tui.settings import Settings
from finops_tui.widgets.key_bar import KeyBar
from tests.test_app_trends import SIZE, settle
from tests.test_trends_fixture import AS_OF, build_trends_cache


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_trends_cache(tmp_path_factory.mktemp("keybar") / "cache.duckdb")


def drawn(app: object) -> dict[str, int]:
    bar = app.screen.query_one(KeyBar)  # type: ignore[attr-defined]
    return {d.hint.description: d.start for d in bar.drawn}


async def test_hints_follow_the_screen_and_keep_the_palette_at_the_right(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        shown = drawn(app)
        assert {"Reload", "Group by", "Metric", "Window", "Export CSV"} <= set(shown)
        palette = bar.drawn[-1]
        assert palette.hint.key == "ctrl+p" and palette.end == SIZE[0]  # at the right edge
        assert bar.drawn[-2].hint.key == "ctrl+q" and bar.drawn[-2].end == palette.start  # quit beside it
        assert bar.drawn[0].start == 0
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, AnomaliesScreen)
        assert "Group by" not in drawn(app)  # the Anomalies screen's own keys, not Trends'


async def test_narrow_terminal_drops_hints_that_do_not_fit(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(60, 30)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        assert all(d.end <= 60 for d in bar.drawn)
        assert bar.drawn[-1].hint.key == "ctrl+p"
        assert "Reload" in drawn(app) and "Agenda" not in drawn(app)  # the rest does not fit


async def test_remapped_key_is_shown_remapped_and_a_click_presses_it(cache: Path) -> None:
    settings = dataclasses.replace(Settings(), keymap={"trends.window": "y"})
    app = make_app(db=cache, as_of=AS_OF, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        bar = screen.query_one(KeyBar)
        window = next(d for d in bar.drawn if d.hint.description == "Window")
        assert window.hint.display == "y"
        before = screen.window
        await pilot.click(KeyBar, offset=(window.start + 1, 0))
        await settle(app, pilot)
        assert screen.window != before  # the click pressed the remapped key


def enabled(app: object, description: str) -> bool:
    bar = app.screen.query_one(KeyBar)  # type: ignore[attr-defined]
    return next(d.hint.enabled for d in bar.drawn if d.hint.description == description)


async def test_esc_is_live_only_with_a_drill_down_to_undo(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not enabled(app, "Back")  # dimmed: nothing to go back to at the top level
        await pilot.press("enter")  # drill into the first service
        await settle(app, pilot)
        assert enabled(app, "Back")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not enabled(app, "Back")


async def test_view_keys_are_inert_on_the_empty_cache_panel(tmp_path: Path) -> None:
    app = make_app(db=tmp_path / "none.duckdb")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not enabled(app, "Group by")  # drawn dimmed
        await pilot.press("g")
        await pilot.pause()
        from textual.widgets import Select

        assert not app.screen.query_one("#group-by", Select).expanded  # no unseen menu opened
        await pilot.press("4")
        await settle(app, pilot)
        assert app.current_mode == "allocation"  # the next key is not swallowed
