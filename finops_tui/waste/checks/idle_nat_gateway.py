"""Idle NAT gateways: billed every hour while processing almost no data."""

from __future__ import annotations

from typing import Any

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, aws_region, aws_short_id, cents


def params(t: Thresholds) -> dict[str, Any]:
    """The idle threshold in GB per day."""
    return {"max_gb_per_day": t.waste_nat_idle_gb_per_day}


def price(row: CheckRow, t: Thresholds) -> Priced:
    """Saving = the whole 30-day cost (hours and bytes) of the gateway."""
    return Priced(
        row.monthly_cost,
        f"{cents(row.monthly_cost)} (30-day effective cost: {cents(row.extra_cost)} hours + "
        f"{cents(row.monthly_cost - row.extra_cost)} data) x 100 %",
        f"{row.quantity:,.3f} GB processed in 30 days (idle below {t.waste_nat_idle_gb_per_day:g} GB/day)",
        "high",
        f"aws ec2 delete-nat-gateway --region {aws_region(row)} "
        f"--nat-gateway-id {aws_short_id(row.resource_id)}",
    )


CHECK = Check("idle-nat-gateway", "Idle NAT gateway", "AWS", price, params)
