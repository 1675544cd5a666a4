"""The small FOCUS estate every trends test reads (queries, screens, snapshot, report).

Figures are chosen by hand so the known answers can be worked out on paper; see test_trends_queries.
Tag values ``[bold]`` and ``[/]`` check that billing strings are never parsed as markup.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from finops_tui.sync.importer import import_paths
from tests.focus_csv import HEADER, row

AS_OF = date(2025, 2, 10)
NOW = datetime(2025, 2, 12, 6, 0)
PAYER = "111111111111"
SUB = "222222222222"
AZURE_ACCOUNT = "8611537"
EC2 = "Amazon Elastic Compute Cloud"
S3 = "Amazon Simple Storage Service"
VM = "Virtual Machines"


def _line(
    day: str,
    billed: str,
    *,
    effective: str | None = None,
    listed: str | None = None,
    service: str = EC2,
    category: str = "Compute",
    resource: str = "i-0001",
    usage: str = "BoxUsage:m5.large",
    tags: str = '{"team": "web"}',
    provider: str = "AWS",
    account: str = PAYER,
    account_name: str = "Acme Payer",
) -> dict[str, str]:
    line = row(
        billed, day=day, period=day[:7], account=account, provider=provider, service=service, tags=tags
    )
    line.update(
        EffectiveCost=effective or billed,
        ListCost=listed or billed,
        ContractedCost=effective or billed,
        BillingAccountName=account_name,
        SubAccountId=SUB if provider == "AWS" else "sub-az-1",
        SubAccountName="acme-prod" if provider == "AWS" else "az-prod",
        ServiceCategory=category,
        ResourceId=resource,
        x_UsageType=usage,
    )
    return line


LINES = [
    _line("2025-01-05", "100", effective="80", listed="120"),
    _line("2025-01-20", "50"),
    _line("2025-02-03", "200", effective="150", listed="250"),
    _line("2025-01-08", "30", resource="vol-0002", usage="EBS:VolumeUsage.gp3", tags='{"team": "[bold]"}'),
    _line("2025-02-08", "60", resource="vol-0002", usage="EBS:VolumeUsage.gp3", tags='{"team": "[bold]"}'),
    _line(
        "2025-01-02",
        "10",
        service=S3,
        category="Storage",
        resource="acme-logs",
        usage="TimedStorage",
        tags="",
    ),
    _line(
        "2025-02-05",
        "40",
        service=S3,
        category="Storage",
        resource="acme-logs",
        usage="TimedStorage",
        tags='{"team": "[/]"}',
    ),
    _line(
        "2025-02-09",
        "25",
        provider="Microsoft",
        service=VM,
        account=AZURE_ACCOUNT,
        account_name="Contoso EA",
        resource="/subscriptions/abc/vm1",
        usage="D2s v3",
        tags='{"env": "prod"}',
    ),
    _line("2025-02-11", "999"),
]
"""Every line item of the fixture; the last one lies after AS_OF."""


def build_trends_cache(db: Path) -> Path:
    """Import the fixture estate into a cache at ``db`` (through the real importer) and return it."""
    csv_path = db.parent / "src" / "trends.csv"
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*HEADER, "x_UsageType"])
        writer.writeheader()
        writer.writerows(LINES)
    import_paths(db, [csv_path], now=NOW)
    return db


def test_fixture_imports_every_line(tmp_path: Path) -> None:
    import duckdb

    db = build_trends_cache(tmp_path / "c" / "cache.duckdb")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM cost_and_usage").fetchone() == (len(LINES),)
        assert con.execute("SELECT sum(line_items) FROM daily_cost").fetchone() == (len(LINES),)
