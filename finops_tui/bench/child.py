"""One measured job, run in its own process so its peak RSS is its own.

``python -m finops_tui.bench.child raw|import EXPORT DB`` prints ``{"seconds", "peak_rss_mb"}`` as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from finops_tui.bench.rss import peak_rss_mb


def main(argv: list[str]) -> int:
    """Run the job named by ``argv[0]`` and print its wall time as JSON."""
    mode, export, db = argv[0], Path(argv[1]), Path(argv[2])
    if mode == "raw":
        import duckdb

        start = time.perf_counter()
        con = duckdb.connect(str(db))
        con.execute("CREATE TABLE t AS SELECT * FROM read_parquet(?)", [str(export)])
        con.close()
        seconds = time.perf_counter() - start
    elif mode == "import":
        from finops_tui.sync.importer import import_paths

        start = time.perf_counter()
        import_paths(db, [export], now=datetime(2026, 1, 1))
        seconds = time.perf_counter() - start
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_rss_mb()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
