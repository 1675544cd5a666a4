"""Deterministic demo data: 13 months of an AWS organisation and an Azure EA enrollment as FOCUS 1.2.

The demo must exercise exactly what real exports exercise, so it writes ordinary FOCUS 1.2 Parquet files
(one per billing month) that the normal importer reads, plus ``ground_truth.json`` listing every
injected anomaly and waste finding with its true cost, so detectors can be scored rather than eyeballed.

Generation is catalogue-driven: Python builds a few thousand meters (resource x usage type, see
``demo_catalog``) and DuckDB expands them into daily rows, streaming each month straight into its
Parquet file. Each month runs on one DuckDB thread (months run side by side): an order-preserving
multi-threaded COPY buffers far more and runs slower. Memory is bounded by a few row groups per worker
whatever the scale, and the same seed and end date give byte-identical files (row order follows the
catalogue, noise is a hash of meter and day).
"""

from __future__ import annotations

import json
import os
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl

from finops_tui.sync.demo_aws import build_aws
from finops_tui.sync.demo_azure import build_azure
from finops_tui.sync.demo_catalog import Builder, assign_tags, limit_late_starts
from finops_tui.sync.demo_charges import Month, UsageTotal, invoice_ids, monthly_charges, months_between
from finops_tui.sync.demo_frame import to_frame
from finops_tui.sync.demo_plan import plan_anomalies
from finops_tui.sync.demo_sql import X_COLUMNS, charges_select, expand_sql, output_columns, usage_select
from finops_tui.sync.demo_truth import anomaly_truth, money, reference_month, waste_truth
from finops_tui.sync.formats.base import literal

__all__ = ["X_COLUMNS", "DemoOutput", "generate_demo"]

TRUTH_FILE = "ground_truth.json"
MAX_WORKERS = 4
"""Month files written at once; each holds one DuckDB thread and about one row group per column."""


@dataclass(frozen=True)
class DemoOutput:
    """What ``generate_demo`` wrote."""

    files: list[Path]
    """One FOCUS 1.2 Parquet file per billing month, oldest first."""
    truth_file: Path
    """``ground_truth.json``: injected anomalies and waste, and the exact totals of the files."""
    rows: int
    """Line items across all files."""


def first_day(end: date) -> date:
    """The 1st of the month twelve months before ``end``'s month: 13 billing months in all."""
    return date(end.year - 1, end.month, 1)


def generate_demo(out_dir: Path, *, end: date, scale: float = 1.0, seed: int = 42) -> DemoOutput:
    """Write the demo estate's monthly FOCUS files and its ground truth into ``out_dir``.

    Args:
        out_dir: folder for the files (created when missing; files of the same names are replaced).
        end: last charge day, inclusive. The clock is the caller's: nothing here reads today's date.
        scale: resource-count factor; 1.0 gives about a million line items, 10.0 about ten million.
        seed: random seed; the same ``seed``, ``end`` and ``scale`` give byte-identical files.
    """
    if not scale > 0:
        raise ValueError("scale must be positive")
    out_dir.mkdir(parents=True, exist_ok=True)
    first = first_day(end)
    months = months_between(first, end)
    builder = Builder(random.Random(seed), scale, (end - first).days + 1)
    build_aws(builder)
    build_azure(builder)
    limit_late_starts(builder)
    anomalies = plan_anomalies(builder, first)
    untagged_share = assign_tags(builder)
    catalog = to_frame(builder.meters)

    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET threads = 1")  # one thread per month file: ordered, lean, and months run in parallel
        con.register("catalog_src", catalog)
        con.execute(
            "CREATE TABLE meters AS SELECT * EXCLUDE (tags), "
            "CASE WHEN tags IS NULL THEN NULL ELSE map_from_entries(tags) END AS tags_map "
            "FROM catalog_src ORDER BY meter_id"
        )
        con.unregister("catalog_src")
        files = [out_dir / f"demo-focus-{m.start:%Y-%m}.parquet" for m in months]
        workers = max(1, min(MAX_WORKERS, os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            sums = list(
                pool.map(lambda m: _write_month(con, files[m.index], m, first, builder, seed), months)
            )
        rows = sum(n for n, _, _ in sums)
        billed = sum((b for _, b, _ in sums), Decimal(0))
        effective = sum((e for _, _, e in sums), Decimal(0))
        ref = reference_month(months)
        truth = {
            "seed": seed,
            "scale": scale,
            "start": first.isoformat(),
            "end": end.isoformat(),
            "anomalies": [anomaly_truth(con, files, months, first, a) for a in anomalies],
            "waste": waste_truth(con, files[ref.index], ref, builder.waste),
            "tagging": {"untagged_share_of_taggable_spend": f"{untagged_share:.4f}"},
            "totals": {"rows": rows, "billed_cost": money(billed), "effective_cost": money(effective)},
        }
    finally:
        con.close()
    truth_file = out_dir / TRUTH_FILE
    truth_file.write_text(json.dumps(truth, indent=2) + "\n", encoding="utf-8")
    return DemoOutput(files=files, truth_file=truth_file, rows=rows)


def _write_month(
    db: duckdb.DuckDBPyConnection, path: Path, month: Month, first: date, builder: Builder, seed: int
) -> tuple[int, Decimal, Decimal]:
    """Stream one billing month into ``path`` (usage rows, then fees, tax and credits); return its totals.

    Runs on a worker thread with its own cursor; DuckDB releases the GIL while it works.
    """
    with db.cursor() as con:
        _copy_month(con, path, month, first, builder, seed)
        n, billed, effective = con.execute(
            f"SELECT count(*), sum(BilledCost), sum(EffectiveCost) FROM read_parquet({literal(str(path))})"
        ).fetchone() or (0, 0, 0)
    return int(n), Decimal(billed), Decimal(effective)


def _copy_month(
    con: duckdb.DuckDBPyConnection, path: Path, month: Month, first: date, builder: Builder, seed: int
) -> None:
    expand = expand_sql(month.d0, month.d1, month.days_in_month, first, anomalies=True)
    sums = con.execute(
        "SELECT provider, sub_id, service_name, commit_id, sum(billed), sum(effective), sum(qty) "
        f"FROM ({expand}) GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    totals = [
        UsageTotal(str(p), str(s), str(n), c, Decimal(b), Decimal(e), float(q))
        for p, s, n, c, b, e, q in sums
    ]
    charges = monthly_charges(month, totals, builder.commitments, seed)
    names = [name for name, _ in output_columns()]
    frame = pl.DataFrame(
        [[r.get(name) for name in names] for r in charges],
        schema={name: pl.String() for name in names},
        orient="row",
    )
    view = f"charges_{month.index}"
    con.register(view, frame)
    try:
        usage = usage_select(expand, period=(month.start, month.next), invoices=invoice_ids(month, seed))
        con.execute(
            f"COPY ({usage}\nUNION ALL\n{charges_select(names, view)}) "
            f"TO {literal(str(path))} (FORMAT parquet, COMPRESSION zstd)"
        )
    finally:
        con.unregister(view)
