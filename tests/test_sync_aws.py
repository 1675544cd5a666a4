"""``sync aws`` end to end against moto (S3, EC2, STS, Budgets, CE GetCostAndUsage) and a JSON-1.1 stub."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import duckdb
import pytest

from finops_tui.cli import main
from finops_tui.errors import FinOpsError
from finops_tui.sync.aws.run import SyncOptions, SyncReport, sync_aws
from finops_tui.sync.aws.session import AwsContext
from tests.aws_local import (
    CE,
    NO_RETRY,
    AwsJsonStub,
    ce_page,
    client,
    denied,
    post_json,
    put,
)
from tests.conftest import dataset
from tests.focus_csv import HEADER, row

NOW = datetime(2025, 3, 10, 12, 0)
CUR2 = "ola-raji-aws-cur2-ha-project"
CUR2_EXEC = "2026-04-16T15:24:15.653Z-04e9e487-79a7-42b1-a680-1de7c660dc8f"
CUR2_ROOT = "CUR-daily-1.0/ha-project-CUR-daily-1"
LEGACY_CSV = "focus-converters-testdata/aws/sample-anonymous-aws-export-dataset.csv"
FOCUS_CSV = "finops-focus-sample-data-1.0/focus_sample.csv"


def run(db: Path, tmp_path: Path, **kw: Any) -> tuple[SyncReport, AwsContext]:
    progress = kw.pop("progress", None)
    confirm = kw.pop("confirm", lambda n, usd: True)
    ctx = AwsContext(max_attempts=kw.pop("attempts", 1), warn=lambda _t: None)
    options = SyncOptions(staging=tmp_path / "mirror", **kw)
    return sync_aws(db, options, ctx, now=NOW, progress=progress, confirm=confirm), ctx


def q(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def upload_cur2(s3: Any, *, rows: int | None = None, execution: str = CUR2_EXEC) -> None:
    """The real CUR 2.0 delivery, gzipped at the key its own manifest names (optionally its first rows)."""
    text = dataset(f"{CUR2}/ha-project-CUR-daily-1-00001.csv").read_text(encoding="utf-8")
    if rows is not None:
        text = "".join(text.splitlines(keepends=True)[: rows + 1])
    manifest = json.loads(dataset(f"{CUR2}/ha-project-CUR-daily-1-Manifest.json").read_text(encoding="utf-8"))
    data_key = f"{CUR2_ROOT}/data/BILLING_PERIOD=2026-04/{execution}/ha-project-CUR-daily-1-00001.csv.gz"
    manifest["dataFiles"] = [f"s3://ha-s3-bucket-1/{data_key}"]
    put(s3, "ha-s3-bucket-1", data_key, text.encode(), gz=True)
    meta = f"{CUR2_ROOT}/metadata/BILLING_PERIOD=2026-04/{execution}/ha-project-CUR-daily-1-Manifest.json"
    put(s3, "ha-s3-bucket-1", meta, json.dumps(manifest).encode())


def upload_legacy(s3: Any) -> None:
    """Legacy CUR: the period manifest names the newest assembly; an older partial one is stale."""
    text = dataset(LEGACY_CSV).read_bytes()
    period = "reports/acme/20231101-20231201"
    put(
        s3,
        "legacy-cur",
        f"{period}/asm-old/acme-00001.csv.gz",
        text[: len(text) // 3].rsplit(b"\n", 1)[0],
        gz=True,
    )
    put(s3, "legacy-cur", f"{period}/asm-new/acme-00001.csv.gz", text, gz=True)
    doc = {"assemblyId": "asm-new", "reportKeys": [f"{period}/asm-new/acme-00001.csv.gz"]}
    put(s3, "legacy-cur", f"{period}/acme-Manifest.json", json.dumps(doc).encode())


def upload_focus(s3: Any) -> None:
    """A FOCUS export without a manifest: the newest delivery folder of the period wins."""
    base = "focus/acme-focus/data/BILLING_PERIOD=2024-09"
    put(
        s3,
        "focus-exports",
        f"{base}/2024-10-02T01:00:00Z-e2/acme-focus-00001.csv.gz",
        dataset(FOCUS_CSV).read_bytes(),
        gz=True,
    )


def make_buckets(endpoint: str) -> Any:
    s3 = client("s3", endpoint)
    for bucket in ("ha-s3-bucket-1", "legacy-cur", "focus-exports"):
        s3.create_bucket(Bucket=bucket)
    upload_cur2(s3)
    upload_legacy(s3)
    upload_focus(s3)
    return s3


EXPORTS = ("s3://ha-s3-bucket-1/CUR-daily-1.0/", "s3://legacy-cur/reports", "s3://focus-exports/focus/")
TOTALS = (
    "SELECT x_Source, count(*), sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage GROUP BY 1 ORDER BY 1"
)


def test_exports_land_to_the_cent_and_a_second_sync_downloads_nothing(
    aws: str, db: Path, tmp_path: Path
) -> None:
    make_buckets(aws)
    report, _ = run(db, tmp_path, exports=EXPORTS)
    assert (report.deliveries, len(report.periods_updated), report.downloaded) == (
        3,
        3,
        5,
    )  # 3 data + 2 manifests
    totals = {r[0]: r[1:] for r in q(db, TOTALS)}
    assert totals["aws-cur"][0] == 1281 and round(totals["aws-cur"][1], 4) == Decimal("1.6823")
    assert totals["aws-cur2"][:2] == (1882, Decimal("-0.0000000676"))  # usage +47.68 and credits cancel
    assert round(totals["focus-1.0"][1], 6) == Decimal("20.520227")
    assert round(totals["focus-1.0"][2], 6) == Decimal("14.976514")
    assert not (tmp_path / "mirror" / "legacy-cur" / "reports/acme/20231101-20231201/asm-old").exists()
    before = sha(db)
    again, ctx = run(db, tmp_path, exports=EXPORTS)
    assert (again.downloaded, again.skipped, again.periods_updated, again.wrote_cache) == (0, 5, [], False)
    assert set(ctx.calls) == {"s3.ListObjectsV2"}
    assert sha(db) == before


def test_a_redelivered_period_replaces_the_old_one(aws: str, db: Path, tmp_path: Path) -> None:
    s3 = make_buckets(aws)
    run(db, tmp_path, exports=EXPORTS)
    upload_cur2(s3, rows=100, execution="2026-04-18T02:00:00.000Z-5f0c")  # restated: a newer manifest
    report, _ = run(db, tmp_path, exports=EXPORTS)
    assert report.downloaded == 2 and report.rows_replaced == 1882
    assert report.periods_updated == [
        "s3://ha-s3-bucket-1/CUR-daily-1.0/ha-project-CUR-daily-1/data/BILLING_PERIOD=2026-04"
    ]
    totals = {r[0]: r[1:] for r in q(db, TOTALS)}
    assert totals["aws-cur2"][0] == 100 and totals["aws-cur"][0] == 1281 and totals["focus-1.0"][0] == 1000
    old = tmp_path / "mirror" / "ha-s3-bucket-1" / CUR2_ROOT / "data" / "BILLING_PERIOD=2026-04" / CUR2_EXEC
    assert not any(p.is_file() for p in old.rglob("*.gz"))


class Interrupt(Exception):
    pass


def test_an_interrupted_sync_leaves_the_cache_as_it_was_and_the_next_resumes(
    aws: str, db: Path, tmp_path: Path
) -> None:
    make_buckets(aws)
    run(db, tmp_path, exports=EXPORTS[1:2])
    before = sha(db)
    seen: list[str] = []

    def stop_on_second_download(source: str, item: str, done: int, total: int) -> None:
        if source.startswith("download") and item:
            seen.append(item)
            if len(seen) == 2:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(db, tmp_path, exports=EXPORTS, progress=stop_on_second_download)
    assert sha(db) == before

    def stop_in_import(source: str, item: str, done: int, total: int) -> None:
        if source == "import" and done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(db, tmp_path, exports=EXPORTS, progress=stop_in_import)
    assert sha(db) == before
    assert not list(db.parent.glob("*.import-tmp*"))
    report, _ = run(db, tmp_path, exports=EXPORTS)
    assert report.downloaded == 0  # everything was mirrored by the interrupted runs
    assert len(report.periods_updated) == 2  # legacy was already in the cache
    assert [r[:2] for r in q(db, TOTALS)] == [("aws-cur", 1281), ("aws-cur2", 1882), ("focus-1.0", 1000)]


def queue_cost_and_usage(endpoint: str) -> None:
    pages = [
        ce_page("2025-02-01", [("111122223333", "Amazon Elastic Compute Cloud - Compute", "12.34"),
                               ("111122223333", "Tax", "1.2")], token="t2"),
        ce_page("2025-02-02", [("444455556666", "Amazon Simple Storage Service", "0.015")]),
        ce_page("2025-03-01", [("111122223333", "Amazon Elastic Compute Cloud - Compute", "-2.5")]),
    ]  # fmt: skip
    assert post_json(f"{endpoint}/moto-api/static/ce/cost-and-usage-results", {"results": pages}) == 201


def stub_extras() -> None:
    period = {"Start": "2025-02-01", "End": "2025-03-01"}
    AwsJsonStub.responses.update(
        {
            CE + "GetAnomalies": denied(),
            CE + "GetCostForecast": {
                "Total": {"Amount": "410.5", "Unit": "USD"},
                "ForecastResultsByTime": [
                    {
                        "TimePeriod": {"Start": "2025-03-10", "End": "2025-04-01"},
                        "MeanValue": "410.5",
                        "PredictionIntervalLowerBound": "380.25",
                        "PredictionIntervalUpperBound": "440.75",
                    }
                ],
            },
            CE + "GetReservationCoverage": {
                "CoveragesByTime": [
                    {"TimePeriod": period, "Total": {"CoverageHours": {"CoverageHoursPercentage": "62.5"}}}
                ]
            },
            CE + "GetReservationUtilization": {
                "UtilizationsByTime": [{"TimePeriod": period, "Total": {"UtilizationPercentage": "91"}}]
            },
            CE + "GetSavingsPlansCoverage": {
                "SavingsPlansCoverages": [{"TimePeriod": period, "Coverage": {"CoveragePercentage": "40"}}]
            },
            CE + "GetSavingsPlansUtilization": {
                "SavingsPlansUtilizationsByTime": [
                    {
                        "TimePeriod": period,
                        "Utilization": {
                            "TotalCommitment": "100",
                            "UsedCommitment": "80",
                            "UnusedCommitment": "20",
                            "UtilizationPercentage": "80",
                        },
                    }
                ],
                "Total": {"Utilization": {"UtilizationPercentage": "80"}},
            },
        }
    )


def test_cost_explorer_pages_map_to_daily_rows_and_extras_land(aws: str, db: Path, tmp_path: Path) -> None:
    queue_cost_and_usage(aws)
    stub_extras()
    client("budgets", aws).create_budget(
        AccountId="123456789012",
        Budget={"BudgetName": "platform-monthly", "BudgetLimit": {"Amount": "2500", "Unit": "USD"},
                "TimeUnit": "MONTHLY", "BudgetType": "COST"},
    )  # fmt: skip
    asked: list[tuple[int, Decimal]] = []
    report, ctx = run(
        db, tmp_path, cost_explorer=True, months=2, confirm=lambda n, usd: asked.append((n, usd)) or True
    )
    assert asked == [(8, Decimal("0.08"))]  # 2 months + 6 extras, before any Cost Explorer call
    assert ctx.calls["ce.GetCostAndUsage"] == 3  # February paged once
    assert [t for t, _ in AwsJsonStub.calls].count(CE + "GetCostAndUsage") == 3
    rows = q(
        db,
        "SELECT BillingAccountId, SubAccountId, SubAccountName, ServiceName, "
        "strftime(ChargePeriodStart, '%Y-%m-%d'), strftime(BillingPeriodStart, '%Y-%m'), BilledCost, "
        "ChargeCategory, x_Grain, x_Source "
        "FROM cost_and_usage ORDER BY ChargePeriodStart, ServiceName",
    )
    assert [(r[4], r[3], r[6], r[7]) for r in rows] == [
        ("2025-02-01", "Amazon Elastic Compute Cloud - Compute", Decimal("12.34"), "Usage"),
        ("2025-02-01", "Tax", Decimal("1.2"), "Tax"),
        ("2025-02-02", "Amazon Simple Storage Service", Decimal("0.015"), "Usage"),
        ("2025-03-01", "Amazon Elastic Compute Cloud - Compute", Decimal("-2.5"), "Credit"),
    ]
    assert {(r[0], r[8], r[9]) for r in rows} == {("123456789012", "daily-aggregate", "aws-ce")}
    assert rows[0][1:3] == ("111122223333", "workloads")
    assert q(db, "SELECT strftime(billing_period_start, '%Y-%m'), billed_cost FROM imports ORDER BY 1") == [
        ("2025-02", Decimal("13.555")),
        ("2025-03", Decimal("-2.5")),
    ]
    assert ctx.warnings == ["Cost Explorer anomalies: access denied (AccessDeniedException); skipped"]
    assert "aws_anomalies" not in report.extras
    assert q(db, "SELECT mean_value, lower_bound, upper_bound FROM aws_cost_forecast") == [
        (Decimal("410.5"), Decimal("380.25"), Decimal("440.75"))
    ]
    assert q(db, "SELECT kind, percentage FROM aws_commitment_metrics ORDER BY 1") == [
        ("ri-coverage", 62.5), ("ri-utilization", 91.0), ("sp-coverage", 40.0), ("sp-utilization", 80.0),
    ]  # fmt: skip
    assert q(db, "SELECT budget_name, limit_amount, time_unit FROM aws_budgets") == [
        ("platform-monthly", Decimal("2500"), "MONTHLY")
    ]
    assert q(db, "SELECT status, api_calls FROM sync_runs") == [("partial", sum(ctx.calls.values()))]
    again, ctx = run(
        db, tmp_path, cost_explorer=True, months=2, confirm=lambda n, usd: asked.append((n, usd)) or True
    )
    assert asked[1] == (7, Decimal("0.07"))  # February settled (fetched 9 days after it closed): March only
    assert ctx.calls["ce.GetCostAndUsage"] == 1 and again.ce_months == 1
    assert q(db, "SELECT strftime(billing_period_start, '%Y-%m'), billed_cost FROM imports ORDER BY 1") == [
        ("2025-02", Decimal("13.555")),
        ("2025-03", Decimal("-2.5")),
    ]


def test_cost_explorer_not_confirmed_makes_no_paid_call(aws: str, db: Path, tmp_path: Path) -> None:
    make_buckets(aws)
    report, ctx = run(db, tmp_path, exports=EXPORTS[:1], cost_explorer=True, confirm=lambda n, usd: False)
    assert not [k for k in ctx.calls if k.startswith("ce.")] and AwsJsonStub.calls == []
    assert report.ce_rows == 0 and q(db, "SELECT count(*) FROM cost_and_usage") == [(1882,)]


def test_a_denied_source_warns_and_the_rest_lands(aws: str, db: Path, tmp_path: Path) -> None:
    make_buckets(aws)
    AwsJsonStub.responses[CE + "GetCostAndUsage"] = denied()
    for op in ("GetAnomalies", "GetCostForecast", "GetReservationCoverage", "GetReservationUtilization",
               "GetSavingsPlansCoverage", "GetSavingsPlansUtilization"):  # fmt: skip
        AwsJsonStub.responses[CE + op] = denied()
    report, ctx = run(db, tmp_path, exports=EXPORTS, cost_explorer=True, months=1)
    assert len(ctx.warnings) == 7 and ctx.warnings[0].startswith("Cost Explorer 2025-03: access denied")
    assert report.wrote_cache and [r[:2] for r in q(db, TOTALS)] == [
        ("aws-cur", 1281), ("aws-cur2", 1882), ("focus-1.0", 1000),
    ]  # fmt: skip


def test_inventory_per_region_with_its_time(aws: str, db: Path, tmp_path: Path) -> None:
    for region in ("us-east-1", "eu-west-1"):
        ec2 = boto3.client("ec2", endpoint_url=aws, region_name=region, config=NO_RETRY)
        vol = ec2.create_volume(AvailabilityZone=f"{region}a", Size=100, VolumeType="gp2")
        ec2.create_snapshot(VolumeId=vol["VolumeId"])
        ec2.allocate_address(Domain="vpc")
        ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="t3.micro")
        if region == "eu-west-1":
            vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
            eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
            ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip)
    report, _ = run(db, tmp_path, inventory=True, regions=("us-east-1", "eu-west-1"))
    got = q(
        db,
        "SELECT region, resource_type, count(*), min(taken_at) FROM aws_inventory GROUP BY ALL ORDER BY ALL",
    )
    assert [r[:3] for r in got] == [
        ("eu-west-1", "ebs-snapshot", 1), ("eu-west-1", "ebs-volume", 2), ("eu-west-1", "ec2-instance", 1),
        ("eu-west-1", "elastic-ip", 2), ("eu-west-1", "nat-gateway", 1),
        ("us-east-1", "ebs-snapshot", 1), ("us-east-1", "ebs-volume", 2), ("us-east-1", "ec2-instance", 1),
        ("us-east-1", "elastic-ip", 1),
    ]  # fmt: skip
    assert {r[3] for r in got} == {NOW} and report.inventory_rows == 12
    assert q(
        db, "SELECT count(*) FROM aws_inventory WHERE resource_type = 'ebs-volume' AND state = 'available'"
    ) == [(2,)]  # the unattached volume in each region; root volumes are in-use


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("s3://no-such-bucket/cur/", "s3://no-such-bucket/cur/: bucket 'no-such-bucket' does not exist"),
        ("s3://legacy-cur/wrong/", "s3://legacy-cur/wrong/: no objects under this prefix"),
        ("legacy-cur/reports", "legacy-cur/reports: not an S3 location"),
    ],
)
def test_a_missing_bucket_or_wrong_prefix_is_one_line(
    aws: str, db: Path, url: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make_buckets(aws)
    assert main(["sync", "aws", "--db", str(db), "--export", url, "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"finops-tui: error: {message}") and err.count("\n") == 1
    assert not db.exists()


def test_cli_sync_prints_a_summary_and_a_second_run_is_a_no_op(
    aws: str, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_buckets(aws)
    args = ["sync", "aws", "--db", str(db), "-q", *[a for u in EXPORTS for a in ("--export", u)]]
    assert main(args) == 0
    first = capsys.readouterr().err
    assert "exports: 3 deliveries, 3 updated, 4,163 rows imported; downloaded 5 objects" in first
    assert main(args) == 0
    second = capsys.readouterr().err
    assert "3 deliveries, 0 updated" in second and "downloaded 0 objects (0 B), 5 unchanged" in second
    assert "API calls: 3 (Cost Explorer 0, $0.00); nothing changed, cache untouched" in second


def upload_focus_month(s3: Any, month: str, cost: str) -> None:
    """A one-line FOCUS export of the caller's own account (moto's 123456789012) for ``month``."""
    buf = io.StringIO()
    rows = [row(cost, day=f"{month}-03", period=month, account="123456789012")]
    writer = csv.DictWriter(buf, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    key = f"own/exp/data/BILLING_PERIOD={month}/{month}-20T00:00:00Z-x/exp-00001.csv.gz"
    put(s3, "own-focus", key, buf.getvalue().encode(), gz=True)


def test_cost_explorer_fills_only_months_no_export_covers(aws: str, db: Path, tmp_path: Path) -> None:
    s3 = client("s3", aws)
    s3.create_bucket(Bucket="own-focus")
    upload_focus_month(s3, "2025-02", "100.00")
    march = ce_page("2025-03-01", [("123456789012", "Amazon Elastic Compute Cloud - Compute", "7.77")])
    assert post_json(f"{aws}/moto-api/static/ce/cost-and-usage-results", {"results": [march]}) == 201
    asked: list[tuple[int, Decimal]] = []
    confirm = lambda n, usd: asked.append((n, usd)) or True  # noqa: E731
    run(db, tmp_path, exports=("s3://own-focus/own/",), cost_explorer=True, months=2, confirm=confirm)
    assert asked == [(7, Decimal("0.07"))]  # February comes from the export: only March is requested
    by_month = (
        "SELECT strftime(BillingPeriodStart, '%Y-%m'), x_Grain, sum(BilledCost) "
        "FROM cost_and_usage GROUP BY ALL ORDER BY 1"
    )
    assert q(db, by_month) == [
        ("2025-02", "line-item", Decimal("100.00")),
        ("2025-03", "daily-aggregate", Decimal("7.77")),
    ]
    upload_focus_month(s3, "2025-03", "8.01")  # the export catches up: its line items replace the estimate
    report, _ = run(db, tmp_path, exports=("s3://own-focus/own/",))
    assert report.rows_replaced == 1
    assert q(db, by_month) == [
        ("2025-02", "line-item", Decimal("100.00")),
        ("2025-03", "line-item", Decimal("8.01")),
    ]


def test_cli_without_yes_and_without_a_terminal_makes_no_paid_call(
    aws: str, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "aws", "--db", str(db), "--cost-explorer", "-q"]) == 0
    err = capsys.readouterr().err
    assert "Cost Explorer: 9 requests at $0.01 each = $0.09" in err and "pass --yes" in err
    assert AwsJsonStub.calls == [] and not db.exists()


def test_throttling_is_retried_with_backoff(aws: str, db: Path, tmp_path: Path) -> None:
    stub_extras()
    answers = [
        (400, {"__type": "ThrottlingException", "message": "Rate exceeded"}),
        (200, AwsJsonStub.responses[CE + "GetCostForecast"]),
    ]
    AwsJsonStub.responses[CE + "GetCostForecast"] = lambda _body: answers.pop(0)
    AwsJsonStub.responses[CE + "GetAnomalies"] = {"Anomalies": []}
    report, ctx = run(db, tmp_path, cost_explorer=True, months=1, attempts=3)
    assert [t for t, _ in AwsJsonStub.calls].count(CE + "GetCostForecast") == 2  # throttled, then answered
    assert ctx.calls["ce.GetCostForecast"] == 1 and ctx.warnings == []
    assert report.extras["aws_cost_forecast"] == 1 and report.extras["aws_anomalies"] == 0


def test_the_config_file_aws_section_names_the_exports(
    aws: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_buckets(aws)
    conf = tmp_path / "finops-tui.toml"
    conf.write_text('[aws]\nexports = ["s3://legacy-cur/reports/"]\nmonths = 2\n', encoding="utf-8")
    assert main(["sync", "aws", "--db", str(db), "--config", str(conf), "-q"]) == 0
    assert [r[:2] for r in q(db, TOTALS)] == [("aws-cur", 1281)]
    conf.write_text('[aws]\nmonths = "three"\n', encoding="utf-8")
    assert main(["sync", "aws", "--db", str(db), "--config", str(conf), "-q"]) == 1
    assert capsys.readouterr().err.endswith("aws.months must be a whole number from 1 to 14\n")


def test_athena_parquet_export_follows_its_manifest(aws: str, db: Path, tmp_path: Path) -> None:
    s3 = client("s3", aws)
    s3.create_bucket(Bucket="athena-cur")
    part = "cur/WorkshopCUR/WorkshopCUR/year=2018/month=10"
    parquet = dataset("aws-well-architected-labs-cur/Oct2018-WorkshopCUR-00001.snappy.parquet").read_bytes()
    put(s3, "athena-cur", f"{part}/Oct2018-WorkshopCUR-00001.snappy.parquet", parquet)
    put(
        s3, "athena-cur", f"{part}/Oct2018-WorkshopCUR-00002.snappy.parquet", parquet
    )  # stale: not in manifest
    doc = {"reportKeys": [f"{part}/Oct2018-WorkshopCUR-00001.snappy.parquet"]}
    put(
        s3,
        "athena-cur",
        "cur/WorkshopCUR/20181001-20181101/WorkshopCUR-Manifest.json",
        json.dumps(doc).encode(),
    )
    report, _ = run(db, tmp_path, exports=("s3://athena-cur/cur/",))
    assert (report.deliveries, report.downloaded) == (1, 2)  # the parquet and the manifest
    assert q(db, "SELECT count(*), sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage") == [
        (119307, Decimal("4064.4831315379"), Decimal("4195.9571093179"))
    ]


def test_member_account_inventory_through_an_assumed_role(aws: str, db: Path, tmp_path: Path) -> None:
    creds = client("sts", aws).assume_role(
        RoleArn="arn:aws:iam::111111111111:role/FinOpsReadOnly", RoleSessionName="seed"
    )["Credentials"]
    member = boto3.client(
        "ec2", endpoint_url=aws, region_name="us-east-1", config=NO_RETRY,
        aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )  # fmt: skip
    member.create_volume(AvailabilityZone="us-east-1a", Size=8, VolumeType="gp3")
    client("ec2", aws).allocate_address(Domain="vpc")
    _, ctx = run(
        db,
        tmp_path,
        inventory=True,
        regions=("us-east-1",),
        accounts=("111111111111",),
        assume_role="FinOpsReadOnly",
    )
    assert ctx.calls["sts.AssumeRole"] == 1 and ctx.warnings == []
    assert q(db, "SELECT account_id, resource_type, size_gib FROM aws_inventory ORDER BY 1") == [
        ("111111111111", "ebs-volume", 8.0),
        ("123456789012", "elastic-ip", None),
    ]
    with pytest.raises(FinOpsError, match="--account needs --assume-role"):
        run(db, tmp_path, inventory=True, accounts=("111111111111",))
