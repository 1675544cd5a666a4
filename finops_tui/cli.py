"""Command line: ``finops-tui [import|demo|status|report] [--db PATH]``; no command opens the TUI.

The CLI is the only place that reads the wall clock; everything below receives ``now`` or ``as_of``.
Input errors print one line (``finops-tui: error: …``) and exit non-zero, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from finops_tui import __version__
from finops_tui.cli_types import top_n
from finops_tui.config import default_db_path
from finops_tui.errors import FinOpsError


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _shared_options(*, suppress: bool) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """``--db`` (every command) and the viewing options (``--as-of``, ``--redact``, ``--config``)."""
    default: dict[str, object] = {"default": argparse.SUPPRESS} if suppress else {}
    db_help = "cache file (default: $FINOPS_TUI_DB or the user data folder's cache.duckdb)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, metavar="PATH", help=db_help, **default)  # type: ignore[arg-type]
    view = argparse.ArgumentParser(add_help=False)
    view.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="last day shown (default: newest complete charge day)",
        **default,  # type: ignore[arg-type]
    )
    view.add_argument(
        "--redact",
        action="store_true",
        help="replace account and resource ids by pseudonyms",
        **default,  # type: ignore[arg-type]
    )
    view.add_argument("--config", type=Path, metavar="PATH", help="settings file (TOML)", **default)  # type: ignore[arg-type]
    return common, view


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (separate so tests and ``--help`` share it)."""
    common, view = _shared_options(suppress=False)
    parser = argparse.ArgumentParser(
        prog="finops-tui",
        description="Drive the monthly FinOps cost review from one terminal: AWS and Azure billing "
        "exports in a local FOCUS-shaped DuckDB cache that works offline.",
        parents=[common, view],
        epilog="Start with `finops-tui demo` for a realistic demo estate, or "
        "`finops-tui import PATH...` for your own exports.",
    )
    parser.add_argument("--version", action="version", version=f"finops-tui {__version__}")
    from finops_tui.cli_agenda import add_agenda_options, add_agenda_parsers

    add_agenda_options(parser)
    from finops_tui.personas import PERSONAS

    parser.add_argument(
        "--persona",
        type=str.lower,
        choices=tuple(PERSONAS),
        help="open as a role: its first screen and defaults (also `persona` in the config, P in the app)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # The same options on each command, defaulting to "not given" so that `finops-tui --db X status`
    # keeps the --db given before the command (argparse lets a sub-command's default overwrite it).
    common, view = _shared_options(suppress=True)

    imp = sub.add_parser(
        "import",
        parents=[common],
        help="import billing export files or folders into the cache",
        description="Import FOCUS 1.0-1.2, AWS CUR (CSV or Athena Parquet), CUR 2.0 and Azure cost "
        "details exports (CSV, CSV.gz, ZIP, Parquet). Folders laid out as AWS or Azure deliver to "
        "S3/Blob keep only the latest delivery of each billing period. Re-importing a period "
        "replaces it; nothing is counted twice. All files land together or none do.",
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="export file or folder")
    imp.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    config_help = "settings file (TOML): the import stores tag flags and waste findings under its rules"
    imp.add_argument("--config", type=Path, metavar="PATH", help=config_help, default=argparse.SUPPRESS)

    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="build a cache of realistic demo data (13 months, AWS + Azure)",
        description="Generate a deterministic demo estate (an AWS organisation and an Azure "
        "enrollment, 13 months of daily line items with injected anomalies and waste) and import it "
        "through the normal importer. Without --db it writes demo.duckdb in the user data folder "
        "(beside $FINOPS_TUI_DB when that is set), never your real cache: open it with "
        "`finops-tui --db <that file>`.",
    )
    demo.add_argument("--scale", type=_positive, default=1.0, help="size factor: 1 ≈ 1M line items")
    demo.add_argument("--seed", type=int, default=42, help="random seed (same seed, same data)")
    demo.add_argument("--end", type=_date, metavar="YYYY-MM-DD", help="last charge day (default: yesterday)")
    demo.add_argument("--config", type=Path, metavar="PATH", help=config_help, default=argparse.SUPPRESS)

    status = sub.add_parser(
        "status",
        parents=[common],
        help="show what the cache holds per source",
        description="Per source and billing account: the billing periods imported, line items, billed and "
        "effective totals, the newest charge day, and when the last import ran.",
    )
    status.add_argument("--json", action="store_true", help="machine-readable output on stdout")

    from finops_tui.cli_bench import add_bench_options

    add_bench_options(
        sub.add_parser(
            "bench",
            help="measure import and every screen beside raw DuckDB at 1M and 10M line items",
            description="Build demo caches of each size and print one table: import rows/s, every screen "
            "load p50/p95, detection and waste checks, cold start and peak memory, each beside the same "
            "question asked as plain DuckDB in the same run, with the targets. Takes about 10 minutes "
            "at the default sizes (bench-out/ keeps the caches for the next run).",
        )
    )
    from finops_tui.cli_sync import add_sync_parser
    from finops_tui.cli_unit import add_metrics_parser, add_unit_report

    add_metrics_parser(sub, common)

    add_sync_parser(sub, common)
    add_agenda_parsers(sub, common, view)

    report = sub.add_parser("report", parents=[common], help="print a screen's numbers (JSON, CSV, Markdown)")
    which = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    tr = which.add_parser(
        "trends",
        parents=[common, view],
        help="spend trends: KPIs and each group's cost this period vs the previous one",
        description="The Spend trends screen's numbers from the same queries. Dimensions: provider, "
        "billing_account, sub_account, service, service_category, region, charge_category, "
        "pricing_category, usage_type, resource, tag:KEY.",
    )
    tr.add_argument(
        "--format", choices=("json", "csv", "markdown"), default="json", help="output format (default: json)"
    )
    tr.add_argument("--group-by", default="service", metavar="DIMENSION", help="default: service")
    tr.add_argument(
        "--window",
        default="30d",
        choices=("30d", "90d", "365d", "mtd", "last-month", "year"),
        help="period (default: 30d)",
    )
    tr.add_argument(
        "--metric",
        default="effective",
        choices=("billed", "effective", "list"),
        help="cost (default: effective)",
    )
    tr.add_argument(
        "--filter", action="append", default=[], metavar="DIMENSION=VALUE", help="repeatable; filters combine"
    )
    tr.add_argument(
        "--top-n",
        type=top_n,
        metavar="N",
        help="groups in the series before (other), 1 to 20 (config: top_n)",
    )
    from finops_tui.cli_allocation import add_allocation_reports

    add_allocation_reports(which, common, view)
    wr = which.add_parser(
        "waste",
        parents=[common, view],
        help="waste backlog: findings priced from effective cost, with the command to act",
        description="The Waste screen's findings and totals per check, priced from the effective cost of "
        "the 30 days ending --as-of, with tracking from the workspace.",
    )
    wr.add_argument("--format", choices=("json", "csv", "markdown"), default="json", help="output format")
    from finops_tui.cli_anomalies import add_anomaly_report

    add_anomaly_report(which, common, view)
    from finops_tui.cli_commitments import add_commitments_report

    add_commitments_report(which, common, view)
    from finops_tui.cli_finance import add_invoice_parser, add_reconciliation_report

    add_reconciliation_report(which, common, view)
    add_invoice_parser(sub, common)
    add_unit_report(which, common, view)
    mr = which.add_parser(
        "maturity",
        parents=[common, view],
        help="executive summary and the maturity score 0-100, explained signal by signal",
        description="Last complete month's spend and its change, this month's forecast vs budget, savings "
        "realised this year, the three largest risks in money, and the maturity score: allocation "
        "readiness, commitment coverage and utilisation, waste share, anomaly triage speed, forecast "
        "accuracy and budget coverage, each with its value, crawl/walk/run stage, score, weight and how "
        "to improve it. CSV gives one row per signal.",
    )
    mr.add_argument("--format", choices=("json", "csv", "markdown"), default="json", help="output format")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``finops-tui`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        from finops_tui.settings import load_settings

        if args.command == "import":
            from finops_tui.cli_commands import run_import

            settings = load_settings(args.config)  # the stored flags and findings follow the config
            return run_import(
                args.db or default_db_path(), args.paths, now=_now(), quiet=args.quiet, settings=settings
            )
        if args.command == "demo":
            from finops_tui.cli_commands import run_demo

            db = args.db or default_db_path().with_name("demo.duckdb")
            end = args.end or (_now().date().fromordinal(_now().date().toordinal() - 1))
            return run_demo(
                db, end=end, scale=args.scale, seed=args.seed, now=_now(), settings=load_settings(args.config)
            )
        if args.command == "bench":
            from finops_tui.bench.suite import run

            return run(args)
        if args.command in ("agenda", "snapshot"):
            from finops_tui.cli_agenda import run_agenda_command

            return run_agenda_command(args, now=_now())
        if args.command == "status":
            from finops_tui.cli_commands import run_status

            return run_status(args.db or default_db_path(), as_json=getattr(args, "json", False))
        if args.command == "sync" and args.provider == "azure":
            from finops_tui.cli_sync_azure import run_sync_azure

            return run_sync_azure(args.db or default_db_path(), args, now=_now())
        if args.command == "sync":
            from finops_tui.cli_sync import run_sync_aws

            return run_sync_aws(args.db or default_db_path(), args, now=_now())
        if args.command == "invoice" or (args.command == "report" and args.report == "reconciliation"):
            from finops_tui.cli_finance import run_finance_command

            return run_finance_command(args, now=_now())
        if args.command == "metrics":
            from finops_tui.cli_unit import run_metrics_command

            return run_metrics_command(args, now=_now())
        if args.command == "report" and args.report == "unit-economics":
            from finops_tui.cli_unit import run_unit_report

            return run_unit_report(args)
        if args.command == "report" and args.report == "anomalies":
            from finops_tui.cli_anomalies import run_anomaly_report

            return run_anomaly_report(args)
        if args.command == "report" and args.report == "waste":
            from finops_tui.reports.waste import run_report_waste

            return run_report_waste(
                args.db or default_db_path(),
                settings=load_settings(args.config),
                as_of=args.as_of,
                output_format=args.format,
                redact=args.redact,
            )
        if args.command == "report" and args.report == "maturity":
            from finops_tui.reports.maturity import run_report_maturity

            return run_report_maturity(
                args.db or default_db_path(),
                settings=load_settings(args.config),
                as_of=args.as_of,
                output_format=args.format,
            )
        if args.command == "report" and args.report == "commitments":
            from finops_tui.cli_commitments import run_commitments_report

            return run_commitments_report(args)
        if args.command == "report" and args.report in ("allocation", "showback"):
            from finops_tui.cli_allocation import run_allocation_report

            return run_allocation_report(args)
        if args.command == "report":
            from finops_tui.reports.run import run_report_trends

            return run_report_trends(
                args.db or default_db_path(),
                settings=load_settings(args.config),
                as_of=args.as_of,
                window=args.window,
                metric=args.metric,
                group_by=args.group_by,
                filters=args.filter,
                output_format=args.format,
                redact=args.redact,
                top_n=args.top_n,
            )
        settings = load_settings(args.config)  # an invalid config fails here, before the screen opens
        from finops_tui.launch import run_tui

        return run_tui(
            args.db or default_db_path(),
            settings=settings,
            as_of=args.as_of,
            redact=args.redact,
            today=_now().date(),
            snapshot=args.snapshot,
            present=args.present,
            persona=args.persona,
        )
    except FinOpsError as exc:
        print(f"finops-tui: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a path given that cannot be written or made: say which and why, no traceback
        from finops_tui.errors import os_error_message

        print(f"finops-tui: error: {os_error_message(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("finops-tui: interrupted; the cache is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
