"""The waste checks against the demo's ground truth at a small scale: every injected waste found, each
saving within ±10 %, no false finding on the look-alikes (the benchmark prints the same at full scale)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from finops_tui.bench.waste import TRUTH_CHECKS, load_truth, score
from finops_tui.cache import CacheReader
from finops_tui.settings import Settings
from finops_tui.sync.demo_import import build_demo_cache
from finops_tui.waste import find

END = date(2026, 10, 20)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("waste-demo")
    db = root / "demo.duckdb"
    build_demo_cache(db, root, end=END, scale=0.05, seed=42, now=datetime(2026, 10, 21, 6, 0))
    return db


def test_every_injected_waste_found_within_ten_percent_and_nothing_false(demo_db: Path) -> None:
    with CacheReader(demo_db).reader() as cur:
        truth = load_truth(cur)
        findings, _ = find(cur, as_of=END, settings=Settings())
    scores = score(findings, truth)
    assert [s.check for s in scores] == list(TRUTH_CHECKS.values())
    for s in scores:
        assert s.injected >= 1, s.check
        assert s.missed == () and s.false_findings == () and s.outside_tolerance == (), s
    assert sum(s.found for s in scores) == len(truth["waste"])
