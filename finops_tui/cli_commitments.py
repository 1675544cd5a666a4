"""The ``report commitments`` subcommand: its parser and dispatch."""

from __future__ import annotations

import argparse
from typing import Any

from finops_tui.config import default_db_path


def add_commitments_report(
    which: Any, common: argparse.ArgumentParser, view: argparse.ArgumentParser
) -> None:
    """Add the report parser to the ``report`` subparsers."""
    cm = which.add_parser(
        "commitments",
        parents=[common, view],
        help="commitment utilisation, unused money, coverage, normalised units and purchase guidance",
        description="The Commitments screen's numbers from the same queries: utilisation and unused "
        "commitment per provider, billing account, commitment and instance family; coverage of "
        "on-demand usage; AWS normalised unit-hours by family; commitments whose rows stopped; and "
        "the steady on-demand baseline a new commitment could cover, with its assumptions. CSV gives "
        "the group rows. Month default: the month containing --as-of.",
    )
    cm.add_argument("--format", choices=("json", "csv", "markdown"), default="json", help="output format")
    cm.add_argument("--month", metavar="YYYY-MM", help="month shown (default: the month containing as-of)")


def run_commitments_report(args: argparse.Namespace) -> int:
    """Run ``report commitments`` from parsed arguments."""
    from finops_tui.reports.run_commitments import run_report_commitments
    from finops_tui.settings import load_settings

    return run_report_commitments(
        args.db or default_db_path(),
        settings=load_settings(args.config),
        as_of=args.as_of,
        month=args.month,
        output_format=args.format,
        redact=args.redact,
    )
