"""Unit economics on the command line: ``metrics import|list`` and ``report unit-economics``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from finops_tui.config import default_db_path


def add_metrics_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``metrics import FILE.csv [--replace]`` and ``metrics list`` to the commands."""
    metrics = sub.add_parser(
        "metrics",
        parents=[common],
        help="business metrics (transactions, customers) for unit economics",
        description="Import a business metric series (CSV with a header: date, metric, value; ISO "
        "dates; one metric or many per file) or list the stored ones.",
    )
    which = metrics.add_subparsers(dest="metrics_command", metavar="ACTION", required=True)
    imp = which.add_parser(
        "import",
        parents=[common],
        help="import a CSV of date, metric, value",
        description="Store the file's points; a (metric, day) already stored is replaced. A bad line "
        "stops the import with the cache unchanged.",
    )
    imp.add_argument("file", type=Path, metavar="FILE.csv", help="the CSV file")
    imp.add_argument(
        "--replace", action="store_true", help="drop every stored point of the file's metrics first"
    )
    which.add_parser("list", parents=[common], help="show the stored metrics (first/last day, points)")


def add_unit_report(which: Any, common: argparse.ArgumentParser, view: argparse.ArgumentParser) -> None:
    """Add ``report unit-economics`` to the ``report`` subparsers."""
    ue = which.add_parser(
        "unit-economics",
        parents=[common, view],
        help="cost per business unit (transaction, customer) by day, week or month",
        description="The Unit economics screen's numbers: effective cost in scope over the metric's "
        "units per period, with this month vs last month and the 3-month trend. A period without a "
        "metric value on every day is a gap (empty), never a zero.",
    )
    ue.add_argument("--metric", required=True, metavar="NAME", help="a stored metric (see `metrics list`)")
    ue.add_argument(
        "--scope", default="estate", metavar="SCOPE", help="estate (default), tag:KEY=VALUE or team:NAME"
    )
    ue.add_argument("--grain", choices=("day", "week", "month"), default="month", help="period length")
    ue.add_argument("--format", choices=("json", "csv", "markdown"), default="json", help="output format")


def run_metrics_command(args: argparse.Namespace, *, now: datetime) -> int:
    """Run ``metrics import`` or ``metrics list`` from parsed arguments."""
    db = args.db or default_db_path()
    if args.metrics_command == "import":
        from finops_tui.sync.metrics import import_metrics

        path: Path = args.file
        done = import_metrics(db, path, now=now, replace=args.replace)
        print(
            f"{path.name}: {done.points:,} point{'' if done.points == 1 else 's'} of "
            f"{', '.join(done.metrics)} "
            f"({done.first_day}…{done.last_day}) stored in {db}",
            file=sys.stderr,
        )
        return 0
    return _list_metrics(db)


def _list_metrics(db: Path) -> int:
    from finops_tui.cache import CacheReader
    from finops_tui.errors import FinOpsError
    from finops_tui.queries.unit_economics import metric_list

    cache = CacheReader(db)
    if not cache.exists():
        raise FinOpsError(f"{db}: no cache yet; run `finops-tui demo` or `finops-tui metrics import FILE`")
    with cache.reader() as cur:
        series = metric_list(cur)
    if not series:
        print(f"{db}: no business metrics; import some with `finops-tui metrics import FILE.csv`")
        return 0
    width = max(len("metric"), *(len(s.metric) for s in series))
    print(f"{'metric':<{width}}  first day   last day    points")
    for s in series:
        print(f"{s.metric:<{width}}  {s.first_day}  {s.last_day}  {s.points:>6,}")
    return 0


def run_unit_report(args: argparse.Namespace) -> int:
    """Run ``report unit-economics`` from parsed arguments."""
    from finops_tui.reports.unit import run_report_unit
    from finops_tui.settings import load_settings
    from finops_tui.unit_models import parse_scope

    return run_report_unit(
        args.db or default_db_path(),
        settings=load_settings(args.config),
        metric=args.metric,
        scope=parse_scope(args.scope),
        grain=args.grain,
        as_of=args.as_of,
        output_format=args.format,
    )
