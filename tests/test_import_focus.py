"""Known-answer imports of FOCUS files: the FinOps Foundation sample and hand-made restatements."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from finops_tui.sync.importer import import_paths
from tests.conftest import dataset
from tests.focus_csv import row, write

NOW = datetime(2026, 11, 22, 6, 0)


def q(db: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def cents(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.000001"))


def test_focus_sample_totals_to_the_cent(db: Path) -> None:
    import_paths(db, [dataset("finops-focus-sample-data-1.0/focus_sample.csv")], now=NOW)
    ((n, billed, effective, listed, contracted),) = q(
        db,
        "SELECT count(*), sum(BilledCost), sum(EffectiveCost), sum(ListCost), sum(ContractedCost) "
        "FROM cost_and_usage",
    )
    assert n == 1000
    assert cents(billed) == Decimal("20.520227")
    assert cents(effective) == Decimal("14.976514")
    assert cents(listed) == Decimal("20.390906")
    assert cents(contracted) == Decimal("14.976260")


def test_focus_sample_rows_ids_and_tags(db: Path) -> None:
    import_paths(db, [dataset("finops-focus-sample-data-1.0/focus_sample.csv")], now=NOW)
    providers = dict(q(db, "SELECT ProviderName, count(*) FROM cost_and_usage GROUP BY 1"))
    assert providers == {"AWS": 942, "Microsoft": 51, "Oracle": 7}
    categories = {
        r[0]: r[1:]
        for r in q(
            db,
            "SELECT ChargeCategory, count(*), sum(BilledCost), "
            "sum(EffectiveCost) FROM cost_and_usage GROUP BY 1",
        )
    }
    assert categories["Usage"][0] == 997
    assert categories["Adjustment"][0] == 2 and cents(categories["Adjustment"][1]) == Decimal("0.272")
    assert categories["Credit"][0] == 1
    assert cents(categories["Credit"][1]) == Decimal("-2.6137")
    assert cents(categories["Credit"][2]) == Decimal("-3.0")
    assert q(
        db,
        "SELECT count(DISTINCT BillingAccountId), count(DISTINCT SubAccountId), "
        "count(DISTINCT ServiceName), count(DISTINCT RegionId) FROM cost_and_usage",
    ) == [(3, 73, 33, 25)]
    assert q(db, "SELECT count(*) FROM cost_and_usage WHERE Tags IS NOT NULL") == [(711,)]
    # ids stay text; the tag set with both "org" and " org" keeps both keys
    assert q(db, "SELECT typeof(BillingAccountId) FROM cost_and_usage LIMIT 1") == [("VARCHAR",)]
    both = q(
        db,
        "SELECT count(*) FROM cost_and_usage WHERE map_contains(Tags, 'org') AND map_contains(Tags, ' org')",
    )
    assert both[0][0] >= 1
    # literal NULL text is a real NULL, timestamps parsed, Oracle's October period kept
    assert q(db, "SELECT count(*) FROM cost_and_usage WHERE ChargeClass = 'NULL'") == [(0,)]
    periods = q(
        db,
        "SELECT BillingPeriodStart, count(*) FROM cost_and_usage WHERE ProviderName = 'Oracle' "
        "GROUP BY 1 ORDER BY 1",
    )
    assert periods == [(datetime(2024, 9, 1), 6), (datetime(2024, 10, 1), 1)]
    assert q(db, "SELECT DISTINCT x_Source FROM cost_and_usage") == [("focus-1.0",)]


def test_reimport_same_period_changes_nothing(db: Path) -> None:
    sample = dataset("finops-focus-sample-data-1.0/focus_sample.csv")
    import_paths(db, [sample], now=NOW)
    first = q(db, "SELECT count(*), sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage")
    report = import_paths(db, [sample], now=NOW)
    assert q(db, "SELECT count(*), sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage") == first
    assert report.rows_replaced == 1000
    assert q(db, "SELECT count(*), sum(row_count) FROM imports") == [(4, 1000)]


def test_restated_period_replaces_only_that_period(db: Path, tmp_path: Path) -> None:
    jan = write(tmp_path / "jan.csv", [row("10.00", day="2025-01-03"), row("5.50", day="2025-01-04")])
    feb = write(tmp_path / "feb.csv", [row("7.25", day="2025-02-02", period="2025-02")])
    import_paths(db, [jan, feb], now=NOW)
    assert q(db, "SELECT sum(BilledCost) FROM cost_and_usage") == [(Decimal("22.75"),)]
    restated = write(tmp_path / "jan-v2.csv", [row("12.00", day="2025-01-03")])
    import_paths(db, [restated], now=NOW)
    by_month = q(
        db,
        "SELECT strftime(BillingPeriodStart, '%Y-%m'), count(*), sum(BilledCost) "
        "FROM cost_and_usage GROUP BY 1 ORDER BY 1",
    )
    assert by_month == [("2025-01", 1, Decimal("12.00")), ("2025-02", 1, Decimal("7.25"))]
    files = q(db, "SELECT strftime(billing_period_start, '%Y-%m'), files FROM imports ORDER BY 1")
    assert files == [("2025-01", ["jan-v2.csv"]), ("2025-02", ["feb.csv"])]


def test_another_account_same_month_is_not_replaced(db: Path, tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", [row("1.00", account="000111")])
    b = write(tmp_path / "b.csv", [row("2.00", account="000222")])
    import_paths(db, [a], now=NOW)
    import_paths(db, [b], now=NOW)
    assert q(db, "SELECT BillingAccountId, sum(BilledCost) FROM cost_and_usage GROUP BY 1 ORDER BY 1") == [
        ("000111", Decimal("1.00")),
        ("000222", Decimal("2.00")),
    ]


def test_imports_table_records_each_period(db: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "x.csv", [row("1.25"), row("2.50", effective="2.00")])
    import_paths(db, [f], now=NOW)
    (rec,) = q(
        db,
        "SELECT source_format, provider, billing_account_id, cost_basis, files, row_count, "
        "billed_cost, effective_cost, billing_currency, length(checksum), imported_at FROM imports",
    )
    assert rec == (
        "focus-1.0",
        "AWS",
        "000123456789",
        "full",
        ["x.csv"],
        2,
        Decimal("3.75"),
        Decimal("3.25"),
        "USD",
        64,
        NOW,
    )
