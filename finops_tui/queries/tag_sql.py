"""The normalised value of a tag key as a SQL expression, so every screen groups tags the same way.

The Allocation screen normalises tags in Python (``TagRules``), one tag set at a time. Trends and
Anomalies group millions of line items by a tag key inside DuckDB, so they need the same rules as an
expression: the first non-blank value among the key's spellings present in the cache (in the order
``TagRules.normalise`` takes them), folded to lower case without surrounding whitespace, then mapped by
the value aliases. Spellings and aliases are bound parameters; only generated parameter names and fixed
constants reach the SQL text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from finops_tui.tag_rules import TagRules

UNTAGGED = "(untagged)"
"""The group of rows that carry no (non-blank) value for the key."""

WHITESPACE = " \t\n\r\x0b\x0c"
"""What ``str.strip()`` removes in practice; DuckDB's one-argument ``trim`` removes spaces only."""


class TagLens:
    """Tag keys as the rules see them: canonical keys, their spellings in the cache, their values."""

    def __init__(self, rules: TagRules, raw_keys: Iterable[str], rolled_up: Iterable[str] = ()) -> None:
        self.rules = rules
        self.rolled_up = frozenset(rolled_up)
        """Canonical keys ``daily_tag_cost`` holds resolved under these very rules (see
        ``sync.tag_rollup``): a view of one of them reads that rollup, not the line items."""
        spellings: dict[str, list[str]] = {}
        for raw in sorted(set(raw_keys)):
            spellings.setdefault(rules.canon_key(raw), []).append(raw)
        self._spellings = {canon: tuple(keys) for canon, keys in spellings.items() if canon}

    def canon(self, key: str) -> str:
        """The canonical key of any spelling (``"Cost Center "`` → ``costcenter``)."""
        return self.rules.canon_key(key)

    def spellings(self, key: str) -> tuple[str, ...]:
        """The spellings of ``key`` that occur in the cache, sorted."""
        return self._spellings.get(self.canon(key), ())

    def named_keys(self) -> list[tuple[str, str]]:
        """``(canonical key, display name)`` of every key in the cache, by display name."""
        named = [(canon, self.rules.key_name(canon)) for canon in self._spellings]
        return sorted(named, key=lambda pair: (pair[1].lower(), pair[0]))

    def name(self, key: str) -> str:
        """How a key is shown: the config's spelling when it names it, else the canonical form."""
        return self.rules.key_name(self.canon(key))

    def value_sql(
        self, key: str, params: dict[str, Any], prefix: str, *, column: str = "Tags", raw: bool = False
    ) -> str:
        """SQL for the normalised value of ``key`` in ``column`` (``'(untagged)'`` when it has none).

        Adds ``{prefix}ws``, ``{prefix}k0``… (and ``{prefix}af``/``{prefix}at`` for value aliases) to
        ``params``. ``column`` must be a trusted identifier such as ``Tags`` or ``r.Tags``. With
        ``raw`` the expression reads each spelling's value from a column ``{prefix}_0``… that a
        pre-aggregating subquery provides (see ``raw_columns``) instead of looking it up in the map.
        """
        spellings = self.spellings(key)
        if not spellings:
            return f"'{UNTAGGED}'"
        params[f"{prefix}ws"] = WHITESPACE
        firsts = []
        for n, spelling in enumerate(spellings):
            params[f"{prefix}k{n}"] = spelling
            value = f"{prefix}_{n}" if raw else f"{column}[${prefix}k{n}]"
            firsts.append(f"nullif(trim({value}, ${prefix}ws), '')")
        value = f"lower({firsts[0] if len(firsts) == 1 else 'coalesce(' + ', '.join(firsts) + ')'})"
        aliases = self.rules.value_aliases(self.canon(key))
        if aliases:
            params[f"{prefix}af"] = list(aliases)
            params[f"{prefix}at"] = list(aliases.values())
            value = f"coalesce(${prefix}at[list_position(${prefix}af, {value})], {value})"
        return f"coalesce({value}, '{UNTAGGED}')"


_SPELLING_PARAM = re.compile(r"^([a-z]+[0-9]*)k([0-9]+)$")


def raw_columns(params: dict[str, Any], *, column: str = "Tags") -> list[str]:
    """``{column}[$pk0] AS pk_0``… for every spelling parameter ``value_sql(raw=True)`` added.

    A subquery that groups by these raw values (a handful per day) lets the outer query trim, fold
    and alias each distinct value once, instead of once per line item: the normalisation is most of
    the cost of a tag question asked of the line items.
    """
    found = [m for m in map(_SPELLING_PARAM.match, params) if m]
    return [f"{column}[${m.group(0)}] AS {m.group(1)}_{m.group(2)}" for m in found]


def without_spellings(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` less the spelling parameters, for a query over columns ``raw_columns`` already made."""
    return {name: value for name, value in params.items() if not _SPELLING_PARAM.match(name)}


class TagKey:
    """One tag key seen through a lens: what the anomaly detector groups by when a tag is configured."""

    def __init__(self, lens: TagLens, key: str) -> None:
        self.lens = lens
        self.key = key

    def present(self) -> bool:
        """True when some spelling of the key occurs in the cache."""
        return bool(self.lens.spellings(self.key))

    def sql(self, params: dict[str, Any], prefix: str, *, column: str = "Tags") -> str:
        """The normalised value expression (see ``TagLens.value_sql``)."""
        return self.lens.value_sql(self.key, params, prefix, column=column)
