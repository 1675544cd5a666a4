"""Persona presets: the first screen and Spend trends defaults per role, from the CLI, config and ``P``."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.app import FinOpsApp, make_app
from finops_tui.cli import build_parser
from finops_tui.errors import FinOpsError
from finops_tui.personas import PERSONAS, persona
from finops_tui.screens.persona_dialog import PersonaDialog
from finops_tui.screens.trends import TrendsScreen
from finops_tui.settings import Settings, load_settings
from tests.agenda_fixture import AS_OF, build_agenda_cache


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_agenda_cache(tmp_path_factory.mktemp("personas") / "cache.duckdb")


async def settle(app: FinOpsApp, pilot: object) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


def test_every_persona_opens_a_screen_the_app_has() -> None:
    from finops_tui.app import MODE_TITLES

    for p in PERSONAS.values():
        assert p.first == p.screens[0] and set(p.screens) <= set(MODE_TITLES), p.name
    assert persona(" Finance ").name == "finance"
    with pytest.raises(FinOpsError, match="unknown persona 'boss'; choose one of practitioner"):
        persona("boss")
    assert PERSONAS["product"].trends_group_by("owner") == "tag:owner"


def test_cli_and_config_name_a_persona(tmp_path: Path) -> None:
    assert build_parser().parse_args(["--persona", "Finance"]).persona == "finance"
    config = tmp_path / "c.toml"
    config.write_text('persona = "leadership"\n', encoding="utf-8")
    assert load_settings(config).persona == "leadership"
    config.write_text('persona = "boss"\n', encoding="utf-8")
    with pytest.raises(FinOpsError, match="persona must be one of practitioner, engineering"):
        load_settings(config)


async def test_finance_opens_reconciliation_and_billed_trends(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, persona=PERSONAS["finance"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.current_mode == "finance"
        await pilot.press("1")
        await settle(app, pilot)
        trends = app.screen
        assert isinstance(trends, TrendsScreen)
        assert (trends.window, trends.metric, trends.group_by) == ("last-month", "billed", "billing_account")
        assert trends.result is not None and trends.result.view.kpis.mtd == 860  # March 1-10, billed


async def test_config_persona_and_picking_another_with_p(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, settings=Settings(persona="product"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.current_mode == "unit"
        await pilot.press("1")
        await settle(app, pilot)
        trends = app.screen
        assert isinstance(trends, TrendsScreen)
        assert (trends.window, trends.group_by) == ("90d", "tag:team")  # product: by the owner tag
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PersonaDialog)
        for _ in range(list(PERSONAS).index("leadership") - list(PERSONAS).index("product")):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "summary" and app.persona is PERSONAS["leadership"]
        await pilot.press("1")
        await settle(app, pilot)
        assert (trends.window, trends.metric, trends.group_by) == ("year", "effective", "provider")
        # a choice made on the screen after that stays until the next pick
        await pilot.press("w")
        await settle(app, pilot)
        await pilot.press("2", "1")
        await settle(app, pilot)
        assert trends.window == "30d"
        # Esc in the picker keeps the preset
        await pilot.press("P", "escape")
        await pilot.pause()
        assert app.persona is PERSONAS["leadership"] and app.current_mode == "trends"


async def test_engineering_opens_waste_with_the_providers_in_the_header(cache: Path) -> None:
    """Waste used to copy the providers from the header a previous screen had set: as the first
    screen (engineering) it showed none."""
    app = make_app(db=cache, as_of=AS_OF, persona=PERSONAS["engineering"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.current_mode == "waste"
        assert [name for name, _ in app.header_info.providers] == ["AWS"]
