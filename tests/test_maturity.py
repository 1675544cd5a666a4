"""Known answers of the maturity score and the executive summary on the agenda fixture.

The fixture (tests/agenda_fixture.py) is reviewed as of 2025-03-10, so the signals describe February
2025: cost 2,640 (EC2 2,320 + S3 280 + a commitment 30 used / 10 unused), January 2,620.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from finops_tui.agenda import store
from finops_tui.anomalies.triage import save_triage
from finops_tui.cache import CacheReader
from finops_tui.maturity.models import ExecSummary
from finops_tui.maturity.score import LEVELS, overall, score, stage
from finops_tui.maturity.summary import exec_summary, month_change
from finops_tui.settings import Settings
from finops_tui.workspace import Workspace
from tests.agenda_fixture import AS_OF, build_agenda_cache

D = Decimal
STATUS = "acknowledged"


def test_scores_rise_linearly_to_the_run_level_and_stop() -> None:
    alloc, waste = LEVELS["allocation"], LEVELS["waste"]
    assert [score(alloc, v) for v in (0, 45, 90, 99)] == [0.0, 50.0, 100.0, 100.0]
    assert [stage(alloc, v) for v in (49.9, 50, 89.9, 90)] == ["crawl", "walk", "walk", "run"]
    # lower is better: 15 % of spend in waste scores 0, 2 % or less 100, 8.5 % halfway
    assert [score(waste, v) for v in (20, 15, 8.5, 2, 0)] == [0.0, 0.0, 50.0, 100.0, 100.0]
    assert [stage(waste, v) for v in (5.1, 5, 2.1, 2)] == ["crawl", "walk", "walk", "run"]
    assert sum(level.weight for level in LEVELS.values()) == 100
    assert overall([(20, 100.0), (10, 40.0)]) == 80.0
    assert overall([]) is None


def test_month_change_is_per_day() -> None:
    # February 2,640 over 28 days vs January 2,620 over 31: 94.2857 vs 84.5161 a day, +11.56 %
    change = month_change(D("2640"), D("2620"), date(2025, 2, 1))
    assert change is not None and round(change, 2) == D("11.56")
    assert month_change(D("10"), D("0"), date(2025, 2, 1)) is None


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return build_agenda_cache(tmp_path / "cache.duckdb")


def _summary(cache: Path, settings: Settings | None = None) -> ExecSummary:
    with CacheReader(cache).reader() as cur:
        return exec_summary(
            cur, as_of=AS_OF, settings=settings or Settings(), workspace=Workspace.for_cache(cache)
        )


def test_signals_of_the_fixture(cache: Path) -> None:
    s = _summary(cache)
    got = {x.key: (x.value, x.score, x.stage) for x in s.maturity.signals}
    assert got == {
        "allocation": (100.0, 100.0, "run"),  # every line carries the owner tag
        "coverage": (1.28, 1.6, "crawl"),  # 30 covered of 2,350 EC2 usage (2,320 + 30)
        "utilisation": (75.0, 55.6, "crawl"),  # 30 used of 40: (75 - 50) / (95 - 50)
        "waste": (0.36, 100.0, "run"),  # 10 unused commitment a month of 2,800 in the 30 days
        "triage": (31.5, 0.0, "crawl"),  # two untriaged anomalies, 37 and 26 days old
        "forecast": (3.24, 98.9, "walk"),  # backtest on 15 Feb: 2,554.38 vs 2,640
        "budget": (0.0, 0.0, "crawl"),
    }
    # (20*100 + 15*1.6 + 15*55.6 + 15*100 + 10*0 + 15*98.9 + 10*0) / 100
    assert (s.maturity.score, s.maturity.stage) == (58.4, "walk")
    assert (s.month_cost, s.prev_month_cost, s.mtd) == (D("2640"), D("2620"), D("860"))
    assert s.discounts_ytd == 0  # list price equals effective cost in the fixture
    assert [r.title for r in s.risks] == ["Untriaged cost increases", "Unused commitments", "Open waste"]
    assert [r.monthly for r in s.risks][1:] == [D("10"), D("10")]


def test_untriaged_risk_counts_an_ended_spike_once(cache: Path) -> None:
    """The fixture's February anomalies, both untriaged: a new cost of 70 over 7 days that persists
    (70 / 7 x 30.4375 = 304.38 a month) and a one-day spike of +50 that ended. The spike is at stake
    once (50), not at the 1,521.88 a month it would cost if it persisted."""
    risk = next(r for r in _summary(cache).risks if r.title == "Untriaged cost increases")
    assert risk.monthly == D("354.38")
    assert risk.detail == "2 untriaged since 01 Feb: 1 lasting, 1 ended (counted once)"


def test_open_waste_says_what_the_waste_screen_counts_besides(cache: Path) -> None:
    """The Waste screen's "to act on" includes findings in progress; the summary's open waste (as the
    Agenda's) does not, and says how many it left out so the two figures can be matched. The
    fixture has one finding (10 a month); a second, in progress, is the same finding re-keyed."""
    from dataclasses import replace

    from finops_tui.maturity.signals import read_inputs
    from finops_tui.maturity.summary import risks

    with CacheReader(cache).reader() as cur:
        i = read_inputs(cur, as_of=AS_OF, settings=Settings(), workspace=Workspace.for_cache(cache))
    (only,) = i.waste.findings
    alone = next(r for r in risks(i, None, None) if r.title == "Open waste")
    assert alone.detail == "1 findings not acted on"
    busy = replace(only, resource_id="other", tracking=replace(only.tracking, status="in-progress"))
    both = replace(i, waste=replace(i.waste, findings=(only, busy)))
    risk = next(r for r in risks(both, None, None) if r.title == "Open waste")
    assert (risk.monthly, risk.detail) == (D("10"), "1 findings not acted on (1 in progress left out)")


def test_the_backtest_hand_worked(cache: Path) -> None:
    """56 days to 15 Feb: 40 weekdays (4,140: 103.5 a day) and 16 weekend days (690: 43.125); actual
    1 to 15 Feb 1,390; 10 weekdays and 3 weekend days left: 1,390 + 1,035 + 129.375 = 2,554.38."""
    forecast = next(x for x in _summary(cache).maturity.signals if x.key == "forecast")
    assert "2,554 vs actual 2,640" in forecast.detail
    assert forecast.value == round(float(abs(D("2554.38") - 2640) / 2640 * 100), 2)


def test_budgets_and_triage_move_their_signals(cache: Path) -> None:
    ws = Workspace.for_cache(cache)
    with CacheReader(cache).reader() as cur:
        from finops_tui.anomalies.config import DetectorConfig
        from finops_tui.anomalies.store import load_detection

        anomalies = load_detection(cur, as_of=AS_OF, cfg=DetectorConfig()).visible
    # triage both anomalies two days after each started: the median age drops to 2 days (run)
    assert len(anomalies) == 2
    for a in anomalies:
        save_triage(ws, a.key, status=STATUS, now=datetime.combine(a.start + timedelta(days=2), time(9)))
    store.set_budget(ws, scope="total", month="*", amount=D("3000"), currency="USD")
    after = _summary(cache)
    got = {x.key: (x.value, x.stage) for x in after.maturity.signals}
    assert got["triage"] == (2.0, "run")
    assert got["budget"] == (100.0, "run")
    assert after.budget == D("3000")
    assert "Untriaged cost increases" not in [r.title for r in after.risks]


def test_team_budgets_cover_their_share(cache: Path) -> None:
    ws = Workspace.for_cache(cache)
    store.set_budget(ws, scope="team:data", month="*", amount=D("500"), currency="USD")
    budget = next(x for x in _summary(cache).maturity.signals if x.key == "budget")
    assert budget.value == round(280 / 2640 * 100, 2)  # S3 (team data) is 280 of February's 2,640


def test_short_money_for_tiles() -> None:
    from finops_tui.formatting import money_short

    got = [money_short(D(v)) for v in ("333811.82", "1234567", "950.4", "-12500", "99999.99", "0")]
    assert got == ["$334k", "$1.2M", "$950", "-$12.5k", "$100k", "$0"]
    assert (money_short(D("2500"), "EUR"), money_short(D("2500"), "XYZ"), money_short(None)) == (
        "€2.5k", "2.5k XYZ", "—",
    )  # fmt: skip


def test_discounts_are_the_list_price_views_discount_steps(tmp_path: Path) -> None:
    """On the finance fixture (tests/finance_fixture.py), year to date to 2025-03-05: negotiated
    -70 (AWS) and -10 (Microsoft), commitment -60, unused +10: 130 saved. The commitment bought
    for 120 (list 120, effective 0) and the refund of 12 (list 0) are no discounts; counted, they
    made it 262."""
    from finops_tui.queries.maturity import discounts
    from tests.finance_fixture import AS_OF as FINANCE_AS_OF
    from tests.finance_fixture import build

    with CacheReader(build(tmp_path)).reader() as cur:
        assert discounts(cur, start=date(2025, 1, 1), end=FINANCE_AS_OF) == D("130")
