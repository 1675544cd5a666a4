"""An import commits whole or not at all: killed mid-way, or racing another writer."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.errors import CacheBusyError
from finops_tui.sync.importer import import_paths
from finops_tui.sync.writer import CacheWriter
from tests.focus_csv import row, write

NOW = datetime(2026, 11, 22)


def big_focus_parquet(path: Path, rows: int) -> Path:
    """A FOCUS Parquet file large enough that importing it takes a few seconds."""
    with duckdb.connect() as con:
        con.execute(f"""
            COPY (
              SELECT (i % 997) / 100.0 AS BilledCost, (i % 997) / 100.0 AS EffectiveCost,
                     'USD' AS BillingCurrency, '000999' AS BillingAccountId, 'AWS' AS ProviderName,
                     'acct-' || (i % 50) AS SubAccountId, 'svc-' || (i % 40) AS ServiceName,
                     'r-' || i AS ResourceId, 'Usage' AS ChargeCategory,
                     TIMESTAMP '2025-03-01' + to_days(CAST(i % 28 AS INTEGER)) AS ChargePeriodStart,
                     TIMESTAMP '2025-03-02' + to_days(CAST(i % 28 AS INTEGER)) AS ChargePeriodEnd,
                     TIMESTAMP '2025-03-01' AS BillingPeriodStart, TIMESTAMP '2025-04-01' AS BillingPeriodEnd
              FROM range({rows}) t(i)
            ) TO '{path}' (FORMAT parquet)
        """)
    return path


def test_kill_during_import_leaves_the_earlier_cache(db: Path, tmp_path: Path) -> None:
    import_paths(db, [write(tmp_path / "jan.csv", [row("10.00"), row("5.00")])], now=NOW)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    big = big_focus_parquet(tmp_path / "big.parquet", 6_000_000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "finops_tui", "import", "-q", "--db", str(db), str(big)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    temps: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None:
        temps = [p for p in db.parent.glob("*.import-tmp*") if p.stat().st_size > 1_000_000]
        if temps:
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail(f"import finished before it could be killed: {proc.stderr.read()!r}")  # type: ignore[union-attr]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert temps, "the import never started writing its temporary copy"
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), sum(BilledCost) FROM cost_and_usage").fetchall() == [
            (2, Decimal("15.00"))
        ]
    # the next import cleans up what the killed one left and works normally
    import_paths(
        db, [write(tmp_path / "feb.csv", [row("1.00", day="2025-02-01", period="2025-02")])], now=NOW
    )
    assert not list(db.parent.glob("*.import-tmp*"))
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM cost_and_usage").fetchall() == [(3,)]


def test_second_writer_is_refused_while_one_runs(db: Path, tmp_path: Path) -> None:
    with (
        CacheWriter(db),
        pytest.raises(CacheBusyError, match="another import or sync is writing this cache"),
    ):
        import_paths(db, [write(tmp_path / "x.csv", [row("1.00")])], now=NOW)


def test_reader_open_during_import_is_not_blocked(db: Path, tmp_path: Path) -> None:
    import_paths(db, [write(tmp_path / "a.csv", [row("1.00")])], now=NOW)
    with duckdb.connect(str(db), read_only=True) as reader:
        import_paths(db, [write(tmp_path / "b.csv", [row("2.00", account="55")])], now=NOW)
        # the open reader still sees the file it opened, whole
        assert reader.execute("SELECT count(*) FROM cost_and_usage").fetchall() == [(1,)]
    with duckdb.connect(str(db), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM cost_and_usage").fetchall() == [(2,)]


def test_cache_of_another_schema_version_is_refused(db: Path, tmp_path: Path) -> None:
    import_paths(db, [write(tmp_path / "a.csv", [row("1.00")])], now=NOW)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    from finops_tui.errors import FinOpsError

    with pytest.raises(FinOpsError, match="schema version 999"):
        import_paths(db, [write(tmp_path / "b.csv", [row("2.00")])], now=NOW)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_load_running_when_the_cache_is_swapped_finishes_and_the_next_sees_the_new_file(
    db: Path, tmp_path: Path
) -> None:
    """The app's reader keeps one connection per file version: a swap must not close a running load."""
    from finops_tui.cache import CacheReader

    import_paths(db, [write(tmp_path / "a.csv", [row("1.00")])], now=NOW)
    reader = CacheReader(db)
    with reader.reader() as running:  # a screen load in one worker thread …
        import_paths(db, [write(tmp_path / "b.csv", [row("2.00", account="55")])], now=NOW)
        with reader.reader() as next_load:  # … while another load starts after the swap
            assert next_load.execute("SELECT count(*) FROM cost_and_usage").fetchall() == [(2,)]
        assert running.execute("SELECT count(*) FROM cost_and_usage").fetchall() == [(1,)]
    reader.close()
