"""Month-end and next-month forecasts from a daily cost series, with a weekday/weekend profile.

The point forecast is exact (``Decimal``): the actual cost so far plus, for every remaining day, the
mean of recent days of the same kind (weekday or weekend). The range is a normal interval on the sum of
the remaining days: each day varies around its profile with the residual deviation, and the profile
means themselves are only known to within that deviation over the days they came from, so fewer days
of history give a wider range. Under ``MIN_DAYS`` days of history there is no forecast at all, and
under ``SHORT_DAYS`` the forecast says its history is short.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from statistics import NormalDist
from typing import Any

LOOKBACK_DAYS = 56
"""Trailing days the profile is taken from: eight of each weekday."""
MIN_DAYS = 7
"""Fewer days of history than this: no forecast."""
SHORT_DAYS = 28
"""Fewer days of history than this: the forecast is marked as resting on short history."""
CONFIDENCE = 0.90
"""Share of outcomes the range is meant to cover."""
CENT = Decimal("0.01")


def month_bounds(month: date) -> tuple[date, date]:
    """First and last day of the month holding ``month``."""
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def next_month(month: date) -> date:
    """The first day of the month after the one holding ``month``."""
    return month_bounds(month)[1] + timedelta(days=1)


@dataclass(frozen=True)
class Forecast:
    """A forecast of one month's cost."""

    month: date
    """First day of the month forecast."""
    as_of: date
    """Newest day of actual data used."""
    actual_to_date: Decimal
    """Actual cost of the month up to ``as_of`` (0 for a month not started)."""
    value: Decimal | None
    """Forecast month total (None: not enough history)."""
    low: Decimal | None
    high: Decimal | None
    history_days: int
    """Days of history the profile rests on."""
    weekday_mean: Decimal | None
    weekend_mean: Decimal | None
    remaining_weekdays: int
    remaining_weekend_days: int
    confidence: float = CONFIDENCE
    note: str = ""
    """Plain words when the forecast is missing or rests on short history."""

    @property
    def short_history(self) -> bool:
        """True when the forecast rests on fewer than ``SHORT_DAYS`` days."""
        return self.history_days < SHORT_DAYS

    def inputs(self) -> dict[str, Any]:
        """What the forecast was made from (recorded with it when an agenda is finalised)."""
        return {
            "method": "weekday/weekend profile",
            "as_of": self.as_of.isoformat(),
            "actual_to_date": str(self.actual_to_date),
            "history_days": self.history_days,
            "lookback_days": LOOKBACK_DAYS,
            "weekday_mean": None if self.weekday_mean is None else str(self.weekday_mean),
            "weekend_mean": None if self.weekend_mean is None else str(self.weekend_mean),
            "remaining_weekdays": self.remaining_weekdays,
            "remaining_weekend_days": self.remaining_weekend_days,
            "confidence": self.confidence,
        }


def _weekend(day: date) -> bool:
    return day.weekday() >= 5


def forecast_month(
    daily: Mapping[date, Decimal],
    *,
    month: date,
    as_of: date,
    lookback_days: int = LOOKBACK_DAYS,
    confidence: float = CONFIDENCE,
) -> Forecast:
    """Forecast the total of the month holding ``month`` from daily costs up to ``as_of``.

    ``daily`` maps a day to its cost; days without a key (before the data starts) are not history,
    but a day inside the data's span with no key counts as zero.
    """
    first, last = month_bounds(month)
    known = sorted(d for d in daily if d <= as_of)
    start = max(as_of - timedelta(days=lookback_days - 1), known[0]) if known else as_of + timedelta(days=1)
    history = [(d, daily.get(d, Decimal(0))) for d in _days(start, as_of)]
    actual = sum((v for d, v in daily.items() if first <= d <= min(last, as_of)), Decimal(0))
    remaining = list(_days(max(first, as_of + timedelta(days=1)), last))
    rem_we = sum(1 for d in remaining if _weekend(d))
    rem_wd = len(remaining) - rem_we
    base: dict[str, Any] = {
        "month": first,
        "as_of": as_of,
        "actual_to_date": actual,
        "history_days": len(history),
        "remaining_weekdays": rem_wd,
        "remaining_weekend_days": rem_we,
        "confidence": confidence,
    }
    if not remaining:
        return Forecast(value=actual, low=actual, high=actual, weekday_mean=None, weekend_mean=None, **base)
    if len(history) < MIN_DAYS:
        note = f"no forecast: {len(history)} days of history, {MIN_DAYS} needed"
        return Forecast(
            value=None, low=None, high=None, weekday_mean=None, weekend_mean=None, note=note, **base
        )
    wd = [v for d, v in history if not _weekend(d)]
    we = [v for d, v in history if _weekend(d)]
    wd_mean = sum(wd, Decimal(0)) / len(wd) if wd else None
    we_mean = sum(we, Decimal(0)) / len(we) if we else None
    overall = sum((v for _, v in history), Decimal(0)) / len(history)
    wd_mean = overall if wd_mean is None else wd_mean
    we_mean = overall if we_mean is None else we_mean
    value = actual + wd_mean * rem_wd + we_mean * rem_we
    residuals = [float(v - (we_mean if _weekend(d) else wd_mean)) for d, v in history]
    sd = math.sqrt(sum(r * r for r in residuals) / max(1, len(residuals) - 2))
    n = len(remaining)
    # day-to-day noise of the remaining days, plus the error of each profile mean they are drawn from
    mean_error = rem_wd**2 / max(1, len(wd) or len(history)) + rem_we**2 / max(1, len(we) or len(history))
    spread = sd * math.sqrt(n + mean_error)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    half = Decimal(repr(z * spread)).quantize(CENT)
    note = f"short history ({len(history)} days): treat with care" if len(history) < SHORT_DAYS else ""
    return Forecast(
        value=value.quantize(CENT),
        low=max(actual, value - half).quantize(CENT),
        high=(value + half).quantize(CENT),
        weekday_mean=wd_mean.quantize(CENT),
        weekend_mean=we_mean.quantize(CENT),
        note=note,
        **base,
    )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
