"""The Azure EA enrollment of the demo estate: subscriptions, resource groups, a reservation and waste.

Azure rows carry the EA price sheet as ``ContractedUnitPrice`` (below list), ARM resource ids and the
resource group, because the unattached-disk check works on resource groups: a managed disk billed in a
group where no VM compute is billed at all.
"""

from __future__ import annotations

from typing import Any

from finops_tui.sync import demo_meters as P
from finops_tui.sync.demo_catalog import DAYS_PER_MONTH, Builder, Commitment, Meter, Res, WasteSpec
from finops_tui.sync.demo_estate import (
    APPS,
    AZURE_ACCOUNTS,
    AZURE_DISKS,
    AZURE_EA_DISCOUNT,
    AZURE_PROFILE,
    AZURE_REGIONS,
    AZURE_RESERVED_SIZE,
    AZURE_VM_PRICES,
    TEAMS,
    Z_AKS,
    Z_BANDWIDTH,
    Z_FIREWALL,
    Z_FUNCTIONS,
    Z_LOGS,
    Z_SQL,
    Z_STORAGE,
    Z_VM,
    Z_VNET,
    Account,
    Region,
    Service,
)
from finops_tui.sync.demo_meters import Tpl

WEU = AZURE_REGIONS[0][0]
ORDINARY_SIZES = (
    "Standard_D2s_v5",
    "Standard_D4s_v5",
    "Standard_D8s_v5",
    "Standard_E4s_v5",
    "Standard_D4as_v5",
)

ORPHAN_GROUPS = ("rg-migration-2024", "rg-legacy-sql", "rg-poc-imaging", "rg-old-jumpbox")
"""Resource groups that hold only disks: their VMs were deleted, the disks were not."""


class AzureSubscription:
    """Builds one subscription's resources into the shared builder."""

    def __init__(self, b: Builder, acct: Account) -> None:
        self.b = b
        self.acct = acct
        self.weekend = 0.9 if acct.prod_like else 0.5
        self.growth = 0.025 if acct.prod_like else 0.012

    def res(
        self, service: Service, arm_type: str, rtype: str, rg: str, name: str, region: Region, **kw: object
    ) -> Res:
        """A resource with its ARM id inside resource group ``rg``."""
        rid = f"/subscriptions/{self.acct.sub_id}/resourceGroups/{rg}/providers/{arm_type}/{name}"
        kwargs: dict[str, object] = {"app": self.b.pick(APPS), "team": self.b.pick(TEAMS), "rgroup": rg, **kw}
        return Res(self.acct, service, region, rid, name, rtype, **kwargs)  # type: ignore[arg-type]

    def meter(self, r: Res, tpl: Tpl, base: float, sigma: float = 0.0, **kw: Any) -> Meter:
        """A meter priced from the EA price sheet; usage meters get the subscription's weekly pattern."""
        kw.setdefault("contracted_price", tpl.price * r.region.price_factor * AZURE_EA_DISCOUNT)
        if kw.setdefault("qty_mode", "usage") == "usage":
            kw.setdefault("weekend", self.weekend)
            kw.setdefault("growth", self.growth)
        return self.b.tpl(r, tpl, base, sigma=sigma, **kw)

    def group(self, app: str, region: Region) -> str:
        """Resource-group name of an application in a region."""
        return f"rg-{app}-{self.acct.key}-{region.id[:3]}"

    def vm(
        self, size: str, *, daily: bool, region: Region | None = None, pinned: bool = False, start: int = 0
    ) -> Meter:
        """A VM with its OS disk (and sometimes a data disk) in the same resource group."""
        b = self.b
        region = region or b.region("Microsoft")
        app = b.pick(APPS)
        name, rg = f"vm-{app}-{self.acct.key}-{b.hex(4)}", self.group(app, region)
        arm = "Microsoft.Compute/virtualMachines"
        r = self.res(Z_VM, arm, "Virtual machine", rg, name, region, app=app, pinned=pinned, start=start)
        m = self.meter(r, P.azure_vm(*AZURE_VM_PRICES[size]), 24.0, qty_mode="daily", instance_type=size,
                       weekday_only=not daily)  # fmt: skip
        self.disk(
            "P10" if self.acct.prod_like else "E10", rg, f"{name}_OsDisk_1_{b.hex(32)}", region, start=start
        )
        if b.rng.random() < 0.4:
            tier = b.pick(("P20", "P30")) if self.acct.prod_like else "E20"
            self.disk(tier, rg, f"{name}-data-0", region, start=start)
        return m

    def disk(
        self, tier: str, rg: str, name: str, region: Region, *, start: int = 0, pinned: bool = False
    ) -> Res:
        """A managed disk billed per month, pro-rated per day."""
        r = self.res(
            Z_STORAGE, "Microsoft.Compute/disks", "Disk", rg, name, region, start=start, pinned=pinned
        )
        category, _size, monthly = AZURE_DISKS[tier]
        self.meter(r, P.azure_disk(tier, category, monthly), 1.0, qty_mode="monthly")
        return r

    def build(self, counts: dict[str, float]) -> None:
        """Every fleet of the subscription at the builder's scale."""
        b, acct = self.b, self.acct
        n = {kind: b.count(v) for kind, v in counts.items()}
        for _ in range(n.get("vm", 0)):
            daily = acct.prod_like or b.rng.random() < 0.3
            self.vm(b.pick(ORDINARY_SIZES), daily=daily, start=b.stagger(0.2))
        for i in range(n.get("aks", 0)):
            self.aks(i)
        for _ in range(n.get("storage", 0)):
            region, app = b.region("Microsoft"), b.pick(APPS)
            name, rg = f"st{app}{acct.key[:4]}{b.hex(6)}", self.group(app, region)
            arm = "Microsoft.Storage/storageAccounts"
            r = self.res(Z_STORAGE, arm, "Storage account", rg, name, region, app=app, start=b.stagger(0.15))
            self.meter(r, P.Z_STORED, b.rng.lognormvariate(7.5, 1.1) / DAYS_PER_MONTH, 0.006, weekend=1.0)
            self.meter(r, P.Z_WRITES, b.rng.lognormvariate(3.5, 1.0), 0.1)
            self.meter(r, P.Z_READS, b.rng.lognormvariate(6.5, 1.0), 0.1)
        for _ in range(n.get("sql", 0)):
            region, app = b.region("Microsoft"), b.pick(APPS)
            name = f"sql-{app}-{acct.key}-{b.hex(4)}/databases/{app}db"
            r = self.res(
                Z_SQL, "Microsoft.Sql/servers", "SQL database", self.group(app, region), name, region
            )
            vcores = b.pick((2, 2, 4, 4, 8))
            self.meter(r, P.Z_VCORE, 24.0 * vcores, qty_mode="daily", instance_type=f"GP_Gen5_{vcores}")
            self.meter(r, P.Z_SQL_STORED, float(b.rng.randrange(32, 1025)), qty_mode="monthly")
        for _ in range(n.get("bandwidth", 0)):
            region = b.region("Microsoft")
            rg, name = f"rg-network-{acct.key}-{region.id[:3]}", f"pip-agw-{b.pick(APPS)}-{b.hex(4)}"
            r = self.res(
                Z_BANDWIDTH, "Microsoft.Network/publicIPAddresses", "Public IP address", rg, name, region
            )
            self.meter(r, P.Z_EGRESS, b.rng.uniform(20, 250), 0.1)
        for i in range(n.get("logs", 0)):
            region = AZURE_REGIONS[i % len(AZURE_REGIONS)][0]
            arm, rg = "Microsoft.OperationalInsights/workspaces", f"rg-monitoring-{acct.key}"
            r = self.res(Z_LOGS, arm, "Log Analytics workspace", rg, f"log-{acct.key}-{region.id}", region)
            self.meter(r, P.Z_LOG_INGEST, b.rng.uniform(2, 12), 0.006, weekend=1.0)
        for _ in range(n.get("functions", 0)):
            region, app = b.region("Microsoft"), b.pick(APPS)
            name, rg = f"func-{app}-{acct.key}-{b.hex(4)}", self.group(app, region)
            r = self.res(
                Z_FUNCTIONS, "Microsoft.Web/sites", "Function app", rg, name, region, start=b.stagger(0.15)
            )
            gb_seconds = b.rng.lognormvariate(12.0, 1.0)
            self.meter(r, P.Z_FUNC_TIME, gb_seconds, 0.1)
            self.meter(r, P.Z_FUNC_RUNS, gb_seconds / 2, 0.1)
        for _ in range(n.get("pip", 0)):
            region = b.region("Microsoft")
            rg, name = f"rg-network-{acct.key}-{region.id[:3]}", f"pip-{b.pick(APPS)}-{b.hex(4)}"
            r = self.res(Z_VNET, "Microsoft.Network/publicIPAddresses", "Public IP address", rg, name, region)
            self.meter(r, P.Z_PUBLIC_IP, 24.0, qty_mode="daily", contracted_price=0.005 * region.price_factor)
        for i in range(n.get("firewall", 0)):
            region = AZURE_REGIONS[i % 2][0]
            arm, rg = "Microsoft.Network/azureFirewalls", f"rg-hub-{region.id[:3]}"
            r = self.res(Z_FIREWALL, arm, "Firewall", rg, f"afw-hub-{region.id}", region)
            self.meter(r, P.Z_FW_HOURS, 24.0, qty_mode="daily")
            self.meter(r, P.Z_FW_DATA, b.rng.uniform(300, 3000), 0.08)

    def aks(self, i: int) -> None:
        """An AKS cluster: the control-plane SLA meter plus a node scale set in its ``MC_`` group."""
        b = self.b
        cluster, rg = f"aks-{self.acct.key}-{i + 1}", f"rg-aks-{self.acct.key}"
        arm = "Microsoft.ContainerService/managedClusters"
        r = self.res(Z_AKS, arm, "Kubernetes service", rg, cluster, WEU)
        self.meter(r, P.Z_AKS_SLA, 24.0, qty_mode="daily")
        nodes = b.count(12 if self.acct.prod_like else 4, 2)
        node_rg, vmss = f"MC_{rg}_{cluster}_{WEU.id}", f"aks-nodepool1-{b.rng.randrange(10**7, 10**8)}-vmss"
        arm = "Microsoft.Compute/virtualMachineScaleSets"
        s = self.res(Z_VM, arm, "Virtual machine scale set", node_rg, vmss, WEU)
        size = "Standard_D4s_v5"
        self.meter(s, P.azure_vm(*AZURE_VM_PRICES[size]), 24.0 * nodes, 0.06, instance_type=size)
        for k in range(nodes):
            self.disk("P10", node_rg, f"{vmss}_{k}_OsDisk_1_{b.hex(32)}", WEU)


def _reservation(b: Builder, acct: Account) -> None:
    """A VM reservation for the E8s v5 fleet in West Europe, one instance larger than the fleet."""
    covered = b.count(14, 2)
    order = f"{b.hex(8)}-{b.hex(4)}-4{b.hex(3)}-8{b.hex(3)}-{b.hex(12)}"
    rid = f"/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{b.hex(8)}-{b.hex(4)}"
    ri = Commitment(rid, "VM_RI_E8s_v5_westeurope_1y", "Reservation", "Usage", "Hours", acct, Z_VM, WEU,
                    "Purchase", "Reservation")  # fmt: skip
    b.commitments.append(ri)
    meter_name, list_price = AZURE_VM_PRICES[AZURE_RESERVED_SIZE]
    rate = list_price * WEU.price_factor * 0.62
    az = AzureSubscription(b, acct)
    for _ in range(covered):
        m = az.vm(AZURE_RESERVED_SIZE, daily=True, region=WEU, pinned=True)
        m.effective_price, m.cost_mode, m.pricing_category = rate, "used", "Committed"
        m.pricing_model, m.commitment = "Reservation", ri
    holder = Res(acct, Z_VM, WEU, ri.id, ri.name, "Reservation", taggable=False, pinned=True)
    az.meter(holder, P.azure_vm(meter_name, list_price), 24.0, qty_mode="daily", effective_price=rate,
             cost_mode="unused", pricing_category="Committed", pricing_model="Reservation",
             line_item_type="UnusedReservation", commitment=ri, instance_type=AZURE_RESERVED_SIZE,
             description="Unused reservation hours, E8s v5")  # fmt: skip


def build_azure(b: Builder) -> None:
    """All subscriptions, the reservation, and unattached disks in VM-less resource groups."""
    _reservation(b, AZURE_ACCOUNTS["prod"])
    for key, counts in AZURE_PROFILE.items():
        AzureSubscription(b, AZURE_ACCOUNTS[key]).build(counts)
    for i, (key, n) in enumerate((("devtest", 8), ("prod", 4))):
        az = AzureSubscription(b, AZURE_ACCOUNTS[key])
        for _ in range(b.count(n, 1 if i == 0 else 0)):
            tier = b.pick(("P10", "P20", "E10", "E20", "S20"))
            region = b.region("Microsoft")
            rg = f"{b.pick(ORPHAN_GROUPS)}-{az.acct.key}"
            r = az.disk(tier, rg, f"disk-{b.pick(APPS)}-{b.hex(4)}", region, pinned=True)
            detail = f"{tier} managed disk in {rg}, a resource group with no VM compute"
            b.waste.append(WasteSpec("unattached-disk", az.acct, str(r.rid), f"{tier} LRS Disk", 1.0, detail))
