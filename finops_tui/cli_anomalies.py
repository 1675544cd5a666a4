"""The ``report anomalies`` subcommand: its parser and dispatch."""

from __future__ import annotations

import argparse
from typing import Any

from finops_tui.anomalies.names import ALL, KINDS, STATUS_FILTERS
from finops_tui.config import default_db_path


def _amount(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def add_anomaly_report(which: Any, common: argparse.ArgumentParser, view: argparse.ArgumentParser) -> None:
    """Add the ``anomalies`` parser to the ``report`` subparsers."""
    an = which.add_parser(
        "anomalies",
        parents=[common, view],
        help="cost anomalies: spikes, drops, new and removed costs, steady growth, with root causes",
        description="The Anomalies screen's list: each anomaly's series, kind, days, expected and actual "
        "cost, $ impact (and per month if it persists), score, top contributors (usage type, resource, "
        "region) and triage from the workspace, largest impact first. Days younger than each "
        "provider's data lag are not judged. CSV gives one line per anomaly.",
    )
    an.add_argument("--format", choices=("json", "csv", "markdown"), default="json", help="output format")
    an.add_argument(
        "--min-impact",
        type=_amount,
        metavar="AMOUNT",
        help="smallest $ impact listed (default: [anomalies] min_impact, 50)",
    )
    an.add_argument(
        "--status", choices=STATUS_FILTERS, default=ALL, help="triage status (open: new or acknowledged)"
    )
    an.add_argument("--kind", choices=(ALL, *KINDS), default=ALL, help="anomaly kind")
    an.add_argument("--provider", default=ALL, metavar="NAME", help="provider name, e.g. AWS or Microsoft")


def run_anomaly_report(args: argparse.Namespace) -> int:
    """Run ``report anomalies`` from parsed arguments."""
    from finops_tui.anomalies.view import AnomalyFilter
    from finops_tui.reports.anomalies import run_report_anomalies
    from finops_tui.settings import load_settings

    return run_report_anomalies(
        args.db or default_db_path(),
        settings=load_settings(args.config),
        as_of=args.as_of,
        min_impact=args.min_impact,
        output_format=args.format,
        redact=args.redact,
        flt=AnomalyFilter(status=args.status, provider=args.provider, kind=args.kind),
    )
