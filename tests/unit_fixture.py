"""The small estate and metric series every unit-economics test reads; figures chosen to work on paper.

Effective cost (= billed), sub-accounts A = 111111111111 and B = 222222222222:

| day | sub | cost | tags |
|---|---|---:|---|
| 2024-12-10 | A | 80.00 | Team=web |
| 2025-01-06 (Mon) | A | 100.00 | Team=web |
| 2025-01-07 | A | 50.00 | "team "="Web " (normalises to team=web) |
| 2025-01-07 | B | 30.00 | team=data |
| 2025-01-08 | B | 20.00 | (none) |

December 80.00, January 200.00. Metrics (``metrics.csv``):

* ``transactions``: 10 a day from 2024-12-01 to 2025-01-31, except 40 on 2025-01-07 and **no value on
  2025-01-20** (a gap). So December = 310 units, January is a gap (30 of 31 days).
* ``orders``: 5 a day over both months (155 a month), no gaps.

So per month: orders December 80 / 155, January 200 / 155 (+150 %); transactions December 80 / 310.
Week 2025-W02 (Jan 6-12): cost 200, 100 transactions → 2.00; with scope tag team=web 150 → 1.50.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from finops_tui.sync.importer import import_paths
from finops_tui.sync.metrics import import_metrics
from tests.focus_csv import row, write

AS_OF = date(2025, 1, 31)
NOW = datetime(2025, 2, 2, 6, 0)
SUB_A = "111111111111"
SUB_B = "222222222222"
GAP_DAY = date(2025, 1, 20)


def _line(day: str, cost: str, *, sub: str, tags: str = "") -> dict[str, str]:
    line = row(cost, day=day, period=day[:7], account="999999999999", tags=tags)
    line.update(
        SubAccountId=sub, SubAccountName="acme-prod" if sub == SUB_A else "acme-dev", ResourceId="r-1"
    )
    return line


LINES = [
    _line("2024-12-10", "80.00", sub=SUB_A, tags='{"Team": "web"}'),
    _line("2025-01-06", "100.00", sub=SUB_A, tags='{"Team": "web"}'),
    _line("2025-01-07", "50.00", sub=SUB_A, tags='{"team ": "Web "}'),
    _line("2025-01-07", "30.00", sub=SUB_B, tags='{"team": "data"}'),
    _line("2025-01-08", "20.00", sub=SUB_B),
]


def metric_lines() -> list[str]:
    """The metric CSV's lines (header first)."""
    lines = ["date,metric,value"]
    day = date(2024, 12, 1)
    while day <= AS_OF:
        if day != GAP_DAY:
            lines.append(f"{day},transactions,{40 if day == date(2025, 1, 7) else 10}")
        lines.append(f"{day},orders,5")
        day += timedelta(days=1)
    return lines


def build(tmp: Path) -> Path:
    """Import the billing lines and the metric file into ``tmp/cache.duckdb``; return the path."""
    db = tmp / "cache.duckdb"
    dec = write(tmp / "exports" / "2024-12.csv", [ln for ln in LINES if ln["ChargePeriodStart"] < "2025"])
    jan = write(tmp / "exports" / "2025-01.csv", [ln for ln in LINES if ln["ChargePeriodStart"] >= "2025"])
    import_paths(db, [dec, jan], now=NOW)
    metrics = tmp / "metrics.csv"
    metrics.write_text("\n".join(metric_lines()) + "\n", encoding="utf-8")
    import_metrics(db, metrics, now=NOW)
    return db
