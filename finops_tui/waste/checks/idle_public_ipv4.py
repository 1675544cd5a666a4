"""Idle public IPv4: an address billed as ``PublicIPv4:IdleAddress`` is allocated to nothing."""

from __future__ import annotations

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, aws_region, aws_short_id, cents


def price(row: CheckRow, _: Thresholds) -> Priced:
    """Saving = the whole 30-day cost (releasing the address stops the charge)."""
    return Priced(
        row.monthly_cost,
        f"{cents(row.monthly_cost)} (30-day effective cost) x 100 % (released addresses are not billed)",
        f"{row.quantity:,.0f} idle address-hours in 30 days ({row.usage_type})",
        "high",
        f"aws ec2 release-address --region {aws_region(row)} --allocation-id {aws_short_id(row.resource_id)}",
    )


CHECK = Check("idle-public-ipv4", "Idle public IPv4", "AWS", price)
