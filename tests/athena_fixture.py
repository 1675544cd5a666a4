"""The Athena rollup's logic run by DuckDB over a cache's line items, and a catalogued table in moto.

``ROLLUP`` is the DuckDB twin of ``finops_tui/sync/aws/athena_sql/*.sql`` over FOCUS columns: the
same grain (day x the screens' dimensions; resource grain from ``recent`` on), the same output
columns, money as exact decimal text. The tests feed its answer to moto as Athena's, so an
Athena-loaded cache can be compared with the line-item cache it was rolled up from; docs/SCALE.md
measures the rollup size of the demo with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb

from finops_tui.sync.aws.athena import FOCUS_REQUIRED
from finops_tui.sync.aws.athena_load import TEXT

ROLLUP = """
SELECT CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS day,
       CAST(CAST(BillingPeriodStart AS DATE) AS VARCHAR) AS billing_period_start,
       BillingAccountId AS billing_account_id, BillingAccountName AS billing_account_name,
       SubAccountId AS sub_account_id, SubAccountName AS sub_account_name,
       BillingCurrency AS billing_currency, ServiceName AS service_name,
       ServiceCategory AS service_category, RegionId AS region_id, ChargeCategory AS charge_category,
       ChargeFrequency AS charge_frequency, PricingCategory AS pricing_category, x_UsageType AS usage_type,
       CommitmentDiscountId AS commitment_discount_id, CommitmentDiscountType AS commitment_discount_type,
       CommitmentDiscountCategory AS commitment_discount_category,
       CommitmentDiscountStatus AS commitment_discount_status,
       CASE WHEN recent THEN ResourceId END AS resource_id,
       CASE WHEN recent THEN x_LineItemType END AS line_item_type,
       CASE WHEN recent THEN x_InstanceType END AS instance_type,
       CASE WHEN recent THEN x_VolumeType END AS volume_type,
       CASE WHEN recent THEN 'resource-daily' ELSE 'daily-aggregate' END AS grain{tag_columns},
       CAST(sum(BilledCost) AS VARCHAR) AS billed_cost,
       CAST(sum(EffectiveCost) AS VARCHAR) AS effective_cost,
       CAST(sum(coalesce(ListCost, EffectiveCost)) AS VARCHAR) AS list_cost,
       CAST(sum(coalesce(ContractedCost, BilledCost)) AS VARCHAR) AS contracted_cost,
       CAST(sum(ConsumedQuantity) AS VARCHAR) AS consumed_quantity,
       CAST(count(*) AS VARCHAR) AS line_items
FROM (SELECT *, CAST(ChargePeriodStart AS DATE) >= $recent AS recent FROM cost_and_usage
      WHERE ProviderName = 'AWS' AND BillingPeriodStart >= $since) s
GROUP BY ALL
ORDER BY ALL
"""


def rollup_sql(tag_keys: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """The twin with one ``Tags[key]`` column per tag key (keys as parameters)."""
    columns = "".join(f", Tags[$k{i}] AS tag_{i}" for i in range(len(tag_keys)))
    return ROLLUP.format(tag_columns=columns), {f"k{i}": k for i, k in enumerate(tag_keys)}


def rollup_rows(
    con: duckdb.DuckDBPyConnection, *, since: date, recent: date, tag_keys: Sequence[str]
) -> tuple[list[str], list[list[str | None]]]:
    """The rollup of the cache's AWS line items as Athena would answer it: column names and text rows."""
    sql, params = rollup_sql(tag_keys)
    cur = con.execute(sql, {**params, "since": since, "recent": recent})
    columns = [d[0] for d in cur.description]
    assert set(TEXT) <= set(columns)
    return columns, [list(r) for r in cur.fetchall()]


FOCUS_COLUMNS: tuple[str, ...] = tuple(sorted(FOCUS_REQUIRED - {"tags"}))


def catalogue_focus_table(
    glue: Any, s3: Any, *, database: str, table: str, bucket: str, parts: dict[str, int]
) -> None:
    """A FOCUS table partitioned by ``billing_period`` in moto's Glue, one S3 object per partition.

    ``parts`` maps each billing period (``2025-01``) to the size in bytes of its one object.
    """
    s3.create_bucket(Bucket=bucket)
    glue.create_database(DatabaseInput={"Name": database})
    location = f"s3://{bucket}/focus/data/"
    columns = [{"Name": c, "Type": "string"} for c in FOCUS_COLUMNS]
    columns.append({"Name": "tags", "Type": "map<string,string>"})
    glue.create_table(
        DatabaseName=database,
        TableInput={
            "Name": table,
            "StorageDescriptor": {"Columns": columns, "Location": location},
            "PartitionKeys": [{"Name": "billing_period", "Type": "string"}],
        },
    )
    for period, size in parts.items():
        prefix = f"focus/data/billing_period={period}/"
        s3.put_object(Bucket=bucket, Key=prefix + "part-00000.parquet", Body=b"x" * size)
        glue.create_partition(
            DatabaseName=database,
            TableName=table,
            PartitionInput={
                "Values": [period],
                "StorageDescriptor": {"Columns": columns, "Location": f"s3://{bucket}/{prefix}"},
            },
        )
