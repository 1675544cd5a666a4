"""Frozen dataclasses of the waste screen: a finding, a check's totals, and a finding's tracking.

Money is ``Decimal`` throughout (costs come from ``EffectiveCost``, ``DECIMAL(38, 10)``), so savings
and totals stay exact until they are rounded for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

STATUSES: tuple[str, ...] = ("open", "accepted", "in-progress", "done", "wont-fix")
"""Tracking statuses, in workflow order."""


@dataclass(frozen=True)
class Tracking:
    """What people decided about one finding (kept in the workspace, keyed by ``check|resource``)."""

    status: str = "open"
    owner: str | None = None
    due_date: date | None = None
    reason: str | None = None
    baseline_monthly_cost: Decimal | None = None
    done_on: date | None = None


@dataclass(frozen=True)
class Finding:
    """One resource (or commitment) that costs money it need not cost, priced from the bill."""

    check: str
    """Check id, e.g. ``gp2-to-gp3``."""
    check_title: str
    resource_id: str
    provider: str
    account_id: str
    account_name: str
    region: str
    owner: str
    """Owner/team tag on the resource, else the ``[teams]`` mapping of its account, else ``(unowned)``."""
    evidence: str
    """The numbers that triggered the check."""
    monthly_cost: Decimal
    """Effective cost of the resource over the last 30 days."""
    monthly_saving: Decimal
    formula: str
    """How the saving was computed, with the figures."""
    confidence: str
    """high | medium | low."""
    command: str
    """The CLI command to act (shown and copied, never run)."""
    tracking: Tracking = Tracking()

    @property
    def key(self) -> str:
        """The workspace key: ``check|resource id`` (stable across re-imports)."""
        return f"{self.check}|{self.resource_id}"

    @property
    def annual_saving(self) -> Decimal:
        """Twelve times the monthly saving."""
        return self.monthly_saving * 12


@dataclass(frozen=True)
class CheckTotal:
    """One line of the totals table: a check, whether it could run, and what it found."""

    check: str
    title: str
    provider: str
    state: str
    """``ok`` or ``needs inventory``."""
    count: int
    monthly_saving: Decimal

    @property
    def annual_saving(self) -> Decimal:
        """Twelve times the monthly saving."""
        return self.monthly_saving * 12


@dataclass(frozen=True)
class DoneSaving:
    """A finding marked done and what it saved since, measured from later billing data."""

    key: str
    check: str
    resource_id: str
    done_on: date
    baseline_monthly_cost: Decimal
    after_monthly_cost: Decimal
    """Effective cost per 30 days since ``done_on`` (0 when the resource is gone from the bill)."""
    days_measured: int

    @property
    def realised_monthly_saving(self) -> Decimal:
        """Baseline minus cost after, per 30 days."""
        return self.baseline_monthly_cost - self.after_monthly_cost


@dataclass(frozen=True)
class WasteReport:
    """Everything the waste screen and ``report waste`` show."""

    as_of: date
    start: date
    currency: str
    findings: tuple[Finding, ...]
    totals: tuple[CheckTotal, ...]
    done: tuple[DoneSaving, ...]
    """Done findings measured against later billing days (a finding done on the newest day is not yet)."""
    done_on: tuple[tuple[str, date], ...] = ()
    """Every finding tracked as done and its done day, measured or not: what "N done" counts on every
    screen (the Waste summary and the Executive summary counted the measured ones only, the Agenda
    all of them, so one finding marked done read "1 done" there and "0 done" here)."""
