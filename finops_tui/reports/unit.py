"""``finops-tui report unit-economics``: the Unit economics screen's numbers as JSON, CSV or Markdown.

The document is built from the same ``UnitView`` the screen renders, so both show the same figures.
Gaps stay gaps: JSON gives ``null``, CSV and Markdown an empty cell, never a zero.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from finops_tui import formatting as fmt
from finops_tui.queries import unit_economics
from finops_tui.reports.source import existing_cache, resolve_as_of
from finops_tui.settings import Settings
from finops_tui.unit_models import Grain, Scope, UnitView

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def _round(value: Decimal | None, places: str) -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places), rounding=ROUND_HALF_EVEN)


def unit_cost(value: Decimal | None, currency: str | None) -> str:
    """``$0.0123``: a cost per unit to four decimals, six under a cent (cents would round it to nothing)."""
    places = 6 if value is not None and 0 < abs(value) < Decimal("0.01") else 4
    amount = _round(value, "0." + "0" * (places - 1) + "1")
    if amount is None:
        return "—"
    symbol = _SYMBOLS.get((currency or "").upper())
    sign = "-" if amount < 0 else ""
    body = f"{abs(amount):,.{places}f}"
    if symbol:
        return f"{sign}{symbol}{body}"
    return f"{sign}{body} {currency}" if currency else f"{sign}{body}"


def pct(value: Decimal | None) -> str:
    """``+3.2%`` (``—`` for a gap)."""
    return "—" if value is None else f"{value:+.1f}%"


def units_text(value: float | None) -> str:
    """``1,234`` or ``1,234.5`` (``—`` for a gap)."""
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def units_label(view: UnitView) -> str:
    """What the units of a period are: a week or month adds up the metric's daily values.

    Summing is right for a flow (transactions) but turns a level (active customers) into
    customer-days, so the label says so rather than let "29,029 active_customers" read as a head count.
    """
    return view.metric if view.grain == "day" else f"Σ daily {view.metric}"


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def as_document(view: UnitView) -> dict[str, Any]:
    """The whole view as plain JSON-ready data (money as exact decimal strings)."""
    k = view.kpis
    return {
        "metric": view.metric,
        "scope": view.scope.spec,
        "grain": view.grain,
        "as_of": view.as_of.isoformat(),
        "start": view.start.isoformat(),
        "currency": view.currency,
        "metric_first_day": view.metric_first.isoformat(),
        "metric_last_day": view.metric_last.isoformat(),
        "gap_days": view.gap_days,
        "note": view.coverage_note,
        "kpis": {
            "month": f"{k.month:%Y-%m}",
            "this_month_cost_per_unit": _str(_round(k.this_month, "0.000001")),
            "last_month_cost_per_unit": _str(_round(k.last_month, "0.000001")),
            "change_pct": _str(_round(k.change_pct, "0.01")),
            "trend_3m_pct": _str(_round(k.trend_pct, "0.01")),
        },
        "periods": [
            {
                "period": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "cost": str(p.cost),
                "units": p.units,
                "days": p.days,
                "covered_days": p.covered_days,
                "cost_per_unit": _str(_round(p.cost_per_unit, "0.000001")),
                "change_pct": _str(_round(p.change_pct, "0.01")),
            }
            for p in view.periods
        ],
    }


def to_csv(doc: dict[str, Any]) -> str:
    """One line per period (gaps as empty cells)."""
    out = io.StringIO()
    names = ["period", "start", "end", "cost", "units", "covered_days", "days", "cost_per_unit", "change_pct"]
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in doc["periods"]:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(view: UnitView) -> str:
    """A heading, the KPIs, the coverage note and the period table."""
    cur = view.currency
    k = view.kpis
    lines = [
        f"# Unit economics: {_md(view.metric)} ({_md(view.scope.label)}, by {view.grain})",
        "",
        f"Effective cost {view.start}…{view.as_of}, currency {cur or '—'}.",
        "",
        f"- This month ({k.month:%Y-%m}, to {view.as_of}): {unit_cost(k.this_month, cur)}",
        f"- Last month: {unit_cost(k.last_month, cur)} (change {pct(k.change_pct)})",
        f"- Trend, last 3 complete months vs the 3 before: {pct(k.trend_pct)}",
    ]
    if view.coverage_note:
        lines += ["", f"Note: {_md(view.coverage_note)}."]
    lines += [
        "",
        f"| period | cost | {_md(units_label(view))} | cost per unit | change | days with data |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for p in view.periods:
        lines.append(
            f"| {p.label} | {fmt.money(p.cost, cur)} | {units_text(p.units)} | "
            f"{unit_cost(p.cost_per_unit, cur)} | {pct(p.change_pct)} | {p.covered_days}/{p.days} |"
        )
    return "\n".join(lines) + "\n"


def load_view(
    db: Path, *, settings: Settings, metric: str, scope: Scope, grain: Grain, as_of: date | None
) -> UnitView:
    """Open the cache and ask the unit-economics question (shared by the report and its tests)."""
    cache = existing_cache(db)
    with cache.reader() as cur:
        day = resolve_as_of(cur, db, as_of)
        return unit_economics.unit_view(
            cur, metric=metric, scope=scope, grain=grain, as_of=day, settings=settings
        )


def run_report_unit(
    db: Path,
    *,
    settings: Settings,
    metric: str,
    scope: Scope,
    grain: Grain,
    as_of: date | None,
    output_format: str,
) -> int:
    """Print the unit-economics view in ``output_format`` (json, csv or markdown)."""
    view = load_view(db, settings=settings, metric=metric, scope=scope, grain=grain, as_of=as_of)
    if output_format == "markdown":
        text = to_markdown(view)
    elif output_format == "csv":
        text = to_csv(as_document(view))
    else:
        text = json.dumps(as_document(view), indent=2, ensure_ascii=False) + "\n"
    sys.stdout.write(text)
    return 0
