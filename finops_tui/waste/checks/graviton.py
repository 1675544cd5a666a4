"""Graviton-eligible EC2: x86 families with an Arm (Graviton) equivalent about 15-20 % cheaper.

Low confidence: the workload must run on Arm (most interpreted and JVM stacks do; native builds need an
arm64 image). Previous-generation families are left to the previous-generation check.
"""

from __future__ import annotations

from decimal import Decimal

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, aws_region, aws_short_id, cents

GRAVITON: dict[str, tuple[str, Decimal, Decimal]] = {
    "m5": ("m7g", Decimal("0.096"), Decimal("0.0816")),
    "m6i": ("m7g", Decimal("0.096"), Decimal("0.0816")),
    "c5": ("c7g", Decimal("0.085"), Decimal("0.0725")),
    "c6i": ("c7g", Decimal("0.085"), Decimal("0.0725")),
    "r5": ("r7g", Decimal("0.126"), Decimal("0.1071")),
    "r6i": ("r7g", Decimal("0.126"), Decimal("0.1071")),
    "t3": ("t4g", Decimal("0.0832"), Decimal("0.0672")),
}
"""x86 family → (Graviton family, Linux on-demand $/h of the ``.large`` size, old and new, us-east-1)."""


def price(row: CheckRow, _: Thresholds) -> Priced | None:
    """Saving = 30-day effective cost x (1 - Graviton/x86 list price)."""
    family, _sep, size = (row.detail or "").partition(".")
    if family not in GRAVITON or not size:
        return None
    new, old_price, new_price = GRAVITON[family]
    ratio = new_price / old_price
    target = f"{new}.{size}"
    return Priced(
        row.monthly_cost * (1 - ratio),
        f"{cents(row.monthly_cost)} (30-day effective cost) x (1 - {ratio:.4f}) ({target} / {row.detail} "
        "list price)",
        f"{row.detail} (x86) ran {row.quantity:,.0f} hours in 30 days; needs an arm64 build",
        "low",
        f"aws ec2 modify-instance-attribute --region {aws_region(row)} "
        f"--instance-id {aws_short_id(row.resource_id)} --instance-type Value={target}  # stopped, arm64 AMI",
    )


CHECK = Check("graviton", "Graviton-eligible EC2", "AWS", price, sql_name="ec2_instance_hours")
