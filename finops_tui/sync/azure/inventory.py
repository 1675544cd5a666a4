"""Inventory for the waste checks: managed disks and public IP addresses of each subscription.

Read through Resource Manager's list APIs with the Cost Management client's own pipeline
(``send_request``: same credential, cloud, retry and throttling handling), so no further SDK package is
needed. Every disk and public IP is kept with its state; the waste checks look for
``diskState = 'Unattached'`` disks and public IPs with no ``ipConfiguration`` and no NAT gateway. The
rows go into ``azure_inventory`` through :func:`finops_tui.sync.azure.extras.write` (kind
``inventory``), replaced per subscription only when the listing changed.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from finops_tui.errors import FinOpsError
from finops_tui.sync.azure.extras import parse_time

DISKS_API = "2024-03-02"
PUBLIC_IPS_API = "2024-05-01"
MAX_PAGES = 200
DDL = """CREATE TABLE IF NOT EXISTS azure_inventory (
    scope VARCHAR, resource_type VARCHAR, resource_id VARCHAR, name VARCHAR, resource_group VARCHAR,
    location VARCHAR, state VARCHAR, sku VARCHAR, size_gib DOUBLE, attached_to VARCHAR,
    created_at TIMESTAMP, tags JSON, taken_at TIMESTAMP)"""
"""One row per disk or public IP; ``state`` is ``Unattached``/``Attached``/… or ``unused``/``in-use``."""

_SUB = re.compile(r"^subscriptions/([^/]+)", re.IGNORECASE)
_RG = re.compile(r"/resourcegroups/([^/]+)", re.IGNORECASE)


def subscription_of(scope: str) -> str | None:
    """The subscription scope a subscription or resource-group scope lives in."""
    found = _SUB.match(scope)
    return f"subscriptions/{found.group(1)}" if found else None


def _list(client: Any, path: str) -> list[dict[str, Any]]:
    from azure.core.rest import HttpRequest

    items: list[dict[str, Any]] = []
    url: str | None = path
    for _ in range(MAX_PAGES):
        if url is None:
            return items
        response = client.send_request(HttpRequest("GET", url))
        response.raise_for_status()
        doc = response.json()
        items.extend(v for v in doc.get("value") or [] if isinstance(v, dict))
        url = doc.get("nextLink")
    raise FinOpsError(f"{path}: the listing kept returning pages (more than {MAX_PAGES})")


def _rg(resource_id: str) -> str | None:
    found = _RG.search(resource_id)
    return found.group(1) if found else None


def _tags(item: dict[str, Any]) -> str | None:
    tags = item.get("tags") or {}
    return json.dumps({str(k): str(v) for k, v in sorted(tags.items())}) if tags else None


def disks(client: Any, scope: str) -> list[tuple[Any, ...]]:
    """Every managed disk of the subscription."""
    out: list[tuple[Any, ...]] = []
    for disk in _list(client, f"/{scope}/providers/Microsoft.Compute/disks?api-version={DISKS_API}"):
        props = disk.get("properties") or {}
        rid = str(disk.get("id") or "")
        out.append(
            (
                scope, "managed-disk", rid, disk.get("name"), _rg(rid), disk.get("location"),
                props.get("diskState"), (disk.get("sku") or {}).get("name"),
                float(props["diskSizeGB"]) if props.get("diskSizeGB") is not None else None,
                disk.get("managedBy"), _created(props.get("timeCreated")), _tags(disk),
            )
        )  # fmt: skip
    return out


def public_ips(client: Any, scope: str) -> list[tuple[Any, ...]]:
    """Every public IP address of the subscription; ``unused`` when nothing holds it."""
    out: list[tuple[Any, ...]] = []
    path = f"/{scope}/providers/Microsoft.Network/publicIPAddresses?api-version={PUBLIC_IPS_API}"
    for ip in _list(client, path):
        props = ip.get("properties") or {}
        holder = (props.get("ipConfiguration") or {}).get("id") or (props.get("natGateway") or {}).get("id")
        rid = str(ip.get("id") or "")
        out.append(
            (
                scope, "public-ip", rid, ip.get("name"), _rg(rid), ip.get("location"),
                "in-use" if holder else "unused", (ip.get("sku") or {}).get("name"), None, holder,
                None, _tags(ip),
            )
        )  # fmt: skip
    return out


def _created(value: Any) -> datetime | None:
    return parse_time(value)


def take(client: Any, scope: str) -> list[tuple[Any, ...]]:
    """Disks and public IPs of one subscription scope, in a stable order."""
    return sorted([*disks(client, scope), *public_ips(client, scope)], key=lambda r: (r[1], r[2]))
