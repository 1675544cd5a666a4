"""One change, one line: fold an anomaly of a coarse series into the finer one that explains it.

A spike on one account's CloudFront also lifts the account, AWS CloudFront and AWS as a whole. Listing
all four would make the meeting read one event four times, so each coarse anomaly is compared with
the anomalies kept at finer levels inside its scope: when, over the coarse anomaly's days, they carry
at least half of its delta in the same direction, it is folded into the largest of them
(``Detection.folded`` lists them back). A coarse anomaly that nothing finer explains (a rise spread
over many services, none anomalous alone) stays on the list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta

from finops_tui.anomalies.models import Anomaly

EXPLAINED_SHARE = 0.5
"""Share of a coarse anomaly's delta that finer anomalies must carry to fold it."""

_ORDER = ("account_service", "sub_account", "service", "tag", "provider")
"""Levels in folding order: finest first."""


def _inside(coarse: Anomaly, fine: Anomaly) -> bool:
    """True when ``fine``'s series lies inside ``coarse``'s scope (tags cut across accounts)."""
    if _ORDER.index(fine.level) >= _ORDER.index(coarse.level) or coarse.provider != fine.provider:
        return False
    if coarse.level == "tag":
        return True
    if fine.level == "tag":
        return coarse.level == "provider"
    return all(
        getattr(coarse, f) is None or getattr(coarse, f) == getattr(fine, f)
        for f in ("sub_account_id", "service_name")
    )


def _days(a: Anomaly) -> list[date]:
    return [a.start + timedelta(days=i) for i in range(a.days)]


def fold(anomalies: Sequence[Anomaly], deltas: dict[str, dict[date, float]]) -> list[Anomaly]:
    """Return ``anomalies`` with coarse ones folded (``folded_into`` set to the finer one's key).

    Args:
        anomalies: material anomalies of every level.
        deltas: per anomaly key, actual minus expected on each day of its run.
    """
    kept: list[Anomaly] = []
    folded: dict[str, str] = {}
    ranked = sorted(anomalies, key=lambda a: (_ORDER.index(a.level), -abs(a.impact), a.key))
    for a in ranked:
        if a.level == "account_service" or a.impact == 0:
            kept.append(a)
            continue
        days = _days(a)
        carried: dict[str, float] = {}
        for b in kept:
            if not _inside(a, b) or (b.impact > 0) != (a.impact > 0):
                continue
            share = sum(deltas.get(b.key, {}).get(d, 0.0) for d in days)
            if share * a.impact > 0:
                carried[b.key] = share
        per_level: dict[str, float] = {}
        by_key = {b.key: b for b in kept}
        for key, share in carried.items():
            per_level[by_key[key].level] = per_level.get(by_key[key].level, 0.0) + share
        explained = max(per_level.values(), default=0.0)
        if explained / a.impact >= EXPLAINED_SHARE:
            folded[a.key] = max(carried, key=lambda k: abs(carried[k]))
        else:
            kept.append(a)
    return [dataclasses.replace(a, folded_into=folded.get(a.key)) for a in anomalies]
