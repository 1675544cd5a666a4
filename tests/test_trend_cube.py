"""``trend_cube``: every grain keeps every cent, and the screen reads the same numbers through it.

The cube is an optimisation, so its tests compare it with the tables it replaces: each grain's groups
against ``daily_cost`` grouped the same way, and every trends question (KPIs, chart series, movers)
through the cube against the same question asked of a copy of the cache without the cube.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.cache import CacheReader
from finops_tui.queries import trends
from finops_tui.trend_cube import DIMENSION_COLUMNS, GRAINS, grain_id
from tests.test_trends_fixture import AS_OF, EC2, SUB, build_trends_cache


@pytest.fixture(scope="module")
def caches(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture cache, and a copy of it without ``trend_cube`` (as an older finops-tui wrote it)."""
    root = tmp_path_factory.mktemp("cube")
    db = build_trends_cache(root / "cache.duckdb")
    old = root / "old.duckdb"
    shutil.copy(db, old)
    with duckdb.connect(str(old)) as con:
        con.execute("DROP TABLE trend_cube")
    return db, old


def test_each_grain_equals_daily_cost_grouped_the_same_way(caches: tuple[Path, Path]) -> None:
    with duckdb.connect(str(caches[0]), read_only=True) as con:
        for grain in GRAINS:
            cols = ", ".join(["day", "BillingCurrency"] + [c for d in grain for c in DIMENSION_COLUMNS[d]])
            costs = "sum(billed_cost), sum(effective_cost), sum(list_cost), sum(line_items)"
            want = con.execute(f"SELECT {cols}, {costs} FROM daily_cost GROUP BY ALL ORDER BY ALL").fetchall()
            got = con.execute(
                f"SELECT {cols}, {costs} FROM trend_cube WHERE gid = $gid GROUP BY ALL ORDER BY ALL",
                {"gid": grain_id(grain)},
            ).fetchall()
            assert got == want, sorted(grain)
            assert got  # the fixture has data at every grain
        ids = {row[0] for row in con.execute("SELECT DISTINCT gid FROM trend_cube").fetchall()}
        assert ids == {grain_id(g) for g in GRAINS}  # no rows of a grain the queries do not know


def test_grain_lookup_is_exact() -> None:
    assert grain_id([]) == grain_id(()) is not None
    assert grain_id(["service", "usage_type"]) == grain_id(["usage_type", "service"])
    assert grain_id(["service", "usage_type", "region"]) is None  # three dimensions: daily_cost
    assert grain_id(["provider", "usage_type"]) is None  # not a drill pair
    assert len({grain_id(g) for g in GRAINS}) == len(GRAINS)


CASES: list[tuple[str, str, Sequence[tuple[str, str]]]] = [
    ("30d", "service", ()),
    ("90d", "sub_account", ()),
    ("mtd", "billing_account", ()),
    ("year", "provider", ()),
    ("30d", "usage_type", [("service", EC2)]),
    ("last-month", "service", [("sub_account", SUB)]),
    ("30d", "region", [("service", EC2), ("usage_type", "BoxUsage:m5.large")]),  # three: daily_cost
    ("30d", "resource", [("service", EC2)]),  # the line items
    ("30d", "tag:team", ()),
]


@pytest.mark.parametrize(("window", "group_by", "filters"), CASES)
@pytest.mark.parametrize("metric", ["effective", "billed", "list"])
def test_trend_view_is_the_same_with_and_without_the_cube(
    caches: tuple[Path, Path], window: str, group_by: str, filters: Sequence[tuple[str, str]], metric: str
) -> None:
    views = []
    for db in caches:
        with CacheReader(db).reader() as cur:
            views.append(
                trends.trend_view(
                    cur, as_of=AS_OF, window=window, group_by=group_by, metric=metric, filters=filters,
                    budget=Decimal("500"),
                )
            )  # fmt: skip
    assert views[0] == views[1]
    assert views[0].movers  # the case has data, so equality means something


def test_the_screen_questions_do_read_the_cube(caches: tuple[Path, Path], tmp_path: Path) -> None:
    doubled = tmp_path / "doubled.duckdb"
    shutil.copy(caches[0], doubled)
    with duckdb.connect(str(doubled)) as con:
        con.execute("UPDATE trend_cube SET effective_cost = effective_cost * 2")
    got = []
    for db in (caches[0], doubled):
        with CacheReader(db).reader() as cur:
            view = trends.trend_view(cur, as_of=AS_OF, group_by="usage_type", filters=[("service", EC2)])
            got.append((view.kpis.mtd, sum(m.current for m in view.movers), sum(p.cost for p in view.series)))
    assert got[1] == tuple(2 * v for v in got[0])  # KPIs, movers and chart all came from the cube
