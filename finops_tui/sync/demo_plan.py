"""Where the demo's anomalies go: three of each kind, one old, one mid-history, one in the last 45 days.

Each anomaly lives on its own provider x sub-account x service series, and only on series built to make
it unambiguous: spikes and drops on purely usage-driven services, steady climbs on low-noise logging
series with no weekday pattern (so every day of the climb is higher than the day before), new services
on a mid-month day in an account that never used them. The rest of the estate has bounded noise and
only small late-starting resources, so the listed anomalies are the only ones to find.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from finops_tui.sync.demo_catalog import Builder, Meter, Res
from finops_tui.sync.demo_estate import (
    AWS_ACCOUNTS,
    AZURE_ACCOUNTS,
    S_BEDROCK,
    S_CF,
    S_CW,
    S_LAMBDA,
    S_SAGEMAKER,
    Z_AI,
    Z_BANDWIDTH,
    Z_FUNCTIONS,
    Z_LOGS,
    Account,
)
from finops_tui.sync.demo_newcomers import build_ai_services, build_bedrock, build_sagemaker

MIN_SERIES_DAILY = 40.0
"""Smallest daily cost (USD) of a series carrying a spike, drop or climb, whatever the scale."""


@dataclass(frozen=True, slots=True)
class Anomaly:
    """An injected anomaly on one series; days are indices from the first generated day, inclusive."""

    kind: str
    account: Account
    service: str
    start: int
    end: int
    resource_ids: tuple[str, ...]
    usage_type: str
    persists: bool


NewBuilder = Callable[[Builder, Account, int], list[Res]]
_NEW: dict[str, tuple[str, NewBuilder]] = {
    "sagemaker": (S_SAGEMAKER.name, build_sagemaker),
    "bedrock": (S_BEDROCK.name, build_bedrock),
    "ai": (Z_AI.name, build_ai_services),
}

PLAN: tuple[tuple[str, str, str, str, str], ...] = (
    ("spike", "AWS", "data", S_LAMBDA.name, "old"),
    ("spike", "Microsoft", "prod", Z_BANDWIDTH.name, "mid"),
    ("spike", "AWS", "prod", S_CF.name, "recent"),
    ("drop", "AWS", "prod", S_LAMBDA.name, "old"),
    ("drop", "AWS", "staging", S_CF.name, "mid"),
    ("drop", "Microsoft", "data", Z_FUNCTIONS.name, "recent"),
    ("growth", "AWS", "shared", S_CW.name, "old"),
    ("growth", "Microsoft", "prod", Z_LOGS.name, "mid"),
    ("growth", "AWS", "prod", S_CW.name, "recent"),
    ("new", "AWS", "data", "sagemaker", "old"),
    ("new", "Microsoft", "data", "ai", "mid"),
    ("new", "AWS", "prod", "bedrock", "recent"),
)
"""(kind, provider, account role, service name or new-service key, era)."""

_WINDOWS: dict[tuple[str, str], tuple[int, int]] = {
    ("spike", "old"): (70, 110), ("spike", "mid"): (190, 240),
    ("drop", "old"): (115, 150), ("drop", "mid"): (245, 285),
    ("growth", "old"): (80, 120), ("growth", "mid"): (200, 240),
    ("new", "old"): (60, 160), ("new", "mid"): (170, 280),
}  # fmt: skip
"""Start-day ranges of the older anomalies (the history is always ≥ 366 days long)."""

_RECENT: dict[str, tuple[int, int]] = {"spike": (8, 14), "drop": (30, 36), "growth": (40, 43), "new": (7, 40)}
"""Start ranges of the recent anomalies, in days before the last day."""

_LENGTHS: dict[str, tuple[int, int]] = {"spike": (1, 3), "drop": (4, 6), "growth": (12, 14), "new": (7, 7)}


def _start_day(b: Builder, kind: str, era: str, first: date) -> int:
    last = b.n_days - 1
    lo, hi = _WINDOWS[(kind, era)] if era != "recent" else (last - _RECENT[kind][1], last - _RECENT[kind][0])
    if kind == "new":  # a mid-month day: the 10th to the 20th
        days = [d for d in range(lo, hi + 1) if 10 <= (first + timedelta(days=d)).day <= 20]
        return b.pick(days)
    return b.rng.randint(lo, hi)


def _largest(meters: list[Meter]) -> Meter:
    return max(meters, key=lambda m: m.daily_estimate())


def plan_anomalies(b: Builder, first: date) -> list[Anomaly]:
    """Inject every anomaly of ``PLAN`` into the catalogue and return their ground truth."""
    planned: list[Anomaly] = []
    for kind, provider, key, service, era in PLAN:
        acct = (AWS_ACCOUNTS if provider == "AWS" else AZURE_ACCOUNTS)[key]
        start = _start_day(b, kind, era, first)
        end = start + b.rng.randint(*_LENGTHS[kind]) - 1
        if kind == "new":
            name, build = _NEW[service]
            made = build(b, acct, start)
            ids = {id(r) for r in made}
            meters = [m for m in b.meters if id(m.res) in ids]
            planned.append(Anomaly(kind, acct, name, start, end, tuple(str(r.rid) for r in made),
                                   _largest(meters).usage_type, True))  # fmt: skip
            continue
        series = [m for m in b.meters if m.series == (provider, acct.sub_id, service)]
        size = sum(m.daily_estimate() for m in series)
        if size < MIN_SERIES_DAILY:  # small scales: keep the anomaly above any sensible $ gate
            for m in series:
                m.base *= MIN_SERIES_DAILY / size
        if kind == "spike":
            base = [m for m in series if m.res.start <= start]
            per_res: dict[int, float] = {}
            for m in base:
                per_res[id(m.res)] = per_res.get(id(m.res), 0.0) + m.daily_estimate()
            target = max(base, key=lambda m: per_res[id(m.res)]).res
            factor = b.rng.uniform(3.2, 4.8)
            mult = 1 + (factor - 1) * sum(m.daily_estimate() for m in base) / per_res[id(target)]
            affected = [m for m in series if m.res is target]
        elif kind == "drop":
            mult = b.rng.uniform(0.02, 0.05)
            affected = series
        else:
            mult = 1 + b.rng.uniform(0.06, 0.08)
            affected = [m for m in series if m.res.rid is not None]
        for m in affected:
            m.anom_kind, m.anom_start, m.anom_end, m.anom_mult = kind, start, end, mult
        rids = sorted({str(m.res.rid) for m in affected if m.res.rid is not None and m.res.start <= end})
        planned.append(Anomaly(kind, acct, service, start, end, tuple(rids), _largest(affected).usage_type,
                               kind == "growth"))  # fmt: skip
    return planned
