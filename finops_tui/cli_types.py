"""Argument types shared by the sub-command parsers (each its own module, imported by ``cli``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (0 or -2 were quietly taken as 1)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low} to {high}")
        return value

    return parse


months = whole_number(1, 36)
"""``--months`` of a sync."""

top_n = whole_number(1, 20)
"""``--top-n`` of ``report trends``: as the config's ``top_n``."""
