"""End-to-end AWS imports through ``import_paths``: real samples, varying Athena months, bucket mirrors.

Each test imports into a fresh cache file and reads the result back read-only, so these check what the
TUI will see: the sums, the imports table and which delivery of a month was read.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.sync.importer import import_paths
from tests.conftest import dataset
from tests.test_formats_aws import ATHENA, CUR2_DIR, LEGACY_CSV
from tests.test_layout_aws import NEW, put

NOW = datetime(2026, 11, 22, 6, 0)


@pytest.mark.parametrize(
    ("relative", "rows", "billed", "effective", "source"),
    [
        (LEGACY_CSV, 1281, "1.6823086974", "1.6823086974", "aws-cur"),
        (ATHENA, 119307, "4064.4831315379", "4195.9571093179", "aws-cur"),
        (CUR2_DIR, 1882, "-0.0000000676", "-0.0000000676", "aws-cur2"),
    ],
)
def test_samples_through_the_importer(
    db: Path, relative: str, rows: int, billed: str, effective: str, source: str
) -> None:
    report = import_paths(db, [dataset(relative)], now=NOW)
    assert report.rows == rows
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute(
            "SELECT count(*), sum(BilledCost), sum(EffectiveCost), any_value(x_Source), "
            "typeof(any_value(BillingAccountId)) FROM cost_and_usage"
        ).fetchone()
        imports = con.execute("SELECT source_format, row_count, billed_cost FROM imports").fetchall()
    assert got == (rows, Decimal(billed), Decimal(effective), source, "VARCHAR")
    assert imports == [(source, rows, Decimal(billed))]


def test_athena_months_with_different_tag_columns(tmp_path: Path, db: Path) -> None:
    """Two months of one Athena report: tag columns and reservation columns come and go."""
    common = (
        "'000111222333' AS bill_payer_account_id, '000444555666' AS line_item_usage_account_id, "
        "'USD' AS line_item_currency_code, 'AmazonEC2' AS line_item_product_code, "
        "'BoxUsage:t3.micro' AS line_item_usage_type, 'Usage' AS line_item_line_item_type"
    )
    months = {
        "2024-05": "'web' AS resource_tags_user_team, '' AS resource_tags_aws_created_by",
        "2024-06": "'cc-9' AS resource_tags_user_cost_center, 'ops' AS resource_tags_user_team_name, "
        "'AWS' AS bill_billing_entity, 0.0::DOUBLE AS reservation_effective_cost",
    }
    paths = []
    with duckdb.connect() as con:
        for month, tags in months.items():
            start = f"TIMESTAMP '{month}-01'"
            path = tmp_path / f"cur-{month}.snappy.parquet"
            con.execute(
                f"COPY (SELECT {common}, {tags}, {start} AS bill_billing_period_start_date, "
                f"{start} + INTERVAL 1 MONTH AS bill_billing_period_end_date, {start} + INTERVAL (i) HOUR "
                f"AS line_item_usage_start_date, {start} + INTERVAL (i + 1) HOUR "
                "AS line_item_usage_end_date, "
                "0.0125::DOUBLE AS line_item_unblended_cost, '0.0125000000' AS line_item_unblended_rate "
                f"FROM range(4) r(i)) TO '{path}' (FORMAT parquet)"
            )
            paths.append(path)
    import_paths(db, paths, now=NOW)
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute(
            "SELECT strftime(BillingPeriodStart, '%Y-%m'), x_Source, count(*), sum(BilledCost), "
            "sum(EffectiveCost), any_value(Tags), any_value(BillingAccountId) FROM cost_and_usage "
            "GROUP BY 1, 2 ORDER BY 1"
        ).fetchall()
    assert got == [
        ("2024-05", "aws-cur", 4, Decimal("0.05"), Decimal("0.05"), {"team": "web"}, "000111222333"),
        (
            "2024-06",
            "aws-cur",
            4,
            Decimal("0.05"),
            Decimal("0.05"),
            {"cost_center": "cc-9", "team_name": "ops"},
            "000111222333",
        ),
    ]


def test_import_of_a_bucket_mirror_reads_the_month_once(tmp_path: Path, db: Path) -> None:
    """The real CUR 2.0 sample delivered twice: an early partial run and the complete latest one."""
    sample = dataset("ola-raji-aws-cur2-ha-project/ha-project-CUR-daily-1-00001.csv")
    period = tmp_path / "bucket" / "ha" / "data" / "BILLING_PERIOD=2026-04"
    head = "".join(sample.read_text(encoding="utf-8").splitlines(keepends=True)[:101])
    put(period / "2026-04-10T06:00:00.000Z-e1" / "ha-00001.csv", head, mtime=NEW)  # touched last
    latest = period / "2026-04-16T15:24:15.653Z-e2" / "ha-00001.csv"
    latest.parent.mkdir(parents=True)
    shutil.copyfile(sample, latest)
    report = import_paths(db, [tmp_path / "bucket"], now=NOW)
    assert report.files == ("ha-00001.csv",)
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute(
            "SELECT count(*), sum(BilledCost), sum(ListCost), count(Tags), any_value(x_Source) "
            "FROM cost_and_usage"
        ).fetchone()
    assert got == (1882, Decimal("-0.0000000676"), Decimal("1.8770195679"), 460, "aws-cur2")
