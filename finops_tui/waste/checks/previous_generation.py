"""Previous-generation EC2 families (t2, m4, c4, r4 …): the current generation is faster and cheaper."""

from __future__ import annotations

from decimal import Decimal

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, aws_region, aws_short_id, cents

SUCCESSOR: dict[str, tuple[str, Decimal, Decimal]] = {
    "t2": ("t3", Decimal("0.0464"), Decimal("0.0416")),
    "m4": ("m5", Decimal("0.100"), Decimal("0.096")),
    "c4": ("c5", Decimal("0.199"), Decimal("0.170")),
    "r4": ("r5", Decimal("0.133"), Decimal("0.126")),
    "m3": ("m5", Decimal("0.133"), Decimal("0.096")),
    "c3": ("c5", Decimal("0.105"), Decimal("0.085")),
    "r3": ("r5", Decimal("0.166"), Decimal("0.126")),
    "i2": ("i3", Decimal("0.853"), Decimal("0.312")),
}
"""Family → (successor family, Linux on-demand $/h of the old and new ``.large``-equivalent unit in
us-east-1). Sizes scale both prices alike, so the ratio holds for every size."""


def successor(instance_type: str) -> tuple[str, Decimal] | None:
    """``("m5.xlarge", price ratio new/old)`` for a previous-generation type, else None."""
    family, _, size = instance_type.partition(".")
    if family not in SUCCESSOR or not size:
        return None
    new, old_price, new_price = SUCCESSOR[family]
    return f"{new}.{size}", new_price / old_price


def price(row: CheckRow, _: Thresholds) -> Priced | None:
    """Saving = 30-day effective cost x (1 - new/old list price)."""
    found = successor(row.detail or "")
    if found is None:
        return None
    target, ratio = found
    saving = row.monthly_cost * (1 - ratio)
    region, instance = aws_region(row), aws_short_id(row.resource_id)
    return Priced(
        saving,
        f"{cents(row.monthly_cost)} (30-day effective cost) x (1 - {ratio:.4f}) ({target} / {row.detail} "
        "list price)",
        f"{row.detail} ran {row.quantity:,.0f} hours in 30 days ({row.usage_type})",
        "high",
        f"aws ec2 stop-instances --region {region} --instance-ids {instance} && "
        f"aws ec2 modify-instance-attribute --region {region} --instance-id {instance} "
        f"--instance-type Value={target} && "
        f"aws ec2 start-instances --region {region} --instance-ids {instance}",
    )


CHECK = Check("previous-generation", "Previous-generation EC2", "AWS", price, sql_name="ec2_instance_hours")
