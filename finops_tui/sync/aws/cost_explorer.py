"""Cost Explorer ``GetCostAndUsage`` → FOCUS rows of daily grain, for accounts without an export.

One request series per calendar month (daily granularity, grouped by linked account and service,
the two group-bys Cost Explorer allows), paged with ``NextPageToken``. Each group and day becomes one
row marked ``x_Grain = 'daily-aggregate'`` and ``x_Source = 'aws-ce'``. The billing account is the
caller's account. A month that an export already delivered as line items is not requested at all
(an export is the better source, and every Cost Explorer request costs $0.01), nor is a month fetched
more than a week after it closed: its figures have settled, so a repeat sync pays only for the
current month.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa

from finops_tui.errors import FinOpsError
from finops_tui.sync import periods
from finops_tui.sync.aws.session import AwsContext
from finops_tui.sync.importer import next_import_id

REQUEST_PRICE = Decimal("0.01")
"""USD per Cost Explorer API request (every page of every call is billed)."""

METRICS = ("UnblendedCost", "AmortizedCost")
GROUP_BY = ({"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"}, {"Type": "DIMENSION", "Key": "SERVICE"})
SOURCE_NAME = "cost-explorer"
SETTLED_DAYS = 7
"""Days after a month's end after which Cost Explorer's figures for it are taken as final."""


@dataclass(frozen=True)
class Month:
    """One billing month to request: ``[start, end)``, ``end`` capped at today."""

    start: date
    end: date

    @property
    def period_start(self) -> date:
        """First day of the month."""
        return self.start.replace(day=1)


def months_back(today: date, count: int) -> list[Month]:
    """The ``count`` calendar months ending with the current one (the current up to yesterday)."""
    out: list[Month] = []
    first = today.replace(day=1)
    for _ in range(count):
        nxt = (first + timedelta(days=32)).replace(day=1)
        end = min(nxt, today)
        if end > first:
            out.append(Month(first, end))
        first = (first - timedelta(days=1)).replace(day=1)
    return sorted(out, key=lambda m: m.start)


def covered_months(con: duckdb.DuckDBPyConnection, account: str) -> set[date]:
    """Months not worth paying for again: exported as line items or rolled up by Athena (both finer
    than Cost Explorer, which would otherwise replace them), or fetched from Cost Explorer more than
    ``SETTLED_DAYS`` after the month ended (its figures no longer move)."""
    rows = con.execute(
        "SELECT DISTINCT CAST(BillingPeriodStart AS DATE) FROM cost_and_usage "
        "WHERE ProviderName = 'AWS' AND BillingAccountId = $a "
        "AND (x_Grain = 'line-item' OR x_Source = 'aws-athena') "
        "UNION SELECT CAST(billing_period_start AS DATE) FROM imports "
        "WHERE provider = 'AWS' AND billing_account_id = $a AND source_format = 'aws-ce' "
        "AND imported_at >= billing_period_start + INTERVAL 1 MONTH + to_days($settled)",
        {"a": account, "settled": SETTLED_DAYS},
    ).fetchall()
    return {r[0] for r in rows}


def fetch_month(ctx: AwsContext, month: Month) -> list[dict[str, Any]]:
    """Every page of the month's daily, grouped cost and usage."""
    ce = ctx.client("ce")
    params: dict[str, Any] = {
        "TimePeriod": {"Start": month.start.isoformat(), "End": month.end.isoformat()},
        "Granularity": "DAILY",
        "Metrics": list(METRICS),
        "GroupBy": list(GROUP_BY),
    }
    pages: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = ce.get_cost_and_usage(**params, **({"NextPageToken": token} if token else {}))
        page.pop("ResponseMetadata", None)
        pages.append(page)
        token = page.get("NextPageToken")
        if not token:
            return pages


def _amount(metrics: dict[str, Any], name: str) -> tuple[str | None, str | None]:
    value = metrics.get(name) or {}
    return value.get("Amount"), value.get("Unit")


def _category(service: str, amount: Decimal) -> str:
    if service.lower() == "tax":
        return "Tax"
    return "Credit" if amount < 0 else "Usage"


COLUMNS = (
    "BillingAccountId",
    "SubAccountId",
    "SubAccountName",
    "ServiceName",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "BillingPeriodStart",
    "BilledCost",
    "EffectiveCost",
    "BillingCurrency",
    "ChargeCategory",
)


def rows_from(pages: list[dict[str, Any]], account: str, month: Month) -> list[tuple[str | None, ...]]:
    """FOCUS-shaped rows (as text, cast in SQL) of a month's pages."""
    names: dict[str, str] = {}
    for page in pages:
        for attr in page.get("DimensionValueAttributes") or []:
            desc = (attr.get("Attributes") or {}).get("description")
            if desc:
                names[attr["Value"]] = desc
    out: list[tuple[str | None, ...]] = []
    for page in pages:
        for result in page.get("ResultsByTime", []):
            start, end = result["TimePeriod"]["Start"], result["TimePeriod"]["End"]
            groups = result.get("Groups") or []
            if not groups and result.get("Total"):
                groups = [{"Keys": [account, "(total)"], "Metrics": result["Total"]}]
            for group in groups:
                keys = [*group.get("Keys", []), "", ""]
                linked, service = keys[0], keys[1] or "(unknown)"
                billed, unit = _amount(group.get("Metrics", {}), "UnblendedCost")
                effective, _ = _amount(group.get("Metrics", {}), "AmortizedCost")
                if billed is None:
                    continue
                out.append(
                    (
                        account,
                        linked or None,
                        names.get(linked),
                        service,
                        start,
                        end,
                        month.period_start.isoformat(),
                        billed,
                        effective if effective is not None else billed,
                        unit or "USD",
                        _category(service, Decimal(billed)),
                    )
                )
    return out


_INSERT = """
INSERT INTO cost_and_usage BY NAME
SELECT 'AWS' AS ProviderName, 'Amazon Web Services' AS PublisherName,
       'Amazon Web Services' AS InvoiceIssuerName,
       BillingAccountId, SubAccountId, SubAccountName, ServiceName, BillingCurrency, ChargeCategory,
       CAST(ChargePeriodStart AS TIMESTAMP) AS ChargePeriodStart,
       CAST(ChargePeriodEnd AS TIMESTAMP) AS ChargePeriodEnd,
       CAST(BillingPeriodStart AS TIMESTAMP) AS BillingPeriodStart,
       CAST(BillingPeriodStart AS TIMESTAMP) + INTERVAL 1 MONTH AS BillingPeriodEnd,
       CAST(BilledCost AS DECIMAL(38, 10)) AS BilledCost,
       CAST(EffectiveCost AS DECIMAL(38, 10)) AS EffectiveCost,
       'Usage-Based' AS ChargeFrequency, 'aws-ce' AS x_Source, $file AS x_SourceFile, 'full' AS x_CostBasis,
       'daily-aggregate' AS x_Grain, $import_id::BIGINT AS x_ImportId
FROM ce_rows
"""


def load_rows(
    con: duckdb.DuckDBPyConnection, rows: list[tuple[str | None, ...]], raw: list[Any], *, now: datetime
) -> int:
    """Write Cost Explorer rows as one import (replacing the same months' earlier CE rows)."""
    if not rows:
        return 0
    table = pa.table({c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(COLUMNS)})
    import_id = next_import_id(con)
    con.register("ce_rows", table)
    try:
        con.execute(_INSERT, {"file": SOURCE_NAME, "import_id": import_id})
    finally:
        con.unregister("ce_rows")
    for key in periods.new_keys(con, import_id):
        if key.currencies > 1:
            raise FinOpsError(f"Cost Explorer: {key.billing_period_start:%Y-%m} mixes currencies")
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
    periods.replace_and_record(con, import_id, {SOURCE_NAME: digest}, now)
    return len(rows)
