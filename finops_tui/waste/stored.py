"""Waste candidates computed at import time, so the Waste screen opens without scanning the line items.

Every billing-only check reads the last 30 days of line items; at 10M line items all of them together
take about a second, far too long for a screen that should open at once. The importer (through
``refresh_candidates``, called by the rollups) runs each check's SQL for the newest complete day with
the default thresholds and stores the rows it returns. ``find`` uses the stored rows when the as-of
date and the check's parameters are the same, and runs the SQL itself otherwise (a config with other
thresholds, another ``--as-of``), so stored and live findings are always the same findings.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

import duckdb

from finops_tui.settings import Settings
from finops_tui.waste.base import Check, CheckRow, load_check_sql

log = logging.getLogger(__name__)

CANDIDATES_DDL = """
CREATE TABLE IF NOT EXISTS waste_candidates (
    as_of DATE NOT NULL,
    sql_name VARCHAR NOT NULL,
    params VARCHAR NOT NULL,
    resource_id VARCHAR,
    provider VARCHAR,
    account_id VARCHAR,
    account_name VARCHAR,
    region VARCHAR,
    owner_tag VARCHAR,
    usage_type VARCHAR,
    monthly_cost DECIMAL(38, 10),
    quantity DOUBLE,
    detail VARCHAR,
    extra_cost DECIMAL(38, 10)
);
CREATE TABLE IF NOT EXISTS waste_candidate_runs (as_of DATE, sql_name VARCHAR, params VARCHAR);
"""
"""Rows per check run, and which runs were made (a run that found nothing has no rows)."""

StoredKey = tuple[str, str]
"""``(sql_name, params_key)``."""


def params_key(check: Check, settings: Settings) -> str:
    """A stable text of the parameters a check's SQL runs with (besides the window)."""
    return repr(sorted(check.params(settings.thresholds).items()))


def runs(checks: Iterable[Check], settings: Settings) -> dict[StoredKey, Check]:
    """One entry per distinct SQL run: checks sharing a ``.sql`` and parameters run it once."""
    found: dict[StoredKey, Check] = {}
    for check in checks:
        if check.price is not None and check.sql_name is not None:
            found.setdefault((check.sql_name, params_key(check, settings)), check)
    return found


def refresh_candidates(con: duckdb.DuckDBPyConnection) -> None:
    """Store every billing-only check's rows for the newest complete day (default thresholds).

    Called at the end of every import. A failing check must not cost the user the import: the stored
    rows are then cleared and the screen runs the checks itself, showing the error where it can be read.
    """
    from finops_tui.queries.trends import default_as_of
    from finops_tui.waste import all_checks, run_check

    con.execute(CANDIDATES_DDL)
    _clear(con)
    try:
        as_of = default_as_of(con)
        if as_of is None:
            return
        settings = Settings()
        for (sql_name, key), check in runs(all_checks(), settings).items():
            rows = run_check(con, check, as_of=as_of, settings=settings)
            if rows:
                con.executemany(
                    "INSERT INTO waste_candidates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [[as_of, sql_name, key, *_values(r)] for r in rows],
                )
            con.execute("INSERT INTO waste_candidate_runs VALUES (?, ?, ?)", [as_of, sql_name, key])
    except Exception as exc:  # a check bug must not cost the user the import itself
        log.warning("waste checks failed at import (%s); the Waste screen will run them when it opens", exc)
        _clear(con)


def _clear(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM waste_candidates")
    con.execute("DELETE FROM waste_candidate_runs")


def _values(row: CheckRow) -> list[Any]:
    return [
        row.resource_id,
        row.provider,
        row.account_id,
        row.account_name,
        row.region,
        row.owner_tag,
        row.usage_type,
        row.monthly_cost,
        row.quantity,
        row.detail,
        row.extra_cost,
    ]


def stored_rows(cur: duckdb.DuckDBPyConnection, *, as_of: date) -> dict[StoredKey, list[CheckRow]] | None:
    """The stored rows made for ``as_of``, per SQL run; None when the cache holds none for that day."""
    try:
        made = cur.execute(load_check_sql("stored_candidate_runs"), {"as_of": as_of}).fetchall()
        rows = cur.execute(load_check_sql("stored_candidates"), {"as_of": as_of}).fetchall()
    except duckdb.CatalogException:
        return None  # a cache written before candidates were stored
    if not made:
        return None
    out: dict[StoredKey, list[CheckRow]] = {(str(n), str(k)): [] for n, k in made}
    for sql_name, key, *values in rows:
        out.setdefault((sql_name, key), []).append(CheckRow(*values))
    return out
