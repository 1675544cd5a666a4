"""Typed query functions, one ``.sql`` file per question.

Screens and reports call these with a cursor from ``CacheReader`` and get frozen dataclasses back;
they never see SQL. Parameters are always bound (``$name``), never formatted into the text.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from importlib.resources import files
from typing import Any

import duckdb

from finops_tui.cache import reading_database
from finops_tui.models import SourceStatus


@functools.cache
def load_sql(name: str) -> str:
    """Return the text of ``finops_tui/queries/<name>.sql``."""
    return files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")


def source_status(cur: duckdb.DuckDBPyConnection) -> list[SourceStatus]:
    """Per source: periods, rows, billed/effective totals, last import and newest charge."""
    return [SourceStatus(*row) for row in cur.execute(load_sql("source_status")).fetchall()]


_POOL_SIZE = 3
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_local = threading.local()


def _workers() -> ThreadPoolExecutor:
    """The threads parallel questions run on, started once: starting three threads per screen load
    cost 2-3 ms of hand-offs, as much as one of the questions."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=_POOL_SIZE, thread_name_prefix="finops-query")
        return _pool


def _use_statement(cur: duckdb.DuckDBPyConnection) -> str | None:
    """``USE`` of the database ``cur`` reads (a new cursor starts in the instance's default one)."""
    name = reading_database()  # known without a query inside a CacheReader.reader() block
    if name is None:
        row = cur.execute("SELECT current_database()").fetchone()
        name = str(row[0]) if row else None
    return "USE " + '"' + name.replace('"', '""') + '"' if name else None


def in_parallel(
    cur: duckdb.DuckDBPyConnection, jobs: dict[str, Callable[[duckdb.DuckDBPyConnection], Any]]
) -> dict[str, Any]:
    """Run independent questions at once, each on its own cursor; their results by name.

    A screen that asks several small questions spends most of each in fixed per-query work (binding,
    planning, fetching) that leaves a core idle; two at a time use both cores of a small machine.
    Each cursor is pointed at the database in its own thread, so even that step is not queued. A job
    that itself asks questions in parallel runs them one after another (a worker never waits on the
    pool it belongs to).
    """
    use = _use_statement(cur)
    # a cursor refuses a second caller at once: make them all here, before any thread starts
    children = {name: cur.cursor() for name in jobs}

    def run(name: str) -> Any:
        child = children[name]
        if use:
            child.execute(use)
        outer, _local.worker = getattr(_local, "worker", False), True
        try:
            return jobs[name](child)
        finally:
            _local.worker = outer

    try:
        if getattr(_local, "worker", False):
            return {name: run(name) for name in jobs}
        pool = _workers()
        futures = {name: pool.submit(run, name) for name in jobs}
        wait(futures.values())  # all of them: a cursor still running cannot be closed (and that error
        return {name: future.result() for name, future in futures.items()}  # would hide the first one)
    finally:
        for child in children.values():
            child.close()
