"""Spend trends views asked ahead and kept (``trend_ahead``), on the fixture cache's real DuckDB file."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from finops_tui import trend_ahead
from finops_tui.cache import CacheReader
from finops_tui.first_load import TrendRequest, load_trends
from finops_tui.tag_rules import TagRules
from finops_tui.trend_ahead import TrendLoads
from finops_tui.trends_models import TrendResult
from tests.test_trends_fixture import AS_OF, EC2, build_trends_cache


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_trends_cache(tmp_path_factory.mktemp("ahead") / "cache.duckdb")


@pytest.fixture
def cache(built: Path, tmp_path: Path) -> Path:
    """A copy per test: a test may swap the file."""
    return Path(shutil.copy(built, tmp_path / "cache.duckdb"))


def request(
    group_by: str = "usage_type", filters: tuple[tuple[str, str], ...] = (("service", EC2),)
) -> TrendRequest:
    return TrendRequest(
        as_of=AS_OF, window="30d", group_by=group_by, metric="effective", filters=filters, top_n=5,
        budget=None, rules=TagRules(), limit=300,
    )  # fmt: skip


def take(reader: CacheReader, loads: TrendLoads, req: TrendRequest) -> TrendResult | None:
    with reader.reader():  # as the screen's worker: inside a reader block
        return loads.take(req)


def test_a_view_asked_ahead_is_the_view_loaded_on_the_spot(cache: Path) -> None:
    reader = CacheReader(cache)
    loads = TrendLoads(reader)
    drill = request()
    loads.ahead(drill)
    found = take(reader, loads, drill)  # waits for the load in flight
    with reader.reader() as cur:
        fresh = load_trends(cur, drill)
    assert found is not None and fresh is not None
    assert found == fresh and found.view.movers  # the same figures, to the digit
    assert {m.key for m in found.view.movers} == {"BoxUsage:m5.large", "EBS:VolumeUsage.gp3"}
    assert (loads.asked, loads.hits) == (1, 1)
    assert take(reader, loads, request("service", ())) is None  # never asked: the screen loads it
    loads.close()
    reader.close()


def test_a_kept_view_is_taken_only_from_its_own_file_version(cache: Path, built: Path) -> None:
    reader = CacheReader(cache)
    loads = TrendLoads(reader)
    drill = request()
    with reader.reader() as cur:
        found = load_trends(cur, drill)
        assert found is not None
        loads.keep(drill, found)
    assert take(reader, loads, drill) is found
    swapped = cache.with_suffix(".new")
    shutil.copy(built, swapped)
    os.replace(swapped, cache)  # an import swaps a new file in
    assert take(reader, loads, drill) is None  # the old version's view is not this file's
    assert loads.hits == 1
    reader.close()


def test_a_newer_question_drops_the_one_still_queued(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cursor ran over three rows: the first is being read, the second is never asked, the
    third is; Enter on the third waits for it; close() leaves no thread reading."""
    release = threading.Event()
    asked: list[str] = []
    real = trend_ahead.load_trends

    def held(cur: object, req: TrendRequest) -> TrendResult | None:
        asked.append(req.group_by)
        if req.group_by == "region":
            assert release.wait(10)
        return real(cur, req)  # type: ignore[arg-type]

    monkeypatch.setattr(trend_ahead, "load_trends", held)
    reader = CacheReader(cache)
    loads = TrendLoads(reader)
    loads.ahead(request("region", ()))
    while not asked:  # the first has started
        threading.Event().wait(0.01)
    loads.ahead(request("provider", ()))
    loads.ahead(request("sub_account", ()))
    threading.Timer(0.2, release.set).start()
    found = take(reader, loads, request("sub_account", ()))
    assert found is not None and found.view.movers
    assert asked == ["region", "sub_account"]  # provider was dropped before it started
    loads.close()
    loads.ahead(request("service", ()))  # after close: nothing more is asked
    assert asked == ["region", "sub_account"] and loads.asked == 3
    reader.close()


def test_kept_views_are_bounded(cache: Path) -> None:
    reader = CacheReader(cache)
    loads = TrendLoads(reader)
    with reader.reader() as cur:
        first = load_trends(cur, request())
        assert first is not None
        for n in range(trend_ahead.KEPT + 1):
            loads.keep(request(filters=(("service", f"s{n}"),)), first)
        assert loads.take(request(filters=(("service", "s0"),))) is None  # the oldest went
        assert loads.take(request(filters=(("service", f"s{trend_ahead.KEPT}"),))) is first
    reader.close()
