"""Azure cost details → FOCUS: known answers from the real EA samples and hand-made MCA/legacy files."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.sync.formats import detect
from finops_tui.sync.formats.azure import AzureCostFormat, detect_dataset
from finops_tui.sync.formats.base import Header
from finops_tui.sync.formats.focus import FocusFormat
from tests.azure_csv import (
    EA_SAMPLES,
    LEGACY_HEADER,
    MCA_HEADER,
    SP,
    SUB_A,
    SUB_B,
    legacy_row,
    mapped,
    mca_row,
    write_csv,
)
from tests.conftest import dataset
from tests.focus_csv import HEADER as FOCUS_HEADER

ACTUAL = f"{EA_SAMPLES}/EA_ActualCost_Small.csv"
AMORTIZED = f"{EA_SAMPLES}/EA_AmortizedCost_Small.csv"
CENT = Decimal("0.01")


def one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0] if len(row) == 1 else row


def test_actual_sample_known_totals() -> None:
    with mapped(dataset(ACTUAL)) as (con, _):
        totals = one(con, "SELECT count(*), sum(x_SourceCost), sum(BilledCost), sum(EffectiveCost) FROM t")
        assert totals == (11, Decimal("8.5450077867"), Decimal("8.5450077867"), Decimal("8.5450077867"))
        assert Decimal(str(one(con, "SELECT sum(BilledCost) FROM t"))).quantize(CENT) == Decimal("8.55")
        assert one(con, "SELECT count(DISTINCT SubAccountId) FROM t") == 4
        assert one(con, "SELECT DISTINCT x_Source || '/' || x_CostBasis FROM t") == "azure-ea/actual"
        purchase = one(
            con,
            "SELECT BilledCost, CommitmentDiscountType, CommitmentDiscountName, ChargePeriodStart, "
            "ChargePeriodEnd, SubAccountId FROM t WHERE ChargeCategory = 'Purchase'",
        )
        assert purchase == (
            Decimal("3.2500000000"), "Reservation", "VM_RI_06-21-2023_18-56",
            datetime(2023, 9, 21), datetime(2023, 9, 22), "1caaa5a3-2b66-438e-8ab4-bce37d518c5d",
        )  # fmt: skip


def test_ids_stay_text_and_dates_are_month_first() -> None:
    with mapped(dataset(ACTUAL)) as (con, _):
        kinds = one(con, "SELECT DISTINCT typeof(BillingAccountId) || ' ' || BillingAccountId FROM t")
        assert kinds == "VARCHAR 8611537"
        days = con.execute("SELECT DISTINCT ChargePeriodStart FROM t ORDER BY 1").fetchall()
        assert [d[0] for d in days] == [datetime(2023, 9, 4), datetime(2023, 9, 5), datetime(2023, 9, 21)]
        periods = one(con, "SELECT DISTINCT (BillingPeriodStart, BillingPeriodEnd) FROM t")
        assert periods == (datetime(2023, 9, 1), datetime(2023, 10, 1))


def test_amortized_sample_known_totals_and_commitments() -> None:
    with mapped(dataset(AMORTIZED)) as (con, _):
        totals = one(con, "SELECT count(*), sum(x_SourceCost), count(DISTINCT SubAccountId) FROM t")
        assert totals == (28, Decimal("16.2969321366"), 5)
        assert one(con, "SELECT min(ChargePeriodStart), max(ChargePeriodStart) FROM t") == (
            datetime(2023, 9, 3),
            datetime(2023, 9, 22),
        )
        assert one(con, "SELECT count(*) FROM t WHERE ChargeCategory = 'Purchase'") == 0
        committed = con.execute(
            "SELECT CommitmentDiscountType, CommitmentDiscountCategory, CommitmentDiscountStatus, "
            "PricingCategory, x_SourceCost FROM t WHERE CommitmentDiscountId IS NOT NULL ORDER BY 1"
        ).fetchall()
        assert committed == [
            ("Reservation", "Usage", "Used", "Committed", Decimal("0.4931520000")),
            ("Savings Plan", "Spend", "Used", "Committed", Decimal("0.0060000005")),
        ]


def test_brace_less_sample_tags_and_resource_details() -> None:
    with mapped(dataset(ACTUAL)) as (con, _):
        tags = one(con, "SELECT Tags FROM t WHERE ResourceName = 'dbstoragewp6hglwvvrad2'")
        assert tags == {
            "CostCenter": "1234", "env": "prod", "org": "trey", "application": "databricks",
            "databricks-environment": "true",
        }  # fmt: skip
        assert (
            one(con, "SELECT Tags['org'] FROM t WHERE Tags['CostCenter'] = 'SubACM' AND Tags['org'] = ''")
            == ""
        )
        vm = one(
            con,
            "SELECT x_InstanceType, ResourceType, RegionId, ServiceCategory FROM t "
            "WHERE SkuMeter = 'D2 v3/D2s v3'",
        )
        assert vm == (
            "Standard_D2s_v3",
            "microsoft.compute/capacityreservationgroups/capacityreservations",
            "southcentralus",
            "Compute",
        )
        assert one(con, "SELECT ResourceName FROM t WHERE ChargeCategory = 'Purchase'") is None


@pytest.mark.parametrize(
    ("relative", "expected"),
    [(ACTUAL, "actual"), (AMORTIZED, "amortized")],
)
def test_dataset_detected_from_name_and_from_content(relative: str, expected: str) -> None:
    path = dataset(relative)
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW src AS SELECT * FROM read_csv('{path}', all_varchar=true, header=true, "
        "nullstr=['NULL', ''])"
    )
    described = con.execute("DESCRIBE src").fetchall()
    assert described[0][0] == "BillingAccountId"  # DuckDB drops the file's UTF-8 BOM itself
    header = Header(tuple(r[0] for r in described), {r[0]: r[1] for r in described}, path.name)
    assert detect_dataset(con, header, path.name) == expected
    assert detect_dataset(con, header, "part_0_0001.csv") == expected
    assert detect_dataset(con, header, "UsageDetails.csv") == expected  # "Usage" alone yields to content
    other = "amortized" if expected == "actual" else "actual"
    assert detect_dataset(con, header, f"export-{other.capitalize()}Cost.csv") == other


def test_mca_camel_case_mapping(tmp_path: Path) -> None:
    rows = [
        mca_row(),
        mca_row(chargeType="Refund", costInBillingCurrency="-5", quantity="0", date="03/20/2024"),
        mca_row(
            chargeType="UnusedSavingsPlan", pricingModel="SavingsPlan", costInBillingCurrency="2.7",
            benefitId=SP, benefitName="sp-compute", ResourceId="", tags="", SubscriptionId="",
        ),
    ]  # fmt: skip
    with mapped(write_csv(tmp_path / "part_0_0001.csv", MCA_HEADER, rows)) as (con, header):
        assert AzureCostFormat().source_name(header) == "azure-mca"
        assert one(con, "SELECT DISTINCT x_CostBasis FROM t") == "amortized"  # unused rows: amortized
        usage = one(
            con,
            "SELECT BillingAccountId, BillingAccountName, BillingCurrency, ListCost, ContractedCost, "
            "ChargePeriodStart, BillingPeriodEnd, Tags, RegionId, x_ResourceGroup, ChargeFrequency "
            "FROM t WHERE ChargeCategory = 'Usage' AND CommitmentDiscountId IS NULL",
        )
        assert usage == (
            "BP-7", "Contoso EU", "EUR", Decimal("1.0800000000"), Decimal("0.9900000000"),
            datetime(2024, 3, 5), datetime(2024, 4, 1), {"team": "data", "env": "prod"}, "westeurope",
            "rg-app", "Usage-Based",
        )  # fmt: skip
        refund = one(
            con,
            "SELECT ChargeCategory, ChargeClass, BilledCost, ChargePeriodStart FROM t "
            "WHERE x_LineItemType = 'Refund'",
        )
        assert refund == ("Credit", "Correction", Decimal("-5.0000000000"), datetime(2024, 3, 20))
        unused = one(
            con,
            "SELECT ChargeCategory, CommitmentDiscountStatus, CommitmentDiscountType, Tags, SubAccountId "
            "FROM t WHERE x_LineItemType = 'UnusedSavingsPlan'",
        )
        assert unused == ("Usage", "Unused", "Savings Plan", None, None)
        assert one(con, "SELECT sum(x_SourceCost) FROM t") == Decimal("-1.4000000000")


def test_legacy_usage_details(tmp_path: Path) -> None:
    rows = [legacy_row(), legacy_row(UsageDateTime="06/30/2019", PreTaxCost="0.25", Tags="")]
    with mapped(write_csv(tmp_path / "usage.csv", LEGACY_HEADER, rows, bom=True)) as (con, header):
        assert header.columns[0] == "SubscriptionGuid"
        assert AzureCostFormat().source_name(header) == "azure-legacy"
        got = con.execute(
            "SELECT x_Source, x_CostBasis, BillingAccountId, SubAccountId, BillingCurrency, BilledCost, "
            "ChargePeriodStart, BillingPeriodStart, BillingPeriodEnd, ResourceType, ResourceName, Tags, "
            "PricingCategory, ContractedCost FROM t ORDER BY ChargePeriodStart"
        ).fetchall()
        assert got == [
            ("azure-legacy", "actual", SUB_B, SUB_B, "USD", Decimal("2.0000000000"), datetime(2019, 6, 3),
             datetime(2019, 6, 1), datetime(2019, 7, 1), "microsoft.storage/storageaccounts", "stold",
             {"owner": "ops"}, None, Decimal("2.0000000000")),
            ("azure-legacy", "actual", SUB_B, SUB_B, "USD", Decimal("0.2500000000"), datetime(2019, 6, 30),
             datetime(2019, 6, 1), datetime(2019, 7, 1), "microsoft.storage/storageaccounts", "stold",
             None, None, Decimal("2.0000000000")),
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("09/01/2023", "09/30/2023", datetime(2023, 10, 1)),  # inclusive last day (EA)
        ("2024-03-05", "2024-04-04", datetime(2024, 4, 5)),  # MCA period on the invoice day
        ("2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", datetime(2024, 4, 1)),  # already exclusive
    ],
)
def test_billing_period_end_is_exclusive(tmp_path: Path, start: str, end: str, expected: datetime) -> None:
    row = mca_row(billingPeriodStartDate=start, billingPeriodEndDate=end)
    with mapped(write_csv(tmp_path / "p.csv", MCA_HEADER, [row]), "actual") as (con, _):
        assert one(con, "SELECT BillingPeriodEnd FROM t") == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"k": "v","k2": "v2"', {"k": "v", "k2": "v2"}),
        ('{"k": "v", "n": 3}', {"k": "v", "n": "3"}),
        ("  {}  ", None),
        ("", None),
    ],
)
def test_tags_with_and_without_braces(tmp_path: Path, raw: str, expected: dict[str, str] | None) -> None:
    with mapped(write_csv(tmp_path / "t.csv", MCA_HEADER, [mca_row(tags=raw)]), "actual") as (con, _):
        assert one(con, "SELECT Tags FROM t") == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [('"k": ', "Tags is not a JSON object"), ('"a": "1","a": "2"', "Tags repeats a key")],
)
def test_broken_tags_fail_instead_of_vanishing(tmp_path: Path, raw: str, message: str) -> None:
    path = write_csv(tmp_path / "t.csv", MCA_HEADER, [mca_row(), mca_row(tags=raw)])
    with pytest.raises(duckdb.Error, match=message), mapped(path, "actual"):
        pass


def test_a_bom_left_on_the_first_column_is_tolerated() -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE VIEW src AS SELECT '42' AS \"\ufeffBillingAccountId\", '09/02/2023' AS \"Date\", "
        f"'{SUB_A}' AS SubscriptionId, 'Storage' AS MeterCategory, '1.5' AS Cost, 'USD' AS BillingCurrency"
    )
    header = Header(
        ("\ufeffBillingAccountId", "Date", "SubscriptionId", "MeterCategory", "Cost", "BillingCurrency")
    )
    fmt = AzureCostFormat()
    assert fmt.matches(header)
    got = con.execute(
        f"SELECT BillingAccountId, BilledCost, ChargePeriodStart FROM ({fmt.select_sql(header)})"
    )
    assert got.fetchall() == [("42", Decimal("1.5000000000"), datetime(2023, 9, 2))]
    with pytest.raises(ValueError):
        fmt.select_sql(header, "blended")


def test_recognises_azure_but_not_focus_or_aws() -> None:
    fmt = AzureCostFormat()
    assert fmt.matches(Header(tuple(MCA_HEADER))) and fmt.matches(Header(tuple(LEGACY_HEADER)))
    assert not fmt.matches(Header(tuple(FOCUS_HEADER)))
    assert not fmt.matches(Header((*MCA_HEADER, "BilledCost", "EffectiveCost")))  # Azure FOCUS export
    cur = ("identity/LineItemId", "lineItem/UsageStartDate", "lineItem/UnblendedCost", "lineItem/ProductCode")
    cur2 = ("line_item_usage_start_date", "line_item_unblended_cost", "line_item_usage_account_id", "product")
    assert not fmt.matches(Header(cur)) and not fmt.matches(Header(cur2))
    assert isinstance(detect(Header(tuple(MCA_HEADER))), AzureCostFormat)
    assert isinstance(detect(Header(tuple(FOCUS_HEADER))), FocusFormat)
