"""The agenda's own questions (daily totals, new services and regions, commitments).

Everything else on the agenda comes from the other screens' query functions (``queries.trends``,
``waste``, ``anomalies``, ``queries.allocation``) so the agenda and those screens show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import duckdb

from finops_tui.queries import load_sql


@dataclass(frozen=True)
class NewItem:
    """A service or region with cost this month and none in the months before."""

    kind: str
    """``service`` or ``region``."""
    provider: str
    name: str
    cost: Decimal


@dataclass(frozen=True)
class Commitments:
    """Commitment discounts of one month."""

    used: Decimal
    unused: Decimal
    covered: Decimal
    eligible: Decimal

    @property
    def utilisation_pct(self) -> Decimal | None:
        """Used share of what the commitments cost (None without commitments)."""
        total = self.used + self.unused
        return None if not total else self.used / total * 100

    @property
    def coverage_pct(self) -> Decimal | None:
        """Share of eligible usage covered by a commitment (None without commitments)."""
        return None if not self.eligible else self.covered / self.eligible * 100


def daily_costs(cur: duckdb.DuckDBPyConnection, *, start: date, end: date) -> dict[date, Decimal]:
    """Effective cost per day from ``start`` to ``end`` inclusive (days without cost are absent)."""
    rows = cur.execute(load_sql("agenda_daily"), {"start": start, "end": end}).fetchall()
    return {day: cost for day, cost in rows}


def new_items(
    cur: duckdb.DuckDBPyConnection, *, start: date, end: date, lookback_days: int = 90
) -> list[NewItem]:
    """Services and regions with cost in ``[start, end]`` and none in the ``lookback_days`` before."""
    params = {"since": start - timedelta(days=lookback_days), "start": start, "end": end}
    return [NewItem(*row) for row in cur.execute(load_sql("agenda_new_items"), params).fetchall()]


def commitments(cur: duckdb.DuckDBPyConnection, *, start: date, end: date) -> Commitments:
    """Commitment utilisation and coverage for the charge days ``[start, end]``."""
    params = {"start": start, "end_excl": end + timedelta(days=1)}
    row = cur.execute(load_sql("agenda_commitments"), params).fetchone()
    assert row is not None
    return Commitments(*row)
