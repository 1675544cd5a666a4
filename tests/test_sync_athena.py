"""``sync aws --athena`` against moto (Glue, S3) and a loopback Athena stub that pages like Athena.

The rollup Athena would return is computed by the DuckDB twin of the Athena SQL (tests/athena_fixture.py)
from the hand-made trends estate, so the loaded cache can be checked against figures worked out on
paper and against the line-item cache itself.
"""

from __future__ import annotations

import builtins
import hashlib
import sys
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from finops_tui.cache import CacheReader
from finops_tui.cli import main
from finops_tui.errors import FinOpsError
from finops_tui.queries import trends
from finops_tui.sync.aws.athena import AthenaOptions, Estimate
from finops_tui.sync.aws.cost_explorer import covered_months
from finops_tui.sync.aws.run import SyncOptions, SyncReport, sync_aws
from finops_tui.sync.aws.session import AwsContext
from tests import athena_local
from tests.athena_fixture import catalogue_focus_table, rollup_rows
from tests.athena_local import AthenaStub, queue_result, start_stub
from tests.aws_local import client
from tests.test_trends_fixture import AS_OF, EC2, PAYER, S3, build_trends_cache

D = Decimal
NOW = datetime(2025, 2, 12, 6, 0)
SINCE = date(2025, 1, 1)  # --months 2 from NOW
RECENT = date(2025, 1, 13)  # NOW minus 30 days: resource grain from here on
PARTS = {"2024-12": 7_000, "2025-01": 30_000, "2025-02": 10_000}
TAGS = ("team",)


@pytest.fixture(scope="session")
def athena_stub() -> Iterator[str]:
    server, url = start_stub()
    yield url
    server.shutdown()


@pytest.fixture
def athena(aws: str, athena_stub: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """moto with a catalogued FOCUS table; Athena calls go to the stub."""
    athena_local.reset()
    monkeypatch.setenv("AWS_ENDPOINT_URL_ATHENA", athena_stub)
    catalogue_focus_table(
        client("glue", aws), client("s3", aws), database="cur", table="focus", bucket="billing", parts=PARTS
    )
    return aws


def fixture_rollup(tmp_path: Path) -> tuple[Path, list[str], list[list[str | None]]]:
    """The trends estate as line items, and its rollup as Athena would answer it."""
    lines = build_trends_cache(tmp_path / "lines" / "cache.duckdb")
    with duckdb.connect(str(lines), read_only=True) as con:
        columns, rows = rollup_rows(con, since=SINCE, recent=RECENT, tag_keys=TAGS)
    return lines, columns, rows


def options(**kw: Any) -> SyncOptions:
    return SyncOptions(months=2, athena=AthenaOptions(database="cur", table="focus", tag_keys=TAGS, **kw))


def run(db: Path, confirm: Any = None) -> SyncReport:
    ctx = AwsContext(max_attempts=1, warn=lambda _t: None)
    return sync_aws(db, options(), ctx, now=NOW, confirm_athena=confirm)


def q(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_rollup_lands_focus_shaped_with_exact_totals(athena: str, db: Path, tmp_path: Path) -> None:
    _, columns, rows = fixture_rollup(tmp_path)
    queue_result(columns, rows)
    AthenaStub.scanned = 123_456_789
    seen: list[Estimate] = []
    report = run(db, confirm=lambda e: seen.append(e) or True)

    # one estimate, of the two partitions from 2025-01 on: 40 kB, billed at Athena's 10 MB minimum
    assert [(e.objects, e.bytes, e.usd, e.shape) for e in seen] == [(2, 40_000, D("0.0000524288"), "focus")]
    assert (report.athena_rows, report.athena_bytes_scanned, report.wrote_cache) == (8, 123_456_789, True)
    # AWS lines of the estate: billed 100+50+200+30+60+10+40+999, effective 80+50+150+30+60+10+40+999
    grains = "SELECT x_Source, x_Grain, count(*), sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage"
    assert q(db, grains + " GROUP BY ALL ORDER BY ALL") == [
        ("aws-athena", "daily-aggregate", 3, D("140"), D("120")),  # 01-02, 01-05, 01-08
        ("aws-athena", "resource-daily", 5, D("1349"), D("1299")),  # 01-20, 02-03, 02-05, 02-08, 02-11
    ]  # fmt: skip
    assert q(db, "SELECT sum(billed_cost), sum(effective_cost), sum(list_cost) FROM daily_cost") == [
        (D("1489"), D("1419"), D("1559"))  # list: 120 and 250 instead of 100 and 200
    ]
    assert q(db, "SELECT DISTINCT Tags['team'] FROM cost_and_usage ORDER BY 1") == [
        ("[/]",),
        ("[bold]",),
        ("web",),
        (None,),
    ]
    assert q(db, "SELECT ResourceId FROM cost_and_usage WHERE x_Grain = 'daily-aggregate'") == [(None,)] * 3
    # Cost Explorer never pays for (nor replaces with coarser rows) the months Athena delivered
    with duckdb.connect(str(db), read_only=True) as con:
        assert covered_months(con, PAYER) == {date(2025, 1, 1), date(2025, 2, 1)}
    assert q(db, "SELECT source_format, billing_period_start, billed_cost FROM imports ORDER BY 2") == [
        ("aws-athena", datetime(2025, 1, 1), D("190")),
        ("aws-athena", datetime(2025, 2, 1), D("1299")),
    ]
    # dates went as Athena execution parameters (quoted literals), never into the SQL text
    ((_, start),) = [c for c in AthenaStub.calls if c[0] == "StartQueryExecution"]
    assert start["ExecutionParameters"] == ["'2025-01-13'", "'2025-01-01 00:00:00'", "'2025-01'"]
    assert "element_at(t.tags, 'team') AS tag_0" in start["QueryString"]
    assert "2025" not in start["QueryString"] and '"AwsDataCatalog"."cur"."focus"' in start["QueryString"]


def test_results_are_paged_past_athenas_thousand_rows(athena: str, db: Path) -> None:
    columns = ["day", "billing_period_start", "billing_account_id", "billing_currency", "resource_id"]
    columns += ["grain", "billed_cost", "effective_cost"]
    rest = [c for c in rollup_columns() if c not in columns]
    fixed = ["2025-02-01", "2025-02-01", PAYER, "USD"]
    rows = [
        [*fixed, f"i-{n:05d}", "resource-daily", f"{n}.01", f"{n}.01", *([None] * len(rest))]
        for n in range(2500)
    ]
    queue_result(columns + rest, rows)
    report = run(db, confirm=None)
    assert (report.athena_rows, report.athena_pages) == (2500, 3)
    pages = [c[1].get("NextToken") for c in AthenaStub.calls if c[0] == "GetQueryResults"]
    assert pages == [None, "1000", "2000"]  # the header row counts toward the first page
    # sum of n + 0.01 for n < 2500 = 2500 * 2499 / 2 + 25
    assert q(db, "SELECT count(DISTINCT ResourceId), sum(BilledCost) FROM cost_and_usage") == [
        (2500, D("3123775.00"))
    ]


def rollup_columns() -> list[str]:
    from finops_tui.sync.aws.athena_load import TEXT

    return list(TEXT)


def test_failed_query_names_it_and_leaves_the_cache_unchanged(athena: str, db: Path, tmp_path: Path) -> None:
    build_trends_cache(db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    AthenaStub.fail_reason = "COLUMN_NOT_FOUND: line 3:3: Column 'billedcost' cannot be resolved"
    with pytest.raises(FinOpsError) as err:
        run(db)
    assert str(err.value).startswith("Athena query rollup of cur.focus (")
    assert str(err.value).endswith(
        ") failed: COLUMN_NOT_FOUND: line 3:3: Column 'billedcost' cannot be resolved"
    )
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_estimate_is_printed_and_no_runs_no_query(
    athena: str, db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("finops_tui.cli._now", lambda: NOW)
    monkeypatch.setattr(sys, "stdin", Tty())
    monkeypatch.setattr(builtins, "input", lambda _prompt: "n")
    argv = ["--db", str(db), "sync", "aws", "--athena", "--athena-database", "cur", "--athena-table", "focus"]
    assert main([*argv, "--months", "2", "-q"]) == 0
    err = capsys.readouterr().err
    assert "Athena: cur.focus (focus) since 2025-01: 2 objects, " in err
    assert "39.1 KB at $5 per TB (10 MB minimum) = at most $0.0001" in err
    assert "Athena: not confirmed; skipped" in err
    assert [c[0] for c in AthenaStub.calls] == []  # not one Athena call, so nothing billed
    assert not db.exists()


def test_screens_read_the_same_totals_as_from_the_line_items(athena: str, db: Path, tmp_path: Path) -> None:
    lines, columns, rows = fixture_rollup(tmp_path)
    build_trends_cache(db)  # the same estate; Athena's rollup replaces its AWS billing periods
    queue_result(columns, rows)
    report = run(db, confirm=lambda _e: True)
    assert report.athena_replaced == 8  # the 8 AWS line items; the Azure one stays

    def views(path: Path) -> list[Any]:
        with CacheReader(path).reader() as cur:
            out: list[Any] = [
                trends.kpis(cur, as_of=AS_OF, metric=m) for m in ("billed", "effective", "list")
            ]
            for dim in ("provider", "billing_account", "sub_account", "service", "service_category", "region",
                        "charge_category", "pricing_category", "usage_type", "tag:team"):  # fmt: skip
                for window in ("30d", "mtd", "last-month", "year"):
                    out.append(trends.movers(cur, as_of=AS_OF, window=window, group_by=dim))
                    out.append(trends.series(cur, as_of=AS_OF, window=window, group_by=dim))
            # resources are kept for the last 30 days: the current 30-day window matches (older days
            # show as a "(none)" resource with nothing in the current window)
            current = trends.movers(cur, as_of=AS_OF, window="30d", group_by="resource")
            # (as a set: the order ranks changes, and the previous window's resources are not kept)
            out.append({(m.key, m.current) for m in current if m.key != "(none)" or m.current})
            return out

    assert views(db) == views(lines)
    with CacheReader(db).reader() as cur:
        top = trends.movers(cur, as_of=AS_OF, window="mtd", group_by="service")
    assert [(m.key, m.current) for m in top if m.key in (EC2, S3)] == [(EC2, D("210")), (S3, D("40"))]
    assert q(db, "SELECT DISTINCT BillingAccountId FROM cost_and_usage WHERE x_Source = 'aws-athena'") == [
        (PAYER,)
    ]


def test_config_keys_and_flags_build_the_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from finops_tui.cli_sync import athena_options
    from finops_tui.settings import load_settings

    conf = tmp_path / "config.toml"
    conf.write_text(
        'required_tags = ["team", "env"]\n[aws]\nathena = true\nathena_database = "cur"\n'
        'athena_table = "cur2_daily"\nathena_shape = "cur2"\nathena_tag_keys = ["cost-center", "team"]\n'
        "athena_resource_days = 127\n",
        encoding="utf-8",
    )
    settings = load_settings(conf)
    flags = argparse.Namespace(
        athena=False,
        athena_database=None,
        athena_table="focus_daily",
        athena_workgroup=None,
        athena_output="s3://results/finops/",
        athena_shape=None,
        athena_tag_key=["owner"],
        athena_resource_days=None,
    )
    assert athena_options(flags, settings.aws, settings.required_tags) == AthenaOptions(
        database="cur",
        table="focus_daily",  # the flag wins
        workgroup="primary",
        output="s3://results/finops/",
        shape="cur2",
        tag_keys=("team", "env", "cost-center", "owner"),  # required tags first, each once
        resource_days=127,
    )
    conf.write_text('[aws]\nathena_shape = "cur3"\n', encoding="utf-8")
    assert main(["sync", "aws", "--config", str(conf), "--athena"]) == 1
    assert capsys.readouterr().err.endswith('aws.athena_shape must be "cur2" or "focus"\n')
    assert main(["sync", "aws", "--athena", "--athena-table", "t"]) == 1
    assert "--athena needs --athena-database and --athena-table" in capsys.readouterr().err


def test_cur2_table_is_detected_and_its_tag_keys_follow_cur2_naming(aws: str) -> None:
    from finops_tui.sync.aws.athena import (
        CUR2_REQUIRED,
        FOCUS_REQUIRED,
        TableInfo,
        rollup_parameters,
        rollup_sql,
        table_info,
    )

    glue = client("glue", aws)
    glue.create_database(DatabaseInput={"Name": "cur"})
    columns = [{"Name": c, "Type": "string"} for c in sorted(CUR2_REQUIRED)]
    storage = {"Columns": columns, "Location": "s3://billing/cur2/"}
    glue.create_table(DatabaseName="cur", TableInput={"Name": "cur2", "StorageDescriptor": storage})
    opts = AthenaOptions(database="cur", table="cur2", tag_keys=("team", "CostCenter"))
    info = table_info(AwsContext(max_attempts=1), opts)
    assert (info.shape, info.location, info.partitioned_by_period) == ("cur2", "s3://billing/cur2/", False)
    sql = rollup_sql(opts, info)
    assert "element_at(t.resource_tags, 'user_cost_center') AS tag_1" in sql and "GROUP BY 1, 2, 3" in sql
    assert rollup_parameters(opts, info, date(2025, 1, 1), date(2025, 1, 13)) == [
        "'2025-01-13'",
        "'2025-01-01 00:00:00'",
    ]
    bad = AthenaOptions(database="cur", table="focus", tag_keys=("team\n",))
    with pytest.raises(FinOpsError, match="AWS tag keys are 1 to 128 printable characters"):
        rollup_sql(bad, TableInfo("focus", "s3://billing/focus/", False, ()))
    # a FOCUS table of another producer, without AWS's x_UsageType: read as NULL
    focus = [{"Name": c, "Type": "string"} for c in sorted(FOCUS_REQUIRED - {"x_usagetype"})]
    glue.create_table(DatabaseName="cur", TableInput={"Name": "f", "StorageDescriptor": {"Columns": focus}})
    plain = table_info(AwsContext(max_attempts=1), AthenaOptions(database="cur", table="f"))
    assert (plain.shape, plain.usage_type) == ("focus", False)
    assert "CAST(NULL AS varchar) AS usage_type" in rollup_sql(opts, plain)
    glue.create_table(DatabaseName="cur", TableInput={"Name": "odd", "StorageDescriptor": {"Columns": []}})
    with pytest.raises(FinOpsError, match=r"cur\.odd: neither CUR 2\.0 .* pass --athena-shape cur2\|focus"):
        table_info(AwsContext(max_attempts=1), AthenaOptions(database="cur", table="odd"))


def test_the_cli_reports_rows_pages_and_bytes_scanned(
    athena: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, columns, rows = fixture_rollup(tmp_path)
    queue_result(columns, rows)
    AthenaStub.scanned = 123_456_789
    monkeypatch.setattr("finops_tui.cli._now", lambda: NOW)
    argv = ["--db", str(db), "sync", "aws", "--athena", "--athena-database", "cur", "--athena-table", "focus"]
    assert main([*argv, "--athena-tag-key", "team", "--months", "2", "--yes", "-q"]) == 0
    err = capsys.readouterr().err
    # 123,456,789 B = 117.7 MB (binary units); x $5 / 10^12 = $0.000617
    assert "athena: 8 rollup rows in 1 result pages; scanned 117.7 MB ($0.0006)" in err
    assert f"cache {db} updated" in err
    ((_, start),) = [c for c in AthenaStub.calls if c[0] == "StartQueryExecution"]
    assert start["WorkGroup"] == "primary" and "ResultConfiguration" not in start


def test_the_in_app_sync_leaves_athena_to_the_terminal(tmp_path: Path, db: Path) -> None:
    from finops_tui.settings import load_settings
    from finops_tui.sync.configured import configured_providers, run_configured

    conf = tmp_path / "config.toml"
    conf.write_text(
        '[aws]\nathena = true\nathena_database = "cur"\nathena_table = "focus"\n', encoding="utf-8"
    )
    settings = load_settings(conf)
    assert configured_providers(settings) == ["aws"]
    outcome = run_configured(db, settings, now=NOW)
    assert outcome.lines == ["AWS: Athena rollup skipped in the app"]
    assert outcome.warnings[0].startswith(
        "AWS: the Athena rollup (aws.athena) runs only from `finops-tui sync"
    )
    assert (outcome.errors, outcome.wrote_cache, db.exists()) == ([], False, False)


@pytest.mark.parametrize("shape", ["cur2", "focus"])
def test_every_parameter_sits_in_a_where_clause(shape: str) -> None:
    """Athena accepts ``?`` only in WHERE clauses: each one's nearest clause keyword must be WHERE."""
    import re

    from finops_tui.sync.aws.athena import TableInfo, rollup_parameters, rollup_sql

    info = TableInfo(shape, "s3://b/p/", True, ())
    opts = AthenaOptions(database="d", table="t", tag_keys=("team", "it's"))
    sql = "\n".join(line.split("--")[0] for line in rollup_sql(opts, info).splitlines())
    frames = ["START"]  # the clause in force at each parenthesis depth (a "(" inherits its parent's)
    for token in re.findall(r"\?|\b(?:SELECT|FROM|WHERE|GROUP|ON|JOIN)\b|[()]", sql):
        if token == "?":
            assert frames[-1] == "WHERE", sql
        elif token == "(":
            frames.append(frames[-1])
        elif token == ")":
            frames.pop()
        else:
            frames[-1] = token
    assert sql.count("?") == len(rollup_parameters(opts, info, date(2025, 1, 1), date(2025, 1, 13))) == 3
    # a quote in a tag key is doubled and never closes the literal (CUR 2.0 keys are normalised first)
    assert ("'it''s'" if shape == "focus" else "'user_it_s'") in sql
