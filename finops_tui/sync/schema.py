"""The shape of the cache: FOCUS 1.2 column names, their types, and the schema version.

Everything that writes the cache (importers, the demo generator, later the cloud syncs) produces rows in
exactly this shape, so every query and screen reads one table whatever the provider delivered.

Money columns are ``DECIMAL(38, 10)``, chosen over DOUBLE on purpose: finance reconciles the cache
against the invoice to the cent, and a decimal sum is exact whatever the row order or thread count,
while ten fractional digits keep the sub-cent unit prices that usage lines carry. Quantities are
DOUBLE: they are not money, and request counts overflow a narrow decimal.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
"""Bumped whenever a table or column changes; the cache refuses to open a file of another version."""

MONEY = "DECIMAL(38, 10)"
"""The SQL type of every money column (see the module docstring for why)."""

COST_AND_USAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    # --- FOCUS 1.2 columns -------------------------------------------------------------------------
    ("ProviderName", "VARCHAR"),
    ("PublisherName", "VARCHAR"),
    ("InvoiceIssuerName", "VARCHAR"),
    ("InvoiceId", "VARCHAR"),
    ("BillingAccountId", "VARCHAR"),
    ("BillingAccountName", "VARCHAR"),
    ("BillingAccountType", "VARCHAR"),
    ("SubAccountId", "VARCHAR"),
    ("SubAccountName", "VARCHAR"),
    ("SubAccountType", "VARCHAR"),
    ("BillingCurrency", "VARCHAR"),
    ("BillingPeriodStart", "TIMESTAMP"),
    ("BillingPeriodEnd", "TIMESTAMP"),
    ("ChargePeriodStart", "TIMESTAMP"),
    ("ChargePeriodEnd", "TIMESTAMP"),
    ("ChargeCategory", "VARCHAR"),
    ("ChargeClass", "VARCHAR"),
    ("ChargeDescription", "VARCHAR"),
    ("ChargeFrequency", "VARCHAR"),
    ("BilledCost", MONEY),
    ("EffectiveCost", MONEY),
    ("ListCost", MONEY),
    ("ContractedCost", MONEY),
    ("ListUnitPrice", MONEY),
    ("ContractedUnitPrice", MONEY),
    ("PricingCategory", "VARCHAR"),
    ("PricingQuantity", "DOUBLE"),
    ("PricingUnit", "VARCHAR"),
    ("ConsumedQuantity", "DOUBLE"),
    ("ConsumedUnit", "VARCHAR"),
    ("ServiceName", "VARCHAR"),
    ("ServiceCategory", "VARCHAR"),
    ("ServiceSubcategory", "VARCHAR"),
    ("RegionId", "VARCHAR"),
    ("RegionName", "VARCHAR"),
    ("AvailabilityZone", "VARCHAR"),
    ("ResourceId", "VARCHAR"),
    ("ResourceName", "VARCHAR"),
    ("ResourceType", "VARCHAR"),
    ("SkuId", "VARCHAR"),
    ("SkuPriceId", "VARCHAR"),
    ("SkuMeter", "VARCHAR"),
    ("CommitmentDiscountId", "VARCHAR"),
    ("CommitmentDiscountName", "VARCHAR"),
    ("CommitmentDiscountType", "VARCHAR"),
    ("CommitmentDiscountCategory", "VARCHAR"),
    ("CommitmentDiscountStatus", "VARCHAR"),
    ("CommitmentDiscountQuantity", "DOUBLE"),
    ("CommitmentDiscountUnit", "VARCHAR"),
    ("CapacityReservationId", "VARCHAR"),
    ("CapacityReservationStatus", "VARCHAR"),
    ("Tags", "MAP(VARCHAR, VARCHAR)"),
    # --- provider detail and lineage (x_ columns) ------------------------------------------------------
    ("x_Source", "VARCHAR"),  # format that produced the row: focus-1.0, aws-cur, aws-cur2, azure-ea, demo
    ("x_SourceFile", "VARCHAR"),  # file name (not path) the row came from
    ("x_CostBasis", "VARCHAR"),  # full | actual | amortized: which costs the source row carries
    ("x_SourceCost", MONEY),  # the provider's own cost figure, kept for Azure actual/amortized pairing
    ("x_Grain", "VARCHAR"),  # line-item | daily-aggregate (API-sourced rows are coarser)
    ("x_ImportId", "BIGINT"),  # the import that wrote the row (see the imports table)
    ("x_LineItemType", "VARCHAR"),  # AWS lineItem/LineItemType, Azure ChargeType
    ("x_UsageType", "VARCHAR"),  # AWS lineItem/UsageType, Azure meter name
    ("x_Operation", "VARCHAR"),  # AWS lineItem/Operation
    ("x_ProductCode", "VARCHAR"),  # AWS lineItem/ProductCode, Azure ConsumedService
    ("x_InstanceType", "VARCHAR"),  # AWS product/instanceType, Azure ServiceType from AdditionalInfo
    ("x_ProductFamily", "VARCHAR"),  # AWS product/productFamily, Azure MeterCategory
    ("x_ResourceGroup", "VARCHAR"),  # Azure resource group
    ("x_PricingModel", "VARCHAR"),  # Azure PricingModel, AWS pricing/term
    ("x_VolumeType", "VARCHAR"),  # AWS product/volumeApiName (gp2, gp3, io1 ...)
)
"""Every column of ``cost_and_usage`` in table order."""

COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in COST_AND_USAGE_COLUMNS)
COLUMN_TYPES: dict[str, str] = dict(COST_AND_USAGE_COLUMNS)

MONEY_COLUMNS: tuple[str, ...] = tuple(n for n, t in COST_AND_USAGE_COLUMNS if t == MONEY)
"""Money columns: validated as numbers and summed exactly."""


def cost_and_usage_ddl(table: str = "cost_and_usage") -> str:
    """Return the ``CREATE TABLE`` statement for a table in the cost-and-usage shape."""
    body = ",\n    ".join(f'"{name}" {sql_type}' for name, sql_type in COST_AND_USAGE_COLUMNS)
    return f"CREATE TABLE IF NOT EXISTS {table} (\n    {body}\n)"


IMPORTS_DDL = """
CREATE TABLE IF NOT EXISTS imports (
    import_id BIGINT NOT NULL,          -- the import run that wrote these rows
    source_format VARCHAR NOT NULL,     -- focus-1.2, aws-cur, aws-cur2, azure-ea ...
    provider VARCHAR NOT NULL,          -- ProviderName of the rows
    billing_account_id VARCHAR NOT NULL,
    billing_period_start TIMESTAMP NOT NULL,
    cost_basis VARCHAR NOT NULL,        -- full | actual | amortized
    files VARCHAR[] NOT NULL,           -- file names that delivered this (source, period)
    row_count BIGINT NOT NULL,
    billed_cost DECIMAL(38, 10) NOT NULL,
    effective_cost DECIMAL(38, 10) NOT NULL,
    billing_currency VARCHAR,
    newest_charge TIMESTAMP,            -- latest ChargePeriodEnd among the rows
    checksum VARCHAR NOT NULL,          -- sha256 over the delivering files' bytes
    imported_at TIMESTAMP NOT NULL,     -- wall-clock time of the import (UTC)
    PRIMARY KEY (provider, billing_account_id, billing_period_start, cost_basis)
)
"""
"""One row per (source, billing period) currently in the cache."""

META_DDL = "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)"
"""Key/value facts about the cache file itself, such as ``schema_version``."""

BUSINESS_METRICS_DDL = """
CREATE TABLE IF NOT EXISTS business_metrics (
    metric VARCHAR NOT NULL,            -- series name, e.g. transactions, active_customers
    day DATE NOT NULL,                  -- the day the value belongs to
    value DOUBLE NOT NULL,              -- units that day (a count, never money; never negative)
    imported_at TIMESTAMP NOT NULL,     -- wall-clock time of the import (UTC)
    source_file VARCHAR NOT NULL        -- file name (not path) the point came from
)
"""
"""Business metric series for unit economics: one row per (metric, day), kept unique by the writer.

Added without a schema-version bump on purpose: the table is additive, every write creates it when
missing (``ensure_schema``), and readers treat a cache without it as one with no metrics, so caches
written before it existed keep opening."""
