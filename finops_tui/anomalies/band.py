"""The expected band of a daily cost series: same-weekday median, MAD of the errors, a floor.

For each day ``t`` of each series:

* **expected** = median of the same weekday over the trailing ``lookback_days`` (eight Mondays for a
  Monday), so a weekly pattern is the expectation, not an anomaly, and one odd day among eight moves
  the median not at all — a spike cannot poison the baseline it is judged against;
* **dispersion** = 1.4826 x the median absolute error of that expectation over the trailing window
  (a MAD, scaled to read as a standard deviation for normal noise), floored at ``floor_pct`` of the
  expected value and at ``floor_abs``, so a flat series with cents of noise never flags cents;
* **score** = (actual - expected) / dispersion, a robust z-score, and the band is expected +/- the
  score threshold x dispersion.

Only the days before ``t`` enter its baseline, so a day's verdict never changes when later data
arrives, and the same code gives the same band to the detector, the screen's chart and the report.
"""

from __future__ import annotations

import polars as pl

from finops_tui.anomalies.config import DetectorConfig

MAD_TO_SIGMA = 1.4826
"""MAD x this estimates the standard deviation of normally distributed noise."""


def score_days(daily: pl.DataFrame, cfg: DetectorConfig) -> pl.DataFrame:
    """Add the band to a grid of daily costs.

    Args:
        daily: one row per series and day with columns ``series`` (int), ``day`` (date), ``cost``
            (float; null where the provider had no data yet) and ``evaluable`` (bool: the day is
            complete and has enough history). Every series must have every day of its range.
        cfg: the detector settings.

    Returns:
        ``daily`` sorted by series and day, plus ``expected``, ``scale``, ``score``, ``lower``,
        ``upper``, ``seen`` (any cost in the trailing window) and ``flag`` (+1 above the band, -1 below,
        0 inside or not evaluable).
    """
    weeks = max(2, cfg.lookback_days // 7)
    k = cfg.score
    frame = daily.sort("series", "day").with_columns(pl.col("day").dt.weekday().alias("_dow"))
    frame = frame.with_columns(
        pl.col("cost")
        .shift(1)
        .rolling_median(window_size=weeks, min_samples=max(2, weeks // 2))
        .over("series", "_dow", order_by="day")
        .alias("expected")
    )
    frame = frame.with_columns(
        (pl.col("cost") - pl.col("expected")).abs().alias("_abs_err"),
        (pl.col("cost") > 0).cast(pl.Int32).alias("_pos"),
    )
    frame = frame.with_columns(
        pl.col("_abs_err")
        .shift(1)
        .rolling_median(window_size=cfg.lookback_days, min_samples=max(7, cfg.lookback_days // 3))
        .over("series", order_by="day")
        .alias("_mad"),
        (
            pl.col("_pos")
            .shift(1)
            .rolling_sum(window_size=cfg.lookback_days, min_samples=1)
            .over("series", order_by="day")
            > 0
        )
        .fill_null(False)
        .alias("seen"),
    )
    frame = frame.with_columns(
        pl.max_horizontal(
            pl.col("_mad").fill_null(0.0) * MAD_TO_SIGMA,
            pl.col("expected").abs() * (cfg.floor_pct / 100.0),
            pl.lit(cfg.floor_abs),
        )
        .clip(lower_bound=1e-9)
        .alias("scale")
    )
    score = (pl.col("cost") - pl.col("expected")) / pl.col("scale")
    ready = pl.col("evaluable") & pl.col("expected").is_not_null() & pl.col("cost").is_not_null()
    return (
        frame.with_columns(
            pl.when(ready).then(score).otherwise(None).alias("score"),
            (pl.col("expected") - k * pl.col("scale")).clip(lower_bound=0.0).alias("lower"),
            (pl.col("expected") + k * pl.col("scale")).alias("upper"),
        )
        .with_columns(
            pl.when(pl.col("score") >= k)
            .then(1)
            .when(pl.col("score") <= -k)
            .then(-1)
            .otherwise(0)
            .cast(pl.Int8)
            .alias("flag")
        )
        .drop("_dow", "_abs_err", "_pos", "_mad")
    )
