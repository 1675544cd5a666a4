"""Athena rollup rows → FOCUS rows in ``cost_and_usage``, as one import that replaces the periods it covers.

Each rollup row becomes one FOCUS row of one day (``ChargePeriodStart`` midnight, ``ChargePeriodEnd``
the next midnight), ``x_Source = 'aws-athena'``, ``x_Grain`` ``daily-aggregate`` (no resource) or
``resource-daily`` (the recent window, with ``ResourceId``). Money arrives as exact decimal text and
is cast to ``DECIMAL(38, 10)`` here, so a period's total equals the export's to the last digit. The
billing periods the rows cover replace whatever an earlier import held for them (line items
included): the Athena answer is then the one source of those months, never counted twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

import duckdb
import pyarrow as pa

from finops_tui.errors import FinOpsError
from finops_tui.sync import periods
from finops_tui.sync.aws.athena import AthenaResult
from finops_tui.sync.importer import next_import_id

SOURCE = "aws-athena"

TEXT = (
    "day",
    "billing_period_start",
    "billing_account_id",
    "billing_account_name",
    "sub_account_id",
    "sub_account_name",
    "billing_currency",
    "service_name",
    "service_category",
    "region_id",
    "charge_category",
    "charge_frequency",
    "pricing_category",
    "usage_type",
    "commitment_discount_id",
    "commitment_discount_type",
    "commitment_discount_category",
    "commitment_discount_status",
    "resource_id",
    "line_item_type",
    "instance_type",
    "volume_type",
    "grain",
    "billed_cost",
    "effective_cost",
    "list_cost",
    "contracted_cost",
    "consumed_quantity",
    "line_items",
)
"""Columns every rollup answer carries (the tag columns ``tag_0 …`` come on top)."""

_INSERT = """
INSERT INTO cost_and_usage BY NAME
SELECT 'AWS' AS ProviderName, 'Amazon Web Services' AS PublisherName,
       'Amazon Web Services' AS InvoiceIssuerName,
       nullif(billing_account_id, '') AS BillingAccountId,
       nullif(billing_account_name, '') AS BillingAccountName,
       nullif(sub_account_id, '') AS SubAccountId, nullif(sub_account_name, '') AS SubAccountName,
       nullif(billing_currency, '') AS BillingCurrency,
       CAST(day AS TIMESTAMP) AS ChargePeriodStart,
       CAST(day AS TIMESTAMP) + INTERVAL 1 DAY AS ChargePeriodEnd,
       CAST(billing_period_start AS TIMESTAMP) AS BillingPeriodStart,
       CAST(billing_period_start AS TIMESTAMP) + INTERVAL 1 MONTH AS BillingPeriodEnd,
       nullif(service_name, '') AS ServiceName, nullif(service_category, '') AS ServiceCategory,
       nullif(region_id, '') AS RegionId, nullif(charge_category, '') AS ChargeCategory,
       nullif(charge_frequency, '') AS ChargeFrequency, nullif(pricing_category, '') AS PricingCategory,
       nullif(commitment_discount_id, '') AS CommitmentDiscountId,
       nullif(commitment_discount_type, '') AS CommitmentDiscountType,
       nullif(commitment_discount_category, '') AS CommitmentDiscountCategory,
       nullif(commitment_discount_status, '') AS CommitmentDiscountStatus,
       nullif(resource_id, '') AS ResourceId,
       CAST(billed_cost AS DECIMAL(38, 10)) AS BilledCost,
       CAST(effective_cost AS DECIMAL(38, 10)) AS EffectiveCost,
       CAST(list_cost AS DECIMAL(38, 10)) AS ListCost,
       CAST(contracted_cost AS DECIMAL(38, 10)) AS ContractedCost,
       CAST(consumed_quantity AS DOUBLE) AS ConsumedQuantity,
       tags AS Tags,
       $source AS x_Source, $file AS x_SourceFile, 'full' AS x_CostBasis,
       CAST(billed_cost AS DECIMAL(38, 10)) AS x_SourceCost,
       grain AS x_Grain, $import_id::BIGINT AS x_ImportId,
       nullif(line_item_type, '') AS x_LineItemType, nullif(usage_type, '') AS x_UsageType,
       nullif(instance_type, '') AS x_InstanceType, nullif(volume_type, '') AS x_VolumeType
FROM athena_rows
"""


def _arrow(result: AthenaResult, tag_keys: Sequence[str]) -> pa.Table:
    """The answer as an Arrow table: text columns by name, the tag columns folded into one map."""
    where = {name: i for i, name in enumerate(result.columns)}
    missing = [c for c in TEXT if c not in where]
    if missing:
        raise FinOpsError(f"Athena answer {result.query_id}: missing columns {', '.join(missing)}")
    data: dict[str, pa.Array] = {c: pa.array([r[where[c]] for r in result.rows], pa.string()) for c in TEXT}
    for name in ("day", "billing_period_start", "billing_account_id"):
        if any(r[where[name]] in (None, "") for r in result.rows):
            raise FinOpsError(f"Athena answer {result.query_id}: rows without {name}")
    tag_index = [(key, where[f"tag_{i}"]) for i, key in enumerate(tag_keys) if f"tag_{i}" in where]
    # no kept tag on a row: NULL, as the line-item importers write an untagged line
    tags = [[(k, r[j]) for k, j in tag_index if r[j] not in (None, "")] or None for r in result.rows]
    data["tags"] = pa.array(tags, pa.map_(pa.string(), pa.string()))
    return pa.table(data)


def load_rollup(
    con: duckdb.DuckDBPyConnection,
    result: AthenaResult,
    tag_keys: Sequence[str],
    *,
    source_file: str,
    now: datetime,
) -> tuple[int, int]:
    """Write the rollup as one import; return (rows written, earlier rows replaced)."""
    if not result.rows:
        return 0, 0
    table = _arrow(result, tag_keys)
    import_id = next_import_id(con)
    con.register("athena_rows", table)
    try:
        con.execute(_INSERT, {"source": SOURCE, "file": source_file, "import_id": import_id})
    finally:
        con.unregister("athena_rows")
    for key in periods.new_keys(con, import_id):
        if key.currencies > 1:
            raise FinOpsError(f"Athena {source_file}: {key.billing_period_start:%Y-%m} mixes currencies")
    digest = hashlib.sha256(repr(sorted(result.rows, key=repr)).encode()).hexdigest()
    replaced = periods.replace_and_record(con, import_id, {source_file: digest}, now)
    return len(result.rows), replaced
