"""io1 → io2: same storage price, provisioned IOPS above 32,000 30 % cheaper, 100x the durability."""

from __future__ import annotations

from decimal import Decimal

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, aws_region, aws_short_id, cents

TIER = 32_000.0
"""io2 IOPS above this are billed at $0.0455 instead of $0.065 per IOPS-month (30 % less)."""
TIER_DISCOUNT = Decimal("0.30")


def price(row: CheckRow, _: Thresholds) -> Priced:
    """Saving = IOPS cost x share of IOPS above 32,000 x 30 %."""
    iops = row.quantity
    share = Decimal(repr(round(max(0.0, iops - TIER) / iops, 6))) if iops > 0 else Decimal(0)
    saving = row.extra_cost * share * TIER_DISCOUNT
    return Priced(
        saving,
        f"{cents(row.extra_cost)} (30-day IOPS cost) x {share:.4f} (share of IOPS above 32,000) x 30 %",
        f"io1 volume, {iops:,.0f} provisioned IOPS, {cents(row.monthly_cost)} in 30 days",
        "medium",
        f"aws ec2 modify-volume --region {aws_region(row)} --volume-id {aws_short_id(row.resource_id)} "
        "--volume-type io2",
    )


CHECK = Check("io1-to-io2", "EBS io1 → io2", "AWS", price)
