"""Commitment candidates: on-demand compute that runs every day of the window could be committed.

The committable base is the lowest daily on-demand compute cost over 30 complete days (what never
switches off); a 1-year no-upfront commitment at the configured discount covers it.
"""

from __future__ import annotations

from typing import Any

from finops_tui.settings import Thresholds
from finops_tui.waste.base import Check, CheckRow, Priced, cents, dec


def params(_: Thresholds) -> dict[str, Any]:
    """No extra parameters beyond the window."""
    return {}


def price(row: CheckRow, t: Thresholds) -> Priced | None:
    """Saving = lowest daily on-demand cost x 30 x discount."""
    if row.extra_cost <= 0:
        return None
    pct = dec(t.waste_commitment_discount_pct)
    saving = row.extra_cost * 30 * pct / 100
    if row.provider == "Microsoft":
        command = (
            "az consumption reservation recommendation list --scope Shared --look-back-period Last30Days "
            "--resource-type VirtualMachines"
        )
    else:
        command = (
            "aws ce get-savings-plans-purchase-recommendation --savings-plans-type COMPUTE_SP "
            "--term-in-years ONE_YEAR --payment-option NO_UPFRONT --lookback-period-in-days THIRTY_DAYS"
        )
    return Priced(
        saving,
        f"{cents(row.extra_cost)} (lowest daily on-demand compute cost) x 30 days x {pct} % "
        "(1-year no-upfront commitment discount)",
        f"{cents(row.monthly_cost)} on-demand compute in 30 days ({row.detail}); steady floor "
        f"{cents(row.extra_cost)}/day",
        "medium",
        command,
    )


CHECK = Check("commitment-candidate", "Commitment candidate", "any", price, params)
