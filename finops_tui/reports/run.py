"""``finops-tui report trends``: the trends screen's numbers, headless, from the same query functions."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from finops_tui.errors import FinOpsError
from finops_tui.queries import trends
from finops_tui.reports import trends as render
from finops_tui.reports.redact import Redactor
from finops_tui.reports.source import existing_cache, resolve_as_of
from finops_tui.settings import Settings


def parse_filter(text: str) -> trends.Filter:
    """``DIMENSION=VALUE`` (e.g. ``service=Amazon EC2``, ``tag:team=web``) → a checked filter."""
    dim, sep, value = text.partition("=")
    if not sep or not dim:
        raise FinOpsError(
            f"--filter {text!r}: expected DIMENSION=VALUE, e.g. service=AmazonEC2 or tag:team=web"
        )
    return trends.check_dimension(dim.strip()), value


def run_report_trends(
    db: Path,
    *,
    settings: Settings,
    as_of: date | None,
    window: str,
    metric: str,
    group_by: str,
    filters: Sequence[str],
    output_format: str,
    redact: bool,
    top_n: int | None,
) -> int:
    """Print the trends view on stdout as JSON, CSV or Markdown."""
    parsed = [parse_filter(f) for f in filters]
    trends.check_dimension(group_by)
    trends.period_for(date(2000, 1, 1), window)  # validates the window name before opening the cache
    cache = existing_cache(db)
    with cache.reader() as cur:
        day = resolve_as_of(cur, db, as_of)
        view = trends.trend_view(
            cur,
            as_of=day,
            window=window,
            group_by=group_by,
            metric=metric,
            filters=parsed,
            top_n=top_n or settings.top_n,
            budget=settings.budget,
            tags=trends.tag_lens(cur, settings.tag_rules()),
        )
    redactor = Redactor(redact or settings.redact)
    doc = render.as_document(
        view, window=window, metric=metric, group_by=group_by, filters=parsed, redactor=redactor
    )
    if output_format == "json":
        text = render.to_json(doc) + "\n"
    elif output_format == "csv":
        text = render.to_csv(render.group_rows(view, group_by, redactor))
    else:
        text = render.to_markdown(doc)
    sys.stdout.write(text)
    return 0
