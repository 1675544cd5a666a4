"""Expose one billing file to DuckDB as the relation ``src`` and describe its header.

CSV files are read with every column as text and an explicit dialect (comma, double quote, the header
taken from the file's first line): billing ids must keep their leading zeros, and a sniffer that
guesses types or dialect from a sample hides broken rows instead of naming them. Parquet keeps its
own types; the formats cast explicitly either way.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path

import duckdb

from finops_tui.errors import FinOpsError
from finops_tui.sync.formats.base import Header, literal, quote

CSV_SUFFIXES = (".csv", ".csv.gz")
PARQUET_SUFFIXES = (".parquet",)
DATA_SUFFIXES = (*CSV_SUFFIXES, *PARQUET_SUFFIXES, ".zip")
"""File kinds the importer reads (``.snappy.parquet`` ends in ``.parquet``)."""

NULL_STRINGS = ("NULL", "")
"""Texts read as NULL in CSV: FOCUS samples write a literal ``NULL``."""


def kind_of(path: Path) -> str:
    """Return ``csv``, ``parquet`` or ``zip`` for a data file, raising for anything else."""
    name = path.name.lower()
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(".zip"):
        return "zip"
    raise FinOpsError(f"{path}: not a billing export (expected .csv, .csv.gz, .parquet or .zip)")


def _csv_header(path: Path) -> list[str]:
    """Read the header line of a CSV or CSV.gz file with Python's csv module (BOM-aware)."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            row = next(csv.reader(text), None)
    except (OSError, EOFError, UnicodeDecodeError, csv.Error) as exc:
        raise FinOpsError(f"{path}: cannot read the header: {_first_line(str(exc))}") from None
    if not row or all(not c.strip() for c in row):
        raise FinOpsError(f"{path}: the file is empty")
    if len(set(row)) != len(row):
        dupes = sorted({c for c in row if row.count(c) > 1})
        raise FinOpsError(f"{path}: duplicate column names in the header: {', '.join(dupes)}")
    return row


def open_source(con: duckdb.DuckDBPyConnection, path: Path, view: str = "src") -> Header:
    """Create (or replace) view ``view`` over ``path`` and return its header."""
    if path.stat().st_size == 0:
        raise FinOpsError(f"{path}: the file is empty")
    kind = kind_of(path)
    if kind == "csv":
        names = _csv_header(path)
        columns = "{" + ", ".join(f"{literal(c)}: 'VARCHAR'" for c in names) + "}"
        nulls = "[" + ", ".join(literal(n) for n in NULL_STRINGS) + "]"
        source = (
            f"read_csv({literal(str(path))}, auto_detect=false, header=true, columns={columns}, "
            f"delim=',', quote='\"', escape='\"', nullstr={nulls}, max_line_size=33554432)"
        )
    elif kind == "parquet":
        source = f"read_parquet({literal(str(path))})"
    else:
        raise FinOpsError(f"{path}: zip archives are unpacked before reading")
    try:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {quote(view)} AS SELECT * FROM {source}")
        described = con.execute(f"DESCRIBE {quote(view)}").fetchall()
    except duckdb.Error as exc:
        raise FinOpsError(f"{path}: {describe_duckdb_error(exc)}") from None
    return Header(
        columns=tuple(str(r[0]) for r in described),
        types={str(r[0]): str(r[1]) for r in described},
        file_name=path.name,
    )


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "unknown error"


def describe_duckdb_error(exc: BaseException) -> str:
    """Turn a DuckDB error about a file into one short line for the user."""
    message = str(exc)
    csv_line = re.search(r"CSV Error on Line: (\d+)", message)
    if csv_line:
        lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
        detail = next(
            (
                ln
                for ln in lines
                if ln.startswith(
                    ("Expected Number of Columns", "Value with unterminated quote", "Invalid Unicode")
                )
            ),
            "malformed CSV row",
        )
        detail = re.sub(
            r"Expected Number of Columns: (\d+) Found: (\d+)", r"expected \1 columns, found \2", detail
        )
        return f"line {csv_line.group(1)}: {detail.rstrip('.').lower()}"
    if "state machine reached an invalid state" in message:
        return "malformed CSV (broken quoting or mixed line endings)"
    first = _first_line(message)
    first = re.sub(r"^[A-Za-z ]*Error: ", "", first)
    if "too small to be a Parquet file" in first or "No magic bytes" in first or "Parquet" in first:
        return f"not a readable Parquet file ({first})"
    if "GZIP" in first.upper():
        return f"the compressed data is truncated or corrupt ({first})"
    return first
