"""Tag normalisation reaches every screen: Trends and Anomalies group tags as Allocation does.

The fixture spells one owner five ways (``Team``/``team ``/``TEAM``, ``Payments``/``payments ``) and one
environment three ways (``env=production``, ``Environment=Prod``, ``ENV=prd``); the config aliases
``pay`` → ``payments``. Known answers are worked out by hand from the six lines below.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from finops_tui.allocation_config import AllocationSettings
from finops_tui.cache import CacheReader
from finops_tui.queries import trends
from finops_tui.queries.anomalies import tag_costs, tag_key
from finops_tui.queries.tag_sql import raw_columns
from finops_tui.settings import Settings
from finops_tui.sync.importer import import_paths
from finops_tui.tag_rules import TagRules, tag_set
from tests.focus_csv import row, write

D = Decimal
AS_OF = date(2025, 1, 10)

LINES = [  # cost, tags
    ("100", '{"Team": "Payments", "env": "production"}'),
    ("40", '{"team ": "payments ", "Environment": "Prod"}'),
    ("7", '{"TEAM": "pay", "ENV": "prd"}'),
    ("25", '{"team": "Search"}'),
    ("3", '{"team": "  ", "env": "dev"}'),
    ("11", "{}"),
]
RULES = Settings(allocation=AllocationSettings(value_aliases={"team": {"pay": "payments"}})).tag_rules()


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tags")
    rows = [row(cost, day=f"2025-01-0{n + 1}", tags=tags) for n, (cost, tags) in enumerate(LINES)]
    db = folder / "cache.duckdb"
    import_paths(db, [write(folder / "src" / "tags.csv", rows)], now=datetime(2025, 1, 11))
    return db


@pytest.fixture
def cur(cache: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with CacheReader(cache).reader() as cursor:
        yield cursor


def _groups(
    cur: duckdb.DuckDBPyConnection, group_by: str, rules: TagRules, filters: list[trends.Filter] | None = None
) -> dict[str, Decimal]:
    lens = trends.tag_lens(cur, rules)
    rows = trends.movers(cur, as_of=AS_OF, window="30d", group_by=group_by, tags=lens, filters=filters or [])
    return {m.key: m.current for m in rows}


def test_trends_group_every_spelling_of_a_key_and_value(cur: duckdb.DuckDBPyConnection) -> None:
    assert _groups(cur, "tag:team", RULES) == {
        "payments": D("147"),  # 100 + 40 + 7 (pay → payments by the config alias)
        "search": D("25"),
        "(untagged)": D("14"),  # the blank value (3) counts as no tag, plus the untagged line (11)
    }
    # without the config alias, "pay" stays apart; any spelling of the key names the same key
    assert _groups(cur, "tag: TEAM", TagRules()) == {
        "payments": D("140"),
        "pay": D("7"),
        "search": D("25"),
        "(untagged)": D("14"),
    }


def test_built_in_aliases_merge_env_and_production(cur: duckdb.DuckDBPyConnection) -> None:
    assert _groups(cur, "tag:environment", RULES) == {
        "prod": D("147"),  # env/Environment/ENV; production/Prod/prd
        "dev": D("3"),
        "(untagged)": D("36"),
    }


def test_a_filter_on_a_normalised_value(cur: duckdb.DuckDBPyConnection) -> None:
    kept = _groups(cur, "tag:env", RULES, filters=[("tag:Team", "payments")])
    assert kept == {"prod": D("147")}


def test_group_by_menu_lists_each_key_once(cur: duckdb.DuckDBPyConnection) -> None:
    assert trends.tag_keys(cur) == ["ENV", "Environment", "TEAM", "Team", "env", "team", "team "]
    lens = trends.tag_lens(cur, Settings(required_tags=("Cost Center", "Environment")).tag_rules())
    # named as the config spells them (the owner tag's own setting, "team", names team)
    assert lens.named_keys() == [("environment", "Environment"), ("team", "team")]


def test_sql_normalisation_matches_the_allocation_rules(cur: duckdb.DuckDBPyConnection) -> None:
    """Every line's value, normalised in DuckDB, equals what TagRules (Allocation) makes of its tag set."""
    lens = trends.tag_lens(cur, RULES)
    for key in ("team", "environment"):
        params: dict[str, object] = {}
        expr = lens.value_sql(key, params, "p")
        got = cur.execute(f"SELECT Tags, {expr} FROM cost_and_usage", params).fetchall()
        for tags, value in got:
            expected = RULES.normalise(tag_set(tags)).get(key, "(untagged)")
            assert value == expected, (tags, key)
        # the form trends uses: raw values pulled out by a subquery, normalised above it
        params = {}
        expr = lens.value_sql(key, params, "p", raw=True)
        inner = ", ".join(raw_columns(params))
        pulled = cur.execute(f"SELECT Tags, {expr} FROM (SELECT Tags, {inner} FROM cost_and_usage)", params)
        assert pulled.fetchall() == got


def test_anomaly_tag_series_use_the_same_values(cur: duckdb.DuckDBPyConnection) -> None:
    tag = tag_key(cur, "Team", RULES)
    assert tag is not None
    frame = tag_costs(cur, first=date(2025, 1, 1), last=AS_OF, tag=tag)
    totals = frame.group_by("tag_value").agg(pl.col("cost").sum()).sort("tag_value").rows()
    assert totals == [("(untagged)", 14.0), ("payments", 147.0), ("search", 25.0)]
    assert tag_key(cur, "cost-center") is None


def test_waste_owners_follow_the_same_rules() -> None:
    from finops_tui.waste import _owner_tag

    rules = TagRules()
    assert _owner_tag({"Team ": " Web"}, rules) == "web"  # spelled as people type it
    assert _owner_tag({"owner": "Ops", "team": ""}, rules) == "ops"  # a blank team: the owner tag
    assert _owner_tag({"env": "prod"}, rules) is None
    assert _owner_tag(None, rules) is None
    squad = Settings(allocation=AllocationSettings(owner_tag="squad")).tag_rules()
    assert _owner_tag({"Squad": "Payments", "team": "web"}, squad) == "payments"
