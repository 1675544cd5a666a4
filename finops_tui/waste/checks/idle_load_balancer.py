"""Idle load balancers: billed every hour while using almost no capacity units (LCU)."""

from __future__ import annotations

from typing import Any

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, aws_region, cents, quote


def params(t: Thresholds) -> dict[str, Any]:
    """The idle threshold in LCU-hours per day."""
    return {"max_lcu_per_day": t.waste_lb_idle_lcu_per_day}


def price(row: CheckRow, t: Thresholds) -> Priced:
    """Saving = the whole 30-day cost of the load balancer."""
    return Priced(
        row.monthly_cost,
        f"{cents(row.monthly_cost)} (30-day effective cost: {cents(row.extra_cost)} hours + "
        f"{cents(row.monthly_cost - row.extra_cost)} LCU) x 100 %",
        f"{row.quantity:,.2f} LCU-hours in 30 days (idle below {t.waste_lb_idle_lcu_per_day:g} per day)",
        "medium",
        f"aws elbv2 delete-load-balancer --region {aws_region(row)} "
        f"--load-balancer-arn {quote(row.resource_id)}",
    )


CHECK = Check("idle-load-balancer", "Idle load balancer", "AWS", price, params)
