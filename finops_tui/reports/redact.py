"""Redaction for screen-sharing: account ids and names, subscription ids and resource ids become pseudonyms.

A pseudonym is derived from the value by a hash, so the same account reads the same on every screen, in
every export and in every session (``account-3f9a1c``), while the real value never reaches the
terminal. Costs, services, regions and tags are kept: they are what the room needs to read — except
e-mail addresses, which owner tags often hold (``ana@acme.example`` → ``person-5b1e07``): a person's
address is not the room's to read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

REDACTED_DIMENSIONS: dict[str, str] = {
    "billing_account": "account",
    "sub_account": "subaccount",
    "resource": "resource",
}
"""Dimension → pseudonym prefix for every dimension whose values identify an estate."""

_KEEP = {"(none)", "(untagged)", "(other)", ""}
_SUBSCRIPTION = re.compile(r"/subscriptions/[0-9A-Za-z-]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def pseudonym(kind: str, value: str) -> str:
    """A stable pseudonym such as ``account-3f9a1c`` for ``value``."""
    digest = hashlib.sha256(f"{kind}\0{value}".encode()).hexdigest()[:6]
    return f"{kind}-{digest}"


@dataclass(frozen=True)
class Redactor:
    """Replaces identifying values when ``on``; passes everything through when off."""

    on: bool = False

    def value(self, dimension: str, text: str) -> str:
        """``text`` as shown for a value of ``dimension``."""
        if not self.on or text in _KEEP:
            return text
        kind = REDACTED_DIMENSIONS.get(dimension)
        if kind is not None:
            return pseudonym(kind, text)
        text = _SUBSCRIPTION.sub(lambda m: "/subscriptions/" + pseudonym("sub", m.group(0)), text)
        return _EMAIL.sub(lambda m: pseudonym("person", m.group(0).lower()), text)

    def label(self, dimension: str, key: str, label: str) -> str:
        """A group's display label: pseudonym of the *key* when redacted (names identify too)."""
        if self.on and dimension in REDACTED_DIMENSIONS:
            return self.value(dimension, key)
        return self.value(dimension, label)
