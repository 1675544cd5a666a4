"""Tag normalisation: which spellings of a key or value mean the same thing, and what to call them.

Billing tags are typed by people, so ``Team``, ``team``, ``TEAM`` and ``"team "`` all appear, as do
``prod``, ``Prod`` and ``production``. Every allocation number is computed on *normalised* tags: keys
fold case, surrounding whitespace and punctuation (``CostCenter`` = ``cost-center`` = ``cost_center``),
then config and built-in aliases apply (``env`` → ``environment``); values fold case and whitespace,
then value aliases apply (``production`` → ``prod``). An empty or blank value counts as no tag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from finops_tui.allocation_config import DEFAULT_REQUIRED_TAGS, AllocationSettings

BUILTIN_KEY_ALIASES: dict[str, str] = {"env": "environment", "costcentre": "costcenter"}
"""Folded key → folded canonical key, applied unless the config maps the key elsewhere."""

BUILTIN_VALUE_ALIASES: dict[str, dict[str, str]] = {
    "environment": {
        "production": "prod",
        "prd": "prod",
        "development": "dev",
        "stage": "staging",
        "stg": "staging",
    }
}
"""Folded canonical key → (folded value → canonical value)."""

_NOT_ALNUM = re.compile(r"[^0-9a-z]")

TagSet = tuple[tuple[str, str], ...]
"""A tag map as a hashable, sorted tuple of (key, value) pairs."""


def fold_key(key: str) -> str:
    """``" Cost-Center"`` → ``costcenter``."""
    return _NOT_ALNUM.sub("", key.strip().lower())


def tag_set(tags: Mapping[str, str | None] | None) -> TagSet:
    """A hashable form of a tag map (None values become empty strings)."""
    if not tags:
        return ()
    return tuple(sorted((str(k), "" if v is None else str(v)) for k, v in tags.items()))


class TagRules:
    """The normalisation rules in force: required keys, key aliases and value aliases."""

    def __init__(self, required: Sequence[str] = (), allocation: AllocationSettings | None = None) -> None:
        alloc = allocation or AllocationSettings()
        self._keys: dict[str, str] = {}
        self._vals: dict[tuple[str, str], str] = {}
        """Memos per spelling: an estate has ten thousand tag sets but only hundreds of keys and values."""
        self.required: tuple[str, ...] = tuple(required) or DEFAULT_REQUIRED_TAGS
        self._key_aliases = dict(BUILTIN_KEY_ALIASES)
        self._display: dict[str, str] = {}
        for variant, canonical in alloc.key_aliases.items():
            self._key_aliases[fold_key(variant)] = fold_key(canonical)
            self._display.setdefault(fold_key(canonical), canonical.strip())
        for name in (*self.required, alloc.owner_tag):
            self._display[self.canon_key(name)] = name.strip()
        self._values: dict[str, dict[str, str]] = {k: dict(v) for k, v in BUILTIN_VALUE_ALIASES.items()}
        for key, table in alloc.value_aliases.items():
            target = self._values.setdefault(self.canon_key(key), {})
            for variant, canonical in table.items():
                target[variant.strip().lower()] = canonical.strip()
        self.owner_key = self.canon_key(alloc.owner_tag)
        self.signature: str = repr(
            (self.required, sorted(self._key_aliases.items()), self._values, self.owner_key)
        )
        """Identifies the rules (two TagRules with the same signature normalise identically)."""
        self.required_canon: tuple[str, ...] = tuple(self.canon_key(k) for k in self.required)
        self._memo: dict[TagSet, dict[str, str]] = {}

    def canon_key(self, key: str) -> str:
        """The folded canonical form of a key spelling."""
        found = self._keys.get(key)
        if found is None:
            folded = fold_key(key)
            found = self._keys[key] = self._key_aliases.get(folded, folded)
        return found

    def key_name(self, canonical: str) -> str:
        """How a canonical key is shown and proposed (the required/config spelling when there is one)."""
        return self._display.get(canonical, canonical)

    def has_name(self, canonical: str) -> bool:
        """True when the config (required keys, owner tag or an alias) names this key."""
        return canonical in self._display

    def canon_value(self, canonical_key: str, value: str) -> str:
        """The canonical form of a value of a (canonical) key."""
        found = self._vals.get((canonical_key, value))
        if found is None:
            folded = value.strip().lower()
            found = self._values.get(canonical_key, {}).get(folded, folded)
            self._vals[(canonical_key, value)] = found
        return found

    def value_aliases(self, canonical_key: str) -> dict[str, str]:
        """Folded value → canonical value for a canonical key (what SQL-side normalisation applies)."""
        return dict(self._values.get(canonical_key, {}))

    def has_value_alias(self, canonical_key: str, value: str) -> bool:
        """True when ``value`` is the target of a value alias of the key (so it is the proposal)."""
        return value in self._values.get(canonical_key, {}).values()

    def normalise(self, tags: TagSet) -> dict[str, str]:
        """Canonical key → canonical value; blank values are dropped (memoised per tag set)."""
        found = self._memo.get(tags)
        if found is None:
            found = {}
            for key, value in tags:
                if not value.strip():
                    continue
                canon = self.canon_key(key)
                found.setdefault(canon, self.canon_value(canon, value))
            self._memo[tags] = found
        return found

    def missing(self, tags: TagSet) -> tuple[str, ...]:
        """Required keys (as named in the config) that ``tags`` does not carry."""
        norm = self.normalise(tags)
        return tuple(
            name for name, canon in zip(self.required, self.required_canon, strict=True) if canon not in norm
        )

    def owner(self, tags: TagSet) -> str | None:
        """The owning team named by the owner tag (normalised), if any."""
        return self.normalise(tags).get(self.owner_key)
