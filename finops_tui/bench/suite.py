"""``finops-tui bench`` / ``python -m finops_tui.bench``: every figure in one table, beside its baseline.

For each size (1M and 10M line items; 50M with ``--huge``) it measures, in one run on this machine:
the import of a FOCUS Parquet export against a plain ``CREATE TABLE AS SELECT * FROM read_parquet``
(rows/s, peak RSS, cache size vs export size); then, on a demo cache of that size, every screen load
against the raw query over ``cost_and_usage`` that answers the same question; anomaly detection and
the waste checks over the whole cache; cold start to first painted data and the TUI's peak RSS. The
table shows each figure per size with its baseline, how it grew from the smallest size to the largest
(screens should stay flat: they read rollups) and whether the target holds at 10M. It is also written
as JSON, and with ``--write-docs`` into docs/BENCHMARKS.md between the ``bench:begin``/``bench:end``
markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

from finops_tui.bench.figures import Figure, fmt_value

DEMO_END = date(2026, 10, 20)
"""A fixed last day, so two runs build the same demo estate."""
TARGET_SIZE = 10.0
"""The issue's targets are stated at 10M line items."""
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def import_figures(rows: int, workdir: Path) -> list[Figure]:
    """Import vs raw CTAS of the same Parquet export, each in its own process."""
    from finops_tui.bench.imports import bench_size

    r = bench_size(rows, workdir, 1)
    raw, imp = r["raw"], r["import"]
    assert isinstance(raw, dict) and isinstance(imp, dict)
    num = {k: float(v) for k, v in r.items() if isinstance(v, int | float)}
    return [
        Figure("import.seconds", "Import: wall time", imp["seconds"], "s", baseline=raw["seconds"],
               min_ratio=0.5),
        Figure("import.rows_per_s", "Import: rows/s", num["import_rows_per_s"], "rows/s",
               baseline=num["raw_rows_per_s"], higher_is_better=True, limit=1_000_000),
        Figure("import.rss", "Import: peak RSS", imp["peak_rss_mb"], "MB", baseline=raw["peak_rss_mb"],
               limit=2048),
        Figure("import.cache_mb", "Cache size (baseline: the Parquet export)", num["cache_mb"], "MB",
               baseline=num["export_mb"], baseline_name="export"),
    ]  # fmt: skip


def screen_figures(size: float, workdir: Path, repeat: int) -> tuple[int, list[Figure]]:
    """Build (or reuse) the demo cache of ``size`` million lines and time every screen on it."""
    import duckdb

    from finops_tui.bench import allocation, anomalies, trends, waste

    db = workdir / f"demo-{size:g}.duckdb"
    trends.ensure_demo(db, size, DEMO_END)
    with duckdb.connect(str(db), read_only=True) as con:
        (lines,) = con.execute("SELECT count(*) FROM cost_and_usage").fetchone() or (0,)
    found = trends.figures(db, DEMO_END, repeat)
    found += allocation.figures(db, repeat)
    found += waste.speed_figures(db, DEMO_END, max(5, repeat // 4))
    found += anomalies.speed_figures(db, loads=repeat)
    found += trends.start_figures(db, DEMO_END)
    return int(lines), found


def _ratio(ratio: float) -> str:
    """One decimal, but two significant digits under 0.1: raw 30 times faster reads 0.033x, not 0.0x."""
    return f"{ratio:.1f}" if ratio >= 0.1 else f"{ratio:.2g}"


def _cell(f: Figure | None) -> str:
    if f is None:
        return ""
    text = fmt_value(f.value, f.unit)
    if f.p50 is not None:
        text = f"{fmt_value(f.p50, f.unit)} / {text}"
    if f.baseline is not None:
        text += f" ({f.baseline_name} {fmt_value(f.baseline, f.unit)}"
        text += f", {_ratio(f.ratio)}x)" if f.ratio is not None and f.baseline_name == "raw" else ")"
    return text


def table(sizes: Sequence[float], results: dict[float, list[Figure]]) -> list[str]:
    """The Markdown table: one row per figure, one column per size, growth, target, verdict."""
    by_size = {s: {f.key: f for f in results[s]} for s in sizes}
    keys = list(dict.fromkeys(f.key for s in sizes for f in results[s]))
    judged = TARGET_SIZE if TARGET_SIZE in by_size else max(sizes)
    head = ["figure", *(f"{s:g}M lines" for s in sizes), "growth", "target", f"met at {judged:g}M"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in keys:
        row = [by_size[s].get(key) for s in sizes]
        known = [f for f in row if f is not None]
        first, last = known[0], known[-1]
        growth = f"{last.value / first.value:.2f}x" if len(known) > 1 and first.value else ""
        verdict = by_size[judged].get(key)
        met = verdict.met() if verdict else None
        mark = "" if met is None else ("yes" if met else "**no**")
        cells = [first.label, *(_cell(f) for f in row), growth, first.target_text(), mark]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def write_docs(path: Path, block: str) -> None:
    """Replace the generated block of docs/BENCHMARKS.md (added at the top if the markers are missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
    else:
        title, _, body = text.partition("\n")
        head, tail = title + "\n\n", "\n\n" + body.lstrip("\n")
    path.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")


def build_parser() -> argparse.ArgumentParser:
    """``python -m finops_tui.bench``'s parser (the same options as ``finops-tui bench``)."""
    from finops_tui.cli_bench import add_bench_options

    parser = argparse.ArgumentParser(prog="python -m finops_tui.bench", description=__doc__)
    add_bench_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Measure every size, print the table, write JSON (and the docs block)."""
    sizes = sorted(set(args.sizes) | ({50.0} if args.huge else set()))
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: dict[float, list[Figure]] = {}
    lines: dict[float, int] = {}
    for size in sizes:
        print(f"… {size:g}M: import vs raw load", flush=True)
        found = import_figures(int(size * 1_000_000), args.workdir)
        print(f"… {size:g}M: demo cache and screens", flush=True)
        lines[size], screens = screen_figures(size, args.workdir, args.repeat)
        results[size] = found + screens
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    load = os.getloadavg()[0]
    demo = ", ".join(f"{s:g}M → {n:,} demo line items" for s, n in lines.items())
    block = "\n".join(
        [f"Measured {when} on {machine} (load average {load:.1f} at the end); {demo}.", "",
         *table(sizes, results), "",
         "Timings are p50 / p95 where two are given; raw = the same question as plain DuckDB over "
         "`cost_and_usage`, same run; ratio = how many times the app beats raw (import: raw time / "
         "import time)."]
    )  # fmt: skip
    print(block)
    out = args.json or args.workdir / "bench.json"
    out.write_text(
        json.dumps(
            {"measured": when, "machine": machine, "lines": {f"{s:g}M": n for s, n in lines.items()},
             "figures": {f"{s:g}M": [asdict(f) for f in results[s]] for s in sizes}},
            indent=2,
        )
    )  # fmt: skip
    print(f"JSON: {out}")
    if args.write_docs:
        write_docs(args.write_docs, block)
        print(f"written into {args.write_docs}")
    return 0
