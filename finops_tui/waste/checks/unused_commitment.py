"""Unused commitments: reservation or savings-plan hours paid for and applied to nothing.

Effective cost of rows with ``CommitmentDiscountStatus = 'Unused'`` is the waste itself. The action
widens where the commitment applies (regional / shared scope), so other usage can absorb it.
"""

from __future__ import annotations

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, cents, quote


def _command(row: CheckRow) -> str:
    rid = row.resource_id
    if row.provider == "Microsoft" and "/reservationOrders/" in rid:
        parts = rid.split("/")
        order = parts[parts.index("reservationOrders") + 1]
        reservation = parts[parts.index("reservations") + 1] if "reservations" in parts else ""
        return (
            f"az reservations reservation update --reservation-order-id {order} "
            f"--reservation-id {reservation} --applied-scope-type Shared"
        )
    if ":reserved-instances/" in rid:
        region = rid.split(":")[3] or "us-east-1"
        ri = rid.rsplit("/", 1)[-1]
        return (
            f"aws ec2 modify-reserved-instances --region {region} --reserved-instances-ids {ri} "
            "--target-configurations Scope=Region"
        )
    if ":savingsplan/" in rid:
        sp = rid.rsplit("/", 1)[-1]
        return (
            "aws savingsplans describe-savings-plans-utilization-details "
            f"--savings-plan-arns {quote(rid)}  # {sp}"
        )
    return f"# review commitment {quote(rid)} with the provider console"


def price(row: CheckRow, _: Thresholds) -> Priced:
    """Saving = the unused effective cost of the last 30 days."""
    kind, _sep, rest = (row.detail or "").partition(" | ")
    name, _sep, unit = rest.rpartition(" | ") if " | " in rest else (rest, "", "units")
    return Priced(
        row.monthly_cost,
        f"{cents(row.monthly_cost)} (30-day effective cost of unused commitment hours) x 100 %",
        f"{kind or 'commitment'} {name}: {row.quantity:,.0f} unused {unit.lower()} in 30 days",
        "medium",
        _command(row),
    )


CHECK = Check("unused-commitment", "Unused commitment", "any", price)
