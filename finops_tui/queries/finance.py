"""The finance questions: does the cache match the invoice, and what did discounts take off the list price?

Five ``.sql`` files: period totals, the same rows split into reconciliation lines, the importer's own
totals, recorded invoice totals and the list-price steps. The totals are asked apart from the lines on
purpose: the ``unexplained`` line is what the lines fail to add up to, so a charge that escapes every
line shows up there instead of vanishing. The screen and ``report reconciliation`` both call
:func:`finance_view`, so they show the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import duckdb

from finops_tui.finance_models import (
    LIST_STEPS,
    RECON_LINES,
    ZERO,
    FinanceView,
    ListStep,
    ListWaterfall,
    Reconciliation,
    ReconLine,
)
from finops_tui.queries import load_sql
from finops_tui.queries.allocation import add_months, month_start

Key = tuple[date, str, str]
"""(period, provider, billing account)."""

_EARLIEST = date(1900, 1, 1)


def _rows(cur: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> list[Any]:
    return cur.execute(load_sql(name), params).fetchall()


def _optional(cur: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any], table: str) -> list[Any]:
    """Rows from a table an older cache may lack (no invoices recorded yet): none then."""
    try:
        return _rows(cur, name, params)
    except duckdb.CatalogException as exc:
        if table in str(exc):
            return []
        raise


def _day(value: datetime | date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def not_final_reasons(
    period: date, period_end: date | None, newest: date | None, aggregate_only: bool, as_of: date
) -> tuple[str, ...]:
    """Why a billing period's figures may still change (empty when final).

    ``period_end`` and ``newest`` are exclusive ends (FOCUS periods end at the next midnight).
    """
    end = period_end or add_months(period, 1)
    reasons = []
    if end > as_of + timedelta(days=1):
        reasons.append(f"the period runs to {end - timedelta(days=1):%Y-%m-%d}, after the as-of day")
    if newest is not None and newest < end:
        reasons.append(f"its newest charge ends {newest - timedelta(days=1):%Y-%m-%d}, before the period end")
    if aggregate_only:
        reasons.append("only daily-aggregate API rows cover it (no line items yet)")
    return tuple(reasons)


def _lines(
    found: dict[str, tuple[int, Decimal, Decimal, Decimal]], totals: tuple[Decimal, ...]
) -> tuple[ReconLine, ...]:
    """The lines that occur, then ``unexplained``: unclassified rows plus whatever the totals leave over."""
    out: list[ReconLine] = []
    sums = [ZERO, ZERO, ZERO]
    for kind, label, note in RECON_LINES:
        rows, billed, effective, list_cost = found.get(kind, (0, ZERO, ZERO, ZERO))
        sums = [sums[0] + billed, sums[1] + effective, sums[2] + list_cost]
        if kind == "unexplained":
            billed += totals[0] - sums[0]
            effective += totals[1] - sums[1]
            list_cost += totals[2] - sums[2]
        elif not rows:
            continue
        out.append(ReconLine(kind, label, note, rows, billed, effective, list_cost))
    return tuple(out)


def reconciliations(
    cur: duckdb.DuckDBPyConnection, *, as_of: date, first: date, last: date
) -> list[Reconciliation]:
    """Every billing period from ``first`` to ``last`` per provider and billing account, reconciled."""
    params = {"first": first, "last": last}
    lines: dict[tuple[Key, str | None], dict[str, tuple[int, Decimal, Decimal, Decimal]]] = defaultdict(dict)
    for period, provider, account, currency, kind, rows, billed, effective, list_cost in _rows(
        cur, "fin_lines", params
    ):
        lines[((period, provider, account), currency)][kind] = (rows, billed, effective, list_cost)
    imported = {
        (p, prov, acct): (b, e) for p, prov, acct, b, e in _optional(cur, "fin_imports", params, "imports")
    }
    invoices = {
        (p, prov.lower(), acct): (amount, currency)
        for p, prov, acct, amount, currency in _optional(cur, "fin_invoices", params, "invoice_totals")
    }
    out = []
    for row in _rows(cur, "fin_periods", params):
        period, provider, account, currency, rows, billed, effective, list_cost, end, newest, agg = row
        key: Key = (period, provider, account)
        invoice, inv_currency = invoices.get((period, provider.lower(), account), (None, None))
        imp_billed, imp_effective = imported.get(key, (None, None))
        out.append(
            Reconciliation(
                period=period,
                provider=provider,
                account=account,
                currency=currency,
                rows=rows,
                billed=billed,
                effective=effective,
                list_cost=list_cost,
                lines=_lines(lines[(key, currency)], (billed, effective, list_cost)),
                invoice=invoice,
                invoice_currency=inv_currency,
                imported_billed=imp_billed,
                imported_effective=imp_effective,
                not_final=not_final_reasons(period, _day(end), _day(newest), agg == rows, as_of),
            )
        )
    return out


def _waterfall(label: str, provider: str, currency: str | None, values: tuple[Decimal, ...]) -> ListWaterfall:
    list_cost, *steps, effective = values
    residual = effective - list_cost - sum(steps, ZERO)
    amounts = (*steps, residual)
    return ListWaterfall(
        label=label,
        provider=provider,
        currency=currency,
        list_cost=list_cost,
        steps=tuple(ListStep(kind, name, a) for (kind, name), a in zip(LIST_STEPS, amounts, strict=True)),
        effective=effective,
    )


def list_price_view(
    cur: duckdb.DuckDBPyConnection, *, first: date, last: date, ytd_from: date
) -> tuple[list[ListWaterfall], list[ListWaterfall]]:
    """Per month and provider from ``first`` to ``last``, and per provider from ``ytd_from`` to ``last``."""
    start = min(first, ytd_from)
    rows = _rows(cur, "fin_list_steps", {"first": start, "last": last})
    months = [_waterfall(f"{r[0]:%Y-%m}", r[1], r[2], tuple(r[3:])) for r in rows if r[0] >= first]
    ytd: dict[tuple[str, str | None], list[Decimal]] = {}
    for r in rows:
        if r[0] >= ytd_from:
            acc = ytd.setdefault((r[1], r[2]), [ZERO] * 8)
            ytd[(r[1], r[2])] = [a + b for a, b in zip(acc, r[3:], strict=True)]
    year = [
        _waterfall(f"YTD {last:%Y}", provider, currency, tuple(values))
        for (provider, currency), values in sorted(ytd.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    ]
    return months, year


def finance_view(cur: duckdb.DuckDBPyConnection, *, as_of: date, month: date | None = None) -> FinanceView:
    """Reconciliation and list-price view of one period (``month``) or of every period up to ``as_of``."""
    newest = _rows(cur, "fin_last_period", {"end_excl": as_of + timedelta(days=1)})[0][0]
    last = month or max(month_start(as_of), newest or month_start(as_of))
    first = month or _EARLIEST
    recon = reconciliations(cur, as_of=as_of, first=first, last=last)
    months, year = list_price_view(cur, first=first, last=last, ytd_from=date(last.year, 1, 1))
    return FinanceView(
        as_of=as_of,
        month=month,
        reconciliations=tuple(recon),
        months=tuple(months),
        year_to_date=tuple(year),
    )
