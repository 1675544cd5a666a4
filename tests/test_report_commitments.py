"""``report commitments`` on the commitments fixture: the screen's numbers, redaction, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from finops_tui.cli import main
from tests.commitments_fixture import AWS_ACCOUNT, RI_1, RI_OLD, build


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("commit-report"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", "commitments", *args]) == 0
    return capsys.readouterr().out


def test_json_carries_the_screen_figures(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(run(capsys, "--db", str(cache), "--as-of", "2025-01-31"))
    t = doc["total"]
    assert (doc["month"], doc["through"], doc["currency"]) == ("2025-01", "2025-01-31", "USD")
    assert (t["used"], t["unused"], t["utilisation_pct"], t["previous_utilisation_pct"]) == (
        "112.00", "52.00", "68.3", "81.8",
    )  # fmt: skip
    assert (t["covered"], t["on_demand"], t["other_usage"], t["coverage_pct"]) == (
        "112.00",
        "188.40",
        "5.00",
        "37.3",
    )
    ri = next(g for g in doc["groups"] if g["key"] == RI_1)
    assert (ri["label"], ri["unused"], ri["utilisation_pct"], ri["previous_utilisation_pct"]) == (
        "m5.xlarge RI", "30.00", "66.7", "80.0",
    )  # fmt: skip
    m5 = doc["normalised_units"][0]
    assert (m5["family"], m5["covered"], m5["on_demand"], m5["unused_reserved"]) == (
        "m5",
        "800.00",
        "2976.00",
        "400.00",
    )
    assert doc["not_normalised"][0] == {"provider": "AWS", "hours": "10.00", "instance_types": ["m5.metal"]}
    old = next(x for x in doc["lifetimes"] if x["commitment_id"] == RI_OLD)
    assert (old["status"], old["last_day"], old["end_date"]) == ("ended (rows stopped)", "2024-12-10", None)
    aws = doc["guidance"]["providers"][0]
    assert (aws["baseline_daily"], aws["commitment_hourly"], aws["annual_saving"]) == (
        "2.40",
        "0.0720",
        "245.28",
    )
    assert doc["guidance"]["assumptions"]["discount_pct"] == "28.0"


def test_month_csv_markdown_and_redaction(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "--db", str(cache), "--as-of", "2025-01-31", "--month", "2024-12", "--format", "csv")
    lines = out.splitlines()
    assert lines[0].startswith("scope,provider,key,label,detail,used,unused,utilisation_pct")
    assert lines[1].startswith("overall,,,All commitments,,90.00,20.00,81.8,")
    md = run(capsys, "--db", str(cache), "--as-of", "2025-01-31", "--format", "markdown", "--redact")
    assert md.startswith("# Commitments, 2025-01 (through 2025-01-31, as of 2025-01-31)")
    assert "Utilisation 68.3 % (last month 81.8 %)" in md
    assert "| AWS | m5 | 800.00 | 2976.00 | 400.00 |" in md
    assert AWS_ACCOUNT not in md and "ri-1" not in md and "reservationOrders" not in md
    assert "resource-" in md and "account-" in md


def test_bad_month_and_missing_cache_fail_in_one_line(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "commitments", "--db", str(cache), "--month", "2025-13"]) == 1
    assert capsys.readouterr().err.strip() == "finops-tui: error: '2025-13' is not a month (YYYY-MM)"
    args = ["report", "commitments", "--db", str(cache), "--as-of", "2025-01-31", "--month", "2025-02"]
    assert main(args) == 1
    assert capsys.readouterr().err.strip() == (
        "finops-tui: error: --month 2025-02: after the as-of day 2025-01-31; pass a later --as-of"
    )
    assert main(["report", "commitments", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "no cache yet" in capsys.readouterr().err


def test_commitments_settings_are_validated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cache: Path
) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[commitments]\nbaseline_percentile = 95\ndiscount_pct = 40\n", encoding="utf-8")
    doc = json.loads(run(capsys, "--db", str(cache), "--as-of", "2025-01-31", "--config", str(config)))
    assert doc["guidance"]["providers"][0]["baseline_daily"] == "32.40"  # rank 29 of 30 days
    assert doc["guidance"]["assumptions"]["baseline_percentile"] == 95
    config.write_text("[commitments]\ndiscount_pct = 120\n", encoding="utf-8")
    assert main(["report", "commitments", "--db", str(cache), "--config", str(config)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"finops-tui: error: {config}: commitments.discount_pct must be a number above 0 and below 100"
    )
