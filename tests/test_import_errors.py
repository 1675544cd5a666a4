"""Bad input: a one-line error naming the file and the problem, a non-zero exit, the cache untouched."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from finops_tui.cli import main
from tests.focus_csv import HEADER, row, write


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def seeded(db: Path, tmp_path: Path) -> Path:
    """A cache that already holds one good import."""
    good = write(tmp_path / "good.csv", [row("10.00"), row("2.50", day="2025-01-06")])
    assert main(["import", "-q", "--db", str(db), str(good)]) == 0
    return db


def run_bad(db: Path, target: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = digest(db)
    code = main(["import", "-q", "--db", str(db), str(target)])
    err = capsys.readouterr().err
    assert code != 0
    assert digest(db) == before, "the cache file changed"
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), sum(BilledCost) FROM cost_and_usage").fetchall() == [
            (2, __import__("decimal").Decimal("12.50"))
        ]
    assert not list(db.parent.glob("*.import-tmp")), "a temporary copy was left behind"
    return lines[0]


def test_unknown_format(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "people.csv"
    f.write_text("name,age\nada,36\n")
    msg = run_bad(seeded, f, capsys)
    assert "people.csv" in msg and "unknown export format" in msg


def test_empty_file(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "empty.csv"
    f.write_text("")
    assert "empty.csv: the file is empty" in run_bad(seeded, f, capsys)


def test_header_only(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path / "header.csv", [])
    assert "header.csv: the file holds a header but no line items" in run_bad(seeded, f, capsys)


def test_truncated_csv_names_the_line(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(tmp_path / "cut.csv", [row("1.00"), row("2.00"), row("3.00")])
    data = f.read_bytes()
    f.write_bytes(data[: data.rindex(b"Compute")])  # cut mid-row, as an interrupted download leaves it
    msg = run_bad(seeded, f, capsys)
    assert "cut.csv: line 4: expected" in msg and f"expected {len(HEADER)} columns, found 13" in msg


def test_truncated_gzip(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = write(tmp_path / "big.csv", [row(f"{i}.00") for i in range(2000)])
    data = gzip.compress(plain.read_bytes())
    f = tmp_path / "big.csv.gz"
    f.write_bytes(data[: len(data) // 2])
    msg = run_bad(seeded, f, capsys)
    assert "big.csv.gz" in msg and ("truncated" in msg or "corrupt" in msg)


def test_corrupt_parquet(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "export.parquet"
    f.write_bytes(b"PAR1 this is not parquet")
    msg = run_bad(seeded, f, capsys)
    assert "export.parquet" in msg and "Parquet" in msg


def test_corrupt_zip(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "export.zip"
    f.write_bytes(b"PK\x03\x04 broken")
    msg = run_bad(seeded, f, capsys)
    assert "export.zip" in msg and "ZIP" in msg


def test_wrong_type_names_row_and_column(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(tmp_path / "typo.csv", [row("1.00"), row("2.00"), row("12,50"), row("4.00")])
    msg = run_bad(seeded, f, capsys)
    assert msg.endswith("typo.csv: row 3, column BilledCost: '12,50' is not a number")


def test_bad_date_names_row(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path / "dates.csv", [row("1.00"), row("2.00", day="2025-13-45")])
    msg = run_bad(seeded, f, capsys)
    assert "dates.csv: row 2, column ChargePeriod" in msg and "is not a date/time" in msg


def test_mixed_currencies_in_one_period(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(tmp_path / "fx.csv", [row("1.00", account="42"), row("2.00", account="42", currency="EUR")])
    msg = run_bad(seeded, f, capsys)
    assert "fx.csv" in msg and "2025-01" in msg and "mixes currencies" in msg


def test_directory_without_exports(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "nothing"
    d.mkdir()
    (d / "notes.txt").write_text("hello")
    assert "no billing exports found" in run_bad(seeded, d, capsys)


def test_missing_path(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no such file or directory" in run_bad(seeded, tmp_path / "nope.csv", capsys)


def test_one_bad_file_rejects_the_whole_run(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "run" / "a-good.csv", [row("100.00", day="2025-01-09", account="777")])
    write(tmp_path / "run" / "b-bad.csv", [row("oops", account="777")])
    msg = run_bad(seeded, good.parent, capsys)
    assert "b-bad.csv: row 1, column BilledCost" in msg


def test_zip_of_exports_imports(db: Path, tmp_path: Path) -> None:
    inner = write(tmp_path / "inner.csv", [row("3.00"), row("4.00")])
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(inner, "reports/inner.csv")
    assert main(["import", "-q", "--db", str(db), str(archive)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT DISTINCT x_SourceFile FROM cost_and_usage").fetchall() == [
            ("export.zip:reports/inner.csv",)
        ]


def test_cli_subprocess_prints_no_traceback(seeded: Path, tmp_path: Path) -> None:
    f = tmp_path / "people.csv"
    f.write_text("name,age\nada,36\n")
    proc = subprocess.run(
        [sys.executable, "-m", "finops_tui", "import", "--db", str(seeded), str(f)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("finops-tui: error: people.csv: unknown export format")
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_status_on_missing_cache_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--db", str(tmp_path / "none.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "no cache yet" in err and "finops-tui demo" in err


def test_missing_charge_date_names_row(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = row("2.00")
    bad["ChargePeriodStart"] = ""
    f = write(tmp_path / "nodate.csv", [row("1.00"), bad])
    msg = run_bad(seeded, f, capsys)
    assert msg.endswith("nodate.csv: row 2: the charge date is missing (ChargePeriodStart)")


def test_missing_cache_points_at_the_demo_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`finops-tui demo` without --db writes demo.duckdb beside the default cache; `status` then sent
    the user to run the demo again. It now names the demo's file."""
    monkeypatch.setenv("FINOPS_TUI_DB", str(tmp_path / "cache.duckdb"))
    assert main(["demo", "--scale", "0.01", "--end", "2026-01-31"]) == 0
    capsys.readouterr()
    assert main(["status"]) == 1
    err = capsys.readouterr().err
    assert err.strip().endswith(f"(a demo cache exists: pass --db {tmp_path / 'demo.duckdb'})")
    assert main(["status", "--db", str(tmp_path / "demo.duckdb")]) == 0
