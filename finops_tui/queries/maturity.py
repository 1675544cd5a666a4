"""The one question only the executive summary asks: what discounts saved over a span of days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb

from finops_tui.queries import load_sql


def discounts(cur: duckdb.DuckDBPyConnection, *, start: date, end: date) -> Decimal:
    """List price minus effective cost over ``[start, end]`` (what commitments and rates saved)."""
    row = cur.execute(load_sql("exec_discounts"), {"start": start, "end": end}).fetchone()
    return Decimal(row[0]) if row and row[0] is not None else Decimal(0)
