"""EC2 inventory for the waste checks: volumes, Elastic IPs, snapshots, instances and NAT gateways.

Taken in every enabled region (or the regions the user names), stamped with the time it was taken,
and stored per (account, region): a region that answers replaces its previous inventory, a region
that refuses (AccessDenied, opt-in) keeps it and produces a warning.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import duckdb

from finops_tui.sync.aws.session import AwsContext, skip_if_denied
from finops_tui.sync.aws.tables import replace_rows

COLUMNS = (
    "account_id",
    "region",
    "resource_type",
    "resource_id",
    "state",
    "created_at",
    "size_gib",
    "instance_type",
    "attached_to",
    "tags",
    "detail",
    "taken_at",
)
RESOURCE_TYPES = ("ebs-volume", "elastic-ip", "ebs-snapshot", "ec2-instance", "nat-gateway")


def enabled_regions(ctx: AwsContext) -> list[str]:
    """Regions enabled for the account (``DescribeRegions`` without opt-in-required regions)."""
    resp = ctx.client("ec2").describe_regions(AllRegions=False)
    return sorted(r["RegionName"] for r in resp.get("Regions", []))


def _tags(items: list[dict[str, str]] | None) -> dict[str, str]:
    return {t["Key"]: t.get("Value", "") for t in items or []}


def _naive(value: Any) -> datetime | None:
    return value.replace(tzinfo=None) if isinstance(value, datetime) else None


def _paged(ec2: Any, operation: str, key: str, **params: Any) -> Iterator[dict[str, Any]]:
    for page in ec2.get_paginator(operation).paginate(**params):
        yield from page.get(key, [])


def _volumes(ec2: Any) -> Iterator[tuple[Any, ...]]:
    for v in _paged(ec2, "describe_volumes", "Volumes"):
        attached = ",".join(a["InstanceId"] for a in v.get("Attachments", []) if a.get("InstanceId"))
        yield (
            "ebs-volume",
            v["VolumeId"],
            v.get("State"),
            _naive(v.get("CreateTime")),
            v.get("Size"),
            v.get("VolumeType"),
            attached or None,
            _tags(v.get("Tags")),
            v,
        )


def _addresses(ec2: Any) -> Iterator[tuple[Any, ...]]:
    for a in ec2.describe_addresses().get("Addresses", []):
        rid = a.get("AllocationId") or a.get("PublicIp")
        attached = a.get("AssociationId") and (a.get("InstanceId") or a.get("NetworkInterfaceId"))
        yield (
            "elastic-ip",
            rid,
            "associated" if a.get("AssociationId") else "unassociated",
            None,
            None,
            None,
            attached or None,
            _tags(a.get("Tags")),
            a,
        )


def _snapshots(ec2: Any) -> Iterator[tuple[Any, ...]]:
    for s in _paged(ec2, "describe_snapshots", "Snapshots", OwnerIds=["self"]):
        yield (
            "ebs-snapshot",
            s["SnapshotId"],
            s.get("State"),
            _naive(s.get("StartTime")),
            s.get("VolumeSize"),
            None,
            s.get("VolumeId"),
            _tags(s.get("Tags")),
            s,
        )


def _instances(ec2: Any) -> Iterator[tuple[Any, ...]]:
    for r in _paged(ec2, "describe_instances", "Reservations"):
        for i in r.get("Instances", []):
            yield (
                "ec2-instance",
                i["InstanceId"],
                (i.get("State") or {}).get("Name"),
                _naive(i.get("LaunchTime")),
                None,
                i.get("InstanceType"),
                None,
                _tags(i.get("Tags")),
                i,
            )


def _nat_gateways(ec2: Any) -> Iterator[tuple[Any, ...]]:
    for n in _paged(ec2, "describe_nat_gateways", "NatGateways"):
        yield (
            "nat-gateway",
            n["NatGatewayId"],
            n.get("State"),
            _naive(n.get("CreateTime")),
            None,
            None,
            n.get("SubnetId"),
            _tags(n.get("Tags")),
            n,
        )


COLLECTORS: tuple[Callable[[Any], Iterator[tuple[Any, ...]]], ...] = (
    _volumes,
    _addresses,
    _snapshots,
    _instances,
    _nat_gateways,
)


def sync_inventory(
    ctx: AwsContext,
    con: duckdb.DuckDBPyConnection,
    account: str,
    regions: list[str],
    *,
    now: datetime,
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Take the inventory of ``regions`` and replace each answering region's rows; return rows written."""
    total = 0
    for index, region in enumerate(regions):
        if progress:
            progress(region, index, len(regions))
        ec2 = ctx.client("ec2", region)
        rows: list[tuple[Any, ...]] = []
        with skip_if_denied(ctx, f"EC2 inventory in {region}") as ok:
            for collect in COLLECTORS:
                for item in collect(ec2):
                    *fields, detail = item
                    rows.append((account, region, *fields, json.dumps(detail, default=str), now))
        if ok[0]:
            total += replace_rows(
                con,
                "aws_inventory",
                COLUMNS,
                rows,
                where="account_id = $a AND region = $r",
                params={"a": account, "r": region},
            )
    if progress:
        progress("", len(regions), len(regions))
    return total
