"""Cost Management Query API → FOCUS rows of daily grain, for scopes without a cost export.

Per scope and calendar month (a window every scope type accepts), two daily queries: ``ActualCost``
(what the invoice charges) and ``AmortizedCost`` (commitment purchases spread over the usage they
cover). The API allows two groupings per query, so costs are grouped by ``ResourceId`` and
``ServiceName`` (Cost Management's service name is the meter category); the resource group and
subscription are read from the resource id. Each configured tag key is one more query grouped by
``ResourceId`` and that ``TagKey``, which gives each resource its tag value. Pages are followed through
``nextLink`` (``$skiptoken``); the SDK's retry policy waits out 429s for their ``Retry-After``.

Rows are written as Azure datasets are (``x_CostBasis`` ``actual`` / ``amortized`` with the cost in
``x_SourceCost``), so the importer's pairing gives BilledCost from actual and EffectiveCost from
amortized. ``BillingAccountId`` is the scope; ``x_Grain`` is ``daily-aggregate``, ``x_Source``
``azure-query``. A month the cache already holds export line items for is not queried.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import duckdb
import pyarrow as pa

from finops_tui.errors import FinOpsError
from finops_tui.sync import periods
from finops_tui.sync.importer import next_import_id

SOURCE = "azure-query"
DATASETS = (("ActualCost", "actual"), ("AmortizedCost", "amortized"))
GROUPING = ({"type": "Dimension", "name": "ResourceId"}, {"type": "Dimension", "name": "ServiceName"})
MAX_PAGES = 500
"""Safety stop for a server whose nextLink never ends."""

_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_NAME = r"[^/]+"
SCOPE_PATTERNS = (
    ("subscription", rf"subscriptions/{_GUID}"),
    ("resource group", rf"subscriptions/{_GUID}/resourceGroups/{_NAME}"),
    ("billing account", rf"providers/Microsoft\.Billing/billingAccounts/{_NAME}"),
    (
        "billing profile / department / enrollment account / invoice section",
        rf"providers/Microsoft\.Billing/billingAccounts/{_NAME}/"
        rf"(billingProfiles|departments|enrollmentAccounts|invoiceSections)/{_NAME}"
        rf"(/invoiceSections/{_NAME})?",
    ),
    ("management group", rf"providers/Microsoft\.Management/managementGroups/{_NAME}"),
)


def normalise_scope(text: str) -> str:
    """``text`` without its leading slash, or a one-line error naming the scope forms accepted."""
    scope = text.strip().strip("/")
    if any(re.fullmatch(p, scope, re.IGNORECASE) for _, p in SCOPE_PATTERNS):
        return scope
    raise FinOpsError(
        f"--scope {text}: not a Cost Management scope; expected "
        "subscriptions/<guid>[/resourceGroups/<name>], "
        "providers/Microsoft.Billing/billingAccounts/<id>[/billingProfiles/<id>] or "
        "providers/Microsoft.Management/managementGroups/<id>"
    )


@dataclass(frozen=True)
class Window:
    """One calendar month to query, ``start``..``end`` inclusive (``end`` capped at today)."""

    start: date
    end: date


def windows(today: date, months: int) -> list[Window]:
    """The ``months`` calendar months ending with the current one, oldest first."""
    out: list[Window] = []
    first = today.replace(day=1)
    for _ in range(max(1, months)):
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        out.append(Window(first, min(last, today)))
        first = (first - timedelta(days=1)).replace(day=1)
    return sorted(out, key=lambda w: w.start)


def definition(
    kind: str, window: Window, grouping: list[dict[str, str]], *, daily: bool = True
) -> dict[str, Any]:
    """The Query API request body."""
    return {
        "type": kind,
        "timeframe": "Custom",
        "timePeriod": {"from": f"{window.start}T00:00:00Z", "to": f"{window.end}T23:59:59Z"},
        "dataset": {
            "granularity": "Daily" if daily else "None",
            "aggregation": {"totalCost": {"name": "Cost", "function": "Sum"}},
            "grouping": grouping,
        },
    }


def query_all(
    client: Any, scope: str, body: dict[str, Any], on_page: Callable[[], None] | None = None
) -> list[dict[str, Any]]:
    """Every row of a query as ``{lower-case column: value}``, following ``nextLink`` pages."""
    result = client.query.usage(scope, body)
    rows: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        if on_page:
            on_page()
        if result is None:  # 204 No Content: nothing in the window
            return rows
        props = result.properties
        names = [str(c.name).lower() for c in props.columns or []]
        rows.extend(dict(zip(names, r, strict=False)) for r in props.rows or [])
        link = props.next_link
        if not link:
            return rows
        token = parse_qs(urlsplit(link).query).get("$skiptoken")
        if not token:
            raise FinOpsError(f"{scope}: the Query API returned a nextLink without $skiptoken: {link}")
        result = client.query.usage(scope, body, params={"$skiptoken": token[0]})
    raise FinOpsError(
        f"{scope}: the Query API kept returning pages (more than {MAX_PAGES}); narrow the scope"
    )


def cost_of(row: dict[str, Any]) -> Any:
    for name in ("cost", "pretaxcost", "costusd", "totalcost"):
        if name in row:
            return row[name]
    raise FinOpsError(f"Query API row without a cost column: {sorted(row)}")


def parse_day(value: Any) -> date:
    if isinstance(value, int | float):
        return datetime.strptime(str(int(value)), "%Y%m%d").date()
    text = str(value)
    return (
        datetime.strptime(text, "%Y%m%d").date()
        if text.isdigit()
        else datetime.fromisoformat(text[:10]).date()
    )


_SUB = re.compile(rf"/subscriptions/({_GUID})", re.IGNORECASE)
_RG = re.compile(r"/resourcegroups/([^/]+)", re.IGNORECASE)


COLUMNS = (
    "BillingAccountId", "SubAccountId", "ResourceId", "ResourceName", "x_ResourceGroup", "ServiceName",
    "ChargePeriodStart", "BillingPeriodStart", "x_SourceCost", "BillingCurrency", "x_CostBasis",
)  # fmt: skip


def rows_from(
    scope: str, basis: str, raw: list[dict[str, Any]], tags: dict[str, dict[str, str]]
) -> list[tuple[Any, ...]]:
    """FOCUS-shaped rows (text, cast in SQL) plus a tag map, from one dataset's query rows."""
    scope_sub = _SUB.search("/" + scope)
    out: list[tuple[Any, ...]] = []
    for row in raw:
        day = parse_day(row["usagedate"])
        resource = str(row.get("resourceid") or "").strip() or None
        sub = _SUB.search(resource or "") or scope_sub
        rg = _RG.search(resource or "")
        cost = cost_of(row)
        out.append(
            (
                scope,
                sub.group(1).lower() if sub else None,
                resource,
                resource.rstrip("/").rsplit("/", 1)[-1] if resource else None,
                rg.group(1) if rg else None,
                str(row.get("servicename") or "") or None,
                day.isoformat(),
                day.replace(day=1).isoformat(),
                str(Decimal(str(cost))),
                str(row.get("currency") or row.get("billingcurrency") or "USD"),
                basis,
                sorted(tags.get((resource or "").lower(), {}).items()),
            )
        )
    return out


def tag_values(raw: list[dict[str, Any]], key: str) -> dict[str, str]:
    """Resource id (lower case) → its value of tag ``key`` (the costliest value when it changed)."""
    best: dict[str, tuple[Decimal, str]] = {}
    for row in raw:
        resource = str(row.get("resourceid") or "").lower()
        value = row.get("tagvalue")
        if not resource or value in (None, ""):
            continue
        cost = Decimal(str(cost_of(row)))
        if resource not in best or cost > best[resource][0]:
            best[resource] = (cost, str(value))
    return {r: v for r, (_, v) in best.items()}


def covered(con: duckdb.DuckDBPyConnection, scope: str, window: Window) -> bool:
    """Whether export line items already cover this scope's month (then the query is not needed)."""
    sub = _SUB.search("/" + scope)
    account = re.search(r"billingAccounts/([^/]+)", scope, re.IGNORECASE)
    if sub:
        where, params = "lower(SubAccountId) = $k", {"k": sub.group(1).lower()}
    elif account:
        where, params = "BillingAccountId = $k", {"k": account.group(1)}
    else:
        return False
    row = con.execute(
        f"SELECT count(*) FROM cost_and_usage WHERE ProviderName = 'Microsoft' AND x_Grain = 'line-item' "
        f"AND BillingPeriodStart = $p AND {where}",
        {"p": datetime.combine(window.start, datetime.min.time()), **params},
    ).fetchone()
    return bool(row and row[0])


def drop_covered(con: duckdb.DuckDBPyConnection, scopes: list[str]) -> int:
    """Remove Query API months of ``scopes`` that export line items now cover (so none is counted twice)."""
    months = con.execute(
        "SELECT DISTINCT BillingAccountId, CAST(BillingPeriodStart AS DATE) FROM cost_and_usage "
        "WHERE x_Source = $s AND list_contains($scopes, BillingAccountId)",
        {"s": SOURCE, "scopes": scopes},
    ).fetchall()
    dropped = 0
    for scope, month in months:
        if not covered(con, scope, Window(month, month)):
            continue
        key = {"a": scope, "p": datetime.combine(month, datetime.min.time()), "s": SOURCE}
        found = con.execute(
            "SELECT count(*) FROM cost_and_usage WHERE x_Source = $s AND BillingAccountId = $a "
            "AND BillingPeriodStart = $p",
            key,
        ).fetchone()
        dropped += int(found[0]) if found else 0
        con.execute(
            "DELETE FROM cost_and_usage WHERE x_Source = $s AND BillingAccountId = $a "
            "AND BillingPeriodStart = $p",
            key,
        )
        con.execute(
            "DELETE FROM imports WHERE source_format = $s AND billing_account_id = $a "
            "AND billing_period_start = $p",
            key,
        )
        con.execute(
            "DELETE FROM azure_query_windows WHERE scope = $a AND month = $m", {"a": scope, "m": month}
        )
    return dropped


_INSERT = """
INSERT INTO cost_and_usage BY NAME
SELECT 'Microsoft' AS ProviderName, 'Microsoft' AS PublisherName, 'Microsoft' AS InvoiceIssuerName,
       BillingAccountId, SubAccountId, ResourceId, ResourceName, x_ResourceGroup, ServiceName,
       ServiceName AS x_ProductFamily, BillingCurrency, x_CostBasis,
       CASE WHEN CAST(x_SourceCost AS DECIMAL(38, 10)) < 0 THEN 'Credit' ELSE 'Usage' END AS ChargeCategory,
       CAST(ChargePeriodStart AS TIMESTAMP) AS ChargePeriodStart,
       CAST(ChargePeriodStart AS TIMESTAMP) + INTERVAL 1 DAY AS ChargePeriodEnd,
       CAST(BillingPeriodStart AS TIMESTAMP) AS BillingPeriodStart,
       CAST(BillingPeriodStart AS TIMESTAMP) + INTERVAL 1 MONTH AS BillingPeriodEnd,
       CAST(x_SourceCost AS DECIMAL(38, 10)) AS x_SourceCost,
       CAST(x_SourceCost AS DECIMAL(38, 10)) AS BilledCost,
       CAST(x_SourceCost AS DECIMAL(38, 10)) AS EffectiveCost,
       CASE WHEN cardinality(Tags) > 0 THEN Tags END AS Tags,
       'Usage-Based' AS ChargeFrequency, $source AS x_Source, 'query:/' || BillingAccountId AS x_SourceFile,
       'daily-aggregate' AS x_Grain, $import_id::BIGINT AS x_ImportId
FROM query_rows
"""


def load_rows(
    con: duckdb.DuckDBPyConnection, rows: list[tuple[Any, ...]], raw: list[Any], *, now: datetime
) -> int:
    """Write Query API rows as one import, replacing the same scopes' months from earlier syncs."""
    if not rows:
        return 0
    arrays = {c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(COLUMNS)}
    arrays["Tags"] = pa.array([r[len(COLUMNS)] for r in rows], pa.map_(pa.string(), pa.string()))
    table = pa.table(arrays)
    import_id = next_import_id(con)
    con.register("query_rows", table)
    try:
        con.execute(_INSERT, {"source": SOURCE, "import_id": import_id})
    finally:
        con.unregister("query_rows")
    for key in periods.new_keys(con, import_id):
        if key.currencies > 1:
            raise FinOpsError(f"{key.billing_account_id}: {key.billing_period_start:%Y-%m} mixes currencies")
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
    names = con.execute(
        "SELECT DISTINCT x_SourceFile FROM cost_and_usage WHERE x_ImportId = $i", {"i": import_id}
    ).fetchall()
    periods.replace_and_record(con, import_id, {n[0]: digest for n in names}, now)
    return len(rows)
