"""What every ``report`` command does first: open an existing cache and settle the as-of day.

One place for the two messages a user meets when there is nothing to report on, so every report
says the same thing (and names the file).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import duckdb

from finops_tui.cache import CacheReader
from finops_tui.config import no_cache_message
from finops_tui.errors import FinOpsError
from finops_tui.queries import trends


def existing_cache(db: Path) -> CacheReader:
    """A reader of ``db``, or a FinOpsError saying how to fill it when it does not exist."""
    cache = CacheReader(db)
    if not cache.exists():
        raise FinOpsError(no_cache_message(db))
    return cache


def resolve_as_of(cur: duckdb.DuckDBPyConnection, db: Path, as_of: date | None) -> date:
    """``as_of``, else the newest complete charge day; a FinOpsError when the cache is empty."""
    fresh = trends.freshness(cur)  # once: the newest complete day and the first charge day
    newest = trends.newest_complete_day(fresh)
    day = as_of or newest
    if day is None:
        raise FinOpsError(f"{db}: the cache is empty; run `finops-tui demo` or `finops-tui import PATH...`")
    if newest is not None and day > newest:  # on stderr: stdout stays clean JSON/CSV
        print(
            f"finops-tui: warning: --as-of {day} is after the newest complete charge day in the cache "
            f"({newest}); the days after it have no cost",
            file=sys.stderr,
        )
    first = trends.first_day(fresh)
    if first is not None and day < first:  # every figure would read zero, with no word why
        print(
            f"finops-tui: warning: --as-of {day} is before the cache's first charge day ({first}); "
            "there is no cost up to it",
            file=sys.stderr,
        )
    return day
