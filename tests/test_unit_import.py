"""``finops-tui metrics import|list``: good files land, re-imports replace, bad files change nothing."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import pytest

from finops_tui.cli import main
from tests.unit_fixture import build


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return build(tmp_path)


def stored(db: Path, metric: str) -> dict[date, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT day, value FROM business_metrics WHERE metric = ?", [metric]).fetchall()
    return {day: value for day, value in rows}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def csv_file(tmp_path: Path, text: str, name: str = "m.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_then_reimport_replaces_its_days(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = csv_file(tmp_path, "Date, Metric ,VALUE\n2025-01-07,transactions,45\n2025-02-01,signups,3.5\n")
    assert main(["metrics", "import", str(first), "--db", str(cache)]) == 0
    assert "2 points of signups, transactions (2025-01-07…2025-02-01)" in capsys.readouterr().err
    tx = stored(cache, "transactions")
    assert tx[date(2025, 1, 7)] == 45.0 and tx[date(2025, 1, 6)] == 10.0 and len(tx) == 61
    assert stored(cache, "signups") == {date(2025, 2, 1): 3.5}
    one = csv_file(tmp_path, "date,metric,value\n2025-02-02,signups,4\n", "one.csv")
    assert main(["metrics", "import", str(one), "--db", str(cache)]) == 0
    assert "one.csv: 1 point of signups (2025-02-02…2025-02-02)" in capsys.readouterr().err
    again = csv_file(tmp_path, "date,metric,value\n2025-01-07,transactions,46\n", "again.csv")
    assert main(["metrics", "import", str(again), "--db", str(cache)]) == 0
    assert (
        stored(cache, "transactions")[date(2025, 1, 7)] == 46.0 and len(stored(cache, "transactions")) == 61
    )
    with duckdb.connect(str(cache), read_only=True) as con:
        source = con.execute(
            "SELECT source_file FROM business_metrics WHERE metric = 'transactions' AND day = '2025-01-07'"
        ).fetchall()
    assert source == [("again.csv",)]


def test_replace_drops_the_whole_series_of_the_files_metrics(cache: Path, tmp_path: Path) -> None:
    path = csv_file(tmp_path, "date,metric,value\n2025-01-02,transactions,7\n")
    assert main(["metrics", "import", str(path), "--replace", "--db", str(cache)]) == 0
    assert stored(cache, "transactions") == {date(2025, 1, 2): 7.0}
    assert len(stored(cache, "orders")) == 62  # other metrics untouched


def test_list(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", "list", "--db", str(cache)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "metric        first day   last day    points",
        "orders        2024-12-01  2025-01-31      62",
        "transactions  2024-12-01  2025-01-31      61",
    ]


def test_status_names_the_metrics(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--db", str(cache)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "business metrics: orders 2024-12-01…2025-01-31, transactions 2024-12-01…2025-01-31" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date,metric\n2025-01-01,tx\n", "line 1: value: column missing (the header has date, metric)"),
        ("", "line 1: header: missing (expected the columns date, metric, value)"),
        ("date,metric,value\n2025-01-01,tx,1\n2025-13-01,tx,2\n", "line 3: date: '2025-13-01' is not a date"),
        ("date,metric,value\n01/02/2025,tx,1\n", "line 2: date: '01/02/2025' is not a date (YYYY-MM-DD)"),
        ("date,metric,value\n2025-01-01,tx,12k\n", "line 2: value: '12k' is not a number"),
        ("date,metric,value\n2025-01-01,tx,1_000\n", "line 2: value: '1_000' is not a number"),
        ("date,metric,value\n2025-01-01,tx,nan\n", "line 2: value: 'nan' is not a finite number"),
        ("date,metric,value\n2025-01-01,tx,-4\n", "line 2: value: -4 is negative"),
        ("date,metric,value\n2025-01-01, ,4\n", "line 2: metric: empty"),
        (
            "date,metric,value\n2025-01-01,tx,1\n2025-01-02,tx,1\n2025-01-01,tx,2\n",
            "line 4: date: 2025-01-01 of 'tx' is already on line 2",
        ),
        ("date,metric,value\n\n", "no data lines after the header"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_cache_unchanged(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = csv_file(tmp_path, text, "bad.csv")
    before = digest(cache)
    assert main(["metrics", "import", str(path), "--db", str(cache)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"finops-tui: error: {path}: {message}") and err.count("\n") == 1
    assert digest(cache) == before


def test_missing_file_is_one_line(cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", "import", str(tmp_path / "nope.csv"), "--db", str(cache)]) == 1
    assert capsys.readouterr().err == f"finops-tui: error: {tmp_path / 'nope.csv'}: no such file\n"


def test_cache_from_before_metrics_lists_none_and_gains_the_table_on_import(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with duckdb.connect(str(cache)) as con:
        con.execute("DROP TABLE business_metrics")  # as written by a finops-tui without unit economics
    assert main(["metrics", "list", "--db", str(cache)]) == 0
    assert "no business metrics" in capsys.readouterr().out
    assert main(["status", "--db", str(cache)]) == 0
    assert "business metrics" not in capsys.readouterr().out
    path = csv_file(tmp_path, "date,metric,value\n2025-01-02,signups,2\n")
    assert main(["metrics", "import", str(path), "--db", str(cache)]) == 0
    assert stored(cache, "signups") == {date(2025, 1, 2): 2.0}


def test_a_billing_import_keeps_the_metrics(cache: Path, tmp_path: Path) -> None:
    before = stored(cache, "orders")
    assert main(["import", "-q", str(tmp_path / "exports" / "2025-01.csv"), "--db", str(cache)]) == 0
    assert stored(cache, "orders") == before and len(before) == 62
