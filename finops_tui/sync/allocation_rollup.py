"""The monthly resource rollup the allocation screen reads, rebuilt with the daily rollups.

Allocation questions are monthly (coverage per month, showback for a month) and need the tag set,
the resource and whether the charge could carry a tag at all. Asked of the line items that is a full
scan; asked of ``monthly_resource_cost`` (one row per month x sub-account x service x resource x tag
set) it touches a few thousand rows per month. Whether a charge is *untaggable* is decided here, once,
from columns the daily rollups do not keep (``x_LineItemType``, ``PublisherName``,
``CommitmentDiscountId``). A charge is a marketplace charge when its publisher is not the invoice
issuer or the provider (compared on the first word: "Amazon Web Services" publishes what "Amazon Web
Services, Inc." invoices, "Red Hat Inc." does not).
"""

from __future__ import annotations

import duckdb

from finops_tui.tag_rules import TagRules

ALLOCATION_ROLLUP_TABLES: tuple[str, ...] = (
    "monthly_resource_cost",
    "monthly_tagset_cost",
    "monthly_tag_pairs",
    "monthly_owner_cost",
    "tag_entries",
    "monthly_hygiene_cost",
    "tag_sets",
    "tag_flags_stored",
    "resource_month",
)
"""Tables this module owns."""

UNTAGGABLE_REASONS: tuple[str, ...] = (
    "tax",
    "credit",
    "commitment purchase",
    "support",
    "marketplace",
    "fee or adjustment",
    "shared data transfer",
    "no resource id",
)
"""Why a charge cannot carry a tag, in the order the rules below test them."""

MONTHLY_RESOURCE_COST_SELECT = """
SELECT CAST(date_trunc('month', ChargePeriodStart) AS DATE) AS month,
       ProviderName, BillingCurrency, BillingAccountId, SubAccountId, SubAccountName, ServiceName,
       ChargeCategory,
       CASE
           WHEN ChargeCategory = 'Tax' THEN 'tax'
           WHEN ChargeCategory = 'Credit' THEN 'credit'
           WHEN ChargeCategory = 'Purchase' AND (CommitmentDiscountId IS NOT NULL
                OR x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee'))
               THEN 'commitment purchase'
           WHEN ServiceName ILIKE '%support%' THEN 'support'
           WHEN x_LineItemType ILIKE '%marketplace%'
                OR split_part(lower(PublisherName), ' ', 1) NOT IN (
                    split_part(lower(InvoiceIssuerName), ' ', 1), split_part(lower(ProviderName), ' ', 1))
               THEN 'marketplace'
           WHEN ChargeCategory IN ('Purchase', 'Adjustment') THEN 'fee or adjustment'
           WHEN coalesce(ResourceId, '') = '' AND (x_UsageType ILIKE '%DataTransfer%'
                OR x_UsageType ILIKE '%-Bytes%' OR ServiceCategory = 'Networking')
               THEN 'shared data transfer'
           WHEN coalesce(ResourceId, '') = '' THEN 'no resource id'
       END AS untaggable,
       nullif(ResourceId, '') AS ResourceId, Tags, CAST(hash(Tags) >> 1 AS BIGINT) AS tag_hash,
       sum(BilledCost) AS billed_cost, sum(EffectiveCost) AS effective_cost, count(*) AS line_items
FROM cost_and_usage
GROUP BY ALL
"""
"""Month x sub-account x service x resource x tag set, with the untaggable reason (NULL: taggable)."""

MONTHLY_RESOURCE_COST_SQL = (
    "CREATE OR REPLACE TABLE monthly_resource_cost AS\n"
    + MONTHLY_RESOURCE_COST_SELECT
    + "ORDER BY month, SubAccountId, ServiceName\n"
)
"""The rollup, sorted by month so a month's rows sit together (zone maps skip the rest)."""


RESOURCE_MONTH_SQL = """
CREATE OR REPLACE TABLE resource_month AS
SELECT month, ResourceId, SubAccountId, any_value(SubAccountName) AS sub_name,
       any_value(ServiceName) AS service, arg_max(tag_hash, effective_cost) AS tag_hash,
       sum(effective_cost) AS cost
FROM monthly_resource_cost
WHERE untaggable IS NULL AND ResourceId IS NOT NULL
GROUP BY month, ResourceId, SubAccountId
ORDER BY month
"""
"""Each taggable resource's month: its main tag set (the one most of its cost carries) and its cost,
for the Allocation gaps (rebuilt from the monthly rollup: 0.6 s at 10M line items, saving 15-20 ms on
every screen load)."""


MONTHLY_TAGSET_COST_SELECT = """
SELECT month, ProviderName, BillingCurrency, SubAccountId, SubAccountName, ServiceName, untaggable,
       coalesce(untaggable IS NULL AND effective_cost < 0, FALSE) AS refund, tag_hash,
       sum(effective_cost) AS effective_cost
FROM monthly_resource_cost
GROUP BY ALL
"""
"""``monthly_resource_cost`` without the resource: what every Allocation question but the gaps asks.

``refund`` marks a taggable resource's month that nets below zero (refunds, corrections), decided
per resource as before, so coverage can count only *positive* taggable spend. Tag sets are
nearly one per resource (10k sets for 23k resources at 10M line items), so the table is only 40 %
smaller, but it is narrow: the coverage, ownership and owner-guess queries read a fraction of the
bytes, and each no longer materialises the wide rows first."""

MONTHLY_TAGSET_COST_SQL = (
    "CREATE OR REPLACE TABLE monthly_tagset_cost AS\n" + MONTHLY_TAGSET_COST_SELECT + "ORDER BY month\n"
)

TAG_ENTRIES_SQL = """
CREATE OR REPLACE TABLE tag_entries AS
SELECT tag_hash, entry.key AS tag_key, coalesce(entry.value, '') AS tag_value
FROM (SELECT tag_hash, unnest(map_entries(Tags)) AS entry FROM tag_sets)
ORDER BY tag_hash
"""
"""Every tag set's (key, value) pairs, one row each (35k rows for 10k sets at 10M line items): the
hygiene headline finds the sets carrying a spelling to merge with a join instead of unnesting every
set's map on each load. NULL values are stored as '' (as the hygiene tab shows them)."""

MONTHLY_TAG_PAIRS_SQL = """
CREATE OR REPLACE TABLE monthly_tag_pairs AS
WITH per_set AS (
    SELECT month, tag_hash, sum(effective_cost) AS cost FROM monthly_tagset_cost GROUP BY ALL
),
entries AS (
    SELECT p.month, unnest(map_entries(t.Tags)) AS entry, p.cost
    FROM per_set p JOIN tag_sets t ON t.tag_hash = p.tag_hash
)
SELECT month, entry.key AS tag_key, entry.value AS tag_value, sum(cost) AS cost
FROM entries
GROUP BY ALL
ORDER BY month, tag_key, tag_value
"""
"""Each month's cost per tag (key, value) spelling, exactly as written: the tag hygiene table of the
Allocation screen, independent of the config's rules (a few hundred rows a month)."""

TAG_SETS_SQL = """
CREATE OR REPLACE TABLE tag_sets AS
SELECT tag_hash, any_value(Tags) AS Tags FROM monthly_resource_cost GROUP BY tag_hash ORDER BY tag_hash
"""
"""Every distinct tag set once, keyed by ``tag_hash``: normalisation runs once per set, not per row."""


_TOUCHED_MONTHS = """
    (ProviderName, BillingAccountId, {month}) IN (
        SELECT DISTINCT (ProviderName, BillingAccountId, CAST(date_trunc('month', ChargePeriodStart) AS DATE))
        FROM cost_and_usage WHERE x_ImportId = $import_id
        UNION
        SELECT DISTINCT (provider, account, CAST(date_trunc('month', period) AS DATE)) FROM new_keys)
"""
"""Charge months of the accounts the running import wrote or replaced (temp table ``new_keys``)."""


def build_allocation_rollup(
    con: duckdb.DuckDBPyConnection, *, import_id: int | None = None, rules: TagRules | None = None
) -> None:
    """Bring ``monthly_resource_cost`` and ``tag_sets`` up to date with ``cost_and_usage`` (read-write).

    With ``import_id`` (from the importer) only the charge months of the accounts that import touched
    are re-aggregated; both the delete and the re-insert use the same (provider, account, charge
    month) predicate, so the table stays exactly what a full rebuild would give.
    """
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'monthly_resource_cost' AND NOT temporary"
    ).fetchone()
    if import_id is None or not (exists and exists[0]):
        con.execute(MONTHLY_RESOURCE_COST_SQL)
    else:
        params = {"import_id": import_id}
        con.execute(
            "DELETE FROM monthly_resource_cost WHERE " + _TOUCHED_MONTHS.format(month="month"), params
        )
        touched = _TOUCHED_MONTHS.format(month="CAST(date_trunc('month', ChargePeriodStart) AS DATE)")
        select = MONTHLY_RESOURCE_COST_SELECT.replace(
            "FROM cost_and_usage\n", f"FROM cost_and_usage WHERE {touched}\n"
        )
        con.execute("INSERT INTO monthly_resource_cost " + select, params)
    con.execute(MONTHLY_TAGSET_COST_SQL)  # rebuilt whole: 0.15 s from the monthly rollup at 10M lines
    con.execute(TAG_SETS_SQL)
    con.execute(TAG_ENTRIES_SQL)
    con.execute(MONTHLY_TAG_PAIRS_SQL)
    con.execute(RESOURCE_MONTH_SQL)
    store_rule_results(con, rules)


MONTHLY_OWNER_COST_SQL = """
CREATE OR REPLACE TABLE monthly_owner_cost AS
SELECT m.month, m.ProviderName, m.BillingCurrency, m.SubAccountId, m.SubAccountName, m.ServiceName,
       m.untaggable, m.refund, f.team, coalesce(f.mask, 0) AS mask, sum(m.effective_cost) AS effective_cost
FROM monthly_tagset_cost m
LEFT JOIN tag_flags_stored f ON f.tag_hash = m.tag_hash AND f.signature = $s
GROUP BY ALL
ORDER BY month
"""
"""``monthly_tagset_cost`` with each tag set resolved under the stored rules: the tag sets go, their
required-key mask and owner team stay (172k rows become 25k at 10M line items), so coverage,
ownership and the owner guess read a seventh of the rows and join nothing. Another config's rules
resolve the tag sets when the screen opens, as before."""


def store_rule_results(con: duckdb.DuckDBPyConnection, rules: TagRules | None = None) -> None:
    """Each tag set's required-key bits and owner under ``rules`` (the config's, else the defaults), so
    the Allocation screen's first load after an import reads them (about 50 ms at 10M line items)
    instead of working them out, and the monthly rollup resolved under them (``monthly_owner_cost``).
    Other rules are worked out when the screen opens, as before."""
    from finops_tui.queries.allocation import STORED_FLAGS_DDL, read_tag_index

    rules = rules or TagRules()
    flags = read_tag_index(con, rules).flags
    con.execute("DROP TABLE IF EXISTS tag_flags_stored")
    con.execute(STORED_FLAGS_DDL)
    con.register("new_flags", flags)
    try:
        con.execute(
            "INSERT INTO tag_flags_stored SELECT $s, tag_hash, mask, team FROM new_flags",
            {"s": rules.signature},
        )
    finally:
        con.unregister("new_flags")
    con.execute(MONTHLY_OWNER_COST_SQL, {"s": rules.signature})
    store_hygiene_costs(con, rules)


def store_hygiene_costs(con: duckdb.DuckDBPyConnection, rules: TagRules) -> None:
    """Each month's hygiene headline under the stored rules (the cost carrying a spelling to merge,
    each tag set once): 10-20 ms of every Allocation load at 10M line items, 13 small queries here."""
    from finops_tui.queries.allocation import hygiene_and_off_pairs, hygiene_cost, month_tag_costs

    con.execute("CREATE OR REPLACE TABLE monthly_hygiene_cost (month DATE, cost DECIMAL(38, 10))")
    for (month,) in con.execute("SELECT DISTINCT month FROM monthly_tag_pairs ORDER BY month").fetchall():
        pairs = {(str(k), v or ""): cost for k, v, cost in month_tag_costs(con, month)}
        _, off = hygiene_and_off_pairs(pairs, rules)
        con.execute(
            "INSERT INTO monthly_hygiene_cost VALUES ($m, $c)",
            {"m": month, "c": hygiene_cost(con, month=month, off=off)},
        )
