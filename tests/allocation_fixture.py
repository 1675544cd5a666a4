"""The small estate every allocation test reads; figures chosen so the answers work out on paper.

January 2025 (EffectiveCost = BilledCost), sub-accounts A = 111111111111 (acme-prod), B = 222222222222:

| line | sub | service | resource | cost | tags |
|---|---|---|---|---:|---|
| r1 | A | EC2 | i-1 | 100.00 | Team=web, env=prod, CostCenter=CC1 |
| r2 | A | EC2 | i-2 | 60.00 | team=data, Environment=production |
| r3 | B | S3 | b-1 | 30.00 | "TEAM "=web, env=Prod, cost-center="" |
| r4 | B | S3 | b-[/]2 | 10.00 | (none) |
| tax | A | Tax | — | 20.00 | Tax |
| support | A | AWS Support (Business) | — | 5.00 | Purchase |
| credit | A | EC2 | — | -3.00 | Credit |

Total 222.00; taggable 200.00; untaggable 22.00 (tax 20, support 5, credit -3). December 2024: r1 90.00
and r4 10.00 (total 100.00). Resource ``b-[/]2`` and i-2's Name tag ``[/] db`` check that billing
strings render literally.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from finops_tui.sync.importer import import_paths
from tests.focus_csv import row, write

AS_OF = date(2025, 1, 31)
NOW = datetime(2025, 2, 2, 6, 0)
SUB_A = "111111111111"
SUB_B = "222222222222"
EC2 = "Amazon Elastic Compute Cloud"
S3 = "Amazon Simple Storage Service"


def _line(
    day: str,
    cost: str,
    *,
    sub: str = SUB_A,
    service: str = EC2,
    resource: str = "",
    tags: str = "",
    category: str = "Usage",
) -> dict[str, str]:
    line = row(cost, day=day, period=day[:7], account="999999999999", service=service, tags=tags or "")
    line.update(
        SubAccountId=sub,
        SubAccountName="acme-prod" if sub == SUB_A else "acme-dev",
        ResourceId=resource,
        ChargeCategory=category,
    )
    return line


LINES = [
    _line("2025-01-05", "100.00", resource="i-1", tags='{"Team": "web", "env": "prod", "CostCenter": "CC1"}'),
    _line(
        "2025-01-06",
        "60.00",
        resource="i-2",
        tags='{"team": "data", "Environment": "production", "Name": "[/] db"}',
    ),
    _line(
        "2025-01-07",
        "30.00",
        sub=SUB_B,
        service=S3,
        resource="b-1",
        tags='{"TEAM ": "web", "env": "Prod", "cost-center": ""}',
    ),
    _line("2025-01-08", "10.00", sub=SUB_B, service=S3, resource="b-[/]2"),
    _line("2025-01-31", "20.00", service="Tax", category="Tax"),
    _line("2025-01-31", "5.00", service="AWS Support (Business)", category="Purchase"),
    _line("2025-01-15", "-3.00", category="Credit"),
    _line("2024-12-05", "90.00", resource="i-1", tags='{"Team": "web", "env": "prod", "CostCenter": "CC1"}'),
    _line("2024-12-08", "10.00", sub=SUB_B, service=S3, resource="b-[/]2"),
]


def build(tmp: Path) -> Path:
    """Import the fixture into ``tmp/cache.duckdb`` through the real importer; return the path."""
    db = tmp / "cache.duckdb"
    dec = write(tmp / "exports" / "2024-12.csv", [ln for ln in LINES if ln["ChargePeriodStart"] < "2025"])
    jan = write(tmp / "exports" / "2025-01.csv", [ln for ln in LINES if ln["ChargePeriodStart"] >= "2025"])
    import_paths(db, [dec, jan], now=NOW)
    return db
