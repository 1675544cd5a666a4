"""The ``[aws]`` section of the config file: what ``finops-tui sync aws`` syncs when no flag says.

Example::

    [aws]
    exports = ["s3://acme-billing/cur2/", "s3://acme-billing/focus/"]
    cost_explorer = false     # $0.01 per request; the sync still asks unless --yes
    inventory = true
    profile = "finops-readonly"
    months = 3
    regions = []              # empty: every enabled region
    accounts = ["111111111111"]   # member accounts for the inventory, through:
    assume_role = "FinOpsReadOnly"
    athena = false            # roll the export up in Athena instead ($5 per TB scanned; asked first)
    athena_database = "cur"
    athena_table = "cur2_daily"
    athena_workgroup = "primary"
    athena_output = "s3://acme-athena-results/finops-tui/"   # default: the workgroup's
    athena_shape = "cur2"     # or "focus"; default: detected from the table's columns
    athena_tag_keys = ["cost-center"]   # kept besides the settings' required_tags
    athena_resource_days = 100 # days kept at resource grain (default: the waste checks' needs, 100)

Flags win: ``--export`` replaces ``exports``, ``--profile`` replaces ``profile``; ``--cost-explorer`` and
``--inventory`` turn a source on. Kept apart from ``settings.py`` and free of boto3, so reading the
config stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from finops_tui.errors import FinOpsError


@dataclass(frozen=True)
class AwsSettings:
    """Defaults for ``sync aws``."""

    exports: tuple[str, ...] = ()
    """``s3://BUCKET/PREFIX`` export locations."""
    cost_explorer: bool = False
    """Sync Cost Explorer (and its extras) as if ``--cost-explorer`` were given."""
    inventory: bool = False
    """Take the EC2 inventory as if ``--inventory`` were given."""
    profile: str | None = None
    """AWS profile; None means boto3's default credential chain."""
    months: int = 3
    """Cost Explorer months, the current one included."""
    regions: tuple[str, ...] = ()
    """Inventory regions; empty means every enabled region."""
    accounts: tuple[str, ...] = ()
    """Member accounts whose inventory is taken through ``assume_role``."""
    assume_role: str | None = None
    """Role name assumed in each member account."""
    athena: bool = False
    """Roll a catalogued export up in Athena as if ``--athena`` were given."""
    athena_database: str | None = None
    athena_table: str | None = None
    athena_workgroup: str | None = None
    athena_output: str | None = None
    """``s3://`` query result location; None uses the workgroup's."""
    athena_shape: str | None = None
    """``cur2`` or ``focus``; None detects it."""
    athena_tag_keys: tuple[str, ...] = ()
    athena_resource_days: int | None = None
    """Days kept at resource grain; None means the default (30)."""


def parse_aws(raw: Any, path: Path) -> AwsSettings:
    """Validate the ``[aws]`` table."""
    if not isinstance(raw, dict):
        raise FinOpsError(f"{path}: [aws] must be a table")
    known = {
        "exports",
        "cost_explorer",
        "inventory",
        "profile",
        "months",
        "regions",
        "accounts",
        "assume_role",
        "athena",
        "athena_database",
        "athena_table",
        "athena_workgroup",
        "athena_output",
        "athena_shape",
        "athena_tag_keys",
        "athena_resource_days",
    }
    unknown = sorted(set(raw) - known)
    if unknown:
        raise FinOpsError(f"{path}: unknown setting 'aws.{unknown[0]}' (known: {', '.join(sorted(known))})")

    def strings(key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FinOpsError(f"{path}: aws.{key} must be a list of strings")
        return tuple(value)

    def flag(key: str) -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            raise FinOpsError(f"{path}: aws.{key} must be true or false")
        return value

    profile = raw.get("profile")
    if profile is not None and (not isinstance(profile, str) or not profile):
        raise FinOpsError(f"{path}: aws.profile must be a profile name")
    role = raw.get("assume_role")
    if role is not None and (not isinstance(role, str) or not role):
        raise FinOpsError(f"{path}: aws.assume_role must be a role name")

    def name(key: str) -> str | None:
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise FinOpsError(f"{path}: aws.{key} must be a non-empty string")
        return value

    shape = name("athena_shape")
    if shape is not None and shape not in ("cur2", "focus"):
        raise FinOpsError(f'{path}: aws.athena_shape must be "cur2" or "focus"')
    output = name("athena_output")
    if output is not None and not output.startswith("s3://"):
        raise FinOpsError(f"{path}: aws.athena_output must be an s3:// location")
    days = raw.get("athena_resource_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 400):
        raise FinOpsError(f"{path}: aws.athena_resource_days must be a whole number from 1 to 400")
    months = raw.get("months", 3)
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 14:
        raise FinOpsError(f"{path}: aws.months must be a whole number from 1 to 14")
    return AwsSettings(
        exports=strings("exports"),
        cost_explorer=flag("cost_explorer"),
        inventory=flag("inventory"),
        profile=profile,
        months=months,
        regions=strings("regions"),
        accounts=strings("accounts"),
        assume_role=role,
        athena=flag("athena"),
        athena_database=name("athena_database"),
        athena_table=name("athena_table"),
        athena_workgroup=name("athena_workgroup"),
        athena_output=output,
        athena_shape=shape,
        athena_tag_keys=strings("athena_tag_keys"),
        athena_resource_days=days,
    )
