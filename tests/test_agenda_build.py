"""Known-answer tests of every agenda part on the hand-made fixture (see tests/agenda_fixture.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from finops_tui.agenda import store
from finops_tui.agenda.build import build_agenda, default_month
from finops_tui.agenda.models import Agenda, AgendaLine
from finops_tui.cache import CacheReader
from finops_tui.queries import agenda as q
from finops_tui.reports.agenda import as_document, finalise, to_markdown
from finops_tui.settings import Settings
from finops_tui.workspace import Workspace
from tests.agenda_fixture import AS_OF, build_agenda_cache

NOW = datetime(2025, 3, 11, 9, 0)
FEB = date(2025, 2, 1)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return build_agenda_cache(tmp_path / "c" / "cache.duckdb")


def _agenda(db: Path, month: date | None = None, as_of: date = AS_OF) -> Agenda:
    with CacheReader(db).reader() as cur:
        return build_agenda(cur, Workspace.for_cache(db), as_of=as_of, settings=Settings(), month=month)


def _line(agenda: Agenda, part: int, label: str) -> AgendaLine:
    return next(ln for ln in agenda.parts[part].lines if ln.label.startswith(label))


def test_default_month_is_last_complete_month() -> None:
    assert default_month(date(2025, 3, 10)) == FEB
    assert default_month(date(2025, 2, 28)) == FEB
    assert default_month(date(2025, 1, 1)) == date(2024, 12, 1)


def test_cost_performance(cache: Path) -> None:
    ws = Workspace.for_cache(cache)
    store.set_budget(ws, scope="total", month="*", amount=Decimal(2500), currency="USD")
    a = _agenda(cache)
    assert a.month == FEB
    assert [p.title for p in a.parts] == [
        "Cost performance",
        "Optimisation initiatives",
        "Architecture and changes",
        "Budget and forecast",
        "Action items",
    ]
    total = _line(a, 0, "February 2025 total")
    assert total.value == "$2,640.00"
    assert total.drill is not None and total.drill.as_of == date(2025, 2, 28)
    # 2640/28 per day against 2620/31: +11.56 %
    assert _line(a, 0, "vs last month").value == "+11.6% per day"
    assert _line(a, 0, "vs budget").value == "$140.00"
    # January 2620 + February 2640 against two months of 2500
    ytd = _line(a, 0, "year-to-date variance")
    assert (ytd.value, ytd.detail) == ("$260.00", "$5,260.00 spent vs $5,000.00 budgeted")
    drivers = [ln for ln in a.parts[0].lines if ln.label.startswith("driver:")]
    # S3 is new (+280); EC2 2360 vs 2620*28/31 = 2366.45 (-6.45)
    assert [(d.label, d.value) for d in drivers] == [
        ("driver: Amazon S3", "+$280.00"),
        ("driver: Amazon EC2", "-$6.45"),
    ]
    assert drivers[0].drill is not None and drivers[0].drill.filters == (("service", "Amazon S3"),)
    assert drivers[0].drill.group_by == "usage_type"
    assert _line(a, 0, "March to date").value == "$860.00"


def test_optimisation_commitments(cache: Path) -> None:
    a = _agenda(cache)
    assert _line(a, 1, "commitment utilisation").value == "75.0%"
    # covered 30 of EC2 usage 2,320 + 30 (unused is not usage covered)
    cov = _line(a, 1, "commitment coverage")
    assert cov.detail == "$30.00 of $2,350.00 eligible usage"
    assert cov.value == "1.3%"


def test_architecture_new_service_and_region(cache: Path) -> None:
    a = _agenda(cache)
    new = [(ln.label, ln.value) for ln in a.parts[2].lines if ln.label.startswith("new ")]
    assert new == [("new service: Amazon S3", "$280.00"), ("new region: eu-west-1", "$280.00")]
    with CacheReader(cache).reader() as cur:
        assert q.new_items(cur, start=date(2025, 3, 1), end=AS_OF) == []


def test_forecast_and_accuracy(cache: Path) -> None:
    ws = Workspace.for_cache(cache)
    jan = _agenda(cache, month=date(2025, 1, 1), as_of=date(2025, 1, 31))
    assert jan.month_forecast is not None and jan.month_forecast.value == Decimal("2620.00")
    feb_seen_in_jan = _agenda(cache, month=date(2024, 12, 1), as_of=date(2025, 1, 20))
    assert finalise(ws, feb_seen_in_jan, now=NOW) == 2  # January (month end) and February
    recorded = store.recorded_forecast(ws, target_month=date(2025, 1, 1))
    assert recorded is not None and recorded.meeting_month == "2024-12"
    jan_again = _agenda(cache, month=date(2025, 1, 1), as_of=date(2025, 2, 5))
    acc = _line(jan_again, 3, "forecast accuracy")
    error = (recorded.forecast - Decimal(2620)) / Decimal(2620) * 100
    assert acc.value == f"{error:+.1f}%"
    assert acc.detail.startswith(
        f"forecast ${recorded.forecast:,.2f} at the 2024-12 review vs actual $2,620.00"
    )


def test_budget_burndown_per_team(cache: Path) -> None:
    ws = Workspace.for_cache(cache)
    store.set_budget(ws, scope="team:web", month="2025-03", amount=Decimal(2000), currency="USD")
    store.set_budget(ws, scope="total", month="2025-03", amount=Decimal(4000), currency="USD")
    a = _agenda(cache)
    web = _line(a, 3, "budget team:web")
    assert web.value == "38% used"  # EC2 March 1-10: 760 of 2,000
    assert web.detail.startswith("$760.00 of $2,000.00")
    total = _line(a, 3, "budget total")
    assert total.detail.startswith("$860.00 of $4,000.00")


def test_action_items_carried_until_done(cache: Path) -> None:
    ws = Workspace.for_cache(cache)
    jan = date(2025, 1, 1)
    keep = store.add_action(
        ws,
        title="Rightsize EC2",
        owner="ana",
        due_date=date(2025, 2, 15),
        source="driver: EC2",
        meeting_month=jan,
        now=NOW,
    )
    done = store.add_action(
        ws, title="Delete old logs", owner=None, due_date=None, source=None, meeting_month=jan, now=NOW
    )
    store.update_action(ws, done, title="Delete old logs", owner="bo", due_date=None, status="done", now=NOW)
    new = store.add_action(
        ws, title="Buy savings plan", owner="cy", due_date=None, source=None, meeting_month=FEB, now=NOW
    )
    a = _agenda(cache)
    assert [x.id for x in a.actions] == [keep, new]
    assert [ln.label for ln in a.parts[4].lines] == [f"#{keep} Rightsize EC2", f"#{new} Buy savings plan"]
    assert [x.id for x in _agenda(cache, month=jan).actions] == [keep, done]
    with pytest.raises(Exception, match="unknown status"):
        store.update_action(ws, keep, title="x", owner=None, due_date=None, status="later", now=NOW)


def test_markdown_and_json_match_the_agenda(cache: Path) -> None:
    a = _agenda(cache)
    md = to_markdown(a)
    assert md.startswith("# Cost review February 2025\n")
    assert "| February 2025 total | $2,640.00 | 28 days, effective cost |" in md
    for part in a.parts:
        for line in part.lines:
            assert line.value.replace("|", "\\|") in md
    doc = as_document(a)
    assert doc["month"] == "2025-02"
    assert doc["parts"][0]["lines"][0]["value"] == "$2,640.00"
