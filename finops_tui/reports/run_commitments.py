"""``finops-tui report commitments``: the Commitments screen's numbers, headless, from the same queries."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from finops_tui.errors import FinOpsError
from finops_tui.queries import allocation, commitments
from finops_tui.reports import commitments as render
from finops_tui.reports.allocation import to_json
from finops_tui.reports.redact import Redactor
from finops_tui.reports.source import existing_cache, resolve_as_of
from finops_tui.settings import Settings


def run_report_commitments(
    db: Path,
    *,
    settings: Settings,
    as_of: date | None,
    month: str | None,
    output_format: str,
    redact: bool,
) -> int:
    """Print the commitments view as JSON, CSV (one row per group) or Markdown."""
    shown = allocation.parse_month(month) if month else None
    with existing_cache(db).reader() as cur:
        day = resolve_as_of(cur, db, as_of)
        if shown is not None and shown > day:
            raise FinOpsError(f"--month {shown:%Y-%m}: after the as-of day {day}; pass a later --as-of")
        view = commitments.commitments_view(cur, as_of=day, settings=settings.commitments, month=shown)
    redactor = Redactor(redact or settings.redact)
    if output_format == "csv":
        text = render.groups_csv(view, redactor)
    else:
        doc = render.as_document(view, redactor)
        text = to_json(doc) + "\n" if output_format == "json" else render.to_markdown(doc)
    sys.stdout.write(text)
    return 0
