"""Frozen results of the unit-economics questions: what a transaction or a customer costs.

Shared by the Unit economics screen and ``report unit-economics`` so both show the same numbers. Money
is ``Decimal`` (summed exactly, rounded only for display); metric values are floats (volumes, not
money). A missing metric day is ``None`` all the way to the screen: a gap, never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from finops_tui.errors import FinOpsError

Grain = Literal["day", "week", "month"]
GRAINS: tuple[Grain, ...] = ("day", "week", "month")


@dataclass(frozen=True)
class MetricSeries:
    """One stored metric: what ``metrics list`` and the screen's metric picker show."""

    metric: str
    first_day: date
    last_day: date
    points: int
    last_import: object
    """When a point of it was last imported (a ``datetime``)."""


@dataclass(frozen=True)
class Scope:
    """Which cost the metric is set against: the whole estate, one tag value, or one team."""

    kind: Literal["estate", "tag", "team"] = "estate"
    key: str = ""
    """Tag key (``tag``) or team name (``team``)."""
    value: str = ""
    """Tag value (``tag`` only)."""

    @property
    def label(self) -> str:
        """``whole estate``, ``tag team=web`` or ``team payments``."""
        if self.kind == "tag":
            return f"tag {self.key}={self.value}"
        if self.kind == "team":
            return f"team {self.key}"
        return "whole estate"

    @property
    def spec(self) -> str:
        """The ``--scope`` text that gives this scope back."""
        if self.kind == "tag":
            return f"tag:{self.key}={self.value}"
        return f"team:{self.key}" if self.kind == "team" else "estate"


def parse_scope(text: str) -> Scope:
    """``estate``, ``tag:KEY=VALUE`` or ``team:NAME`` → Scope (FinOpsError otherwise)."""
    text = text.strip()
    if text in ("", "estate"):
        return Scope()
    kind, _, rest = text.partition(":")
    if kind == "tag":
        key, eq, value = rest.partition("=")
        if eq and key.strip() and value.strip():
            return Scope("tag", key.strip(), value.strip())
    elif kind == "team" and rest.strip():
        return Scope("team", rest.strip())
    raise FinOpsError(f"--scope {text!r}: expected estate, tag:KEY=VALUE or team:NAME")


@dataclass(frozen=True)
class UnitPeriod:
    """One row of the unit-economics table."""

    label: str
    """``2025-01-05``, ``2025-W02`` or ``2025-01``."""
    start: date
    end: date
    """Last day counted (inclusive): the period's end, or the as-of day for the current period."""
    cost: Decimal
    """Effective cost in scope over every day of the period."""
    units: float | None
    """Sum of the metric over the period; None when no day of it has data."""
    days: int
    covered_days: int
    """Days of the period with a metric value."""
    cost_per_unit: Decimal | None
    """cost / units when every day has data and units > 0; None is a gap."""
    change_pct: Decimal | None
    """Change of cost per unit from the period before, in %; None when either is a gap."""


@dataclass(frozen=True)
class UnitKpis:
    """The tiles: this month's cost per unit against last month's, and the longer trend."""

    month: date
    this_month: Decimal | None
    """Month to date (to the as-of day); None when the metric misses a day of it."""
    last_month: Decimal | None
    change_pct: Decimal | None
    trend_pct: Decimal | None
    """Last three complete months against the three before (cost / units over each block)."""


@dataclass(frozen=True)
class UnitView:
    """Everything one screen load or one report shows."""

    metric: str
    scope: Scope
    grain: Grain
    as_of: date
    start: date
    currency: str | None
    periods: tuple[UnitPeriod, ...]
    kpis: UnitKpis
    metric_first: date
    metric_last: date
    gap_days: int
    """Days of the window without a metric value."""

    @property
    def coverage_note(self) -> str | None:
        """Plain words when the metric does not cover the whole window, else None."""
        if not self.gap_days:
            return None
        return (
            f"{self.metric} has data {self.metric_first}…{self.metric_last}: {self.gap_days} day(s) of "
            f"{self.start}…{self.as_of} have none; those periods are gaps, not zeros"
        )
