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


def _use_statement(cur: duckdb.DuckDBPyConnection) -> str | None:
    """``USE`` of the database ``cur`` reads (a new cursor starts in the instance's default one)."""
    row = cur.execute("SELECT current_database()").fetchone()
    return "USE " + '"' + str(row[0]).replace('"', '""') + '"' if row else None


def in_parallel(
    cur: duckdb.DuckDBPyConnection, jobs: dict[str, Callable[[duckdb.DuckDBPyConnection], Any]]
) -> dict[str, Any]:
    """Run independent questions at once, each on its own cursor; their results by name.

    A screen that asks several small questions spends most of each in fixed per-query work (binding,
    planning, fetching) that leaves a core idle; two at a time use both cores of a small machine.
    Each cursor is pointed at the database in its own thread, so even that step is not queued.
    """
    use = _use_statement(cur)
    # a cursor refuses a second caller at once: make them all here, before any thread starts
    children = {name: cur.cursor() for name in jobs}

    def run(name: str) -> Any:
        child = children[name]
        if use:
            child.execute(use)
        return jobs[name](child)

    try:
        with ThreadPoolExecutor(max_workers=min(3, len(jobs))) as pool:
            futures = {name: pool.submit(run, name) for name in jobs}
            return {name: future.result() for name, future in futures.items()}
    finally:
        for child in children.values():
            child.close()
