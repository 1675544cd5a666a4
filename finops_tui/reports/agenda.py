"""``finops-tui agenda``: the agenda and minutes as Markdown or JSON, from the same build as the screen."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from finops_tui.agenda.build import build_agenda
from finops_tui.agenda.models import Agenda
from finops_tui.agenda.store import record_forecasts
from finops_tui.reports.redact import Redactor
from finops_tui.reports.source import existing_cache, resolve_as_of
from finops_tui.settings import Settings
from finops_tui.workspace import Workspace


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(agenda: Agenda) -> str:
    """The agenda as Markdown: one table per part, then the minutes (the action items)."""
    out = [f"# Cost review {agenda.month:%B %Y}", ""]
    fresh = ", ".join(f"{p} {d:%Y-%m-%d}" if d else f"{p} —" for p, d in agenda.freshness)
    out.append(
        f"Data as of {agenda.as_of:%Y-%m-%d}" + (f" ({fresh})" if fresh else "") + f"; {agenda.currency}."
    )
    out.append("")
    for n, part in enumerate(agenda.parts, start=1):
        out += [f"## {n}. {part.title}", "", "| item | figure | detail |", "|---|---:|---|"]
        out += [
            f"| {_cell(line.label)} | {_cell(line.value)} | {_cell(line.detail)} |" for line in part.lines
        ]
        out.append("")
    out += ["## Minutes: action items", ""]
    if not agenda.actions:
        out.append("None recorded.")
    red = Redactor(agenda.redacted)
    for a in agenda.actions:
        due = f", due {a.due_date:%Y-%m-%d}" if a.due_date else ""
        src = f" (from: {red.text(a.source)})" if a.source else ""
        out.append(
            f"- [{'x' if a.status == 'done' else ' '}] #{a.id} {red.text(a.title)} — "
            f"{red.text(a.owner or 'unassigned')}"
            f"{due}, {a.status}, raised {a.meeting_month}{src}"
        )
    return "\n".join(out) + "\n"


def as_document(agenda: Agenda) -> dict[str, Any]:
    """The agenda as plain JSON-able data (figures as the screen shows them)."""

    def fc(f: Any) -> dict[str, Any] | None:
        if f is None:
            return None
        return {
            "month": f"{f.month:%Y-%m}",
            "value": _s(f.value),
            "low": _s(f.low),
            "high": _s(f.high),
            "confidence": f.confidence,
            "note": f.note,
            "inputs": f.inputs(),
        }

    red = Redactor(agenda.redacted)
    return {
        "month": f"{agenda.month:%Y-%m}",
        "as_of": agenda.as_of.isoformat(),
        "currency": agenda.currency,
        "freshness": {p: d.isoformat() if d else None for p, d in agenda.freshness},
        "parts": [
            {
                "title": p.title,
                "lines": [
                    {"label": ln.label, "value": ln.value, "detail": ln.detail, "kind": ln.kind}
                    for ln in p.lines
                ],
            }
            for p in agenda.parts
        ],
        "forecast": {"month_end": fc(agenda.month_forecast), "next_month": fc(agenda.next_forecast)},
        "action_items": [
            {
                "id": a.id,
                "title": red.text(a.title),
                "owner": a.owner and red.text(a.owner),
                "due_date": a.due_date.isoformat() if a.due_date else None,
                "status": a.status,
                "source": a.source and red.text(a.source),
                "meeting_month": a.meeting_month,
            }
            for a in agenda.actions
        ],
    }


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def load_agenda(
    db: Path, ws: Workspace, *, settings: Settings, as_of: date | None, month: date | None, redact: bool
) -> Agenda:
    """Open the cache and build the agenda (shared by the CLI and tests)."""
    cache = existing_cache(db)
    with cache.reader() as cur:
        day = resolve_as_of(cur, db, as_of)
        return build_agenda(cur, ws, as_of=day, settings=settings, month=month, redactor=Redactor(redact))


def finalise(ws: Workspace, agenda: Agenda, *, now: datetime) -> int:
    """Record the agenda's forecasts (with their inputs) so next month can measure their accuracy."""
    forecasts = [("total", f) for f in (agenda.month_forecast, agenda.next_forecast) if f is not None]
    return record_forecasts(ws, meeting_month=agenda.month, forecasts=forecasts, now=now)


def finalised_message(agenda: Agenda, count: int) -> str:
    """What F / ``--finalise`` recorded, and where it will be scored (one sentence, no markup).

    The forecasts are of the months after the one reviewed, so the reviewed month's accuracy line does
    not change; saying which months were recorded stops the room expecting it to.
    """
    months = [f"{f.month:%B %Y}" for f in (agenda.month_forecast, agenda.next_forecast) if f and f.value]
    if not count or not months:
        return f"No forecast to record for the {agenda.month:%Y-%m} review (too little history)."
    return (
        f"Recorded {count} forecast{'s' if count != 1 else ''} ({', '.join(months)}) at the "
        f"{agenda.month:%Y-%m} review; their accuracy shows when those months are reviewed."
    )


def run_agenda(
    db: Path,
    ws: Workspace,
    *,
    settings: Settings,
    as_of: date | None,
    month: date | None,
    output_format: str,
    out: Path | None,
    redact: bool,
    finalise_at: datetime | None,
) -> int:
    """Print (or write) the agenda; with ``finalise_at`` also record its forecasts."""
    agenda = load_agenda(
        db, ws, settings=settings, as_of=as_of, month=month, redact=redact or settings.redact
    )
    text = (
        to_markdown(agenda)
        if output_format == "markdown"
        else json.dumps(as_document(agenda), indent=2) + "\n"
    )
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)  # as an import makes the cache's folder
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    if finalise_at is not None:
        n = finalise(ws, agenda, now=finalise_at)
        print(finalised_message(agenda, n), file=sys.stderr)
    return 0
