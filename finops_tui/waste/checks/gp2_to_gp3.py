"""gp2 → gp3: the same volume as gp3 costs 20 % less per GB-month, with a 3,000 IOPS baseline included."""

from __future__ import annotations

from decimal import Decimal

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, aws_region, aws_short_id, cents

RATIO = Decimal("0.20")
"""1 - gp3/gp2 list price per GB-month ($0.08 / $0.10 in us-east-1; the same ratio in every region)."""


def price(row: CheckRow, _: Thresholds) -> Priced:
    """Saving = 30-day effective cost x 20 %."""
    saving = row.monthly_cost * RATIO
    return Priced(
        saving,
        f"{cents(row.monthly_cost)} (30-day effective cost) x 20 % (gp3 is $0.08 vs gp2 $0.10 per GB-month)",
        f"billed as gp2 ({row.usage_type}), {row.quantity:,.1f} GB-months in 30 days",
        "high",
        f"aws ec2 modify-volume --region {aws_region(row)} --volume-id {aws_short_id(row.resource_id)} "
        "--volume-type gp3",
    )


CHECK = Check("gp2-to-gp3", "EBS gp2 → gp3", "AWS", price)
