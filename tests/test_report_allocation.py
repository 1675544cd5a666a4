"""``finops-tui report allocation`` and ``report showback`` on the allocation fixture."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from finops_tui.cli import main
from tests.allocation_fixture import build


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("report"))


def test_allocation_json(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "allocation", "--db", str(cache), "--as-of", "2025-01-31"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["month"] == "2025-01" and doc["currency"] == "USD"
    assert doc["readiness_pct"] == "95.5" and doc["coverage_all_pct"] == "50.0"
    assert doc["totals"] == {
        "total": "222.00",
        "taggable": "200.00",
        "untaggable": "22.00",
        "untagged": "100.00",
    }
    assert doc["coverage"][0]["coverage_team_pct"] == "95.0"
    assert [g["resource_id"] for g in doc["gaps"]] == ["i-2", "b-1", "b-[/]2"]
    assert doc["hygiene"][1]["variants"] == [
        {"spelling": "Team", "cost": "100.00"},
        {"spelling": "team", "cost": "60.00"},
        {"spelling": "TEAM ", "cost": "30.00"},
    ]
    assert doc["hygiene_cost"] == "190.00"  # each resource once; the groups' own figures sum to 540
    assert doc["showback"]["total"] == "222.00"


def test_allocation_csv_and_markdown_redacted(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "allocation", "--db", str(cache), "--as-of", "2025-01-31", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["scope"], r["label"], r["coverage_all_pct"]) for r in rows[:4]] == [
        ("overall", "All spend", "50.0"),
        ("provider", "AWS", "50.0"),
        ("sub_account", "acme-prod", "62.5"),
        ("sub_account", "acme-dev", "0.0"),
    ]
    args = [
        "report",
        "allocation",
        "--db",
        str(cache),
        "--format",
        "markdown",
        "--redact",
        "--month",
        "2025-01",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Allocation readiness, 2025-01")
    assert "acme-prod" not in out and "111111111111" not in out and "subaccount-" in out
    assert "| **total** | | | 222.00 | | |" in out


def test_showback_csv_adds_up_to_the_cent(cache: Path) -> None:
    args = [
        sys.executable,
        "-m",
        "finops_tui",
        "report",
        "showback",
        "--db",
        str(cache),
        "--month",
        "2025-01",
    ]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "month,team,direct,shared,total,previous_total,change,currency",
        "2025-01,web,130.00,15.05,145.05,90.00,55.05,USD",
        "2025-01,data,60.00,6.95,66.95,,,USD",
        "2025-01,(unallocated),10.00,0.00,10.00,10.00,0.00,USD",
    ]
    total = sum(Decimal(r["total"]) for r in csv.DictReader(io.StringIO(done.stdout)))
    assert total == Decimal("222.00")


def test_showback_default_month_and_bad_month(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "showback", "--db", str(cache), "--as-of", "2025-01-20"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("2024-12,web,90.00")
    assert main(["report", "showback", "--db", str(cache), "--month", "2025-13"]) == 1
    assert capsys.readouterr().err.strip() == "finops-tui: error: '2025-13' is not a month (YYYY-MM)"
    assert main(["report", "showback", "--db", str(cache), "--month", "2023-01"]) == 1
    assert "no cost in 2023-01" in capsys.readouterr().err
