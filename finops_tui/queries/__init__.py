"""Typed query functions, one ``.sql`` file per question.

Screens and reports call these with a cursor from ``CacheReader`` and get frozen dataclasses back;
they never see SQL. Parameters are always bound (``$name``), never formatted into the text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import files
from typing import Any

import duckdb

from finops_tui.models import SourceStatus


@functools.cache
def load_sql(name: str) -> str:
    """Return the text of ``finops_tui/queries/<name>.sql``."""
    return files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")


def source_status(cur: duckdb.DuckDBPyConnection) -> list[SourceStatus]:
    """Per source: periods, rows, billed/effective totals, last import and newest charge."""
    return [SourceStatus(*row) for row in cur.execute(load_sql("source_status")).fetchall()]


def fork(cur: duckdb.DuckDBPyConnection, n: int) -> list[duckdb.DuckDBPyConnection]:
    """``n`` more cursors on the database ``cur`` reads, for questions asked in parallel (close them)."""
    row = cur.execute("SELECT current_database()").fetchone()
    use = "USE " + '"' + str(row[0]).replace('"', '""') + '"' if row else None
    children = [cur.cursor() for _ in range(n)]
    for child in children:
        if use:
            child.execute(use)
    return children


def in_parallel(
    cur: duckdb.DuckDBPyConnection, jobs: dict[str, Callable[[duckdb.DuckDBPyConnection], Any]]
) -> dict[str, Any]:
    """Run independent questions at once, each on its own cursor; their results by name.

    A screen that asks several small questions spends most of each in fixed per-query work (binding,
    planning, fetching) that leaves a core idle; two at a time use both cores of a small machine.
    """

    # a cursor refuses a second caller at once: fork them all here, before any thread starts
    children = dict(zip(jobs, fork(cur, len(jobs)), strict=True))
    try:
        with ThreadPoolExecutor(max_workers=min(3, len(jobs))) as pool:
            futures = {name: pool.submit(job, children[name]) for name, job in jobs.items()}
            return {name: future.result() for name, future in futures.items()}
    finally:
        for child in children.values():
            child.close()
