"""A small estate for the agenda tests, every figure worked out by hand.

AWS, one account. EC2 (team web, us-east-1) every day from 2024-12-01: 100 on weekdays, 40 on weekends.
S3 (team data, eu-west-1) 10 a day from 2025-02-01 (new service and region in February). On 2025-02-12
a commitment: 30 used, 10 unused, on EC2. Data ends on AS_OF = 2025-03-10 (a Monday).

January 2025: 23 weekdays, 8 weekend days: 2,620. February 2025: 20 weekdays, 8 weekend days:
EC2 2,320 + S3 280 + commitment 40 = 2,640. March 1-10: 6 weekdays, 4 weekend days: EC2 760 + S3 100 = 860.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

from finops_tui.sync.importer import import_paths
from tests.focus_csv import HEADER, row

AS_OF = date(2025, 3, 10)
NOW = datetime(2025, 3, 12, 6, 0)
START = date(2024, 12, 1)
EXTRA = ["CommitmentDiscountId", "CommitmentDiscountStatus", "CommitmentDiscountType"]


def _line(day: date, cost: str, **kw: str) -> dict[str, str]:
    service = kw.pop("service", "Amazon EC2")
    tags = kw.pop("tags", '{"team": "web"}')
    line = row(cost, day=day.isoformat(), period=f"{day:%Y-%m}", service=service, tags=tags)
    line.update({k: "" for k in EXTRA})
    line.update(kw)
    return line


def lines() -> list[dict[str, str]]:
    """Every line item of the fixture."""
    out: list[dict[str, str]] = []
    day = START
    while day <= AS_OF:
        out.append(_line(day, "40" if day.weekday() >= 5 else "100"))
        if day >= date(2025, 2, 1):
            out.append(
                _line(
                    day,
                    "10",
                    service="Amazon S3",
                    tags='{"team": "data"}',
                    RegionId="eu-west-1",
                    ResourceId="bucket-logs",
                    ServiceCategory="Storage",
                )
            )
        day += timedelta(days=1)
    commit = {"CommitmentDiscountId": "ri-1", "CommitmentDiscountType": "Reservation", "ResourceId": "i-0ri"}
    out.append(_line(date(2025, 2, 12), "30", CommitmentDiscountStatus="Used", **commit))
    out.append(_line(date(2025, 2, 12), "10", CommitmentDiscountStatus="Unused", **commit))
    return out


def build_agenda_cache(db: Path) -> Path:
    """Import the fixture into a cache at ``db`` through the real importer."""
    src = db.parent / "src" / "agenda.csv"
    src.parent.mkdir(parents=True, exist_ok=True)
    with src.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*HEADER, *EXTRA])
        writer.writeheader()
        writer.writerows(lines())
    import_paths(db, [src], now=NOW)
    return db
