"""The small estate every commitments test reads; figures chosen so the answers work out on paper.

AWS billing account 999999999999 (EC2; EBS is storage inside the EC2 service) and Azure EA-1 (Virtual
Machines). As-of 2025-01-31. Hours are ConsumedQuantity (PricingQuantity on unused rows).

January 2025:

| line | provider | commitment | status | type | hours | cost |
|---|---|---|---|---|---:|---:|
| RI used | AWS | ri-1 (Reserved Instance) | Used | m5.xlarge | 100 | 60.00 |
| RI unused | AWS | ri-1 | Unused | m5.xlarge | 50 | 30.00 |
| SP used | AWS | sp-1 (Compute Savings Plan) | Used | c5.large | 200 | 40.00 |
| SP unused | AWS | sp-1 | Unused | — | — | 10.00 |
| on-demand, every day | AWS | — | Standard | m5.large | 24 a day | 2.40 a day (74.40) |
| on-demand 01-06 | AWS | — | Standard | c5.2xlarge | 50 | 30.00 |
| on-demand 01-07 | AWS | — | Standard | m5.metal | 10 | 45.00 |
| spot 01-08 | AWS | — | Dynamic | c5.large | 100 | 5.00 |
| EBS 01-09 | AWS | — | Standard | — (GB-Mo) | — | 15.00 |
| S3 01-09 | AWS | — | Standard | — | — | 25.00 (no commitment: not eligible) |
| Lambda 01-15 | AWS | — | Standard | — | — | 100.00 (compute without instance type) |
| reservation used | Microsoft | az-1 (Reservation) | Used | Standard_D2s_v5 | 48 | 12.00 |
| reservation unused | Microsoft | az-1 | Unused | Standard_D2s_v5 | 48 | 12.00 |
| on-demand 01-10 | Microsoft | — | Standard | Standard_D2s_v5 | 48 | 24.00 |

Used 112.00, unused 52.00: utilisation 112 / 164 = 68.3 %. Covered 112.00, on-demand 188.40 (AWS 164.40
= 74.40 + 30 + 45 + 15, Microsoft 24): coverage 112 / 300.40 = 37.3 %. Other (spot) 5.00 is left out of
coverage, the agenda's too (eligible usage 300.40). Normalised: m5 covered 100 h * 8 = 800, on-demand
744 h * 4 = 2,976, unused 50 h * 8 = 400 units; c5 covered 200 h * 4 = 800, on-demand 50 h * 16 = 800
units; m5.metal 10 h and the Azure 144 h are left out and counted.

December 2024: ri-1 used 80.00 / unused 20.00 on 12-15 (80 %); ri-old used 10.00 on 12-10 and never again
(ended); on-demand m5.large 30.00 on 12-05. Last days: ri-1 01-31, sp-1 01-30, az-1 01-29.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

from finops_tui.sync.importer import import_paths
from tests.focus_csv import HEADER, row

AS_OF = date(2025, 1, 31)
NOW = datetime(2025, 2, 2, 6, 0)
AWS_ACCOUNT = "999999999999"
RI_1 = "arn:aws:ec2:us-east-1:111111111111:reserved-instances/ri-1"
SP_1 = "arn:aws:savingsplans::999999999999:savingsplan/sp-1"
RI_OLD = "arn:aws:ec2:us-east-1:111111111111:reserved-instances/ri-old"
AZ_1 = "/providers/Microsoft.Capacity/reservationOrders/o-1/reservations/az-1"
EXTRA = [
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountType",
    "CommitmentDiscountStatus",
    "ConsumedQuantity",
    "ConsumedUnit",
    "PricingQuantity",
    "PricingUnit",
    "x_InstanceType",
]
_RI = {
    "CommitmentDiscountId": RI_1,
    "CommitmentDiscountName": "m5.xlarge RI",
    "CommitmentDiscountType": "Reserved Instance",
}
_SP = {
    "CommitmentDiscountId": SP_1,
    "CommitmentDiscountName": "Compute SP",
    "CommitmentDiscountType": "Savings Plan",
}
_AZ = {
    "CommitmentDiscountId": AZ_1,
    "CommitmentDiscountName": "D2s v5 RI",
    "CommitmentDiscountType": "Reservation",
}


def _line(
    day: str, cost: str, *, itype: str = "", hours: str = "", azure: bool = False, **kw: str
) -> dict[str, str]:
    """A usage line; ``hours`` go in ConsumedQuantity, or PricingQuantity when the status is Unused."""
    service = kw.pop("service", "Virtual Machines" if azure else "Amazon EC2")
    line = row(
        cost, day=day, period=day[:7], account="EA-1" if azure else AWS_ACCOUNT,
        provider="Microsoft" if azure else "AWS", service=service, tags="",
    )  # fmt: skip
    line.update({k: "" for k in EXTRA})
    unit = "1 Hour" if azure else "Hrs"
    unused = kw.get("CommitmentDiscountStatus") == "Unused"
    line.update(
        BillingAccountName="Contoso EA" if azure else "Payer",
        x_InstanceType=itype,
        PricingQuantity=hours,
        PricingUnit=unit if hours else "",
        ConsumedQuantity="" if unused else hours,
        ConsumedUnit=unit if hours and not unused else "",
        PricingCategory="Committed" if kw.get("CommitmentDiscountId") else "Standard",
    )
    line.update(kw)
    return line


def lines() -> list[dict[str, str]]:
    """Every line item of the fixture."""
    out = [
        _line("2025-01-31", "60.00", itype="m5.xlarge", hours="100", CommitmentDiscountStatus="Used", **_RI),
        _line("2025-01-31", "30.00", itype="m5.xlarge", hours="50", CommitmentDiscountStatus="Unused", **_RI),
        _line("2025-01-30", "40.00", itype="c5.large", hours="200", CommitmentDiscountStatus="Used", **_SP),
        _line("2025-01-30", "10.00", CommitmentDiscountStatus="Unused", **_SP),
        _line("2025-01-06", "30.00", itype="c5.2xlarge", hours="50"),
        _line("2025-01-07", "45.00", itype="m5.metal", hours="10"),
        _line("2025-01-08", "5.00", itype="c5.large", hours="100", PricingCategory="Dynamic"),
        _line("2025-01-09", "15.00", ServiceCategory="Storage", ConsumedUnit="GB-Mo", ConsumedQuantity="100"),
        _line("2025-01-09", "25.00", service="Amazon S3", ServiceCategory="Storage"),
        _line("2025-01-15", "100.00", service="AWS Lambda"),
        _line(
            "2025-01-29",
            "12.00",
            itype="Standard_D2s_v5",
            hours="48",
            azure=True,
            CommitmentDiscountStatus="Used",
            **_AZ,
        ),
        _line(
            "2025-01-29",
            "12.00",
            itype="Standard_D2s_v5",
            hours="48",
            azure=True,
            CommitmentDiscountStatus="Unused",
            **_AZ,
        ),
        _line("2025-01-10", "24.00", itype="Standard_D2s_v5", hours="48", azure=True),
        _line("2024-12-15", "80.00", itype="m5.xlarge", hours="100", CommitmentDiscountStatus="Used", **_RI),
        _line("2024-12-15", "20.00", itype="m5.xlarge", hours="25", CommitmentDiscountStatus="Unused", **_RI),
        _line(
            "2024-12-10",
            "10.00",
            itype="m5.large",
            hours="10",
            CommitmentDiscountStatus="Used",
            CommitmentDiscountId=RI_OLD,
            CommitmentDiscountName="m5.large RI",
            CommitmentDiscountType="Reserved Instance",
        ),
        _line("2024-12-05", "30.00", itype="m5.large", hours="24"),
    ]
    day = date(2025, 1, 1)
    while day <= AS_OF:
        out.append(_line(day.isoformat(), "2.40", itype="m5.large", hours="24"))
        day += timedelta(days=1)
    return out


def build(tmp: Path) -> Path:
    """Import the fixture into ``tmp/cache.duckdb`` through the real importer (one file per month)."""
    return build_from(tmp, lines())


def long_name_lines() -> list[dict[str, str]]:
    """Two AWS reservations whose long names differ only at the end (the term), one used, one not."""
    name = "r6i.2xlarge Linux us-east-1 {}yr No Upfront"
    out = []
    for term, status in (("1", "Used"), ("3", "Unused")):
        ri = {
            "CommitmentDiscountId": RI_1.replace("ri-1", f"ri-{term}yr"),
            "CommitmentDiscountName": name.format(term),
            "CommitmentDiscountType": "Reserved Instance",
        }
        out.append(
            _line(
                "2025-01-31",
                "1234.50",
                itype="r6i.2xlarge",
                hours="24",
                CommitmentDiscountStatus=status,
                **ri,
            )
        )
    out.append(_line("2025-01-31", "9876.25", itype="r6i.2xlarge", hours="24"))
    return out


def build_from(tmp: Path, items: list[dict[str, str]]) -> Path:
    """Import ``items`` into ``tmp/cache.duckdb``, one export file per provider and month."""
    db = tmp / "cache.duckdb"
    paths = []
    for month in ("2024-12", "2025-01"):
        for provider in ("AWS", "Microsoft"):
            chosen = [
                ln
                for ln in items
                if ln["ChargePeriodStart"].startswith(month) and ln["ProviderName"] == provider
            ]
            if not chosen:
                continue
            path = tmp / "exports" / f"{provider}-{month}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=[*HEADER, *EXTRA])
                writer.writeheader()
                writer.writerows(chosen)
            paths.append(path)
    import_paths(db, paths, now=NOW)
    return db
