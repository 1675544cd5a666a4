"""Frozen dataclasses of the Spend trends questions (what ``queries.trends`` returns).

Field order matches the column order of the ``.sql`` file that fills each one where a class is built
straight from rows; derived figures (day-normalised change, projection) are computed in Python with
``Decimal`` so they stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Period:
    """A closed range of charge days ``[start, end]`` and the range it is compared with."""

    start: date
    end: date
    prev_start: date
    prev_end: date
    data_from: date | None = None
    """The cache's first charge day, when known: the comparison period counts only the days from it."""

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    @property
    def prev_days(self) -> int:
        """Days of the comparison period the cache holds data for: all of them, unless it starts before
        the first charge day. Changes are day-normalised over these: 10 days of data scaled to a
        30-day period, not read as 30 days that cost a third as much (+136 % where the rate fell)."""
        first = self.prev_start if self.data_from is None else max(self.prev_start, self.data_from)
        return max(0, (self.prev_end - first).days + 1)


@dataclass(frozen=True)
class TrendKpis:
    """The KPI tiles: month to date against the same days of last month."""

    as_of: date
    mtd: Decimal
    """Cost from the first of the as-of month to ``as_of`` inclusive."""
    mtd_days: int
    prev_same_days: Decimal
    """Cost of the first ``prev_days`` days of the previous month."""
    prev_days: int
    """``mtd_days`` clamped to the length of the previous month."""
    prev_month: Decimal
    """Cost of the whole previous month."""
    mtd_list: Decimal
    """List cost month to date."""
    mtd_effective: Decimal
    """Effective cost month to date."""
    currency: str | None
    month_days: int
    """Days in the as-of month."""
    budget: Decimal | None = None

    @property
    def change_pct(self) -> Decimal | None:
        """Change of the daily run rate against last month's same days (None when there is no base)."""
        if not self.prev_same_days or not self.mtd_days or not self.prev_days:
            return None
        now = self.mtd / self.mtd_days
        before = self.prev_same_days / self.prev_days
        return (now - before) / before * 100

    @property
    def projection(self) -> Decimal:
        """Month-end projection: the month-to-date daily run rate times the days in the month."""
        if not self.mtd_days:
            return Decimal(0)
        return self.mtd / self.mtd_days * self.month_days

    @property
    def savings(self) -> Decimal:
        """List minus effective cost month to date: what discounts and commitments saved."""
        return self.mtd_list - self.mtd_effective


@dataclass(frozen=True)
class SeriesPoint:
    """Cost of one group on one day (or one month)."""

    day: date
    group: str
    cost: Decimal
    label: str | None = None
    """The group's name where it has one apart from its key (an account's); None for ``(other)``."""


@dataclass(frozen=True)
class Mover:
    """One group's cost this period against the previous one."""

    key: str
    """The value to filter on when drilling into this group."""
    label: str
    """What to show (a name where the key is an id)."""
    current: Decimal
    previous: Decimal
    list_cost: Decimal
    """List cost of the current period (for savings)."""
    effective_cost: Decimal
    """Effective cost of the current period (for savings)."""
    days: int
    prev_days: int

    @property
    def previous_scaled(self) -> Decimal:
        """The previous period's cost scaled to the current period's day count."""
        if not self.prev_days:
            return Decimal(0)
        return self.previous * self.days / self.prev_days

    @property
    def change(self) -> Decimal:
        """Day-normalised absolute change."""
        return self.current - self.previous_scaled

    @property
    def change_pct(self) -> Decimal | None:
        """Day-normalised change in percent (None when the group is new)."""
        base = self.previous_scaled
        return None if not base else self.change / base * 100

    @property
    def savings(self) -> Decimal:
        """List minus effective cost in the current period."""
        return self.list_cost - self.effective_cost


@dataclass(frozen=True)
class ProviderFreshness:
    """How fresh one provider's data is."""

    provider: str
    newest_day: date | None
    complete_day: date | None
    first_day: date | None = None
    """The provider's first charge day (a comparison period before it is only partly covered)."""


@dataclass(frozen=True)
class TrendView:
    """Everything the trends screen shows for one set of choices (one worker result)."""

    kpis: TrendKpis
    period: Period
    series: tuple[SeriesPoint, ...]
    movers: tuple[Mover, ...]
    groups: int
    """How many groups the view has; more than ``len(movers)`` when only the first were asked for."""
    monthly: bool = False
    first_day: date | None = None
    """The first charge day in the cache: a comparison period starting before it is partly empty."""

    @property
    def previous_partial(self) -> bool:
        """True when the cache holds only part of the comparison period (its changes read too high)."""
        return self.first_day is not None and self.period.prev_start < self.first_day


@dataclass(frozen=True)
class TrendResult:
    """One load of the Spend trends screen: the day shown, the view, freshness and the tag keys."""

    as_of: date
    view: TrendView
    freshness: tuple[ProviderFreshness, ...]
    tag_keys: tuple[str, ...]
