"""What the maturity score and the executive summary show (frozen dataclasses, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Signal:
    """One measured signal: its value, score, stage, weight and how to improve it."""

    key: str
    capability: str
    measure: str
    """What the value is, in words (its unit)."""
    value: float | None
    """None when the data cannot say (the signal is left out of the weights, and ``detail`` says why)."""
    score: float | None
    stage: str | None
    weight: int
    improve: str
    detail: str
    """How the value was measured, in one line."""
    walk: float
    run: float
    higher_is_better: bool
    exact: Decimal | None = None
    """The value unrounded (``value`` is this rounded once to two places, for the reports)."""

    @property
    def shown(self) -> str:
        """The value to one place with its unit (``15.0%``, ``31.5 days``), or ``no data``.

        Rounded once, from the exact ratio, as the Agenda and Commitments screens round the same
        figure: rounding ``value`` again turned a coverage of 15.045 % into 15.1 % here, 15.0 % there.
        """
        exact = self.exact
        if exact is None and self.value is not None:
            exact = Decimal(str(self.value))
        if exact is None:
            return "no data"
        return f"{exact:.1f} days" if self.key == "triage" else f"{exact:.1f}%"


@dataclass(frozen=True)
class Maturity:
    """The score 0-100 and the signals behind it."""

    month: date
    """The last complete month the signals describe."""
    score: float | None
    signals: tuple[Signal, ...]

    @property
    def stage(self) -> str | None:
        """The overall stage, read off the score (≥ 80 run, ≥ 50 walk)."""
        if self.score is None:
            return None
        return "run" if self.score >= 80 else "walk" if self.score >= 50 else "crawl"


@dataclass(frozen=True)
class Risk:
    """Money at stake each month, and the screen that acts on it."""

    title: str
    monthly: Decimal
    detail: str
    mode: str


@dataclass(frozen=True)
class ExecSummary:
    """One screen for leadership: spend, trend, forecast vs budget, savings, risks, maturity."""

    as_of: date
    month: date
    """The last complete month."""
    currency: str
    month_cost: Decimal
    prev_month_cost: Decimal
    change_pct: Decimal | None
    """Last complete month vs the one before, per day (months differ in length)."""
    mtd: Decimal
    forecast: Decimal | None
    forecast_low: Decimal | None
    forecast_high: Decimal | None
    budget: Decimal | None
    savings_done_annual: Decimal
    """Waste findings marked done this year: realised saving per month x 12."""
    savings_done_count: int
    discounts_ytd: Decimal
    """List price minus effective cost this year: what commitments and negotiated rates saved."""
    risks: tuple[Risk, ...]
    maturity: Maturity

    @property
    def forecast_vs_budget(self) -> Decimal | None:
        """Forecast minus budget (positive: over)."""
        if self.forecast is None or self.budget is None:
            return None
        return self.forecast - self.budget
