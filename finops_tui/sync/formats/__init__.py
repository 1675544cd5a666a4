"""Billing-file formats, recognised from their header alone.

Order matters: FOCUS headers are checked first (an AWS or Azure FOCUS export is FOCUS, whatever else
it carries), then CUR 2.0 before legacy CUR (both snake_case in Parquet), then Azure cost details.
"""

from __future__ import annotations

from finops_tui.sync.formats.aws_cur import AwsCurFormat
from finops_tui.sync.formats.aws_cur2 import AwsCur2Format
from finops_tui.sync.formats.azure import AzureCostFormat
from finops_tui.sync.formats.base import Header, SourceFormat
from finops_tui.sync.formats.focus import FocusFormat

FORMATS: tuple[SourceFormat, ...] = (FocusFormat(), AwsCur2Format(), AwsCurFormat(), AzureCostFormat())
"""Every known format, in detection order."""


def detect(header: Header) -> SourceFormat | None:
    """The format whose header ``header`` is, or None when no format recognises it."""
    for fmt in FORMATS:
        if fmt.matches(header):
            return fmt
    return None


__all__ = ["FORMATS", "Header", "SourceFormat", "detect"]
