"""The start-up head start: the first trends load runs before Textual exists and the screen uses it
only when it asks the same question of the same file."""

from __future__ import annotations

import dataclasses
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from finops_tui.cache import CacheReader
from finops_tui.first_load import Prefetch, first_request, load_trends, start_prefetch
from finops_tui.launch import launch_app
from finops_tui.personas import PERSONAS
from finops_tui.queries import trends
from finops_tui.screens import TrendsScreen
from finops_tui.settings import Settings
from finops_tui.sync.rollups import build_rollups
from tests.test_app_trends import SIZE, settle, table_labels
from tests.test_trends_fixture import AS_OF, EC2, build_trends_cache


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_trends_cache(tmp_path_factory.mktemp("first") / "cache.duckdb")


def test_first_request_follows_persona_and_settings() -> None:
    settings = dataclasses.replace(Settings(), top_n=3)
    plain = first_request(settings, None, AS_OF)
    assert plain is not None
    assert (plain.window, plain.group_by, plain.metric, plain.top_n) == ("30d", "service", "effective", 3)
    assert first_request(settings, PERSONAS["finance"], AS_OF) is None  # opens on the Finance screen
    trend_first = [p for p in PERSONAS.values() if p.first == "trends"]
    for persona in trend_first:
        req = first_request(settings, persona, AS_OF)
        assert req is not None and (req.window, req.metric) == (persona.window, persona.metric)


def test_load_trends_is_the_screen_load(cache: Path) -> None:
    request = first_request(Settings(), None, None)
    assert request is not None
    with CacheReader(cache).reader() as cur:
        found = load_trends(cur, request)
        assert found is not None and found.as_of == trends.default_as_of(cur)
        assert found.view == trends.trend_view(cur, as_of=found.as_of)


async def test_the_screen_takes_the_prefetched_load(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prefetch = start_prefetch(cache, Settings(), None, AS_OF)
    assert prefetch is not None
    prefetch.wait()
    calls: list[tuple[object, ...]] = []
    real = trends.trend_view_and

    def counted(*args: object, **kwargs: object) -> object:
        if not kwargs.get("filters"):  # not the drill-down the cursor's row is asked ahead for
            calls.append((kwargs.get("group_by"), kwargs.get("metric")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(trends, "trend_view_and", counted)
    from finops_tui.app import make_app

    app = make_app(db=cache, as_of=AS_OF, prefetch=prefetch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        assert calls == []  # the first load asked nothing of the cache
        assert screen.result is prefetch.wait()
        assert table_labels(screen)[0] == EC2
        assert app.cache is prefetch.reader  # one connection for the prefetch and the app
        await pilot.press("m")  # the next load is the screen's own
        await settle(app, pilot)
        assert calls == [("service", "billed")] and screen.metric == "billed"


async def test_a_different_question_is_loaded_afresh(cache: Path) -> None:
    prefetch = Prefetch(CacheReader(cache), dataclasses.replace(
        first_request(Settings(), None, AS_OF), window="90d"))  # type: ignore[arg-type]  # fmt: skip
    from finops_tui.app import make_app

    app = make_app(db=cache, as_of=AS_OF, prefetch=prefetch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        assert screen.result is not None and screen.result is not prefetch.wait()
        assert screen.result.view.period.days == 30


def test_a_swapped_file_is_not_served_from_the_prefetch(cache: Path, tmp_path: Path) -> None:
    db = tmp_path / "cache.duckdb"
    shutil.copy(cache, db)
    request = first_request(Settings(), None, AS_OF)
    assert request is not None
    prefetch = Prefetch(CacheReader(db), request)
    prefetch.wait()
    replacement = tmp_path / "new.duckdb"
    shutil.copy(cache, replacement)
    os.replace(replacement, db)  # what an import in another terminal does
    assert prefetch.take(request) is None
    assert prefetch.take(request) is None  # and only once in any case


def test_a_file_version_is_asked_its_freshness_and_tag_keys_once(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "cache.duckdb"
    shutil.copy(cache, db)
    asked: list[str] = []

    def counting(name: str) -> Any:
        real = getattr(trends, name)

        def counted(cur: duckdb.DuckDBPyConnection) -> Any:
            asked.append(name)
            return real(cur)

        return counted

    for name in ("freshness", "tag_keys"):
        monkeypatch.setattr(trends, name, counting(name))
    request = first_request(Settings(), None, None)
    assert request is not None
    reader = CacheReader(db)

    def load() -> tuple[set[str], tuple[str, ...]]:
        with reader.reader() as cur:
            found = load_trends(cur, request)
        assert found is not None
        return {f.provider for f in found.freshness}, found.tag_keys

    assert load() == ({"AWS", "Microsoft"}, ("environment", "team"))
    assert sorted(asked) == ["freshness", "tag_keys"]
    assert load() == ({"AWS", "Microsoft"}, ("environment", "team")) and len(asked) == 2  # remembered
    replacement = tmp_path / "new.duckdb"
    shutil.copy(cache, replacement)
    with duckdb.connect(str(replacement)) as con:  # a re-import without the Azure line
        con.execute("DELETE FROM cost_and_usage WHERE ProviderName = 'Microsoft'")
        build_rollups(con)
    os.replace(replacement, db)
    asked.clear()
    assert load() == ({"AWS"}, ("team",))  # a new file version is asked afresh
    assert sorted(asked) == ["freshness", "tag_keys"]


def test_no_prefetch_without_a_cache_or_on_another_first_screen(tmp_path: Path, cache: Path) -> None:
    assert start_prefetch(tmp_path / "none.duckdb", Settings(), None, AS_OF) is None
    assert start_prefetch(cache, Settings(), PERSONAS["engineering"], AS_OF) is None
    app = launch_app(cache, settings=Settings(), as_of=date(2025, 2, 10), today=AS_OF, present=True)
    assert app._prefetch is None
    app = launch_app(cache, settings=Settings(), as_of=AS_OF, today=AS_OF)
    assert app._prefetch is not None and app.cache is app._prefetch.reader
    assert app._prefetch.wait() is not None
