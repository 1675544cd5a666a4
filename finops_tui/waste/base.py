"""What a waste check is, the row every check's SQL returns, and the helpers checks share.

A check is one module in ``finops_tui/waste/checks/`` defining ``CHECK``; billing-only checks also
ship one ``.sql`` file of the same name. Every ``.sql`` returns the same columns (``CheckRow``), one
row per candidate resource over the window ``[$start, $end)`` (the 30 days ending ``as_of``), and the
module's ``price`` turns a row into a saving with its formula, evidence, confidence and command.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib.resources import files
from typing import Any

from finops_tui.settings import Thresholds

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CheckRow:
    """One candidate resource as every check's ``.sql`` returns it (column order = field order)."""

    resource_id: str
    provider: str
    account_id: str
    account_name: str | None
    region: str | None
    owner_tag: str | None
    """The team the owner tag names, under the config's tag rules (the ``.sql`` returns the tag map)."""
    usage_type: str | None
    monthly_cost: Decimal
    """Effective cost over the window (the last 30 days)."""
    quantity: float
    """The check's own measure (GB processed, LCU-hours, IOPS, days of age …)."""
    detail: str | None
    """The check's own text (instance type, resource group, volume type …)."""
    extra_cost: Decimal
    """A second money figure the check needs (e.g. the IOPS part of a volume's cost)."""


@dataclass(frozen=True)
class Priced:
    """What a check concludes about one row."""

    monthly_saving: Decimal
    formula: str
    evidence: str
    confidence: str
    command: str


Pricer = Callable[[CheckRow, Thresholds], Priced | None]


def _no_params(_: Thresholds) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Check:
    """A waste check: its id, title, provider, and how it finds and prices candidates."""

    id: str
    title: str
    provider: str
    """``AWS``, ``Microsoft`` or ``any``."""
    price: Pricer | None = None
    """None for inventory-based checks (shown as "needs inventory")."""
    params: Callable[[Thresholds], dict[str, Any]] = field(default=_no_params)
    sql_name: str | None = None
    """The ``.sql`` file beside the module (defaults to the module name)."""

    @property
    def needs_inventory(self) -> bool:
        """True for checks that need describe/Resource Graph data the cache does not hold yet."""
        return self.price is None


@functools.cache
def load_check_sql(name: str) -> str:
    """The text of ``finops_tui/waste/checks/<name>.sql``."""
    return files("finops_tui.waste.checks").joinpath(f"{name}.sql").read_text(encoding="utf-8")


def dec(value: float | str) -> Decimal:
    """A float threshold as an exact decimal (via its shortest repr)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def cents(value: Decimal) -> str:
    """``1,234.56`` for formulas and evidence."""
    return f"{value.quantize(CENT):,}"


_ARN_ID = re.compile(r"[:/]([a-z]+-[0-9a-f]+)$")


def aws_short_id(resource_id: str) -> str:
    """``vol-0abc…`` from ``arn:aws:ec2:…:volume/vol-0abc…`` (the id itself when it is not an ARN)."""
    match = _ARN_ID.search(resource_id)
    return match.group(1) if match else resource_id


def aws_region(row: CheckRow) -> str:
    """The region of an AWS row: its RegionId, else the ARN's region field."""
    if row.region:
        return row.region
    parts = row.resource_id.split(":")
    return parts[3] if len(parts) > 4 and parts[3] else "us-east-1"


def quote(value: str) -> str:
    """Quote a value for a POSIX shell when it needs it (ids with spaces or odd characters)."""
    if re.fullmatch(r"[A-Za-z0-9_./:=@%+,-]+", value):
        return value
    return "'" + value.replace("'", "'\"'\"'") + "'"
