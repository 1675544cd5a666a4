"""Allocation settings: tag normalisation rules and shared-cost pools, read from ``[allocation]``.

Example::

    required_tags = ["team", "environment", "cost-center"]

    [teams]                                  # account / sub-account id -> team (ownership beyond tags)
    "567890123456" = "platform"

    [allocation]
    owner_tag = "team"                       # the tag whose value names the owning team

    [allocation.key_aliases]                 # spelling -> canonical key (case and spaces fold anyway)
    "env" = "environment"

    [allocation.value_aliases.environment]   # per canonical key: spelling -> canonical value
    "production" = "prod"

    [[allocation.pools]]                     # shared cost split across teams; first match wins
    name = "Shared services"
    sub_accounts = ["567890123456"]
    split = "fixed"                          # "direct" (share of direct cost) or "fixed" (weights, %)
    weights = { platform = 60, sre = 40 }

Without pools, one pool holds every untaggable charge (tax, support, credits, fees, shared data
transfer) and splits it by each team's share of direct cost, as AWS Cost Categories' proportional
split charge rules do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from finops_tui.errors import FinOpsError

DEFAULT_REQUIRED_TAGS: tuple[str, ...] = ("team", "environment", "cost-center")
"""Required tag keys when the config names none."""


@dataclass(frozen=True)
class SharedPool:
    """A shared-cost pool and how it is split across teams."""

    name: str
    """Shown in the showback table and the chargeback CSV."""
    untaggable: bool = False
    """Every untaggable charge (tax, support, credits, fees ...) belongs to this pool."""
    sub_accounts: tuple[str, ...] = ()
    """Sub-account ids whose whole cost belongs to this pool."""
    services: tuple[str, ...] = ()
    """Service names whose cost belongs to this pool."""
    split: str = "direct"
    """``direct``: by each team's share of direct cost; ``fixed``: by ``weights``."""
    weights: tuple[tuple[str, Decimal], ...] = ()
    """Team → percent (``fixed`` only; sums to 100)."""


DEFAULT_POOLS: tuple[SharedPool, ...] = (SharedPool("Untaggable charges", untaggable=True),)


@dataclass(frozen=True)
class AllocationSettings:
    """Tag normalisation and shared-cost rules of the allocation screen and showback."""

    owner_tag: str = "team"
    """The tag key whose value names the owning team."""
    key_aliases: dict[str, str] = field(default_factory=dict)
    """Key spelling → canonical key (applied after case, whitespace and punctuation folding)."""
    value_aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    """Canonical key → (value spelling → canonical value)."""
    pools: tuple[SharedPool, ...] = DEFAULT_POOLS
    """Shared-cost pools, matched in order."""


def _err(path: Path, key: str, wanted: str) -> FinOpsError:
    return FinOpsError(f"{path}: {key} must be {wanted}")


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(path, key, "a list of strings")
    return tuple(value)


def _str_table(path: Path, key: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _err(path, key, "a table of strings")
    return {str(k): v for k, v in value.items()}


def _pool(path: Path, index: int, raw: Any) -> SharedPool:
    where = f"allocation.pools[{index}]"
    if not isinstance(raw, dict):
        raise _err(path, where, "a table")
    unknown = sorted(set(raw) - {"name", "untaggable", "sub_accounts", "services", "split", "weights"})
    if unknown:
        raise FinOpsError(f"{path}: unknown setting {where}.{unknown[0]}")
    name = raw.get("name", f"Pool {index + 1}")
    if not isinstance(name, str) or not name:
        raise _err(path, f"{where}.name", "a non-empty string")
    untaggable = raw.get("untaggable", False)
    if not isinstance(untaggable, bool):
        raise _err(path, f"{where}.untaggable", "true or false")
    split = raw.get("split", "direct")
    if split not in ("direct", "fixed"):
        raise _err(path, f"{where}.split", '"direct" or "fixed"')
    weights: list[tuple[str, Decimal]] = []
    raw_weights = raw.get("weights", {})
    if not isinstance(raw_weights, dict):
        raise _err(path, f"{where}.weights", "a table of team = percent")
    for team, pct in raw_weights.items():
        try:
            if isinstance(pct, bool):
                raise InvalidOperation
            value = Decimal(str(pct))
        except InvalidOperation:
            raise _err(path, f"{where}.weights.{team}", "a number") from None
        if value < 0:
            raise _err(path, f"{where}.weights.{team}", "zero or more")
        weights.append((str(team), value))
    if split == "fixed" and sum((w for _, w in weights), Decimal(0)) != 100:
        raise _err(path, f"{where}.weights", "percentages that add up to 100")
    return SharedPool(
        name=name,
        untaggable=untaggable,
        sub_accounts=_strings(path, f"{where}.sub_accounts", raw.get("sub_accounts", [])),
        services=_strings(path, f"{where}.services", raw.get("services", [])),
        split=split,
        weights=tuple(weights),
    )


def parse_allocation(raw: Any, path: Path) -> AllocationSettings:
    """Validate the ``[allocation]`` table (raises FinOpsError naming the file and key)."""
    if not isinstance(raw, dict):
        raise _err(path, "[allocation]", "a table")
    unknown = sorted(set(raw) - {"owner_tag", "key_aliases", "value_aliases", "pools"})
    if unknown:
        raise FinOpsError(f"{path}: unknown setting allocation.{unknown[0]}")
    owner = raw.get("owner_tag", "team")
    if not isinstance(owner, str) or not owner.strip():
        raise _err(path, "allocation.owner_tag", "a tag key")
    values_raw = raw.get("value_aliases", {})
    if not isinstance(values_raw, dict):
        raise _err(path, "[allocation.value_aliases]", "a table of tables")
    value_aliases = {
        str(k): _str_table(path, f"allocation.value_aliases.{k}", v) for k, v in values_raw.items()
    }
    pools_raw = raw.get("pools")
    if pools_raw is None:
        pools = DEFAULT_POOLS
    elif isinstance(pools_raw, list):
        pools = tuple(_pool(path, i, p) for i, p in enumerate(pools_raw))
    else:
        raise _err(path, "allocation.pools", "an array of tables ([[allocation.pools]])")
    return AllocationSettings(
        owner_tag=owner,
        key_aliases=_str_table(path, "allocation.key_aliases", raw.get("key_aliases", {})),
        value_aliases=value_aliases,
        pools=pools,
    )
