"""The demo carries business metrics for unit economics: deterministic, growing, weekly seasonal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from statistics import mean

import pytest

from finops_tui.cli import main
from finops_tui.sync.demo import first_day
from finops_tui.sync.demo_metrics import demo_metrics

END = date(2026, 10, 20)


def test_series_are_deterministic_growing_and_dip_at_weekends() -> None:
    points = demo_metrics(first_day(END), END, scale=1.0, seed=42)
    assert points == demo_metrics(first_day(END), END, scale=1.0, seed=42)
    assert points != demo_metrics(first_day(END), END, scale=1.0, seed=43)
    tx = {p.day: p.value for p in points if p.metric == "transactions"}
    customers = {p.day: p.value for p in points if p.metric == "active_customers"}
    assert len(tx) == len(customers) == (END - first_day(END)).days + 1
    assert all(v > 0 and v.is_integer() for v in (*tx.values(), *customers.values()))
    weekend = mean(v for d, v in tx.items() if d.isoweekday() >= 6)
    weekday = mean(v for d, v in tx.items() if d.isoweekday() < 6)
    assert 0.85 < weekend / weekday < 0.91  # the prod accounts' weekend factor, 0.88
    first = mean(v for d, v in tx.items() if (d.year, d.month) == (2025, 10))
    last = mean(v for d, v in tx.items() if (d.year, d.month) == (2026, 9))
    assert 1.40 < last / first < 1.55  # about 3.5 % a month for 11 months


def test_demo_cache_shows_unit_economics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.duckdb"
    assert main(["demo", "--db", str(db), "--scale", "0.03", "--end", END.isoformat()]) == 0
    capsys.readouterr()
    assert main(["metrics", "list", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "active_customers  2025-10-01  2026-10-20     385",
        "transactions      2025-10-01  2026-10-20     385",
    ]
    assert main(["report", "unit-economics", "--db", str(db), "--metric", "transactions"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["as_of"] == END.isoformat() and doc["gap_days"] == 0 and doc["note"] is None
    assert len(doc["periods"]) == 13 and all(p["cost_per_unit"] for p in doc["periods"])
    assert doc["kpis"]["this_month_cost_per_unit"] and doc["kpis"]["trend_3m_pct"]
