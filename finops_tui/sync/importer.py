"""Import billing export files into the cache: detect, map to FOCUS, validate, replace, commit.

The whole run is one unit: every file is read into a private copy of the cache (see ``writer``), and
only when all files mapped cleanly and passed validation is the copy swapped in. A file with one bad
row is rejected whole, and the message names the file, the row and the column.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from finops_tui.errors import FinOpsError
from finops_tui.settings import Settings
from finops_tui.sync import periods
from finops_tui.sync.files import SourceFile, expand_paths
from finops_tui.sync.formats import detect
from finops_tui.sync.formats.base import Header, literal, quote
from finops_tui.sync.periods import ImportedPeriod
from finops_tui.sync.reader import describe_duckdb_error, open_source
from finops_tui.sync.rollups import build_rollups
from finops_tui.sync.writer import CacheWriter

ProgressFn = Callable[[str, int, int], None]
"""Called as ``progress(file_name, files_done, files_total)`` before each file and once at the end."""


@dataclass(frozen=True)
class ImportReport:
    """What an import run did."""

    files: tuple[str, ...]
    periods: tuple[ImportedPeriod, ...]
    rows: int
    rows_replaced: int


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes (read in 1 MiB chunks; hashlib releases the GIL)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _select_for(con: duckdb.DuckDBPyConnection, header: Header, source: SourceFile) -> str:
    fmt = detect(header)
    if fmt is None:
        shown = ", ".join(header.columns[:4]) + (" ..." if len(header.columns) > 4 else "")
        raise FinOpsError(
            f"{source.display}: unknown export format (header starts {shown}); expected FOCUS 1.x, "
            "AWS CUR / CUR 2.0 or Azure cost details"
        )
    if hasattr(fmt, "detect_dataset"):  # Azure: actual and amortized share one header
        dataset = fmt.detect_dataset(con, header, source.display)
        return str(fmt.select_sql(header, dataset))  # type: ignore[call-arg]
    return fmt.select_sql(header)


def _bad_value_location(con: duckdb.DuckDBPyConnection, header: Header, message: str) -> str:
    """Find the row and column holding the value DuckDB could not convert."""
    found = re.search(r'"(.*?)"', message)
    if not found:
        return describe_duckdb_error(Exception(message))
    value = found.group(1)
    con.execute("SET preserve_insertion_order = true")
    target = re.search(r" to (\w+)", message)
    kind = target.group(1).lower() if target else ("timestamp" if "timestamp" in message else "value")
    wanted = {"decimal": "a number", "double": "a number", "timestamp": "a date/time", "date": "a date"}.get(
        kind, f"a valid {kind}"
    )
    for column in header.columns:
        if not header.type_of(column).startswith("VARCHAR"):
            continue
        row = con.execute(
            f"SELECT rn FROM (SELECT row_number() OVER () AS rn, {quote(column)} AS v FROM src) "
            f"WHERE v = {literal(value)} LIMIT 1"
        ).fetchone()
        if row is not None:
            return f"row {row[0]}, column {column}: {value!r} is not {wanted}"
    return f"{value!r} is not {wanted}"


_REQUIRED = (
    ("ChargePeriodStart", "the charge date is missing"),
    ("BilledCost", "the billed cost is missing"),
    ("ProviderName", "the provider is missing"),
)


def _check_new_rows(con: duckdb.DuckDBPyConnection, source: SourceFile, sql: str, import_id: int) -> None:
    """Reject the file when a required field is missing, naming the first bad row."""
    counts = ", ".join(f"count(*) FILTER (WHERE {quote(c)} IS NULL)" for c, _ in _REQUIRED)
    missing = con.execute(
        f"SELECT {counts} FROM cost_and_usage WHERE x_ImportId = $i AND x_SourceFile = $f",
        {"i": import_id, "f": source.display},
    ).fetchone()
    for (column, what), n in zip(_REQUIRED, missing or (), strict=False):
        if n:
            con.execute("SET preserve_insertion_order = true")
            first = con.execute(
                f"SELECT rn FROM (SELECT row_number() OVER () AS rn, * FROM ({sql})) "
                f"WHERE {quote(column)} IS NULL LIMIT 1"
            ).fetchone()
            where = f"row {first[0]}" if first else "a row"
            raise FinOpsError(f"{source.display}: {where}: {what} ({column})")


def _load_file(con: duckdb.DuckDBPyConnection, source: SourceFile, import_id: int) -> int:
    header = open_source(con, source.path)
    sql = _select_for(con, header, source)
    try:
        inserted = con.execute(
            f"INSERT INTO cost_and_usage BY NAME SELECT *, {literal(source.display)} AS x_SourceFile, "
            f"{import_id}::BIGINT AS x_ImportId FROM ({sql})"
        ).fetchone()
    except duckdb.ConversionException as exc:
        raise FinOpsError(f"{source.display}: {_bad_value_location(con, header, str(exc))}") from None
    except duckdb.Error as exc:
        raise FinOpsError(f"{source.display}: {describe_duckdb_error(exc)}") from None
    rows = int(inserted[0]) if inserted else 0
    if rows == 0:
        raise FinOpsError(f"{source.display}: the file holds a header but no line items")
    _check_new_rows(con, source, sql, import_id)
    return rows


def _fill_periods(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Give rows without a billing period the calendar month of their charge (API and legacy files)."""
    con.execute(
        "UPDATE cost_and_usage SET "
        "BillingPeriodStart = coalesce(BillingPeriodStart, date_trunc('month', ChargePeriodStart)), "
        "BillingPeriodEnd = coalesce(BillingPeriodEnd, date_trunc('month', ChargePeriodStart) "
        "+ INTERVAL 1 MONTH), BillingAccountId = coalesce(BillingAccountId, '') "
        "WHERE x_ImportId = $i AND (BillingPeriodStart IS NULL OR BillingPeriodEnd IS NULL "
        "OR BillingAccountId IS NULL)",
        {"i": import_id},
    )


def next_import_id(con: duckdb.DuckDBPyConnection) -> int:
    """Allocate the next import id (kept in ``meta`` so ids never repeat, even after replacements)."""
    row = con.execute("SELECT value FROM meta WHERE key = 'last_import_id'").fetchone()
    new_id = (int(row[0]) if row else 0) + 1
    con.execute("INSERT OR REPLACE INTO meta VALUES ('last_import_id', ?)", [str(new_id)])
    return new_id


def load_into(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[SourceFile],
    *,
    now: datetime,
    progress: ProgressFn | None = None,
    settings: Settings | None = None,
) -> ImportReport:
    """Load ``sources`` into an open cache connection as one import (the caller commits); the rollups
    store what the screens read under ``settings`` (the config in force)."""
    import_id = next_import_id(con)
    total = 0
    with ThreadPoolExecutor(max_workers=1) as pool:
        digests: dict[str, Future[str]] = {}
        for index, source in enumerate(sources):
            if progress:
                progress(source.display, index, len(sources))
            digests[source.display] = pool.submit(sha256_file, source.path)
            total += _load_file(con, source, import_id)
        checksums = {name: fut.result() for name, fut in digests.items()}
    if progress:
        progress("", len(sources), len(sources))
    _fill_periods(con, import_id)
    for key in periods.new_keys(con, import_id):
        if key.currencies > 1:
            raise FinOpsError(
                f"{', '.join(key.files)}: billing period {key.billing_period_start:%Y-%m} of "
                f"{key.provider} account {key.billing_account_id} mixes currencies; "
                "a period must be billed in one currency"
            )
    removed = periods.replace_and_record(con, import_id, checksums, now)
    build_rollups(con, import_id=import_id, settings=settings)
    return ImportReport(
        files=tuple(s.display for s in sources),
        periods=tuple(periods.summary(con)),
        rows=total,
        rows_replaced=removed,
    )


def import_paths(
    db_path: Path,
    paths: Sequence[Path],
    *,
    now: datetime,
    progress: ProgressFn | None = None,
    settings: Settings | None = None,
) -> ImportReport:
    """Import files and directories into the cache at ``db_path``, all or nothing."""
    with tempfile.TemporaryDirectory(prefix="finops-tui-import-") as scratch:
        sources = expand_paths(paths, Path(scratch))
        with CacheWriter(db_path) as writer:
            report = load_into(writer.connection, sources, now=now, progress=progress, settings=settings)
            writer.commit()
    return report
