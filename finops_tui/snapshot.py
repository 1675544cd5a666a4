"""Offline snapshots: one zip holding the cache and its workspace, opened read-only elsewhere.

Format (documented in the README): a ZIP with ``snapshot.json`` (format version, creation time, as-of
day, source cache name), ``cache.duckdb`` and ``workspace.duckdb``. Opening extracts it into a folder
beside the snapshot (``FILE.open/``); the cache there is only ever read. Action items captured while
viewing go to that folder's workspace, so they survive closing the app and can be exported with
``finops-tui agenda --snapshot FILE``. The cache copy is re-extracted on every open; the workspace copy is
extracted once and then kept.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from finops_tui.cache import CacheReader
from finops_tui.config import workspace_path
from finops_tui.errors import FinOpsError
from finops_tui.workspace import Workspace

FORMAT = 1
CACHE_NAME = "cache.duckdb"
WORKSPACE_NAME = "workspace.duckdb"
MANIFEST = "snapshot.json"


@dataclass(frozen=True)
class SnapshotInfo:
    """What a snapshot says about itself."""

    created_at: datetime
    as_of: date | None
    source: str


@dataclass(frozen=True)
class OpenedSnapshot:
    """A snapshot extracted for viewing."""

    info: SnapshotInfo
    cache: Path
    workspace: Workspace


def _copy_db(src: Path, dest: Path) -> None:
    """Copy a DuckDB file.

    Imports swap a whole new cache in by rename and workspace writes checkpoint on close, so a closed
    file with no ``.wal`` beside it is complete and a byte copy is safe (and fast). Otherwise the copy
    goes table by table through a read-only attach.
    """
    if not src.with_name(src.name + ".wal").exists():
        shutil.copyfile(src, dest)
        return
    con = duckdb.connect(str(dest), config={"enable_progress_bar": False})
    try:
        quoted = str(src).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS snapshot_src (READ_ONLY)")
        row = con.execute("SELECT current_database()").fetchone()
        assert row is not None
        con.execute(f'COPY FROM DATABASE snapshot_src TO "{row[0]}"')
    finally:
        con.close()


def write_snapshot(db: Path, out: Path, *, now: datetime, as_of: date | None) -> SnapshotInfo:
    """Write the cache at ``db`` and its workspace into one zip at ``out`` (atomically)."""
    if not CacheReader(db).exists():
        raise FinOpsError(f"{db}: no cache to snapshot")
    with CacheReader(db).reader():
        pass  # checks the schema before anything is written
    info = SnapshotInfo(now, as_of, db.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="finops-snapshot-", dir=out.parent) as tmp:
        t = Path(tmp)
        _copy_db(db, t / CACHE_NAME)
        ws = Workspace(t / WORKSPACE_NAME)
        with ws.connect(write=True):
            pass  # an empty workspace when there is none yet
        src_ws = workspace_path(db)
        if src_ws.exists():
            (t / WORKSPACE_NAME).unlink()
            _copy_db(src_ws, t / WORKSPACE_NAME)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "as_of": as_of.isoformat() if as_of else None,
            "source": db.name,
        }
        part = t / "snapshot.zip"
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            z.writestr(MANIFEST, json.dumps(manifest, indent=2))
            z.write(t / CACHE_NAME, CACHE_NAME)
            z.write(t / WORKSPACE_NAME, WORKSPACE_NAME)
        part.replace(out)
    return info


def read_info(path: Path) -> SnapshotInfo:
    """The manifest of a snapshot (raises FinOpsError for anything that is not one)."""
    try:
        with zipfile.ZipFile(path) as z:
            data = json.loads(z.read(MANIFEST))
            names = set(z.namelist())
    except FileNotFoundError:
        raise FinOpsError(f"{path}: snapshot not found") from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise FinOpsError(f"{path}: not a finops-tui snapshot") from None
    if data.get("format") != FORMAT or not {CACHE_NAME, WORKSPACE_NAME} <= names:
        raise FinOpsError(f"{path}: snapshot format {data.get('format')!r} is not supported")
    as_of = data.get("as_of")
    return SnapshotInfo(
        datetime.fromisoformat(data["created_at"]),
        date.fromisoformat(as_of) if as_of else None,
        str(data.get("source", "")),
    )


def open_snapshot(path: Path, folder: Path | None = None) -> OpenedSnapshot:
    """Extract ``path`` for viewing (cache always fresh, workspace kept) and return where it went."""
    info = read_info(path)
    target = folder or path.with_name(path.name + ".open")
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as z:
        with z.open(CACHE_NAME) as src, open(target / CACHE_NAME, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        ws_path = workspace_path(target / CACHE_NAME)
        if not ws_path.exists():
            with z.open(WORKSPACE_NAME) as src, open(ws_path, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    return OpenedSnapshot(info, target / CACHE_NAME, Workspace(ws_path))
