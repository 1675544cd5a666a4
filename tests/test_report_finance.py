"""``finops-tui report reconciliation``: the Finance screen's numbers through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from finops_tui.cli import main
from finops_tui.reports.redact import pseudonym
from tests.finance_fixture import AWS_ACCOUNT, build


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = build(tmp_path_factory.mktemp("report-finance"))
    args = ["invoice", "set", "--db", str(db), "--provider", "AWS", "--account", AWS_ACCOUNT]
    assert main([*args, "--period", "2025-02", "--currency", "USD", "210.50"]) == 0
    return db


def _run(cache: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    capsys.readouterr()
    assert main(["report", "reconciliation", "--db", str(cache), "--as-of", "2025-03-05", *extra]) == 0
    return capsys.readouterr().out


def test_json_has_lines_invoice_and_list_price(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(_run(cache, capsys, "--format", "json"))
    assert [(r["period"], r["provider"], r["final"]) for r in doc["reconciliation"]] == [
        ("2025-03", "AWS", False), ("2025-02", "AWS", True), ("2025-01", "AWS", True),
        ("2025-01", "Microsoft", True),
    ]  # fmt: skip
    feb = doc["reconciliation"][1]
    assert (feb["billed"], feb["effective"], feb["billed_minus_effective"]) == ("200.00", "240.00", "-40.00")
    assert (feb["invoice"], feb["invoice_minus_billed"], feb["unexplained"]) == ("210.50", "10.50", "0.00")
    assert (feb["imported_billed"], feb["imported_effective"], feb["imported_matches_cache"]) == (
        "200.00", "240.00", True
    )  # fmt: skip
    jan = doc["reconciliation"][2]
    assert [(x["line"], x["billed_minus_effective"]) for x in jan["lines"]] == [
        ("usage_standard", "0.00"), ("usage_committed", "-30.00"), ("unused_commitment", "-10.00"),
        ("purchase_commitment", "120.00"), ("credit", "0.00"), ("tax", "0.00"), ("unexplained", "0.00"),
    ]  # fmt: skip
    ytd = doc["list_price"]["year_to_date"][0]
    assert (ytd["list"], ytd["effective"], ytd["steps"][-1]) == (
        "593.00", "473.00", {"step": "residual", "label": "Residual", "amount": "0.00"}
    )  # fmt: skip


def test_month_csv_and_redaction(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(cache, capsys, "--format", "csv", "--month", "2025-02", "--redact")
    account = pseudonym("account", AWS_ACCOUNT)
    assert AWS_ACCOUNT not in out
    assert out.splitlines()[0].startswith("period,provider,billing_account,currency,line")
    assert f"2025-02,AWS,{account},USD,adjustment,1,-12.00,-12.00,0.00,0.00" in out
    assert f"2025-02,AWS,{account},USD,total,5,200.00,240.00,313.00,-40.00" in out
    assert f"2025-02,AWS,{account},USD,invoice,,210.50,,,10.50" in out


def test_markdown_marks_the_open_period(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(cache, capsys, "--format", "markdown")
    assert out.startswith("# Invoice reconciliation, every period (as of 2025-03-05)")
    assert "## 2025-03 · AWS · 111122223333 (NOT FINAL: the period runs to 2025-03-31" in out
    assert "| Commitment purchases | 120.00 | 0.00 | 120.00 | 120.00 |" in out
    assert (
        "| YTD 2025 | AWS | 593.00 | -70.00 | -60.00 | 10.00 | -5.00 | 17.00 | -12.00 | 0.00 | 473.00 |"
        in out
    )


def test_a_bad_month_is_a_one_line_error(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "reconciliation", "--db", str(cache), "--month", "2025-13"]) == 1
    assert capsys.readouterr().err == "finops-tui: error: '2025-13' is not a month (YYYY-MM)\n"


def test_a_month_outside_the_cache_is_a_one_line_error(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty document with exit 0 would read as "nothing to reconcile"; say why there is nothing."""
    base = ["report", "reconciliation", "--db", str(cache), "--as-of", "2025-03-05", "--month"]
    assert main([*base, "2025-04"]) == 1
    err = capsys.readouterr().err
    assert err == "finops-tui: error: --month 2025-04: after the as-of day 2025-03-05; pass a later --as-of\n"
    assert main([*base, "2024-11", "--format", "csv"]) == 1
    assert (
        capsys.readouterr().err
        == f"finops-tui: error: --month 2024-11: {cache} has no billing period that month\n"
    )


def test_an_invoice_in_another_currency_is_shown_but_not_subtracted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = build(tmp_path)
    args = ["invoice", "set", "--db", str(db), "--provider", "AWS", "--account", AWS_ACCOUNT]
    assert main([*args, "--period", "2025-01", "--currency", "EUR", "205.00"]) == 0
    doc = json.loads(_run(db, capsys, "--month", "2025-01"))
    aws = doc["reconciliation"][0]
    assert (aws["invoice"], aws["invoice_currency"], aws["invoice_minus_billed"]) == ("205.00", "EUR", None)


def test_no_cache_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "reconciliation", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
