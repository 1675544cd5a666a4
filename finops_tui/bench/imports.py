"""``python -m finops_tui.bench.imports``: import throughput and memory beside a raw DuckDB load.

For each size it builds a FOCUS Parquet export, then in the same run times (a) a plain
``CREATE TABLE AS SELECT * FROM read_parquet`` into a new DuckDB file and (b) ``finops-tui import`` of
the same file into a new cache, each in its own process so peak RSS is measured per job.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from finops_tui.bench.export_file import build_export

TARGETS = {"ratio": 0.5, "rows_per_s": 1_000_000, "rss_mb": 2048}


@dataclass(frozen=True)
class Measure:
    """One job's wall time (inside the process) and peak resident memory."""

    seconds: float
    peak_rss_mb: float


def run_child(mode: str, export: Path, db: Path) -> Measure:
    """Run one job in a child process; read its own timing and its rusage."""
    for leftover in (db, db.with_name(db.name + ".wal")):
        leftover.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "finops_tui.bench.child", mode, str(export), str(db)],
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, _ = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} job failed with exit code {proc.returncode}")
    found = json.loads(out)
    return Measure(found["seconds"], found["peak_rss_mb"])  # the job's own peak (see bench/rss.py)


def bench_size(rows: int, workdir: Path, repeat: int) -> dict[str, object]:
    """Measure one export size; the best of ``repeat`` runs of each job."""
    export = build_export(workdir / f"focus-{rows}.parquet", rows)
    raw = min(
        (run_child("raw", export, workdir / "raw.duckdb") for _ in range(repeat)), key=lambda m: m.seconds
    )
    imp = min(
        (run_child("import", export, workdir / "cache.duckdb") for _ in range(repeat)),
        key=lambda m: m.seconds,
    )
    cache_mb = (workdir / "cache.duckdb").stat().st_size / 2**20
    return {
        "rows": rows,
        "export_mb": round(export.stat().st_size / 2**20, 1),
        "raw": asdict(raw),
        "import": asdict(imp),
        "raw_rows_per_s": rows / raw.seconds,
        "import_rows_per_s": rows / imp.seconds,
        "ratio": raw.seconds / imp.seconds,
        "cache_mb": round(cache_mb, 1),
    }


def print_table(results: list[dict[str, object]]) -> None:
    """Print the results as a Markdown table (paste-ready for the README)."""
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        "| rows | raw CTAS s | raw rows/s | import s | import rows/s | ratio "
        "| raw peak RSS | import peak RSS |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        raw, imp = r["raw"], r["import"]
        assert isinstance(raw, dict) and isinstance(imp, dict)
        print(
            f"| {r['rows']:,} | {raw['seconds']:.2f} | {r['raw_rows_per_s']:,.0f} | {imp['seconds']:.2f} | "
            f"{r['import_rows_per_s']:,.0f} | {r['ratio']:.2f} | {raw['peak_rss_mb']:,.0f} MB | "
            f"{imp['peak_rss_mb']:,.0f} MB |"
        )
    print(
        f"targets: ratio ≥ {TARGETS['ratio']}, ≥ {TARGETS['rows_per_s']:,} rows/s, "
        f"import peak RSS ≤ {TARGETS['rss_mb']:,} MB (at 10M rows on 2 cores)"
    )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the sizes, print the table and optionally write JSON."""
    parser = argparse.ArgumentParser(prog="python -m finops_tui.bench.imports", description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000], help="export sizes")
    parser.add_argument("--repeat", type=int, default=1, help="runs per job; the best is reported")
    parser.add_argument("--workdir", type=Path, default=Path("bench-out"), help="scratch folder (kept)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--clean", action="store_true", help="delete the scratch folder afterwards")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = [bench_size(rows, args.workdir, args.repeat) for rows in args.rows]
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.clean:
        shutil.rmtree(args.workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
