"""Anomaly triage in the workspace: status, owner and note per anomaly key.

The workspace (not the cache) holds it, so imports and syncs, which only replace the cache, never lose
a decision; the key (source, series and first anomalous day, see ``detect.anomaly_key``) is computed
from the data alone, so an anomaly detected again after a re-import finds its triage again. Triage of
anomalies no longer detected (other settings, a restated month) is kept, never deleted.
"""

from __future__ import annotations

from datetime import datetime

from finops_tui.anomalies.models import STATUSES, Triage
from finops_tui.errors import FinOpsError
from finops_tui.workspace import Workspace


def load_triage(workspace: Workspace) -> dict[str, Triage]:
    """Every triaged anomaly, by key."""
    if not workspace.path.exists():
        return {}  # nothing triaged yet (and no need to open anything)
    with workspace.connect() as con:
        rows = con.execute(
            "SELECT anomaly_key, status, owner, note, updated_at FROM anomaly_triage ORDER BY anomaly_key"
        ).fetchall()
    return {str(r[0]): Triage(*r) for r in rows}


def save_triage(
    workspace: Workspace,
    key: str,
    *,
    now: datetime,
    status: str | None = None,
    owner: str | None = None,
    note: str | None = None,
) -> Triage:
    """Change the status, owner or note of anomaly ``key``.

    What is None is kept as it was; an empty owner or note clears it. Raises FinOpsError for an unknown
    status.
    """
    if status is not None and status not in STATUSES:
        raise FinOpsError(f"unknown status {status!r}; choose one of {', '.join(STATUSES)}")
    with workspace.connect(write=True) as con:
        row = con.execute(
            "SELECT status, owner, note FROM anomaly_triage WHERE anomaly_key = $k", {"k": key}
        ).fetchone()
        old_status, old_owner, old_note = row if row else ("new", None, None)
        triage = Triage(
            anomaly_key=key,
            status=status or old_status,
            owner=old_owner if owner is None else (owner.strip() or None),
            note=old_note if note is None else (note.strip() or None),
            updated_at=now,
        )
        con.execute(
            "INSERT OR REPLACE INTO anomaly_triage VALUES ($k, $status, $owner, $note, $now)",
            {"k": key, "status": triage.status, "owner": triage.owner, "note": triage.note, "now": now},
        )
    return triage
