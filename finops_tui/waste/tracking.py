"""Waste tracking in the workspace: status, owner, due date and won't-fix reason per ``check|resource``.

The workspace (not the cache) holds it, so imports and syncs, which only replace the cache, never lose
a decision. Marking a finding done records its monthly cost at that moment as the baseline the
realised saving is measured against.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from finops_tui.cache import Stamp, file_stamp
from finops_tui.errors import FinOpsError
from finops_tui.waste.models import STATUSES, Finding, Tracking
from finops_tui.workspace import Workspace

_memo: dict[Path, tuple[Stamp, dict[str, Tracking]]] = {}
"""Last tracking read per workspace file, with the file's stamp when it was read."""


def load_tracking(workspace: Workspace) -> dict[str, Tracking]:
    """Every tracked finding, by key (read again only when the workspace file changed)."""
    stamp = file_stamp(workspace.path)
    if stamp is None:
        return {}  # no workspace yet: nothing tracked
    known = _memo.get(workspace.path)
    if known is not None and known[0] == stamp:
        return dict(known[1])
    with workspace.connect() as con:
        rows = con.execute(
            "SELECT finding_key, status, owner, due_date, reason, baseline_monthly_cost, done_on "
            "FROM waste_tracking ORDER BY finding_key"
        ).fetchall()
    found = {str(r[0]): Tracking(*r[1:]) for r in rows}
    _memo[workspace.path] = (stamp, found)
    return dict(found)


def save_tracking(
    workspace: Workspace,
    finding: Finding,
    *,
    status: str,
    owner: str | None,
    due_date: date | None,
    reason: str | None,
    today: date,
    now: datetime,
) -> Tracking:
    """Store a decision about ``finding``; ``done`` records today's monthly cost as the baseline."""
    if status not in STATUSES:
        raise FinOpsError(f"unknown status {status!r}; choose one of {', '.join(STATUSES)}")
    if status == "wont-fix" and not (reason or "").strip():
        raise FinOpsError("won't fix needs a reason")
    previous = finding.tracking
    baseline: Decimal | None = previous.baseline_monthly_cost
    done_on = previous.done_on
    if status == "done" and previous.status != "done":
        baseline, done_on = finding.monthly_cost, today
    elif status != "done":
        baseline, done_on = None, None
    tracking = Tracking(status, owner or None, due_date, reason or None, baseline, done_on)
    with workspace.connect(write=True) as con:
        con.execute(
            "INSERT OR REPLACE INTO waste_tracking VALUES ($key, $status, $owner, $due, $reason, $baseline, "
            "$done_on, $now)",
            {
                "key": finding.key,
                "status": tracking.status,
                "owner": tracking.owner,
                "due": tracking.due_date,
                "reason": tracking.reason,
                "baseline": tracking.baseline_monthly_cost,
                "done_on": tracking.done_on,
                "now": now,
            },
        )
    return tracking
