"""The only code that writes the cache file, and how it stays whole.

An import never touches the live cache. It copies the cache to a temporary file in the same folder,
writes there, checkpoints and closes, then swaps the temporary file in with ``os.replace`` (atomic on
POSIX). A failure, a bad row or a killed process therefore leaves the live cache exactly as it was, and
a TUI reading the cache never waits on (or blocks) a writer: DuckDB's file lock only ever sits on the
temporary file. One writer at a time is enforced with an advisory lock file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import duckdb

from finops_tui.errors import CacheBusyError, FinOpsError, NotACacheError
from finops_tui.sync.schema import (
    BUSINESS_METRICS_DDL,
    IMPORTS_DDL,
    META_DDL,
    SCHEMA_VERSION,
    cost_and_usage_ddl,
)

TMP_SUFFIX = ".import-tmp"
DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": "false",
    "autoload_known_extensions": "false",
    "memory_limit": "1200MB",
    "preserve_insertion_order": "false",
}
"""Never let DuckDB fetch extensions: the cache works offline and a stray ``s3://`` must fail fast.

The memory limit keeps a multi-GB import inside a laptop's budget (DuckDB spills big aggregations to
a temporary folder beside the cache instead); line items need no insertion order, and dropping it
lets DuckDB stream inserts without buffering. Error diagnostics switch order back on for row numbers.
"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the cache tables if missing; refuse a file written by another schema version, or a
    DuckDB database of the user's own (tables but no ``meta``): an import must not add two dozen
    tables to someone's analysis file."""
    has_meta = con.execute(
        "SELECT count(*) FILTER (WHERE table_name = 'meta'), count(*) FROM duckdb_tables() "
        "WHERE database_name = current_database()"
    ).fetchone()
    if has_meta is not None and has_meta[0] == 0 and has_meta[1] > 0:
        raise NotACacheError(
            "not a finops-tui cache: a DuckDB database with other tables (no meta table); "
            "pass another --db for the cache"
        )
    con.execute(META_DDL)
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    elif int(row[0]) != SCHEMA_VERSION:
        raise FinOpsError(
            f"the cache has schema version {row[0]}, this finops-tui writes version {SCHEMA_VERSION}: "
            "move the old cache aside (or pass another --db) and import again"
        )
    con.execute(cost_and_usage_ddl())
    con.execute(IMPORTS_DDL)
    con.execute("CREATE TABLE IF NOT EXISTS demo_ground_truth (generated_at TIMESTAMP, doc JSON)")
    con.execute(BUSINESS_METRICS_DDL)


class CacheWriter:
    """Context manager giving a read-write connection on a private copy of the cache.

    Call :meth:`commit` to swap the copy in; leaving the block without committing (or with an
    exception) discards it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(path.name + f".{os.getpid()}{TMP_SUFFIX}")
        self._lock_file = path.with_name(path.name + ".lock")
        self._lock_fd: int | None = None
        self.con: duckdb.DuckDBPyConnection | None = None
        self.committed = False

    def __enter__(self) -> CacheWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._acquire_lock()
        try:
            self._remove_stale_temps()
            if self.path.is_dir():
                raise FinOpsError(f"{self.path}: is a folder; give a cache file path")
            if self.path.exists():
                if not self.path.stat().st_mode & stat.S_IWUSR:
                    raise FinOpsError(f"{self.path}: the cache file is read-only; make it writable first")
                shutil.copyfile(self.path, self.tmp)
                shutil.copymode(self.path, self.tmp)  # a private cache stays private once swapped in
            try:
                self.con = duckdb.connect(str(self.tmp), config=DUCKDB_CONFIG)
            except duckdb.Error as exc:
                raise FinOpsError(f"{self.path}: not a readable finops-tui cache ({exc})") from None
            try:
                ensure_schema(self.con)
            except FinOpsError as exc:  # name the file the user gave, not the private copy
                raise type(exc)(f"{self.path}: {exc}") from None
        except BaseException:
            self._discard()
            self._release_lock()  # __exit__ does not run when __enter__ fails: the cache stays usable
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.committed:
            self._discard()
        self._release_lock()

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The read-write connection on the private copy."""
        if self.con is None:
            raise RuntimeError("CacheWriter used outside its with-block")
        return self.con

    def commit(self) -> None:
        """Checkpoint, close, and atomically replace the live cache with the written copy."""
        con = self.connection
        con.execute("CHECKPOINT")
        con.close()
        self.con = None
        with open(self.tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(self.tmp, self.path)
        with contextlib.suppress(OSError):
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        self.committed = True

    def _discard(self) -> None:
        if self.con is not None:
            with contextlib.suppress(duckdb.Error):
                self.con.close()
            self.con = None
        for leftover in (self.tmp, self.tmp.with_name(self.tmp.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()

    def _acquire_lock(self) -> None:
        try:
            fd = os.open(self._lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:
            raise FinOpsError(
                f"{self.path.parent}: cannot write a cache in this folder (permission denied)"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise CacheBusyError(
                f"{self.path}: another import or sync is writing this cache; wait for it to finish"
            ) from None
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def _remove_stale_temps(self) -> None:
        """Delete copies left by killed imports (we hold the writer lock, so none is live)."""
        for stale in _temps_of(self.path):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()


def _temps_of(path: Path) -> Iterator[Path]:
    yield from path.parent.glob(path.name + ".*" + TMP_SUFFIX)
    yield from path.parent.glob(path.name + ".*" + TMP_SUFFIX + ".wal")
