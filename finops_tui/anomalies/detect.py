"""The whole detector: cache → series → band → runs → materiality → folding → root causes.

``detect`` is what the import step stores and what the screen and ``report anomalies`` run when the
stored result does not fit (another as-of date, other settings). Its inputs are the cache and an
injected ``as_of``; nothing reads the wall clock, so the same cache gives the same anomalies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import duckdb
import polars as pl

from finops_tui.anomalies.band import score_days
from finops_tui.anomalies.config import DetectorConfig
from finops_tui.anomalies.explain import contributors
from finops_tui.anomalies.fold import fold
from finops_tui.anomalies.models import SOURCE_LOCAL, Anomaly, BandPoint, Detection, ProviderWindow
from finops_tui.anomalies.runs import Run, find_runs
from finops_tui.anomalies.series import build_grid, provider_windows
from finops_tui.queries.anomalies import provider_spans, series_costs, tag_costs, tag_key
from finops_tui.tag_rules import TagRules

CHART_BEFORE = 28
"""Days of the chart before an anomaly starts."""
CHART_AFTER = 14
"""Days of the chart after it ends (or up to the newest day)."""


def anomaly_key(series_key: str, onset: date, source: str = SOURCE_LOCAL) -> str:
    """The key triage is stored under: stable as long as the data up to ``onset`` is unchanged.

    The first anomalous day is used rather than the window start or the kind: a climb is first
    flagged as a spike and only named a growth days later, with an earlier start, and its triage
    must not be lost in between.
    """
    return f"{source}|{series_key}|{onset.isoformat()}"


def material(a: Anomaly, cfg: DetectorConfig) -> bool:
    """Above both materiality gates (a new cost has no percentage to check)."""
    pct = a.impact_pct
    return abs(a.impact) >= cfg.min_impact and (pct is None or abs(pct) >= cfg.min_pct)


def detect(
    cur: duckdb.DuckDBPyConnection, *, as_of: date, cfg: DetectorConfig, rules: TagRules | None = None
) -> Detection:
    """Find the anomalies of every series up to ``as_of`` (inclusive).

    ``rules`` normalise the configured tag key's spellings and values (default: the built-in rules).
    """
    spans = provider_spans(cur)
    spans = [s for s in spans if s.first_day <= as_of]
    windows = provider_windows(spans, as_of, cfg)
    empty = Detection(as_of, (), tuple(windows), cfg.fingerprint(), cfg.tag_key)
    if not spans or all(w.evaluated_through is None for w in windows):
        return empty
    first = min(s.first_day for s in spans)
    base = series_costs(cur, first=first, last=as_of)
    if base.is_empty():
        return empty
    tag = tag_key(cur, cfg.tag_key, rules) if cfg.tag_key else None
    tags = tag_costs(cur, first=first, last=as_of, tag=tag) if tag else None
    grid = build_grid(base, tags, spans, windows, as_of, cfg)
    scored = score_days(grid.daily, cfg)
    meta = {int(row["series"]): row for row in grid.meta.iter_rows(named=True)}
    currency = {s.provider: s.currency for s in spans}
    runs: dict[str, Run] = {}
    found: list[Anomaly] = []
    for run in find_runs(scored, cfg):
        a = _anomaly(meta[run.series], run, currency)
        if material(a, cfg):
            runs[a.key] = run
            found.append(a)
    kept = fold(found, {key: run.deltas for key, run in runs.items()})
    shown = [a for a in kept if a.folded_into is None]
    finest = grid.meta.filter(pl.col("level") == "account_service")
    causes = dict(zip((a.key for a in shown), contributors(cur, shown, finest, tag), strict=True))
    final = [
        a
        if a.folded_into is not None
        else dataclasses.replace(
            a, contributors=causes[a.key], band=_band(scored, runs[a.key].series, a, _judged_to(windows, a))
        )
        for a in kept
    ]
    return Detection(as_of, tuple(final), tuple(windows), cfg.fingerprint(), cfg.tag_key)


def _judged_to(windows: Sequence[ProviderWindow], a: Anomaly) -> date | None:
    """The newest judged day of ``a``'s provider."""
    return next((w.evaluated_through for w in windows if w.provider == a.provider), None)


def _anomaly(meta: dict[str, Any], run: Run, currency: dict[str, str | None]) -> Anomaly:
    return Anomaly(
        key=anomaly_key(meta["series_key"], run.onset),
        source=SOURCE_LOCAL,
        level=meta["level"],
        series_key=meta["series_key"],
        provider=meta["provider"],
        sub_account_id=meta["sub_account_id"],
        sub_account_name=meta["sub_account_name"],
        service_name=meta["service_name"],
        tag_value=meta["tag_value"],
        kind=run.kind,
        start=run.start,
        end=run.end,
        onset=run.onset,
        last_flag=run.last_flag,
        actual=run.actual,
        expected=run.expected,
        score=run.score,
        persists=run.persists,
        ongoing=run.ongoing,
        currency=currency.get(meta["provider"]),
    )


def _band(scored: pl.DataFrame, series: int, a: Anomaly, judged_to: date | None) -> tuple[BandPoint, ...]:
    """The chart around ``a``: four weeks before it to two weeks after its last anomalous day."""
    first = a.start - timedelta(days=CHART_BEFORE)
    last = a.last_flag + timedelta(days=CHART_AFTER)
    rows = scored.filter(
        (pl.col("series") == series) & pl.col("day").is_between(first, last) & pl.col("cost").is_not_null()
    ).select("day", "cost", "expected", "lower", "upper", "flag")
    return tuple(
        BandPoint(
            day=day,
            actual=cost,
            expected=expected,
            lower=lower,
            upper=upper,
            flagged=bool(flag),
            complete=judged_to is not None and day <= judged_to,
        )
        for day, cost, expected, lower, upper, flag in rows.iter_rows()
    )
