"""The QA pass on the agenda: day-normalised drivers say so, done waste is one set, the F hint is true,
and Agenda and Executive summary follow a waste edit made on another screen (see tests/agenda_fixture.py).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Select

from finops_tui.agenda import store
from finops_tui.agenda.models import Agenda, AgendaLine
from finops_tui.app import make_app
from finops_tui.cache import CacheReader
from finops_tui.cli import main
from finops_tui.reports.agenda import finalise, finalised_message, to_markdown
from finops_tui.screens.agenda import AgendaScreen
from finops_tui.screens.summary import SummaryScreen
from finops_tui.screens.waste import WasteScreen
from finops_tui.screens.waste_dialog import TrackingDialog
from finops_tui.settings import Settings
from finops_tui.waste import waste_report
from finops_tui.waste.tracking import load_tracking, save_tracking
from finops_tui.workspace import Workspace
from tests.agenda_fixture import AS_OF, build_agenda_cache
from tests.test_agenda_build import _agenda

NOW = datetime(2025, 3, 11, 9, 0)
FINDING = "unused-commitment|ri-1"
"""The fixture's one waste finding: 10.00 of commitment left unused on 2025-02-12 (saving 10.00/month)."""


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return build_agenda_cache(tmp_path / "c" / "cache.duckdb")


def _lines(agenda: Agenda, part: int, prefix: str) -> list[tuple[str, str, str]]:
    return [(ln.label, ln.value, ln.detail) for ln in agenda.parts[part].lines if ln.label.startswith(prefix)]


def test_drivers_say_they_are_day_normalised_and_show_the_raw_difference(cache: Path) -> None:
    feb = _agenda(cache)
    # EC2 February 2,360 (2,320 + the 40 commitment) vs January 2,620: raw -260.00;
    # scaled to 28 days 2,620 x 28/31 = 2,366.45, so -6.45 and -0.27 % per day
    assert _lines(feb, 0, "driver") == [
        (
            "drivers: day-normalised change",
            "",
            "February vs January \u00d7 28/31; raw difference on each line",
        ),
        ("driver: Amazon S3", "+$280.00", "$280.00, new this month"),
        ("driver: Amazon EC2", "-$6.45", "raw -$260.00 ($2,360.00 vs $2,620.00); -0.3% per day"),
    ]
    # February 2,640 vs January 2,620: +20.00 (+0.76 %) raw beside the +11.6 % per day
    assert _lines(feb, 0, "vs last month") == [
        (
            "vs last month",
            "+11.6% per day",
            "raw +$20.00 (+0.8%); last month $2,620.00 over 31 days (figure day-count normalised)",
        )
    ]
    # January and December both have 31 days: nothing is scaled, so no note and no raw column
    # (December 2024: 22 weekdays x 100 + 9 weekend days x 40 = 2,560)
    jan = _agenda(cache, month=date(2025, 1, 1), as_of=date(2025, 2, 5))
    assert _lines(jan, 0, "driver") == [
        ("driver: Amazon EC2", "+$60.00", "$2,620.00 vs $2,560.00 (+2.3%)"),
    ]


def test_cli_markdown_and_json_carry_the_raw_difference(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agenda", "--db", str(cache), "--as-of", "2025-03-10"]) == 0
    md = capsys.readouterr().out
    assert "| drivers: day-normalised change |  | February vs January \u00d7 28/31;" in md
    assert "| driver: Amazon EC2 | -$6.45 | raw -$260.00 ($2,360.00 vs $2,620.00); -0.3% per day |" in md
    assert main(["agenda", "--db", str(cache), "--as-of", "2025-03-10", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    lines = {ln["label"]: ln for ln in doc["parts"][0]["lines"]}
    assert lines["drivers: day-normalised change"]["kind"] == "note"
    assert lines["driver: Amazon EC2"]["detail"].startswith("raw -$260.00 ")


def _mark_done(db: Path, today: date) -> None:
    ws = Workspace.for_cache(db)
    with CacheReader(db).reader() as cur:
        report = waste_report(cur, as_of=AS_OF, settings=Settings(), tracking=load_tracking(ws))
    finding = next(f for f in report.findings if f.key == FINDING)
    save_tracking(ws, finding, status="done", owner="web", due_date=None, reason=None, today=today, now=NOW)


def test_a_finding_done_on_the_newest_day_counts_in_both_waste_lines(cache: Path) -> None:
    _mark_done(cache, today=AS_OF)  # the Waste screen's "today" is its as-of day
    a = _agenda(cache)
    assert _lines(a, 1, "waste") == [
        ("waste open", "0 findings", "$0.00/month"),
        ("waste in progress", "0 findings", "$0.00/month"),
        ("waste done", "1 finding", "$10.00/month"),
    ]
    assert _lines(a, 1, "savings realised") == [
        (
            "savings realised vs planned",
            "$0.00/month",
            "on 1 done finding (1 not measured yet: done on or after 10 Mar, the newest day), "
            "planned $10.00/month",
        )
    ]


def test_a_measured_done_finding_shows_its_realised_saving(cache: Path) -> None:
    # done on 20 Feb: 21 Feb to 10 Mar cost nothing, so the whole 10.00/month is realised
    _mark_done(cache, today=date(2025, 2, 20))
    a = _agenda(cache)
    assert _lines(a, 1, "waste done") == [("waste done", "1 finding", "$10.00/month")]
    assert _lines(a, 1, "savings realised") == [
        ("savings realised vs planned", "$10.00/month", "on 1 done finding, planned $10.00/month")
    ]


def test_a_done_finding_the_checks_no_longer_flag_is_still_counted(cache: Path) -> None:
    # on 14 Mar the 30-day window starts 13 Feb: the unused hours of 12 Feb are out of it
    _mark_done(cache, today=date(2025, 2, 20))
    a = _agenda(cache, as_of=date(2025, 3, 14))
    assert _lines(a, 1, "waste done") == [
        ("waste done", "1 finding", "$0.00/month (1 no longer flagged by the checks)")
    ]
    assert _lines(a, 1, "savings realised") == [
        (
            "savings realised vs planned",
            "$10.00/month",
            "on 1 done finding, planned $0.00/month (0 still flagged)",
        )
    ]


def test_forecast_accuracy_hint_names_what_f_records(cache: Path) -> None:
    feb = _agenda(cache)
    hint = (
        "no forecast of February was recorded; "
        "F records the March and April forecasts, scored when those months are reviewed"
    )
    assert _lines(feb, 3, "forecast accuracy") == [("forecast accuracy", "", hint)]
    ws = Workspace.for_cache(cache)
    assert finalise(ws, feb, now=NOW) == 2
    assert finalised_message(feb, 2) == (
        "Recorded 2 forecasts (March 2025, April 2025) at the 2025-02 review; "
        "their accuracy shows when those months are reviewed."
    )
    recorded_hint = (  # after F: no longer an offer to record what is recorded
        "no forecast of February was recorded; "
        "the March and April forecasts are recorded, scored when those months are reviewed"
    )
    assert _lines(_agenda(cache), 3, "forecast accuracy") == [("forecast accuracy", "", recorded_hint)]
    # the March review (here with March to the 10th) is where the recorded March forecast is scored
    march = _agenda(cache, month=date(2025, 3, 1))
    ((_, value, detail),) = _lines(march, 3, "forecast accuracy")
    recorded = feb.month_forecast
    assert recorded is not None and recorded.value is not None and value.endswith("%")
    assert detail.startswith(f"forecast ${recorded.value:,.2f} at the 2025-02 review")
    assert "F records" in to_markdown(feb)  # the agenda built before F


def test_cli_finalise_says_which_forecasts_it_recorded(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agenda", "--db", str(cache), "--as-of", "2025-03-10", "--finalise"]) == 0
    assert capsys.readouterr().err.strip() == (
        "Recorded 2 forecasts (March 2025, April 2025) at the 2025-02 review; "
        "their accuracy shows when those months are reviewed."
    )


async def test_f_toast_names_the_recorded_months_and_the_hint_says_they_are_recorded(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        await pilot.press("F")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert [n.message for n in app._notifications] == [
            "Recorded 2 forecasts (March 2025, April 2025) at the 2025-02 review; "
            "their accuracy shows when those months are reviewed."
        ]
        line = next(ln for ln in screen.rows if ln is not None and ln.label == "forecast accuracy")
        assert line.detail.startswith(
            "no forecast of February was recorded; the March and April forecasts are"
        )
    assert store.recorded_forecast(Workspace.for_cache(cache), target_month=date(2025, 3, 1)) is not None


async def _settle(pilot: Any) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _agenda_line(screen: AgendaScreen, label: str) -> AgendaLine:
    return next(ln for ln in screen.rows if ln is not None and ln.label == label)


def _risks(screen: SummaryScreen) -> list[str]:
    assert screen.result is not None
    return [r.title for r in screen.result.summary.risks]


async def test_agenda_and_summary_follow_a_waste_edit_without_r(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await _settle(pilot)
        agenda = app.screen
        assert isinstance(agenda, AgendaScreen)
        assert _agenda_line(agenda, "waste done").value == "0 findings"
        await pilot.press("9")
        await _settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "Open waste" in _risks(summary)
        await pilot.press("3")
        await _settle(pilot)
        waste = app.screen
        assert isinstance(waste, WasteScreen)
        waste.query_one("#waste-findings", DataTable).focus()
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TrackingDialog)
        dialog.query_one("#track-status", Select).value = "done"
        await pilot.click("#track-save")
        await _settle(pilot)
        assert load_tracking(Workspace.for_cache(cache))[FINDING].status == "done"
        await pilot.press("5")
        await _settle(pilot)
        assert app.screen is agenda
        assert _agenda_line(agenda, "waste done").value == "1 finding"
        assert _agenda_line(agenda, "savings realised vs planned").detail.startswith(
            "on 1 done finding (1 not measured yet"
        )
        await pilot.press("9")
        await _settle(pilot)
        assert app.screen is summary
        assert "Open waste" not in _risks(summary)
