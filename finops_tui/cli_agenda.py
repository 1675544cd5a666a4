"""The ``agenda`` and ``snapshot`` subcommands and the ``--snapshot`` / ``--present`` TUI options.

Headless: the wall clock (``now``) comes from ``cli.py``; nothing here imports Textual.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from finops_tui.config import default_db_path
from finops_tui.errors import FinOpsError
from finops_tui.workspace import Workspace


def parse_month(text: str) -> date:
    """``YYYY-MM`` → the first day of that month."""
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month (YYYY-MM)") from None


def add_agenda_options(parser: argparse.ArgumentParser) -> None:
    """``--snapshot FILE`` and ``--present`` on the TUI command line."""
    parser.add_argument("--snapshot", type=Path, metavar="FILE", help="open a snapshot file, read-only")
    parser.add_argument(
        "--present", action="store_true", help="open the agenda in presentation mode (redaction on)"
    )


def add_agenda_parsers(sub: Any, common: argparse.ArgumentParser, view: argparse.ArgumentParser) -> None:
    """Add ``agenda`` and ``snapshot`` to the subcommands."""
    ag = sub.add_parser(
        "agenda",
        parents=[common, view],
        help="the monthly cost review agenda and minutes (Markdown or JSON)",
        description="The Agenda screen's five parts (cost performance, optimisation, architecture and "
        "changes, budget and forecast, action items) for a month, with the same figures as the screen. "
        "Month default: the last complete month, plus the month to date.",
    )
    ag.add_argument("--month", type=parse_month, metavar="YYYY-MM", help="month reviewed")
    ag.add_argument("--format", choices=("markdown", "json"), default="markdown", help="output format")
    ag.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    ag.add_argument("--snapshot", type=Path, metavar="FILE", help="read a snapshot file instead of the cache")
    ag.add_argument(
        "--finalise",
        action="store_true",
        help="record this agenda's forecasts (with their inputs) to measure their accuracy next month",
    )
    sn = sub.add_parser(
        "snapshot",
        parents=[common, view],
        help="write a frozen snapshot (cache + workspace) to open offline with --snapshot",
        description="Write one ZIP file holding the cache and its workspace (action items, budgets, "
        "triage, recorded forecasts). `finops-tui --snapshot FILE` opens it on any machine, read-only, "
        "with no credentials or network.",
    )
    sn.add_argument("--out", type=Path, metavar="FILE", required=True, help="snapshot file to write")


def run_agenda_command(args: argparse.Namespace, *, now: datetime) -> int:
    """Run ``agenda`` or ``snapshot`` from parsed arguments."""
    from finops_tui.settings import load_settings

    settings = load_settings(args.config)
    db = args.db or default_db_path()
    if args.command == "snapshot":
        from finops_tui.cache import CacheReader
        from finops_tui.queries import trends
        from finops_tui.snapshot import write_snapshot

        if args.redact:  # it would look redacted yet carry every id: refuse, and say why
            raise FinOpsError(
                "snapshot: --redact does not apply; a snapshot carries the cache as it is (share it only "
                "with people who may see the ids): write it without --redact, then present it redacted "
                f"with 'finops-tui --snapshot {args.out} --redact'"
            )
        if not CacheReader(db).exists():
            raise FinOpsError(f"{db}: no cache to snapshot")
        with CacheReader(db).reader() as cur:
            as_of = args.as_of or trends.default_as_of(cur)
        write_snapshot(db, args.out, now=now, as_of=as_of)
        print(f"wrote {args.out} (as of {as_of or '—'})", file=sys.stderr)
        return 0
    from finops_tui.reports.agenda import run_agenda

    ws = Workspace.for_cache(db)
    as_of = args.as_of
    if args.snapshot is not None:
        from finops_tui.snapshot import open_snapshot

        opened = open_snapshot(args.snapshot)
        db, ws, as_of = opened.cache, opened.workspace, as_of or opened.info.as_of
    return run_agenda(
        db,
        ws,
        settings=settings,
        as_of=as_of,
        month=args.month,
        output_format=args.format,
        out=args.out,
        redact=args.redact,
        finalise_at=now if args.finalise else None,
    )
