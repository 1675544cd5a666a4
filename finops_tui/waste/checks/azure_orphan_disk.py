"""Azure disks without a VM: a managed disk billed in a resource group where no VM compute is billed.

The disk is very likely unattached (its VM was deleted); the inventory sync can confirm the
``Unattached`` state. Deleting it saves its whole cost (snapshot it first if in doubt).
"""

from __future__ import annotations

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, cents, quote


def price(row: CheckRow, _: Thresholds) -> Priced:
    """Saving = the whole 30-day cost of the disk."""
    return Priced(
        row.monthly_cost,
        f"{cents(row.monthly_cost)} (30-day effective cost) x 100 % (a deleted disk is not billed)",
        f"{row.usage_type} billed {row.quantity:,.0f} days in resource group {row.detail}, "
        "where no VM compute is billed",
        "medium",
        f"az disk delete --ids {quote(row.resource_id)}",
    )


CHECK = Check("azure-disk-without-vm", "Azure disk without VM", "Microsoft", price)
