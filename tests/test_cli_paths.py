"""Paths a user gives that cannot be used: one line naming the path and what is wrong, no traceback,
and a cache that keeps what it had (and its file mode)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from finops_tui.cli import main
from tests.conftest import dataset

FOCUS = dataset("finops-focus-sample-data-1.0/focus_sample.csv")


def _error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def test_a_folder_or_a_file_in_the_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (tmp_path / "file.csv").write_text("x\n")
    err = _error(capsys, "import", "-q", "--db", str(folder), str(FOCUS))
    assert err == f"finops-tui: error: {folder}: is a folder; give a cache file path"
    err = _error(capsys, "import", "-q", "--db", str(tmp_path / "file.csv" / "c.duckdb"), str(FOCUS))
    assert err.startswith(f"finops-tui: error: {tmp_path / 'file.csv'}: cannot be created here")
    err = _error(capsys, "demo", "--db", str(folder), "--scale", "0.01")
    assert err == f"finops-tui: error: {folder}: is a folder; give a cache file path"


def test_agenda_out_makes_its_folder_and_names_a_folder_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.duckdb"
    assert main(["import", "-q", "--db", str(db), str(FOCUS)]) == 0
    out = tmp_path / "new" / "deeper" / "agenda.md"
    assert main(["agenda", "--db", str(db), "--out", str(out)]) == 0 and out.read_text().startswith("#")
    capsys.readouterr()
    err = _error(capsys, "agenda", "--db", str(db), "--out", str(tmp_path))
    assert err == f"finops-tui: error: {tmp_path}: is a folder; give a file path"


def _without_root_powers() -> list[str]:
    """A command prefix under which a read-only folder is read-only (root ignores file modes)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, "--bounding-set", caps, "--inh-caps", caps]


def test_a_read_only_folder(tmp_path: Path) -> None:
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        command = [sys.executable, "-m", "finops_tui", "import", "-q", "--db", str(locked / "c.duckdb")]
        done = subprocess.run(
            [*_without_root_powers(), *command, str(FOCUS)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr.strip() == (
            f"finops-tui: error: {locked}: cannot write a cache in this folder (permission denied)"
        )
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_an_import_keeps_the_cache_private_and_refuses_a_read_only_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.duckdb"
    assert main(["import", "-q", "--db", str(db), str(FOCUS)]) == 0
    db.chmod(0o600)
    assert main(["import", "-q", "--db", str(db), str(FOCUS)]) == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o600  # the swapped-in copy was 0644 before
    db.chmod(0o444)
    before = db.read_bytes()
    err = _error(capsys, "import", "-q", "--db", str(db), str(FOCUS))
    assert err == f"finops-tui: error: {db}: the cache file is read-only; make it writable first"
    assert db.read_bytes() == before


def test_an_import_leaves_another_duckdb_database_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "analysis.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS a")
    err = _error(capsys, "import", "-q", "--db", str(other), str(FOCUS))
    assert err.startswith(f"finops-tui: error: {other}: not a finops-tui cache")
    with duckdb.connect(str(other), read_only=True) as con:
        assert con.execute("SELECT table_name FROM duckdb_tables()").fetchall() == [("t",)]


def test_top_n_outside_its_range_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["report", "trends", "--db", str(tmp_path / "c.duckdb"), "--top-n", "-3"])
    assert exit_.value.code == 2
    assert "argument --top-n: -3 is outside 1 to 20" in capsys.readouterr().err


def test_the_import_summary_keeps_every_figure_when_piped(tmp_path: Path) -> None:
    """Piped (a log, CI), Rich assumed 80 columns and cut the money ("$4,064…"); the figures of the
    Well-Architected CUR sample and the EA sample must read whole: SOURCES.md's totals."""
    db = tmp_path / "c.duckdb"
    samples = [dataset("aws-well-architected-labs-cur"), dataset("finops-toolkit-ea-cost-small")]
    done = subprocess.run(
        [sys.executable, "-m", "finops_tui", "import", "--db", str(db), *map(str, samples)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": ""},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    aws = next(line for line in lines if "aws-cur" in line)
    assert "836060457634" in aws and "$4,064.48" in aws and "$4,195.96" in aws
    assert any("8611537" in line and "$16.30" in line for line in lines)
    assert "…" not in done.stderr


@pytest.mark.parametrize("provider", ["aws", "azure"])
def test_sync_months_outside_1_to_36_is_refused_before_any_request(
    provider: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["sync", provider, "--db", str(tmp_path / "c.duckdb"), "--months", "0"])
    assert exit_.value.code == 2 and "argument --months: 0 is outside 1 to 36" in capsys.readouterr().err
    assert not (tmp_path / "c.duckdb").exists()
