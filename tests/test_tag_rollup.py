"""``daily_tag_cost``: each key's cost per normalised value and day, resolved at import.

Spend trends reads it for a view of one tag key when the import resolved that key under the rules in
force, and the line items otherwise. Known answers are worked out by hand from the lines below: one
owner spelled five ways, an environment three ways, a blank value and an untagged line.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from finops_tui.allocation_config import AllocationSettings
from finops_tui.cache import CacheReader
from finops_tui.queries import trends
from finops_tui.settings import Settings
from finops_tui.sync import tag_rollup
from finops_tui.sync.importer import import_paths
from finops_tui.sync.rollups import build_rollups
from finops_tui.tag_rules import TagRules
from tests.focus_csv import row, write

D = Decimal
AS_OF = date(2025, 1, 10)
NOW = datetime(2025, 1, 11)
LINES = [  # cost, service, tags
    ("100", "Amazon EC2", '{"Team": "Payments", "env": "production"}'),
    ("40", "Amazon S3", '{"team ": "payments ", "Environment": "Prod"}'),
    ("7", "Amazon EC2", '{"TEAM": "pay", "ENV": "prd"}'),
    ("25", "Amazon EC2", '{"team": "Search"}'),
    ("3", "Amazon S3", '{"team": "  ", "env": "dev"}'),
    ("11", "Amazon EC2", "{}"),
]
ALIASED = Settings(allocation=AllocationSettings(value_aliases={"team": {"pay": "payments"}})).tag_rules()


def _import(db: Path, folder: Path, lines: list[tuple[str, str, str]], *, month: int = 1) -> None:
    """One file of ``lines`` on consecutive days of ``month`` 2025 (its billing period)."""
    rows = [
        row(cost, day=f"2025-{month:02d}-{n + 1:02d}", period=f"2025-{month:02d}", service=service, tags=tags)
        for n, (cost, service, tags) in enumerate(lines)
    ]
    import_paths(db, [write(folder / f"lines-{month}.csv", rows)], now=NOW)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    db = tmp_path / "cache.duckdb"
    _import(db, tmp_path, LINES)
    return db


def _by_value(db: Path, key: str) -> dict[str, Decimal]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT tag_value, sum(effective_cost) FROM daily_tag_cost WHERE tag_key = $k GROUP BY 1",
            {"k": key},
        ).fetchall()
    return {str(value): cost for value, cost in rows}


def test_each_key_holds_its_normalised_values_and_adds_up_to_the_total(cache: Path) -> None:
    assert _by_value(cache, "team") == {
        "payments": D("140"),  # Team/team /TEAM spellings, " payments " trimmed and folded
        "pay": D("7"),  # the import ran under the built-in rules: no pay → payments alias
        "search": D("25"),
        "(untagged)": D("14"),  # the blank value (3) and the line without tags (11)
    }
    assert _by_value(cache, "environment") == {"prod": D("147"), "dev": D("3"), "(untagged)": D("36")}
    with duckdb.connect(str(cache), read_only=True) as con:
        keys = con.execute("SELECT signature, tag_key FROM daily_tag_keys ORDER BY 2").fetchall()
    assert keys == [(TagRules().signature, "environment"), (TagRules().signature, "team")]


def _movers(cur: duckdb.DuckDBPyConnection, lens: Any, group_by: str, filters: list[trends.Filter]) -> Any:
    found = trends.movers(cur, as_of=AS_OF, window="30d", group_by=group_by, filters=filters, tags=lens)
    return {m.key: m.current for m in found}


def test_views_read_the_rollup_only_under_the_rules_it_was_resolved_under(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables: list[str] = []
    real = trends._run

    def spy(cur: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any], **slots: str) -> Any:
        if "table" in slots:  # a trends question (the tag keys' has no table to choose)
            tables.append(slots["table"])
        return real(cur, name, params, **slots)

    monkeypatch.setattr(trends, "_run", spy)
    with CacheReader(cache).reader() as cur:
        built_in = trends.tag_lens(cur)
        assert built_in.rolled_up == {"team", "environment"}
        assert _movers(cur, built_in, "tag:Team", []) == _by_value(cache, "team")
        assert _movers(cur, built_in, "service", [("tag:team", "payments")]) == {
            "Amazon EC2": D("100"),
            "Amazon S3": D("40"),
        }
        assert tables and all("daily_tag_cost" in table for table in tables)
        tables.clear()
        aliased = trends.tag_lens(cur, ALIASED)  # a config changed since the import
        assert not aliased.rolled_up
        assert _movers(cur, aliased, "tag:team", []) == {
            "payments": D("147"),  # pay → payments: the line items, under the config's alias
            "search": D("25"),
            "(untagged)": D("14"),
        }
        assert tables and not any("daily_tag_cost" in table for table in tables)


def test_views_the_rollup_cannot_answer_read_the_line_items(cache: Path) -> None:
    """Two tag keys at once, or a dimension the rollup does not keep, need each line's own tags."""
    with CacheReader(cache).reader() as cur:
        lens = trends.tag_lens(cur)
        assert _movers(cur, lens, "tag:env", [("tag:team", "payments")]) == {"prod": D("140")}
        assert _movers(cur, lens, "region", [("tag:team", "search")]) == {"us-east-1": D("25")}
        view = trends.trend_view(cur, as_of=AS_OF, group_by="tag:team", filters=[("service", "Amazon S3")])
        assert {m.key: m.current for m in view.movers} == {"payments": D("40"), "(untagged)": D("3")}


def test_an_import_updates_the_rollup_as_a_full_rebuild_would(cache: Path, tmp_path: Path) -> None:
    """Each import re-sums only the billing periods it touched (the keys stay the same)."""
    _import(cache, tmp_path, [("9", "Amazon EC2", '{"team": "search"}')], month=2)
    _import(cache, tmp_path, [("2", "Amazon S3", '{"Team": "PAYMENTS"}')], month=3)
    _import(cache, tmp_path, [("5", "Amazon S3", '{"Team": "web"}')], month=2)  # February replaced
    with duckdb.connect(str(cache), read_only=True) as con:
        incremental = con.execute("SELECT * FROM daily_tag_cost ORDER BY ALL").fetchall()
    full = tmp_path / "full.duckdb"
    shutil.copyfile(cache, full)
    with duckdb.connect(str(full)) as con:
        build_rollups(con)
        assert con.execute("SELECT * FROM daily_tag_cost ORDER BY ALL").fetchall() == incremental
    assert _by_value(cache, "team") == {
        "payments": D("142"),
        "pay": D("7"),
        "search": D("25"),
        "web": D("5"),
        "(untagged)": D("14"),
    }


def test_a_key_with_many_values_is_left_to_the_line_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key whose values are names or ids would make the rollup as large as the line items."""
    monkeypatch.setattr(tag_rollup, "MAX_VALUES", 3)  # team has four values, environment three
    db = tmp_path / "cache.duckdb"
    _import(db, tmp_path, LINES)
    with CacheReader(db).reader() as cur:
        lens = trends.tag_lens(cur)
        assert lens.rolled_up == {"environment"}
        assert _movers(cur, lens, "tag:team", [])["payments"] == D("140")


def test_a_cache_imported_before_the_rollup_existed_reads_the_line_items(cache: Path) -> None:
    with duckdb.connect(str(cache)) as con:
        con.execute("DROP TABLE daily_tag_cost")
        con.execute("DROP TABLE daily_tag_keys")
    with CacheReader(cache).reader() as cur:
        lens = trends.tag_lens(cur)
        assert not lens.rolled_up and lens.named_keys()
        assert _movers(cur, lens, "tag:team", [])["search"] == D("25")


def test_the_configs_keys_come_first_when_there_are_too_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tag_rollup, "MAX_KEYS", 1)
    db = tmp_path / "cache.duckdb"
    lines = [
        ("1", "Amazon EC2", '{"app": "shop", "team": "web"}'),
        ("2", "Amazon EC2", '{"app": "shop"}'),
        ("3", "Amazon EC2", '{"app": "search"}'),
    ]
    _import(db, tmp_path, lines)  # app is on more tag sets, but team is a required key
    with CacheReader(db).reader() as cur:
        assert trends.tag_lens(cur).rolled_up == {"team"}


def test_an_import_under_other_rules_resolves_every_month_again(cache: Path, tmp_path: Path) -> None:
    """The rollup holds one set of rules: a later import with a changed config re-resolves it whole."""
    rows = [row("9", day="2025-02-01", period="2025-02", tags='{"team": "pay"}')]
    settings = Settings(allocation=AllocationSettings(value_aliases={"team": {"pay": "payments"}}))
    import_paths(cache, [write(tmp_path / "feb.csv", rows)], now=NOW, settings=settings)
    assert _by_value(cache, "team") == {  # January's "pay" (7) merged too, not only February's
        "payments": D("156"),
        "search": D("25"),
        "(untagged)": D("14"),
    }
    with CacheReader(cache).reader() as cur:
        assert trends.tag_lens(cur, ALIASED).rolled_up == {"team", "environment"}
        assert not trends.tag_lens(cur).rolled_up  # the built-in rules now read the line items
