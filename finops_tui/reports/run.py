"""``finops-tui report trends``: the trends screen's numbers, headless, from the same query functions."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from finops_tui.errors import FinOpsError
from finops_tui.queries import trends
from finops_tui.queries.tag_sql import UNTAGGED, TagLens
from finops_tui.reports import trends as render
from finops_tui.reports.redact import Redactor
from finops_tui.reports.source import existing_cache, resolve_as_of
from finops_tui.settings import Settings
from finops_tui.tag_rules import TagRules


def parse_filter(text: str) -> trends.Filter:
    """``DIMENSION=VALUE`` (e.g. ``service=Amazon EC2``, ``tag:team=web``) → a checked filter."""
    dim, sep, value = text.partition("=")
    if not sep or not dim:
        raise FinOpsError(
            f"--filter {text!r}: expected DIMENSION=VALUE, e.g. service=AmazonEC2 or tag:team=web"
        )
    return trends.check_dimension(dim.strip()), value


def _as_shown(found: trends.Filter, rules: TagRules) -> trends.Filter:
    """A tag filter as the screen shows it: the key by its name (``tag:Team`` → ``tag:team``), the
    value trimmed and folded (``Payments `` → ``payments``)."""
    dim, value = found
    if not dim.startswith("tag:"):
        return found
    key = rules.canon_key(dim[4:])
    return f"tag:{rules.key_name(key)}", value if value == UNTAGGED else rules.canon_value(key, value)


def _warn_about_empty_choices(
    group_by: str, filters: Sequence[trends.Filter], lens: TagLens, *, found: bool
) -> None:
    """On stderr (stdout stays clean JSON/CSV): a tag key the cache does not hold, or filters that
    match nothing — a typo there otherwise prints a believable all-"(untagged)" or empty report."""
    for dim in dict.fromkeys([group_by, *(d for d, _ in filters)]):
        if dim.startswith("tag:") and not lens.spellings(dim[4:]):
            known = ", ".join(name for _, name in lens.named_keys()) or "none"
            print(f"finops-tui: warning: no tag key {dim[4:]!r} in the cache (tag keys: {known})",
                  file=sys.stderr)  # fmt: skip
    if filters and not found:
        shown = " ".join(f"--filter {d}={v}" for d, v in filters)
        print(f"finops-tui: warning: nothing matches {shown} in this window", file=sys.stderr)


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
    rules = settings.tag_rules()
    parsed = [_as_shown(parse_filter(f), rules) for f in filters]
    trends.check_dimension(group_by)
    trends.period_for(date(2000, 1, 1), window)  # validates the window name before opening the cache
    cache = existing_cache(db)
    with cache.reader() as cur:
        day = resolve_as_of(cur, db, as_of)
        lens = trends.tag_lens(cur, rules)
        view = trends.trend_view(
            cur,
            as_of=day,
            window=window,
            group_by=group_by,
            metric=metric,
            filters=parsed,
            top_n=top_n or settings.top_n,
            budget=settings.budget,
            tags=lens,
        )
    _warn_about_empty_choices(group_by, parsed, lens, found=bool(view.movers))
    redactor = Redactor(redact or settings.redact)
    doc = render.as_document(
        view, window=window, metric=metric, group_by=group_by, filters=parsed, redactor=redactor
    )
    if output_format == "json":
        text = render.to_json(doc) + "\n"
    elif output_format == "csv":
        context = render.csv_context(
            view, metric=metric, group_by=group_by, filters=parsed, redactor=redactor
        )
        text = render.to_csv(render.group_rows(view, group_by, redactor), context)
    else:
        text = render.to_markdown(doc)
    sys.stdout.write(text)
    return 0
