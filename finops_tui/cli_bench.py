"""``finops-tui bench`` options, apart from the benchmark so building the CLI parser stays cheap."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_bench_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Sizes, repeats, scratch folder and outputs of the whole benchmark."""
    add = parser.add_argument
    add(
        "--sizes",
        type=float,
        nargs="+",
        default=[1.0, 10.0],
        metavar="M",
        help="line items in millions (default: 1 10)",
    )
    add("--huge", action="store_true", help="also 50M line items (about 40 min, 6 GB disk)")
    add("--repeat", type=int, default=20, help="loads timed per screen interaction")
    add("--workdir", type=Path, default=Path("bench-out"), help="scratch folder (caches kept)")
    add("--json", type=Path, help="results as JSON (default: WORKDIR/bench.json)")
    add(
        "--write-docs",
        type=Path,
        nargs="?",
        const=Path("docs/BENCHMARKS.md"),
        metavar="FILE",
        help="also write the table into FILE (default docs/BENCHMARKS.md)",
    )
    return parser
