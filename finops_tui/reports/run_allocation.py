"""``finops-tui report allocation`` and ``report showback``: the allocation screen's numbers, headless."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from finops_tui.queries import allocation
from finops_tui.reports import allocation as render
from finops_tui.reports.redact import Redactor
from finops_tui.reports.source import existing_cache, resolve_as_of
from finops_tui.settings import Settings


def run_report_allocation(
    db: Path,
    *,
    settings: Settings,
    as_of: date | None,
    month: str | None,
    output_format: str,
    redact: bool,
) -> int:
    """Print the allocation view as JSON, CSV (coverage rows) or Markdown."""
    shown = allocation.parse_month(month) if month else None
    with existing_cache(db).reader() as cur:
        day = resolve_as_of(cur, db, as_of)
        view = allocation.allocation_view(cur, as_of=day, settings=settings, month=shown)
    redactor = Redactor(redact or settings.redact)
    if output_format == "csv":
        text = render.coverage_csv(view, redactor)
    else:
        doc = render.as_document(view, redactor)
        text = render.to_json(doc) + "\n" if output_format == "json" else render.to_markdown(doc)
    sys.stdout.write(text)
    return 0


def run_report_showback(
    db: Path, *, settings: Settings, as_of: date | None, month: str | None, output_format: str
) -> int:
    """Print the chargeback journal of a month (default: the last complete month)."""
    with existing_cache(db).reader() as cur:
        shown = (
            allocation.parse_month(month)
            if month
            else allocation.last_complete_month(resolve_as_of(cur, db, as_of))
        )
        showback, currency = allocation.showback_for(cur, month=shown, settings=settings)
    if output_format == "csv":
        sys.stdout.write(render.showback_csv(showback, currency))
    else:
        sys.stdout.write(
            render.to_json({"month": f"{shown:%Y-%m}", "lines": render.showback_lines(showback, currency)})
            + "\n"
        )
    return 0
