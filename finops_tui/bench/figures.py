"""One measured figure beside its baseline and target, as the single benchmark table prints it.

Every benchmark module returns its results as ``Figure`` rows so ``finops-tui bench`` can put the
app's number, the raw DuckDB number for the same question measured in the same run, the target and
the growth from 1M to 10M line items in one table (and one JSON file) without knowing each module.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measurement: the app's value, the raw baseline beside it, and what it should reach."""

    key: str
    """Stable id, e.g. ``trends.initial`` (rows of different sizes are matched on it)."""
    label: str
    value: float
    unit: str
    """``ms``, ``s``, ``MB``, ``rows/s`` …"""
    baseline: float | None = None
    """The same question asked of the line items with plain DuckDB, same run (None: no baseline)."""
    p50: float | None = None
    """For load timings: the median beside the p95 ``value``."""
    higher_is_better: bool = False
    limit: float | None = None
    """The target the value must reach (≤ for lower-is-better, ≥ otherwise), at the target size."""
    min_ratio: float | None = None
    """How many times better than the baseline the value must be (raw / app for timings)."""
    baseline_name: str = "raw"
    """What the baseline is, as the table names it."""

    @property
    def ratio(self) -> float | None:
        """How many times better than the baseline (> 1: the app wins)."""
        if self.baseline is None or not self.value or not self.baseline:
            return None
        return self.value / self.baseline if self.higher_is_better else self.baseline / self.value

    def met(self) -> bool | None:
        """Whether the targets hold (None when the figure has none)."""
        if self.limit is None and self.min_ratio is None:
            return None
        ok = True
        if self.limit is not None:
            ok = self.value >= self.limit if self.higher_is_better else self.value <= self.limit
        if self.min_ratio is not None:
            ok = ok and (self.ratio or 0.0) >= self.min_ratio
        return ok

    def target_text(self) -> str:
        """``≤ 100 ms, ≥ 5x raw`` or ``""``."""
        parts = []
        if self.limit is not None:
            parts.append(f"{'≥' if self.higher_is_better else '≤'} {fmt_value(self.limit, self.unit)}")
        if self.min_ratio is not None:
            parts.append(f"≥ {self.min_ratio:g}x raw")
        return ", ".join(parts)


def fmt_value(value: float, unit: str) -> str:
    """A figure with its unit, at a precision that suits it."""
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.1f} ms"
    return f"{value:g} {unit}".strip()


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    """Median and p95 (nearest rank) of ``samples``."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def time_ms(fn: Callable[[], object], repeat: int, *, warmup: int = 0) -> tuple[float, float]:
    """Median and p95 wall time of ``repeat`` calls, in milliseconds, after ``warmup`` untimed calls
    (a baseline on an open connection and the app's kept reader start level: both warm)."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def load_figure(
    key: str,
    label: str,
    app: tuple[float, float],
    raw: tuple[float, float] | None,
    *,
    min_ratio: float | None = 5.0,
) -> Figure:
    """A screen load (p50, p95 in ms) against the raw query's p95: ≤ 100 ms and ≥ 5x raw (or
    ``min_ratio``; None for a reference row the ratio is shown for but not held to)."""
    return Figure(
        key, label, app[1], "ms", baseline=raw[1] if raw else None, p50=app[0], limit=100.0,
        min_ratio=min_ratio if raw else None,
    )  # fmt: skip
