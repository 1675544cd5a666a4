"""The detector's knobs, with defaults that suit a daily billing series, read from ``[anomalies]``.

Example::

    [thresholds]
    anomaly_score = 3.5          # robust z-score beyond which a day is anomalous

    [anomalies]
    min_impact = 50              # materiality: $ over the anomaly ...
    min_pct = 10                 # ... and % of the expected cost, both must be reached
    lookback_days = 56           # baseline window (8 of each weekday)
    floor_pct = 5                # dispersion floor, % of expected: flat series never flag cents
    floor_abs = 1.0              # dispersion floor in currency per day
    growth_days = 7              # consecutive rising days that make a steady growth ...
    growth_rate_pct = 2          # ... each at least this much above the day before
    persist_days = 7             # a lasting change is measured over its first days
    tag_key = "team"             # also watch each value of this tag (off by default)

    [anomalies.lag_hours]        # data lag per provider: younger days are incomplete
    AWS = 24
    Microsoft = 36

The knobs live apart from ``settings.py`` so the import step (which never reads the user's config)
can run the detector with the defaults, and a screen can tell whether the user's settings differ
from the ones the stored anomalies were computed with (then it detects again, live).
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from finops_tui.errors import FinOpsError

DEFAULT_LAG_HOURS: dict[str, float] = {"AWS": 24.0, "Microsoft": 36.0}
"""Hours after a day ends before the provider's data for it is complete (AWS CUR ~24 h, Azure ~36 h)."""


@dataclass(frozen=True)
class DetectorConfig:
    """How the detector builds its expected band and what it calls material."""

    score: float = 3.5
    """Robust z-score (deviation / dispersion) beyond which a day is anomalous (``[thresholds]
    anomaly_score``)."""
    lookback_days: int = 56
    """Trailing window of the baseline: eight of each weekday for the median, all days for the MAD."""
    min_history_days: int = 28
    """Days of a provider's data needed before its days are evaluated at all."""
    floor_pct: float = 5.0
    """Dispersion floor as a % of the expected value, so a flat series does not flag cents."""
    floor_abs: float = 1.0
    """Dispersion floor in currency per day, for series near zero."""
    growth_days: int = 7
    """Consecutive days of rise that make a steady growth."""
    growth_rate_pct: float = 2.0
    """Minimum rise per day (against the seasonal baseline) for a day to count in a growth streak."""
    persist_days: int = 7
    """A new, removed or persisting anomaly is measured over its first this many days; later days are
    the new normal and only counted in the monthly projection."""
    min_impact: float = 50.0
    """Materiality: smallest |actual - expected| over the anomaly, in currency."""
    min_pct: float = 10.0
    """Materiality: smallest |impact| as a % of the expected cost over the anomaly."""
    tag_key: str | None = None
    """Tag key whose values get their own series (matched case-insensitively); None for none."""
    lag_hours: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_LAG_HOURS))
    """Per provider, hours of data lag; days younger than this at import time are incomplete."""

    def fingerprint(self) -> str:
        """A short digest of every setting: a stored detection is reused only by identical settings."""
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


RANGES: dict[str, tuple[float, float]] = {
    "lookback_days": (21, 120),
    "min_history_days": (14, 120),
    "floor_pct": (0.0, 100.0),
    "floor_abs": (0.0, 1_000_000.0),
    "growth_days": (3, 60),
    "growth_rate_pct": (0.1, 100.0),
    "persist_days": (1, 60),
    "min_impact": (0.0, 1e12),
    "min_pct": (0.0, 10_000.0),
}
"""Valid range of every numeric setting; a value outside falls back to the default with a warning."""

INTEGER_FIELDS = frozenset({"lookback_days", "min_history_days", "growth_days", "persist_days"})


def parse_anomalies(raw: Any, path: Path, *, score: float) -> DetectorConfig:
    """Validate ``[anomalies]`` into a ``DetectorConfig`` (``score`` comes from ``[thresholds]``).

    A wrong type stops with one line naming the key; a number out of range falls back to its default
    with a warning, like the other thresholds.
    """
    if not isinstance(raw, dict):
        raise FinOpsError(f"{path}: [anomalies] must be a table")
    known = {*RANGES, "tag_key", "lag_hours"}
    unknown = sorted(set(raw) - known)
    if unknown:
        names = ", ".join(sorted(known))
        raise FinOpsError(f"{path}: unknown setting anomalies.{unknown[0]} (known: {names})")
    values: dict[str, Any] = {"score": score}
    for name, (low, high) in RANGES.items():
        if name not in raw:
            continue
        value = raw[name]
        integer = name in INTEGER_FIELDS
        if isinstance(value, bool) or not isinstance(value, int if integer else int | float):
            wanted = "a whole number" if integer else "a number"
            raise FinOpsError(f"{path}: anomalies.{name} must be {wanted}")
        if not low <= value <= high:
            warnings.warn(
                f"{path}: anomalies.{name} = {value} is outside {low:g}..{high:g}; using the default",
                stacklevel=2,
            )
            continue
        values[name] = value if integer else float(value)
    if "tag_key" in raw:
        tag = raw["tag_key"]
        if not isinstance(tag, str):
            raise FinOpsError(f'{path}: anomalies.tag_key must be a tag key such as "team" ("" for none)')
        values["tag_key"] = tag.strip() or None
    if "lag_hours" in raw:
        lags = raw["lag_hours"]
        if not isinstance(lags, dict) or not all(_hours(v) for v in lags.values()):
            raise FinOpsError(f"{path}: [anomalies.lag_hours] must map provider names to hours (0 to 336)")
        values["lag_hours"] = DEFAULT_LAG_HOURS | {str(k): float(v) for k, v in lags.items()}
    return DetectorConfig(**values)


def _hours(value: Any) -> bool:
    """A data lag in hours: a number from 0 to two weeks."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 24 * 14
