"""Known-answer tests of ``queries.unit_economics`` on the unit fixture (figures in unit_fixture.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from finops_tui.cache import CacheReader
from finops_tui.errors import FinOpsError
from finops_tui.queries import unit_economics as ue
from finops_tui.settings import Settings
from finops_tui.unit_models import Grain, Scope, UnitView, parse_scope
from tests.unit_fixture import AS_OF, SUB_B, build

D = Decimal


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("unit"))


def view(
    cache: Path,
    metric: str,
    grain: Grain,
    scope: Scope | None = None,
    settings: Settings | None = None,
) -> UnitView:
    with CacheReader(cache).reader() as cur:
        return ue.unit_view(
            cur,
            metric=metric,
            scope=scope or Scope(),
            grain=grain,
            as_of=AS_OF,
            settings=settings or Settings(),
        )


def by_label(v: UnitView) -> dict[str, tuple[Decimal, float | None, Decimal | None, Decimal | None]]:
    return {p.label: (p.cost, p.units, p.cost_per_unit, p.change_pct) for p in v.periods}


def test_metric_list(cache: Path) -> None:
    with CacheReader(cache).reader() as cur:
        series = ue.metric_list(cur)
    assert [(s.metric, s.first_day, s.last_day, s.points) for s in series] == [
        ("orders", date(2024, 12, 1), AS_OF, 62),
        ("transactions", date(2024, 12, 1), AS_OF, 61),
    ]


def test_month_grain_and_kpis(cache: Path) -> None:
    v = view(cache, "orders", "month")
    rows = by_label(v)
    assert v.start == date(2024, 1, 1) and len(v.periods) == 13
    assert rows["2024-12"] == (D("80.0000000000"), 155.0, D(80) / D(155), None)
    assert rows["2025-01"] == (D("200.0000000000"), 155.0, D(200) / D(155), D(150))
    assert rows["2024-11"] == (D(0), None, None, None)  # no metric: a gap, not a zero
    assert v.currency == "USD"
    assert v.kpis.this_month == D(200) / D(155)
    assert v.kpis.last_month == D(80) / D(155)
    assert v.kpis.change_pct == D(150)
    assert v.kpis.trend_pct is None  # six months of metric are needed
    assert v.gap_days == (date(2024, 12, 1) - date(2024, 1, 1)).days  # 335
    assert v.coverage_note is not None and "gaps, not zeros" in v.coverage_note


def test_partly_covered_month_is_a_gap(cache: Path) -> None:
    v = view(cache, "transactions", "month")
    rows = by_label(v)
    assert rows["2024-12"] == (D("80.0000000000"), 310.0, D(80) / D(310), None)
    jan = next(p for p in v.periods if p.label == "2025-01")
    assert (jan.units, jan.covered_days, jan.days, jan.cost_per_unit) == (330.0, 30, 31, None)
    assert v.kpis.this_month is None and v.kpis.last_month == D(80) / D(310)


def test_day_grain_gaps_and_changes(cache: Path) -> None:
    v = view(cache, "transactions", "day")
    rows = by_label(v)
    assert v.start == date(2024, 12, 21) and len(v.periods) == 42
    assert rows["2025-01-06"] == (D(100), 10.0, D(10), None)  # from 0 per unit: no %
    assert rows["2025-01-07"] == (D(80), 40.0, D(2), D(-80))
    assert rows["2025-01-08"] == (D(20), 10.0, D(2), D(0))
    assert rows["2025-01-20"] == (D(0), None, None, None)
    assert rows["2025-01-21"] == (D(0), 10.0, D(0), None)  # after a gap there is no change
    assert v.gap_days == 1


def test_week_grain(cache: Path) -> None:
    v = view(cache, "transactions", "week")
    rows = by_label(v)
    assert v.start == date(2024, 11, 4)  # Monday twelve weeks before as-of's week
    assert rows["2025-W02"] == (D(200), 100.0, D(2), None)  # W01 had cost 0: no change from 0
    w04 = next(p for p in v.periods if p.label == "2025-W04")
    assert (w04.covered_days, w04.cost_per_unit) == (6, None)
    last = v.periods[-1]
    assert (last.label, last.start, last.end, last.days) == ("2025-W05", date(2025, 1, 27), AS_OF, 5)


def test_scope_by_tag_uses_normalisation(cache: Path) -> None:
    web = by_label(view(cache, "transactions", "week", parse_scope("tag:TEAM=web")))
    assert web["2025-W02"] == (D(150), 100.0, D("1.5"), None)  # Team=web 100 + "team "="Web " 50
    data = by_label(view(cache, "orders", "month", parse_scope("tag:team=data")))
    assert data["2025-01"] == (D(30), 155.0, D(30) / D(155), None)  # December had no data-tagged cost


def test_scope_by_team_from_the_account_map(cache: Path) -> None:
    settings = Settings(teams={SUB_B: "platform"})
    rows = by_label(view(cache, "orders", "month", Scope("team", "platform"), settings))
    assert rows["2025-01"] == (D(50), 155.0, D(50) / D(155), None)  # B: 30 + 20
    assert rows["2024-12"][0] == D(0) and rows["2024-12"][2] == D(0)


def test_unknown_metric_team_and_tag_are_one_line_errors(cache: Path) -> None:
    with pytest.raises(
        FinOpsError, match=r"no metric 'visits' in the cache \(stored: orders, transactions\)"
    ):
        view(cache, "visits", "day")
    with pytest.raises(FinOpsError, match="team 'ghosts' has no accounts in \\[teams\\]"):
        view(cache, "orders", "day", Scope("team", "ghosts"))
    with pytest.raises(FinOpsError, match="no line item carries the tag team=nobody"):
        view(cache, "orders", "day", Scope("tag", "team", "nobody"))
    with pytest.raises(FinOpsError, match="expected estate, tag:KEY=VALUE or team:NAME"):
        parse_scope("tag:team")


def test_scope_choices(cache: Path) -> None:
    with CacheReader(cache).reader() as cur:
        scopes = ue.scope_choices(cur, Settings(teams={SUB_B: "platform"}))
    assert [s.spec for s in scopes] == ["estate", "team:platform", "tag:team=data", "tag:team=web"]
