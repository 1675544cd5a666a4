"""The workspace: everything people type (triage, decisions, action items, budgets), kept apart.

The cache can be rebuilt from exports at any time and is replaced wholesale by every import; what
people decide in the meeting cannot be rebuilt. So it lives in its own DuckDB file beside the cache
(``cache.workspace.duckdb`` for ``cache.duckdb``), which ``sync/`` never opens. Rows are keyed by
natural keys that survive a re-import — an anomaly's series and start day, a finding's check and
resource id — never by cache row numbers.

Connections are short-lived, like the cache's: a write opens the file read-write, commits, and
closes, so a second TUI or a report never waits long for the lock.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from finops_tui.config import workspace_path
from finops_tui.errors import CacheBusyError, FinOpsError

WORKSPACE_VERSION = 1
"""Bumped when a workspace table changes; older files are migrated, never dropped."""

WORKSPACE_DDL = (
    "CREATE TABLE IF NOT EXISTS workspace_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    """CREATE TABLE IF NOT EXISTS anomaly_triage (
        anomaly_key VARCHAR PRIMARY KEY,   -- source|level|series|first anomalous day: stable across syncs
        status VARCHAR NOT NULL,           -- new | acknowledged | expected | resolved | false-positive
        owner VARCHAR, note VARCHAR,
        updated_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS waste_tracking (
        finding_key VARCHAR PRIMARY KEY,   -- check|resource id
        status VARCHAR NOT NULL,           -- open | accepted | in-progress | done | wont-fix
        owner VARCHAR, due_date DATE, reason VARCHAR,
        baseline_monthly_cost DECIMAL(38, 10),  -- the monthly cost when the finding was marked done
        done_on DATE,
        updated_at TIMESTAMP NOT NULL)""",
    "CREATE SEQUENCE IF NOT EXISTS action_item_ids START 1",
    """CREATE TABLE IF NOT EXISTS action_items (
        id BIGINT PRIMARY KEY DEFAULT nextval('action_item_ids'),
        title VARCHAR NOT NULL, owner VARCHAR, due_date DATE,
        status VARCHAR NOT NULL,           -- open | in-progress | done | dropped
        source VARCHAR,                    -- the agenda line it came from
        meeting_month VARCHAR NOT NULL,    -- YYYY-MM of the review that created it
        created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS budgets (
        scope VARCHAR NOT NULL,            -- 'total' or 'team:<name>'
        month VARCHAR NOT NULL,            -- YYYY-MM, or '*' for every month
        amount DECIMAL(38, 10) NOT NULL, currency VARCHAR NOT NULL,
        source VARCHAR NOT NULL,           -- app | config | aws-budgets | azure-budgets
        PRIMARY KEY (scope, month, source))""",
    """CREATE TABLE IF NOT EXISTS forecast_snapshots (
        meeting_month VARCHAR NOT NULL, target_month VARCHAR NOT NULL, scope VARCHAR NOT NULL,
        forecast DECIMAL(38, 10) NOT NULL, low DECIMAL(38, 10), high DECIMAL(38, 10),
        inputs JSON, recorded_at TIMESTAMP NOT NULL,
        PRIMARY KEY (meeting_month, target_month, scope))""",
)


class Workspace:
    """The user-authored data file belonging to one cache."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_cache(cls, cache_path: Path) -> Workspace:
        """The workspace that sits beside ``cache_path``."""
        return cls(workspace_path(cache_path))

    @contextlib.contextmanager
    def connect(self, *, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection; reads of a missing workspace see empty tables."""
        if not write and not self.path.exists():
            con = duckdb.connect()
            try:
                _create(con)
                yield con
            finally:
                con.close()
            return
        con = self._open(write)
        try:
            if write:
                _create(con)
                con.execute("BEGIN")
                try:
                    yield con
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            else:
                yield con
        finally:
            con.close()

    def _open(self, write: bool) -> duckdb.DuckDBPyConnection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + 3.0
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=not write)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise FinOpsError(f"{self.path}: cannot open the workspace ({exc})") from None
                if time.monotonic() > deadline:
                    raise CacheBusyError(
                        f"{self.path}: the workspace is locked by another finops-tui; try again"
                    ) from None
                time.sleep(0.05)


def _create(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in WORKSPACE_DDL:
        con.execute(ddl)
    con.execute("INSERT OR IGNORE INTO workspace_meta VALUES ('version', ?)", [str(WORKSPACE_VERSION)])
