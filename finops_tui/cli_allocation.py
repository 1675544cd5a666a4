"""The ``report allocation`` and ``report showback`` subcommands: their parsers and dispatch."""

from __future__ import annotations

import argparse
from typing import Any

from finops_tui.config import default_db_path


def add_allocation_reports(
    which: Any, common: argparse.ArgumentParser, view: argparse.ArgumentParser
) -> None:
    """Add both report parsers to the ``report`` subparsers."""
    al = which.add_parser(
        "allocation",
        parents=[common, view],
        help="allocation readiness: $-weighted tag coverage, gaps, tag hygiene, showback",
        description="The Allocation screen's numbers: coverage of the required tags as % of effective "
        "cost (overall, per provider, sub-account and service), untaggable vs untagged, the top gaps "
        "with an owner guess, tag spelling variants to merge, and the showback. CSV gives the coverage "
        "rows. Month default: the last complete month.",
    )
    al.add_argument("--format", choices=("json", "csv", "markdown"), default="json", help="output format")
    al.add_argument("--month", metavar="YYYY-MM", help="month shown (default: last complete month)")
    sb = which.add_parser(
        "showback",
        parents=[common, view],
        help="showback per team for a month: a chargeback journal that adds up to the cent",
        description="Cost per team for the month, direct and shared parts apart, with last month's total "
        "and the change; the lines add up to the month's total effective cost to the cent.",
    )
    sb.add_argument("--month", metavar="YYYY-MM", help="month (default: last complete month)")
    sb.add_argument("--format", choices=("csv", "json"), default="csv", help="output format")


def run_allocation_report(args: argparse.Namespace) -> int:
    """Run ``report allocation`` or ``report showback`` from parsed arguments."""
    from finops_tui.reports.run_allocation import run_report_allocation, run_report_showback
    from finops_tui.settings import load_settings

    db = args.db or default_db_path()
    settings = load_settings(args.config)
    if args.report == "showback":
        return run_report_showback(
            db, settings=settings, as_of=args.as_of, month=args.month, output_format=args.format
        )
    return run_report_allocation(
        db,
        settings=settings,
        as_of=args.as_of,
        month=args.month,
        output_format=args.format,
        redact=args.redact,
    )
