"""Frozen results of the Commitments screen and report: one shape for both, so they show the same numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from finops_tui.commitments.config import HOURS_PER_YEAR, CommitmentSettings

SCOPES = ("provider", "billing_account", "commitment", "family")
"""Breakdowns of utilisation; coverage has all but ``commitment`` (covered usage has no "unused")."""


@dataclass(frozen=True)
class MonthLine:
    """One row of ``commit_month.sql``: a provider, account, commitment, instance type and region."""

    provider: str
    billing_account_id: str | None
    billing_account_name: str | None
    commitment_id: str | None
    commitment_name: str | None
    commitment_type: str | None
    instance_type: str | None
    region: str | None
    currency: str | None
    used: Decimal
    unused: Decimal
    covered: Decimal
    on_demand: Decimal
    other: Decimal
    covered_hours: Decimal
    on_demand_hours: Decimal
    unused_hours: Decimal


@dataclass(frozen=True)
class Group:
    """Utilisation and coverage of one group (a provider, account, commitment or family) in the month."""

    scope: str
    key: str
    """Identifier (account id, commitment id ...); redacted like its dimension."""
    label: str
    provider: str
    detail: str
    """The commitment's type (empty for other scopes)."""
    used: Decimal
    unused: Decimal
    covered: Decimal
    on_demand: Decimal
    other: Decimal
    previous_utilisation_pct: Decimal | None
    previous_coverage_pct: Decimal | None

    @property
    def utilisation_pct(self) -> Decimal | None:
        """used / (used + unused); None without commitment cost."""
        total = self.used + self.unused
        return None if not total else self.used / total * 100

    @property
    def coverage_pct(self) -> Decimal | None:
        """covered / (covered + on-demand); None without either."""
        total = self.covered + self.on_demand
        return None if not total else self.covered / total * 100


@dataclass(frozen=True)
class FamilyUnits:
    """Instance hours of one AWS family in normalisation unit-hours."""

    provider: str
    family: str
    covered_units: Decimal
    on_demand_units: Decimal
    unused_units: Decimal
    """Reserved capacity nobody used (RI unused hours times the reserved size's factor)."""


@dataclass(frozen=True)
class Unnormalised:
    """Instance hours left out of the normalised figures because their size has no factor."""

    provider: str
    hours: Decimal
    types: tuple[str, ...]


@dataclass(frozen=True)
class Lifetime:
    """A commitment's first and last day in the data, and whether its rows have stopped."""

    provider: str
    billing_account_id: str | None
    commitment_id: str
    commitment_name: str | None
    commitment_type: str | None
    first_day: date
    last_day: date
    ended: bool
    """True when the rows stop ``ended_after_days`` or more before as-of (the data has no end date)."""


@dataclass(frozen=True)
class Guidance:
    """The steady on-demand compute a new commitment could cover, and what it might save (a suggestion)."""

    provider: str
    start: date
    end: date
    days_with_cost: int
    baseline_daily: Decimal
    """The ``baseline_percentile`` of daily on-demand compute cost (days without cost count as zero)."""
    discount_pct: Decimal

    @property
    def on_demand_hourly(self) -> Decimal:
        """The baseline as on-demand spend per hour."""
        return self.baseline_daily / 24

    @property
    def commitment_hourly(self) -> Decimal:
        """Hourly commitment (in discounted spend, as a savings plan is bought) that covers the baseline."""
        return self.on_demand_hourly * (1 - self.discount_pct / 100)

    @property
    def annual_saving(self) -> Decimal:
        """On-demand minus committed cost of the baseline over a year of 8,760 hours."""
        return (self.on_demand_hourly - self.commitment_hourly) * HOURS_PER_YEAR


@dataclass(frozen=True)
class CommitmentsView:
    """Everything the Commitments screen and ``report commitments`` show for one month."""

    as_of: date
    month: date
    end: date
    """Last day included: the month's last day, or as-of in the as-of month."""
    currency: str | None
    total: Group
    """All commitments and covered usage; used, unused and covered equal the agenda's figures."""
    groups: tuple[Group, ...]
    """Per provider, billing account, commitment and family, largest first within each scope."""
    families: tuple[FamilyUnits, ...]
    unnormalised: tuple[Unnormalised, ...]
    lifetimes: tuple[Lifetime, ...]
    guidance: tuple[Guidance, ...]
    settings: CommitmentSettings

    def scope(self, name: str) -> tuple[Group, ...]:
        """The groups of one breakdown."""
        return tuple(g for g in self.groups if g.scope == name)
