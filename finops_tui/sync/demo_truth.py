"""Ground truth of the demo: what was injected, measured back from the written files.

Every "actual" figure is read from the Parquet files themselves and every "expected" figure is the same
SQL run with the anomaly switched off, so the truth cannot drift from the data: a detector scored
against ``ground_truth.json`` is scored against exactly what it read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb

from finops_tui.sync.demo_catalog import WasteSpec
from finops_tui.sync.demo_charges import Month
from finops_tui.sync.demo_plan import Anomaly
from finops_tui.sync.demo_sql import expand_sql
from finops_tui.sync.formats.base import literal

TEN = Decimal("0.0000000001")


def money(value: Decimal) -> str:
    """A money amount as the JSON string the truth file uses (ten decimals, like the cache)."""
    return format(value.quantize(TEN), "f")


def _files_sql(files: Sequence[Path]) -> str:
    return "read_parquet([" + ", ".join(literal(str(f)) for f in files) + "])"


def _decimal(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(0)


def anomaly_truth(
    con: duckdb.DuckDBPyConnection, files: Sequence[Path], months: Sequence[Month], first: date, a: Anomaly
) -> dict[str, object]:
    """One anomaly's truth: expected (anomaly switched off) and actual (read back) effective cost."""
    day = first + timedelta(days=a.start)
    last = first + timedelta(days=a.end)
    acct = a.account
    actual = _decimal(
        con.execute(
            f"SELECT sum(EffectiveCost) FROM {_files_sql(files)} "
            "WHERE ProviderName = $p AND SubAccountId = $s AND ServiceName = $n AND ChargeCategory = 'Usage' "
            "AND ChargePeriodStart >= $a AND ChargePeriodStart < $b",
            {"p": acct.provider, "s": acct.sub_id, "n": a.service, "a": day, "b": last + timedelta(days=1)},
        ).fetchone()[0]  # type: ignore[index]
    )
    expected = Decimal(0)
    if a.kind != "new":
        where = (
            f"provider = {literal(acct.provider)} AND sub_id = {literal(acct.sub_id)} "
            f"AND service_name = {literal(a.service)}"
        )
        for m in months:
            lo, hi = max(m.d0, a.start), min(m.d1, a.end + 1)
            if lo < hi:
                sql = expand_sql(lo, hi, m.days_in_month, first, anomalies=False, where=where)
                row = con.execute(f"SELECT sum(effective) FROM ({sql})").fetchone()
                expected += _decimal(row[0] if row else None)
    days = a.end - a.start + 1
    return {
        "kind": a.kind,
        "provider": acct.provider,
        "sub_account_id": acct.sub_id,
        "sub_account_name": acct.sub_name,
        "service_name": a.service,
        "start": day.isoformat(),
        "end": last.isoformat(),
        "days": days,
        "expected_daily": money(expected / days),
        "actual_daily": money(actual / days),
        "impact": money(actual - expected),
        "resource_ids": list(a.resource_ids),
        "usage_type": a.usage_type,
        "persists": a.persists,
    }


def waste_truth(
    con: duckdb.DuckDBPyConnection, month_file: Path, month: Month, waste: Sequence[WasteSpec]
) -> list[dict[str, object]]:
    """Each waste finding with its effective cost in ``month`` (a complete month) and the true saving."""
    ids = [w.resource_id for w in waste]
    rows = con.execute(
        f"SELECT ResourceId, sum(EffectiveCost) FROM {_files_sql([month_file])} "
        "WHERE ResourceId IN (SELECT unnest($ids)) GROUP BY ResourceId",
        {"ids": ids},
    ).fetchall()
    cost = {str(r[0]): _decimal(r[1]) for r in rows}
    out: list[dict[str, object]] = []
    for w in waste:
        monthly = cost.get(w.resource_id, Decimal(0))
        ratio = Decimal(repr(round(w.saving_ratio, 6)))
        out.append(
            {
                "check": w.check,
                "provider": w.account.provider,
                "sub_account_id": w.account.sub_id,
                "sub_account_name": w.account.sub_name,
                "resource_id": w.resource_id,
                "usage_type": w.usage_type,
                "month": month.start.strftime("%Y-%m"),
                "monthly_cost": money(monthly),
                "monthly_saving": money(monthly * ratio),
                "detail": w.detail,
            }
        )
    return out


def reference_month(months: Sequence[Month]) -> Month:
    """The last complete month: the month waste costs are measured in."""
    return next(m for m in reversed(months) if m.closed)
