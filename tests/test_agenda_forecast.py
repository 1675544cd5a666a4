"""The forecast on synthetic series with known answers, and its range's coverage in a benchmark."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from finops_tui.agenda.forecast import MIN_DAYS, forecast_month

AS_OF = date(2025, 3, 10)  # a Monday; 11-31 March hold 15 weekdays and 6 weekend days


def _series(days: int, noise: float = 0.0, seed: int = 0) -> dict[date, Decimal]:
    rng = random.Random(seed)
    out = {}
    for i in range(days):
        day = AS_OF - timedelta(days=i)
        base = 40.0 if day.weekday() >= 5 else 100.0
        out[day] = Decimal(repr(round(base + rng.gauss(0, noise), 2))) if noise else Decimal(int(base))
    return out


def test_flat_profile_known_answer() -> None:
    f = forecast_month(_series(56), month=AS_OF, as_of=AS_OF)
    # 1-10 March: 6 weekdays + 4 weekend days = 760; then 15 x 100 + 6 x 40 = 1,740
    assert f.actual_to_date == Decimal(760)
    assert (f.remaining_weekdays, f.remaining_weekend_days) == (15, 6)
    assert (f.value, f.low, f.high) == (Decimal("2500.00"), Decimal("2500.00"), Decimal("2500.00"))
    assert (f.weekday_mean, f.weekend_mean) == (Decimal("100.00"), Decimal("40.00"))
    assert f.note == ""


def test_next_month_known_answer() -> None:
    f = forecast_month(_series(56), month=date(2025, 4, 1), as_of=AS_OF)
    # April 2025: 22 weekdays, 8 weekend days
    assert f.actual_to_date == 0
    assert f.value == Decimal("2520.00")


def test_complete_month_is_its_actual() -> None:
    f = forecast_month(_series(56), month=date(2025, 2, 1), as_of=AS_OF)
    assert f.value == f.low == f.high == Decimal(20 * 100 + 8 * 40)


def test_honest_on_short_history() -> None:
    short = forecast_month(_series(10, noise=5), month=AS_OF, as_of=AS_OF)
    assert short.value is not None and short.short_history
    assert short.note == "short history (10 days): treat with care"
    none = forecast_month(_series(MIN_DAYS - 1), month=AS_OF, as_of=AS_OF)
    assert none.value is None and none.note == "no forecast: 6 days of history, 7 needed"
    long = forecast_month(_series(56, noise=5), month=AS_OF, as_of=AS_OF)
    assert long.high is not None and long.low is not None and short.high is not None and short.low is not None
    assert long.high - long.low < short.high - short.low  # less history, wider range


def test_range_covers_the_truth_at_the_stated_rate() -> None:
    """Benchmark: 400 noisy months; the 90 % range should hold the true total about 90 % of the time."""
    hits = 0
    trials = 400
    for seed in range(trials):
        rng = random.Random(seed)
        daily: dict[date, Decimal] = {}
        truth = Decimal(0)
        for i in range(-55, 22):  # 56 days of history to 10 March, then the rest of March
            day = AS_OF + timedelta(days=i)
            value = Decimal(repr(round((40.0 if day.weekday() >= 5 else 100.0) + rng.gauss(0, 15), 2)))
            if i <= 0:
                daily[day] = value
            if day.month == 3:
                truth += value
        f = forecast_month(daily, month=AS_OF, as_of=AS_OF)
        assert f.low is not None and f.high is not None
        hits += f.low <= truth <= f.high
    assert 0.85 <= hits / trials <= 0.95, hits / trials
