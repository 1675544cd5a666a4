"""Replace re-delivered billing periods, pair Azure actual/amortized data, and record imports.

A (provider, billing account, billing period, cost basis) is the unit a provider delivers and
re-delivers, so it is the unit an import replaces: rows of the same key from an earlier import are
deleted when a new import brings that key, which makes importing the same month twice a no-op for the
totals and a restated month a clean replacement. FOCUS and CUR rows carry both billed and effective
cost (basis ``full``) and replace any basis; Azure actual and amortized datasets live side by side and
are paired: with both present, actual rows give BilledCost and amortized rows give EffectiveCost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import duckdb

_NEW_KEYS = """
CREATE OR REPLACE TEMP TABLE new_keys AS
SELECT ProviderName AS provider, BillingAccountId AS account, BillingPeriodStart AS period,
       x_CostBasis AS basis, any_value(x_Source) AS source_format, list(DISTINCT x_SourceFile) AS files,
       count(*) AS row_count, sum(BilledCost) AS billed, sum(EffectiveCost) AS effective,
       min(BillingCurrency) AS currency, count(DISTINCT BillingCurrency) AS currencies,
       max(ChargePeriodEnd) AS newest_charge
FROM cost_and_usage WHERE x_ImportId = $import_id
GROUP BY ALL
"""

_SAME_SLOT = """
    c.ProviderName = k.provider AND c.BillingAccountId = k.account AND c.BillingPeriodStart = k.period
    AND (c.x_CostBasis = k.basis OR c.x_CostBasis = 'full' OR k.basis = 'full')
"""

_DELETE_REPLACED = f"""
DELETE FROM cost_and_usage c
WHERE c.x_ImportId <> $import_id
  AND EXISTS (SELECT 1 FROM new_keys k WHERE {_SAME_SLOT})
"""

_DELETE_REPLACED_IMPORTS = """
DELETE FROM imports i
WHERE EXISTS (
    SELECT 1 FROM new_keys k
    WHERE i.provider = k.provider AND i.billing_account_id = k.account AND i.billing_period_start = k.period
      AND (i.cost_basis = k.basis OR i.cost_basis = 'full' OR k.basis = 'full'))
"""

_RECORD_IMPORTS = """
INSERT INTO imports
SELECT $import_id, source_format, provider, account, period, basis, list_sort(files), row_count,
       billed, effective, currency, newest_charge,
       (SELECT sha256(string_agg(d.digest, ',' ORDER BY d.file)) FROM file_digests d
        WHERE list_contains(k.files, d.file)),
       $now
FROM new_keys k
"""

_PAIR_AZURE = """
WITH slots AS (
    SELECT ProviderName, BillingAccountId, BillingPeriodStart,
           bool_or(x_CostBasis = 'actual') AS has_actual, bool_or(x_CostBasis = 'amortized') AS has_amortized
    FROM cost_and_usage
    WHERE x_CostBasis IN ('actual', 'amortized')
      AND (ProviderName, BillingAccountId, BillingPeriodStart) IN (
          SELECT (provider, account, period) FROM new_keys)
    GROUP BY ALL
)
UPDATE cost_and_usage c SET
    BilledCost = CASE
        WHEN c.x_CostBasis = 'actual' THEN c.x_SourceCost
        WHEN s.has_actual THEN 0
        WHEN c.PricingCategory = 'Committed' AND c.ChargeCategory = 'Usage' THEN 0
        ELSE c.x_SourceCost END,
    EffectiveCost = CASE
        WHEN c.x_CostBasis = 'amortized' THEN c.x_SourceCost
        WHEN s.has_amortized THEN 0
        ELSE c.x_SourceCost END
FROM slots s
WHERE c.ProviderName = s.ProviderName AND c.BillingAccountId = s.BillingAccountId
  AND c.BillingPeriodStart = s.BillingPeriodStart AND c.x_CostBasis IN ('actual', 'amortized')
"""


def new_keys(con: duckdb.DuckDBPyConnection, import_id: int) -> list[ImportedPeriod]:
    """Summarise the rows of ``import_id`` per delivery key into temp table ``new_keys``."""
    con.execute(_NEW_KEYS, {"import_id": import_id})
    return summary(con)


@dataclass(frozen=True)
class ImportedPeriod:
    """One (source, billing period) written by an import, with its totals as the cache holds them."""

    provider: str
    billing_account_id: str
    billing_period_start: datetime
    cost_basis: str
    source_format: str
    files: tuple[str, ...]
    rows: int
    billed_cost: Decimal
    effective_cost: Decimal
    currencies: int
    newest_charge: datetime | None


def summary(con: duckdb.DuckDBPyConnection) -> list[ImportedPeriod]:
    """The rows of temp table ``new_keys``, in a stable order."""
    rows = con.execute(
        "SELECT provider, account, period, basis, source_format, files, row_count, billed, effective, "
        "currencies, newest_charge FROM new_keys ORDER BY provider, account, period, basis"
    ).fetchall()
    return [
        ImportedPeriod(
            provider=r[0],
            billing_account_id=r[1],
            billing_period_start=r[2],
            cost_basis=r[3],
            source_format=r[4],
            files=tuple(r[5]),
            rows=r[6],
            billed_cost=r[7],
            effective_cost=r[8],
            currencies=r[9],
            newest_charge=r[10],
        )
        for r in rows
    ]


def replace_and_record(
    con: duckdb.DuckDBPyConnection, import_id: int, checksums: Mapping[str, str], now: datetime
) -> int:
    """Delete what the new rows replace, pair Azure datasets, record the imports; return rows removed.

    ``checksums`` maps each file's display name to the sha256 of its bytes.
    """
    before = con.execute("SELECT count(*) FROM cost_and_usage WHERE x_ImportId <> $i", {"i": import_id})
    old_rows = int(before.fetchone()[0])  # type: ignore[index]
    con.execute(_DELETE_REPLACED, {"import_id": import_id})
    after = con.execute("SELECT count(*) FROM cost_and_usage WHERE x_ImportId <> $i", {"i": import_id})
    removed = old_rows - int(after.fetchone()[0])  # type: ignore[index]
    con.execute(_DELETE_REPLACED_IMPORTS)
    con.execute(_PAIR_AZURE)
    con.execute(_NEW_KEYS, {"import_id": import_id})  # sums after pairing, as the cache now holds them
    con.execute("CREATE OR REPLACE TEMP TABLE file_digests (file VARCHAR, digest VARCHAR)")
    con.executemany("INSERT INTO file_digests VALUES (?, ?)", sorted(checksums.items()))
    con.execute(_RECORD_IMPORTS, {"import_id": import_id, "now": now})
    return removed
