"""`finops-tui demo` and `finops-tui status` as a user runs them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.cli import main
from tests.conftest import dataset


def test_demo_builds_a_cache_that_matches_its_ground_truth(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.duckdb"
    assert main(["demo", "--db", str(db), "--scale", "0.03", "--end", "2026-10-20"]) == 0
    out = capsys.readouterr()
    assert "AWS focus-1.2" in out.out and "Microsoft focus-1.2" in out.out
    with duckdb.connect(str(db), read_only=True) as con:
        truth = json.loads(con.execute("SELECT doc FROM demo_ground_truth").fetchone()[0])  # type: ignore[index]
        n, billed, effective = con.execute(
            "SELECT count(*), sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage"
        ).fetchone()  # type: ignore[misc]
        assert n == truth["totals"]["rows"]
        assert billed == Decimal(truth["totals"]["billed_cost"])
        assert effective == Decimal(truth["totals"]["effective_cost"])
        assert con.execute("SELECT count(DISTINCT BillingPeriodStart) FROM cost_and_usage").fetchone() == (
            13,
        )
        payer = con.execute(
            "SELECT DISTINCT BillingAccountId FROM cost_and_usage WHERE ProviderName = 'AWS'"
        ).fetchall()
        assert payer == [("012345678901",)]
        # the provider extras the waste checks need survive the FOCUS import
        gp2 = con.execute(
            "SELECT count(*) FROM cost_and_usage "
            "WHERE x_VolumeType = 'gp2' AND x_UsageType LIKE '%VolumeUsage.gp2'"
        ).fetchone()
        assert gp2 is not None and gp2[0] > 0
        assert con.execute("SELECT count(*) FROM cost_and_usage WHERE x_LineItemType IS NULL").fetchone() == (
            0,
        )
    # running the demo again replaces it: same totals, no double counting
    assert main(["demo", "--db", str(db), "--scale", "0.03", "--end", "2026-10-20"]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        again = con.execute("SELECT count(*), sum(BilledCost) FROM cost_and_usage").fetchone()
    assert again == (n, billed)


def test_status_json_reports_the_focus_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.duckdb"
    sample = dataset("finops-focus-sample-data-1.0/focus_sample.csv")
    assert main(["import", "-q", "--db", str(db), str(sample)]) == 0
    capsys.readouterr()
    assert main(["status", "--json", "--db", str(db)]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_provider = {r["provider"]: r for r in rows}
    assert set(by_provider) == {"AWS", "Microsoft", "Oracle"}
    assert sum(Decimal(r["billed_cost"]) for r in rows).quantize(Decimal("0.000001")) == Decimal("20.520227")
    assert sum(Decimal(r["effective_cost"]) for r in rows).quantize(Decimal("0.000001")) == Decimal(
        "14.976514"
    )
    assert by_provider["AWS"]["rows"] == 942 and by_provider["AWS"]["billing_account_id"] == "1234567890123"
    assert by_provider["Oracle"]["periods"] == 2
    assert by_provider["Oracle"]["newest_charge"] == "2024-09-30T22:00:00"


def test_db_before_or_after_the_command_means_the_same_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``finops-tui --db X import …`` must not write to the default cache (argparse's sub-command trap)."""
    db = tmp_path / "c.duckdb"
    sample = dataset("finops-focus-sample-data-1.0/focus_sample.csv")
    assert main(["--db", str(db), "import", "-q", str(sample)]) == 0
    assert db.exists()
    capsys.readouterr()
    assert main(["--db", str(db), "status", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert main(["status", "--json", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out) == before and len(before) == 3
