"""Build a realistic FOCUS 1.2 Parquet export of N rows, quickly and deterministically.

The file looks like a mid-size AWS Data Export: dozens of columns, ids as text, a tag map on most
rows, a month of hourly line items: each resource has one line per hour of the month, so N rows hold
N / 744 resources, as a CUR of instances running all month does. (An earlier version gave every
fifth line its own resource, 200,000 resources per million lines; the waste checks then priced
200,000 instances at import, which no estate of that size has.) It is the input both the importer and
the raw-DuckDB baseline read in the benchmark.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

_SQL = """
COPY (
  SELECT
    'AWS' AS ProviderName, 'AWS' AS PublisherName, 'Amazon Web Services, Inc.' AS InvoiceIssuerName,
    '012345678901' AS BillingAccountId, 'Example Org' AS BillingAccountName,
    lpad(CAST(100000000000 + i % 40 AS VARCHAR), 12, '0') AS SubAccountId,
    'account-' || (i % 40) AS SubAccountName, 'USD' AS BillingCurrency,
    TIMESTAMP '2025-03-01' AS BillingPeriodStart, TIMESTAMP '2025-04-01' AS BillingPeriodEnd,
    TIMESTAMP '2025-03-01' + to_hours(CAST(i % 744 AS INTEGER)) AS ChargePeriodStart,
    TIMESTAMP '2025-03-01' + to_hours(CAST(i % 744 AS INTEGER) + 1) AS ChargePeriodEnd,
    CASE WHEN i % 500 = 0 THEN 'Tax' WHEN i % 97 = 0 THEN 'Credit' ELSE 'Usage' END AS ChargeCategory,
    'Usage-Based' AS ChargeFrequency, 'line item ' || (i % 1000) AS ChargeDescription,
    CAST(((i * 7919) % 100000) / 10000.0 AS DECIMAL(18, 10)) AS BilledCost,
    CAST(((i * 7919) % 100000) / 12500.0 AS DECIMAL(18, 10)) AS EffectiveCost,
    CAST(((i * 7919) % 100000) / 9000.0 AS DECIMAL(18, 10)) AS ListCost,
    CAST(((i * 7919) % 100000) / 10000.0 AS DECIMAL(18, 10)) AS ContractedCost,
    CASE WHEN i % 3 = 0 THEN 'Committed' ELSE 'Standard' END AS PricingCategory,
    CAST(i % 24 AS DOUBLE) AS PricingQuantity, 'Hrs' AS PricingUnit,
    CAST(i % 24 AS DOUBLE) AS ConsumedQuantity, 'Hrs' AS ConsumedUnit,
    'svc-' || (i % 60) AS ServiceName, 'Compute' AS ServiceCategory,
    ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2'][1 + i % 4] AS RegionId,
    'arn:aws:ec2:us-east-1:012345678901:instance/i-' || lpad(to_hex(i // 744), 17, '0') AS ResourceId,
    'res-' || (i // 744) AS ResourceName, 'Instance' AS ResourceType,
    'SKU' || (i % 5000) AS SkuId,
    CASE WHEN i % 3 = 0 THEN 'arn:aws:savingsplans::012345678901:savingsplan/sp-1' END
      AS CommitmentDiscountId,
    CASE WHEN i % 3 = 0 THEN 'Used' END AS CommitmentDiscountStatus,
    CASE WHEN i % 5 = 0 THEN NULL
         ELSE MAP {'team': 'team-' || (i % 12), 'env': ['prod', 'staging', 'dev'][1 + i % 3]} END AS Tags,
    'USE1-BoxUsage:m5.large' AS x_UsageType, 'RunInstances' AS x_Operation
  FROM range($rows) t(i)
) TO $path (FORMAT parquet, ROW_GROUP_SIZE 122880)
"""


def build_export(path: Path, rows: int) -> Path:
    """Write an N-row FOCUS Parquet export to ``path`` (skipped when it already exists)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.parquet")
    with duckdb.connect() as con:
        con.execute(_SQL.replace("$rows", str(int(rows))).replace("$path", "'" + str(tmp) + "'"))
    tmp.replace(path)
    return path
