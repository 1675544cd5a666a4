"""Cost Explorer extras and AWS Budgets: native anomalies, forecast, commitment coverage, budgets.

Each is fetched when permitted (AccessDenied warns and skips that one) and replaces its own rows in
the cache for the caller's account. These are read beside finops-tui's own analysis: AWS's anomalies
next to ours, its forecast next to ours, its budgets into the agenda.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from finops_tui.sync.aws.session import AwsContext, skip_if_denied
from finops_tui.sync.aws.tables import replace_rows

EXTRA_REQUESTS = 6
"""Cost Explorer requests the extras make at least (anomalies, forecast, 2 coverage, 2 utilisation)."""


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def anomalies(ctx: AwsContext, account: str, start: date, end: date, now: datetime) -> list[tuple[Any, ...]]:
    """AWS Cost Anomaly Detection anomalies whose start lies in ``[start, end]``."""
    rows: list[tuple[Any, ...]] = []
    paginator = ctx.client("ce").get_paginator("get_anomalies")
    interval = {"StartDate": start.isoformat(), "EndDate": end.isoformat()}
    for page in paginator.paginate(DateInterval=interval):
        for a in page.get("Anomalies", []):
            score, impact = a.get("AnomalyScore") or {}, a.get("Impact") or {}
            rows.append(
                (
                    account,
                    a["AnomalyId"],
                    a.get("MonitorArn"),
                    _d(a.get("AnomalyStartDate")),
                    _d(a.get("AnomalyEndDate")),
                    a.get("DimensionValue"),
                    score.get("MaxScore"),
                    score.get("CurrentScore"),
                    impact.get("TotalImpact"),
                    impact.get("TotalActualSpend"),
                    impact.get("TotalExpectedSpend"),
                    json.dumps(a.get("RootCauses") or []),
                    a.get("Feedback"),
                    now,
                )
            )
    return rows


def forecast(ctx: AwsContext, account: str, today: date, now: datetime) -> list[tuple[Any, ...]]:
    """The rest of the current month's unblended cost forecast."""
    end = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    resp = ctx.client("ce").get_cost_forecast(
        TimePeriod={"Start": today.isoformat(), "End": end.isoformat()},
        Metric="UNBLENDED_COST",
        Granularity="MONTHLY",
    )
    unit = (resp.get("Total") or {}).get("Unit")
    return [
        (
            account,
            "UNBLENDED_COST",
            _d(r["TimePeriod"]["Start"]),
            _d(r["TimePeriod"]["End"]),
            r.get("MeanValue"),
            r.get("PredictionIntervalLowerBound"),
            r.get("PredictionIntervalUpperBound"),
            unit,
            now,
        )
        for r in resp.get("ForecastResultsByTime", [])
    ]


def _pct(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def commitments(
    ctx: AwsContext, account: str, start: date, end: date, now: datetime
) -> list[tuple[Any, ...]]:
    """Monthly reservation and savings-plan coverage and utilisation; each call skipped if denied."""
    ce = ctx.client("ce")
    period = {"Start": start.isoformat(), "End": end.isoformat()}
    calls: list[tuple[str, Callable[[], list[tuple[Any, Any, Any]]]]] = [
        (
            "ri-coverage",
            lambda: [
                (
                    c["TimePeriod"],
                    (c.get("Total") or {}).get("CoverageHours", {}).get("CoverageHoursPercentage"),
                    c.get("Total"),
                )
                for c in ce.get_reservation_coverage(TimePeriod=period, Granularity="MONTHLY").get(
                    "CoveragesByTime", []
                )
            ],
        ),
        (
            "ri-utilization",
            lambda: [
                (u["TimePeriod"], (u.get("Total") or {}).get("UtilizationPercentage"), u.get("Total"))
                for u in ce.get_reservation_utilization(TimePeriod=period, Granularity="MONTHLY").get(
                    "UtilizationsByTime", []
                )
            ],
        ),
        (
            "sp-coverage",
            lambda: [
                (c["TimePeriod"], (c.get("Coverage") or {}).get("CoveragePercentage"), c.get("Coverage"))
                for c in ce.get_savings_plans_coverage(TimePeriod=period, Granularity="MONTHLY").get(
                    "SavingsPlansCoverages", []
                )
            ],
        ),
        (
            "sp-utilization",
            lambda: [
                (
                    u["TimePeriod"],
                    (u.get("Utilization") or {}).get("UtilizationPercentage"),
                    u.get("Utilization"),
                )
                for u in ce.get_savings_plans_utilization(TimePeriod=period, Granularity="MONTHLY").get(
                    "SavingsPlansUtilizationsByTime", []
                )
            ],
        ),
    ]
    rows: list[tuple[Any, ...]] = []
    for kind, call in calls:
        with skip_if_denied(ctx, f"Cost Explorer {kind}", optional=True):
            for when, pct, detail in call():
                rows.append(
                    (account, kind, _d(when["Start"]), _d(when["End"]), _pct(pct), json.dumps(detail), now)
                )
    return rows


def budgets(ctx: AwsContext, account: str, now: datetime) -> list[tuple[Any, ...]]:
    """Every AWS Budget of the account with its limit and calculated spend."""
    rows: list[tuple[Any, ...]] = []
    for page in ctx.client("budgets").get_paginator("describe_budgets").paginate(AccountId=account):
        for b in page.get("Budgets", []):
            limit = b.get("BudgetLimit") or {}
            spend = b.get("CalculatedSpend") or {}
            when = b.get("TimePeriod") or {}
            rows.append(
                (
                    account,
                    b["BudgetName"],
                    b.get("BudgetType"),
                    b.get("TimeUnit"),
                    limit.get("Amount"),
                    limit.get("Unit"),
                    (spend.get("ActualSpend") or {}).get("Amount"),
                    (spend.get("ForecastedSpend") or {}).get("Amount"),
                    _naive(when.get("Start")),
                    _naive(when.get("End")),
                    now,
                )
            )
    return rows


def _naive(value: Any) -> Any:
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


ANOMALY_COLUMNS = (
    "account_id",
    "anomaly_id",
    "monitor_arn",
    "start_date",
    "end_date",
    "dimension_value",
    "max_score",
    "current_score",
    "total_impact",
    "total_actual",
    "total_expected",
    "root_causes",
    "feedback",
    "synced_at",
)
FORECAST_COLUMNS = (
    "account_id",
    "metric",
    "period_start",
    "period_end",
    "mean_value",
    "lower_bound",
    "upper_bound",
    "unit",
    "synced_at",
)
COMMITMENT_COLUMNS = ("account_id", "kind", "period_start", "period_end", "percentage", "detail", "synced_at")
BUDGET_COLUMNS = (
    "account_id",
    "budget_name",
    "budget_type",
    "time_unit",
    "limit_amount",
    "limit_unit",
    "actual_spend",
    "forecasted_spend",
    "period_start",
    "period_end",
    "synced_at",
)


def sync_extras(
    ctx: AwsContext, con: duckdb.DuckDBPyConnection, account: str, *, start: date, today: date, now: datetime
) -> dict[str, int]:
    """Fetch each extra that is permitted and replace its rows; return rows written per table."""
    written: dict[str, int] = {}
    acct = {"a": account}
    with skip_if_denied(ctx, "Cost Explorer anomalies", optional=True):
        rows = anomalies(ctx, account, start, today, now)
        written["aws_anomalies"] = replace_rows(
            con, "aws_anomalies", ANOMALY_COLUMNS, rows, where="account_id = $a", params=acct
        )
    with skip_if_denied(ctx, "Cost Explorer forecast", optional=True):
        rows = forecast(ctx, account, today, now)
        written["aws_cost_forecast"] = replace_rows(
            con, "aws_cost_forecast", FORECAST_COLUMNS, rows, where="account_id = $a", params=acct
        )
    rows = commitments(ctx, account, start, today, now)
    kinds = sorted({r[1] for r in rows})
    if kinds:
        written["aws_commitment_metrics"] = replace_rows(
            con,
            "aws_commitment_metrics",
            COMMITMENT_COLUMNS,
            rows,
            where="account_id = $a AND list_contains($k, kind)",
            params={**acct, "k": kinds},
        )
    with skip_if_denied(ctx, "AWS Budgets", optional=True):
        rows = budgets(ctx, account, now)
        written["aws_budgets"] = replace_rows(
            con, "aws_budgets", BUDGET_COLUMNS, rows, where="account_id = $a", params=acct
        )
    return written
