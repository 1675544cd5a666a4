"""The AWS organisation of the demo estate: fleets per member account, commitments and waste.

Usage types follow the CUR conventions: the legacy EC2/EBS/NAT/S3 families carry no prefix in
us-east-1 and ``EUW1-``/``USW2-`` elsewhere, while newer services (Lambda, Bedrock, SageMaker) carry
``USE1-`` too, so detectors must match usage types by suffix exactly as they must on real bills.
"""

from __future__ import annotations

from typing import Any

from finops_tui.sync import demo_meters as P
from finops_tui.sync.demo_catalog import DAYS_PER_MONTH, Builder, Commitment, Meter, Res, WasteSpec
from finops_tui.sync.demo_estate import (
    APPS,
    AWS_ACCOUNTS,
    AWS_PAYER,
    AWS_PROFILE,
    AWS_REGIONS,
    AWS_WASTE,
    CURRENT_GEN,
    EC2_PRICES,
    GLOBAL,
    PREVIOUS_GEN,
    RDS_PRICES,
    RESERVED_TYPE,
    S_CF,
    S_CW,
    S_DDB,
    S_EC2,
    S_ELB,
    S_LAMBDA,
    S_RDS,
    S_S3,
    S_SP,
    S_VPC,
    TEAMS,
    Account,
    Region,
    Service,
)
from finops_tui.sync.demo_meters import Tpl

USE1 = AWS_REGIONS[0][0]

_ARN: dict[str, str] = {
    "instance": "arn:aws:ec2:{r}:{a}:instance/i-0{h17}",
    "volume": "arn:aws:ec2:{r}:{a}:volume/vol-0{h17}",
    "snapshot": "arn:aws:ec2:{r}:{a}:snapshot/snap-0{h17}",
    "natgateway": "arn:aws:ec2:{r}:{a}:natgateway/nat-0{h17}",
    "eip": "arn:aws:ec2:{r}:{a}:elastic-ip/eipalloc-0{h17}",
    "elb": "arn:aws:elasticloadbalancing:{r}:{a}:loadbalancer/app/{n}/{h17}",
    "rds": "arn:aws:rds:{r}:{a}:db:{n}",
    "bucket": "arn:aws:s3:::acme-{n}",
    "function": "arn:aws:lambda:{r}:{a}:function:{n}",
    "table": "arn:aws:dynamodb:{r}:{a}:table/{n}",
    "distribution": "arn:aws:cloudfront::{a}:distribution/E{H13}",
    "loggroup": "arn:aws:logs:{r}:{a}:log-group:/aws/{app}/{n}",
    "sagemaker": "arn:aws:sagemaker:{r}:{a}:{t}/{n}",
    "bedrock": "arn:aws:bedrock:{r}:{a}:application-inference-profile/{h17}",
}
"""ARN pattern per resource kind."""


class AwsAccount:
    """Builds one member account's resources into the shared builder."""

    def __init__(self, b: Builder, acct: Account) -> None:
        self.b = b
        self.acct = acct
        self.weekend = 0.88 if acct.prod_like else 0.45
        self.growth = {"prod": 0.028, "data": 0.03, "shared": 0.02}.get(acct.key, 0.015)

    def res(self, service: Service, kind: str, rtype: str, region: Region | None = None, **kw: object) -> Res:
        """A resource with an ARN-style id and a name built from its application."""
        b, acct = self.b, self.acct
        region = region or b.region("AWS")
        app, team, h = b.pick(APPS), b.pick(TEAMS), b.hex(17)
        name = f"{app}-{acct.key}-{h[:4]}"
        rid = _ARN[kind].format(
            r=region.id, a=acct.sub_id, n=name, app=app, h17=h[1:], H13=h[4:].upper(),
            t=rtype.lower().replace(" ", "-"),
        )  # fmt: skip
        zonal = kind in ("instance", "volume", "natgateway", "rds")
        az = f"{region.id}{b.pick('abc')}" if zonal else None
        return Res(acct, service, region, rid, name, rtype, **{"app": app, "team": team, "az": az, **kw})  # type: ignore[arg-type]

    def usage(self, r: Res, tpl: Tpl, base: float, sigma: float, **kw: Any) -> Meter:
        """A usage-driven meter with the account's growth and weekday pattern."""
        kw.setdefault("weekend", self.weekend)
        kw.setdefault("growth", self.growth)
        kw.setdefault("qty_mode", "usage")
        return self.b.tpl(r, tpl, base, sigma=sigma, **kw)

    def instance(
        self, itype: str, *, mode: str, start: int = 0, pinned: bool = False, region: Region | None = None
    ) -> tuple[Res, Meter]:
        """An on-demand EC2 instance with its root volume (and sometimes a data volume)."""
        b = self.b
        r = self.res(S_EC2, "instance", "Instance", region, start=start, pinned=pinned)
        price = EC2_PRICES[itype]
        tpl = P.ec2_hours("BoxUsage", itype, price, f"${price:.4f} per On Demand Linux {itype} Instance Hour")
        if mode == "autoscale":
            m = self.usage(r, tpl, 17.0, 0.12, qty_mode="autoscale", instance_type=itype)
        else:
            m = b.tpl(r, tpl, 24.0, qty_mode="daily", instance_type=itype, weekday_only=mode == "weekday")
        self.volume("gp3", b.rng.randrange(20, 101), start=start, name=f"{r.name}-root", region=r.region)
        if b.rng.random() < 0.4:
            vtype = "io2" if self.acct.key == "prod" and b.rng.random() < 0.08 else "gp3"
            self.volume(
                vtype, b.rng.randrange(100, 2001), start=start, name=f"{r.name}-data", region=r.region
            )
        return r, m

    def volume(
        self,
        vtype: str,
        size: int,
        *,
        start: int = 0,
        name: str = "",
        pinned: bool = False,
        region: Region | None = None,
    ) -> Res:
        """An EBS volume billed per GB-month (and per provisioned IOPS for io2)."""
        r = self.res(S_EC2, "volume", "Volume", region, start=start, pinned=pinned)
        r.name = name or f"{r.name}-vol"
        self.b.tpl(r, P.EBS[vtype], float(size), qty_mode="monthly", volume_type=vtype)
        if vtype == "io2":
            iops = float(self.b.rng.randrange(3000, 16001, 1000))
            self.b.tpl(r, P.EBS_IOPS, iops, qty_mode="monthly", volume_type=vtype)
        return r

    def build(self, counts: dict[str, float]) -> None:
        """Every fleet of the account at the builder's scale."""
        b, acct = self.b, self.acct
        n = {kind: b.count(v) for kind, v in counts.items()}
        for _ in range(n.get("ec2", 0)):
            if acct.prod_like:
                mode = "autoscale" if b.rng.random() < (0.25 if acct.key == "prod" else 0.15) else "daily"
            else:
                mode = "weekday" if b.rng.random() < 0.6 else "daily"
            start = 0 if mode == "autoscale" else b.stagger(0.25)
            r, m = self.instance(b.pick(CURRENT_GEN), mode=mode, start=start)
            if acct.key != "sandbox" and mode == "daily" and r.start == 0 and b.rng.random() < 0.55:
                _cover_by_savings_plan(b, m)
        for _ in range(n.get("spot", 0)):
            self.spot(b.pick(("c6i.2xlarge", "m6i.2xlarge", "r6i.xlarge")))
        for _ in range(n.get("snap", 0)):
            r = self.res(S_EC2, "snapshot", "Snapshot", start=b.stagger(0.2))
            self.usage(r, P.SNAPSHOT, b.rng.randrange(50, 4000) / DAYS_PER_MONTH, 0.004, weekend=1.0)
        for _ in range(n.get("nat", 0)):
            self.nat(b.rng.uniform(150, 2500))
        for _ in range(n.get("ipv4", 0)):
            self.ipv4("InUseAddress")
        for _ in range(n.get("elb", 0)):
            r = self.res(S_ELB, "elb", "Load Balancer", start=b.stagger(0.15))
            b.tpl(r, P.ELB_HOURS, 24.0, qty_mode="daily")
            self.usage(r, P.ELB_LCU, b.rng.uniform(10, 90), 0.08)
        for _ in range(n.get("rds", 0)):
            self.rds(b.pick(("db.r6g.large", "db.m6g.large", "db.t4g.medium")))
        for _ in range(n.get("s3", 0)):
            r = self.res(S_S3, "bucket", "Bucket", start=b.stagger(0.2))
            self.usage(r, P.S3_STORAGE, b.rng.lognormvariate(7.0, 1.2) / DAYS_PER_MONTH, 0.006, weekend=1.0)
            self.usage(r, P.S3_REQUESTS, b.rng.lognormvariate(12.0, 1.2), 0.1)
            self.usage(r, P.S3_OUT, b.rng.lognormvariate(3.0, 1.0), 0.12)
        for _ in range(n.get("lambda", 0)):
            r = self.res(S_LAMBDA, "function", "Function", start=b.stagger(0.2))
            gb_seconds = b.rng.lognormvariate(10.5, 1.0)
            self.usage(r, P.LAMBDA_GBS, gb_seconds, 0.1, coded=True)
            self.usage(r, P.LAMBDA_REQ, gb_seconds * 6, 0.1, coded=True)
        for _ in range(n.get("ddb", 0)):
            r = self.res(S_DDB, "table", "Table", start=b.stagger(0.15))
            reads = b.rng.lognormvariate(16.5, 1.0)
            self.usage(r, P.DDB_READ, reads, 0.1)
            self.usage(r, P.DDB_WRITE, reads * 0.2, 0.1)
            self.usage(r, P.DDB_STORAGE, b.rng.uniform(5, 400) / DAYS_PER_MONTH, 0.004, weekend=1.0)
        for _ in range(n.get("cf", 0)):
            r = self.res(S_CF, "distribution", "Distribution", GLOBAL)
            gb = b.rng.uniform(50, 600)
            self.usage(r, P.CF_OUT, gb, 0.08)
            self.usage(r, P.CF_REQUESTS, gb * 9000, 0.08)
        for _ in range(n.get("logs", 0)):
            r = self.res(S_CW, "loggroup", "Log Group", start=b.stagger(0.1))
            gb = b.rng.uniform(1, 15)
            self.usage(r, P.CW_INGEST, gb, 0.006, weekend=1.0)
            self.usage(r, P.CW_STORAGE, gb * 2, 0.004, weekend=1.0)
        metrics = Res(acct, S_CW, USE1, None, None, None, taggable=False)
        b.tpl(metrics, P.CW_METRICS, float(b.count(400, 20)), qty_mode="monthly")

    def spot(self, itype: str) -> None:
        """A spot instance: variable hours at a dynamic price well below on-demand."""
        r = self.res(S_EC2, "instance", "Instance")
        od = EC2_PRICES[itype]
        tpl = P.ec2_hours("SpotUsage", itype, od, f"Linux/UNIX (Amazon VPC), {itype} Spot Instance-hour")
        spot = od * r.region.price_factor * 0.35
        dynamic = {"cost_mode": "dynamic", "pricing_model": "Spot", "pricing_category": "Dynamic"}
        self.usage(r, tpl, 14.0, 0.25, qty_mode="autoscale", contracted_price=spot, effective_price=spot,
                   instance_type=itype, **dynamic)  # fmt: skip

    def nat(self, gb_per_day: float, pinned: bool = False) -> Res:
        """A NAT gateway: hours plus processed bytes."""
        r = self.res(S_EC2, "natgateway", "NAT Gateway", pinned=pinned)
        self.b.tpl(r, P.NAT_HOURS, 24.0, qty_mode="daily")
        self.usage(r, P.NAT_BYTES, gb_per_day, 0.1 if gb_per_day > 1 else 0.3)
        return r

    def ipv4(self, state: str, pinned: bool = False) -> Res:
        """A public IPv4 address billed per hour, in use or idle."""
        r = self.res(S_VPC, "eip", "Elastic IP", pinned=pinned)
        self.b.tpl(r, P.IPV4[state], 24.0, qty_mode="daily")
        return r

    def rds(self, itype: str) -> None:
        """An RDS MySQL instance with gp3 storage."""
        b = self.b
        r = self.res(S_RDS, "rds", "DB Instance")
        multi = self.acct.key == "prod" and b.rng.random() < 0.6
        price = RDS_PRICES[itype] * (2 if multi else 1)
        kind, az = ("Multi-AZUsage", "Multi-AZ") if multi else ("InstanceUsage", "Single-AZ")
        text = f"${price:.3f} per RDS {itype} {az} instance hour (MySQL)"
        tpl = Tpl(
            f"{kind}:{itype}",
            "Hrs",
            price,
            "Database Instance",
            "CreateDBInstance:0002",
            "Database Hours",
            text,
        )
        b.tpl(r, tpl, 24.0, qty_mode="daily", instance_type=itype)
        b.tpl(r, P.RDS_STORAGE, float(b.rng.randrange(100, 2001)), qty_mode="monthly")


def _uuid(b: Builder) -> str:
    return f"{b.hex(8)}-{b.hex(4)}-4{b.hex(3)}-8{b.hex(3)}-{b.hex(12)}"


def _cover_by_savings_plan(b: Builder, m: Meter) -> None:
    """Price an always-on instance through the organisation's compute savings plan (fully used)."""
    sp = next((c for c in b.commitments if c.type == "Compute Savings Plan"), None)
    if sp is None:
        sp_id = f"arn:aws:savingsplans::{AWS_PAYER.sub_id}:savingsplan/{_uuid(b)}"
        name = "Compute Savings Plan 1yr No Upfront"
        sp = Commitment(sp_id, name, "Compute Savings Plan", "Spend", "USD", AWS_PAYER, S_SP, GLOBAL,
                        "SavingsPlanRecurringFee", "SavingsPlan")  # fmt: skip
        b.commitments.append(sp)
    m.res.pinned = True
    m.effective_price = m.list_price * 0.72
    m.cost_mode, m.pricing_category, m.pricing_model = "used", "Committed", "SavingsPlan"
    m.line_item_type, m.commitment = "SavingsPlanCoveredUsage", sp


def _reserved_fleet(b: Builder, acct: Account) -> None:
    """Reserved r6i.2xlarge fleet in prod: every matching hour covered, plus some unused capacity."""
    covered = b.count(30, 2)
    unused = max(1, round(covered * 0.15))
    ri_id = f"arn:aws:ec2:us-east-1:{acct.sub_id}:reserved-instances/{_uuid(b)}"
    ri = Commitment(ri_id, f"{RESERVED_TYPE} Linux us-east-1 1yr No Upfront", "Reserved Instance", "Usage",
                    "Hours", acct, S_EC2, USE1, "RIFee", "Reserved")  # fmt: skip
    b.commitments.append(ri)
    rate = EC2_PRICES[RESERVED_TYPE] * 0.62
    aws = AwsAccount(b, acct)
    for _ in range(covered):
        _, m = aws.instance(RESERVED_TYPE, mode="daily", pinned=True, region=USE1)
        m.effective_price, m.cost_mode, m.pricing_category = rate, "used", "Committed"
        m.pricing_model, m.line_item_type, m.commitment = "Reserved", "DiscountedUsage", ri
    holder = Res(acct, S_EC2, USE1, ri.id, ri.name, "Reserved Instance", taggable=False, pinned=True)
    tpl = P.ec2_hours("HeavyUsage", RESERVED_TYPE, EC2_PRICES[RESERVED_TYPE], f"Unused {RESERVED_TYPE} hours")
    b.tpl(holder, tpl, 24.0 * unused, qty_mode="daily", effective_price=rate, cost_mode="unused",
          pricing_category="Committed", pricing_model="Reserved", line_item_type="RIFee", commitment=ri,
          instance_type=RESERVED_TYPE)  # fmt: skip


def build_aws(b: Builder) -> None:
    """All AWS member accounts, their commitments and the injected waste."""
    _reserved_fleet(b, AWS_ACCOUNTS["prod"])
    for key, counts in AWS_PROFILE.items():
        AwsAccount(b, AWS_ACCOUNTS[key]).build(counts)
    for check, spread in AWS_WASTE.items():
        for i, (key, n) in enumerate(spread):
            aws = AwsAccount(b, AWS_ACCOUNTS[key])
            for _ in range(b.count(n, 1 if i == 0 else 0)):
                _waste(b, aws, check)


def _waste(b: Builder, aws: AwsAccount, check: str) -> None:
    """One waste resource of ``check`` with the share of its cost that fixing it saves."""
    if check == "gp2":
        size = b.pick((100, 200, 500, 1000, 1500))
        r = aws.volume("gp2", size, pinned=True, name=f"legacy-{b.pick(APPS)}-data-{b.hex(3)}")
        spec = (r, "EBS:VolumeUsage.gp2", 0.2, f"{size} GiB gp2 -> gp3 (20 % cheaper per GB-month)")
    elif check == "idle-ipv4":
        r = aws.ipv4("IdleAddress", pinned=True)
        spec = (
            r,
            "PublicIPv4:IdleAddress",
            1.0,
            "public IPv4 address allocated but not associated: release it",
        )
    elif check == "idle-nat":
        r = aws.nat(b.rng.uniform(0.002, 0.03), pinned=True)
        spec = (r, "NatGateway-Hours", 1.0, "NAT gateway with ~0 bytes processed: delete it")
    else:
        old = b.pick(tuple(PREVIOUS_GEN))
        new = PREVIOUS_GEN[old]
        r, _ = aws.instance(old, mode="daily", pinned=True)
        spec = (r, f"BoxUsage:{old}", 1 - EC2_PRICES[new] / EC2_PRICES[old], f"{old} -> {new}")
    res, usage, ratio, detail = spec
    usage_type = f"{res.region.prefix}{usage}"
    b.waste.append(WasteSpec(check, aws.acct, str(res.rid), usage_type, ratio, detail))
