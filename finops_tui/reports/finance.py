"""The Finance screen's numbers as a document, CSV or Markdown (``finops-tui report reconciliation``).

Amounts are rounded to the cent only here, half-even, from the exact sums the queries return; account
ids pass through the redactor like everywhere else.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from finops_tui.finance_models import FinanceView, ListWaterfall, Reconciliation
from finops_tui.reports.redact import Redactor
from finops_tui.reports.trends import cents

CSV_COLUMNS = (
    "period", "provider", "billing_account", "currency", "line", "rows", "billed", "effective", "list",
    "billed_minus_effective",
)  # fmt: skip
"""One CSV row per reconciliation line, then ``total``, ``invoice`` and ``imported`` rows."""


def _recon(r: Reconciliation, redactor: Redactor) -> dict[str, Any]:
    return {
        "period": f"{r.period:%Y-%m}",
        "provider": r.provider,
        "billing_account": redactor.value("billing_account", r.account),
        "currency": r.currency,
        "final": not r.not_final,
        "not_final_because": list(r.not_final),
        "rows": r.rows,
        "billed": cents(r.billed),
        "effective": cents(r.effective),
        "list": cents(r.list_cost),
        "billed_minus_effective": cents(r.difference),
        "lines": [
            {
                "line": line.kind,
                "label": line.label,
                "explains": line.note,
                "rows": line.rows,
                "billed": cents(line.billed),
                "effective": cents(line.effective),
                "list": cents(line.list_cost),
                "billed_minus_effective": cents(line.difference),
            }
            for line in r.lines
        ],
        "unexplained": cents(r.unexplained.difference),
        "invoice": cents(r.invoice),
        "invoice_currency": r.invoice_currency,
        "invoice_minus_billed": cents(r.invoice_difference),
        "imported_billed": cents(r.imported_billed),
        "imported_effective": cents(r.imported_effective),
        "imported_matches_cache": not r.imported_differs,
    }


def _waterfall(w: ListWaterfall) -> dict[str, Any]:
    return {
        "period": w.label,
        "provider": w.provider,
        "currency": w.currency,
        "list": cents(w.list_cost),
        "steps": [{"step": s.kind, "label": s.label, "amount": cents(s.amount)} for s in w.steps],
        "effective": cents(w.effective),
    }


def as_document(view: FinanceView, redactor: Redactor) -> dict[str, Any]:
    """The whole view as plain JSON-ready data."""
    return {
        "as_of": view.as_of.isoformat(),
        "month": None if view.month is None else f"{view.month:%Y-%m}",
        "reconciliation": [_recon(r, redactor) for r in view.reconciliations],
        "list_price": {
            "months": [_waterfall(w) for w in view.months],
            "year_to_date": [_waterfall(w) for w in view.year_to_date],
        },
    }


def to_csv(view: FinanceView, redactor: Redactor) -> str:
    """Reconciliation lines as CSV, each period closed by its total, invoice and imported rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in view.reconciliations:
        head = [f"{r.period:%Y-%m}", r.provider, redactor.value("billing_account", r.account), r.currency]
        for line in r.lines:
            writer.writerow(
                [
                    *head,
                    line.kind,
                    line.rows,
                    *map(cents, (line.billed, line.effective, line.list_cost)),
                    cents(line.difference),
                ]
            )
        writer.writerow(
            [
                *head,
                "total",
                r.rows,
                cents(r.billed),
                cents(r.effective),
                cents(r.list_cost),
                cents(r.difference),
            ]
        )
        if r.invoice is not None:
            writer.writerow([*head, "invoice", "", cents(r.invoice), "", "", cents(r.invoice_difference)])
        if r.imported_billed is not None or r.imported_effective is not None:
            writer.writerow(
                [*head, "imported", "", cents(r.imported_billed), cents(r.imported_effective), "", ""]
            )
    return out.getvalue()


def _md(text: str | None) -> str:
    return "" if text is None else text.replace("|", "\\|")


def _md_recon(r: dict[str, Any]) -> list[str]:
    status = "final" if r["final"] else "NOT FINAL: " + "; ".join(r["not_final_because"])
    lines = [
        f"## {r['period']} · {_md(r['provider'])} · {_md(r['billing_account'])} ({status})",
        "",
        "| line | billed | effective | list | billed - effective |",
        "|---|---:|---:|---:|---:|",
    ]
    for line in r["lines"]:
        lines.append(
            f"| {line['label']} | {line['billed']} | {line['effective']} | {line['list']} | "
            f"{line['billed_minus_effective']} |"
        )
    lines.append(
        f"| **Total** | {r['billed']} | {r['effective']} | {r['list']} | {r['billed_minus_effective']} |"
    )
    if r["invoice"] is not None:
        lines += [
            "",
            f"Invoice {r['invoice']} {r['invoice_currency'] or ''} - billed = {r['invoice_minus_billed']}",
        ]
    if r["imported_billed"] is not None or r["imported_effective"] is not None:
        lines += ["", f"Imported: billed {r['imported_billed']}, effective {r['imported_effective']}"]
    return [*lines, ""]


def _md_list(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return ["No usage in this range.", ""]
    steps = [s["label"] for s in rows[0]["steps"]]
    head = "| period | provider | list | " + " | ".join(steps) + " | effective |"
    lines = [head, "|---|---|" + "---:|" * (len(steps) + 2)]
    for w in rows:
        amounts = " | ".join(s["amount"] for s in w["steps"])
        lines.append(f"| {w['period']} | {_md(w['provider'])} | {w['list']} | {amounts} | {w['effective']} |")
    return [*lines, ""]


def to_markdown(doc: dict[str, Any]) -> str:
    """Reconciliation per period, then the list-price view per month and for the year to date."""
    shown = doc["month"] or "every period"
    lines = [f"# Invoice reconciliation, {shown} (as of {doc['as_of']})", ""]
    if not doc["reconciliation"]:
        lines += ["No billing data in this range.", ""]
    for r in doc["reconciliation"]:
        lines += _md_recon(r)
    lines += ["# List price to effective cost", "", "## Per month", ""]
    lines += _md_list(doc["list_price"]["months"])
    lines += ["## Year to date", ""]
    lines += _md_list(doc["list_price"]["year_to_date"])
    return "\n".join(lines)
