"""Ownership and showback: who owns each dollar of a month, and shared pools split to the last digit.

Each cost line goes to the first shared pool it matches, else to the team its owner tag names, else
to the team its sub-account maps to (``[teams]``), else to "(unallocated)". A pool is then split
across teams by their share of direct cost or by fixed percentages. Splits are done in whole units
of the cache's precision (1e-10) by the largest-remainder method, so the parts add up exactly to
the pool; money shown in cents is rounded the same way, so a chargeback CSV adds up to the month's
total to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from finops_tui.allocation_config import SharedPool

UNALLOCATED = "(unallocated)"
QUANTUM = Decimal("1E-10")
"""The cache's money precision: DECIMAL(38, 10)."""
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CostLine:
    """One aggregated cost line: where it was charged and what its tags say."""

    sub_account_id: str | None
    service: str | None
    untaggable: str | None
    team: str | None
    """Owner-tag value (normalised), None when the line has none."""
    cost: Decimal


@dataclass(frozen=True)
class Ownership:
    """A month's cost by owner before and after the shared pools are split."""

    direct: dict[str, Decimal]
    """Team → cost owned directly (owner tag or account mapping)."""
    shared: dict[str, Decimal]
    """Team → its part of the shared pools."""
    pools: dict[str, Decimal]
    """Pool name → pool total."""
    unallocated: Decimal
    """Cost no rule gives an owner (includes a pool with nobody to split it to)."""
    by_tag: Decimal
    """Direct cost owned through the owner tag (the rest came from the account mapping)."""

    @property
    def total(self) -> Decimal:
        """Everything: direct + shared + unallocated."""
        return (
            sum(self.direct.values(), Decimal(0)) + sum(self.shared.values(), Decimal(0)) + self.unallocated
        )


def split_exact(amount: Decimal, weights: Sequence[Decimal], quantum: Decimal = QUANTUM) -> list[Decimal]:
    """Split ``amount`` by ``weights`` into parts that add up to ``amount`` exactly (largest remainder)."""
    total_weight = sum(weights, Decimal(0))
    if not weights or total_weight <= 0:
        raise ValueError("cannot split over zero total weight")
    sign = -1 if amount < 0 else 1
    units = int((abs(amount) / quantum).to_integral_value(rounding=ROUND_FLOOR))
    leftover_exact = abs(amount) - units * quantum  # non-zero only for amounts finer than the quantum
    raw = [Decimal(units) * w / total_weight for w in weights]
    floors = [int(r.to_integral_value(rounding=ROUND_FLOOR)) for r in raw]
    remainder = units - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in order[:remainder]:
        floors[i] += 1
    parts = [sign * f * quantum for f in floors]
    if leftover_exact:
        parts[order[0]] += sign * leftover_exact
    return parts


def round_to_target(values: Sequence[Decimal], target: Decimal, quantum: Decimal = CENT) -> list[Decimal]:
    """Round each value to ``quantum`` so that the rounded values add up to ``target`` exactly."""
    floors = [v.quantize(quantum, rounding=ROUND_FLOOR) for v in values]
    steps = int(((target - sum(floors, Decimal(0))) / quantum).to_integral_value())
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    if steps >= 0:
        for n in range(steps):
            floors[order[n % len(order)]] += quantum
    else:
        for n in range(-steps):
            floors[order[-1 - n % len(order)]] -= quantum
    return floors


def _pool_for(line: CostLine, pools: Sequence[SharedPool]) -> SharedPool | None:
    for pool in pools:
        if (
            (pool.untaggable and line.untaggable is not None)
            or (line.sub_account_id is not None and line.sub_account_id in pool.sub_accounts)
            or (line.service is not None and line.service in pool.services)
        ):
            return pool
    return None


def allocate(lines: Iterable[CostLine], pools: Sequence[SharedPool], teams: Mapping[str, str]) -> Ownership:
    """Give each line an owner and split the pools (see the module docstring for the order)."""
    direct: dict[str, Decimal] = {}
    by_tag = Decimal(0)
    pool_cost: dict[str, Decimal] = {}
    unallocated = Decimal(0)
    for line in lines:
        pool = _pool_for(line, pools)
        if pool is not None:
            pool_cost[pool.name] = pool_cost.get(pool.name, Decimal(0)) + line.cost
            continue
        team = line.team
        if team is not None:
            by_tag += line.cost
        elif line.sub_account_id is not None:
            team = teams.get(line.sub_account_id)
        if team is None:
            unallocated += line.cost
        else:
            direct[team] = direct.get(team, Decimal(0)) + line.cost
    shared: dict[str, Decimal] = {}
    for pool in pools:
        amount = pool_cost.get(pool.name)
        if amount is None:
            continue
        if pool.split == "fixed":
            recipients = [(t, w) for t, w in pool.weights if w > 0]
        else:
            recipients = [(t, c) for t, c in sorted(direct.items()) if c > 0]
        if not recipients:
            unallocated += amount
            continue
        parts = split_exact(amount, [w for _, w in recipients])
        for (team, _), part in zip(recipients, parts, strict=True):
            shared[team] = shared.get(team, Decimal(0)) + part
    return Ownership(direct, shared, pool_cost, unallocated, by_tag)
