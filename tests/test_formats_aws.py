"""Known-answer tests of the AWS CUR and CUR 2.0 mappings: real samples and hand-worked files."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from finops_tui.sync.formats import detect
from finops_tui.sync.formats.aws_cur import AwsCurFormat
from finops_tui.sync.formats.aws_cur2 import AwsCur2Format
from finops_tui.sync.formats.base import Header
from finops_tui.sync.reader import open_source
from finops_tui.sync.schema import cost_and_usage_ddl
from tests.conftest import dataset

LEGACY_CSV = "focus-converters-testdata/aws/sample-anonymous-aws-export-dataset.csv"
ATHENA = "aws-well-architected-labs-cur/Oct2018-WorkshopCUR-00001.snappy.parquet"
CUR2_DIR = "ola-raji-aws-cur2-ha-project"


def mapped(path: Path, *, time_zone: str = "UTC") -> duckdb.DuckDBPyConnection:
    """Map one file with its detected format into table ``t`` (the importer's path minus the cache)."""
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{time_zone}'")
    con.execute(cost_and_usage_ddl("t"))
    header = open_source(con, path)
    fmt = detect(header)
    assert fmt is not None and fmt.name in ("aws-cur", "aws-cur2")
    con.execute(f"INSERT INTO t BY NAME SELECT *, 'x' AS x_SourceFile FROM ({fmt.select_sql(header)})")
    return con


def one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[object, ...]:
    row = con.execute(sql).fetchone()
    assert row is not None
    return tuple(row)


def by_type(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[object, ...]]:
    rows = con.execute(
        "SELECT x_LineItemType, count(*), sum(BilledCost), sum(EffectiveCost), sum(ListCost) "
        "FROM t GROUP BY 1"
    ).fetchall()
    return {str(r[0]): tuple(r[1:]) for r in rows}


TOTALS = "SELECT count(*), sum(BilledCost), sum(EffectiveCost), sum(ListCost), sum(ContractedCost) FROM t"


def test_legacy_csv_sample_totals() -> None:
    con = mapped(dataset(LEGACY_CSV))
    assert one(con, TOTALS) == (
        1281,
        Decimal("1.6823086974"),
        Decimal("1.6823086974"),
        Decimal("3.4361726949"),
        Decimal("1.6823086974"),
    )
    assert round(Decimal(str(one(con, "SELECT sum(BilledCost) FROM t")[0])), 2) == Decimal("1.68")
    kinds = by_type(con)
    assert kinds["Tax"] == (12, Decimal("0.08"), Decimal("0.08"), Decimal("0.08"))
    assert kinds["Usage"][:2] == (1269, Decimal("1.6023086974"))
    assert one(con, "SELECT DISTINCT BillingAccountId || '/' || SubAccountId FROM t") == (
        "123412340534/123412340534",
    )
    assert one(con, "SELECT count(Tags), count(DISTINCT ServiceName), min(ChargePeriodStart) FROM t") == (
        0,
        14,
        datetime(2023, 11, 1),
    )
    assert one(con, "SELECT DISTINCT PricingCategory FROM t WHERE ChargeCategory = 'Tax'") == (None,)


def test_athena_parquet_sample_totals_and_amortization() -> None:
    con = mapped(dataset(ATHENA))
    assert one(con, TOTALS) == (
        119307,
        Decimal("4064.4831315379"),
        Decimal("4195.9571093179"),
        Decimal("4418.9626304180"),
        Decimal("4402.5037379875"),
    )
    kinds = by_type(con)
    # RI-covered usage is billed 0 and carries its share of the RI (upfront 109.137 + recurring 123.117)
    assert kinds["DiscountedUsage"][:3] == (8345, Decimal("0"), Decimal("232.25379599"))
    # the RI fee lines: billed recurring 149.775379; amortized only the unused part 22.337 + 26.659
    assert kinds["RIFee"][:3] == (9, Decimal("149.775379"), Decimal("48.99556079"))
    assert kinds["Usage"][:3] == (110953, Decimal("3914.7077525379"), Decimal("3914.7077525379"))
    # effective = billed - RI recurring fees + covered usage + unused part = billed + 131.47 amortized upfront
    effective = Decimal("4064.4831315379") - Decimal("149.775379") + Decimal("232.25379599")
    assert effective + Decimal("48.99556079") == Decimal("4195.9571093179")
    assert one(con, "SELECT count(DISTINCT SubAccountId), min(SubAccountId), count(Tags) FROM t") == (
        2,
        "011254002932",
        89184,
    )
    keys = dict(
        con.execute("SELECT k, count(*) FROM (SELECT unnest(map_keys(Tags)) k FROM t) GROUP BY 1").fetchall()
    )
    assert keys == {
        "aws:autoscaling_group_name": 1923,
        "aws:created_by": 71948,
        "aws:ec2spot_fleet_request_id": 188,
        "cost_center": 34460,
        "department": 34460,
        "environment": 33222,
        "name": 8184,
        "workload": 33222,
        "workload_type": 4464,
    }
    status = con.execute(
        "SELECT CommitmentDiscountStatus, count(*), count(DISTINCT CommitmentDiscountId) FROM t "
        "WHERE CommitmentDiscountType = 'Reserved Instance' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert status == [("Unused", 9, 9), ("Used", 8345, 8)]
    assert one(con, "SELECT count(*), sum(BilledCost) FROM t WHERE PricingCategory = 'Dynamic'") == (
        1313,
        Decimal("31.5055160005"),
    )
    assert one(con, "SELECT count(*) FROM t WHERE x_VolumeType = 'gp2'") == (24902,)


def test_cur2_csv_sample_totals_and_tags() -> None:
    con = mapped(dataset(CUR2_DIR) / "ha-project-CUR-daily-1-00001.csv")
    assert one(con, TOTALS) == (
        1882,
        Decimal("-0.0000000676"),
        Decimal("-0.0000000676"),
        Decimal("1.8770195679"),
        Decimal("-0.0000000676"),
    )
    assert round(Decimal(str(one(con, "SELECT sum(BilledCost) FROM t")[0])), 2) == Decimal("0.00")
    kinds = by_type(con)
    assert kinds["Usage"] == (
        1511,
        Decimal("47.6816938322"),
        Decimal("47.6816938322"),
        Decimal("49.5587134677"),
    )
    assert kinds["Credit"] == (
        358,
        Decimal("-47.6816938998"),
        Decimal("-47.6816938998"),
        Decimal("-47.6816938998"),
    )
    assert kinds["Tax"][:2] == (13, Decimal("0"))
    assert round(Decimal(str(kinds["Usage"][3])), 6) == Decimal("49.558713")
    assert one(con, "SELECT DISTINCT BillingAccountId, BillingAccountName, SubAccountId FROM t") == (
        "147303435917",
        "Abdul.raji",
        "147303435917",
    )
    keys = dict(
        con.execute("SELECT k, count(*) FROM (SELECT unnest(map_keys(Tags)) k FROM t) GROUP BY 1").fetchall()
    )
    assert keys == {
        "CostCenter": 460,
        "Criticality": 460,
        "Environment": 460,
        "Owner": 460,
        "Project": 460,
        "Workload": 309,
    }
    assert one(con, "SELECT count(*) FROM t WHERE Tags['CostCenter'] = 'CC-1001'") == (460,)
    assert one(con, "SELECT count(*), count(DISTINCT x_InstanceType) FROM t WHERE x_VolumeType = 'gp3'") == (
        45,
        0,
    )
    assert one(con, "SELECT count(ServiceName), count(RegionId) FROM t") == (1882, 1869)


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    header = list(dict.fromkeys(k for r in rows for k in r))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


RI = "arn:aws:ec2:us-east-1:000123456789:reserved-instances/ri-1"
SP = "arn:aws:savingsplans::000123456789:savingsplan/sp-1"


def line(
    kind: str,
    cost: str,
    *,
    public: str = "",
    term: str = "",
    usage_type: str = "BoxUsage:m5.large",
    ri: str = "",
    ri_effective: str = "",
    ri_unused: tuple[str, str] = ("", ""),
    sp: str = "",
    sp_effective: str = "",
    sp_commitment: tuple[str, str] = ("", ""),
    tags: tuple[str, str] = ("", ""),
) -> dict[str, str]:
    """One legacy CUR CSV line item in January 2025 with every column the rules read."""
    return {
        "identity/LineItemId": f"id-{kind}-{cost}",
        "bill/PayerAccountId": "000123456789",
        "bill/BillingPeriodStartDate": "2025-01-01T00:00:00Z",
        "bill/BillingPeriodEndDate": "2025-02-01T00:00:00Z",
        "lineItem/UsageAccountId": "000987654321",
        "lineItem/LineItemType": kind,
        "lineItem/UsageStartDate": "2025-01-05T00:00:00Z",
        "lineItem/UsageEndDate": "2025-01-05T01:00:00Z",
        "lineItem/ProductCode": "AmazonEC2",
        "lineItem/UsageType": usage_type,
        "lineItem/CurrencyCode": "USD",
        "lineItem/UnblendedCost": cost,
        "pricing/publicOnDemandCost": public,
        "pricing/term": term,
        "reservation/ReservationARN": ri,
        "reservation/EffectiveCost": ri_effective,
        "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod": ri_unused[0],
        "reservation/UnusedRecurringFee": ri_unused[1],
        "savingsPlan/SavingsPlanARN": sp,
        "savingsPlan/SavingsPlanEffectiveCost": sp_effective,
        "savingsPlan/TotalCommitmentToDate": sp_commitment[0],
        "savingsPlan/UsedCommitment": sp_commitment[1],
        "resourceTags/user:team": tags[0],
        "resourceTags/aws:createdBy": tags[1],
    }


def worked_example(path: Path) -> Path:
    """An RI (70/month: 30 upfront amortized + 40 recurring) and a Savings Plan (100/month commitment).

    RI: two covered lines use 27.50 + 17.50 = 45 of it; the unused 10 upfront + 15 recurring = 25 sits on
    the RIFee line (billed 40). SP: covered usage at 120 on-demand costs 80 of commitment, the 120 is
    negated, and 100 - 80 = 20 of the commitment is unused. Upfront fees (360 RI, 50 SP) are billed but
    not amortized cost. Effective total = 45 + 25 + 80 + 20 + 5.25 + 3 - 2 - 1.50 + 0.90 = 175.65.
    """
    rows = [
        line("DiscountedUsage", "0", public="40", ri=RI, ri_effective="27.5"),
        line("DiscountedUsage", "0", public="30", ri=RI, ri_effective="17.5"),
        line("RIFee", "40", ri=RI, ri_unused=("10", "15")),
        line("Fee", "360", ri=RI),
        line("SavingsPlanRecurringFee", "100", sp=SP, sp_commitment=("100", "80")),
        line("SavingsPlanCoveredUsage", "120", public="120", sp=SP, sp_effective="80"),
        line("SavingsPlanNegation", "-120", sp=SP),
        line("SavingsPlanUpfrontFee", "50", sp=SP),
        line("Usage", "5.25", public="5.25", term="OnDemand", tags=("web", "IAMUser:ana")),
        line("Tax", "3.00"),
        line("Credit", "-2.00"),
        line("EdpDiscount", "-1.50"),
        line("Usage", "0.90", public="0", usage_type="USE1-SpotUsage:t3.micro"),
        line("Usage", "0", public="0.10", term="OnDemand"),
    ]
    return write_csv(path, rows)


def test_effective_cost_rules_worked_by_hand(tmp_path: Path) -> None:
    con = mapped(worked_example(tmp_path / "cur.csv"))
    assert one(con, TOTALS) == (
        14,
        Decimal("555.65"),
        Decimal("175.65"),
        Decimal("747.25"),
        Decimal("745.65"),
    )
    rows = con.execute(
        "SELECT x_LineItemType, ChargeCategory, BilledCost, EffectiveCost, ListCost, "
        "CommitmentDiscountStatus, CommitmentDiscountType, PricingCategory FROM t "
        "ORDER BY x_LineItemType, BilledCost, EffectiveCost"
    ).fetchall()
    d = Decimal
    assert rows == [
        ("Credit", "Credit", d("-2"), d("-2"), d("-2"), None, None, "Other"),
        ("DiscountedUsage", "Usage", d("0"), d("17.5"), d("30"), "Used", "Reserved Instance", "Committed"),
        ("DiscountedUsage", "Usage", d("0"), d("27.5"), d("40"), "Used", "Reserved Instance", "Committed"),
        ("EdpDiscount", "Credit", d("-1.5"), d("-1.5"), d("0"), None, None, "Other"),
        ("Fee", "Purchase", d("360"), d("0"), d("360"), None, "Reserved Instance", "Committed"),
        ("RIFee", "Purchase", d("40"), d("25"), d("40"), "Unused", "Reserved Instance", "Committed"),
        (
            "SavingsPlanCoveredUsage",
            "Usage",
            d("120"),
            d("80"),
            d("120"),
            "Used",
            "Savings Plan",
            "Committed",
        ),
        ("SavingsPlanNegation", "Usage", d("-120"), d("0"), d("0"), None, "Savings Plan", "Committed"),
        (
            "SavingsPlanRecurringFee",
            "Purchase",
            d("100"),
            d("20"),
            d("100"),
            "Unused",
            "Savings Plan",
            "Committed",
        ),
        ("SavingsPlanUpfrontFee", "Purchase", d("50"), d("0"), d("50"), None, "Savings Plan", "Committed"),
        ("Tax", "Tax", d("3"), d("3"), d("3"), None, None, None),
        ("Usage", "Usage", d("0"), d("0"), d("0.1"), None, None, "Standard"),
        ("Usage", "Usage", d("0.9"), d("0.9"), d("0.9"), None, None, "Dynamic"),
        ("Usage", "Usage", d("5.25"), d("5.25"), d("5.25"), None, None, "Standard"),
    ]
    assert one(con, "SELECT DISTINCT BillingAccountId, SubAccountId FROM t") == (
        "000123456789",
        "000987654321",
    )
    assert one(con, "SELECT Tags FROM t WHERE Tags IS NOT NULL") == (
        {"team": "web", "aws:createdBy": "IAMUser:ana"},
    )
    assert one(con, "SELECT count(DISTINCT CommitmentDiscountId) FROM t") == (2,)


def test_detection_tells_the_three_spellings_apart() -> None:
    legacy_csv = Header(
        ("identity/LineItemId", "lineItem/LineItemType", "lineItem/UnblendedCost", "lineItem/UsageStartDate")
    )
    core = ("line_item_line_item_type", "line_item_unblended_cost", "line_item_usage_start_date")
    athena = Header((*core, "resource_tags_user_team", "product_product_name"))
    cur2_named = Header((*core, "bill_payer_account_name"))
    cur2_maps = Header((*core, "product", "resource_tags"), types={"product": "MAP(VARCHAR, VARCHAR)"})
    focus = Header(
        ("BilledCost", "EffectiveCost", "ChargePeriodStart", "ProviderName", "BillingCurrency", "x_UsageType")
    )
    assert [getattr(detect(h), "name", None) for h in (legacy_csv, athena, cur2_named, cur2_maps, focus)] == [
        "aws-cur",
        "aws-cur",
        "aws-cur2",
        "aws-cur2",
        "focus",
    ]
    assert not AwsCurFormat().matches(cur2_maps) and not AwsCur2Format().matches(athena)
    assert not AwsCur2Format().matches(legacy_csv) and not AwsCurFormat().matches(focus)


def test_cur2_parquet_with_real_maps_and_utc_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "export-00001.snappy.parquet"
    with duckdb.connect() as con:
        con.execute(
            "COPY (SELECT '000111222333' AS bill_payer_account_id, 'Payer' AS bill_payer_account_name, "
            "'000111222333' AS line_item_usage_account_id, 'Usage' AS line_item_line_item_type, "
            "TIMESTAMPTZ '2025-03-01 00:00:00+00' AS bill_billing_period_start_date, "
            "TIMESTAMPTZ '2025-03-31 23:00:00+00' AS line_item_usage_start_date, "
            "1.5::DOUBLE AS line_item_unblended_cost, 'USD' AS line_item_currency_code, "
            "MAP {'servicename': 'Amazon Elastic Compute Cloud', 'instance_type': 'm5.large', "
            "'volume_api_name': 'io2', 'region': 'eu-west-1'} AS product, "
            "MAP {'user_cost_center': 'cc-1', 'aws_created_by': 'root', 'user_empty': ''} AS resource_tags) "
            f"TO '{path}' (FORMAT parquet)"
        )
    con = mapped(path, time_zone="Asia/Tokyo")
    assert one(
        con,
        "SELECT ChargePeriodStart, BillingPeriodStart, ServiceName, RegionId, x_InstanceType, x_VolumeType, "
        "Tags, BilledCost, x_Source FROM t",
    ) == (
        datetime(2025, 3, 31, 23),
        datetime(2025, 3, 1),
        "Amazon Elastic Compute Cloud",
        "eu-west-1",
        "m5.large",
        "io2",
        {"cost_center": "cc-1", "aws:created_by": "root"},
        Decimal("1.5"),
        "aws-cur2",
    )


def test_cur2_raw_tags_win_and_resource_tags_fill_in(tmp_path: Path) -> None:
    row = {
        "bill_payer_account_id": "000111222333",
        "line_item_usage_account_id": "000111222333",
        "line_item_line_item_type": "Usage",
        "line_item_usage_start_date": "2025-03-02T00:00:00.000Z",
        "line_item_unblended_cost": "2.5",
        "product": '{"product_name": "Amazon S3"}',
    }
    path = write_csv(
        tmp_path / "cur2.csv",
        [
            {
                **row,
                "resource_tags": '{"user_cost_center": "cc-1"}',
                "tags": '{"resourceTags/user:CostCenter": "cc-1"}',
            },
            {**row, "resource_tags": '{"user_team": "web", "aws_created_by": "x"}', "tags": "{}"},
            {**row, "resource_tags": "{}", "tags": ""},
        ],
    )
    got = [r[0] for r in mapped(path).execute("SELECT Tags FROM t").fetchall()]
    assert got == [{"CostCenter": "cc-1"}, {"team": "web", "aws:created_by": "x"}, None]
