"""Build the demo cache: generate the demo estate as FOCUS Parquet, then import it like any export.

Demo rows go through exactly the reader, FOCUS mapping, validation and writer that real exports use,
so the demo exercises the real import path. The generator's ground truth (injected anomalies and
waste) is stored in ``demo_ground_truth`` so detectors can be scored against it later, and the demo's
business metrics (``demo_metrics``) in the same write, so unit economics has a series at once.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from finops_tui.settings import Settings
from finops_tui.sync.demo import first_day, generate_demo
from finops_tui.sync.demo_metrics import SOURCE_FILE, demo_metrics
from finops_tui.sync.files import SourceFile
from finops_tui.sync.importer import ImportReport, load_into
from finops_tui.sync.metrics import store_points
from finops_tui.sync.writer import CacheWriter


def build_demo_cache(
    db: Path,
    workdir: Path,
    *,
    end: date,
    scale: float,
    seed: int,
    now: datetime,
    settings: Settings | None = None,
) -> ImportReport:
    """Generate the demo estate into ``workdir`` and import it into the cache at ``db``."""
    output = generate_demo(workdir, end=end, scale=scale, seed=seed)
    sources = [SourceFile(path, path.name, path) for path in output.files]
    with CacheWriter(db) as writer:
        con = writer.connection
        report = load_into(con, sources, now=now, settings=settings)
        con.execute("DELETE FROM demo_ground_truth")
        con.execute(
            "INSERT INTO demo_ground_truth VALUES ($now, $doc::JSON)",
            {"now": now, "doc": output.truth_file.read_text(encoding="utf-8")},
        )
        metrics = demo_metrics(first_day(end), end, scale=scale, seed=seed)
        store_points(con, metrics, now=now, source_file=SOURCE_FILE, replace=True)
        writer.commit()
    return report
