"""SQL that turns the meter catalogue into FOCUS 1.2 daily line items inside DuckDB.

Every meter is expanded to its days with ``unnest(range(...))`` in catalogue order, so the row order
(and with it the Parquet bytes) depends only on the catalogue, never on thread timing. Randomness is
``hash(noise_key, day)``: three 20-bit slices of one hash summed give bounded, roughly normal noise
(Irwin-Hall), so "moderate noise" can never produce a spike the ground truth does not list.
"""

from __future__ import annotations

from datetime import date, datetime

from finops_tui.sync.formats.base import literal, quote
from finops_tui.sync.schema import COLUMN_TYPES

X_COLUMNS: tuple[str, ...] = (
    "x_UsageType",
    "x_Operation",
    "x_InstanceType",
    "x_ProductCode",
    "x_ProductFamily",
    "x_ResourceGroup",
    "x_PricingModel",
    "x_VolumeType",
    "x_LineItemType",
)
"""Provider-detail columns the demo files carry (same names as the cache's x_ columns)."""

MONEY_SQL = "DECIMAL(38, 10)"


def output_columns() -> list[tuple[str, str]]:
    """(name, SQL type) of every column written: all FOCUS columns of the schema, then ``X_COLUMNS``."""
    focus = [(n, t) for n, t in COLUMN_TYPES.items() if not n.startswith("x_")]
    return focus + [(n, COLUMN_TYPES.get(n, "VARCHAR")) for n in X_COLUMNS]


def _money(expr: str) -> str:
    return f"CAST({expr} AS {MONEY_SQL})"


def expand_sql(d0: int, d1: int, dim: int, start: date, *, anomalies: bool, where: str = "TRUE") -> str:
    """Meters x days in ``[d0, d1)`` with the day's quantity and costs (``dim`` = days in the month)."""
    noise = "(((h & 1048575) + ((h >> 20) & 1048575) + ((h >> 40) & 1048575)) / 1048576.0 * 2.0 - 3.0)"
    wobble = f"exp(ln_growth * d / 30.4375) * (CASE WHEN isodow(day) >= 6 THEN weekend ELSE 1.0 END) * (1.0 + sigma * {noise})"  # noqa: E501
    anomaly = (
        "(CASE WHEN anom_kind IN ('spike', 'drop') AND d BETWEEN anom_start AND anom_end THEN anom_mult "
        "WHEN anom_kind = 'growth' AND d >= anom_start "
        "THEN pow(anom_mult, least(d, anom_end) - anom_start + 1) "
        "ELSE 1.0 END)"
        if anomalies
        else "1.0"
    )
    qty = (
        f"(CASE qty_mode WHEN 'daily' THEN base WHEN 'monthly' THEN base / {dim}.0 "
        f"WHEN 'autoscale' THEN least(24.0, base * {wobble}) ELSE base * {wobble} END) * {anomaly}"
    )
    return f"""
SELECT *,
  {_money("qty * billed_price")} AS billed,
  {_money("qty * effective_price")} AS effective,
  {_money("qty * list_price")} AS list_cost,
  {_money("qty * contracted_price")} AS contracted_cost
FROM (
  SELECT *, {qty} AS qty
  FROM (
    SELECT *, DATE {literal(start.isoformat())} + CAST(d AS INTEGER) AS day, hash(noise_key, d) AS h
    FROM (
      SELECT *, unnest(range(greatest(start_day, {d0}), least(end_day, {d1}))) AS d
      FROM meters
      WHERE start_day < {d1} AND end_day > {d0} AND ({where})
    )
  )
  WHERE NOT (weekday_only AND isodow(day) >= 6)
)
WHERE qty > 0
"""


def _ts(value: datetime | date) -> str:
    return f"TIMESTAMP {literal(datetime(value.year, value.month, value.day).isoformat(sep=' '))}"


def usage_select(
    expand: str, *, period: tuple[date, date], invoices: dict[str, str | None], source: str = "x"
) -> str:
    """The FOCUS select list over an ``expand_sql`` relation (aliased ``source``), in output order."""
    invoice = (
        "CASE provider "
        + " ".join(f"WHEN {literal(p)} THEN {literal(i) if i else 'NULL'}" for p, i in invoices.items())
        + " END"
    )
    exprs: dict[str, str] = {
        "ProviderName": "provider",
        "PublisherName": "publisher",
        "InvoiceIssuerName": "issuer",
        "InvoiceId": invoice,
        "BillingAccountId": "billing_id",
        "BillingAccountName": "billing_name",
        "BillingAccountType": "billing_type",
        "SubAccountId": "sub_id",
        "SubAccountName": "sub_name",
        "SubAccountType": "sub_type",
        "BillingCurrency": "'USD'",
        "BillingPeriodStart": _ts(period[0]),
        "BillingPeriodEnd": _ts(period[1]),
        "ChargePeriodStart": "CAST(day AS TIMESTAMP)",
        "ChargePeriodEnd": "CAST(day + 1 AS TIMESTAMP)",
        "ChargeCategory": "'Usage'",
        "ChargeDescription": "description",
        "ChargeFrequency": "'Usage-Based'",
        "BilledCost": "billed",
        "EffectiveCost": "effective",
        "ListCost": "list_cost",
        "ContractedCost": "contracted_cost",
        "ListUnitPrice": "list_unit",
        "ContractedUnitPrice": "contracted_unit",
        "PricingCategory": "pricing_category",
        "PricingQuantity": "qty",
        "PricingUnit": "unit",
        "ConsumedQuantity": "CASE WHEN cost_mode = 'unused' THEN NULL ELSE qty END",
        "ConsumedUnit": "CASE WHEN cost_mode = 'unused' THEN NULL ELSE unit END",
        "ServiceName": "service_name",
        "ServiceCategory": "service_category",
        "ServiceSubcategory": "service_subcategory",
        "RegionId": "region_id",
        "RegionName": "region_name",
        "AvailabilityZone": "az",
        "ResourceId": "resource_id",
        "ResourceName": "resource_name",
        "ResourceType": "resource_type",
        "SkuId": "sku_id",
        "SkuPriceId": "sku_price_id",
        "SkuMeter": "sku_meter",
        "CommitmentDiscountId": "commit_id",
        "CommitmentDiscountName": "commit_name",
        "CommitmentDiscountType": "commit_type",
        "CommitmentDiscountCategory": "commit_category",
        "CommitmentDiscountStatus": "commit_status",
        "CommitmentDiscountQuantity": "CASE WHEN commit_id IS NULL THEN NULL "
        "WHEN commit_unit = 'Hours' THEN qty ELSE CAST(effective AS DOUBLE) END",
        "CommitmentDiscountUnit": "commit_unit",
        "Tags": "tags_map",
        "x_UsageType": "usage_type",
        "x_Operation": "operation",
        "x_InstanceType": "instance_type",
        "x_ProductCode": "product_code",
        "x_ProductFamily": "product_family",
        "x_ResourceGroup": "resource_group",
        "x_PricingModel": "pricing_model",
        "x_VolumeType": "volume_type",
        "x_LineItemType": "line_item_type",
    }
    return typed_select(exprs, f"({expand}) AS {source}")


def typed_select(exprs: dict[str, str], relation: str) -> str:
    """``SELECT`` every output column from ``relation``, cast to its schema type (NULL when not given)."""
    items = []
    for name, sql_type in output_columns():
        expr = exprs.get(name, "NULL")
        items.append(f"CAST({expr} AS {sql_type}) AS {quote(name)}")
    return "SELECT\n  " + ",\n  ".join(items) + f"\nFROM {relation}"


def charges_select(columns: list[str], relation: str) -> str:
    """Typed select over a relation of text columns named like the output (monthly charge rows)."""
    exprs = {c: ("NULL" if c == "Tags" else quote(c)) for c in columns}
    return typed_select(exprs, relation)
