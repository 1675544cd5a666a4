"""The daily cost per tag key and normalised value, resolved under the import's tag rules.

Grouping Spend trends by a tag key (or drilling into one team) asked of the line items reads every
line's tag map, each spelling of the key looked up and its value trimmed, folded and aliased: about
a quarter of a second at 10M line items, on every key press. ``daily_tag_cost`` answers those views
from a few thousand rows: per day, billing period, account, provider, currency and service, the cost
carried by each *normalised* value of each stored key (``(untagged)`` included, so a key's rows add
up to the day's total).

It is built the way the Allocation rollups resolve tags: each of the ~10k tag sets (``tag_sets``,
keyed by ``hash(Tags)``) is resolved once per key by the same SQL expression the trends queries use
(``TagLens.value_sql``), and each line is joined to its set's values by that hash. The result holds
only for the rules it was resolved under: ``daily_tag_keys`` names the keys stored and the rules'
signature, and the trends queries read the rollup only when their rules match (otherwise they read
the line items as before). Keys whose values are identifiers (a ``Name`` tag: one value per
resource) would make the table as large as the line items, so a key is stored only when its values
are few (``MAX_VALUES``), and at most ``MAX_KEYS`` keys.
"""

from __future__ import annotations

import duckdb

from finops_tui.queries.tag_sql import UNTAGGED, TagLens
from finops_tui.sync.rollup_sql import LIST_COST, TOUCHED_PERIODS
from finops_tui.tag_rules import TagRules

TAG_ROLLUP_TABLES: tuple[str, ...] = ("daily_tag_cost", "daily_tag_keys")
"""Tables this module owns."""

MAX_VALUES = 500
"""Distinct normalised values above which a key is left to the line items (names, ids, e-mails)."""

MAX_KEYS = 12
"""Keys stored at most: the config's required keys and owner tag first, then those most tag sets carry.
Each is one more grouping set over the same joined lines: at 10M line items one key or five take the
same 3.6 s (reading and joining the lines is the cost); the cap keeps an estate with hundreds of
low-cardinality keys from multiplying it."""

_DIMENSIONS = "day, BillingPeriodStart, ProviderName, BillingAccountId, BillingCurrency, ServiceName"

_ROLLUP_SQL = f"""
WITH lines AS (
    SELECT CAST(ChargePeriodStart AS DATE) AS day, BillingPeriodStart, ProviderName, BillingAccountId,
           BillingCurrency, ServiceName, CAST(hash(Tags) >> 1 AS BIGINT) AS tag_hash,
           BilledCost, EffectiveCost, {LIST_COST} AS list_cost
    FROM cost_and_usage
    WHERE {{where}}
),
per_value AS (
    SELECT {_DIMENSIONS}, {{values}}, sum(BilledCost) AS billed_cost, sum(EffectiveCost) AS effective_cost,
           sum(list_cost) AS list_cost
    FROM lines JOIN tag_rollup_values v ON v.tag_hash = lines.tag_hash
    GROUP BY GROUPING SETS ({{sets}})
)
SELECT {_DIMENSIONS}, {{key}} AS tag_key, coalesce({{values}}) AS tag_value, billed_cost, effective_cost,
       list_cost
FROM per_value
ORDER BY tag_key, day
"""
"""Each line joined to its tag set's value of every stored key (``v0``, ``v1``…), summed once per key
by a grouping set: in a row of key *i*'s set only its ``v`` column is not NULL (a value is never
NULL: ``(untagged)`` stands for none). Summing per tag set first and joining the sums to one row per
key and set took 5.5 s at 10M line items; the grouping sets 3.6 s."""


def chosen_keys(con: duckdb.DuckDBPyConnection, lens: TagLens) -> list[str]:
    """The canonical keys worth storing: few distinct values; the config's required keys and owner tag
    first, then the keys the most tag sets carry. One scan of the tag sets counts every key (asked
    key by key it was a query each: seconds for an estate with hundreds of keys)."""
    keys = [canon for canon, _ in lens.named_keys()]
    if not keys:
        return []
    params: dict[str, object] = {}
    counts = []
    for i, canon in enumerate(keys):
        value = lens.value_sql(canon, params, f"p{i}")
        counts += [f"count(DISTINCT {value})", f"count(*) FILTER (WHERE {value} <> '{UNTAGGED}')"]
    row = con.execute(f"SELECT {', '.join(counts)} FROM tag_sets", params).fetchone() or ()
    ranked = [
        (not (canon in lens.rules.required_canon or canon == lens.rules.owner_key), -carried, canon)
        for canon, values, carried in zip(keys, row[0::2], row[1::2], strict=True)
        if values <= MAX_VALUES
    ]
    return sorted(canon for *_, canon in sorted(ranked)[:MAX_KEYS])


def _stored(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]] | None:
    """(signature, key) pairs the rollup holds, or None when there is no rollup yet."""
    try:
        rows = con.execute("SELECT signature, tag_key FROM daily_tag_keys").fetchall()
        con.execute("SELECT 1 FROM daily_tag_cost LIMIT 0")
    except duckdb.CatalogException:
        return None
    return {(str(s), str(k)) for s, k in rows}


_EMPTY = f"""
SELECT {_DIMENSIONS}, NULL::VARCHAR AS tag_key, NULL::VARCHAR AS tag_value, BilledCost AS billed_cost,
       EffectiveCost AS effective_cost, EffectiveCost AS list_cost
FROM (SELECT CAST(ChargePeriodStart AS DATE) AS day, * FROM cost_and_usage) LIMIT 0
"""
"""The rollup's columns when no key is worth storing."""


def build_tag_rollup(
    con: duckdb.DuckDBPyConnection, *, import_id: int | None = None, rules: TagRules | None = None
) -> None:
    """Bring ``daily_tag_cost`` up to date with ``cost_and_usage`` under ``rules`` (read-write).

    Needs ``tag_sets`` and ``rollup_tag_keys`` current (built before it). With ``import_id`` only the
    billing periods that import touched are summed again, unless the rules or the keys chosen changed,
    which resolves every tag set again: a full rebuild (3.6 s at 10M line items).
    """
    rules = rules or TagRules()
    raw_keys = [str(r[0]) for r in con.execute("SELECT tag_key FROM rollup_tag_keys").fetchall()]
    lens = TagLens(rules, raw_keys)
    keys = chosen_keys(con, lens)
    wanted = {(rules.signature, key) for key in keys}
    full = import_id is None or _stored(con) != wanted
    params: dict[str, object] = {}
    values = [lens.value_sql(key, params, f"p{i}") + f" AS v{i}" for i, key in enumerate(keys)]
    resolved = f"SELECT {', '.join(['tag_hash', *values])} FROM tag_sets"
    con.execute(f"CREATE OR REPLACE TEMP TABLE tag_rollup_values AS {resolved}", params)
    names = [f"v{i}" for i in range(len(keys))]
    key = "CASE " + " ".join(f"WHEN v{i} IS NOT NULL THEN $k{i}" for i in range(len(keys))) + " END"
    select = (
        _ROLLUP_SQL.format(
            where="TRUE" if full else TOUCHED_PERIODS,
            values=", ".join(names),
            sets=", ".join(f"({_DIMENSIONS}, {name})" for name in names),
            key=key,
        )
        if keys
        else _EMPTY
    )
    bound = {f"k{i}": k for i, k in enumerate(keys)}
    try:
        if full:
            con.execute("CREATE OR REPLACE TABLE daily_tag_cost AS " + select, bound)
            con.execute("CREATE OR REPLACE TABLE daily_tag_keys (signature VARCHAR, tag_key VARCHAR)")
            if wanted:
                con.executemany("INSERT INTO daily_tag_keys VALUES (?, ?)", sorted(wanted))
        else:
            con.execute(f"DELETE FROM daily_tag_cost WHERE {TOUCHED_PERIODS}")
            con.execute("INSERT INTO daily_tag_cost " + select, bound)
    finally:
        con.execute("DROP TABLE IF EXISTS tag_rollup_values")
