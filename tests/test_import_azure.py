"""Azure exports through the real importer: actual/amortized pairing, re-imports and Blob folders."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from finops_tui.sync.importer import import_paths
from tests.azure_csv import EA_SAMPLES, MCA_HEADER, mca_row, write_csv
from tests.conftest import dataset

NOW = datetime(2024, 1, 15, 12, 0)
ACTUAL_TOTAL = Decimal("8.5450077867")
AMORTIZED_TOTAL = Decimal("16.2969321366")
COMMITTED_USAGE = Decimal("0.4931520000") + Decimal("0.0060000005")


def samples() -> tuple[Path, Path]:
    return (
        dataset(f"{EA_SAMPLES}/EA_ActualCost_Small.csv"),
        dataset(f"{EA_SAMPLES}/EA_AmortizedCost_Small.csv"),
    )


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def totals(db: Path) -> tuple[object, ...]:
    return query(db, "SELECT count(*), sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage")[0]


def test_actual_gives_billed_and_amortized_gives_effective(db: Path) -> None:
    actual, amortized = samples()
    import_paths(db, [actual, amortized], now=NOW)
    assert totals(db) == (39, ACTUAL_TOTAL, AMORTIZED_TOTAL)
    by_basis = query(
        db,
        "SELECT x_CostBasis, x_Source, count(*), sum(BilledCost), sum(EffectiveCost), sum(x_SourceCost) "
        "FROM cost_and_usage GROUP BY ALL ORDER BY 1",
    )
    zero = Decimal("0E-10")
    assert by_basis == [
        ("actual", "azure-ea", 11, ACTUAL_TOTAL, zero, ACTUAL_TOTAL),
        ("amortized", "azure-ea", 28, zero, AMORTIZED_TOTAL, AMORTIZED_TOTAL),
    ]
    imports = query(
        db,
        "SELECT source_format, provider, billing_account_id, billing_period_start, cost_basis, row_count, "
        "files FROM imports ORDER BY cost_basis",
    )
    assert imports == [
        ("azure-ea", "Microsoft", "8611537", datetime(2023, 9, 1), "actual", 11, ["EA_ActualCost_Small.csv"]),
        (
            "azure-ea",
            "Microsoft",
            "8611537",
            datetime(2023, 9, 1),
            "amortized",
            28,
            ["EA_AmortizedCost_Small.csv"],
        ),
    ]


def test_reimporting_one_dataset_replaces_it_and_keeps_the_pairing(db: Path) -> None:
    actual, amortized = samples()
    import_paths(db, [actual, amortized], now=NOW)
    import_paths(db, [actual], now=NOW)
    assert totals(db) == (39, ACTUAL_TOTAL, AMORTIZED_TOTAL)


def test_amortized_alone_bills_everything_but_commitment_covered_usage(db: Path) -> None:
    import_paths(db, [samples()[1]], now=NOW)
    assert totals(db) == (28, AMORTIZED_TOTAL - COMMITTED_USAGE, AMORTIZED_TOTAL)


def test_a_blob_export_folder_imports_only_the_latest_run(db: Path, tmp_path: Path) -> None:
    actual, amortized = samples()
    root = tmp_path / "container"
    period = root / "ea-actual" / "20230901-20230930"
    stale = period / "202309100600" / "aaaaaaaa-0000-0000-0000-000000000001"
    stale.mkdir(parents=True)
    lines = actual.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    (stale / "part_0_0001.csv").write_text("".join(lines[:6]), encoding="utf-8")  # an earlier, shorter month
    latest = period / "202309220600" / "bbbbbbbb-0000-0000-0000-000000000002"
    latest.mkdir(parents=True)
    shutil.copy(actual, latest / "part_0_0001.csv")
    manifest = {
        "runInfo": {"submittedTime": "2023-09-22T06:00:00Z"},
        "blobs": [{"blobName": "x/part_0_0001.csv"}],
    }
    (latest / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (root / "ea-amortized" / "20230901-20230930").mkdir(parents=True)
    shutil.copy(amortized, root / "ea-amortized" / "20230901-20230930" / "ea-amortized_cccc.csv")
    report = import_paths(db, [root], now=NOW)
    assert sorted(report.files) == ["ea-amortized_cccc.csv", "part_0_0001.csv"]
    assert totals(db) == (39, ACTUAL_TOTAL, AMORTIZED_TOTAL)


def test_mca_file_with_bom_imports_with_its_billing_profile(db: Path, tmp_path: Path) -> None:
    rows = [mca_row(), mca_row(date="03/31/2024", costInBillingCurrency="0.1")]
    path = write_csv(tmp_path / "mca-ActualCost.csv", MCA_HEADER, rows, bom=True)
    import_paths(db, [path], now=NOW)
    got = query(
        db,
        "SELECT x_Source, x_CostBasis, BillingAccountId, BillingCurrency, sum(BilledCost), count(*), "
        "max(ChargePeriodEnd) FROM cost_and_usage GROUP BY ALL",
    )
    assert got == [("azure-mca", "actual", "BP-7", "EUR", Decimal("1.0000000000"), 2, datetime(2024, 4, 1))]
