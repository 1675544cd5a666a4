"""The anomaly list as people read it: filtered, sorted by money, labelled, triage attached.

The screen and ``report anomalies`` both build their rows here, so they list the same anomalies in
the same order with the same words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from finops_tui.anomalies.models import (
    OPEN_STATUSES,
    Anomaly,
    AnomalyRow,
    Detection,
    ProviderWindow,
    Triage,
)
from finops_tui.anomalies.names import ALL as ALL
from finops_tui.anomalies.names import OPEN as OPEN
from finops_tui.anomalies.names import STATUS_FILTERS as STATUS_FILTERS
from finops_tui.reports.redact import Redactor

KIND_TITLES: dict[str, str] = {
    "spike": "Spike",
    "drop": "Drop",
    "new": "New cost",
    "removed": "Removed cost",
    "growth": "Steady growth",
}


@dataclass(frozen=True)
class AnomalyFilter:
    """What the list shows."""

    status: str = ALL
    provider: str = ALL
    kind: str = ALL
    min_impact: float = 0.0
    """Smallest absolute impact shown (on top of the detector's own materiality gate)."""

    def keeps(self, row: AnomalyRow) -> bool:
        """True when ``row`` passes every filter."""
        a, status = row.anomaly, row.triage.status
        if self.status == OPEN and status not in OPEN_STATUSES:
            return False
        if self.status not in (ALL, OPEN) and status != self.status:
            return False
        if self.provider != ALL and a.provider != self.provider:
            return False
        if self.kind != ALL and a.kind != self.kind:
            return False
        return abs(a.impact) >= self.min_impact


def anomaly_rows(
    detection: Detection, triage: Mapping[str, Triage], flt: AnomalyFilter | None = None
) -> list[AnomalyRow]:
    """The visible anomalies with their triage, filtered, largest absolute impact first."""
    flt = flt or AnomalyFilter()
    rows = [AnomalyRow(a, triage.get(a.key) or Triage(a.key)) for a in detection.visible]
    return [r for r in rows if flt.keeps(r)]


def series_label(a: Anomaly, redactor: Redactor, tag_key: str | None = None) -> str:
    """The series in words: ``acme-prod · AWS Lambda``, ``AWS · Amazon S3``, ``AWS · team = web``."""
    account = None
    if a.sub_account_id is not None:
        account = redactor.label("sub_account", a.sub_account_id, a.sub_account_name or a.sub_account_id)
    if a.level == "tag":
        return f"{a.provider} · {tag_key or 'tag'} = {a.tag_value}"
    if a.level == "account_service":
        return f"{account} · {a.service_name}"
    if a.level == "sub_account":
        return f"{a.provider} · {account}"
    if a.level == "service":
        return f"{a.provider} · {a.service_name}"
    return a.provider or ""


def redacted_key(a: Anomaly, redactor: Redactor) -> str:
    """The anomaly key as shown (a key names the sub-account, so it becomes a pseudonym too)."""
    if not redactor.on or a.sub_account_id is None:
        return a.key
    return a.key.replace(a.sub_account_id, redactor.value("sub_account", a.sub_account_id))


def contributor_label(dimension: str, value: str, label: str, redactor: Redactor) -> str:
    """A contributor's value as shown (accounts and resources become pseudonyms when redacting)."""
    return redactor.label(dimension, value, label)


def judged_text(windows: Sequence[ProviderWindow], *, short: bool = False) -> str:
    """What was judged: ``AWS through 2026-11-20 (1 newer day incomplete), …`` (or ``AWS ≤11-20``)."""
    parts = []
    for w in windows:
        n = w.incomplete_days
        if w.evaluated_through is None:
            parts.append(f"{w.provider}: not enough history yet")
        elif short:
            parts.append(f"{w.provider} ≤{w.evaluated_through:%m-%d}" + (f" (+{n} incomplete)" if n else ""))
        else:
            waiting = f" ({n} newer day{'s' if n > 1 else ''} incomplete)" if n else ""
            parts.append(f"{w.provider} through {w.evaluated_through.isoformat()}{waiting}")
    return ", ".join(parts)
