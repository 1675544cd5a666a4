"""From flagged days to anomalies: merge consecutive days, name the kind, measure the impact.

Per series, consecutive flagged days of one direction (a single quiet day between them is bridged)
form a run, and each run gets one of five kinds that read well in a meeting:

* **new** — the series had no cost at all in the trailing window and now has material cost;
* **removed** — the series had cost and has had none since (through the newest data);
* **growth** — at least ``growth_days`` consecutive days each above the day before by
  ``growth_rate_pct`` (measured against the seasonal baseline, so a weekend dip is no break);
* **spike** / **drop** — anything else above / below the band.

A change that lasts (a new service, a removed one, the plateau after a climb, a step that does not go
back) is measured over its onset — the climb itself, or the first ``persist_days`` days — and marked
``persists``; the days after are the new normal and appear only in the monthly projection, so a
lasting change is reported once, not re-counted every day until the baseline catches up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from finops_tui.anomalies.config import DetectorConfig

MAX_GAP = 1
"""Quiet days bridged between two flagged days of the same direction."""


@dataclass(frozen=True)
class Run:
    """One anomaly of one series, before folding across levels and before contributors."""

    series: int
    kind: str
    start: date
    end: date
    onset: date
    """First flagged day (the growth window may start earlier: the climb starts before it shows)."""
    last_flag: date
    """Last flagged day of the run, persisting days included."""
    actual: float
    expected: float
    score: float
    persists: bool
    ongoing: bool
    """The run reaches the newest evaluated day."""
    deltas: dict[date, float]
    """actual - expected per day over the whole run (window and persisting days), for folding."""


def find_runs(scored: pl.DataFrame, cfg: DetectorConfig) -> list[Run]:
    """Every run of every series in a frame scored by ``band.score_days``."""
    flagged = scored.filter(pl.col("flag") != 0).get_column("series").unique()
    if flagged.is_empty():
        return []
    subset = scored.filter(pl.col("series").is_in(flagged.implode()))
    runs: list[Run] = []
    for part in subset.partition_by("series", maintain_order=True):
        runs.extend(_series_runs(part, cfg))
    return runs


@dataclass
class _Series:
    """One series' days as plain lists (None where unknown)."""

    series: int
    day: list[date]
    cost: list[float | None]
    expected: list[float | None]
    score: list[float | None]
    flag: list[int]
    seen: list[bool]
    evaluable: list[bool]

    @classmethod
    def of(cls, part: pl.DataFrame) -> _Series:
        def col(name: str) -> list[Any]:
            return part.get_column(name).to_list()

        return cls(
            int(col("series")[0]), col("day"), col("cost"), col("expected"), col("score"), col("flag"),
            col("seen"), col("evaluable"),
        )  # fmt: skip

    def ratio(self, t: int) -> float | None:
        """Actual over expected on day ``t`` (the seasonally adjusted level)."""
        cost, expected = self.cost[t], self.expected[t]
        if cost is None or expected is None or expected <= 0:
            return None
        return cost / expected


def _spans(flag: list[int]) -> Iterator[tuple[int, int, int]]:
    """(first, last, sign) of each run of same-sign flags, bridging gaps of up to ``MAX_GAP`` days."""
    run: tuple[int, int, int] | None = None
    for i, f in enumerate(flag):
        if not f:
            continue
        if run is not None and f == run[2] and i - run[1] <= MAX_GAP + 1:
            run = (run[0], i, f)
            continue
        if run is not None:
            yield run
        run = (i, i, f)
    if run is not None:
        yield run


def _series_runs(part: pl.DataFrame, cfg: DetectorConfig) -> list[Run]:
    s = _Series.of(part)
    judged = [i for i, e in enumerate(s.evaluable) if e]
    if not judged:
        return []
    flags = [f if e else 0 for f, e in zip(s.flag, s.evaluable, strict=True)]
    found = [_classify(s, i0, i1, sign, judged[-1], cfg) for i0, i1, sign in _spans(flags)]
    return [r for r in found if r is not None]


def _growth_window(s: _Series, i0: int, cfg: DetectorConfig) -> tuple[int, int] | None:
    """The climb around the first flagged day: consecutive days each up by the growth rate."""
    step = 1.0 + cfg.growth_rate_pct / 100.0

    def rising(t: int) -> bool:
        if t < 1 or t >= len(s.day) or not (s.evaluable[t] and s.evaluable[t - 1]):
            return False
        now, before = s.ratio(t), s.ratio(t - 1)
        return now is not None and before is not None and now >= before * step

    if not rising(i0):
        return None
    g0, g1 = i0, i0
    while rising(g0 - 1):
        g0 -= 1
    while rising(g1 + 1):
        g1 += 1
    return (g0, g1) if g1 - g0 + 1 >= cfg.growth_days else None


def _classify(s: _Series, i0: int, i1: int, sign: int, last_judged: int, cfg: DetectorConfig) -> Run | None:
    persist = cfg.persist_days
    kind = "spike" if sign > 0 else "drop"
    w0, w1 = i0, min(i1, i0 + persist - 1)
    if sign > 0 and not s.seen[i0]:
        kind = "new"
    elif sign < 0 and all(abs(c or 0.0) < 0.005 for c in s.cost[i0:]):
        kind = "removed"
    elif sign > 0 and (climb := _growth_window(s, i0, cfg)) is not None:
        kind, (w0, w1) = "growth", climb
    days = range(w0, w1 + 1)
    expected = [s.expected[t] for t in days]
    if any(e is None for e in expected):
        return None
    span = range(min(w0, i0), max(w1, i1) + 1)
    deltas = {
        s.day[t]: (s.cost[t] or 0.0) - (s.expected[t] or 0.0) for t in span if s.expected[t] is not None
    }
    scores = [abs(v) for t in days if (v := s.score[t]) is not None]
    return Run(
        series=s.series,
        kind=kind,
        start=s.day[w0],
        end=s.day[w1],
        onset=s.day[i0],
        last_flag=s.day[i1],
        actual=sum(s.cost[t] or 0.0 for t in days),
        expected=sum(e or 0.0 for e in expected),
        score=max(scores, default=0.0),
        persists=kind in ("new", "removed") or i1 > w1,
        ongoing=i1 >= last_judged,
        deltas=deltas,
    )
