"""Round axis values and their labels, for every cost chart (no Textual here: tested alone)."""

from __future__ import annotations

import math

from finops_tui.formatting import money, money_short


def nice_ticks(low: float, high: float, count: int = 5, *, from_zero: bool = True) -> list[float]:
    """About ``count`` axis values from ``low`` (or 0) to ``high`` or just past it, in round steps
    (1, 2 or 5 x 10^n); the last one is where the axis ends. ``from_zero=False`` starts at the step
    below ``low`` instead (a band chart is about the deviation, not the level).

    Plotext's own ticks are evenly spaced fractions of the range (19709.6, 16514.9 …): no reader can
    add those up while the room waits. Round steps labelled ``$20k``, ``$15k`` … can be read aloud.
    """
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        return [low]
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(math.floor(low / step), math.ceil(high / step) + 1)]


def axis_labels(ticks: list[float], currency: str | None) -> list[str]:
    """``$5.0k``, ``$10.0k`` … or, for steps under a whole unit, ``$0.50``, ``$1.00`` …: a small
    estate's axis in whole dollars read ``$2, $2, $1, $0``."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    if step >= 1:
        return [money_short(t, currency) for t in ticks]
    places = max(2, -math.floor(math.log10(step)))
    return [money(t, currency, places=places) for t in ticks]
