"""The anomaly list as JSON, CSV or Markdown (``finops-tui report anomalies`` and the screen's export).

The same rows as the screen (``anomalies.view``), with their triage from the workspace. Money is
written as strings rounded to the cent; account and resource ids go through the ``Redactor``, so an
export made with redaction on carries no real id (anomaly keys included).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from finops_tui.anomalies.models import AnomalyRow, Detection
from finops_tui.anomalies.store import load_detection
from finops_tui.anomalies.triage import load_triage
from finops_tui.anomalies.view import (
    KIND_TITLES,
    AnomalyFilter,
    anomaly_rows,
    contributor_label,
    judged_text,
    redacted_key,
    series_label,
)
from finops_tui.reports.redact import Redactor
from finops_tui.reports.source import existing_cache, resolve_as_of
from finops_tui.reports.trends import cents, pct
from finops_tui.settings import Settings
from finops_tui.workspace import Workspace

COLUMNS = (
    "key", "source", "kind", "level", "series", "provider", "start", "end", "days", "expected", "actual",
    "impact", "impact_pct", "monthly_impact", "score", "persists", "ongoing", "status", "owner", "note",
    "top_usage_type", "top_resource", "top_region",
)  # fmt: skip


def _money(value: float) -> str:
    return str(cents(Decimal(repr(value))))


def _pct(value: float | None) -> str | None:
    return None if value is None else pct(Decimal(repr(value)))


def anomaly_doc(row: AnomalyRow, detection: Detection, redactor: Redactor) -> dict[str, Any]:
    """One anomaly with its triage, contributors and the coarser series it also shows in."""
    a, t = row.anomaly, row.triage
    return {
        "key": redacted_key(a, redactor),
        "source": a.source,
        "kind": a.kind,
        "level": a.level,
        "series": series_label(a, redactor, detection.tag_key),
        "provider": a.provider,
        "sub_account": None if a.sub_account_id is None else redactor.value("sub_account", a.sub_account_id),
        "service": a.service_name,
        "tag_value": a.tag_value,
        "start": a.start.isoformat(),
        "end": a.end.isoformat(),
        "days": a.days,
        "currency": a.currency,
        "expected": _money(a.expected),
        "actual": _money(a.actual),
        "impact": _money(a.impact),
        "impact_pct": _pct(a.impact_pct),
        "monthly_impact": _money(a.monthly_impact),
        "score": f"{a.score:.1f}",
        "persists": a.persists,
        "ongoing": a.ongoing,
        "status": t.status,
        "owner": t.owner and redactor.text(t.owner),
        "note": t.note and redactor.text(t.note),
        "contributors": [
            {
                "dimension": c.dimension,
                "value": contributor_label(c.dimension, c.value, c.label, redactor),
                "actual": _money(c.actual),
                "expected": _money(c.expected),
                "delta": _money(c.delta),
                "share_pct": _pct(c.share * 100),
            }
            for c in a.contributors
        ],
        "also_seen_in": [series_label(b, redactor, detection.tag_key) for b in detection.folded(a)],
    }


def as_document(
    detection: Detection, rows: list[AnomalyRow], redactor: Redactor, flt: AnomalyFilter
) -> dict[str, Any]:
    """The whole list as plain JSON-ready data."""
    return {
        "as_of": detection.as_of.isoformat(),
        "detection": "stored at import" if detection.stored else "computed now",
        "filters": dataclasses.asdict(flt),
        "judged": judged_text(detection.providers),
        "providers": [
            {
                "provider": w.provider,
                "newest_day": w.newest_day.isoformat(),
                "evaluated_through": w.evaluated_through.isoformat() if w.evaluated_through else None,
                "incomplete_days": w.incomplete_days,
                "lag_hours": w.lag_hours,
            }
            for w in detection.providers
        ],
        "anomalies": [anomaly_doc(r, detection, redactor) for r in rows],
    }


def _top(doc: dict[str, Any], dimension: str) -> str | None:
    found = next((c for c in doc["contributors"] if c["dimension"] == dimension), None)
    return None if found is None else f"{found['value']} ({found['share_pct']}%)"


def to_csv(document: dict[str, Any]) -> str:
    """One line per anomaly, with its largest usage type, resource and region."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for a in document["anomalies"]:
        writer.writerow(
            a
            | {
                "top_usage_type": _top(a, "usage_type"),
                "top_resource": _top(a, "resource"),
                "top_region": _top(a, "region"),
            }
        )
    return out.getvalue()


def _md(text: object) -> str:
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(document: dict[str, Any]) -> str:
    """A short Markdown report: what was judged, the list, then each anomaly's contributors."""
    lines = [
        f"# Anomalies as of {document['as_of']}",
        "",
        f"Judged: {document['judged'] or 'nothing yet'}. Sorted by absolute impact.",
        "",
        "| impact | kind | series | start | days | expected | actual | monthly if it persists | status |",
        "|---:|---|---|---|---:|---:|---:|---:|---|",
    ]
    for a in document["anomalies"]:
        kind = KIND_TITLES.get(a["kind"], a["kind"])
        lines.append(
            f"| {a['impact']} | {kind} | {_md(a['series'])} | {a['start']} | {a['days']} | {a['expected']} | "
            f"{a['actual']} | {a['monthly_impact']} | {_md(a['status'])} |"
        )
    for a in document["anomalies"]:
        lines += ["", f"## {_md(a['series'])}: {KIND_TITLES.get(a['kind'], a['kind'])} from {a['start']}", ""]
        if a["owner"] or a["note"]:
            lines += [f"Owner: {_md(a['owner']) or '—'}. Note: {_md(a['note']) or '—'}.", ""]
        for c in a["contributors"]:
            lines.append(
                f"- {c['dimension']} {_md(c['value'])}: {c['delta']} ({c['share_pct']}% of the change)"
            )
    return "\n".join(lines) + "\n"


def run_report_anomalies(
    db: Path,
    *,
    settings: Settings,
    as_of: date | None,
    min_impact: float | None,
    output_format: str,
    redact: bool,
    flt: AnomalyFilter,
) -> int:
    """Print the anomaly list on stdout as JSON, CSV or Markdown."""
    cfg = settings.anomalies
    if min_impact is not None:
        cfg = dataclasses.replace(cfg, min_impact=min_impact)
    flt = dataclasses.replace(flt, min_impact=cfg.min_impact)  # the document names the gate that applied
    cache = existing_cache(db)
    triage = load_triage(Workspace.for_cache(db))
    with cache.reader() as cur:
        day = resolve_as_of(cur, db, as_of)
        detection = load_detection(cur, as_of=day, cfg=cfg, rules=settings.tag_rules())
    redactor = Redactor(redact or settings.redact)
    doc = as_document(detection, anomaly_rows(detection, triage, flt), redactor, flt)
    if output_format == "json":
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    elif output_format == "csv":
        text = to_csv(doc)
    else:
        text = to_markdown(doc)
    sys.stdout.write(text)
    return 0
