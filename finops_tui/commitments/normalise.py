"""AWS instance size normalisation: how many "small" instances a size is worth.

AWS expresses a regional Linux reservation's size flexibility in normalisation units: nano 0.25,
micro 0.5, small 1, medium 2, large 4, xlarge 8 and ``N``xlarge 8·N. Bare-metal sizes have no fixed
factor (AWS gives each family's metal size the factor of its largest virtual size), and a billing file
does not say which that is, so metal and any size we cannot read are *unknown*: left out of the
normalised figures and counted, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_FIXED: dict[str, Decimal] = {
    "nano": Decimal("0.25"),
    "micro": Decimal("0.5"),
    "small": Decimal(1),
    "medium": Decimal(2),
    "large": Decimal(4),
    "xlarge": Decimal(8),
}
_MULTI = re.compile(r"^(\d+)xlarge$")


@dataclass(frozen=True)
class InstanceSize:
    """An instance type split into family and size, with its normalisation factor."""

    instance_type: str
    family: str
    """Everything before the size, e.g. ``m5`` or ``db.r6g``."""
    size: str
    factor: Decimal | None
    """Normalisation units per instance-hour; None for metal and sizes we cannot read."""


def split_instance_type(instance_type: str) -> InstanceSize | None:
    """Family, size and factor of an AWS instance type such as ``m5.2xlarge`` (None: not ``family.size``)."""
    text = instance_type.strip()
    family, dot, size = text.rpartition(".")
    if not dot or not family or not size:
        return None
    return InstanceSize(text, family, size, size_factor(size))


def size_factor(size: str) -> Decimal | None:
    """Normalisation factor of a size name (``xlarge`` → 8, ``4xlarge`` → 32, ``metal`` → None)."""
    if size in _FIXED:
        return _FIXED[size]
    match = _MULTI.match(size)
    if match is None or int(match.group(1)) < 1:
        return None
    return 8 * Decimal(match.group(1))
