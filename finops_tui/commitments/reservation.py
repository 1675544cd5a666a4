"""A reservation's utilisation from its capacity and the instance hours it could have covered.

Two rules, because AWS applies two: a regional Linux reservation is *size flexible* (any size of the
same family in the same region uses it, in normalisation units), while a zonal or Windows reservation
only covers its exact instance type. Showing both tells the reader how much of an apparently idle
reservation is really used by neighbouring sizes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from finops_tui.commitments.normalise import split_instance_type


@dataclass(frozen=True)
class Reservation:
    """What was bought: ``count`` instances of ``instance_type`` in ``region``."""

    instance_type: str
    region: str
    count: Decimal


@dataclass(frozen=True)
class InstanceHours:
    """Running hours of one instance type in one region over the period."""

    instance_type: str
    region: str
    hours: Decimal


@dataclass(frozen=True)
class ReservationUse:
    """Capacity and use over the period, in normalised unit-hours (flexible) or instance-hours (exact)."""

    capacity: Decimal
    used: Decimal
    flexible: bool
    """True: normalised units, any size of the family; False: hours of the exact type."""
    excluded_hours: Decimal
    """Hours of the family whose size has no factor (metal, unreadable): not counted, reported."""

    @property
    def unused(self) -> Decimal:
        """Capacity nobody used."""
        return self.capacity - self.used

    @property
    def utilisation_pct(self) -> Decimal | None:
        """Used share of capacity (None when there is no capacity)."""
        return None if not self.capacity else self.used / self.capacity * 100


def reservation_use(
    reservation: Reservation,
    usage: Iterable[InstanceHours],
    *,
    period_hours: Decimal,
    flexible: bool,
) -> ReservationUse:
    """How much of ``reservation`` the ``usage`` used over ``period_hours``.

    Usage beyond capacity runs on demand, so ``used`` never exceeds ``capacity``.

    Raises:
        ValueError: a flexible reservation whose own size has no normalisation factor (e.g. metal).
    """
    own = split_instance_type(reservation.instance_type)
    if not flexible:
        capacity = reservation.count * period_hours
        hours = sum(
            (u.hours for u in usage
             if u.instance_type == reservation.instance_type and u.region == reservation.region),
            Decimal(0),
        )  # fmt: skip
        return ReservationUse(capacity, min(hours, capacity), False, Decimal(0))
    if own is None or own.factor is None:
        raise ValueError(f"{reservation.instance_type}: no normalisation factor, so no size flexibility")
    capacity = reservation.count * period_hours * own.factor
    units = Decimal(0)
    excluded = Decimal(0)
    for u in usage:
        size = split_instance_type(u.instance_type)
        if size is None or size.family != own.family or u.region != reservation.region:
            continue
        if size.factor is None:
            excluded += u.hours
        else:
            units += u.hours * size.factor
    return ReservationUse(capacity, min(units, capacity), True, excluded)
