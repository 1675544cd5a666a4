"""Hand-made Azure cost details files for tests (EA, MCA camelCase, legacy), every figure chosen by hand."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb

from finops_tui.sync.formats.azure import AzureCostFormat
from finops_tui.sync.formats.base import Header
from finops_tui.sync.reader import open_source

EA_SAMPLES = "finops-toolkit-ea-cost-small"


def columns(line: str) -> tuple[str, ...]:
    """Column names from a header line written as Azure writes it."""
    return tuple(line.split(","))


MCA_HEADER = columns(
    "invoiceId,billingAccountId,billingAccountName,billingProfileId,billingProfileName,"
    "billingPeriodStartDate,billingPeriodEndDate,date,serviceFamily,consumedService,meterId,meterName,"
    "meterCategory,meterRegion,ProductId,ProductName,SubscriptionId,subscriptionName,publisherType,"
    "publisherName,resourceGroupName,ResourceId,resourceLocation,effectivePrice,quantity,unitOfMeasure,"
    "chargeType,billingCurrency,pricingCurrency,costInBillingCurrency,costInPricingCurrency,"
    "paygCostInBillingCurrency,exchangeRatePricingToBilling,additionalInfo,tags,PayGPrice,frequency,"
    "pricingModel,unitPrice,benefitId,benefitName"
)

LEGACY_HEADER = columns(
    "SubscriptionGuid,ResourceGroup,ResourceLocation,UsageDateTime,MeterCategory,MeterSubCategory,MeterId,"
    "MeterName,MeterRegion,UsageQuantity,ResourceRate,PreTaxCost,ConsumedService,ResourceType,InstanceId,"
    "Tags,OfferId,AdditionalInfo,ServiceInfo1,ServiceInfo2,ServiceName,ServiceTier,Currency,UnitOfMeasure"
)

VM = "/subscriptions/{sub}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-{n}"
SP = "/providers/Microsoft.BillingBenefits/savingsPlanOrders/o1/savingsPlans/sp1"
SUB_A = "00000000-0000-0000-0000-0000000000aa"
SUB_B = "00000000-0000-0000-0000-0000000000bb"


def mca_row(**values: str) -> dict[str, str]:
    """One MCA usage row in EUR priced in USD at 0.9; keyword arguments override columns."""
    row = {
        "invoiceId": "", "billingAccountId": "acct-1:2024", "billingAccountName": "Contoso",
        "billingProfileId": "BP-7", "billingProfileName": "Contoso EU",
        "billingPeriodStartDate": "2024-03-01", "billingPeriodEndDate": "2024-03-31",
        "date": "2024-03-05T00:00:00Z", "serviceFamily": "Compute",
        "consumedService": "Microsoft.Compute", "meterId": "m-1", "meterName": "D2s v3",
        "meterCategory": "Virtual Machines", "meterRegion": "EU West", "ProductId": "DZH318Z0BQ4L",
        "ProductName": "Virtual Machines Dsv3 Series", "SubscriptionId": SUB_A, "subscriptionName": "prod",
        "publisherType": "Microsoft", "publisherName": "Microsoft", "resourceGroupName": "rg-app",
        "ResourceId": VM.format(sub=SUB_A, n=1), "resourceLocation": "West Europe", "effectivePrice": "0.1",
        "quantity": "10", "unitOfMeasure": "1 Hour", "chargeType": "Usage", "billingCurrency": "EUR",
        "pricingCurrency": "USD", "costInBillingCurrency": "0.9", "costInPricingCurrency": "1",
        "paygCostInBillingCurrency": "1.08", "exchangeRatePricingToBilling": "0.9",
        "additionalInfo": '{"ServiceType": "Standard_D2s_v3"}', "tags": '{"team": "data", "env": "prod"}',
        "PayGPrice": "0.12", "frequency": "UsageBased", "pricingModel": "OnDemand", "unitPrice": "0.11",
        "benefitId": "", "benefitName": "",
    }  # fmt: skip
    row.update(values)
    return row


def legacy_row(**values: str) -> dict[str, str]:
    """One legacy usage-details row (UsageDateTime, PreTaxCost, InstanceId, Currency)."""
    row = {
        "SubscriptionGuid": SUB_B, "ResourceGroup": "rg-old", "ResourceLocation": "EastUS",
        "UsageDateTime": "2019-06-03T00:00:00.0000000Z", "MeterCategory": "Storage",
        "MeterSubCategory": "General Block Blob", "MeterId": "m-9", "MeterName": "LRS Data Stored",
        "MeterRegion": "US East", "UsageQuantity": "100", "ResourceRate": "0.02", "PreTaxCost": "2",
        "ConsumedService": "Microsoft.Storage", "ResourceType": "Microsoft.Storage/storageAccounts",
        "InstanceId": f"/subscriptions/{SUB_B}/resourceGroups/rg-old/providers/Microsoft.Storage/"
        "storageAccounts/stold", "Tags": '"owner": "ops"', "OfferId": "MS-AZR-0003P", "AdditionalInfo": "",
        "ServiceInfo1": "", "ServiceInfo2": "", "ServiceName": "Storage", "ServiceTier": "Standard",
        "Currency": "USD", "UnitOfMeasure": "1 GB/Month",
    }  # fmt: skip
    row.update(values)
    return row


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[dict[str, str]], *, bom: bool = False
) -> Path:
    """Write an export CSV the way Azure does (comma, double quotes, optional UTF-8 BOM)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(header), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@contextmanager
def mapped(path: Path, dataset: str | None = None) -> Iterator[tuple[duckdb.DuckDBPyConnection, Header]]:
    """``path`` read by the real reader and mapped into table ``t`` (dataset detected when None)."""
    con = duckdb.connect()
    try:
        header = open_source(con, path)
        fmt = AzureCostFormat()
        chosen = dataset or fmt.detect_dataset(con, header, path.name)
        con.execute(f"CREATE TABLE t AS {fmt.select_sql(header, chosen)}")
        yield con, header
    finally:
        con.close()
