"""Child job: launch the TUI headless and report the time from process launch to first data.

The parent passes its launch time in ``FINOPS_BENCH_T0`` (``time.time()`` just before spawning), so
the figure includes interpreter start-up and every import, as a user waits for them.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from datetime import date
from pathlib import Path


async def _first_paint(db: Path, as_of: date) -> float:
    from finops_tui.launch import launch_app  # as the CLI does: the first load starts before Textual
    from finops_tui.settings import Settings

    app = launch_app(db, settings=Settings(), as_of=as_of, today=as_of)
    from finops_tui.screens.trends import TrendsScreen

    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, TrendsScreen) and getattr(screen, "result", None) is not None:
                break
            await pilot.pause(0.005)
        return time.time()


def main(argv: list[str]) -> int:
    """``python -m finops_tui.bench.cold_start DB AS_OF`` prints ``{"seconds": …}``."""
    t0 = float(os.environ["FINOPS_BENCH_T0"])
    painted = asyncio.run(_first_paint(Path(argv[0]), date.fromisoformat(argv[1])))
    from finops_tui.bench.rss import peak_rss_mb

    print(json.dumps({"seconds": painted - t0, "peak_rss_mb": peak_rss_mb()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
