"""The series the detector watches, at every level, as one day-by-series grid.

The cache gives daily cost per provider x sub-account x service (and per tag value when a tag key is
configured); coarser levels are sums of those taken here. Every series gets every day from the first
day with data to ``as_of``: a day with no cost is a zero (that is what makes "new" and "removed"
visible), except before its provider's data begins, where it is unknown (null). ``evaluable`` marks the
days the detector judges: complete, and with enough history behind them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from finops_tui.anomalies.config import DetectorConfig
from finops_tui.anomalies.models import ProviderWindow
from finops_tui.queries.anomalies import ProviderSpan

SERIES_COLUMNS = ("level", "series_key", "provider", "sub_account_id", "sub_account_name", "service_name",
                  "tag_value")  # fmt: skip
"""Columns that describe a series (one row per series in ``SeriesGrid.meta``)."""


@dataclass(frozen=True)
class SeriesGrid:
    """Series descriptions and their daily costs."""

    meta: pl.DataFrame
    """One row per series: ``series`` (int) and ``SERIES_COLUMNS``."""
    daily: pl.DataFrame
    """``series``, ``day``, ``cost`` (null before the provider's data), ``evaluable``."""


def provider_windows(spans: Sequence[ProviderSpan], as_of: date, cfg: DetectorConfig) -> list[ProviderWindow]:
    """Per provider, the newest day it is safe to judge: complete, and older than the data lag."""
    windows = []
    for s in spans:
        lag = cfg.lag_hours.get(s.provider, max(cfg.lag_hours.values(), default=24.0))
        through = min(as_of, s.complete_day or s.newest_day)
        if s.fetched_at is not None:
            # a day is complete once it has ended and `lag` hours have passed since
            through = min(through, (s.fetched_at - timedelta(hours=lag)).date() - timedelta(days=1))
        if through < s.first_day + timedelta(days=cfg.min_history_days):
            windows.append(ProviderWindow(s.provider, min(s.newest_day, as_of), None, lag, s.fetched_at))
            continue
        windows.append(ProviderWindow(s.provider, min(s.newest_day, as_of), through, lag, s.fetched_at))
    return windows


def _key(level: str, *parts: pl.Expr) -> pl.Expr:
    return pl.concat_str([pl.lit(level), *parts], separator="|").alias("series_key")


def build_grid(
    base: pl.DataFrame,
    tags: pl.DataFrame | None,
    spans: Sequence[ProviderSpan],
    windows: Sequence[ProviderWindow],
    as_of: date,
    cfg: DetectorConfig,
) -> SeriesGrid:
    """Every level's series over every day, from the finest costs ``base`` (and ``tags``)."""
    sub, svc, prov = pl.col("sub_account_id"), pl.col("service_name"), pl.col("provider")
    none = pl.lit(None, dtype=pl.String)
    levels = [
        base.group_by("day", "provider", "sub_account_id", "service_name").agg(
            pl.col("sub_account_name").max(), pl.col("cost").sum()
        ).with_columns(pl.lit("account_service").alias("level"), _key("account_service", prov, sub, svc),
                       none.alias("tag_value")),
        base.group_by("day", "provider", "sub_account_id").agg(
            pl.col("sub_account_name").max(), pl.col("cost").sum()
        ).with_columns(pl.lit("sub_account").alias("level"), _key("sub_account", prov, sub),
                       none.alias("service_name"), none.alias("tag_value")),
        base.group_by("day", "provider", "service_name").agg(pl.col("cost").sum()).with_columns(
            pl.lit("service").alias("level"), _key("service", prov, svc), none.alias("sub_account_id"),
            none.alias("sub_account_name"), none.alias("tag_value")),
        base.group_by("day", "provider").agg(pl.col("cost").sum()).with_columns(
            pl.lit("provider").alias("level"), _key("provider", prov), none.alias("sub_account_id"),
            none.alias("sub_account_name"), none.alias("service_name"), none.alias("tag_value")),
    ]  # fmt: skip
    if tags is not None and not tags.is_empty():
        levels.append(
            tags.with_columns(
                pl.lit("tag").alias("level"),
                _key("tag", prov, pl.lit(cfg.tag_key or ""), pl.col("tag_value")),
                none.alias("sub_account_id"),
                none.alias("sub_account_name"),
                none.alias("service_name"),
            )
        )
    columns = ["day", *SERIES_COLUMNS, "cost"]
    costs = pl.concat([frame.select(columns) for frame in levels], how="vertical_relaxed")
    meta = (
        costs.group_by("series_key")
        .agg(*(pl.col(c).first() for c in SERIES_COLUMNS if c != "series_key"))
        .sort("series_key")
        .with_row_index("series")
        .with_columns(pl.col("series").cast(pl.Int32))
    )
    first_day = min(s.first_day for s in spans)
    calendar = pl.DataFrame({"day": pl.date_range(first_day, as_of, "1d", eager=True)})
    bounds = pl.DataFrame(
        {
            "provider": [w.provider for w in windows],
            "_first": [s.first_day for s in spans],
            "_judge_from": [s.first_day + timedelta(days=cfg.min_history_days) for s in spans],
            "_judge_to": [w.evaluated_through for w in windows],
        },
        schema={"provider": pl.String, "_first": pl.Date, "_judge_from": pl.Date, "_judge_to": pl.Date},
    )
    daily = (
        meta.select("series", "series_key", "provider")
        .join(calendar, how="cross")
        .join(costs.select("series_key", "day", "cost"), on=["series_key", "day"], how="left")
        .join(bounds, on="provider", how="left")
        .with_columns(
            pl.when(pl.col("day") >= pl.col("_first")).then(pl.col("cost").fill_null(0.0)).alias("cost"),
            (
                pl.col("_judge_to").is_not_null()
                & (pl.col("day") >= pl.col("_judge_from"))
                & (pl.col("day") <= pl.col("_judge_to"))
            ).alias("evaluable"),
        )
        .select("series", "day", "cost", "evaluable")
    )
    return SeriesGrid(meta=meta, daily=daily)
