"""``finops-tui report maturity``: the executive summary and the maturity score, headless.

JSON carries everything (figures as strings, money to the cent); CSV gives one row per maturity
signal; Markdown is the one-page summary a lead pastes into the meeting notes.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from pathlib import Path
from typing import Any

from finops_tui.maturity.models import ExecSummary
from finops_tui.reports.source import existing_cache, resolve_as_of
from finops_tui.reports.trends import cents, pct, to_json
from finops_tui.settings import Settings
from finops_tui.workspace import Workspace

SIGNAL_COLUMNS = (
    "key", "capability", "measure", "value", "walk", "run", "stage", "score", "weight", "detail", "improve",
)  # fmt: skip


def as_document(s: ExecSummary) -> dict[str, Any]:
    """The summary as plain data."""
    m = s.maturity
    return {
        "as_of": s.as_of.isoformat(),
        "month": f"{s.month:%Y-%m}",
        "currency": s.currency,
        "month_cost": cents(s.month_cost),
        "prev_month_cost": cents(s.prev_month_cost),
        "change_per_day_pct": pct(s.change_pct),
        "month_to_date": cents(s.mtd),
        "forecast": {
            "value": cents(s.forecast),
            "low": cents(s.forecast_low),
            "high": cents(s.forecast_high),
        },
        "budget": cents(s.budget),
        "forecast_minus_budget": cents(s.forecast_vs_budget),
        "savings": {
            "done_fixes": s.savings_done_count,
            "realised_annualised": cents(s.savings_done_annual),
            "discounts_year_to_date": cents(s.discounts_ytd),
        },
        "risks": [
            {"title": r.title, "monthly": cents(r.monthly), "detail": r.detail, "screen": r.mode}
            for r in s.risks
        ],
        "maturity": {
            "score": m.score,
            "stage": m.stage,
            "signals": [signal_row(s, i) for i in range(len(m.signals))],
        },
    }


def signal_row(s: ExecSummary, index: int) -> dict[str, Any]:
    """One maturity signal as plain data."""
    sig = s.maturity.signals[index]
    return {
        "key": sig.key,
        "capability": sig.capability,
        "measure": sig.measure,
        "value": sig.value,
        "walk": sig.walk,
        "run": sig.run,
        "stage": sig.stage,
        "score": sig.score,
        "weight": sig.weight,
        "detail": sig.detail,
        "improve": sig.improve,
    }


def to_csv(s: ExecSummary) -> str:
    """One row per maturity signal."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SIGNAL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(signal_row(s, i) for i in range(len(s.maturity.signals)))
    return out.getvalue()


def _md(text: object) -> str:
    return "" if text is None else str(text).replace("|", "\\|")


def to_markdown(s: ExecSummary) -> str:
    """The one-page executive summary."""
    doc = as_document(s)
    cur = s.currency
    change = (
        "no month before" if s.change_pct is None else f"{s.change_pct:+.1f} % a day vs the month before"
    )  # signed, as the screen's tile: a rise must not read like a level
    budget = (
        f", budget {doc['budget']} (forecast minus budget {doc['forecast_minus_budget']})"
        if s.budget is not None
        else ", no budget set"
    )
    savings = doc["savings"]
    score = "—" if s.maturity.score is None else f"{s.maturity.score:g}"
    lines = [
        f"# Executive summary, {s.month:%B %Y} (data to {s.as_of})",
        "",
        f"- Spend {s.month:%B}: {doc['month_cost']} {cur} ({change})",
        f"- Forecast {s.as_of:%B}: {doc['forecast']['value'] or '—'} {cur}{budget}",
        f"- Savings {s.as_of.year}: {savings['realised_annualised']} {cur}/year from {s.savings_done_count} "
        f"done fixes; discounts {savings['discounts_year_to_date']} {cur} year to date",
        "",
        "## Top risks",
        "",
        "| a month | risk | why |",
        "|---:|---|---|",
        *(f"| {_md(r['monthly'])} | {_md(r['title'])} | {_md(r['detail'])} |" for r in doc["risks"]),
        "",
        f"## Maturity: {score} / 100 ({s.maturity.stage or '—'})",
        "",
        "| capability | signal | value | walk / run | stage | score | weight | measured | to improve |",
        "|---|---|---:|---:|---|---:|---:|---|---|",
    ]
    for sig in s.maturity.signals:
        value = sig.shown  # as on the screen: rounded once to one place (JSON and CSV keep two)
        lines.append(
            f"| {_md(sig.capability)} | {_md(sig.measure)} | {value} | {sig.walk:g} / {sig.run:g} | "
            f"{sig.stage or '—'} | {'—' if sig.score is None else f'{sig.score:g}'} | {sig.weight} | "
            f"{_md(sig.detail)} | {_md(sig.improve)} |"
        )
    return "\n".join(lines) + "\n"


def run_report_maturity(db: Path, *, settings: Settings, as_of: date | None, output_format: str) -> int:
    """Print the executive summary and maturity score as JSON, CSV or Markdown."""
    from finops_tui.maturity.summary import exec_summary

    with existing_cache(db).reader() as cur:
        day = resolve_as_of(cur, db, as_of)
        summary = exec_summary(cur, as_of=day, settings=settings, workspace=Workspace.for_cache(db))
    if output_format == "json":
        text = to_json(as_document(summary)) + "\n"
    elif output_format == "csv":
        text = to_csv(summary)
    else:
        text = to_markdown(summary)
    sys.stdout.write(text)
    return 0
