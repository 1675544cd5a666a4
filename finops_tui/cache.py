"""Read access to the cache: short-lived read-only connections with a schema check.

Readers never hold the file open for long: an import swaps a new file in by rename, and a reader
that opens per batch always sees a whole cache, old or new, never half of one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb

from finops_tui.errors import CacheBusyError, FinOpsError
from finops_tui.sync.schema import SCHEMA_VERSION

READ_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": "false",
    "autoload_known_extensions": "false",
}


class CacheReader:
    """Opens the cache file read-only on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        """True when a cache file is present at ``path``."""
        return self.path.is_file()

    @contextlib.contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a cursor on a fresh read-only connection; closed on exit."""
        if not self.exists():
            raise FinOpsError(
                f"{self.path}: no cache yet; run `finops-tui demo` for demo data or "
                "`finops-tui import FILE...` to import billing exports"
            )
        try:
            con = duckdb.connect(str(self.path), read_only=True, config=READ_CONFIG)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise CacheBusyError(f"{self.path}: the cache is locked by another program") from None
            raise FinOpsError(f"{self.path}: cannot open the cache ({str(exc).splitlines()[0]})") from None
        except duckdb.Error as exc:
            raise FinOpsError(f"{self.path}: not a finops-tui cache ({str(exc).splitlines()[0]})") from None
        try:
            check_schema(con, self.path)
            cur = con.cursor()
            try:
                yield cur
            finally:
                cur.close()
        finally:
            con.close()


def check_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file that is not a cache of this schema version."""
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        raise FinOpsError(f"{path}: not a finops-tui cache (no meta table)") from None
    if row is None or int(row[0]) != SCHEMA_VERSION:
        found = row[0] if row else "none"
        raise FinOpsError(
            f"{path}: cache schema version {found}, expected {SCHEMA_VERSION}; move it aside and import again"
        )
