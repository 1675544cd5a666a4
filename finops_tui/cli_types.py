"""Argument types shared by the sub-command parsers (each its own module, imported by ``cli``)."""

from __future__ import annotations

import argparse


def months(text: str) -> int:
    """``--months`` of a sync: a whole number from 1 to 36 (0 or -2 were quietly taken as 1)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 36:
        raise argparse.ArgumentTypeError(f"{value} is outside 1 to 36")
    return value
