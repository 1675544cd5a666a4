"""Cache tables the AWS sync owns besides ``cost_and_usage``, and how each is replaced.

They are created on the writer's private copy (``CREATE TABLE IF NOT EXISTS``, so older caches gain
them on their next sync) and written in the same transaction as the cost rows, so a sync lands whole
or not at all. Each source replaces only what it fetched again: a skipped (denied) source keeps its
previous rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import duckdb

DDL = (
    """
    CREATE TABLE IF NOT EXISTS aws_export_deliveries (
        export_url VARCHAR NOT NULL,        -- s3://bucket/prefix/ the user configured
        label VARCHAR NOT NULL,             -- billing period folder (or loose file key) below it
        fingerprint VARCHAR NOT NULL,       -- sha256 over (key, ETag, size) of the delivery's objects
        files VARCHAR[] NOT NULL,
        import_id BIGINT,
        synced_at TIMESTAMP NOT NULL,
        PRIMARY KEY (export_url, label)
    )""",
    """
    CREATE TABLE IF NOT EXISTS aws_anomalies (
        account_id VARCHAR, anomaly_id VARCHAR, monitor_arn VARCHAR, start_date DATE, end_date DATE,
        dimension_value VARCHAR, max_score DOUBLE, current_score DOUBLE, total_impact DECIMAL(38, 10),
        total_actual DECIMAL(38, 10), total_expected DECIMAL(38, 10), root_causes JSON,
        feedback VARCHAR, synced_at TIMESTAMP
    )""",
    """
    CREATE TABLE IF NOT EXISTS aws_cost_forecast (
        account_id VARCHAR, metric VARCHAR, period_start DATE, period_end DATE,
        mean_value DECIMAL(38, 10), lower_bound DECIMAL(38, 10), upper_bound DECIMAL(38, 10),
        unit VARCHAR, synced_at TIMESTAMP
    )""",
    """
    CREATE TABLE IF NOT EXISTS aws_commitment_metrics (
        account_id VARCHAR, kind VARCHAR,   -- ri-coverage, ri-utilization, sp-coverage, sp-utilization
        period_start DATE, period_end DATE, percentage DOUBLE, detail JSON, synced_at TIMESTAMP
    )""",
    """
    CREATE TABLE IF NOT EXISTS aws_budgets (
        account_id VARCHAR, budget_name VARCHAR, budget_type VARCHAR, time_unit VARCHAR,
        limit_amount DECIMAL(38, 10), limit_unit VARCHAR, actual_spend DECIMAL(38, 10),
        forecasted_spend DECIMAL(38, 10), period_start TIMESTAMP, period_end TIMESTAMP, synced_at TIMESTAMP
    )""",
    """
    CREATE TABLE IF NOT EXISTS aws_inventory (
        account_id VARCHAR, region VARCHAR,
        resource_type VARCHAR,              -- ebs-volume, elastic-ip, ebs-snapshot, ec2-instance, nat-gateway
        resource_id VARCHAR, state VARCHAR, created_at TIMESTAMP, size_gib DOUBLE, instance_type VARCHAR,
        attached_to VARCHAR, tags MAP(VARCHAR, VARCHAR), detail JSON, taken_at TIMESTAMP
    )""",
    """
    CREATE TABLE IF NOT EXISTS sync_runs (
        provider VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, rows BIGINT, status VARCHAR,
        error VARCHAR, api_calls BIGINT, detail JSON
    )""",
)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the AWS sync's tables on the writer connection."""
    for ddl in DDL:
        con.execute(ddl)


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    where: str,
    params: dict[str, Any],
) -> int:
    """Delete the rows ``where`` selects, insert ``rows``; return how many were inserted."""
    con.execute(f"DELETE FROM {table} WHERE {where}", params)
    batch = [tuple(r) for r in rows]
    if batch:
        marks = ", ".join("?" for _ in columns)
        con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", batch)
    return len(batch)


def delivered(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """Fingerprint of each export delivery already in the cache."""
    rows = con.execute("SELECT export_url, label, fingerprint FROM aws_export_deliveries").fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def record_run(
    con: duckdb.DuckDBPyConnection,
    *,
    started: datetime,
    finished: datetime,
    rows: int,
    status: str,
    calls: dict[str, int],
    warnings: list[str],
) -> None:
    """Append this sync to ``sync_runs``."""
    con.execute(
        "INSERT INTO sync_runs VALUES ('aws', ?, ?, ?, ?, ?, ?, ?)",
        [
            started,
            finished,
            rows,
            status,
            "; ".join(warnings) or None,
            sum(calls.values()),
            json.dumps({"calls": calls, "warnings": warnings}),
        ],
    )
