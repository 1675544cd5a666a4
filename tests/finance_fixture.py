"""The small estate every finance test reads; every figure chosen so the answers work out on paper.

AWS billing account 111122223333 (USD), commitment ``ri-1``: bought upfront in January for 120.00 and
amortised at 40.00 a month (used or not). Microsoft billing account BA-1 has one usage line.

| period | line | category / class / status | billed | effective | list | contracted |
|---|---|---|---:|---:|---:|---:|
| 2025-01 | u1 | Usage | 100 | 100 | 120 | 100 |
| 2025-01 | u2 | Usage, ri-1 Used | 0 | 30 | 50 | 50 |
| 2025-01 | u3 | Usage, ri-1 Unused | 0 | 10 | 0 | 0 |
| 2025-01 | p1 | Purchase, ri-1 | 120 | 0 | 120 | 120 |
| 2025-01 | c1 | Credit | -5 | -5 | 0 | 0 |
| 2025-01 | t1 | Tax | 8 | 8 | 0 | 0 |
| 2025-01 | m1 | Usage (Microsoft) | 70 | 70 | 80 | 70 |
| 2025-02 | u4 | Usage | 200 | 200 | 250 | 200 |
| 2025-02 | u5 | Usage, ri-1 Used | 0 | 40 | 60 | 60 |
| 2025-02 | a1 | Adjustment (refund) | -12 | -12 | 0 | 0 |
| 2025-02 | k1 | Usage, ChargeClass Correction | 3 | 3 | 3 | 3 |
| 2025-02 | t2 | Tax | 9 | 9 | 0 | 0 |
| 2025-03 | u6 | Usage (charge day 03-04) | 50 | 50 | 50 | 50 |
| 2025-03 | u7 | Usage, ri-1 Used (03-03) | 0 | 40 | 60 | 60 |

AWS January: billed 223, effective 143, billed - effective 80 = purchase 120 - used 30 - unused 10.
AWS February: billed 200, effective 240, billed - effective -40 (the amortised commitment usage).
March is not final on the as-of day 2025-03-05. List price → effective, AWS year to date: list 593,
negotiated -70, commitment -60, unused +10, credits -5, tax +17, other -12 → 473.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from finops_tui.sync.importer import import_paths

AS_OF = date(2025, 3, 5)
NOW = datetime(2025, 3, 6, 6, 0)
AWS_ACCOUNT = "111122223333"
MS_ACCOUNT = "BA-1"

HEADER = [
    "ProviderName", "BillingAccountId", "SubAccountId", "BillingCurrency", "BillingPeriodStart",
    "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory", "ChargeClass",
    "BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "ServiceName", "ResourceId",
    "PricingCategory", "CommitmentDiscountId", "CommitmentDiscountCategory", "CommitmentDiscountStatus",
]  # fmt: skip


def _line(
    period: str,
    category: str,
    costs: tuple[str, str, str, str],
    *,
    day: str | None = None,
    provider: str = "AWS",
    charge_class: str = "",
    commitment: str = "",
) -> dict[str, str]:
    """One FOCUS row; ``day`` None spans the whole month (purchases, tax); ``commitment`` is a status."""
    year, month = (int(x) for x in period.split("-"))
    start, end = f"{period}-01 00:00:00", f"{year + month // 12:04d}-{month % 12 + 1:02d}-01 00:00:00"
    if day is not None:
        d = date.fromisoformat(day)
        charge = (f"{day} 00:00:00", f"{date.fromordinal(d.toordinal() + 1)} 00:00:00")
    else:
        charge = (start, end)
    billed, effective, list_cost, contracted = costs
    is_commit = bool(commitment) or category == "Purchase"
    return {
        "ProviderName": provider,
        "BillingAccountId": AWS_ACCOUNT if provider == "AWS" else MS_ACCOUNT,
        "SubAccountId": "444455556666" if provider == "AWS" else "sub-1",
        "BillingCurrency": "USD",
        "BillingPeriodStart": start,
        "BillingPeriodEnd": end,
        "ChargePeriodStart": charge[0],
        "ChargePeriodEnd": charge[1],
        "ChargeCategory": category,
        "ChargeClass": charge_class,
        "BilledCost": billed,
        "EffectiveCost": effective,
        "ListCost": list_cost,
        "ContractedCost": contracted,
        "ServiceName": "Amazon EC2" if provider == "AWS" else "Virtual Machines",
        "ResourceId": "i-1",
        "PricingCategory": "Committed" if commitment == "Used" else "Standard",
        "CommitmentDiscountId": "ri-1" if is_commit else "",
        "CommitmentDiscountCategory": "Spend" if is_commit else "",
        "CommitmentDiscountStatus": commitment if category == "Usage" else "",
    }


LINES = [
    _line("2025-01", "Usage", ("100", "100", "120", "100"), day="2025-01-10"),
    _line("2025-01", "Usage", ("0", "30", "50", "50"), day="2025-01-11", commitment="Used"),
    _line("2025-01", "Usage", ("0", "10", "0", "0"), day="2025-01-12", commitment="Unused"),
    _line("2025-01", "Purchase", ("120", "0", "120", "120")),
    _line("2025-01", "Credit", ("-5", "-5", "0", "0")),
    _line("2025-01", "Tax", ("8", "8", "0", "0")),
    _line("2025-01", "Usage", ("70", "70", "80", "70"), day="2025-01-31", provider="Microsoft"),
    _line("2025-02", "Usage", ("200", "200", "250", "200"), day="2025-02-10"),
    _line("2025-02", "Usage", ("0", "40", "60", "60"), day="2025-02-11", commitment="Used"),
    _line("2025-02", "Adjustment", ("-12", "-12", "0", "0")),
    _line("2025-02", "Usage", ("3", "3", "3", "3"), day="2025-02-12", charge_class="Correction"),
    _line("2025-02", "Tax", ("9", "9", "0", "0")),
    _line("2025-03", "Usage", ("50", "50", "50", "50"), day="2025-03-04"),
    _line("2025-03", "Usage", ("0", "40", "60", "60"), day="2025-03-03", commitment="Used"),
]


def build(tmp: Path) -> Path:
    """Import the fixture into ``tmp/cache.duckdb`` through the real importer; return the path."""
    csv_path = tmp / "focus-finance.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(LINES)
    db = tmp / "cache.duckdb"
    import_paths(db, [csv_path], now=NOW)
    return db
