"""Snapshot growth: EBS snapshots kept for months whose storage only grows (no lifecycle pruning).

Billing shows how long a snapshot has been paid for and whether its cost shrinks, not whether it is
still needed, so confidence is low: the saving assumes it is deleted (or aged out by a lifecycle policy).
"""

from __future__ import annotations

from typing import Any

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, aws_region, aws_short_id, cents


def params(t: Thresholds) -> dict[str, Any]:
    """The minimum age in days."""
    return {"min_age_days": int(t.waste_snapshot_age_days)}


def price(row: CheckRow, t: Thresholds) -> Priced:
    """Saving = the whole 30-day cost (deleting the snapshot)."""
    return Priced(
        row.monthly_cost,
        f"{cents(row.monthly_cost)} (30-day effective cost) x 100 % "
        "(delete, or let a lifecycle policy age it out)",
        f"billed since {row.detail} or earlier ({row.quantity:,.0f}+ days, "
        f"over {t.waste_snapshot_age_days:g}); "
        f"30-day cost {cents(row.extra_cost)} → {cents(row.monthly_cost)}, not shrinking",
        "low",
        f"aws ec2 delete-snapshot --region {aws_region(row)} --snapshot-id {aws_short_id(row.resource_id)}",
    )


CHECK = Check("snapshot-growth", "EBS snapshot growth", "AWS", price, params)
