"""What every billing-file format provides: recognising its header and mapping it to FOCUS in SQL.

A format never reads files itself. The writer exposes each input file to DuckDB as a relation named
``src`` (CSV read with every column as text, Parquet with its own types) and runs the format's
``select_sql`` over it, so the whole mapping is one SQL statement executed inside DuckDB: fast, and
with no Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from finops_tui.sync.schema import MONEY


def quote(name: str) -> str:
    """Quote ``name`` as a DuckDB identifier (billing headers contain ``/``, ``:`` and spaces)."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    """Return ``value`` as a SQL string literal (only used for constants chosen by the code)."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Header:
    """The columns of one input file, looked up case-insensitively.

    Attributes:
        columns: column names exactly as in the file (BOM already stripped).
        types: DuckDB type of each column (``VARCHAR`` for every CSV column).
        file_name: the file's name, for messages and ``x_SourceFile``.
    """

    columns: tuple[str, ...]
    types: dict[str, str] = field(default_factory=dict)
    file_name: str = ""

    def _index(self) -> dict[str, str]:
        return {c.lower(): c for c in self.columns}

    def find(self, *names: str) -> str | None:
        """Return the file's spelling of the first of ``names`` present (case-insensitive)."""
        index = self._index()
        for name in names:
            hit = index.get(name.lower())
            if hit is not None:
                return hit
        return None

    def has(self, *names: str) -> bool:
        """True when every one of ``names`` is a column of the file."""
        index = self._index()
        return all(n.lower() in index for n in names)

    def has_any(self, *names: str) -> bool:
        """True when at least one of ``names`` is a column of the file."""
        return self.find(*names) is not None

    def col(self, *names: str) -> str:
        """Quoted identifier of the first of ``names`` present, or ``NULL`` when none is."""
        hit = self.find(*names)
        return quote(hit) if hit is not None else "NULL"

    def type_of(self, name: str) -> str:
        """DuckDB type of column ``name`` (``VARCHAR`` when unknown)."""
        hit = self.find(name)
        return self.types.get(hit, "VARCHAR") if hit is not None else "VARCHAR"

    def matching(self, prefix: str) -> list[str]:
        """Columns whose name starts with ``prefix`` (case-insensitive), in file order."""
        p = prefix.lower()
        return [c for c in self.columns if c.lower().startswith(p)]


def text(expr: str) -> str:
    """SQL: ``expr`` as trimmed text, empty strings as NULL."""
    return f"NULLIF(TRIM(CAST({expr} AS VARCHAR)), '')"


def _is_text(source_type: str) -> bool:
    return source_type.upper() in ("VARCHAR", "STRING", "TEXT", "")


def money(expr: str, source_type: str = "VARCHAR") -> str:
    """SQL: ``expr`` as an exact money value (strict: bad text fails the import, naming the row).

    Typed Parquet columns are cast directly; only text goes through trimming.
    """
    if expr == "NULL":
        return "NULL"
    if not _is_text(source_type):
        return f"CAST({expr} AS {MONEY})"
    return f"CAST(NULLIF(TRIM(CAST({expr} AS VARCHAR)), '') AS {MONEY})"


def number(expr: str, source_type: str = "VARCHAR") -> str:
    """SQL: ``expr`` as a DOUBLE quantity (strict)."""
    if expr == "NULL":
        return "NULL"
    if not _is_text(source_type):
        return f"CAST({expr} AS DOUBLE)"
    return f"CAST(NULLIF(TRIM(CAST({expr} AS VARCHAR)), '') AS DOUBLE)"


def timestamp(expr: str, source_type: str = "VARCHAR") -> str:
    """SQL: ``expr`` as a naive UTC TIMESTAMP; accepts ISO text with or without ``T``/``Z``."""
    if expr == "NULL":
        return "NULL"
    kind = source_type.upper()
    if kind.startswith("TIMESTAMP WITH TIME ZONE") or kind == "TIMESTAMPTZ":
        return f"CAST(timezone('UTC', {expr}) AS TIMESTAMP)"
    if not _is_text(source_type):
        return f"CAST({expr} AS TIMESTAMP)"
    return f"CAST(NULLIF(TRIM(CAST({expr} AS VARCHAR)), '') AS TIMESTAMP)"


def us_date(expr: str) -> str:
    """SQL: an Azure ``MM/DD/YYYY`` (or ISO) date text as a TIMESTAMP at midnight UTC."""
    if expr == "NULL":
        return "NULL"
    v = f"NULLIF(TRIM(CAST({expr} AS VARCHAR)), '')"
    return (
        f"CASE WHEN {v} LIKE '%/%' THEN CAST(strptime(split_part({v}, ' ', 1), '%m/%d/%Y') AS TIMESTAMP) "
        f"ELSE CAST({v} AS TIMESTAMP) END"
    )


def json_tags(expr: str) -> str:
    """SQL: a JSON object text (or NULL) as ``MAP(VARCHAR, VARCHAR)``; non-string values become text."""
    v = f"NULLIF(TRIM(CAST({expr} AS VARCHAR)), '')"
    return (
        f"CASE WHEN {v} IS NULL OR {v} IN ('{{}}', 'NULL') THEN NULL "
        f"ELSE json_transform_strict({v}, '\"MAP(VARCHAR, VARCHAR)\"') END"
    )


def tag_columns_map(pairs: Iterable[tuple[str, str]]) -> str:
    """SQL: a tag map built from per-tag columns; ``pairs`` are (tag key, quoted column)."""
    items = [f"{{'k': {literal(key)}, 'v': {text(col)}}}" for key, col in pairs]
    if not items:
        return "NULL"
    entries = f"list_filter([{', '.join(items)}], lambda e: e.v IS NOT NULL)"
    return f"CASE WHEN len({entries}) = 0 THEN NULL ELSE map_from_entries({entries}) END"


class SourceFormat(Protocol):
    """A billing-file format the importer understands."""

    @property
    def name(self) -> str:
        """Short family id of the format (``focus``, ``aws-cur``, ``azure`` ...)."""

    def matches(self, header: Header) -> bool:
        """True when ``header`` is this format's header."""

    def select_sql(self, header: Header) -> str:
        """A ``SELECT`` over relation ``src`` producing FOCUS-named columns (any subset, any order).

        Columns the SELECT leaves out are NULL in the cache. The writer adds ``x_SourceFile`` and
        ``x_ImportId`` itself; the SELECT must set ``x_Source`` and ``x_CostBasis``.
        """


def select_list(items: Sequence[tuple[str, str]]) -> str:
    """Render ``(FOCUS column, SQL expression)`` pairs as a select list."""
    return ",\n  ".join(f"{expr} AS {quote(name)}" for name, expr in items)
