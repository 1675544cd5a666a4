"""Pure formatting of money, counts and dates for the CLI and the screens (no widgets here)."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def money(value: Decimal | float | int | None, currency: str | None = "USD") -> str:
    """``$1,234.56``: rounded half-even to the cent, the currency's symbol or code in front."""
    if value is None:
        return "—"
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    symbol = _SYMBOLS.get((currency or "").upper())
    sign = "-" if amount < 0 else ""
    body = f"{abs(amount):,.2f}"
    if symbol:
        return f"{sign}{symbol}{body}"
    return f"{sign}{body} {currency}" if currency else f"{sign}{body}"


def money_short(value: Decimal | float | int | None, currency: str | None = "USD") -> str:
    """``$1.2M``, ``$334k``, ``$950``: for tiles where the cents would not fit (never for reconciling)."""
    if value is None:
        return "—"
    amount = Decimal(str(value))
    for limit, suffix in ((Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "k")):
        if abs(amount) >= limit:
            scaled = (amount / limit).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
            if abs(scaled) >= 100:
                scaled = scaled.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
            short = f"{scaled}{suffix}"
            break
    else:
        short = f"{amount.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)}"
    symbol = _SYMBOLS.get((currency or "").upper())
    sign, body = ("-", short[1:]) if short.startswith("-") else ("", short)
    if symbol:
        return f"{sign}{symbol}{body}"
    return f"{sign}{body} {currency}" if currency else f"{sign}{body}"


def count(value: int) -> str:
    """``1,234,567``."""
    return f"{value:,}"


def month(value: datetime | None) -> str:
    """``2024-09`` for a billing period start."""
    return "—" if value is None else f"{value:%Y-%m}"


def day(value: datetime | None) -> str:
    """``2024-09-30``."""
    return "—" if value is None else f"{value:%Y-%m-%d}"


def stamp(value: datetime | None) -> str:
    """``2026-11-22 06:07`` (UTC) for import times."""
    return "—" if value is None else f"{value:%Y-%m-%d %H:%M}"
