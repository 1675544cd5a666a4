"""Cost Management budgets, alerts and the month's cost forecast for each scope, into cache tables.

Fetched before the cache is opened (each kind per scope on its own: a denied kind is a warning and its
earlier rows stay), written in the sync's one transaction. Alerts are what Cost Management raises for
budgets, forecasts, invoices, credits and quotas; the anomalies Cost Management detects are only sent
as e-mails by ``InsightAlert`` scheduled actions and have no read API, so the app's own anomaly
detection stays the source of anomalies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import duckdb
from azure.core.exceptions import AzureError

from finops_tui.sync.azure import clients, query_api

DDL = (
    """CREATE TABLE IF NOT EXISTS azure_budgets (
        scope VARCHAR, budget_name VARCHAR, category VARCHAR, time_grain VARCHAR, amount DECIMAL(38, 10),
        current_spend DECIMAL(38, 10), forecast_spend DECIMAL(38, 10), currency VARCHAR,
        period_start TIMESTAMP, period_end TIMESTAMP, synced_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS azure_alerts (
        scope VARCHAR, alert_id VARCHAR, alert_type VARCHAR, category VARCHAR, criteria VARCHAR,
        status VARCHAR, source VARCHAR, cost_entity_id VARCHAR, threshold DOUBLE, amount DECIMAL(38, 10),
        current_spend DECIMAL(38, 10), currency VARCHAR, period_start TIMESTAMP, created_at TIMESTAMP,
        description VARCHAR, synced_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS azure_cost_forecast (
        scope VARCHAR, day DATE, cost DECIMAL(38, 10), cost_status VARCHAR, currency VARCHAR,
        synced_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS azure_extras_state (
        scope VARCHAR, kind VARCHAR, digest VARCHAR, synced_at TIMESTAMP, PRIMARY KEY (scope, kind))""",
)
TABLES = {
    "budgets": "azure_budgets",
    "alerts": "azure_alerts",
    "forecast": "azure_cost_forecast",
    "inventory": "azure_inventory",
}


@dataclass(frozen=True)
class Fetched:
    """One kind of extra for one scope, as rows for its table."""

    scope: str
    kind: str
    rows: list[tuple[Any, ...]]

    @property
    def digest(self) -> str:
        """Changes whenever the rows do."""
        return hashlib.sha256(json.dumps(self.rows, default=str).encode()).hexdigest()


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def parse_time(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value)
        try:
            parsed = datetime.fromisoformat(text[:19])
        except ValueError:
            return None
    return None if parsed.year <= 1 else parsed.replace(tzinfo=None)


def _text(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def budgets(client: Any, scope: str) -> list[tuple[Any, ...]]:
    """Every budget of the scope: amount, spend so far and forecast spend."""
    out: list[tuple[Any, ...]] = []
    for budget in client.budgets.list(scope):
        p = budget.properties
        spend, forecast, period = p.current_spend, p.forecast_spend, p.time_period
        out.append(
            (
                scope,
                budget.name,
                _text(p.category),
                _text(p.time_grain),
                _money(p.amount),
                _money(spend.amount if spend else None),
                _money(forecast.amount if forecast else None),
                (spend.unit if spend else None) or (forecast.unit if forecast else None),
                parse_time(period.start_date if period else None),
                parse_time(period.end_date if period else None),
            )
        )
    return sorted(out, key=lambda r: str(r[1]))


def alerts(client: Any, scope: str) -> list[tuple[Any, ...]]:
    """Cost Management alerts of the scope (budget, forecast, invoice, credit, quota…)."""
    out: list[tuple[Any, ...]] = []
    for alert in client.alerts.list(scope).value or []:
        p = alert.properties
        d, details = p.definition, p.details
        out.append(
            (
                scope,
                alert.name,
                _text(d.type if d else None),
                _text(d.category if d else None),
                _text(d.criteria if d else None),
                _text(p.status),
                _text(p.source),
                p.cost_entity_id,
                float(details.threshold) if details and details.threshold is not None else None,
                _money(details.amount if details else None),
                _money(details.current_spend if details else None),
                details.unit if details else None,
                parse_time(details.period_start_date if details else None),
                parse_time(p.creation_time),
                p.description or None,
            )
        )
    return sorted(out, key=lambda r: str(r[1]))


def forecast(client: Any, scope: str, today: date) -> list[tuple[Any, ...]]:
    """Daily forecast cost from today to the end of the month."""
    end = (today.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    body = query_api.definition("ActualCost", query_api.Window(today, end), [])
    del body["dataset"]["grouping"]
    body.update({"includeActualCost": False, "includeFreshPartialCost": False})
    result = client.forecast.usage(scope, body)
    if result is None:
        return []
    names = [str(c.name).lower() for c in result.properties.columns or []]
    out: list[tuple[Any, ...]] = []
    for raw in result.properties.rows or []:
        row = dict(zip(names, raw, strict=False))
        out.append(
            (
                scope,
                query_api.parse_day(row["usagedate"]),
                Decimal(str(query_api.cost_of(row))),
                str(row.get("coststatus") or "Forecast"),
                str(row.get("currency") or "USD"),
            )
        )
    return out


def fetch(client: Any, scope: str, today: date, warning: Callable[[str], None]) -> list[Fetched]:
    """Budgets, alerts and forecast of one scope; a failing kind is a warning."""
    found: list[Fetched] = []
    steps: list[tuple[str, Callable[[], list[tuple[Any, ...]]]]] = [
        ("budgets", lambda: budgets(client, scope)),
        ("alerts", lambda: alerts(client, scope)),
        ("forecast", lambda: forecast(client, scope, today)),
    ]
    for kind, call in steps:
        try:
            found.append(Fetched(scope, kind, call()))
        except AzureError as exc:
            warning(clients.describe(exc, f"{scope} {kind}", role="Cost Management Reader"))
    return found


def recorded(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """Digest of each (scope, kind) the cache holds."""
    rows = con.execute("SELECT scope, kind, digest FROM azure_extras_state").fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def write(con: duckdb.DuckDBPyConnection, items: list[Fetched], now: datetime) -> int:
    """Replace each fetched (scope, kind) in its table; return rows written."""
    total = 0
    for item in items:
        table = TABLES[item.kind]
        con.execute(f"DELETE FROM {table} WHERE scope = ?", [item.scope])
        if item.rows:
            marks = ", ".join("?" for _ in range(len(item.rows[0]) + 1))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", [(*r, now) for r in item.rows])
        con.execute(
            "INSERT OR REPLACE INTO azure_extras_state VALUES (?, ?, ?, ?)",
            [item.scope, item.kind, item.digest, now],
        )
        total += len(item.rows)
    return total
