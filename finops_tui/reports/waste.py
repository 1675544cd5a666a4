"""The waste backlog as rows, CSV, JSON or Markdown (``finops-tui report waste`` and the screen's export).

Money is written as strings rounded half-even to the cent; resource and account ids go through the
``Redactor``, so an export made with redaction on carries no real id.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from finops_tui.reports.redact import Redactor
from finops_tui.reports.source import existing_cache, resolve_as_of
from finops_tui.reports.trends import cents
from finops_tui.settings import Settings
from finops_tui.waste import waste_report
from finops_tui.waste.base import aws_short_id
from finops_tui.waste.models import Finding, WasteReport
from finops_tui.waste.tracking import load_tracking
from finops_tui.workspace import Workspace

COLUMNS = (
    "check", "resource_id", "provider", "account_id", "account_name", "region", "owner", "monthly_cost",
    "monthly_saving", "annual_saving", "confidence", "status", "assignee", "due_date", "reason", "evidence",
    "formula", "command",
)  # fmt: skip


def _id_parts(resource_id: str, rid: str, redactor: Redactor) -> list[tuple[str, str]]:
    """The pieces of a resource id a command quotes on their own, each with what replaces it: the
    id's last segment (an instance, volume, reservation or RI id) becomes the resource's own
    pseudonym, an Azure reservation's order id one of its own. A command names them apart from the
    whole id, and only GUID-shaped ones were caught in free text (a demo reservation read
    ``--reservation-id 44709848-f3d0`` with R on)."""
    parts = re.split(r"[/:]", resource_id)
    found = [(parts[-1], rid)] if len(parts) > 1 and len(parts[-1]) >= 4 else []
    if "reservationOrders" in parts[:-1]:
        order = parts[parts.index("reservationOrders") + 1]
        if order and order != parts[-1]:
            found.append((order, redactor.value("resource", order)))
    return found


def finding_row(f: Finding, redactor: Redactor) -> dict[str, str | None]:
    """One finding as a flat dict of strings (CSV columns in ``COLUMNS`` order)."""
    rid = redactor.value("resource", f.resource_id)
    command = f.command
    if redactor.on:
        command = command.replace(f.resource_id, rid).replace(aws_short_id(f.resource_id), rid)
        for part, alias in _id_parts(f.resource_id, rid, redactor):
            command = re.sub(rf"(?<![\w-]){re.escape(part)}(?![\w-])", alias, command)
        command = redactor.text(command)  # an account number or GUID the command quotes besides
    return {
        "check": f.check,
        "resource_id": rid,
        "provider": f.provider,
        "account_id": redactor.value("sub_account", f.account_id),
        "account_name": redactor.label("sub_account", f.account_id, f.account_name),
        "region": f.region,
        "owner": redactor.value("owner", f.owner) if f.owner else f.owner,
        "monthly_cost": cents(f.monthly_cost),
        "monthly_saving": cents(f.monthly_saving),
        "annual_saving": cents(f.annual_saving),
        "confidence": f.confidence,
        "status": f.tracking.status,
        "assignee": redactor.value("owner", f.tracking.owner) if f.tracking.owner else f.tracking.owner,
        "due_date": f.tracking.due_date.isoformat() if f.tracking.due_date else None,
        "reason": f.tracking.reason and redactor.text(f.tracking.reason),
        "evidence": redactor.text(f.evidence),
        "formula": f.formula,
        "command": command,
    }


def as_document(report: WasteReport, redactor: Redactor) -> dict[str, Any]:
    """The whole backlog as JSON-ready data."""
    return {
        "as_of": report.as_of.isoformat(),
        "window": {"start": report.start.isoformat(), "end": report.as_of.isoformat()},
        "currency": report.currency,
        "totals": [
            {
                "check": t.check,
                "title": t.title,
                "provider": t.provider,
                "state": t.state,
                "count": t.count,
                "monthly_saving": cents(t.monthly_saving),
                "annual_saving": cents(t.annual_saving),
            }
            for t in report.totals
        ],
        "findings": [finding_row(f, redactor) for f in report.findings],
        "done": [
            {
                "check": d.check,
                "resource_id": redactor.value("resource", d.resource_id),
                "done_on": d.done_on.isoformat(),
                "baseline_monthly_cost": cents(d.baseline_monthly_cost),
                "after_monthly_cost": cents(d.after_monthly_cost),
                "realised_monthly_saving": cents(d.realised_monthly_saving),
                "days_measured": d.days_measured,
            }
            for d in report.done
        ],
    }


def to_csv(rows: Sequence[dict[str, str | None]]) -> str:
    """Findings as CSV."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _md(text: object) -> str:
    return "" if text is None else str(text).replace("|", "\\|")


def to_markdown(doc: dict[str, Any]) -> str:
    """Totals per check, then the findings with their commands."""
    lines = [
        f"# Waste as of {doc['as_of']}",
        "",
        f"Priced from effective cost, {doc['window']['start']} to {doc['window']['end']}; "
        f"currency {doc['currency']}.",
        "",
        "| check | state | findings | monthly saving | annual saving |",
        "|---|---|---:|---:|---:|",
    ]
    for t in doc["totals"]:
        lines.append(
            f"| {_md(t['title'])} | {t['state']} | {t['count']} | {t['monthly_saving']} | "
            f"{t['annual_saving']} |"
        )
    lines += [
        "",
        "| check | resource | account | owner | monthly cost | monthly saving | confidence | status "
        "| command |",
        "|---|---|---|---|---:|---:|---|---|---|",
    ]
    for f in doc["findings"]:
        lines.append(
            f"| {f['check']} | {_md(f['resource_id'])} | {_md(f['account_name'])} | {_md(f['owner'])} | "
            f"{f['monthly_cost']} | {f['monthly_saving']} | {f['confidence']} | {f['status']} | "
            f"`{_md(f['command'])}` |"
        )
    if doc["done"]:
        lines += [
            "",
            "Done, with the saving measured from later billing:",
            "",
            "| check | resource | done on | baseline/month | now/month | realised/month |",
            "|---|---|---|---:|---:|---:|",
        ]
        for d in doc["done"]:
            lines.append(
                f"| {d['check']} | {_md(d['resource_id'])} | {d['done_on']} | {d['baseline_monthly_cost']} | "
                f"{d['after_monthly_cost']} | {d['realised_monthly_saving']} |"
            )
    return "\n".join(lines) + "\n"


def run_report_waste(
    db: Path, *, settings: Settings, as_of: date | None, output_format: str, redact: bool
) -> int:
    """Print the waste backlog on stdout as JSON, CSV or Markdown."""
    cache = existing_cache(db)
    tracking = load_tracking(Workspace.for_cache(db))
    with cache.reader() as cur:
        day = resolve_as_of(cur, db, as_of)
        report = waste_report(cur, as_of=day, settings=settings, tracking=tracking)
    redactor = Redactor(redact or settings.redact)
    doc = as_document(report, redactor)
    if output_format == "json":
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    elif output_format == "csv":
        text = to_csv(doc["findings"])
    else:
        text = to_markdown(doc)
    sys.stdout.write(text)
    return 0
