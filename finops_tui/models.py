"""Frozen dataclasses that queries return and screens and reports render.

Field order matches the column order of the ``.sql`` file that fills each one (checked by tests), so
a query function builds them positionally from the rows DuckDB returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class SourceStatus:
    """What the cache holds for one source: a format and billing account of one provider."""

    provider: str
    source_format: str
    billing_account_id: str
    periods: int
    first_period: datetime
    last_period: datetime
    rows: int
    billed_cost: Decimal
    effective_cost: Decimal
    currency: str | None
    last_import: datetime
    newest_charge: datetime | None
