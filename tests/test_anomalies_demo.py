"""On the demo estate: the injected anomalies are the list, and triage survives `finops-tui demo` again."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from finops_tui.anomalies.config import DetectorConfig
from finops_tui.anomalies.store import load_detection
from finops_tui.anomalies.triage import load_triage, save_triage
from finops_tui.anomalies.view import anomaly_rows
from finops_tui.bench.anomalies import score
from finops_tui.cli import main
from finops_tui.queries.trends import default_as_of
from finops_tui.workspace import Workspace

ARGS = ["--scale", "0.02", "--seed", "42", "--end", "2026-10-20"]


def build(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", str(db), *ARGS]) == 0
    capsys.readouterr()


def test_injected_anomalies_top_the_list_and_triage_survives_a_new_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.duckdb"
    build(db, capsys)
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.cursor()
        as_of = default_as_of(cur)
        assert as_of is not None
        detection = load_detection(cur, as_of=as_of, cfg=DetectorConfig())
        truth = json.loads(con.execute("SELECT doc FROM demo_ground_truth").fetchone()[0])["anomalies"]  # type: ignore[index]
    assert detection.stored
    scores = score(detection.visible, truth)
    for kind, s in scores.items():
        assert (s.recall, s.precision) == (1.0, 1.0), kind
        assert s.usage_type_hits == s.found and s.resource_hits == s.found, kind
    top = detection.visible[0]
    now = datetime.now(UTC).replace(tzinfo=None)
    save_triage(Workspace.for_cache(db), top.key, now=now, status="expected", owner="ml-team", note="pilot")
    build(db, capsys)  # the cache is rebuilt from scratch; the workspace is not touched
    with duckdb.connect(str(db), read_only=True) as con:
        again = load_detection(con.cursor(), as_of=as_of, cfg=DetectorConfig())
    rows = {r.anomaly.key: r.triage for r in anomaly_rows(again, load_triage(Workspace.for_cache(db)))}
    assert (rows[top.key].status, rows[top.key].owner, rows[top.key].note) == ("expected", "ml-team", "pilot")
