"""Pilot tests of the agenda: into a number and back, presenting, the action item form; one SVG snapshot."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from finops_tui.agenda import store
from finops_tui.app import make_app
from finops_tui.screens.agenda import AgendaScreen
from finops_tui.screens.agenda_dialogs import ActionItemForm
from finops_tui.screens.agenda_drill import DrillAnomaliesScreen, DrillTrendsScreen, DrillWasteScreen
from finops_tui.screens.agenda_present import PresentScreen, big_figure
from finops_tui.snapshot import SnapshotInfo
from finops_tui.workspace import Workspace
from tests.agenda_fixture import AS_OF, build_agenda_cache


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return build_agenda_cache(tmp_path / "c" / "cache.duckdb")


async def _settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _row(screen: AgendaScreen, label: str) -> int:
    return next(i for i, ln in enumerate(screen.rows) if ln is not None and ln.label.startswith(label))


async def test_enter_opens_the_cause_and_esc_comes_back(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        table = screen.query_one("#agenda-table", DataTable)
        row = _row(screen, "driver: Amazon S3")
        table.move_cursor(row=row)
        await pilot.press("enter")
        await _settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillTrendsScreen)
        assert drill.filters == (("service", "Amazon S3"),)
        assert drill.group_by == "usage_type"
        assert drill.result is not None and drill.result.as_of == date(2025, 2, 28)
        assert drill.result.view.kpis.mtd == 280
        await pilot.press("escape")
        await _settle(pilot)
        assert app.screen is screen
        assert table.cursor_row == row
        assert app.header_info.as_of == AS_OF


async def test_presentation_steps_through_the_five_parts(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, present=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await _settle(pilot)
        present = app.screen
        assert isinstance(present, PresentScreen)
        assert app.redactor.on
        part = present.query_one("#present-part", Static)
        assert str(part.render()) == "1. Cost performance"
        for expected in (
            "2. Optimisation initiatives",
            "3. Architecture and changes",
            "4. Budget and forecast",
        ):
            await pilot.press("space")
            assert str(part.render()) == expected
        await pilot.press("right", "right")
        assert str(part.render()) == "5. Action items"
        await pilot.press("left")
        assert str(part.render()) == "4. Budget and forecast"
        await pilot.press("escape")
        assert isinstance(app.screen, AgendaScreen)


def test_big_figure() -> None:
    assert big_figure("$2,640.00") == "$2,640"
    assert big_figure("+11.6% per day") == "+11.6%"
    assert big_figure("-$6.45") == "-$6"
    assert big_figure("3 findings") == "3"


async def test_action_item_form_stores_and_shows_the_item(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        screen.query_one("#agenda-table", DataTable).move_cursor(row=_row(screen, "driver: Amazon S3"))
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionItemForm)
        assert form.source == "driver: Amazon S3: +$280.00"
        form.query_one("#action-title", Input).value = "Tag the [logs] bucket"
        form.query_one("#action-owner", Input).value = "dee"
        form.query_one("#action-due", Input).value = "2025-03-31"
        form.query_one("#action-title", Input).focus()
        await pilot.press("enter")
        await _settle(pilot)
        assert app.screen is screen
        items = store.all_actions(Workspace.for_cache(cache))
        assert [(i.title, i.owner, i.due_date, i.meeting_month, i.source) for i in items] == [
            ("Tag the [logs] bucket", "dee", date(2025, 3, 31), "2025-02", "driver: Amazon S3: +$280.00")
        ]
        labels = [ln.label for ln in screen.rows if ln is not None]
        assert f"#{items[0].id} Tag the [logs] bucket" in labels
        # Enter on the item opens the same form to edit it
        screen.query_one("#agenda-table", DataTable).move_cursor(row=_row(screen, f"#{items[0].id}"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionItemForm) and app.screen.item is not None
        await pilot.press("escape")


async def test_snapshot_banner(cache: Path) -> None:
    info = SnapshotInfo(datetime(2025, 3, 11, 9, 0), AS_OF, "cache.duckdb")
    app = make_app(db=cache, as_of=AS_OF, snapshot=info)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        title = str(app.screen.query_one("#agenda-title", Static).render())
        assert "SNAPSHOT of 2025-03-11 09:00 UTC · read-only" in title


def test_agenda_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    db = build_agenda_cache(tmp_path / "c" / "cache.duckdb")
    store.set_budget(
        Workspace.for_cache(db),
        scope="total",
        month="*",
        amount=__import__("decimal").Decimal(2500),
        currency="USD",
    )
    app = make_app(db=db, as_of=AS_OF)
    app.theme = "textual-dark"

    async def settle(pilot: Any) -> None:
        await pilot.press("5")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


async def test_waste_and_anomaly_lines_open_on_their_row(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        table = screen.query_one("#agenda-table", DataTable)
        table.move_cursor(row=_row(screen, "top finding: Unused commitment"))
        await pilot.press("enter")
        await _settle(pilot)
        waste = app.screen
        assert isinstance(waste, DrillWasteScreen)
        current = waste.current()
        assert current is not None and current.key == "unused-commitment|ri-1"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        line = next(ln for ln in screen.rows if ln is not None and ln.label.startswith("anomaly:"))
        table.move_cursor(row=screen.rows.index(line))
        await pilot.press("enter")
        await _settle(pilot)
        anomalies = app.screen
        assert isinstance(anomalies, DrillAnomaliesScreen)
        row = anomalies.current()
        assert line.drill is not None and row is not None and row.anomaly.key == line.drill.key
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_months_step_and_finalise_records_forecasts(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, AgendaScreen) and screen.agenda is not None
        await pilot.press("left_square_bracket")
        await _settle(pilot)
        assert screen.agenda.month == date(2025, 1, 1)
        assert screen.rows[1] is not None and screen.rows[1].value == "$2,620.00"
        await pilot.press("right_square_bracket", "right_square_bracket")
        await _settle(pilot)
        assert screen.agenda.month == date(2025, 3, 1)
        await pilot.press("right_square_bracket")
        await _settle(pilot)
        assert screen.agenda.month == date(2025, 3, 1)
        await pilot.press("F")
        await pilot.pause()
        ws = Workspace.for_cache(cache)
        recorded = store.recorded_forecast(ws, target_month=date(2025, 4, 1))
        assert recorded is not None and recorded.meeting_month == "2025-03"
        with ws.connect() as con:
            row = con.execute(
                "SELECT inputs FROM forecast_snapshots WHERE target_month = '2025-04'"
            ).fetchone()
        assert row is not None and '"history_days": 56' in row[0]


async def test_redacted_action_item_form_masks_an_address(cache: Path) -> None:
    """With R on an item's owner address is bullets in the form and a pseudonym in the table; saving
    the form unchanged keeps the address."""
    ws = Workspace.for_cache(cache)
    item_id = store.add_action(
        ws, title="Right-size", owner="erin@acme-corp.com", due_date=None, source=None,
        meeting_month=date(2025, 2, 1), now=datetime(2025, 3, 1, 9),
    )  # fmt: skip
    app = make_app(db=cache, as_of=AS_OF, redact=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        assert "acme" not in app.export_screenshot().lower()
        screen.query_one("#agenda-table", DataTable).move_cursor(row=_row(screen, f"#{item_id}"))
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionItemForm)
        owner = form.query_one("#action-owner", Input)
        assert owner.password and not form.query_one("#action-title", Input).password
        assert "acme" not in app.export_screenshot().lower()
        form.query_one("#action-title", Input).focus()
        await pilot.press("enter")
        await _settle(pilot)
        assert app.screen is screen
    assert [a.owner for a in store.all_actions(ws)] == ["erin@acme-corp.com"]
