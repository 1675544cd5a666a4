"""The QA pass on the agenda: day-normalised drivers say so, done waste is one set, the F hint is true,
and Agenda and Executive summary follow a waste edit made on another screen (see tests/agenda_fixture.py).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from finops_tui.agenda.build import build_agenda
from finops_tui.agenda.models import Agenda
from finops_tui.cache import CacheReader
from finops_tui.cli import main
from finops_tui.settings import Settings
from finops_tui.workspace import Workspace
from tests.agenda_fixture import AS_OF, build_agenda_cache


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return build_agenda_cache(tmp_path / "c" / "cache.duckdb")


def _agenda(db: Path, month: date | None = None, as_of: date = AS_OF) -> Agenda:
    with CacheReader(db).reader() as cur:
        return build_agenda(cur, Workspace.for_cache(db), as_of=as_of, settings=Settings(), month=month)


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
