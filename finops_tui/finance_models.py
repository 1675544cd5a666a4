"""Frozen results of the finance questions: invoice reconciliation and the list-price view.

Finance asks whether the cache matches the invoice. A ``Reconciliation`` explains, for one billing
period of one billing account, how the billed cost (what the invoice charges) becomes the effective
cost (what the screens spend), one line per kind of charge, and keeps an explicit ``unexplained``
line so a gap is never hidden. A ``ListWaterfall`` walks from the public on-demand price down to the
effective cost, one discount per step. Money stays ``Decimal``; only the display rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal(0)

RECON_LINES: tuple[tuple[str, str, str], ...] = (
    ("usage_standard", "Usage at standard rates", "usage with no commitment discount"),
    ("usage_committed", "Usage covered by commitments", "amortised commitment cost, not billed again"),
    ("unused_commitment", "Unused commitment", "amortised into effective cost, not billed"),
    ("purchase_commitment", "Commitment purchases", "billed when bought, amortised into usage"),
    ("purchase_other", "Other purchases", "support, marketplace and one-off fees"),
    ("credit", "Credits", "credits and promotions"),
    ("tax", "Tax", "tax charged on the invoice"),
    ("adjustment", "Refunds and adjustments", "refunds, rounding and other adjustments"),
    ("correction", "Corrections of earlier periods", "ChargeClass 'Correction'"),
    ("unexplained", "Unexplained", "charges of no FOCUS category, and any residual"),
)
"""Reconciliation line kind, label and what it explains, in display order (``unexplained`` last)."""

LIST_STEPS: tuple[tuple[str, str], ...] = (
    ("negotiated", "Negotiated discount"),
    ("commitment", "Commitment discount"),
    ("unused", "Unused commitment"),
    ("credits", "Credits"),
    ("tax", "Tax"),
    ("other", "Other (purchases, adjustments)"),
    ("residual", "Residual"),
)
"""List-price view step kind and label, in display order (``residual`` last)."""


@dataclass(frozen=True)
class ReconLine:
    """One kind of charge in a billing period: its billed, effective and list cost."""

    kind: str
    label: str
    note: str
    rows: int
    billed: Decimal
    effective: Decimal
    list_cost: Decimal

    @property
    def difference(self) -> Decimal:
        """Billed minus effective: the part of the period's gap this line explains."""
        return self.billed - self.effective


@dataclass(frozen=True)
class Reconciliation:
    """One billing period of one provider and billing account, reconciled line by line."""

    period: date
    provider: str
    account: str
    currency: str | None
    rows: int
    billed: Decimal
    """Sum of BilledCost over the period's rows, asked separately from the lines."""
    effective: Decimal
    list_cost: Decimal
    lines: tuple[ReconLine, ...]
    """Every kind of charge that occurs, then ``unexplained`` (always present)."""
    invoice: Decimal | None
    """The invoice total recorded with ``finops-tui invoice`` (None when none was)."""
    invoice_currency: str | None
    imported_billed: Decimal | None
    """Billed cost the importer recorded for this (source, period) in the ``imports`` table."""
    imported_effective: Decimal | None
    not_final: tuple[str, ...]
    """Why the period's data may still change (empty when it is final)."""

    @property
    def difference(self) -> Decimal:
        """Billed minus effective for the whole period."""
        return self.billed - self.effective

    @property
    def unexplained(self) -> ReconLine:
        """The residual line (0.00 when every charge is accounted for)."""
        return self.lines[-1]

    @property
    def imported_differs(self) -> bool:
        """True when the importer recorded other totals than the cache now holds (rows changed since)."""
        return (self.imported_billed is not None and self.imported_billed != self.billed) or (
            self.imported_effective is not None and self.imported_effective != self.effective
        )

    @property
    def invoice_difference(self) -> Decimal | None:
        """Invoice minus billed cost (None without an invoice total, or when it is in another currency)."""
        if self.invoice is None or (self.invoice_currency or self.currency) != self.currency:
            return None
        return self.invoice - self.billed


@dataclass(frozen=True)
class ListStep:
    """One step of the walk from list price to effective cost (discounts are negative)."""

    kind: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class ListWaterfall:
    """A month (or the year to date) of one provider, from list price to effective cost."""

    label: str
    """``2026-09`` for a month, ``YTD 2026`` for the year to date."""
    provider: str
    currency: str | None
    list_cost: Decimal
    """ListCost of usage (committed or not): the public on-demand price of what ran."""
    steps: tuple[ListStep, ...]
    """Every step of ``LIST_STEPS``, ``residual`` last."""
    effective: Decimal
    """Sum of EffectiveCost over every row, asked separately from the steps."""

    @property
    def residual(self) -> Decimal:
        """What the steps leave unexplained (0.00 when the walk ends exactly at effective cost)."""
        return self.steps[-1].amount


@dataclass(frozen=True)
class FinanceView:
    """Everything the Finance screen and ``report reconciliation`` show."""

    as_of: date
    month: date | None
    """The one billing period asked for (None: every period up to ``as_of``)."""
    reconciliations: tuple[Reconciliation, ...]
    """Newest period first, then provider and billing account."""
    months: tuple[ListWaterfall, ...]
    """List-price view per month and provider, newest first."""
    year_to_date: tuple[ListWaterfall, ...]
    """List-price view per provider from January to the shown month."""
