"""The allocation view and the showback as JSON, CSV and Markdown (``report allocation|showback``).

Money is rounded half-even to the cent and written as strings. The showback CSV is a chargeback
journal: one line per team (and ``(unallocated)``), rounded so the lines add up to the month's total
to the cent (largest remainder), direct + shared = total on every line.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from finops_tui.allocation_models import AllocationView, Coverage, Gap, Showback
from finops_tui.reports.redact import Redactor
from finops_tui.reports.trends import cents, pct
from finops_tui.showback import CENT, round_to_target

COVERAGE_COLUMNS = ("scope", "key", "label", "total", "taggable", "untaggable", "untagged")
GAP_COLUMNS = (
    "resource_id",
    "sub_account_id",
    "sub_account",
    "service",
    "cost",
    "missing",
    "owner_guess",
    "owner_source",
)
SHOWBACK_COLUMNS = ("month", "team", "direct", "shared", "total", "previous_total", "change", "currency")
_SCOPE_DIM = {
    "sub_account": "sub_account",
    "provider": "provider",
    "service": "service",
    "overall": "overall",
}


def _coverage_row(c: Coverage, required: tuple[str, ...], redactor: Redactor) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "scope": c.scope,
        "key": redactor.value(_SCOPE_DIM[c.scope], c.key),
        "label": redactor.label(_SCOPE_DIM[c.scope], c.key, c.label),
        "total": cents(c.total),
        "taggable": cents(c.taggable),
        "untaggable": cents(c.untaggable),
        "untagged": cents(c.untagged),
    }
    for i, key in enumerate(required):
        row[f"coverage_{key}_pct"] = pct(c.pct(i))
    row["coverage_all_pct"] = pct(c.pct(-1))
    return row


def _gap_row(g: Gap, redactor: Redactor) -> dict[str, Any]:
    """One gap with its whole resource id (the screen shows only its end), redacted as asked."""
    return {
        "resource_id": redactor.value("resource", g.resource_id),
        "sub_account_id": redactor.value("sub_account", g.sub_account_id or ""),
        "sub_account": redactor.label("sub_account", g.sub_account_id or "", g.sub_account_name or ""),
        "service": g.service,
        "cost": cents(g.cost),
        "missing": list(g.missing),
        "owner_guess": g.owner_guess,
        "owner_source": g.owner_source,
    }


def gaps_csv(view: AllocationView, redactor: Redactor) -> str:
    """The month's gaps as CSV, largest first (``missing``: the required keys, ``;``-separated)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=("month", *GAP_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for g in view.gaps:
        row = _gap_row(g, redactor)
        writer.writerow({**row, "month": f"{view.month:%Y-%m}", "missing": ";".join(row["missing"])})
    return out.getvalue()


def showback_lines(showback: Showback, currency: str | None) -> list[dict[str, str | None]]:
    """The chargeback journal lines: cents that add up to the month's total exactly."""
    rows = showback.rows
    target = showback.total.quantize(CENT)
    totals = round_to_target([r.total for r in rows], target)
    direct_target = sum((r.direct for r in rows), Decimal(0)).quantize(CENT)
    directs = round_to_target([r.direct for r in rows], direct_target)
    out: list[dict[str, str | None]] = []
    for r, total, direct in zip(rows, totals, directs, strict=True):
        previous = None if r.previous is None else r.previous.quantize(CENT)
        out.append(
            {
                "month": f"{showback.month:%Y-%m}",
                "team": r.team,
                "direct": str(direct),
                "shared": str(total - direct),
                "total": str(total),
                "previous_total": None if previous is None else str(previous),
                "change": None if previous is None else str(total - previous),
                "currency": currency,
            }
        )
    return out


def showback_csv(showback: Showback, currency: str | None) -> str:
    """The chargeback journal as CSV."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SHOWBACK_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(showback_lines(showback, currency))
    return out.getvalue()


def as_document(view: AllocationView, redactor: Redactor) -> dict[str, Any]:
    """The whole view as plain JSON-ready data."""
    point = view.point
    return {
        "as_of": view.as_of.isoformat(),
        "month": f"{view.month:%Y-%m}",
        "currency": view.currency,
        "required_tags": list(view.required),
        "target_pct": pct(view.target_pct),
        "readiness_pct": pct(point.readiness_pct),
        "coverage_all_pct": pct(point.coverage_pct),
        "totals": {
            "total": cents(view.overall.total),
            "taggable": cents(view.overall.taggable),
            "untaggable": cents(view.overall.untaggable),
            "untagged": cents(view.overall.untagged),
        },
        "untaggable": [{"reason": u.reason, "cost": cents(u.cost)} for u in view.untaggable],
        "coverage": [_coverage_row(c, view.required, redactor) for c in view.coverage],
        "trend": [
            {
                "month": f"{p.month:%Y-%m}",
                "complete": p.complete,
                "total": cents(p.total),
                "coverage_all_pct": pct(p.coverage_pct),
                "readiness_pct": pct(p.readiness_pct),
            }
            for p in view.trend
        ],
        "gaps": [_gap_row(g, redactor) for g in view.gaps],
        "hygiene_cost": cents(view.hygiene_cost),
        "hygiene": [
            {
                "kind": h.kind,
                "key": h.key,
                "variants": [{"spelling": v.spelling, "cost": cents(v.cost)} for v in h.variants],
                "proposal": h.proposal,
                "affected": cents(h.affected),
            }
            for h in view.hygiene
        ],
        "showback": {
            "pools": [{"name": n, "cost": cents(c)} for n, c in view.showback.pools],
            "total": cents(view.showback.total),
            "lines": showback_lines(view.showback, view.currency),
        },
    }


def to_json(document: dict[str, Any]) -> str:
    """Pretty JSON."""
    return json.dumps(document, indent=2, ensure_ascii=False)


def coverage_csv(view: AllocationView, redactor: Redactor) -> str:
    """Every coverage row (overall, provider, sub-account, service) as CSV."""
    rows = [_coverage_row(c, view.required, redactor) for c in view.coverage]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _md(text: str | None) -> str:
    return "" if text is None else text.replace("|", "\\|")


def to_markdown(doc: dict[str, Any]) -> str:
    """A short Markdown report: score, coverage, untaggable, top gaps, hygiene, showback."""
    t = doc["totals"]
    lines = [
        f"# Allocation readiness, {doc['month']} (as of {doc['as_of']})",
        "",
        f"- Readiness (cost with an owner): {doc['readiness_pct']} % (target {doc['target_pct']} %)",
        f"- Coverage of all required tags ({', '.join(doc['required_tags'])}): "
        f"{doc['coverage_all_pct']} % of taggable cost",
        f"- Total {t['total']} · taggable {t['taggable']} · untagged {t['untagged']} · "
        f"untaggable {t['untaggable']} {doc['currency'] or ''}".rstrip(),
        "",
        "## Untaggable",
        "",
        *(f"- {_md(u['reason'])}: {u['cost']}" for u in doc["untaggable"]),
        "",
        "## Top gaps",
        "",
        "| resource | sub-account | service | cost | missing | owner guess |",
        "|---|---|---|---:|---|---|",
        *(
            f"| {_md(g['resource_id'])} | {_md(g['sub_account'])} | {_md(g['service'])} | {g['cost']} | "
            f"{_md(', '.join(g['missing']))} | {_md(g['owner_guess'])} |"
            for g in doc["gaps"][:20]
        ),
        "",
        "## Tag hygiene",
        "",
        f"Cost carrying a non-proposed spelling (each resource once): {doc['hygiene_cost']}",
        "",
        "| kind | key | spellings | proposal | cost affected |",
        "|---|---|---|---|---:|",
        *(
            f"| {h['kind']} | {_md(h['key'])} | "
            f"{_md(', '.join(repr(v['spelling']) for v in h['variants']))} | {_md(repr(h['proposal']))} | "
            f"{h['affected']} |"
            for h in doc["hygiene"]
        ),
        "",
        "## Showback",
        "",
        "| team | direct | shared | total | last month | change |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {_md(r['team'])} | {r['direct']} | {r['shared']} | {r['total']} | "
            f"{r['previous_total'] or '—'} | {r['change'] or '—'} |"
            for r in doc["showback"]["lines"]
        ),
        f"| **total** | | | {doc['showback']['total']} | | |",
    ]
    return "\n".join(lines) + "\n"
