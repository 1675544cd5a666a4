"""Where finops-tui keeps its files, and the user's settings.

The cache (re-creatable from exports and syncs) and the workspace (triage, decisions, action items,
budgets — typed by people and never re-creatable) are two separate DuckDB files in the user data
folder, so no import or sync can ever lose what people wrote. ``--db`` moves both: the workspace
always sits beside the cache it annotates.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "finops-tui"
DB_ENV = "FINOPS_TUI_DB"
"""Environment variable naming the cache file (``--db`` wins over it)."""


def default_db_path() -> Path:
    """The cache file used when neither ``--db`` nor ``FINOPS_TUI_DB`` is given."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME) / "cache.duckdb"


def no_cache_message(db_path: Path) -> str:
    """What to say when ``db_path`` holds no cache: how to fill it, and where the demo already is when
    ``finops-tui demo`` put one beside it (the demo writes ``demo.duckdb``, not the cache itself, so
    "run finops-tui demo" alone sent a user who had done so round in a circle)."""
    text = (
        f"{db_path}: no cache yet; run `finops-tui demo` for demo data or "
        "`finops-tui import FILE...` to import billing exports"
    )
    demo = db_path.with_name("demo.duckdb")
    if demo != db_path and demo.is_file():
        text += f" (a demo cache exists: pass --db {demo})"
    return text


def workspace_path(db_path: Path) -> Path:
    """The user-authored workspace file that belongs to the cache at ``db_path``."""
    return db_path.with_name(db_path.stem + ".workspace.duckdb")
