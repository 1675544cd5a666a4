"""Tiny hand-made FOCUS CSV files for tests, with every figure chosen by hand."""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = [
    "BilledCost",
    "EffectiveCost",
    "ListCost",
    "ContractedCost",
    "BillingCurrency",
    "BillingAccountId",
    "BillingAccountName",
    "SubAccountId",
    "SubAccountName",
    "ProviderName",
    "InvoiceIssuerName",
    "ServiceName",
    "ServiceCategory",
    "RegionId",
    "ResourceId",
    "ChargeCategory",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "PricingCategory",
    "Tags",
]


def row(
    cost: str,
    *,
    day: str = "2025-01-05",
    period: str = "2025-01",
    account: str = "000123456789",
    currency: str = "USD",
    provider: str = "AWS",
    service: str = "Amazon EC2",
    tags: str = '{"team": "web"}',
    effective: str | None = None,
) -> dict[str, str]:
    """One usage line; ``day`` is the charge day, ``period`` the billing month."""
    year, month = (int(x) for x in period.split("-"))
    end_year, end_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {
        "BilledCost": cost,
        "EffectiveCost": effective if effective is not None else cost,
        "ListCost": cost,
        "ContractedCost": cost,
        "BillingCurrency": currency,
        "BillingAccountId": account,
        "BillingAccountName": "Payer",
        "SubAccountId": "000987654321",
        "SubAccountName": "prod",
        "ProviderName": provider,
        "InvoiceIssuerName": provider,
        "ServiceName": service,
        "ServiceCategory": "Compute",
        "RegionId": "us-east-1",
        "ResourceId": "i-0abc",
        "ChargeCategory": "Usage",
        "ChargePeriodStart": f"{day} 00:00:00",
        "ChargePeriodEnd": f"{day} 23:59:59",
        "BillingPeriodStart": f"{year:04d}-{month:02d}-01 00:00:00",
        "BillingPeriodEnd": f"{end_year:04d}-{end_month:02d}-01 00:00:00",
        "PricingCategory": "Standard",
        "Tags": tags,
    }


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write ``rows`` as a FOCUS CSV at ``path`` and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path
