"""Typed query functions, one ``.sql`` file per question.

Screens and reports call these with a cursor from ``CacheReader`` and get frozen dataclasses back;
they never see SQL. Parameters are always bound (``$name``), never formatted into the text.
"""

from __future__ import annotations

import functools
from importlib.resources import files

import duckdb

from finops_tui.models import SourceStatus


@functools.cache
def load_sql(name: str) -> str:
    """Return the text of ``finops_tui/queries/<name>.sql``."""
    return files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")


def source_status(cur: duckdb.DuckDBPyConnection) -> list[SourceStatus]:
    """Per source: periods, rows, billed/effective totals, last import and newest charge."""
    return [SourceStatus(*row) for row in cur.execute(load_sql("source_status")).fetchall()]
