"""``finops-tui report waste``: the screen's findings and totals as JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from finops_tui.cli import main
from finops_tui.reports.redact import pseudonym
from tests.waste_fixture import AS_OF, IDS, build_waste_cache


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_waste_cache(tmp_path_factory.mktemp("report") / "cache.duckdb")


def _run(cache: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["report", "waste", "--db", str(cache), "--as-of", AS_OF.isoformat(), *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_json(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(_run(cache, capsys, "--format", "json"))
    assert doc["window"] == {"start": "2026-03-02", "end": "2026-03-31"}
    assert doc["currency"] == "USD"
    assert len(doc["findings"]) == 15
    gp2 = next(f for f in doc["findings"] if f["check"] == "gp2-to-gp3")
    assert gp2 == {
        "check": "gp2-to-gp3",
        "resource_id": IDS["gp2"],
        "provider": "AWS",
        "account_id": "111111111111",
        "account_name": "prod",
        "region": "us-east-1",
        "owner": "web",
        "monthly_cost": "150.00",
        "monthly_saving": "30.00",
        "annual_saving": "360.00",
        "confidence": "high",
        "status": "open",
        "assignee": None,
        "due_date": None,
        "reason": None,
        "evidence": "billed as gp2 (EBS:VolumeUsage.gp2), 1,500.0 GB-months in 30 days",
        "formula": "150.00 (30-day effective cost) x 20 % (gp3 is $0.08 vs gp2 $0.10 per GB-month)",
        "command": "aws ec2 modify-volume --region us-east-1 --volume-id vol-0aaa --volume-type gp3",
    }
    unused = {f["resource_id"]: f["evidence"] for f in doc["findings"] if f["check"] == "unused-commitment"}
    assert unused == {  # the Azure row is FOCUS's shape: ConsumedQuantity null on unused hours
        IDS["ri"]: "Reserved Instance r6i RI: 720 unused units in 30 days",
        IDS["reservation"]: "Reservation VM_RI_E8s: 720 unused hours in 30 days",
    }
    totals = {t["check"]: t for t in doc["totals"]}
    assert totals["unused-commitment"]["monthly_saving"] == "450.00"
    assert totals["unattached-ebs"]["state"] == "needs inventory"


def test_csv_and_markdown(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(cache, capsys, "--format", "csv"))))
    assert len(rows) == 15
    assert [r["monthly_saving"] for r in rows[:3]] == ["300.00", "240.00", "150.00"]
    md = _run(cache, capsys, "--format", "markdown")
    assert md.startswith("# Waste as of 2026-03-31\n")
    assert "| Idle NAT gateway | ok | 1 | 32.41 | 388.96 |" in md


def test_redacted_output_carries_no_ids(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(cache, capsys, "--format", "json", "--redact")
    for secret in ("111111111111", "vol-0aaa", "nat-0aaa", "0a1b2c3d-0000", "0aaa-ri", "ord-1", "res-1"):
        assert secret not in out
    assert "aws ec2 modify-volume --region us-east-1 --volume-id resource-" in out
    # a commitment's command names it by the pseudonym its row shows (the RI read id-… beside resource-…)
    assert f"--reserved-instances-ids {pseudonym('resource', IDS['ri'])} " in out
    assert f"--reservation-id {pseudonym('resource', IDS['reservation'])} " in out


def test_missing_cache_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "waste", "--db", str(tmp_path / "none.duckdb")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("finops-tui: error: ") and "no cache yet" in err
