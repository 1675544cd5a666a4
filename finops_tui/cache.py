"""Read access to the cache: one read-only connection per version of the file, with a schema check.

An import or sync swaps a new file in by rename, so a reader always sees a whole cache, old or new,
never half of one. Opening a DuckDB file costs tens of milliseconds (its catalog is read), which
would be most of a screen load; so the reader keeps the connection of the file version it opened and
hands out a cursor per batch, and opens the new file only when the path's inode, mtime or size
changed. The database is attached to a private in-memory instance rather than opened by path:
DuckDB shares instances opened by path within a process, and a shared instance could still point at
the old, replaced file.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from finops_tui.config import no_cache_message
from finops_tui.errors import CacheBusyError, FinOpsError, NotACacheError
from finops_tui.sync.schema import SCHEMA_VERSION

READ_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": "false",
    "autoload_known_extensions": "false",
}


DATABASE = "cache"
"""The name the cache file is attached under in the reader's private instance."""

_local = threading.local()
"""Per thread: the memo of the file version the thread's open ``reader()`` reads (see ``version_memo``)."""

Stamp = tuple[int, int, int]
"""A file's (inode, mtime in ns, size): changes whenever an import or sync swaps a new file in."""


def file_stamp(path: Path) -> Stamp | None:
    """The identity of the file at ``path`` now; None when there is none."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class CacheReader:
    """Opens the cache file read-only on demand and keeps it open until the file is replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: Stamp | None = None
        self._memo: dict[str, Any] = {}

    def exists(self) -> bool:
        """True when a cache file is present at ``path``."""
        return self.path.is_file()

    def _connection(self) -> tuple[duckdb.DuckDBPyConnection, dict[str, Any]]:
        """The connection to the current file version (opened, or re-opened after a swap) and the
        memo of facts read from that version."""
        with self._lock:
            stamp = file_stamp(self.path)
            if stamp is None:
                self._con, self._stamp = None, None
                raise FinOpsError(no_cache_message(self.path))
            if self._con is None or stamp != self._stamp:
                # The old connection is dropped, not closed: a load running in another thread still
                # reads through a cursor of it, and closing would close that cursor mid-query. It is
                # released when its last cursor closes.
                self._con = _open(self.path)
                self._stamp = stamp
                self._memo = {}
            return self._con, self._memo

    def memo_now(self) -> dict[str, Any] | None:
        """The memo of the file version open now, if the file at ``path`` still is that version;
        None otherwise. It opens and asks nothing (one ``stat``): the main thread may call it."""
        with self._lock:
            if self._con is None or file_stamp(self.path) != self._stamp:
                return None
            return self._memo

    def close(self) -> None:
        """Release the file when nothing will read any more (``run_tui`` calls this as the app exits)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._stamp = None, None

    @contextlib.contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a cursor on the current file version; the cursor is closed on exit."""
        con, memo = self._connection()
        cur = con.cursor()
        outer = getattr(_local, "memo", None), getattr(_local, "database", None)
        _local.memo, _local.database = memo, DATABASE
        try:
            cur.execute(f"USE {DATABASE}")  # each cursor is its own session: point it at the cache
            yield cur
        finally:
            _local.memo, _local.database = outer
            cur.close()


def reading_database() -> str | None:
    """The database name cursors of this thread's open ``reader()`` read (None outside one)."""
    name: str | None = getattr(_local, "database", None)
    return name


def version_memo() -> dict[str, Any]:
    """Facts remembered for the cache file version this thread's ``reader()`` reads.

    A cache file never changes in place: an import or sync swaps a new file in, and the reader opens
    it (with an empty memo) when the path's stamp changes. So what a version holds (its freshness,
    its tag keys) can be read once and kept, sparing every screen load those queries. Outside a
    reader (a bare connection in a test or a one-shot report) the memo is a fresh, empty dict.
    """
    memo = getattr(_local, "memo", None)
    return memo if memo is not None else {}


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    """Attach ``path`` read-only to a private in-memory instance and check its schema version."""
    con = duckdb.connect(":memory:", config=READ_CONFIG)
    try:
        con.execute(f"ATTACH $path AS {DATABASE} (READ_ONLY)", {"path": str(path)})
        con.execute(f"USE {DATABASE}")
    except duckdb.IOException as exc:
        con.close()
        if "lock" in str(exc).lower():
            raise CacheBusyError(f"{path}: the cache is locked by another program") from None
        if "not a valid DuckDB database" in str(exc):
            raise NotACacheError(_not_a_cache(path, "not a DuckDB database file")) from None
        raise FinOpsError(f"{path}: cannot open the cache ({str(exc).splitlines()[0]})") from None
    except duckdb.Error as exc:
        con.close()
        raise NotACacheError(_not_a_cache(path, str(exc).splitlines()[0])) from None
    try:
        check_schema(con, path)
    except BaseException:
        con.close()
        raise
    return con


def _not_a_cache(path: Path, why: str) -> str:
    return (
        f"{path}: not a finops-tui cache ({why}); point --db at your cache, or move this file aside and "
        "run `finops-tui demo` or `finops-tui import FILE...`"
    )


def check_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file that is not a cache of this schema version."""
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        raise NotACacheError(_not_a_cache(path, "no meta table")) from None
    if row is None or int(row[0]) != SCHEMA_VERSION:
        found = row[0] if row else "none"
        raise FinOpsError(
            f"{path}: cache schema version {found}, expected {SCHEMA_VERSION}; move it aside and import again"
        )
