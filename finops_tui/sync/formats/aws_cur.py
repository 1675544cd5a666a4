"""AWS Cost and Usage Report (legacy CUR) mapped to FOCUS, plus the CUR rules CUR 2.0 reuses.

Legacy CUR reaches us in two spellings of the same columns: the CSV delivered to S3
(``lineItem/UnblendedCost``, ``resourceTags/user:team``) and the Parquet written for Athena
(``line_item_unblended_cost``, ``resource_tags_user_team``), whose column set changes from month to
month as tags and products come and go. Every source column is therefore looked up by name and a
missing one becomes NULL; nothing assumes a fixed list.

The mapping is three nested SELECTs so each rule is written once: the innermost reads ``src`` into
typed columns named as in the Athena spelling, the middle one derives the charge category and the
commitment behind a row, the outer one computes the FOCUS columns. CUR 2.0 only swaps the innermost
level (its product attributes live in a map column). The rules, and why each was chosen, are in
``docs/mapping-aws.md``; the amortization (EffectiveCost) follows the AWS line item types so that an
RI or Savings Plan fee is counted once: the used part on the usage it covers, the unused part on the
fee line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from finops_tui.sync.formats.base import Header, literal, money, number, quote, text, timestamp
from finops_tui.sync.schema import MONEY

Resolver = Callable[[str, str], tuple[str, str]]
"""Maps (Athena name, legacy CSV name) to (SQL expression over ``src``, its DuckDB type)."""

FIELDS: tuple[tuple[str, str, str], ...] = (
    # (Athena / CUR 2.0 name, legacy CSV name, kind)
    ("bill_payer_account_id", "bill/PayerAccountId", "text"),
    ("bill_payer_account_name", "", "text"),  # CUR 2.0 only
    ("bill_invoice_id", "bill/InvoiceId", "text"),
    ("bill_invoicing_entity", "bill/InvoicingEntity", "text"),
    ("bill_billing_entity", "bill/BillingEntity", "text"),
    ("bill_billing_period_start_date", "bill/BillingPeriodStartDate", "timestamp"),
    ("bill_billing_period_end_date", "bill/BillingPeriodEndDate", "timestamp"),
    ("line_item_usage_account_id", "lineItem/UsageAccountId", "text"),
    ("line_item_usage_account_name", "", "text"),  # CUR 2.0 only
    ("line_item_line_item_type", "lineItem/LineItemType", "text"),
    ("line_item_line_item_description", "lineItem/LineItemDescription", "text"),
    ("line_item_legal_entity", "lineItem/LegalEntity", "text"),
    ("line_item_usage_start_date", "lineItem/UsageStartDate", "timestamp"),
    ("line_item_usage_end_date", "lineItem/UsageEndDate", "timestamp"),
    ("line_item_product_code", "lineItem/ProductCode", "text"),
    ("line_item_usage_type", "lineItem/UsageType", "text"),
    ("line_item_operation", "lineItem/Operation", "text"),
    ("line_item_availability_zone", "lineItem/AvailabilityZone", "text"),
    ("line_item_resource_id", "lineItem/ResourceId", "text"),
    ("line_item_usage_amount", "lineItem/UsageAmount", "number"),
    ("line_item_currency_code", "lineItem/CurrencyCode", "text"),
    ("line_item_unblended_rate", "lineItem/UnblendedRate", "money"),
    ("line_item_unblended_cost", "lineItem/UnblendedCost", "money"),
    ("product_product_name", "product/ProductName", "text"),
    ("product_servicename", "product/servicename", "text"),
    ("product_servicecode", "product/servicecode", "text"),
    ("product_region_code", "product/regionCode", "text"),
    ("product_region", "product/region", "text"),
    ("product_location", "product/location", "text"),
    ("product_instance_type", "product/instanceType", "text"),
    ("product_product_family", "product/productFamily", "text"),
    ("product_volume_api_name", "product/volumeApiName", "text"),
    ("product_marketoption", "product/marketoption", "text"),
    ("product_sku", "product/sku", "text"),
    ("pricing_public_on_demand_cost", "pricing/publicOnDemandCost", "money"),
    ("pricing_public_on_demand_rate", "pricing/publicOnDemandRate", "money"),
    ("pricing_term", "pricing/term", "text"),
    ("pricing_unit", "pricing/unit", "text"),
    ("pricing_rate_code", "pricing/RateCode", "text"),
    ("pricing_rate_id", "pricing/RateId", "text"),
    ("reservation_reservation_a_r_n", "reservation/ReservationARN", "text"),
    ("reservation_effective_cost", "reservation/EffectiveCost", "money"),
    (
        "reservation_unused_amortized_upfront_fee_for_billing_period",
        "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
        "money",
    ),
    ("reservation_unused_recurring_fee", "reservation/UnusedRecurringFee", "money"),
    ("savings_plan_savings_plan_a_r_n", "savingsPlan/SavingsPlanARN", "text"),
    ("savings_plan_savings_plan_effective_cost", "savingsPlan/SavingsPlanEffectiveCost", "money"),
    ("savings_plan_total_commitment_to_date", "savingsPlan/TotalCommitmentToDate", "money"),
    ("savings_plan_used_commitment", "savingsPlan/UsedCommitment", "money"),
)
"""Every CUR column the mapping reads; the first name is also the column's name inside the SQL."""

CUR2_MARKERS = (
    "product",
    "resource_tags",
    "cost_category",
    "discount",
    "bill_payer_account_name",
    "line_item_usage_account_name",
)
"""Columns only CUR 2.0 has: the map columns and the account names (legacy Athena has none of them)."""

_SNAKE_CORE = ("line_item_unblended_cost", "line_item_line_item_type", "line_item_usage_start_date")
_CSV_CORE = ("lineItem/UnblendedCost", "lineItem/LineItemType", "lineItem/UsageStartDate")


def is_snake_cur(header: Header) -> bool:
    """True for a CUR in Athena / CUR 2.0 spelling (legacy Athena Parquet or CUR 2.0)."""
    return header.has(*_SNAKE_CORE)


def is_cur2(header: Header) -> bool:
    """True for CUR 2.0 (Data Exports): snake_case plus a column legacy CUR never has."""
    return is_snake_cur(header) and header.has_any(*CUR2_MARKERS)


def typed(kind: str, expr: str, sql_type: str) -> str:
    """SQL: ``expr`` (of DuckDB type ``sql_type``) converted to the cache type for ``kind``."""
    if kind == "money":
        return money(expr)
    if kind == "number":
        return number(expr)
    if kind == "timestamp":
        if sql_type.upper().startswith(("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ")) and expr != "NULL":
            return f"timezone('UTC', {expr})"  # a cast through text would follow the session time zone
        return timestamp(expr)
    return text(expr)


def tags_from_columns(pairs: Iterable[tuple[str, str]]) -> str:
    """SQL: a tag map from one column per tag; ``pairs`` are (tag key, quoted column), first key wins."""
    seen: dict[str, str] = {}
    for key, col in pairs:
        seen.setdefault(key, col)
    if not seen:
        return "NULL"
    items = ", ".join(f"{{'key': {literal(k)}, 'value': {text(c)}}}" for k, c in seen.items())
    entries = f"list_filter([{items}], lambda e: e.value IS NOT NULL)"
    return f"CASE WHEN len({entries}) = 0 THEN NULL ELSE map_from_entries({entries}) END"


def normalized_tag_key(name: str) -> str:
    """``user_cost_center`` → ``cost_center``, ``aws_created_by`` → ``aws:created_by`` (Athena/CUR 2.0)."""
    if name.startswith("user_"):
        return name[5:]
    if name.startswith("aws_"):
        return "aws:" + name[4:]
    return name


_DISCOUNTS = "'BundledDiscount', 'Discount', 'EdpDiscount', 'PrivateRateDiscount', 'DistributorDiscount'"
_SP_LINES = (
    "'SavingsPlanCoveredUsage', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee', 'SavingsPlanNegation'"
)

_DERIVED = f"""
    CASE WHEN lt IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation')
         THEN 'Usage'
         WHEN lt = 'Tax' THEN 'Tax'
         WHEN lt IN ('Fee', 'RIFee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee') THEN 'Purchase'
         WHEN lt IN ('Credit', 'Refund', {_DISCOUNTS}) THEN 'Credit'
         ELSE 'Adjustment' END AS charge_category,
    CASE WHEN lt IN ('DiscountedUsage', 'RIFee')
              OR (lt = 'Fee' AND reservation_reservation_a_r_n IS NOT NULL) THEN 'ri'
         WHEN lt IN ({_SP_LINES}) OR (lt = 'Fee' AND savings_plan_savings_plan_a_r_n IS NOT NULL) THEN 'sp'
         END AS commitment"""
"""The charge category and the commitment (RI or Savings Plan) behind each line item type."""

_RULES = f"""
  'AWS' AS ProviderName,
  coalesce(line_item_legal_entity, 'Amazon Web Services, Inc.') AS PublisherName,
  coalesce(bill_invoicing_entity,
           CASE WHEN coalesce(bill_billing_entity, 'AWS') = 'AWS' THEN line_item_legal_entity END)
    AS InvoiceIssuerName,
  bill_invoice_id AS InvoiceId,
  bill_payer_account_id AS BillingAccountId,
  bill_payer_account_name AS BillingAccountName,
  line_item_usage_account_id AS SubAccountId,
  line_item_usage_account_name AS SubAccountName,
  line_item_currency_code AS BillingCurrency,
  bill_billing_period_start_date AS BillingPeriodStart,
  bill_billing_period_end_date AS BillingPeriodEnd,
  line_item_usage_start_date AS ChargePeriodStart,
  line_item_usage_end_date AS ChargePeriodEnd,
  charge_category AS ChargeCategory,
  line_item_line_item_description AS ChargeDescription,
  CASE WHEN lt IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Recurring'
       WHEN charge_category = 'Usage' OR lt IN ({_DISCOUNTS}) THEN 'Usage-Based'
       ELSE 'One-Time' END AS ChargeFrequency,
  line_item_unblended_cost AS BilledCost,
  CAST(CASE
    WHEN lt = 'DiscountedUsage' THEN coalesce(reservation_effective_cost, line_item_unblended_cost)
    WHEN lt = 'RIFee' AND reservation_unused_amortized_upfront_fee_for_billing_period IS NULL
         AND reservation_unused_recurring_fee IS NULL THEN line_item_unblended_cost
    WHEN lt = 'RIFee' THEN coalesce(reservation_unused_amortized_upfront_fee_for_billing_period, 0)
                           + coalesce(reservation_unused_recurring_fee, 0)
    WHEN lt = 'SavingsPlanCoveredUsage'
         THEN coalesce(savings_plan_savings_plan_effective_cost, line_item_unblended_cost)
    WHEN lt = 'SavingsPlanRecurringFee' THEN coalesce(
         savings_plan_total_commitment_to_date - savings_plan_used_commitment, line_item_unblended_cost)
    WHEN lt IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN 0
    WHEN lt = 'Fee' AND commitment IS NOT NULL THEN 0
    ELSE line_item_unblended_cost END AS {MONEY}) AS EffectiveCost,
  CAST(CASE
    WHEN lt = 'SavingsPlanNegation' OR lt IN ({_DISCOUNTS}) THEN 0
    WHEN charge_category = 'Usage' AND pricing_public_on_demand_cost <> 0 THEN pricing_public_on_demand_cost
    WHEN charge_category = 'Usage' AND pricing_public_on_demand_cost = 0
         AND line_item_unblended_cost <= 0 THEN 0
    ELSE line_item_unblended_cost END AS {MONEY}) AS ListCost,
  CAST(CASE
    WHEN lt = 'SavingsPlanNegation' THEN 0
    WHEN lt = 'DiscountedUsage' THEN coalesce(pricing_public_on_demand_cost, line_item_unblended_cost)
    ELSE line_item_unblended_cost END AS {MONEY}) AS ContractedCost,
  CASE WHEN charge_category = 'Usage' THEN pricing_public_on_demand_rate END AS ListUnitPrice,
  CASE WHEN lt = 'DiscountedUsage' THEN pricing_public_on_demand_rate
       WHEN lt IN ('Usage', 'SavingsPlanCoveredUsage') THEN line_item_unblended_rate END
    AS ContractedUnitPrice,
  CASE WHEN charge_category = 'Tax' THEN NULL
       WHEN charge_category IN ('Credit', 'Adjustment') THEN 'Other'
       WHEN commitment IS NOT NULL OR pricing_term IN ('Reserved', 'Savings Plan') THEN 'Committed'
       WHEN pricing_term = 'Spot' OR product_marketoption = 'Spot'
            OR line_item_usage_type LIKE '%SpotUsage%' THEN 'Dynamic'
       ELSE 'Standard' END AS PricingCategory,
  line_item_usage_amount AS PricingQuantity,
  pricing_unit AS PricingUnit,
  CASE WHEN charge_category = 'Usage' THEN line_item_usage_amount END AS ConsumedQuantity,
  CASE WHEN charge_category = 'Usage' THEN pricing_unit END AS ConsumedUnit,
  coalesce(product_product_name, product_servicename, line_item_product_code) AS ServiceName,
  coalesce(product_region_code, product_region) AS RegionId,
  product_location AS RegionName,
  line_item_availability_zone AS AvailabilityZone,
  line_item_resource_id AS ResourceId,
  product_sku AS SkuId,
  coalesce(pricing_rate_code, pricing_rate_id) AS SkuPriceId,
  CASE commitment WHEN 'ri' THEN reservation_reservation_a_r_n
                  WHEN 'sp' THEN savings_plan_savings_plan_a_r_n END AS CommitmentDiscountId,
  CASE commitment WHEN 'ri' THEN 'Reserved Instance' WHEN 'sp' THEN 'Savings Plan' END
    AS CommitmentDiscountType,
  CASE commitment WHEN 'ri' THEN 'Usage' WHEN 'sp' THEN 'Spend' END AS CommitmentDiscountCategory,
  CASE WHEN lt IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Used'
       WHEN lt IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Unused' END AS CommitmentDiscountStatus,
  tags AS Tags,
  'full' AS x_CostBasis,
  line_item_unblended_cost AS x_SourceCost,
  'line-item' AS x_Grain,
  lt AS x_LineItemType,
  line_item_usage_type AS x_UsageType,
  line_item_operation AS x_Operation,
  line_item_product_code AS x_ProductCode,
  product_instance_type AS x_InstanceType,
  product_product_family AS x_ProductFamily,
  pricing_term AS x_PricingModel,
  coalesce(product_volume_api_name,
           CASE WHEN line_item_usage_type LIKE '%EBS:VolumeUsage' THEN 'standard' END,
           NULLIF(regexp_extract(line_item_usage_type, 'EBS:VolumeUsage\\.(\\w+)$', 1), ''))
    AS x_VolumeType"""
"""The FOCUS columns, computed from the typed CUR columns (see docs/mapping-aws.md for each rule)."""


def cur_select(resolve: Resolver, tags: str, source_name: str) -> str:
    """The full CUR → FOCUS SELECT over ``src``, given how to read each column and the tag map."""
    inner = {name: typed(kind, *resolve(name, csv)) for name, csv, kind in FIELDS}
    inner.update(lt=inner["line_item_line_item_type"], tags=tags)
    typed_sql = ",\n    ".join(f"{expr} AS {quote(name)}" for name, expr in inner.items())
    return (
        f"SELECT{_RULES},\n  {literal(source_name)} AS x_Source\n"
        f"FROM (SELECT *,{_DERIVED}\nFROM (SELECT\n    {typed_sql}\n  FROM src) AS typed) AS cur"
    )


@dataclass(frozen=True)
class AwsCurFormat:
    """Legacy AWS CUR: the S3 CSV (slash headers) or the Athena Parquet (snake_case)."""

    name: str = "aws-cur"

    def matches(self, header: Header) -> bool:
        """Slash-header CSV, or snake_case Parquet without any CUR 2.0-only column."""
        return header.has(*_CSV_CORE) or (is_snake_cur(header) and not is_cur2(header))

    def select_sql(self, header: Header) -> str:
        """Map either spelling with the shared CUR rules; tags come from one column per tag."""

        def resolve(snake: str, csv: str) -> tuple[str, str]:
            found = header.find(csv, snake)
            return (quote(found), header.type_of(found)) if found else ("NULL", "VARCHAR")

        return cur_select(resolve, tags_from_columns(_tag_columns(header)), self.name)


def _tag_columns(header: Header) -> list[tuple[str, str]]:
    """(tag key, quoted column) for every per-tag column, in file order.

    ``resourceTags/user:team`` → ``team`` and ``resourceTags/aws:createdBy`` stays ``aws:createdBy``
    (the CSV keeps the original key); Athena lower-cases keys into ``resource_tags_user_team`` → ``team``
    and ``resource_tags_aws_created_by`` → ``aws:created_by``.
    """
    pairs: list[tuple[str, str]] = []
    for column in header.columns:
        lower = column.lower()
        if lower.startswith("resourcetags/"):
            key = column[len("resourceTags/") :]
            pairs.append((key[5:] if key.startswith("user:") else key, quote(column)))
        elif lower.startswith("resource_tags_"):
            pairs.append((normalized_tag_key(column[len("resource_tags_") :]), quote(column)))
    return pairs
