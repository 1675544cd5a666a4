"""Business metric import: a CSV of ``date, metric, value`` into the ``business_metrics`` table.

Unit economics divides cost by a business volume (transactions, active customers) that lives outside
the billing data, so product teams hand it over as a small CSV. The file is checked completely before
the cache is touched, and the write goes through ``CacheWriter`` (a private copy swapped in by
rename), so a bad line, a crash or a busy cache leaves the live cache exactly as it was. Re-importing
a (metric, day) replaces it; ``replace=True`` replaces each named metric's whole series.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from finops_tui.errors import FinOpsError
from finops_tui.sync.writer import CacheWriter

COLUMNS: tuple[str, ...] = ("date", "metric", "value")
"""Required header names (case and surrounding spaces ignored; other columns are ignored)."""


@dataclass(frozen=True)
class MetricPoint:
    """One value of one metric on one day."""

    metric: str
    day: date
    value: float


@dataclass(frozen=True)
class MetricsImport:
    """What one ``metrics import`` stored."""

    points: int
    """Points written (new or replacing older values)."""
    metrics: tuple[str, ...]
    """Metric names in the file, sorted."""
    first_day: date
    last_day: date


def _bad(path: Path, line: int, field: str, what: str) -> FinOpsError:
    return FinOpsError(f"{path}: line {line}: {field}: {what}")


def read_metrics_csv(path: Path) -> list[MetricPoint]:
    """Every point of the file, or FinOpsError naming the file, line and field of the first problem."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return _parse(path, csv.reader(fh))
    except FileNotFoundError:
        raise FinOpsError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FinOpsError(f"{path}: is a folder, not a CSV file") from None
    except UnicodeDecodeError:
        raise FinOpsError(f"{path}: not a UTF-8 text file") from None
    except csv.Error as exc:
        raise FinOpsError(f"{path}: not a readable CSV file ({exc})") from None


def _parse(path: Path, reader: Iterable[list[str]]) -> list[MetricPoint]:
    rows = iter(reader)
    header = next(rows, None)
    if not header or not any(cell.strip() for cell in header):
        raise _bad(path, 1, "header", "missing (expected the columns date, metric, value)")
    names = [cell.strip().lower() for cell in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise _bad(path, 1, missing[0], f"column missing (the header has {', '.join(names)})")
    at = {c: names.index(c) for c in COLUMNS}
    seen: dict[tuple[str, date], int] = {}
    points: list[MetricPoint] = []
    for line, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines (a trailing newline in a spreadsheet export) carry nothing
        if len(cells) < len(names):
            raise _bad(path, line, COLUMNS[-1], f"{len(cells)} fields, the header has {len(names)}")
        point = _point(path, line, cells[at["date"]], cells[at["metric"]], cells[at["value"]])
        key = (point.metric, point.day)
        if key in seen:
            raise _bad(path, line, "date", f"{point.day} of {point.metric!r} is already on line {seen[key]}")
        seen[key] = line
        points.append(point)
    if not points:
        raise FinOpsError(f"{path}: no data lines after the header")
    return points


def _point(path: Path, line: int, day_text: str, metric_text: str, value_text: str) -> MetricPoint:
    try:
        day = date.fromisoformat(day_text.strip())
    except ValueError:
        raise _bad(path, line, "date", f"{day_text!r} is not a date (YYYY-MM-DD)") from None
    metric = metric_text.strip()
    if not metric:
        raise _bad(path, line, "metric", "empty")
    try:
        value = float(value_text.strip().replace("_", "x"))  # float() would accept 1_000
    except ValueError:
        raise _bad(path, line, "value", f"{value_text!r} is not a number") from None
    if not math.isfinite(value):
        raise _bad(path, line, "value", f"{value_text!r} is not a finite number")
    if value < 0:
        raise _bad(path, line, "value", f"{value_text.strip()} is negative (a volume cannot be)")
    return MetricPoint(metric, day, value)


def store_points(
    con: duckdb.DuckDBPyConnection,
    points: list[MetricPoint],
    *,
    now: datetime,
    source_file: str,
    replace: bool,
) -> None:
    """Write ``points`` on a writer connection: each (metric, day) replaces any stored value.

    With ``replace`` every stored point of the metrics named in ``points`` goes first, so a
    corrected series can also drop days.
    """
    frame = pl.DataFrame(
        {
            "metric": [p.metric for p in points],
            "day": [p.day for p in points],
            "value": [p.value for p in points],
        },
        schema={"metric": pl.String(), "day": pl.Date(), "value": pl.Float64()},
    )
    con.register("new_metric_points", frame)
    try:
        if replace:
            con.execute("DELETE FROM business_metrics WHERE metric IN (SELECT metric FROM new_metric_points)")
        else:
            con.execute(
                "DELETE FROM business_metrics WHERE (metric, day) IN "
                "(SELECT (metric, day) FROM new_metric_points)"
            )
        con.execute(
            "INSERT INTO business_metrics SELECT metric, day, value, $now, $source FROM new_metric_points",
            {"now": now, "source": source_file},
        )
    finally:
        con.unregister("new_metric_points")


def import_metrics(db: Path, path: Path, *, now: datetime, replace: bool = False) -> MetricsImport:
    """Check ``path`` completely, then store it in the cache at ``db`` (all points or none)."""
    points = read_metrics_csv(path)
    with CacheWriter(db) as writer:
        store_points(writer.connection, points, now=now, source_file=path.name, replace=replace)
        writer.commit()
    days = [p.day for p in points]
    return MetricsImport(len(points), tuple(sorted({p.metric for p in points})), min(days), max(days))
