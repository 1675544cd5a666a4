"""``python -m finops_tui.bench.trends``: trends screen loads beside the same question asked raw.

On a demo cache (10M line items by default) each interaction the screen performs — the first load,
a group-by change, a drill-down into a service and then into a usage type — is timed as the screen
runs it (a fresh read-only connection, ``queries.trends.trend_view`` over the rollups) and as a raw
``GROUP BY`` over ``cost_and_usage`` fetching the same numbers (daily cost per group for the window
and the comparison window). Cold start is measured from process launch to the first painted data.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from finops_tui.cache import CacheReader
from finops_tui.queries import trends

RAW_SQL = """
SELECT CAST(ChargePeriodStart AS DATE) AS day, {column} AS grp, sum(EffectiveCost) AS cost,
       sum(ListCost) AS list_cost
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end {where}
GROUP BY ALL
"""


def _percentiles(samples: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return _percentiles(samples)


def _screen_load(db: Path, as_of: date, group_by: str, filters: list[tuple[str, str]]) -> Callable[[], Any]:
    reader = CacheReader(db)  # the app keeps one reader (one connection per cache file version)

    def load() -> Any:
        with reader.reader() as cur:
            return trends.trend_view(cur, as_of=as_of, window="30d", group_by=group_by, filters=filters)

    return load


def _raw_load(db: Path, as_of: date, column: str, filters: list[tuple[str, str]]) -> Callable[[], Any]:
    where = "".join(f" AND {col} = $f{i}" for i, (col, _) in enumerate(filters))
    params: dict[str, Any] = {f"f{i}": value for i, (_, value) in enumerate(filters)}
    params["start"] = as_of - timedelta(days=59)
    params["end"] = as_of + timedelta(days=1)
    sql = RAW_SQL.format(column=column, where=where)

    def load() -> Any:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    return load


def _top(db: Path, as_of: date, group_by: str, filters: list[tuple[str, str]]) -> str:
    view = _screen_load(db, as_of, group_by, filters)()
    return str(view.movers[0].key)


def cold_start(db: Path, as_of: date) -> tuple[float, float]:
    """Seconds from launch to first painted data, and the TUI's peak RSS in MB (one run)."""
    env = dict(os.environ, FINOPS_BENCH_T0=repr(time.time()))
    proc = subprocess.Popen(
        [sys.executable, "-m", "finops_tui.bench.cold_start", str(db), as_of.isoformat()],
        stdout=subprocess.PIPE, env=env,
    )  # fmt: skip
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("cold-start job failed")
    return json.loads(out)["seconds"], usage.ru_maxrss / 1024


def ensure_demo(db: Path, scale: float, end: date) -> None:
    """Build the demo cache at ``db`` unless it is already there."""
    if db.exists():
        return
    from finops_tui.sync.demo_import import build_demo_cache

    db.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=db.parent) as tmp:
        build_demo_cache(
            db, Path(tmp), end=end, scale=scale, seed=42, now=datetime.now(UTC).replace(tzinfo=None)
        )


def main(argv: list[str] | None = None) -> int:
    """Run every interaction, print a Markdown table, optionally write JSON."""
    parser = argparse.ArgumentParser(prog="python -m finops_tui.bench.trends", description=__doc__)
    parser.add_argument("--scale", type=float, default=10.0, help="demo size (10 ≈ 10M line items)")
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 10, 20))
    parser.add_argument(
        "--db", type=Path, help="demo cache to use or build (default bench-out/demo-S.duckdb)"
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    db = args.db or Path("bench-out") / f"demo-{args.scale:g}.duckdb"
    ensure_demo(db, args.scale, args.end)
    with duckdb.connect(str(db), read_only=True) as con:
        lines = con.execute("SELECT count(*) FROM cost_and_usage").fetchone()[0]  # type: ignore[index]
    as_of = args.end
    service = _top(db, as_of, "service", [])
    usage = _top(db, as_of, "usage_type", [("service", service)])
    cases = [
        ("initial load (by service)", "service", [], "ServiceName", []),
        ("group-by change (sub-account)", "sub_account", [], "SubAccountId", []),
        ("drill: service → usage type", "usage_type", [("service", service)], "x_UsageType",
         [("ServiceName", service)]),
        ("drill: usage type → resource", "resource", [("service", service), ("usage_type", usage)],
         "ResourceId", [("ServiceName", service), ("x_UsageType", usage)]),
    ]  # fmt: skip
    results = []
    for name, group_by, filters, column, raw_filters in cases:
        screen = _time(_screen_load(db, as_of, group_by, filters), args.repeat)
        raw = _time(_raw_load(db, as_of, column, raw_filters), max(5, args.repeat // 3))
        results.append(
            {"case": name, "screen_p50_ms": screen[0], "screen_p95_ms": screen[1],
             "raw_p50_ms": raw[0], "raw_p95_ms": raw[1], "speedup_p50": raw[0] / screen[0]}
        )  # fmt: skip
    starts = [cold_start(db, as_of) for _ in range(3)]
    cold = min(s for s, _ in starts)
    rss = max(r for _, r in starts)
    print(f"cache: {db} ({lines:,} line items), as of {as_of}, {os.cpu_count()} cores")
    print("| interaction | screen p50 | screen p95 | raw GROUP BY p50 | raw p95 | speed-up (p50) |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['case']} | {r['screen_p50_ms']:.1f} ms | {r['screen_p95_ms']:.1f} ms | "
              f"{r['raw_p50_ms']:.1f} ms | {r['raw_p95_ms']:.1f} ms | {r['speedup_p50']:.1f}x |")  # fmt: skip
    print(f"cold start to first painted data: {cold:.2f} s (best of 3); TUI peak RSS {rss:,.0f} MB")
    print("targets: p95 ≤ 100 ms and ≥ 5x faster than raw; cold start ≤ 1.0 s; TUI RSS ≤ 400 MB")
    if args.json:
        args.json.write_text(
            json.dumps({"lines": lines, "cases": results, "cold_start_s": cold, "tui_rss_mb": rss})
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
