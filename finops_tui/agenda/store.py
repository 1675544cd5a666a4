"""Action items, budgets and recorded forecasts in the workspace (never in the cache).

Every function takes a :class:`~finops_tui.workspace.Workspace` and the time it runs (``now``) from its
caller, so tests and snapshots stay deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from finops_tui.agenda.forecast import Forecast
from finops_tui.agenda.models import ACTION_STATUSES, ActionItem, Budget, RecordedForecast
from finops_tui.errors import FinOpsError
from finops_tui.workspace import Workspace

_ACTION_COLUMNS = "id, title, owner, due_date, status, source, meeting_month, created_at, updated_at"


def month_key(month: date) -> str:
    """``YYYY-MM`` of a month."""
    return f"{month:%Y-%m}"


def _check_status(status: str) -> str:
    if status not in ACTION_STATUSES:
        raise FinOpsError(f"unknown status {status!r}; choose one of {', '.join(ACTION_STATUSES)}")
    return status


def agenda_actions(ws: Workspace, month: date) -> list[ActionItem]:
    """The items the review of ``month`` shows: those raised at it, and older ones not done or dropped."""
    key = month_key(month)
    with ws.connect() as con:
        rows = con.execute(
            f"SELECT {_ACTION_COLUMNS} FROM action_items "
            "WHERE meeting_month = $m OR (meeting_month < $m AND status NOT IN ('done', 'dropped')) "
            "ORDER BY meeting_month, id",
            {"m": key},
        ).fetchall()
    return [ActionItem(*row) for row in rows]


def all_actions(ws: Workspace) -> list[ActionItem]:
    """Every action item, oldest first."""
    with ws.connect() as con:
        rows = con.execute(f"SELECT {_ACTION_COLUMNS} FROM action_items ORDER BY id").fetchall()
    return [ActionItem(*row) for row in rows]


def add_action(
    ws: Workspace,
    *,
    title: str,
    owner: str | None,
    due_date: date | None,
    status: str = "open",
    source: str | None,
    meeting_month: date,
    now: datetime,
) -> int:
    """Store a new action item; returns its id."""
    if not title.strip():
        raise FinOpsError("an action item needs a title")
    with ws.connect(write=True) as con:
        row = con.execute(
            "INSERT INTO action_items (title, owner, due_date, status, source, meeting_month, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                title.strip(),
                owner or None,
                due_date,
                _check_status(status),
                source,
                month_key(meeting_month),
                now,
                now,
            ],
        ).fetchone()
    assert row is not None
    return int(row[0])


def update_action(
    ws: Workspace,
    item_id: int,
    *,
    title: str,
    owner: str | None,
    due_date: date | None,
    status: str,
    now: datetime,
) -> None:
    """Change an action item's fields."""
    if not title.strip():
        raise FinOpsError("an action item needs a title")
    with ws.connect(write=True) as con:
        con.execute(
            "UPDATE action_items SET title = ?, owner = ?, due_date = ?, status = ?, updated_at = ? "
            "WHERE id = ?",
            [title.strip(), owner or None, due_date, _check_status(status), now, item_id],
        )


def load_budgets(ws: Workspace) -> list[Budget]:
    """Every budget in the workspace."""
    with ws.connect() as con:
        rows = con.execute("SELECT scope, month, amount, currency, source FROM budgets").fetchall()
    return [Budget(*row) for row in rows]


def budgets_for(
    rows: Sequence[Budget], month: date, config_total: Decimal | None, currency: str
) -> list[Budget]:
    """The budgets that apply to ``month``, one per scope, total first.

    A budget for the exact month wins over one for every month (``*``); an app-set budget wins over
    any other source; the config's ``budget`` is the total when nothing else sets one.
    """
    key = month_key(month)
    found: dict[str, Budget] = {}
    for b in sorted(
        (b for b in rows if b.month in (key, "*")),
        key=lambda b: (b.month == "*", b.source != "app", b.source),
    ):
        found.setdefault(b.scope, b)
    if config_total is not None and "total" not in found:
        found["total"] = Budget("total", "*", config_total, currency, "config")
    return [found[k] for k in sorted(found, key=lambda s: (s != "total", s))]


def budgets(ws: Workspace, month: date, config_total: Decimal | None, currency: str) -> list[Budget]:
    """The budgets that apply to ``month`` (see :func:`budgets_for`)."""
    return budgets_for(load_budgets(ws), month, config_total, currency)


def set_budget(ws: Workspace, *, scope: str, month: str, amount: Decimal, currency: str) -> None:
    """Set (or replace) an app budget for ``scope`` (``total`` or ``team:<name>``)."""
    if scope != "total" and not (scope.startswith("team:") and len(scope) > 5):
        raise FinOpsError(f"budget scope {scope!r}: use 'total' or 'team:NAME'")
    if amount < 0:
        raise FinOpsError("a budget cannot be negative")
    with ws.connect(write=True) as con:
        con.execute(
            "INSERT OR REPLACE INTO budgets VALUES (?, ?, ?, ?, 'app')", [scope, month, amount, currency]
        )


def record_forecasts(
    ws: Workspace, *, meeting_month: date, forecasts: Sequence[tuple[str, Forecast]], now: datetime
) -> int:
    """Record forecasts (scope, forecast) made at the review of ``meeting_month``; returns how many."""
    count = 0
    with ws.connect(write=True) as con:
        for scope, f in forecasts:
            if f.value is None:
                continue
            con.execute(
                "INSERT OR REPLACE INTO forecast_snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    month_key(meeting_month),
                    month_key(f.month),
                    scope,
                    f.value,
                    f.low,
                    f.high,
                    json.dumps(f.inputs()),
                    now,
                ],
            )
            count += 1
    return count


def recorded_forecast(ws: Workspace, *, target_month: date, scope: str = "total") -> RecordedForecast | None:
    """The earliest recorded forecast of ``target_month`` (what the room was told first)."""
    with ws.connect() as con:
        row = con.execute(
            "SELECT meeting_month, target_month, scope, forecast, low, high, recorded_at "
            "FROM forecast_snapshots WHERE target_month = ? AND scope = ? "
            "ORDER BY meeting_month, recorded_at LIMIT 1",
            [month_key(target_month), scope],
        ).fetchone()
    return None if row is None else RecordedForecast(*row)
