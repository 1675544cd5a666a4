"""Invoice totals typed in or imported from a CSV, stored beside the billing data they are checked against.

The invoice is the one figure the cache cannot produce itself: finance keys it in from the PDF (or a
CSV from the billing portal) so the Finance screen can show invoice vs billed cost. Totals go through
``CacheWriter`` like every import: a private copy is written and swapped in, so a bad line, a lock or a
crash leaves the live cache exactly as it was. A CSV is validated whole before anything is written.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from finops_tui.errors import FinOpsError
from finops_tui.sync.writer import CacheWriter

INVOICE_TOTALS_DDL = """
CREATE TABLE IF NOT EXISTS invoice_totals (
    provider VARCHAR NOT NULL,              -- ProviderName the invoice is for (AWS, Microsoft ...)
    billing_account_id VARCHAR NOT NULL,    -- BillingAccountId it was issued to
    billing_period_start DATE NOT NULL,     -- first day of the billing period
    amount DECIMAL(38, 10) NOT NULL,        -- invoice total, tax included
    currency VARCHAR,                       -- invoice currency (None: not given)
    source VARCHAR NOT NULL,                -- 'set' or the CSV file name
    recorded_at TIMESTAMP NOT NULL,         -- wall-clock time it was recorded (UTC)
    PRIMARY KEY (provider, billing_account_id, billing_period_start)
)
"""
"""One invoice total per provider, billing account and period; recording it again replaces it."""

_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
"""What an amount may look like: no exponent, no thousands separator, no currency sign."""

CSV_FIELDS = ("provider", "billing_account", "period", "amount", "currency")
"""Columns of an invoice CSV (``currency`` may be left out or empty)."""


@dataclass(frozen=True)
class InvoiceTotal:
    """One invoice total as recorded."""

    provider: str
    account: str
    period: date
    amount: Decimal
    currency: str | None


def parse_period(text: str, where: str) -> date:
    """``2026-09`` → 2026-09-01, else a FinOpsError naming ``where``."""
    try:
        year, month = text.strip().split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError(text)
        return date(int(year), int(month), 1)
    except ValueError:
        raise FinOpsError(f"{where}: {text!r} is not a billing period (YYYY-MM)") from None


def parse_amount(text: str, where: str) -> Decimal:
    """A decimal amount such as ``1234.56`` (a thousands comma is refused), else a FinOpsError."""
    if not _AMOUNT.fullmatch(text.strip()):  # "1e5" is a typo far more often than 100000
        raise FinOpsError(f"{where}: {text!r} is not an amount (digits and a decimal point)")
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise FinOpsError(f"{where}: {text!r} is not an amount (digits and a decimal point)") from None


def _text(value: str, where: str) -> str:
    value = value.strip()
    if not value:
        raise FinOpsError(f"{where}: empty")
    return value


def invoice_total(
    provider: str, account: str, period: str, amount: str, currency: str | None, where: str = "invoice"
) -> InvoiceTotal:
    """Validate one invoice total from text; errors name ``where`` and the field."""
    cur = (currency or "").strip().upper() or None
    if cur is not None and not (len(cur) == 3 and cur.isascii() and cur.isalpha()):
        # a currency the billing data never uses would hide the invoice - billed difference
        raise FinOpsError(f"{where}: field 'currency': {currency!r} is not a currency code (e.g. USD)")
    return InvoiceTotal(
        provider=_text(provider, f"{where}: field 'provider'"),
        account=_text(account, f"{where}: field 'billing_account'"),
        period=parse_period(period, f"{where}: field 'period'"),
        amount=parse_amount(amount, f"{where}: field 'amount'"),
        currency=cur,
    )


def read_invoice_csv(path: Path) -> list[InvoiceTotal]:
    """Every line of an invoice CSV, or a FinOpsError naming the file, line and field of the first bad one."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            missing = [f for f in CSV_FIELDS[:4] if f not in header]
            if missing:
                raise FinOpsError(f"{path}:1: missing column {missing[0]!r} (need {', '.join(CSV_FIELDS)})")
            reader.fieldnames = header
            totals: list[InvoiceTotal] = []
            first_line: dict[tuple[str, str, date], int] = {}
            for record in reader:
                where = f"{path}:{reader.line_num}"
                if None in record:
                    raise FinOpsError(f"{where}: more fields than the header has")
                get = {k: (record.get(k) or "") for k in CSV_FIELDS}
                totals.append(
                    invoice_total(
                        get["provider"],
                        get["billing_account"],
                        get["period"],
                        get["amount"],
                        get["currency"],
                        where,
                    )
                )
                t = totals[-1]
                seen = first_line.setdefault((t.provider, t.account, t.period), reader.line_num)
                if seen != reader.line_num:  # the later line would silently replace the earlier one
                    raise FinOpsError(
                        f"{where}: {t.provider} {t.account} {t.period:%Y-%m} is already on line {seen}; "
                        "one total per invoice (add the amounts up)"
                    )
    except OSError as exc:
        raise FinOpsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise FinOpsError(f"{path}: not a readable CSV file ({exc})") from None
    if not totals:
        raise FinOpsError(f"{path}: no invoice lines")
    return totals


def store_invoice_totals(db: Path, totals: Iterable[InvoiceTotal], *, source: str, now: datetime) -> int:
    """Record ``totals`` in the cache, all or none; returns how many were written."""
    rows = [(t.provider, t.account, t.period, t.amount, t.currency, source, now) for t in totals]
    if not db.exists():
        raise FinOpsError(f"{db}: no cache yet; import billing data before recording invoices")
    with CacheWriter(db) as writer:
        con = writer.connection
        con.execute(INVOICE_TOTALS_DDL)
        con.executemany("INSERT OR REPLACE INTO invoice_totals VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        writer.commit()
    return len(rows)
