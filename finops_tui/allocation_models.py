"""Frozen results of the allocation questions (coverage, gaps, hygiene, showback, readiness)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

SCOPES: tuple[str, ...] = ("overall", "provider", "sub_account", "service")
"""Coverage breakdowns, in the order the screen cycles through them."""


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` in %, None when ``whole`` is zero."""
    return None if not whole else part * 100 / whole


@dataclass(frozen=True)
class Coverage:
    """Tag coverage of one group (all spend, a provider, a sub-account or a service) for a month."""

    scope: str
    key: str
    label: str
    total: Decimal
    """All effective cost of the group."""
    taggable: Decimal
    """The part that can carry tags."""
    covered: tuple[Decimal, ...]
    """Taggable cost carrying each required key (config order), then carrying all of them."""

    @property
    def untaggable(self) -> Decimal:
        """Cost that cannot carry tags (tax, support, credits, fees ...)."""
        return self.total - self.taggable

    @property
    def untagged(self) -> Decimal:
        """Taggable cost missing at least one required key."""
        return self.taggable - self.covered[-1]

    def pct(self, index: int) -> Decimal | None:
        """Coverage of key ``index`` (-1: all keys) as % of taggable cost."""
        return percent(self.covered[index], self.taggable)


@dataclass(frozen=True)
class MonthPoint:
    """One month of the coverage and readiness trend."""

    month: date
    total: Decimal
    taggable: Decimal
    covered_all: Decimal
    allocatable: Decimal
    """Cost with an owner: owner tag, account mapping or a split shared pool."""
    complete: bool
    """False for the month of ``as_of`` when it is not over."""

    @property
    def coverage_pct(self) -> Decimal | None:
        """All-required-keys coverage, % of taggable cost."""
        return percent(self.covered_all, self.taggable)

    @property
    def readiness_pct(self) -> Decimal | None:
        """% of all cost allocatable to an owner."""
        return percent(self.allocatable, self.total)


@dataclass(frozen=True)
class UntaggableLine:
    """Untaggable cost of one kind in the month."""

    reason: str
    cost: Decimal


@dataclass(frozen=True)
class Gap:
    """A taggable resource missing required keys, with what it cost in the month."""

    resource_id: str
    sub_account_id: str | None
    sub_account_name: str | None
    service: str | None
    cost: Decimal
    missing: tuple[str, ...]
    owner_guess: str | None
    owner_source: str
    """``account map``, ``account's main team`` or empty."""


@dataclass(frozen=True)
class Variant:
    """One spelling of a tag key or value and the cost that carries it."""

    spelling: str
    cost: Decimal


@dataclass(frozen=True)
class HygieneGroup:
    """Spellings that mean the same key or value, or a key with empty values."""

    kind: str
    """``key`` (key variants), ``value`` (value variants) or ``empty`` (blank values)."""
    key: str
    """The canonical key the group belongs to."""
    variants: tuple[Variant, ...]
    proposal: str
    """The spelling the app proposes (``""`` for empty values: set one or drop the key)."""
    affected: Decimal
    """Cost carrying a spelling other than the proposal (or the empty value)."""


@dataclass(frozen=True)
class ShowbackRow:
    """One team's cost for the month, direct and shared parts apart, with last month's total."""

    team: str
    direct: Decimal
    shared: Decimal
    previous: Decimal | None

    @property
    def total(self) -> Decimal:
        """Direct + shared."""
        return self.direct + self.shared

    @property
    def change(self) -> Decimal | None:
        """Total minus last month's total."""
        return None if self.previous is None else self.total - self.previous


@dataclass(frozen=True)
class Showback:
    """The month's cost per team; rows add up to ``total`` exactly."""

    month: date
    rows: tuple[ShowbackRow, ...]
    """Teams by total descending, then ``(unallocated)`` last."""
    total: Decimal
    previous_total: Decimal
    pools: tuple[tuple[str, Decimal], ...]
    """Shared pools and their totals."""


@dataclass(frozen=True)
class AllocationView:
    """Everything the allocation screen (and ``report allocation``) shows for one month."""

    as_of: date
    month: date
    currency: str | None
    required: tuple[str, ...]
    target_pct: Decimal
    coverage: tuple[Coverage, ...]
    """Overall first, then per provider, sub-account and service (each by untagged cost desc)."""
    trend: tuple[MonthPoint, ...]
    untaggable: tuple[UntaggableLine, ...]
    gaps: tuple[Gap, ...]
    hygiene: tuple[HygieneGroup, ...]
    hygiene_cost: Decimal
    """Cost carrying at least one spelling a hygiene group would change, each tag set counted once
    (the groups' ``affected`` overlap: ``env=Prod`` is in a key group and a value group)."""
    showback: Showback

    @property
    def overall(self) -> Coverage:
        """The all-spend coverage row."""
        return self.coverage[0]

    @property
    def point(self) -> MonthPoint:
        """The trend point of the shown month."""
        return next(p for p in self.trend if p.month == self.month)

    def scope(self, name: str) -> tuple[Coverage, ...]:
        """Coverage rows of one breakdown."""
        return tuple(c for c in self.coverage if c.scope == name)
