"""Anomalies kept in the cache: detected once per import, read back in milliseconds.

The anomalies are derived from the cache, so they may live in it: the import step (``sync/rollups``)
runs the detector with the default settings for the newest complete day and writes the result here,
replacing the previous one. The screen and ``report anomalies`` read it back when their as-of date and
settings match, and run the detector themselves when they do not. Triage never lives here (see
``triage``): the cache is replaced by every import.

Rows of other sources (native AWS / Azure anomalies from a later sync) share the table and survive a
re-detection: only ``source = 'finops-tui'`` rows are replaced.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date
from typing import Any

import duckdb

from finops_tui.anomalies.config import DetectorConfig
from finops_tui.anomalies.models import (
    SOURCE_LOCAL,
    Anomaly,
    BandPoint,
    Contributor,
    Detection,
    ProviderWindow,
)
from finops_tui.queries import load_sql
from finops_tui.tag_rules import TagRules

log = logging.getLogger(__name__)

ANOMALIES_DDL = """
CREATE TABLE IF NOT EXISTS anomalies (
    key VARCHAR NOT NULL, source VARCHAR NOT NULL, level VARCHAR NOT NULL, series_key VARCHAR NOT NULL,
    provider VARCHAR, sub_account_id VARCHAR, sub_account_name VARCHAR, service_name VARCHAR,
    tag_value VARCHAR, kind VARCHAR NOT NULL, start_day DATE NOT NULL, end_day DATE NOT NULL,
    onset_day DATE NOT NULL, last_flag_day DATE NOT NULL, actual DOUBLE NOT NULL, expected DOUBLE NOT NULL,
    score DOUBLE NOT NULL, persists BOOLEAN NOT NULL, ongoing BOOLEAN NOT NULL, currency VARCHAR,
    contributors STRUCT(dimension VARCHAR, value VARCHAR, label VARCHAR, actual DOUBLE, expected DOUBLE,
                        share DOUBLE)[],
    band STRUCT(day DATE, actual DOUBLE, expected DOUBLE, lower DOUBLE, upper DOUBLE, flagged BOOLEAN,
                complete BOOLEAN)[],
    folded_into VARCHAR
)
"""
"""One row per anomaly, with its contributors and chart points nested."""

DETECTION_DDL = """
CREATE TABLE IF NOT EXISTS anomaly_detection (
    as_of DATE NOT NULL, fingerprint VARCHAR NOT NULL, tag_key VARCHAR,
    provider VARCHAR, newest_day DATE, evaluated_through DATE, lag_hours DOUBLE, fetched_at TIMESTAMP
)
"""
"""What the stored detection judged: its as-of date and settings, and each provider's window."""

_ANOMALY_FIELDS = (
    "key", "source", "level", "series_key", "provider", "sub_account_id", "sub_account_name",
    "service_name", "tag_value", "kind", "start", "end", "onset", "last_flag", "actual", "expected",
    "score", "persists", "ongoing", "currency", "contributors", "band", "folded_into",
)  # fmt: skip
"""Anomaly fields in table column order."""


def write_detection(con: duckdb.DuckDBPyConnection, detection: Detection) -> None:
    """Replace the stored local detection by ``detection`` (on the import's read-write connection)."""
    con.execute(ANOMALIES_DDL)
    con.execute(DETECTION_DDL)
    con.execute("DELETE FROM anomalies WHERE source = $s", {"s": SOURCE_LOCAL})
    con.execute("DELETE FROM anomaly_detection")
    rows = []
    for a in detection.anomalies:
        values: dict[str, Any] = {f: getattr(a, f) for f in _ANOMALY_FIELDS}
        values["contributors"] = [asdict(c) for c in a.contributors]
        values["band"] = [asdict(p) for p in a.band]
        rows.append([values[f] for f in _ANOMALY_FIELDS])
    if rows:
        marks = ", ".join("?" for _ in _ANOMALY_FIELDS)
        con.executemany(f"INSERT INTO anomalies VALUES ({marks})", rows)
    head = [detection.as_of, detection.fingerprint, detection.tag_key]
    windows: Sequence[ProviderWindow | None] = detection.providers or [None]
    con.executemany(
        "INSERT INTO anomaly_detection VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [head + (_window_values(w) if w else [None] * 5) for w in windows],
    )


def _window_values(w: ProviderWindow) -> list[Any]:
    return [w.provider, w.newest_day, w.evaluated_through, w.lag_hours, w.fetched_at]


def refresh_detection(con: duckdb.DuckDBPyConnection, cfg: DetectorConfig | None = None) -> None:
    """Detect with ``cfg`` (default settings) for the newest complete day and store the result.

    Called at the end of every import, after the rollups. A detector failure must not cost the user
    their import, so it is logged and the stored detection is cleared: the screen then runs the
    detector itself and shows the error where it can be read.
    """
    from finops_tui.anomalies.detect import detect
    from finops_tui.queries.trends import default_as_of

    cfg = cfg or DetectorConfig()
    try:
        as_of = default_as_of(con)
        if as_of is None:
            write_detection(con, Detection(date.min, (), (), cfg.fingerprint(), cfg.tag_key))
            return
        write_detection(con, detect(con, as_of=as_of, cfg=cfg))
    except Exception as exc:  # a detector bug must not cost the user the import itself
        log.warning("anomaly detection failed (%s); the Anomalies screen will detect when it opens", exc)
        log.debug("anomaly detection failure", exc_info=True)
        con.execute(ANOMALIES_DDL)
        con.execute(DETECTION_DDL)
        con.execute("DELETE FROM anomalies WHERE source = $s", {"s": SOURCE_LOCAL})
        con.execute("DELETE FROM anomaly_detection")


def stored_detection(cur: duckdb.DuckDBPyConnection, *, as_of: date, cfg: DetectorConfig) -> Detection | None:
    """The stored detection when it was made for ``as_of`` with ``cfg``'s settings, else None."""
    try:
        meta = cur.execute(load_sql("anomaly_stored_meta")).fetchall()
    except duckdb.CatalogException:
        return None  # a cache written before anomalies were stored
    if not meta or meta[0][0] != as_of or meta[0][1] != cfg.fingerprint():
        return None
    windows = tuple(ProviderWindow(p, n, e, lag, f) for _, _, _, p, n, e, lag, f in meta if p is not None)
    anomalies = _read(cur, local=True)
    return Detection(as_of, anomalies, windows, meta[0][1], meta[0][2], stored=True)


def native_anomalies(cur: duckdb.DuckDBPyConnection) -> tuple[Anomaly, ...]:
    """Anomalies synced from the providers (any source but ours), shown beside a live detection."""
    try:
        return _read(cur, local=False)
    except duckdb.CatalogException:
        return ()


def load_detection(
    cur: duckdb.DuckDBPyConnection, *, as_of: date, cfg: DetectorConfig, rules: TagRules | None = None
) -> Detection:
    """The stored detection when it fits ``as_of`` and ``cfg``, else a fresh one (plus native rows).

    ``rules`` (the config's tag normalisation) matter only when ``cfg`` watches a tag key, and the
    stored detection never does (it is made with the default settings at import).
    """
    from finops_tui.anomalies.detect import detect

    stored = stored_detection(cur, as_of=as_of, cfg=cfg)
    if stored is not None:
        return stored
    live = detect(cur, as_of=as_of, cfg=cfg, rules=rules)
    native = native_anomalies(cur)
    return replace(live, anomalies=live.anomalies + native) if native else live


def _read(cur: duckdb.DuckDBPyConnection, *, local: bool) -> tuple[Anomaly, ...]:
    rows = cur.execute(load_sql("anomaly_stored"), {"local": local}).fetchall()
    return tuple(_anomaly(dict(zip(_ANOMALY_FIELDS, row, strict=True))) for row in rows)


def _anomaly(values: dict[str, Any]) -> Anomaly:
    values["contributors"] = tuple(Contributor(**c) for c in values["contributors"] or ())
    values["band"] = tuple(BandPoint(**p) for p in values["band"] or ())
    return Anomaly(**values)
