"""The commitments view as JSON, CSV and Markdown (``report commitments``).

Money is rounded half-even to the cent and written as strings; percentages to one decimal. Account ids
and commitment ids (an AWS ARN carries the account, an Azure reservation path the order) are pseudonyms
when redacted.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from finops_tui.commitments.models import CommitmentsView, Group, Lifetime
from finops_tui.reports.redact import Redactor
from finops_tui.reports.trends import cents, pct

_DIMENSION = {"billing_account": "billing_account", "commitment": "resource"}
"""Redaction dimension of each scope's keys (provider and family names are kept)."""


def _units(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def group_key(g: Group, redactor: Redactor) -> str:
    """A group's key as shown (redacted for accounts and commitments)."""
    dim = _DIMENSION.get(g.scope)
    return redactor.value(dim, g.key) if dim else g.key


def group_label(g: Group, redactor: Redactor) -> str:
    """A group's label as shown: the pseudonym of its key when redacted (names identify too)."""
    dim = _DIMENSION.get(g.scope)
    return redactor.label(dim, g.key, g.label) if dim else g.label


def group_row(g: Group, redactor: Redactor) -> dict[str, str | None]:
    """One group as strings (also the CSV row)."""
    util, cov = g.utilisation_pct, g.coverage_pct
    return {
        "scope": g.scope,
        "provider": g.provider or None,
        "key": group_key(g, redactor),
        "label": group_label(g, redactor),
        "detail": g.detail or None,
        "used": cents(g.used),
        "unused": cents(g.unused),
        "utilisation_pct": pct(util),
        "previous_utilisation_pct": pct(g.previous_utilisation_pct),
        "covered": cents(g.covered),
        "on_demand": cents(g.on_demand),
        "other_usage": cents(g.other),
        "coverage_pct": pct(cov),
        "previous_coverage_pct": pct(g.previous_coverage_pct),
    }


def lifetime_row(x: Lifetime, redactor: Redactor) -> dict[str, Any]:
    """A commitment's first/last day in the data; ``end_date`` is null because FOCUS carries none."""
    return {
        "provider": x.provider,
        "billing_account_id": redactor.value("billing_account", x.billing_account_id or ""),
        "commitment_id": redactor.value("resource", x.commitment_id),
        "name": redactor.label("resource", x.commitment_id, x.commitment_name or x.commitment_id),
        "type": x.commitment_type,
        "first_day": x.first_day.isoformat(),
        "last_day": x.last_day.isoformat(),
        "status": "ended (rows stopped)" if x.ended else "active",
        "end_date": None,
    }


def as_document(view: CommitmentsView, redactor: Redactor) -> dict[str, Any]:
    """The whole view as plain JSON-ready data."""
    s = view.settings
    return {
        "as_of": view.as_of.isoformat(),
        "month": f"{view.month:%Y-%m}",
        "through": view.end.isoformat(),
        "currency": view.currency,
        "total": group_row(view.total, redactor),
        "groups": [group_row(g, redactor) for g in view.groups],
        "normalised_units": [
            {
                "provider": f.provider,
                "family": f.family,
                "covered": _units(f.covered_units),
                "on_demand": _units(f.on_demand_units),
                "unused_reserved": _units(f.unused_units),
            }
            for f in view.families
        ],
        "not_normalised": [
            {"provider": u.provider, "hours": _units(u.hours), "instance_types": list(u.types)}
            for u in view.unnormalised
        ],
        "lifetimes": [lifetime_row(x, redactor) for x in view.lifetimes],
        "guidance": {
            "assumptions": {
                "baseline_days": s.baseline_days,
                "baseline_percentile": s.baseline_percentile,
                "discount_pct": pct(s.discount_pct),
                "hours_per_year": 8760,
                "on_demand": "PricingCategory Standard usage without commitment of compute rows with an "
                "instance type",
                "ended_after_days": s.ended_after_days,
            },
            "providers": [
                {
                    "provider": g.provider,
                    "window": f"{g.start.isoformat()}..{g.end.isoformat()}",
                    "days_with_cost": g.days_with_cost,
                    "baseline_daily": cents(g.baseline_daily),
                    "on_demand_hourly": str(g.on_demand_hourly.quantize(Decimal("0.0001"))),
                    "commitment_hourly": str(g.commitment_hourly.quantize(Decimal("0.0001"))),
                    "annual_saving": cents(g.annual_saving),
                }
                for g in view.guidance
            ],
        },
    }


def groups_csv(view: CommitmentsView, redactor: Redactor) -> str:
    """The total and every group as CSV (one row each)."""
    rows = [group_row(view.total, redactor), *(group_row(g, redactor) for g in view.groups)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _md(text: object) -> str:
    return "—" if text is None else str(text).replace("|", "\\|")


def to_markdown(doc: dict[str, Any]) -> str:
    """A short Markdown report: totals, utilisation and coverage tables, units, lifetimes, guidance."""
    t = doc["total"]
    a = doc["guidance"]["assumptions"]
    lines = [
        f"# Commitments, {doc['month']} (through {doc['through']}, as of {doc['as_of']})",
        "",
        f"- Utilisation {_md(t['utilisation_pct'])} % (last month {_md(t['previous_utilisation_pct'])} %): "
        f"used {t['used']}, unused {t['unused']} {doc['currency'] or ''}".rstrip(),
        f"- Coverage {_md(t['coverage_pct'])} % (last month {_md(t['previous_coverage_pct'])} %): covered "
        f"{t['covered']}, on-demand {t['on_demand']}; other usage of those services (spot ...) "
        f"{t['other_usage']} is not counted",
        "",
        "## Utilisation and coverage",
        "",
        "| scope | provider | group | detail | used | unused | util. % | last month | covered | on-demand "
        "| cov. % |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {g['scope']} | {_md(g['provider'])} | {_md(g['label'])} | {_md(g['detail'])} | {g['used']} | "
            f"{g['unused']} | {_md(g['utilisation_pct'])} | {_md(g['previous_utilisation_pct'])} | "
            f"{g['covered']} | {g['on_demand']} | {_md(g['coverage_pct'])} |"
            for g in doc["groups"]
        ),
        "",
        "## Normalised unit-hours (AWS size normalisation)",
        "",
        "| provider | family | covered | on-demand | unused reserved |",
        "|---|---|---:|---:|---:|",
        *(
            f"| {u['provider']} | {_md(u['family'])} | {u['covered']} | {u['on_demand']} | "
            f"{u['unused_reserved']} |"
            for u in doc["normalised_units"]
        ),
        *(
            f"\nNot normalised ({u['provider']}): {u['hours']} hours of {_md(', '.join(u['instance_types']))}"
            for u in doc["not_normalised"]
        ),
        "",
        "## Commitments seen in the data (FOCUS has no end date)",
        "",
        "| provider | commitment | type | first day | last day | status |",
        "|---|---|---|---|---|---|",
        *(
            f"| {x['provider']} | {_md(x['name'])} | {_md(x['type'])} | {x['first_day']} | {x['last_day']} | "
            f"{x['status']} |"
            for x in doc["lifetimes"]
        ),
        "",
        "## Guidance (a suggestion, not a purchase)",
        "",
        f"Baseline: the {a['baseline_percentile']}th percentile of daily on-demand instance cost over "
        f"{a['baseline_days']} days; assumed discount {a['discount_pct']} %; "
        f"{a['hours_per_year']} hours a year.",
        "",
        "| provider | window | baseline / day | on-demand / h | commitment / h | saving / year |",
        "|---|---|---:|---:|---:|---:|",
        *(
            f"| {g['provider']} | {g['window']} | {g['baseline_daily']} | {g['on_demand_hourly']} | "
            f"{g['commitment_hourly']} | {g['annual_saving']} |"
            for g in doc["guidance"]["providers"]
        ),
    ]
    return "\n".join(lines) + "\n"
