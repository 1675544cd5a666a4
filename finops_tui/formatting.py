"""Pure formatting of money, counts and dates for the CLI and the screens (no widgets here)."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def money(value: Decimal | float | int | None, currency: str | None = "USD", *, places: int = 2) -> str:
    """``$1,234.56``: rounded half-even to the cent (or ``places`` decimals), the currency's symbol or
    code in front."""
    if value is None:
        return "—"
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    symbol = _SYMBOLS.get((currency or "").upper())
    sign = "-" if amount < 0 else ""
    body = f"{abs(amount):,.{places}f}"
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


def short_id(text: str, width: int) -> str:
    """A resource id in at most ``width`` cells, keeping what tells ids apart: the end.

    Ids of one estate share long starts (every Azure id of a subscription begins with the same 51
    characters, every ARN with ``arn:aws:<service>:<region>:<account>:``), so cutting the end makes
    them all read the same. This keeps a short head naming the kind of id (``arn:aws:ec2``,
    ``/subscriptions/5c6d``), an ellipsis, then the longest run of whole trailing segments that fits
    (``…/natgw-prod-01``); a last segment too long for that is cut at its start.
    """
    if len(text) <= width:
        return text
    head = _id_head(text)
    for start in (head, ""):
        room = width - len(start) - 1
        cuts = [i for i, ch in enumerate(text) if ch in "/:" and len(start) <= i and len(text) - i <= room]
        if cuts and room > 0:
            return f"{start}…{text[min(cuts) :]}"
    return "…" + text[len(text) - width + 1 :] if width > 1 else "…"[:width]


def fit_label(label: str, room: int, *, ids: bool) -> str:
    """A label in ``room`` cells: ids keep their end (what tells them apart), names their start."""
    if len(label) <= room:
        return label
    return short_id(label, room) if ids else label[: room - 1] + "…"


def _id_head(text: str) -> str:
    """``arn:aws:ec2`` of an ARN, ``/subscriptions/5c6d`` of an Azure id, else nothing."""
    parts = text.split(":")
    if parts[0] == "arn" and len(parts) >= 6:
        return ":".join(parts[:3])
    lower = text.lower()
    if lower.startswith("/subscriptions/"):
        return text[: len("/subscriptions/") + 4]
    return ""
