"""``finops-tui invoice set|import``: totals land in the cache; bad input leaves it unchanged."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.cli import main
from tests.finance_fixture import AWS_ACCOUNT, MS_ACCOUNT, build


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return build(tmp_path)


def _totals(db: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT provider, billing_account_id, strftime(billing_period_start, '%Y-%m'), amount, currency, "
            "source FROM invoice_totals ORDER BY ALL"
        ).fetchall()


def _digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def test_invoice_set_records_and_replaces(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["invoice", "set", "--db", str(cache), "--provider", "AWS", "--account", AWS_ACCOUNT]
    assert main([*args, "--period", "2025-02", "--currency", "usd", "210.50"]) == 0
    assert main([*args, "--period", "2025-02", "199.99"]) == 0
    assert "recorded invoice AWS 111122223333 2025-02: 199.99" in capsys.readouterr().out
    assert _totals(cache) == [("AWS", AWS_ACCOUNT, "2025-02", Decimal("199.99"), None, "set")]


def test_invoice_import_reads_every_line(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "invoices.csv"
    path.write_text(
        "Provider,Billing_Account,Period,Amount,Currency\n"
        f"AWS,{AWS_ACCOUNT},2025-01,223.00,USD\n"
        f"Microsoft,{MS_ACCOUNT},2025-01,70.01,\n",
        encoding="utf-8",
    )
    assert main(["invoice", "import", "--db", str(cache), str(path)]) == 0
    assert _totals(cache) == [
        ("AWS", AWS_ACCOUNT, "2025-01", Decimal("223"), "USD", "invoices.csv"),
        ("Microsoft", MS_ACCOUNT, "2025-01", Decimal("70.01"), None, "invoices.csv"),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            f"AWS,{AWS_ACCOUNT},2025-13,1.00,USD",
            ":3: field 'period': '2025-13' is not a billing period (YYYY-MM)",
        ),
        (f"AWS,{AWS_ACCOUNT},2025-02,1 234.00,USD", ":3: field 'amount': '1 234.00' is not an amount"),
        ("AWS,,2025-02,1.00,USD", ":3: field 'billing_account': empty"),
        (f"AWS,{AWS_ACCOUNT},2025-02,1.00,USD,extra", ":3: more fields than the header has"),
        (f"AWS,{AWS_ACCOUNT},2025-02,1e5,USD", ":3: field 'amount': '1e5' is not an amount"),
        (f"AWS,{AWS_ACCOUNT},2025-02,1.00,US", ":3: field 'currency': 'US' is not a currency code"),
        (
            f"AWS,{AWS_ACCOUNT},2025-01,5.00,USD",
            f":3: AWS {AWS_ACCOUNT} 2025-01 is already on line 2; one total per invoice (add the amounts up)",
        ),
    ],
)
def test_a_bad_csv_line_is_one_line_error_and_the_cache_is_unchanged(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        f"provider,billing_account,period,amount,currency\nAWS,{AWS_ACCOUNT},2025-01,223.00,USD\n{body}\n",
        encoding="utf-8",
    )
    before = _digest(cache)
    assert main(["invoice", "import", "--db", str(cache), str(path)]) == 1
    err = capsys.readouterr().err
    assert err == f"finops-tui: error: {path}{message}" + err.split(message, 1)[1]
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _digest(cache) == before


def test_a_csv_without_the_amount_column_is_refused(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "short.csv"
    path.write_text("provider,billing_account,period\nAWS,1,2025-01\n", encoding="utf-8")
    assert main(["invoice", "import", "--db", str(cache), str(path)]) == 1
    assert f"{path}:1: missing column 'amount'" in capsys.readouterr().err


def test_invoice_set_needs_a_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "none.duckdb"
    args = [
        "invoice",
        "set",
        "--db",
        str(db),
        "--provider",
        "AWS",
        "--account",
        "1",
        "--period",
        "2025-01",
        "1",
    ]
    assert main(args) == 1
    assert "no cache yet" in capsys.readouterr().err and not db.exists()
