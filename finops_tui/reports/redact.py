"""Redaction for screen-sharing: account ids and names, subscription ids and resource ids become pseudonyms.

A pseudonym is derived from the value by a hash, so the same account reads the same on every screen, in
every export and in every session (``account-3f9a1c``), while the real value never reaches the
terminal. Costs, services, regions and tags are kept: they are what the room needs to read — except
e-mail addresses, which owner tags often hold (``ana@acme.example`` → ``person-5b1e07``): a person's
address is not the room's to read.

Free text — a triage owner or note, an action item's owner, a waste check's command and evidence —
goes through ``Redactor.text``, which finds what identifies an estate inside prose: ARNs and Azure
resource paths (as the resource they name), AWS account numbers, GUIDs (subscription, tenant,
reservation and order ids), EC2-style resource ids and e-mail addresses.
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
_END = r"""[^\s,;"'`()\[\]<>]"""
_ARN = re.compile(rf"\barn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:\d{{0,12}}:{_END}+")
_AZURE_RESOURCE = re.compile(rf"/subscriptions/[0-9A-Za-z-]+/{_END}*providers/{_END}+", re.IGNORECASE)
_GUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE)
_AWS_ACCOUNT = re.compile(r"(?<![\d.,])\d{12}(?![\d.,])")
_AWS_ID = re.compile(
    r"\b(?:i|vol|snap|eni|eipalloc|eipassoc|nat|igw|sg|subnet|vpc|vpce|ami|lt|rtb|acl|tgw|fs|r|ri|sp)"
    r"-[0-9a-f]{8,17}\b"
)


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
        return self.text(text)

    def text(self, text: str) -> str:
        """Free text with every identifier found in it replaced (see the module docstring).

        A whole ARN or Azure resource path becomes the resource's pseudonym, the one its row shows;
        what is left is scrubbed piece by piece, so an account number or GUID quoted in a note or a
        command line does not survive either.
        """
        if not self.on or not text:
            return text
        text = _ARN.sub(lambda m: pseudonym("resource", m.group(0)), text)
        text = _AZURE_RESOURCE.sub(lambda m: pseudonym("resource", m.group(0)), text)
        text = _SUBSCRIPTION.sub(lambda m: "/subscriptions/" + pseudonym("sub", m.group(0)), text)
        text = _EMAIL.sub(lambda m: pseudonym("person", m.group(0).lower()), text)
        text = _GUID.sub(lambda m: pseudonym("id", m.group(0).lower()), text)
        text = _AWS_ACCOUNT.sub(lambda m: pseudonym("account", m.group(0)), text)
        return _AWS_ID.sub(lambda m: pseudonym("resource", m.group(0)), text)

    def label(self, dimension: str, key: str, label: str) -> str:
        """A group's display label: pseudonym of the *key* when redacted (names identify too)."""
        if self.on and dimension in REDACTED_DIMENSIONS:
            return self.value(dimension, key)
        return self.value(dimension, label)
