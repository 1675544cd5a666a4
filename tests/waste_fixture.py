"""A tiny hand-built cache for the waste checks: every resource, cost and quantity chosen by hand.

Each waste pattern sits next to a look-alike that must not be flagged. The window is the 30 days
ending ``AS_OF`` (2026-03-02 … 2026-03-31); daily figures are round, so every expected saving is an
exact decimal.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from finops_tui.sync.rollups import build_rollups
from finops_tui.sync.writer import ensure_schema

AS_OF = date(2026, 3, 31)
WINDOW = [AS_OF - timedelta(days=i) for i in range(30)]
ACCT = "111111111111"
SUB = "0a1b2c3d-0000-4000-8000-000000000001"
ARN = f"arn:aws:ec2:us-east-1:{ACCT}"
AZ = f"/subscriptions/{SUB}/resourceGroups"

IDS = {
    "gp2": f"{ARN}:volume/vol-0aaa",
    "gp3": f"{ARN}:volume/vol-0bbb",
    "io1": f"{ARN}:volume/vol-0ccc",
    "m4": f"{ARN}:instance/i-0ddd",
    "m6i": f"{ARN}:instance/i-0eee",
    "r6i_ri": f"{ARN}:instance/i-0fff",
    "ip_idle": f"{ARN}:elastic-ip/eipalloc-0aaa",
    "ip_used": f"{ARN}:elastic-ip/eipalloc-0bbb",
    "nat_idle": f"{ARN}:natgateway/nat-0aaa",
    "nat_busy": f"{ARN}:natgateway/nat-0bbb",
    "lb_idle": f"arn:aws:elasticloadbalancing:us-east-1:{ACCT}:loadbalancer/app/idle/0aaa",
    "lb_busy": f"arn:aws:elasticloadbalancing:us-east-1:{ACCT}:loadbalancer/app/busy/0bbb",
    "ri": f"{ARN}:reserved-instances/0aaa-ri",
    "snap_old": f"{ARN}:snapshot/snap-0aaa",
    "snap_shrink": f"{ARN}:snapshot/snap-0bbb",
    "snap_young": f"{ARN}:snapshot/snap-0ccc",
    "disk_orphan": f"{AZ}/rg-orphan/providers/Microsoft.Compute/disks/disk-old",
    "disk_vm": f"{AZ}/rg-app/providers/Microsoft.Compute/disks/vm-app_OsDisk",
    "vm_linux": f"{AZ}/rg-app/providers/Microsoft.Compute/virtualMachines/vm-app",
    "vm_win": f"{AZ}/rg-app/providers/Microsoft.Compute/virtualMachines/vm-win",
    "snap_premium": f"{AZ}/rg-app/providers/Microsoft.Compute/snapshots/snap-p",
    "snap_standard": f"{AZ}/rg-app/providers/Microsoft.Compute/snapshots/snap-s",
    "reservation": "/providers/Microsoft.Capacity/reservationOrders/ord-1/reservations/res-1",
}


def _aws(rid: str, usage: str, cost: str, qty: float, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "ProviderName": "AWS",
        "BillingAccountId": "999999999999",
        "BillingAccountName": "Payer",
        "SubAccountId": ACCT,
        "SubAccountName": "prod",
        "RegionId": "us-east-1",
        "ServiceName": "Amazon Elastic Compute Cloud",
        "ResourceId": rid,
        "x_UsageType": usage,
        "EffectiveCost": cost,
        "ConsumedQuantity": qty,
        "PricingCategory": "Standard",
        "x_LineItemType": "Usage",
        "Tags": {"team": "web"},
    }
    row.update(kw)
    return row


def _azure(rid: str, meter: str, cost: str, qty: float, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "ProviderName": "Microsoft",
        "BillingAccountId": "8611537",
        "BillingAccountName": "Contoso EA",
        "SubAccountId": SUB,
        "SubAccountName": "contoso-prod",
        "RegionId": "westeurope",
        "ServiceName": "Storage",
        "ResourceId": rid,
        "x_UsageType": meter,
        "EffectiveCost": cost,
        "ConsumedQuantity": qty,
        "PricingCategory": "Standard",
        "x_LineItemType": "Usage",
        "x_ResourceGroup": rid.split("/resourceGroups/")[1].split("/")[0]
        if "/resourceGroups/" in rid
        else None,
        "Tags": {},
    }
    row.update(kw)
    return row


def daily_lines() -> list[tuple[date, dict[str, Any]]]:
    """Every (charge day, line) of the fixture."""
    out: list[tuple[date, dict[str, Any]]] = []
    for day in WINDOW:
        vm = {"ServiceName": "Virtual Machines"}
        for line in (
            _aws(IDS["gp2"], "EBS:VolumeUsage.gp2", "5.00", 50.0, x_VolumeType="gp2"),
            _aws(IDS["gp3"], "EBS:VolumeUsage.gp3", "4.00", 50.0, x_VolumeType="gp3"),
            _aws(IDS["io1"], "EBS:VolumeUsage.piops", "2.00", 16.0, x_VolumeType="io1"),
            _aws(IDS["io1"], "EBS:VolumeP-IOPS.piops", "80.00", 1600.0, x_VolumeType="io1"),
            _aws(IDS["m4"], "BoxUsage:m4.xlarge", "4.80", 24.0, x_InstanceType="m4.xlarge"),
            _aws(IDS["m6i"], "BoxUsage:m6i.large", "2.304", 24.0, x_InstanceType="m6i.large", Tags={}),
            _aws(IDS["r6i_ri"], "BoxUsage:r6i.2xlarge", "7.50", 24.0, x_InstanceType="r6i.2xlarge",
                 x_LineItemType="DiscountedUsage", PricingCategory="Committed",
                 CommitmentDiscountId=IDS["ri"], CommitmentDiscountStatus="Used"),
            _aws(IDS["ip_idle"], "PublicIPv4:IdleAddress", "0.12", 24.0,
                 ServiceName="Amazon Virtual Private Cloud"),
            _aws(IDS["ip_used"], "PublicIPv4:InUseAddress", "0.12", 24.0,
                 ServiceName="Amazon Virtual Private Cloud"),
            _aws(IDS["nat_idle"], "NatGateway-Hours", "1.08", 24.0),
            _aws(IDS["nat_idle"], "NatGateway-Bytes", "0.00045", 0.01),
            _aws(IDS["nat_busy"], "NatGateway-Hours", "1.08", 24.0),
            _aws(IDS["nat_busy"], "NatGateway-Bytes", "22.50", 500.0),
            _aws(IDS["lb_idle"], "LoadBalancerUsage", "0.54", 24.0, ServiceName="Elastic Load Balancing"),
            _aws(IDS["lb_idle"], "LCUUsage", "0.004", 0.5, ServiceName="Elastic Load Balancing"),
            _aws(IDS["lb_busy"], "LoadBalancerUsage", "0.54", 24.0, ServiceName="Elastic Load Balancing"),
            _aws(IDS["lb_busy"], "LCUUsage", "0.40", 50.0, ServiceName="Elastic Load Balancing"),
            _aws(IDS["ri"], "HeavyUsage:r6i.2xlarge", "10.00", 24.0, x_LineItemType="RIFee",
                 PricingCategory="Committed", CommitmentDiscountId=IDS["ri"],
                 CommitmentDiscountStatus="Unused", CommitmentDiscountType="Reserved Instance",
                 CommitmentDiscountName="r6i RI"),
            _azure(IDS["disk_orphan"], "P10 LRS Disk", "0.65", 1 / 30),
            _azure(IDS["disk_vm"], "P10 LRS Disk", "0.65", 1 / 30),
            _azure(IDS["vm_linux"], "D2s v5", "3.00", 24.0, x_InstanceType="Standard_D2s_v5", **vm),
            _azure(IDS["vm_win"], "D4s v5", "9.00", 24.0, x_InstanceType="Standard_D4s_v5",
                   ChargeDescription="D4s v5 - Windows", Tags={"owner": "ops"}, **vm),
            _azure(IDS["snap_premium"], "Premium LRS Snapshot", "0.24", 2.0),
            _azure(IDS["snap_standard"], "Standard LRS Snapshot", "0.10", 2.0),
            # as FOCUS writes an unused row: nothing consumed, the unused hours in CommitmentDiscountQuantity
            _azure(IDS["reservation"], "E8s v5", "5.00", 24.0, PricingCategory="Committed",
                   CommitmentDiscountId=IDS["reservation"], CommitmentDiscountStatus="Unused",
                   CommitmentDiscountType="Reservation", CommitmentDiscountName="VM_RI_E8s",
                   ConsumedQuantity=None, CommitmentDiscountQuantity=24.0, CommitmentDiscountUnit="Hours",
                   **vm),
        ):  # fmt: skip
            out.append((day, line))
    # snapshots: an old one growing (1.00/day before the window, 1.10/day in it), an old one shrinking,
    # and a young one growing (first billed 2026-02-15, under the 90-day age)
    day = date(2025, 12, 1)
    while day <= AS_OF:
        in_window = day >= WINDOW[-1]
        out.append((day, _aws(IDS["snap_old"], "EBS:SnapshotUsage", "1.10" if in_window else "1.00", 20.0)))
        out.append(
            (day, _aws(IDS["snap_shrink"], "EBS:SnapshotUsage", "1.00" if in_window else "2.00", 20.0))
        )
        if day >= date(2026, 2, 15):
            out.append(
                (day, _aws(IDS["snap_young"], "EBS:SnapshotUsage", "1.10" if in_window else "1.00", 20.0))
            )
        day += timedelta(days=1)
    return out


def build_waste_cache(db: Path, lines: list[tuple[date, dict[str, Any]]] | None = None) -> Path:
    """Write the fixture into a real cache file at ``db`` (schema, line items, rollups)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    records = []
    for day, line in lines if lines is not None else daily_lines():
        values = dict(line)
        values["Tags"] = json.dumps(values.get("Tags") or {})
        values |= {
            "ChargePeriodStart": day,
            "ChargePeriodEnd": day + timedelta(days=1),
            "BillingPeriodStart": day.replace(day=1),
            "ChargeCategory": "Usage",
            "BilledCost": values["EffectiveCost"],
            "BillingCurrency": "USD",
        }
        records.append(values)
    frame = pl.DataFrame(records, infer_schema_length=None)
    con = duckdb.connect(str(db))
    try:
        ensure_schema(con)
        con.register("fixture", frame)
        con.execute(
            "INSERT INTO cost_and_usage BY NAME SELECT * REPLACE "
            "(CAST(CAST(Tags AS JSON) AS MAP(VARCHAR, VARCHAR)) AS Tags) FROM fixture"
        )
        build_rollups(con)
    finally:
        con.close()
    return db
