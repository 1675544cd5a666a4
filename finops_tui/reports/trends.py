"""The Spend trends view as rows and as CSV, JSON or Markdown (``report trends`` and the screen's export).

Money is rounded half-even to the cent, as on screen, and written as strings so no float ever touches
it. Identifying values go through the ``Redactor`` first, so an export made with redaction on carries
no real account or resource id.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from finops_tui.queries.trends import Filter, dimension_title
from finops_tui.reports.redact import Redactor
from finops_tui.trends_models import TrendView

FORMATS = ("json", "csv", "markdown")
COLUMNS = ("group", "label", "current", "previous", "change", "change_pct", "savings")
CONTEXT = (
    "currency", "metric", "dimension", "filters", "current_start", "current_end", "previous_start",
    "previous_end", "data_from", "as_of",
)  # fmt: skip
"""What every CSV row also says, after the figures: a file sent on from the meeting names its view
(a drilled slice read as the whole estate otherwise)."""


def cents(value: Decimal | None) -> str | None:
    """``Decimal`` rounded half-even to the cent, as a string (None stays None)."""
    if value is None:
        return None
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))


def pct(value: Decimal | None) -> str | None:
    """A percentage to one decimal, as a string."""
    if value is None:
        return None
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN))


def group_rows(view: TrendView, group_by: str, redactor: Redactor) -> list[dict[str, str | None]]:
    """One dict per group of the movers table, in screen order."""
    return [
        {
            "group": redactor.value(group_by, m.key),
            "label": redactor.label(group_by, m.key, m.label),
            "current": cents(m.current),
            "previous": cents(m.previous),
            "change": cents(m.change),
            "change_pct": pct(m.change_pct),
            "savings": cents(m.savings),
        }
        for m in view.movers
    ]


def _filters(filters: Sequence[Filter], redactor: Redactor) -> list[dict[str, str]]:
    return [{"dimension": d, "value": redactor.value(d, v)} for d, v in filters]


def as_document(
    view: TrendView,
    *,
    window: str,
    metric: str,
    group_by: str,
    filters: Sequence[Filter],
    redactor: Redactor,
) -> dict[str, Any]:
    """The whole view as plain JSON-ready data."""
    k = view.kpis
    return {
        "as_of": k.as_of.isoformat(),
        "window": window,
        "metric": metric,
        "group_by": group_by,
        "filters": _filters(filters, redactor),
        "period": {
            "start": view.period.start.isoformat(),
            "end": view.period.end.isoformat(),
            "previous_start": view.period.prev_start.isoformat(),
            "previous_end": view.period.prev_end.isoformat(),
            "data_from": view.first_day.isoformat() if view.first_day else None,
            "previous_partial": view.previous_partial,
            "previous_days_with_data": view.period.prev_days,
        },
        "currency": k.currency,
        "kpis": {
            "month_to_date": cents(k.mtd),
            "same_days_last_month": cents(k.prev_same_days),
            "change_pct": pct(k.change_pct),
            "projection": cents(k.projection),
            "last_month": cents(k.prev_month),
            "savings_month_to_date": cents(k.savings),
            "budget": cents(k.budget),
        },
        "groups": group_rows(view, group_by, redactor),
        "series": [
            {"day": p.day.isoformat(), "group": redactor.value(group_by, p.group), "cost": cents(p.cost)}
            for p in view.series
        ],
    }


def to_json(document: dict[str, Any]) -> str:
    """Pretty JSON (no colour, nothing else)."""
    return json.dumps(document, indent=2, ensure_ascii=False)


def csv_context(
    view: TrendView, *, metric: str, group_by: str, filters: Sequence[Filter], redactor: Redactor
) -> dict[str, str | None]:
    """The ``CONTEXT`` columns of a view: filters as ``dimension=value`` joined by ``; ``."""
    p = view.period
    return {
        "currency": view.kpis.currency,
        "metric": metric,
        "dimension": group_by,
        "filters": "; ".join(f"{d}={redactor.value(d, v)}" for d, v in filters),
        "current_start": p.start.isoformat(),
        "current_end": p.end.isoformat(),
        "previous_start": p.prev_start.isoformat(),
        "previous_end": p.prev_end.isoformat(),
        "data_from": view.first_day.isoformat() if view.first_day else None,
        "as_of": view.kpis.as_of.isoformat(),
    }


def to_csv(rows: list[dict[str, str | None]], context: dict[str, str | None]) -> str:
    """The groups table as CSV, each row followed by the view's ``context``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=(*COLUMNS, *CONTEXT), lineterminator="\n")
    writer.writeheader()
    writer.writerows(row | context for row in rows)
    return out.getvalue()


def _md(text: str | None) -> str:
    return "" if text is None else text.replace("|", "\\|")


def _partial_note(period: dict[str, Any]) -> str:
    """The bold line that says the previous period is partly (or wholly) before the cache's data."""
    held = period["previous_days_with_data"]
    if not held:
        return (
            f"**The cache starts {period['data_from']}: the previous period holds no data; "
            "every group is new.**"
        )
    return (
        f"**The cache starts {period['data_from']}: the previous period has data for {held} of its days; "
        "changes compare the cost per day over those.**"
    )


def to_markdown(document: dict[str, Any]) -> str:
    """A short Markdown report: KPIs, then the groups table."""
    k = document["kpis"]
    title = dimension_title(document["group_by"])
    where = ", ".join(f"{f['dimension']} = {f['value']}" for f in document["filters"]) or "everything"
    lines = [
        f"# Spend trends as of {document['as_of']}",
        "",
        f"{document['metric']} cost, {document['period']['start']} to {document['period']['end']} "
        f"vs {document['period']['previous_start']} to {document['period']['previous_end']}; "
        f"filters: {_md(where)}; currency {document['currency'] or '—'}.",
        "",
        *([_partial_note(document["period"]), ""] if document["period"]["previous_partial"] else []),
        f"- Month to date: {k['month_to_date']}",
        f"- Same days last month: {k['same_days_last_month']}",
        f"- Change (per day): {k['change_pct'] or '—'} %",
        f"- Month-end projection: {k['projection']}",
        f"- Savings from discounts (list - effective, MTD): {k['savings_month_to_date']}",
    ]
    if k["budget"] is not None:
        lines.append(f"- Budget: {k['budget']}")
    lines += [
        "",
        f"| {title} | current | previous | change | change % | savings |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for g in document["groups"]:
        lines.append(
            f"| {_md(g['label'])} | {g['current']} | {g['previous']} | {g['change']} | "
            f"{g['change_pct'] or '—'} | {g['savings']} |"
        )
    return "\n".join(lines) + "\n"
