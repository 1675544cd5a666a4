"""The trends benchmark's raw baseline asks the app's question, on a connection kept open as the app
keeps its reader (reopening the file per call once made every raw figure 35-50 ms slower)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.bench.trends import _raw_load, _screen_load
from finops_tui.cache import READ_CONFIG
from tests.test_trends_fixture import AS_OF, EC2, build_trends_cache


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_trends_cache(tmp_path_factory.mktemp("bench") / "cache.duckdb")


def test_raw_drill_sums_what_the_screen_shows(cache: Path) -> None:
    """Usage types of EC2 over the window and the one before: the raw rows add up to each mover's
    current + previous effective cost, to the digit."""
    view = _screen_load(cache, AS_OF, "usage_type", [("service", EC2)])()
    with duckdb.connect(str(cache), read_only=True, config=READ_CONFIG) as con:
        rows = _raw_load(con, AS_OF, "x_UsageType", [("ServiceName", EC2)])()
    raw: dict[str, Decimal] = defaultdict(Decimal)
    for _day, group, cost, _list_cost in rows:
        raw[group] += cost
    assert raw and dict(raw) == {m.key: m.current + m.previous for m in view.movers}


def test_raw_baseline_reuses_the_open_connection(cache: Path) -> None:
    con = duckdb.connect(str(cache), read_only=True, config=READ_CONFIG)
    load = _raw_load(con, AS_OF, "ServiceName", [])
    first = sorted(load())  # a GROUP BY without ORDER BY: rows in any order
    assert sorted(load()) == first and first
    con.close()
    with pytest.raises(duckdb.ConnectionException):
        load()  # it asks on the connection it was given, not on one it opens per call
