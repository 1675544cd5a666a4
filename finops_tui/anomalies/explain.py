"""Root causes: which usage types, resources and regions carry an anomaly's delta, and how much.

Each value's expected cost is the anomaly's expected cost split by that value's share of the same
weekdays in the four weeks before the anomaly (a Wednesday spike is split by the last four
Wednesdays, so a weekday-only resource is not under-expected). Its delta is what it cost
over the anomaly minus that, and the deltas of one dimension add up to the anomaly's impact exactly:
a resource that did not exist before carries all of its cost as delta; one that went quiet carries a
negative delta. Coarse anomalies are also split by sub-account and service, the way AWS lists its
root causes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import duckdb
import polars as pl

from finops_tui.anomalies.models import Anomaly, Contributor
from finops_tui.queries.anomalies import SCOPE_SCHEMA, contributor_sums
from finops_tui.queries.tag_sql import TagKey

BASELINE_DAYS = 28
TOP_N = 5
"""Contributors kept per dimension."""


def dimensions_for(a: Anomaly) -> tuple[str, ...]:
    """The dimensions worth splitting ``a`` by (a fixed scope needs no split)."""
    dims = ["usage_type", "resource", "region"]
    if a.sub_account_id is None:
        dims.insert(0, "sub_account")
    if a.service_name is None:
        dims.insert(0, "service")
    return tuple(dims)


def scopes(anomalies: Sequence[Anomaly], finest: pl.DataFrame) -> pl.DataFrame:
    """Each anomaly's finest series (provider x sub-account x service) and the days to read.

    Args:
        anomalies: the anomalies to explain, in order.
        finest: every provider x sub-account x service series (``provider``, ``sub_account_id``,
            ``service_name``).
    """
    wanted = pl.DataFrame(
        {
            "anomaly": list(range(len(anomalies))),
            "provider": [a.provider for a in anomalies],
            "_sub": [a.sub_account_id for a in anomalies],
            "_service": [a.service_name for a in anomalies],
            "tag_value": [a.tag_value for a in anomalies],
            "baseline_day": [a.start - timedelta(days=BASELINE_DAYS) for a in anomalies],
            "start_day": [a.start for a in anomalies],
            "end_day": [a.end for a in anomalies],
            "weekdays": [
                sorted({(a.start + timedelta(days=i)).isoweekday() for i in range(a.days)}) for a in anomalies
            ],
        },
        schema={k: v for k, v in SCOPE_SCHEMA.items() if k not in ("sub_account_id", "service_name")}
        | {"_sub": pl.String, "_service": pl.String},
    )
    return (
        wanted.join(finest.select("provider", "sub_account_id", "service_name").unique(), on="provider")
        .filter(
            (pl.col("_sub").is_null() | (pl.col("_sub") == pl.col("sub_account_id")))
            & (pl.col("_service").is_null() | (pl.col("_service") == pl.col("service_name")))
        )
        .select(list(SCOPE_SCHEMA))
    )


def contributors(
    cur: duckdb.DuckDBPyConnection,
    anomalies: Sequence[Anomaly],
    finest: pl.DataFrame,
    tag: TagKey | None = None,
) -> list[tuple[Contributor, ...]]:
    """The top contributors of each anomaly, per dimension, in the order of ``anomalies``."""
    sums = contributor_sums(cur, scopes(anomalies, finest), tag)
    parts = {} if sums.is_empty() else sums.partition_by("anomaly", as_dict=True)
    out: list[tuple[Contributor, ...]] = []
    for i, a in enumerate(anomalies):
        frame = parts.get((i,))
        out.append(() if frame is None else _split(a, frame))
    return out


def _split(a: Anomaly, frame: pl.DataFrame) -> tuple[Contributor, ...]:
    sign = 1.0 if a.impact >= 0 else -1.0
    found: list[Contributor] = []
    for dim in dimensions_for(a):
        rows = frame.filter(pl.col("dimension") == dim)
        total = float(rows.get_column("baseline").sum()) if not rows.is_empty() else 0.0
        items = []
        for r in rows.iter_rows(named=True):
            expected = a.expected * (r["baseline"] / total) if total > 0 else 0.0
            delta = r["actual"] - expected
            share = delta / a.impact if a.impact else 0.0
            items.append(Contributor(dim, r["value"], r["label"], r["actual"], expected, share))
        items.sort(key=lambda c: (-sign * c.delta, c.value))
        found.extend(c for c in items[:TOP_N] if sign * c.delta > 0)
    return tuple(found)
