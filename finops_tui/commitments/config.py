"""Commitment guidance settings, read from ``[commitments]``: every assumption behind the suggestion.

The Commitments screen suggests (never buys) a commitment sized to the steady part of on-demand
compute. The figures rest on assumptions the reader must see and may change, so each is here::

    [commitments]
    baseline_days = 30          # window of daily on-demand compute cost the baseline reads
    baseline_percentile = 10    # the daily cost exceeded on (100 - p) % of those days
    discount_pct = 28           # discount a 1-year no-upfront commitment gives on that usage
                                # (default: [thresholds] waste_commitment_discount_pct, the Waste
                                #  screen's commitment candidate, so one assumption drives both)
    ended_after_days = 3        # a commitment with no row for this many days before as-of has ended
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from finops_tui.errors import FinOpsError

HOURS_PER_YEAR = 8760
"""Hours in a (non-leap) year: the annual saving is the hourly saving times this."""


@dataclass(frozen=True)
class CommitmentSettings:
    """Assumptions of the commitment guidance (``[commitments]``)."""

    baseline_days: int = 30
    """Days, ending at as-of, of daily on-demand compute cost the baseline is read from."""
    baseline_percentile: int = 10
    """Percentile of those daily costs taken as the steady baseline (low: only what always runs)."""
    discount_pct: Decimal = Decimal(28)
    """Assumed discount of a new commitment over on-demand prices, in percent."""
    ended_after_days: int = 3
    """A commitment whose rows stop this many days or more before as-of is shown as ended."""


_INTS = {"baseline_days": (7, 366), "baseline_percentile": (0, 100), "ended_after_days": (1, 366)}


def parse_commitments(raw: Any, path: Path, *, discount_pct: float | None = None) -> CommitmentSettings:
    """Validate the ``[commitments]`` table (raises FinOpsError naming the file and key).

    ``discount_pct`` is the Waste screen's assumed commitment discount: the default here, so the two
    screens never price a commitment at two different discounts unless the file says so.
    """
    if not isinstance(raw, dict):
        raise FinOpsError(f"{path}: [commitments] must be a table")
    unknown = sorted(set(raw) - {*_INTS, "discount_pct"})
    if unknown:
        raise FinOpsError(f"{path}: unknown setting commitments.{unknown[0]}")
    values: dict[str, Any] = {}
    if discount_pct is not None:  # 28.0 from the thresholds reads as 28, as the file's own 28 does
        whole = discount_pct.is_integer()
        values["discount_pct"] = Decimal(int(discount_pct)) if whole else Decimal(str(discount_pct))
    for key, (low, high) in _INTS.items():
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise FinOpsError(f"{path}: commitments.{key} must be a whole number from {low} to {high}")
        values[key] = value
    if "discount_pct" in raw:
        value = raw["discount_pct"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 100:
            raise FinOpsError(f"{path}: commitments.discount_pct must be a number above 0 and below 100")
        values["discount_pct"] = Decimal(str(value))
    return CommitmentSettings(**values)
