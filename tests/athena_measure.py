"""Measure what ``sync aws --athena`` would load for a cache's AWS line items (docs/SCALE.md's figures).

    .venv/bin/python -m tests.athena_measure /tmp/demo.duckdb /tmp/athena-rollup.duckdb

Runs the rollup's DuckDB twin over the AWS line items of the first cache (as of its newest day, over
all its billing periods, resource grain for ``--resource-days``, tag keys from ``--tag-key`` or else
every key in the cache), loads the answer into a fresh cache at the second path through the real
loader and rollups, and prints line items vs rollup rows, the two totals, and both file sizes.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from finops_tui.sync.aws.athena import AthenaResult
from finops_tui.sync.aws.athena_load import load_rollup
from finops_tui.sync.rollups import build_rollups
from finops_tui.sync.writer import CacheWriter
from tests.athena_fixture import rollup_rows


def main() -> None:
    """Print the measurement."""
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--tag-key", action="append", default=[])
    parser.add_argument("--resource-days", type=int, default=30)
    args = parser.parse_args()
    with duckdb.connect(str(args.source), read_only=True) as con:
        newest, first, lines, billed = con.execute(
            "SELECT max(CAST(ChargePeriodStart AS DATE)), min(CAST(BillingPeriodStart AS DATE)), count(*), "
            "sum(BilledCost) FROM cost_and_usage WHERE ProviderName = 'AWS'"
        ).fetchone()  # type: ignore[misc]
        keys = args.tag_key or [
            r[0] for r in con.execute("SELECT tag_key FROM rollup_tag_keys ORDER BY 1").fetchall()
        ]
        started = time.perf_counter()
        columns, rows = rollup_rows(
            con, since=first, recent=newest - timedelta(days=args.resource_days), tag_keys=keys
        )
        seconds = time.perf_counter() - started
    args.target.unlink(missing_ok=True)
    result = AthenaResult(tuple(columns), [tuple(r) for r in rows], 0, "measure", 1)
    with CacheWriter(args.target) as writer:
        written, _ = load_rollup(
            writer.connection, result, keys, source_file="athena:measure", now=datetime.now()
        )
        build_rollups(writer.connection)
        writer.commit()
    with duckdb.connect(str(args.target), read_only=True) as con:
        grains = con.execute("SELECT x_Grain, count(*) FROM cost_and_usage GROUP BY 1 ORDER BY 1").fetchall()
        (loaded,) = con.execute("SELECT sum(BilledCost) FROM cost_and_usage").fetchone()  # type: ignore[misc]
    print(
        f"tag keys: {', '.join(keys)}; periods from {first}; "
        f"resource grain from {newest - timedelta(days=args.resource_days)}"
    )
    print(f"AWS line items: {lines:,}; rollup rows: {written:,} {grains}; rollup query {seconds:.1f} s")
    print(f"billed: line items {billed}, rollup {loaded}, equal: {billed == loaded}")
    print(
        f"file sizes: source {args.source.stat().st_size:,} B, rollup cache {args.target.stat().st_size:,} B"
    )


if __name__ == "__main__":
    main()
