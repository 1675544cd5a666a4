"""The ``[azure]`` section of the config file: what ``finops-tui sync azure`` syncs when no flag says.

Example::

    [azure]
    exports = ["cost-exports/finops"]          # CONTAINER/PATH in storage_account
    storage_account = "acmebilling"
    scopes = ["subscriptions/11111111-1111-1111-1111-111111111111"]
    query = true                               # Query API for the scopes' months no export covers
    tag_keys = ["team", "env"]
    extras = true                              # budgets, alerts, forecast
    inventory = true                           # managed disks, public IPs (waste checks)
    months = 3
    cloud = "public"                           # public | china | usgov
    # arm_endpoint = "https://management.azure.com"

Flags win: ``--export`` replaces ``exports``, ``--scope`` replaces ``scopes``, ``--tag-key`` replaces
``tag_keys``; ``--query`` and ``--extras`` turn a source on. Kept apart from ``settings.py`` and free of
the Azure SDK, so reading the config stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from finops_tui.errors import FinOpsError


@dataclass(frozen=True)
class AzureSettings:
    """Defaults for ``sync azure``."""

    exports: tuple[str, ...] = ()
    """``CONTAINER/PATH`` export locations."""
    storage_account: str | None = None
    """Storage account of the exports (else ``AZURE_STORAGE_CONNECTION_STRING``)."""
    scopes: tuple[str, ...] = ()
    """Cost Management scopes for the Query API and the extras."""
    query: bool = False
    """Query the scopes as if ``--query`` were given."""
    extras: bool = False
    """Budgets, alerts and forecast as if ``--extras`` were given."""
    inventory: bool = False
    """Managed disks and public IPs as if ``--inventory`` were given."""
    tag_keys: tuple[str, ...] = ()
    """Tag keys fetched with the Query API."""
    months: int = 3
    """Query API months, the current one included."""
    cloud: str = "public"
    """``public``, ``china`` or ``usgov``."""
    arm_endpoint: str | None = None
    """Resource Manager URL overriding the cloud's."""


def parse_azure(raw: Any, path: Path) -> AzureSettings:
    """Validate the ``[azure]`` table."""
    if not isinstance(raw, dict):
        raise FinOpsError(f"{path}: [azure] must be a table")
    known = set(AzureSettings.__dataclass_fields__)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise FinOpsError(f"{path}: unknown setting 'azure.{unknown[0]}' (known: {', '.join(sorted(known))})")

    def strings(key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FinOpsError(f"{path}: azure.{key} must be a list of strings")
        return tuple(value)

    def flag(key: str) -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            raise FinOpsError(f"{path}: azure.{key} must be true or false")
        return value

    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise FinOpsError(f"{path}: azure.{key} must be a non-empty string")
        return value

    months = raw.get("months", 3)
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 36:
        raise FinOpsError(f"{path}: azure.months must be a whole number from 1 to 36")
    cloud = text("cloud") or "public"
    if cloud not in ("public", "china", "usgov"):
        raise FinOpsError(f"{path}: azure.cloud must be public, china or usgov")
    return AzureSettings(
        exports=strings("exports"),
        storage_account=text("storage_account"),
        scopes=strings("scopes"),
        query=flag("query"),
        extras=flag("extras"),
        inventory=flag("inventory"),
        tag_keys=strings("tag_keys"),
        months=months,
        cloud=cloud,
        arm_endpoint=text("arm_endpoint"),
    )
