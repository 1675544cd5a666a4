"""The cache questions the anomaly detector asks, as polars frames or typed rows.

Only usage-based charges are watched: monthly purchases, tax, support and credits are dated on the
first of the month and would read as a spike every month. Rows without a charge frequency (older
exports) count when their category is ``Usage``. SQL slots are filled only from the constants and
generated parameter names below; every value is a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb
import polars as pl

from finops_tui.errors import FinOpsError
from finops_tui.queries import load_sql
from finops_tui.queries.tag_sql import TagKey
from finops_tui.tag_rules import TagRules

USAGE_BASED = "(ChargeFrequency = 'Usage-Based' OR (ChargeFrequency IS NULL AND ChargeCategory = 'Usage'))"
"""The rows the detector watches."""


@dataclass(frozen=True)
class ProviderSpan:
    """What the cache holds of one provider's usage-based charges."""

    provider: str
    first_day: date
    newest_day: date
    complete_day: date | None
    fetched_at: datetime | None
    currency: str | None


def _sql(cur: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any], **slots: str) -> pl.DataFrame:
    try:
        frame: pl.DataFrame = cur.sql(
            load_sql(name).format(usage_based=USAGE_BASED, **slots), params=params
        ).pl()
        return frame
    except (duckdb.CatalogException, duckdb.BinderException) as exc:
        message = str(exc)
        rollup = "daily_" in message or "rollup_" in message
        missing_table = isinstance(exc, duckdb.CatalogException) and rollup
        if missing_table or "ChargeFrequency" in message:
            raise FinOpsError(
                "this cache was written by an older finops-tui (its daily rollups lack what the "
                "anomaly detector reads); import again to rebuild them"
            ) from None
        raise


def provider_spans(cur: duckdb.DuckDBPyConnection) -> list[ProviderSpan]:
    """Per provider: usage-based day span, newest complete day, import time of the newest period."""
    frame = _sql(cur, "anomaly_providers", {})
    return [ProviderSpan(**row) for row in frame.iter_rows(named=True)]


def series_costs(cur: duckdb.DuckDBPyConnection, *, first: date, last: date) -> pl.DataFrame:
    """Daily cost per provider x sub-account x service between ``first`` and ``last`` (inclusive)."""
    return _sql(cur, "anomaly_series", {"first": first, "last": last})


def tag_key(cur: duckdb.DuckDBPyConnection, key: str, rules: TagRules | None = None) -> TagKey | None:
    """The configured tag key through the normalisation rules; None when no spelling of it is cached."""
    from finops_tui.queries.trends import tag_lens

    found = TagKey(tag_lens(cur, rules), key)
    return found if found.present() else None


def tag_costs(cur: duckdb.DuckDBPyConnection, *, first: date, last: date, tag: TagKey) -> pl.DataFrame:
    """Daily cost per provider and normalised value of one tag key (all its spellings)."""
    params: dict[str, Any] = {"first": first, "last": last}
    return _sql(cur, "anomaly_tag_series", params, tag=tag.sql(params, "tk"))


SCOPE_SCHEMA: dict[str, Any] = {
    "anomaly": pl.Int32,
    "provider": pl.String,
    "sub_account_id": pl.String,
    "service_name": pl.String,
    "tag_value": pl.String,
    "baseline_day": pl.Date,
    "start_day": pl.Date,
    "end_day": pl.Date,
    "weekdays": pl.List(pl.Int64),
}
"""Columns of the ``scopes`` frame ``contributor_sums`` reads (one row per anomaly and finest series)."""


def contributor_sums(
    cur: duckdb.DuckDBPyConnection, scopes: pl.DataFrame, tag: TagKey | None = None
) -> pl.DataFrame:
    """Per anomaly and dimension value: cost over the anomaly's days and over the weeks before them.

    Args:
        cur: a cache cursor.
        scopes: ``SCOPE_SCHEMA`` rows: each anomaly's finest series and days (and tag value, if any);
            ``weekdays`` (ISO numbers) are the weekdays of the anomaly, the only ones read before it.
        tag: the configured tag key (needed only for tag anomalies).
    """
    if scopes.is_empty():
        return pl.DataFrame()
    params: dict[str, Any] = {"first": scopes["baseline_day"].min(), "last": scopes["end_day"].max()}
    expr = tag.sql(params, "tk", column="r.Tags") if tag else "NULL"
    cur.register("scopes", scopes)
    try:
        return _sql(cur, "anomaly_contributors", params, tag=expr)
    finally:
        cur.unregister("scopes")
