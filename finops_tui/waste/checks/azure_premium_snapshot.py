"""Azure premium snapshots: snapshots kept on Premium SSD storage cost more than twice Standard HDD."""

from __future__ import annotations

from decimal import Decimal

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, cents, quote

RATIO = Decimal("0.05") / Decimal("0.12")
"""Standard (HDD) over premium snapshot list price per GB-month."""


def price(row: CheckRow, _: Thresholds) -> Priced:
    """Saving = 30-day cost x (1 - standard/premium price)."""
    return Priced(
        row.monthly_cost * (1 - RATIO),
        f"{cents(row.monthly_cost)} (30-day effective cost) x (1 - 0.05/0.12) "
        "(Standard vs Premium per GB-month)",
        f"snapshot billed on {row.detail}, {row.quantity:,.1f} GB-months in 30 days",
        "high",
        f"az snapshot update --ids {quote(row.resource_id)} --sku Standard_LRS",
    )


CHECK = Check("azure-premium-snapshot", "Azure premium snapshot", "Microsoft", price)
