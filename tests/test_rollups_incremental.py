"""Rollups brought up to date per import equal a full rebuild, to the last digit."""

from __future__ import annotations

import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from finops_tui.sync.importer import import_paths
from finops_tui.sync.rollups import build_rollups
from finops_tui.trend_cube import grain_id
from tests.focus_csv import row, write

NOW = datetime(2026, 11, 22)
TABLES = {
    "daily_cost": "SELECT * FROM daily_cost ORDER BY ALL",
    "trend_cube": "SELECT * FROM trend_cube ORDER BY ALL",
    "monthly_resource_cost": "SELECT * EXCLUDE (Tags) FROM monthly_resource_cost ORDER BY ALL",
    "monthly_tagset_cost": "SELECT * FROM monthly_tagset_cost ORDER BY ALL",
    "monthly_tag_pairs": "SELECT * FROM monthly_tag_pairs ORDER BY ALL",
    "monthly_owner_cost": "SELECT * FROM monthly_owner_cost ORDER BY ALL",
    "monthly_hygiene_cost": "SELECT * FROM monthly_hygiene_cost ORDER BY ALL",
    "tag_entries": "SELECT * FROM tag_entries ORDER BY ALL",
    "rollup_tag_keys": "SELECT * FROM rollup_tag_keys ORDER BY ALL",
    "daily_tag_cost": "SELECT * FROM daily_tag_cost ORDER BY ALL",
    "daily_tag_keys": "SELECT * FROM daily_tag_keys ORDER BY ALL",
}


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}


def test_incremental_rollups_equal_a_full_rebuild(db: Path, tmp_path: Path) -> None:
    jan = [row("10.00", day="2025-01-03"), row("5.50", day="2025-01-04", service="Amazon S3")]
    feb = [row("7.25", day="2025-02-02", period="2025-02", tags='{"team": "data"}')]
    other = [row("1.00", day="2025-01-05", account="000222", tags='{"env": "prod"}')]
    import_paths(db, [write(tmp_path / "jan.csv", jan), write(tmp_path / "feb.csv", feb)], now=NOW)
    import_paths(db, [write(tmp_path / "other.csv", other)], now=NOW)
    restated = [row("12.00", day="2025-01-03"), row("0.75", day="2025-01-09", tags='{"owner": "ana"}')]
    import_paths(db, [write(tmp_path / "jan-v2.csv", restated)], now=NOW)
    incremental = snapshot(db)
    full = tmp_path / "full.duckdb"
    shutil.copyfile(db, full)
    with duckdb.connect(str(full)) as con:
        build_rollups(con)
    assert snapshot(full) == incremental
    daily = {(r[0].isoformat(), r[5]): r for r in incremental["daily_cost"]}  # type: ignore[union-attr]
    assert sorted(daily) == [
        ("2025-01-03", "000987654321"), ("2025-01-05", "000987654321"),
        ("2025-01-09", "000987654321"), ("2025-02-02", "000987654321"),
    ]  # fmt: skip
    assert [r[0] for r in incremental["rollup_tag_keys"]] == ["env", "owner", "team"]
    total = [r for r in incremental["trend_cube"] if r[0] == grain_id(())]  # the restated January counts
    assert sum(r[-3] for r in total) == Decimal("12.00") + Decimal("0.75") + Decimal("7.25") + Decimal("1.00")


def test_a_cache_whose_daily_resource_cost_is_a_table_imports_again(db: Path, tmp_path: Path) -> None:
    """Caches written before ``daily_resource_cost`` became a view are migrated by the next import."""
    import_paths(db, [write(tmp_path / "jan.csv", [row("10.00", day="2025-01-03")])], now=NOW)
    with duckdb.connect(str(db)) as con:
        con.execute("DROP VIEW daily_resource_cost")
        con.execute("CREATE TABLE daily_resource_cost AS SELECT 1 AS old")
    import_paths(
        db, [write(tmp_path / "feb.csv", [row("7.25", day="2025-02-02", period="2025-02")])], now=NOW
    )
    with duckdb.connect(str(db), read_only=True) as con:
        kind = con.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = 'daily_resource_cost'"
        ).fetchall()
        total = con.execute("SELECT sum(effective_cost) FROM daily_resource_cost").fetchone()
    assert kind == [("VIEW",)]
    assert total is not None and str(total[0]).startswith("17.25")


def test_taxes_and_credits_count_at_their_cost_in_the_list_price_metric(db: Path, tmp_path: Path) -> None:
    """Exports give tax and credits ListCost 0; counting that would show "-$tax" as savings vs list."""
    usage = row("8.00", day="2025-01-03", effective="6.00")  # $2 of price discount
    tax = row("1.20", day="2025-01-03", service="Tax") | {"ChargeCategory": "Tax", "ListCost": "0"}
    credit = row("-1.00", day="2025-01-03", service="Credits") | {"ChargeCategory": "Credit", "ListCost": "0"}
    import_paths(db, [write(tmp_path / "jan.csv", [usage, tax, credit])], now=NOW)
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute(
            "SELECT ServiceName, sum(list_cost), sum(effective_cost) FROM daily_cost GROUP BY 1 ORDER BY 1"
        ).fetchall()
        view = con.execute("SELECT sum(list_cost) - sum(effective_cost) FROM daily_resource_cost").fetchone()
    assert [(s, float(lc), float(ec)) for s, lc, ec in got] == [
        ("Amazon EC2", 8.0, 6.0),
        ("Credits", -1.0, -1.0),
        ("Tax", 1.2, 1.2),
    ]
    assert view is not None and float(view[0]) == 2.0  # savings vs list: the price discount only


def test_a_tag_key_whose_last_lines_a_restatement_drops_leaves_the_menu(db: Path, tmp_path: Path) -> None:
    jan = [row("10.00", day="2025-01-03", tags='{"team": "data", "project": "x"}')]
    import_paths(db, [write(tmp_path / "jan.csv", jan)], now=NOW)
    restated = [row("12.00", day="2025-01-03", tags='{"team": "data"}')]  # project is gone
    import_paths(db, [write(tmp_path / "jan-v2.csv", restated)], now=NOW)
    with duckdb.connect(str(db), read_only=True) as con:
        keys = con.execute("SELECT tag_key FROM rollup_tag_keys ORDER BY 1").fetchall()
    assert keys == [("team",)]
