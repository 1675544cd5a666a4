"""A small FOCUS estate with two known anomalies, imported through the real importer.

120 days (2025-01-01 … 2025-04-30) of one AWS sub-account:

* AWS Lambda: function ``fn-a`` (usage type ``Lambda-GB-Second``) costs 60 on weekdays and 30 at
  weekends; ``fn-b`` (``Request``, eu-west-1) 40 every day. On Wed 2025-03-12 and Thu 03-13 ``fn-a``
  costs 360: a **spike** of exactly 2 x 300 = 600.00 over an expected 100 a day.
* Amazon S3: 20.00 a day with a few cents of noise (never an anomaly).
* Amazon Bedrock: nothing, then 150 a day from 2025-04-10: a **new cost** of 7 x 150 = 1,050.00 over
  its first week. It is tagged ``Team: ml``; everything else ``team: web``.
* A monthly tax line on each 1st (500, ``Recurring``): not usage-based, so never an anomaly.

Imported "on" 2025-05-03, so every day is complete whatever the data lag.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

from finops_tui.sync.importer import import_paths
from tests.focus_csv import HEADER, row

FIRST = date(2025, 1, 1)
AS_OF = date(2025, 4, 30)
NOW = datetime(2025, 5, 3, 6, 0)
SUB = "000987654321"
SPIKE_DAYS = (date(2025, 3, 12), date(2025, 3, 13))
NEW_DAY = date(2025, 4, 10)
LAMBDA = "AWS Lambda"
BEDROCK = "Amazon Bedrock"
SPIKE_KEY = f"finops-tui|account_service|AWS|{SUB}|{LAMBDA}|2025-03-12"
NEW_KEY = f"finops-tui|account_service|AWS|{SUB}|{BEDROCK}|2025-04-10"


def _line(
    d: date, cost: float, service: str, resource: str, usage: str, region: str = "us-east-1"
) -> dict[str, str]:
    line = row(f"{cost:.2f}", day=d.isoformat(), period=f"{d:%Y-%m}", service=service)
    line.update(ResourceId=resource, x_UsageType=usage, RegionId=region, ChargeFrequency="Usage-Based")
    return line


def lines(last: date = AS_OF) -> list[dict[str, str]]:
    """Every line item up to ``last``."""
    out: list[dict[str, str]] = []
    d = FIRST
    while d <= last:
        weekend = d.weekday() >= 5
        fn_a = 360.0 if d in SPIKE_DAYS else (30.0 if weekend else 60.0)
        out.append(_line(d, fn_a, LAMBDA, "fn-a", "Lambda-GB-Second"))
        out.append(_line(d, 40.0, LAMBDA, "fn-b", "Request", "eu-west-1"))
        cents = ((d.toordinal() * 7) % 5 - 2) / 100
        out.append(_line(d, 20.0 + cents, "Amazon S3", "acme-logs", "TimedStorage-ByteHrs"))
        if d >= NEW_DAY:
            bedrock = _line(d, 150.0, BEDROCK, "profile-1", "Claude-input-tokens")
            bedrock["Tags"] = '{"Team": "ml"}'  # another spelling of the key: matched case-insensitively
            out.append(bedrock)
        if d.day == 1:
            tax = _line(d, 500.0, "Tax", "", "Tax")
            tax.update(ChargeCategory="Tax", ChargeFrequency="Recurring", ResourceId="")
            out.append(tax)
        d += timedelta(days=1)
    return out


def write_csv(path: Path, last: date = AS_OF) -> Path:
    """The estate as one FOCUS CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*HEADER, "x_UsageType", "ChargeFrequency"])
        writer.writeheader()
        writer.writerows(lines(last))
    return path


def build_anomaly_cache(db: Path, now: datetime = NOW) -> Path:
    """Import the estate into a cache at ``db`` and return it."""
    import_paths(db, [write_csv(db.parent / "src" / "estate.csv")], now=now)
    return db
