"""Azure Hybrid Benefit gaps: Windows VMs paying for the licence in the meter.

Applies when the organisation owns Windows Server licences with Software Assurance (hence medium
confidence); the licence share of the cost is a setting.
"""

from __future__ import annotations

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, cents, dec, quote


def price(row: CheckRow, t: Thresholds) -> Priced:
    """Saving = 30-day cost x licence share."""
    pct = dec(t.waste_hybrid_benefit_pct)
    return Priced(
        row.monthly_cost * pct / 100,
        f"{cents(row.monthly_cost)} (30-day effective cost) x {pct} % (Windows licence share of the rate)",
        f"{row.detail} billed {row.quantity:,.0f} hours on a Windows meter ({row.usage_type})",
        "medium",
        f"az vm update --ids {quote(row.resource_id)} --license-type Windows_Server",
    )


CHECK = Check("azure-hybrid-benefit", "Azure Hybrid Benefit gap", "Microsoft", price)
