"""The demo's business metrics: daily ``transactions`` and ``active_customers`` for unit economics.

They follow the demo estate's shape so cost per unit tells a believable story: traffic grows a little
faster than the production accounts' usage (about 3.5 % a month against 2.8 %), so cost per
transaction drifts down, and it dips at weekends like production traffic (0.88 on Saturday and
Sunday, the prod accounts' weekend factor). Customers grow slower and barely notice weekends. Volumes
scale with ``scale`` like the estate's cost, so the unit cost is about the same at any scale. The
series come from their own ``random.Random`` seeded from the demo seed: the same seed gives the same
points, and the billing files (and their ground truth) are untouched.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from finops_tui.sync.metrics import MetricPoint

DAYS_PER_MONTH = 30.4375
TRANSACTIONS_PER_DAY = 240_000
"""Transactions on the first demo day at scale 1."""
CUSTOMERS = 2_600
"""Active customers on the first demo day at scale 1."""
SOURCE_FILE = "demo-metrics"
"""The ``source_file`` the demo's points are stored under."""


def demo_metrics(first: date, end: date, *, scale: float, seed: int) -> list[MetricPoint]:
    """Daily points of both demo metrics from ``first`` to ``end`` (inclusive), deterministic."""
    rng = random.Random(f"demo-metrics-{seed}")
    points: list[MetricPoint] = []
    for i in range((end - first).days + 1):
        day = first + timedelta(days=i)
        weekend = day.isoweekday() >= 6
        months = i / DAYS_PER_MONTH
        tx = TRANSACTIONS_PER_DAY * scale * math.exp(math.log1p(0.035) * months)
        tx *= (0.88 if weekend else 1.0) * (1.0 + rng.gauss(0.0, 0.03))
        customers = CUSTOMERS * scale * math.exp(math.log1p(0.02) * months)
        customers *= (0.97 if weekend else 1.0) * (1.0 + rng.gauss(0.0, 0.01))
        points.append(MetricPoint("transactions", day, float(max(0, round(tx)))))
        points.append(MetricPoint("active_customers", day, float(max(0, round(customers)))))
    return points
