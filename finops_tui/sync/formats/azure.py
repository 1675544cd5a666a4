"""Azure cost details exports (EA, MCA, legacy usage details) mapped to FOCUS in one SQL statement.

Before FOCUS exports, Azure delivered two datasets with one and the same header: *actual* cost (the
invoice view: a reservation or savings plan purchase appears when bought and the usage it covers is
priced 0) and *amortized* cost (no commitment purchases; covered usage carries its share of the
purchase, and unused commitment hours appear as ``UnusedReservation``/``UnusedSavingsPlan`` rows).
The header cannot tell them apart, so :func:`detect_dataset` reads the file name, else the content.

Each row keeps Azure's own cost in ``x_SourceCost`` and its dataset in ``x_CostBasis``, and fills both
BilledCost and EffectiveCost with it. The importer then pairs the datasets per billing period
(``finops_tui/sync/periods.py``): actual → BilledCost, amortized → EffectiveCost, so a month imported
from both files is neither counted twice nor missing its purchases. docs/mapping-azure.md lists every
column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import duckdb

from finops_tui.sync.formats import azure_sql as az
from finops_tui.sync.formats.base import Header, literal, money, number, select_list

DATASETS = ("actual", "amortized")
"""The two Azure cost datasets, as stored in ``x_CostBasis``."""

COST = ("CostInBillingCurrency", "Cost", "PreTaxCost")
DATE = ("Date", "UsageDateTime", "UsageDate")
QUANTITY = ("Quantity", "UsageQuantity", "ConsumedQuantity")
_FOCUS_ONLY = ("BilledCost", "EffectiveCost")
_AZURE_ONLY = ("MeterCategory", "MeterId", "MeterName", "ConsumedService")
_SUBSCRIPTION = ("SubscriptionId", "SubscriptionGuid")
_MCA_ONLY = (
    "InvoiceId", "PreviousInvoiceId", "CostInPricingCurrency", "ExchangeRatePricingToBilling",
    "PricingCurrency", "ServicePeriodStartDate", "ResellerMpnId",
)  # fmt: skip
_COMMITMENT_ID = ("benefitId", "ReservationId")


@dataclass(frozen=True)
class AzureCostFormat:
    """Azure cost details: EA (PascalCase), MCA (camelCase) and the older usage-details layout.

    ``name`` is the family; :meth:`source_name` gives the concrete variant written to ``x_Source``
    (``azure-ea``, ``azure-mca`` or ``azure-legacy``).
    """

    name: str = "azure"

    def matches(self, header: Header) -> bool:
        """Azure headers have a cost, a date, a meter and a subscription, and no FOCUS cost columns."""
        c = az.Columns(header)
        return (
            not c.has_any(*_FOCUS_ONLY)
            and c.has_any(*COST)
            and c.has_any(*DATE)
            and c.has_any(*_AZURE_ONLY)
            and c.has_any(*_SUBSCRIPTION)
        )

    def source_name(self, header: Header) -> str:
        """``azure-legacy``, ``azure-mca`` or ``azure-ea`` (pay-as-you-go files use the EA spelling)."""
        c = az.Columns(header)
        if c.find(*DATE) == c.find("UsageDateTime") or c.find(*COST) == c.find("PreTaxCost"):
            return "azure-legacy"
        return "azure-mca" if c.has_any(*_MCA_ONLY) else "azure-ea"

    def detect_dataset(self, con: duckdb.DuckDBPyConnection, header: Header, file_name: str) -> str:
        """``actual`` or ``amortized`` for the file exposed as ``src`` (see :func:`detect_dataset`)."""
        return detect_dataset(con, header, file_name)

    def select_sql(self, header: Header, dataset: str = "actual") -> str:
        """The FOCUS mapping over ``src``; ``dataset`` is the file's ``actual``/``amortized`` basis."""
        if dataset not in DATASETS:
            raise ValueError(f"dataset must be one of {DATASETS}, not {dataset!r}")
        c = az.Columns(header)
        source = self.source_name(header)
        inner = select_list(_normalised(c, source))
        outer = select_list(_focus_columns(c, source, dataset))
        return f"SELECT\n  {outer}\nFROM (SELECT src.*,\n  {inner}\nFROM src) AS a"


def _normalised(c: az.Columns, source: str) -> list[tuple[str, str]]:
    """Helper columns computed once per row (prefixed ``__az_`` so they cannot clash with Azure's).

    Each is cast to its type so a column the file lacks is a typed NULL, not DuckDB's untyped one.
    """
    mca = source == "azure-mca"
    exchange = c.col("ExchangeRatePricingToBilling")
    rate = f"coalesce({az.decimal(exchange)}, 1)" if exchange != "NULL" else "1"
    account = ("BillingProfileId", "BillingAccountId") if mca else ("BillingAccountId", "EnrollmentNumber")
    price = "DECIMAL(38, 10)"
    helpers = [
        ("__az_cost", money(c.col(*COST)), price),
        ("__az_qty", az.decimal(c.col(*QUANTITY), 12), "DECIMAL(38, 12)"),
        ("__az_unit_price", f"{money(c.col('UnitPrice', 'ResourceRate'))} * {rate}", price),
        ("__az_payg_price", f"{money(c.col('PayGPrice'))} * {rate}", price),
        ("__az_ct", az.norm(c.txt("ChargeType")), "VARCHAR"),
        ("__az_pm", az.norm(c.txt("PricingModel")), "VARCHAR"),
        ("__az_date", az.day(c.col(*DATE)), "TIMESTAMP"),
        ("__az_bps", az.day(c.col("BillingPeriodStartDate")), "TIMESTAMP"),
        ("__az_bpe", az.day(c.col("BillingPeriodEndDate")), "TIMESTAMP"),
        ("__az_rid", c.txt("ResourceId", "InstanceId", "InstanceName"), "VARCHAR"),
        ("__az_cid", c.txt(*_COMMITMENT_ID), "VARCHAR"),
        ("__az_sub", c.txt(*_SUBSCRIPTION), "VARCHAR"),
        ("__az_account", c.txt(*account), "VARCHAR"),
    ]
    return [(name, f"CAST({expr} AS {sql_type})") for name, expr, sql_type in helpers]


def _focus_columns(c: az.Columns, source: str, dataset: str) -> list[tuple[str, str]]:
    """(FOCUS column, SQL over the ``__az_`` helpers and the raw columns) for every mapped column."""
    mca, legacy = source == "azure-mca", source == "azure-legacy"
    ct, pm, qty = "a.__az_ct", "a.__az_pm", "a.__az_qty"
    cost, charge_day, rid = "a.__az_cost", "a.__az_date", "a.__az_rid"
    quantity = number(c.col(*QUANTITY))
    contracted = f"coalesce(a.__az_unit_price * {qty}, {cost})"
    paygcost = c.col("PaygCostInBillingCurrency")
    payg = f"coalesce(a.__az_payg_price * {qty}, {cost})"
    list_cost = (
        f"coalesce({money(paygcost)}, {contracted})"
        if paygcost != "NULL"
        else f"CASE WHEN a.__az_payg_price > 0 OR {cost} = 0 THEN {payg} ELSE {contracted} END"
    )
    usage = f"coalesce({ct}, 'usage') = 'usage'"
    unit = c.txt("UnitOfMeasure")
    meter_category = c.txt("MeterCategory")
    pub, pub_type = c.txt("PublisherName"), az.norm(c.txt("PublisherType"))
    period_start = f"coalesce(a.__az_bps, date_trunc('month', {charge_day}))"
    commitment_type = az.commitment_type(ct, pm, c.txt("benefitId"), "a.__az_cid")
    return [
        ("ProviderName", "'Microsoft'"),
        (
            "PublisherName",
            f"CASE WHEN {pub} IS NOT NULL THEN {pub} WHEN {pub_type} = 'marketplace' "
            "THEN NULL ELSE 'Microsoft' END",
        ),
        ("InvoiceIssuerName", f"coalesce({c.txt('PartnerName')}, 'Microsoft')"),
        ("InvoiceId", c.txt("InvoiceId")),
        ("BillingAccountId", "coalesce(a.__az_account, a.__az_sub)" if legacy else "a.__az_account"),
        (
            "BillingAccountName",
            c.txt(*(("BillingProfileName", "BillingAccountName") if mca else ("BillingAccountName",))),
        ),
        (
            "BillingAccountType",
            "NULL" if legacy else literal("Billing Profile" if mca else "Billing Account"),
        ),
        ("SubAccountId", "a.__az_sub"),
        ("SubAccountName", c.txt("SubscriptionName")),
        ("SubAccountType", "'Subscription'"),
        ("BillingCurrency", c.txt("BillingCurrencyCode", "BillingCurrency", "Currency")),
        ("BillingPeriodStart", period_start),
        (
            "BillingPeriodEnd",
            f"CASE WHEN a.__az_bpe IS NULL THEN {period_start} + INTERVAL 1 MONTH "
            "WHEN a.__az_bpe = a.__az_bps + INTERVAL 1 MONTH THEN a.__az_bpe "
            "ELSE a.__az_bpe + INTERVAL 1 DAY END",
        ),
        ("ChargePeriodStart", charge_day),
        ("ChargePeriodEnd", f"{charge_day} + INTERVAL 1 DAY"),
        ("ChargeCategory", az.charge_category(ct)),
        ("ChargeClass", f"CASE WHEN {ct} = 'refund' THEN 'Correction' END"),
        ("ChargeDescription", c.txt("ProductName", "Product", "MeterName")),
        ("ChargeFrequency", az.charge_frequency(c.txt("Frequency"))),
        ("BilledCost", cost),
        ("EffectiveCost", cost),
        ("ListCost", list_cost),
        ("ContractedCost", contracted),
        ("ListUnitPrice", "a.__az_payg_price"),
        ("ContractedUnitPrice", "a.__az_unit_price"),
        ("PricingCategory", az.pricing_category(pm)),
        ("PricingQuantity", quantity),
        ("PricingUnit", unit),
        ("ConsumedQuantity", f"CASE WHEN {usage} THEN {quantity} END"),
        ("ConsumedUnit", f"CASE WHEN {usage} THEN {unit} END"),
        ("ServiceName", f"coalesce({meter_category}, {c.txt('ConsumedService')})"),
        ("ServiceCategory", az.service_category(meter_category)),
        ("ServiceSubcategory", "NULL"),
        ("RegionId", f"lower(replace({c.txt('ResourceLocation')}, ' ', ''))"),
        ("RegionName", c.txt("MeterRegion")),
        ("AvailabilityZone", c.txt("AvailabilityZone")),
        ("ResourceId", rid),
        ("ResourceName", f"coalesce({c.txt('ResourceName')}, {az.last_segment(rid)})"),
        ("ResourceType", f"coalesce(lower({c.txt('ResourceType')}), {az.resource_type(rid)})"),
        ("SkuId", c.txt("MeterId", "PartNumber", "ProductId")),
        ("SkuMeter", c.txt("MeterName")),
        ("CommitmentDiscountId", "a.__az_cid"),
        ("CommitmentDiscountName", c.txt("benefitName", "ReservationName")),
        ("CommitmentDiscountType", commitment_type),
        (
            "CommitmentDiscountCategory",
            f"CASE {commitment_type} WHEN 'Reservation' THEN 'Usage' WHEN 'Savings Plan' THEN 'Spend' END",
        ),
        ("CommitmentDiscountStatus", az.commitment_status(ct, pm)),
        ("Tags", az.tags(c.col("Tags"))),
        ("x_Source", literal(source)),
        ("x_CostBasis", literal(dataset)),
        ("x_SourceCost", cost),
        ("x_Grain", "'line-item'"),
        ("x_LineItemType", c.txt("ChargeType")),
        ("x_UsageType", c.txt("MeterName")),
        ("x_ProductCode", c.txt("ConsumedService")),
        ("x_InstanceType", az.json_field(c.txt("AdditionalInfo"), "ServiceType")),
        ("x_ProductFamily", meter_category),
        ("x_ResourceGroup", c.txt("ResourceGroup", "ResourceGroupName")),
        ("x_PricingModel", c.txt("PricingModel")),
    ]


def dataset_from_name(file_name: str) -> str | None:
    """``amortized`` or ``actual`` when the file name says so (``AmortizedCost``, ``ActualCost``)."""
    name = PurePath(file_name).name.lower()
    if "amortized" in name or "amortised" in name:
        return "amortized"
    if "actual" in name:
        return "actual"
    return None


def dataset_from_content(con: duckdb.DuckDBPyConnection, header: Header) -> str | None:
    """``actual``/``amortized`` when the rows of ``src`` are decisive, else None.

    Strong signs: a commitment purchase exists only in actual data, an unused-commitment row only in
    amortized data. Weaker: commitment-covered usage is priced 0 in actual data and carries its share
    of the purchase in amortized data (a tiny share can round to 0, hence a majority vote).
    """
    c = az.Columns(header)
    ct, pm = az.norm(c.txt("ChargeType")), az.norm(c.txt("PricingModel"))
    if ct == "NULL" or pm == "NULL":
        return None  # legacy usage details: actual cost only
    cost = f"TRY_CAST({c.txt(*COST)} AS DECIMAL(38, 10))"
    covered = f"coalesce(ct, 'usage') = 'usage' AND pm IN {az.COMMITTED}"
    row = con.execute(
        f"SELECT count(*) FILTER (WHERE ct = 'purchase' AND (pm IN {az.COMMITTED} OR cid IS NOT NULL)), "
        "count(*) FILTER (WHERE ct IN ('unusedreservation', 'unusedsavingsplan')), "
        f"count(*) FILTER (WHERE {covered} AND cost = 0), count(*) FILTER (WHERE {covered} AND cost <> 0) "
        f"FROM (SELECT {ct} AS ct, {pm} AS pm, {c.txt(*_COMMITMENT_ID)} AS cid, {cost} AS cost FROM src)"
    ).fetchone()
    purchases, unused, covered_free, covered_priced = row if row else (0, 0, 0, 0)
    if purchases and not unused:
        return "actual"
    if unused and not purchases:
        return "amortized"
    if covered_priced != covered_free:
        return "amortized" if covered_priced > covered_free else "actual"
    return None


def detect_dataset(con: duckdb.DuckDBPyConnection, header: Header, file_name: str) -> str:
    """Whether the file exposed as ``src`` is Azure ``actual`` or ``amortized`` cost data.

    The file name decides first (exports are usually named after their metric), then the content;
    anything undecided is ``actual``, the dataset that matches the invoice. A name that only says
    ``Usage`` is treated as undecided so that decisive content can still win.
    """
    return dataset_from_name(file_name) or dataset_from_content(con, header) or "actual"
