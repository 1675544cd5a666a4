"""``finops-tui sync aws``: arguments, progress bars, the Cost Explorer price prompt, and the summary.

Progress, prompts and the summary go to stderr; the exit code is 0 when the sync landed (warnings
included), 1 on an input or AWS error, 130 when interrupted (the cache is then unchanged).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finops_tui.cli_progress import SyncBars, human_size
from finops_tui.cli_types import months

if TYPE_CHECKING:
    from finops_tui.aws_settings import AwsSettings
    from finops_tui.sync.aws.athena import AthenaOptions

# Rich and boto3 are imported when the command runs: building the parser must stay cheap.


def add_sync_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register ``sync aws`` on the CLI's subparsers."""
    sync = sub.add_parser("sync", parents=[common], help="fetch billing data from the cloud into the cache")
    which = sync.add_subparsers(dest="provider", metavar="PROVIDER", required=True)
    aws = which.add_parser(
        "aws",
        parents=[common],
        help="AWS Data Exports in S3, Cost Explorer, Budgets and EC2 inventory",
        description="Read-only AWS sync with boto3's default credentials (profiles, SSO, environment, "
        "instance roles) and endpoint settings (AWS_ENDPOINT_URL). Exports: the newest delivery of "
        "each billing period is downloaded (only changed objects) into a mirror beside the cache and "
        "imported. Cost Explorer costs $0.01 per request: the count is shown and confirmed first. "
        "Nothing lands unless the whole sync succeeds; an interrupted sync resumes on the next run.",
    )
    aws.add_argument(
        "--export",
        action="append",
        default=[],
        metavar="s3://BUCKET/PREFIX",
        help="CUR 2.0, FOCUS or legacy CUR export location (repeatable)",
    )
    aws.add_argument(
        "--cost-explorer",
        action="store_true",
        help="daily cost from Cost Explorer for months no export covers, plus AWS anomalies, forecast, "
        "RI/SP coverage and utilisation, and AWS Budgets",
    )
    aws.add_argument("--inventory", action="store_true", help="EC2 volumes, EIPs, snapshots, instances, NATs")
    aws.add_argument("--profile", metavar="NAME", help="AWS profile (default: the default credential chain)")
    aws.add_argument(
        "--months",
        type=months,
        metavar="N",
        help="months back to fetch, Cost Explorer and --athena (default 3)",
    )
    aws.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="settings file (TOML) with an [aws] section",
        default=argparse.SUPPRESS,
    )
    aws.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="REGION",
        help="inventory region (default: all enabled)",
    )
    aws.add_argument(
        "--staging", type=Path, metavar="DIR", help="download mirror (default: beside the cache)"
    )
    aws.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="ID",
        help="member account for the inventory (repeatable)",
    )
    aws.add_argument("--assume-role", metavar="NAME", help="role to assume in each --account (read-only EC2)")
    _add_athena_arguments(aws)
    aws.add_argument(
        "-y",
        "--yes",
        action="store_true",
        help="do not ask before paid Cost Explorer requests or Athena scans",
    )
    aws.add_argument("-q", "--quiet", action="store_true", help="no progress bars")

    from finops_tui.cli_sync_azure import add_azure_parser

    add_azure_parser(which, common)


def _add_athena_arguments(aws: argparse.ArgumentParser) -> None:
    aws.add_argument(
        "--athena",
        action="store_true",
        help="roll a CUR 2.0 / FOCUS export catalogued in Athena up in Athena and load only the rollup "
        "(daily cost by dimension and tag, resource grain for the last --athena-resource-days) for the "
        "last --months billing periods; $5 per TB scanned, estimated and confirmed first",
    )
    aws.add_argument("--athena-database", metavar="NAME", help="Glue/Athena database of the export table")
    aws.add_argument("--athena-table", metavar="NAME", help="the export's Athena table")
    aws.add_argument("--athena-workgroup", metavar="NAME", help="Athena workgroup (default primary)")
    aws.add_argument("--athena-output", metavar="s3://BUCKET/PREFIX", help="query result location")
    aws.add_argument(
        "--athena-shape", choices=("cur2", "focus"), help="table shape (default: detected from its columns)"
    )
    aws.add_argument(
        "--athena-resource-days",
        type=int,
        metavar="N",
        help="days kept at resource grain (default 30; the EBS snapshot growth check needs 100)",
    )
    aws.add_argument(
        "--athena-tag-key",
        action="append",
        default=[],
        metavar="KEY",
        help="tag key kept in the rollup besides the required tags (repeatable)",
    )


def athena_options(
    args: argparse.Namespace,
    conf: AwsSettings,
    required_tags: tuple[str, ...],
    *,
    snapshot_age_days: float = 90.0,
) -> AthenaOptions | None:
    """The Athena options from flags over the ``[aws]`` section; None unless Athena is asked for.

    The resource window defaults to what every waste check reads: at least 30 days, and the EBS
    snapshot growth check's age setting + 10 (100 days with the default 90), so no check goes quiet.
    """
    from finops_tui.errors import FinOpsError
    from finops_tui.sync.aws.athena import RECENT_DAYS, AthenaOptions

    if not (args.athena or conf.athena):
        return None
    database = args.athena_database or conf.athena_database
    table = args.athena_table or conf.athena_table
    if not database or not table:
        raise FinOpsError(
            "--athena needs --athena-database and --athena-table (or aws.athena_database/_table)"
        )
    output = args.athena_output or conf.athena_output
    if output is not None and not output.startswith("s3://"):
        raise FinOpsError(f"--athena-output: {output!r} is not an s3:// location")
    keys = tuple(dict.fromkeys((*required_tags, *conf.athena_tag_keys, *args.athena_tag_key)))
    days = args.athena_resource_days
    if days is None:
        days = conf.athena_resource_days or max(RECENT_DAYS, int(snapshot_age_days) + 10)
    if not 1 <= days <= 400:
        raise FinOpsError(f"--athena-resource-days: {days} is not a whole number from 1 to 400")
    return AthenaOptions(
        database=database,
        table=table,
        workgroup=args.athena_workgroup or conf.athena_workgroup or "primary",
        output=output,
        shape=args.athena_shape or conf.athena_shape,
        tag_keys=keys,
        resource_days=days,
    )


def run_sync_aws(db: Path, args: argparse.Namespace, *, now: datetime) -> int:
    """``finops-tui sync aws``."""
    from rich.console import Console
    from rich.text import Text

    from finops_tui import formatting as fmt
    from finops_tui.sync.aws.athena import MIN_BYTES, PRICE_PER_TB, Estimate
    from finops_tui.sync.aws.run import SyncOptions, sync_aws
    from finops_tui.sync.aws.session import AwsContext

    err = Console(stderr=True, soft_wrap=True)

    from finops_tui.settings import load_settings

    settings = load_settings(args.config)
    conf = settings.aws  # flags win over the [aws] section
    options = SyncOptions(
        exports=tuple(args.export) or conf.exports,
        cost_explorer=args.cost_explorer or conf.cost_explorer,
        inventory=args.inventory or conf.inventory,
        months=max(1, args.months if args.months is not None else conf.months),
        regions=tuple(args.region) or conf.regions,
        accounts=tuple(args.account) or conf.accounts,
        assume_role=args.assume_role or conf.assume_role,
        staging=args.staging,
        athena=athena_options(
            args, conf, settings.required_tags, snapshot_age_days=settings.thresholds.waste_snapshot_age_days
        ),
    )
    bars = SyncBars(err, enabled=not args.quiet and err.is_terminal)

    def warn(text: str) -> None:
        bars.progress.console.print(Text(f"warning: {text}", style="yellow"))

    def ask(message: Text | str, question: str, what: str) -> bool:
        """Show a paid call's price; go on with --yes, ask at a terminal, refuse otherwise."""
        bars.progress.console.print(message)
        if args.yes:
            return True
        if not sys.stdin.isatty():
            bars.progress.console.print(f"not a terminal: pass --yes to allow {what}")
            return False
        bars.progress.stop()
        answer = input(f"{question} [y/N] ").strip().lower()
        bars.progress.start()
        return answer in ("y", "yes")

    def confirm(requests: int, usd: Decimal) -> bool:
        return ask(
            f"Cost Explorer: {requests} requests at $0.01 each = ${usd:.2f} (more if results page)",
            "Make these requests?",
            "the Cost Explorer requests",
        )

    def confirm_athena(estimate: Estimate) -> bool:
        message = Text(
            f"Athena: {estimate.database}.{estimate.table} ({estimate.shape}) since {estimate.since:%Y-%m}: "
            f"{estimate.objects} objects, {human_size(estimate.bytes)} at $5 per TB (10 MB minimum) "
            f"= at most ${estimate.usd:.4f} (one query; Parquet columns read are usually far less)"
        )
        return ask(message, "Run this query?", "the Athena query")

    ctx = AwsContext(profile=args.profile or conf.profile, warn=warn)
    with bars.progress:
        report = sync_aws(
            db,
            options,
            ctx,
            now=now,
            progress=bars,
            confirm=confirm,
            confirm_athena=confirm_athena,
            settings=settings,
        )
    calls = sum(report.calls.values())
    ce_calls = sum(n for k, n in report.calls.items() if k.startswith("ce."))
    if report.periods_updated:
        for label in report.periods_updated:
            err.print(Text(f"  updated {label}"))
    if options.exports:
        err.print(
            f"exports: {report.deliveries} deliveries, {len(report.periods_updated)} updated, "
            f"{fmt.count(report.export_rows)} rows imported"
            + (f" (replacing {fmt.count(report.rows_replaced)})" if report.rows_replaced else "")
            + f"; downloaded {report.downloaded} objects ({human_size(report.bytes_downloaded)}), "
            f"{report.skipped} unchanged"
        )
    if options.cost_explorer:
        extras = ", ".join(f"{k.removeprefix('aws_')} {v}" for k, v in sorted(report.extras.items()))
        err.print(
            f"cost explorer: {report.ce_months} months, {fmt.count(report.ce_rows)} daily rows; "
            f"{extras or 'no extras'}"
        )
    if options.athena is not None and report.athena_estimate is not None:
        athena_usd = Decimal(max(report.athena_bytes_scanned, MIN_BYTES)) * PRICE_PER_TB / Decimal(10**12)
        err.print(
            f"athena: {fmt.count(report.athena_rows)} rollup rows"
            + (f" (replacing {fmt.count(report.athena_replaced)})" if report.athena_replaced else "")
            + f" in {report.athena_pages} result pages; scanned {human_size(report.athena_bytes_scanned)} "
            f"(${athena_usd:.4f})"
        )
    if options.inventory:
        err.print(f"inventory: {fmt.count(report.inventory_rows)} resources")
    err.print(
        f"API calls: {calls} (Cost Explorer {ce_calls}, ${Decimal(ce_calls) * Decimal('0.01'):.2f}); "
        + (f"cache {db} updated" if report.wrote_cache else "nothing changed, cache untouched")
        + (f"; {len(report.warnings)} warning(s)" if report.warnings else "")
    )
    return 0
