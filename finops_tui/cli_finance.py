"""``finops-tui invoice set|import`` and ``finops-tui report reconciliation``: parsers and dispatch.

The invoice commands record the figure the cache cannot know (the invoice total) through the sync
layer; the report prints the Finance screen's numbers from the same query functions.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from finops_tui.config import default_db_path, no_cache_message


def add_reconciliation_report(
    which: Any, common: argparse.ArgumentParser, view: argparse.ArgumentParser
) -> None:
    """Add ``report reconciliation`` to the ``report`` subparsers."""
    rc = which.add_parser(
        "reconciliation",
        parents=[common, view],
        help="invoice reconciliation: billed vs effective vs list per billing period, line by line",
        description="The Finance screen's numbers: per billing period, provider and billing account, "
        "billed, effective and list cost with every difference explained by a line (usage, commitment "
        "usage, unused commitment, purchases, credits, tax, adjustments, corrections, unexplained), the "
        "invoice total when one was recorded, and the list-price view per month and for the year to "
        "date. CSV gives the reconciliation lines. Default: every period up to --as-of.",
    )
    rc.add_argument("--format", choices=("json", "csv", "markdown"), default="json", help="output format")
    rc.add_argument("--month", metavar="YYYY-MM", help="one billing period (default: every period)")


def add_invoice_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``invoice set`` and ``invoice import`` to the top-level subparsers."""
    inv = sub.add_parser(
        "invoice",
        parents=[common],
        help="record invoice totals to reconcile the cache against",
        description="Record what the provider's invoice says, so the Finance screen shows invoice vs "
        "billed cost. Recording a total again for the same provider, account and period replaces it.",
    )
    what = inv.add_subparsers(dest="invoice", metavar="ACTION", required=True)
    st = what.add_parser("set", parents=[common], help="record one invoice total")
    st.add_argument("--provider", required=True, help="ProviderName, e.g. AWS or Microsoft")
    st.add_argument("--account", required=True, metavar="ID", help="BillingAccountId of the invoice")
    st.add_argument("--period", required=True, metavar="YYYY-MM", help="billing period")
    st.add_argument("--currency", metavar="C", help="invoice currency, e.g. USD")
    st.add_argument("amount", help="invoice total, tax included (e.g. 12345.67)")
    im = what.add_parser(
        "import",
        parents=[common],
        help="record invoice totals from a CSV file",
        description="CSV columns: provider, billing_account, period (YYYY-MM), amount, currency "
        "(optional). Every line is checked before anything is written.",
    )
    im.add_argument("file", metavar="FILE.csv", help="CSV of invoice totals")


def run_finance_command(args: argparse.Namespace, *, now: datetime) -> int:
    """Run ``invoice set|import`` or ``report reconciliation`` from parsed arguments."""

    from finops_tui.sync import invoices

    db = args.db or default_db_path()
    if args.command == "invoice" and args.invoice == "set":
        total = invoices.invoice_total(
            args.provider, args.account, args.period, args.amount, args.currency, where="invoice set"
        )
        invoices.store_invoice_totals(db, [total], source="set", now=now)
        print(f"recorded invoice {total.provider} {total.account} {total.period:%Y-%m}: {total.amount}")
        return 0
    if args.command == "invoice":
        path = Path(args.file)
        totals = invoices.read_invoice_csv(path)
        count = invoices.store_invoice_totals(db, totals, source=path.name, now=now)
        print(f"recorded {count} invoice total{'s' if count != 1 else ''} from {path}")
        return 0
    return _run_report(args, db)


def _run_report(args: argparse.Namespace, db: Path) -> int:
    from finops_tui.cache import CacheReader
    from finops_tui.errors import FinOpsError
    from finops_tui.queries import finance
    from finops_tui.queries.allocation import parse_month
    from finops_tui.queries.trends import default_as_of
    from finops_tui.reports import finance as render
    from finops_tui.reports.redact import Redactor
    from finops_tui.reports.trends import to_json
    from finops_tui.settings import load_settings

    settings = load_settings(args.config)
    month = parse_month(args.month) if args.month else None
    cache = CacheReader(db)
    if not cache.exists():
        raise FinOpsError(no_cache_message(db))
    with cache.reader() as cur:
        as_of = args.as_of or default_as_of(cur)
        if as_of is None:
            raise FinOpsError(
                f"{db}: the cache is empty; run `finops-tui demo` or `finops-tui import PATH...`"
            )
        if month is not None and month > as_of:
            raise FinOpsError(f"--month {month:%Y-%m}: after the as-of day {as_of}; pass a later --as-of")
        view = finance.finance_view(cur, as_of=as_of, month=month)
    if month is not None and not view.reconciliations:
        raise FinOpsError(f"--month {month:%Y-%m}: {db} has no billing period that month")
    redactor = Redactor(args.redact or settings.redact)
    if args.format == "csv":
        text = render.to_csv(view, redactor)
    else:
        doc = render.as_document(view, redactor)
        text = to_json(doc) + "\n" if args.format == "json" else render.to_markdown(doc)
    sys.stdout.write(text)
    return 0
