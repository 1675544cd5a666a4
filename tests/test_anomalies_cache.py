"""The detector on a real (small) cache: stored at import, exact impacts and contributors, the
report command, and triage that survives every re-import."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from finops_tui.anomalies.config import DetectorConfig
from finops_tui.anomalies.detect import detect
from finops_tui.anomalies.explain import contributors
from finops_tui.anomalies.store import load_detection, stored_detection
from finops_tui.anomalies.triage import load_triage, save_triage
from finops_tui.anomalies.view import anomaly_rows
from finops_tui.cli import main
from finops_tui.errors import FinOpsError
from finops_tui.queries.anomalies import tag_key
from finops_tui.sync.importer import import_paths
from finops_tui.workspace import Workspace
from tests.anomaly_fixture import (
    AS_OF,
    BEDROCK,
    LAMBDA,
    NEW_KEY,
    NOW,
    SPIKE_KEY,
    SUB,
    build_anomaly_cache,
    write_csv,
)

CFG = DetectorConfig()


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_anomaly_cache(tmp_path_factory.mktemp("anomalies") / "cache.duckdb")


def read(db: Path, as_of: date = AS_OF, cfg: DetectorConfig = CFG) -> tuple[object, object]:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.cursor()
        return stored_detection(cur, as_of=as_of, cfg=cfg), detect(cur, as_of=as_of, cfg=cfg)


def test_import_stores_exactly_what_the_detector_finds(cache: Path) -> None:
    stored, live = read(cache)
    assert stored is not None and stored.stored  # type: ignore[attr-defined]
    assert sorted(stored.anomalies, key=lambda a: a.key) == sorted(live.anomalies, key=lambda a: a.key)  # type: ignore[attr-defined]


def test_the_two_injected_anomalies_top_the_list_with_exact_money(cache: Path) -> None:
    _, live = read(cache)
    new, spike = live.visible  # type: ignore[attr-defined]
    assert (new.key, new.kind, new.service_name, new.start, new.end) == (
        NEW_KEY, "new", BEDROCK, date(2025, 4, 10), date(2025, 4, 16)
    )  # fmt: skip
    assert (new.actual, new.expected, new.persists) == (pytest.approx(1050.0), 0.0, True)
    assert (spike.key, spike.kind, spike.service_name, spike.start, spike.end) == (
        SPIKE_KEY, "spike", LAMBDA, date(2025, 3, 12), date(2025, 3, 13)
    )  # fmt: skip
    assert (spike.expected, spike.actual, spike.impact) == (
        pytest.approx(200.0), pytest.approx(800.0), pytest.approx(600.0)
    )  # fmt: skip
    assert spike.impact_pct == pytest.approx(300.0)
    assert spike.monthly_impact == pytest.approx(300.0 * 30.4375)


def test_contributors_name_the_usage_type_resource_and_region(cache: Path) -> None:
    _, live = read(cache)
    spike = next(a for a in live.visible if a.kind == "spike")  # type: ignore[attr-defined]
    top = {c.dimension: c for c in spike.contributors}
    assert (top["usage_type"].value, top["resource"].value, top["region"].value) == (
        "Lambda-GB-Second", "fn-a", "us-east-1"
    )  # fmt: skip
    assert top["resource"].delta == pytest.approx(600.0) and top["resource"].share == pytest.approx(1.0)
    assert top["resource"].expected == pytest.approx(120.0)  # the last four Wednesdays and Thursdays


def test_coarse_levels_are_folded_and_tax_and_cents_never_flag(cache: Path) -> None:
    _, live = read(cache)
    assert {a.level for a in live.visible} == {"account_service"}  # type: ignore[attr-defined]
    spike = next(a for a in live.visible if a.kind == "spike")  # type: ignore[attr-defined]
    assert {b.level for b in live.folded(spike)} == {"provider", "sub_account", "service"}  # type: ignore[attr-defined]
    assert all(a.service_name not in ("Tax", "Amazon S3") for a in live.anomalies)  # type: ignore[attr-defined]
    assert not any(a.start.day == 1 for a in live.anomalies)  # type: ignore[attr-defined]


def test_another_as_of_or_other_settings_detect_live(cache: Path) -> None:
    stored, live = read(cache, as_of=date(2025, 3, 31))
    assert stored is None
    assert [a.key for a in live.visible] == [SPIKE_KEY]  # type: ignore[attr-defined]
    stored, _ = read(cache, cfg=DetectorConfig(min_impact=700.0))
    assert stored is None
    with duckdb.connect(str(cache), read_only=True) as con:
        high = load_detection(con.cursor(), as_of=AS_OF, cfg=DetectorConfig(min_impact=700.0))
    assert [a.key for a in high.visible] == [NEW_KEY] and not high.stored


def test_tag_series_are_watched_and_folded(cache: Path) -> None:
    cfg = DetectorConfig(tag_key="team")
    _, live = read(cache, cfg=cfg)
    assert [a.key for a in live.visible] == [NEW_KEY, SPIKE_KEY]  # type: ignore[attr-defined]
    tags = {(a.tag_value, a.kind): a for a in live.anomalies if a.level == "tag"}  # type: ignore[attr-defined]
    assert tags[("ml", "new")].folded_into == NEW_KEY  # "Team" and "team" are one key
    assert tags[("web", "spike")].folded_into == SPIKE_KEY
    with duckdb.connect(str(cache), read_only=True) as con:
        cur = con.cursor()
        finest = pl.DataFrame(
            {
                "provider": ["AWS"] * 3,
                "sub_account_id": [SUB] * 3,
                "service_name": [LAMBDA, "Amazon S3", BEDROCK],
            }
        )
        (found,) = contributors(cur, [tags[("ml", "new")]], finest, tag_key(cur, "team"))
    assert [(c.dimension, c.value, round(c.delta, 2)) for c in found] == [
        ("service", BEDROCK, 1050.0), ("sub_account", SUB, 1050.0),
        ("usage_type", "Claude-input-tokens", 1050.0), ("resource", "profile-1", 1050.0),
        ("region", "us-east-1", 1050.0),
    ]  # fmt: skip


def test_band_points_surround_the_anomaly(cache: Path) -> None:
    _, live = read(cache)
    spike = next(a for a in live.visible if a.kind == "spike")  # type: ignore[attr-defined]
    days = [p.day for p in spike.band]
    assert days[0] == date(2025, 2, 12) and days[-1] == date(2025, 3, 27)
    flagged = [p.day for p in spike.band if p.flagged]
    assert flagged == [date(2025, 3, 12), date(2025, 3, 13)]
    wed = next(p for p in spike.band if p.day == date(2025, 3, 12))
    assert wed.expected == pytest.approx(100.0) and wed.lower is not None and wed.upper is not None
    assert wed.lower < 100.0 < wed.upper < 360.0


def test_triage_survives_reimport_and_a_longer_history(tmp_path: Path) -> None:
    db = build_anomaly_cache(tmp_path / "c" / "cache.duckdb")
    ws = Workspace.for_cache(db)
    save_triage(ws, SPIKE_KEY, now=NOW, status="acknowledged", owner="dana")
    save_triage(ws, SPIKE_KEY, now=NOW, note="load test, see INC-42")
    save_triage(ws, NEW_KEY, now=NOW, status="expected", note="Bedrock pilot approved")
    import_paths(db, [write_csv(tmp_path / "again" / "estate.csv")], now=datetime(2025, 5, 4))
    triage = load_triage(ws)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = anomaly_rows(load_detection(con.cursor(), as_of=AS_OF, cfg=CFG), triage)
    by_key = {r.anomaly.key: r.triage for r in rows}
    assert (by_key[SPIKE_KEY].status, by_key[SPIKE_KEY].owner, by_key[SPIKE_KEY].note) == (
        "acknowledged", "dana", "load test, see INC-42"
    )  # fmt: skip
    assert (by_key[NEW_KEY].status, by_key[NEW_KEY].note) == ("expected", "Bedrock pilot approved")
    save_triage(ws, SPIKE_KEY, now=NOW, owner="")
    assert load_triage(ws)[SPIKE_KEY].owner is None
    with pytest.raises(FinOpsError, match="unknown status"):
        save_triage(ws, SPIKE_KEY, now=NOW, status="done")


def test_the_key_does_not_move_when_more_days_arrive(tmp_path: Path) -> None:
    db = tmp_path / "c" / "cache.duckdb"
    import_paths(db, [write_csv(tmp_path / "early" / "estate.csv", last=date(2025, 3, 20))], now=NOW)
    _, early = read(db, as_of=date(2025, 3, 20))
    assert [a.key for a in early.visible] == [SPIKE_KEY]  # type: ignore[attr-defined]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_report_json(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", "anomalies", "--db", str(cache))
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["as_of"] == "2025-04-30" and doc["detection"] == "stored at import"
    assert doc["providers"] == [
        {"provider": "AWS", "newest_day": "2025-04-30", "evaluated_through": "2025-04-30",
         "incomplete_days": 0, "lag_hours": 24.0}
    ]  # fmt: skip
    assert [(a["kind"], a["impact"], a["series"]) for a in doc["anomalies"]] == [
        ("new", "1050.00", f"prod · {BEDROCK}"),
        ("spike", "600.00", f"prod · {LAMBDA}"),
    ]
    spike = doc["anomalies"][1]
    assert spike["expected"] == "200.00" and spike["actual"] == "800.00" and spike["impact_pct"] == "300.0"
    assert spike["contributors"][0] == {
        "dimension": "usage_type", "value": "Lambda-GB-Second", "actual": "720.00", "expected": "120.00",
        "delta": "600.00", "share_pct": "100.0",
    }  # fmt: skip
    assert {s for s in spike["also_seen_in"]} == {"AWS", "AWS · prod", f"AWS · {LAMBDA}"}
    assert doc["filters"]["min_impact"] == 50.0  # the detector's default gate, as applied
    _, out, _ = run(capsys, "report", "anomalies", "--db", str(cache), "--min-impact", "700")
    narrowed = json.loads(out)
    assert narrowed["filters"]["min_impact"] == 700.0 and len(narrowed["anomalies"]) == 1


def test_report_filters_csv_markdown_and_redaction(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "report", "anomalies", "--db", str(cache), "--format", "csv", "--min-impact", "700"
    )
    lines = list(csv.DictReader(io.StringIO(out)))
    assert [(r["kind"], r["impact"], r["top_resource"]) for r in lines] == [
        ("new", "1050.00", "profile-1 (100.0%)")
    ]
    _, out, _ = run(capsys, "report", "anomalies", "--db", str(cache), "--as-of", "2025-03-31")
    assert [a["key"] for a in json.loads(out)["anomalies"]] == [SPIKE_KEY]
    _, out, _ = run(
        capsys, "report", "anomalies", "--db", str(cache), "--format", "markdown", "--kind", "spike"
    )
    assert out.startswith("# Anomalies as of 2025-04-30") and "| 600.00 | Spike | prod · AWS Lambda |" in out
    assert "Lambda-GB-Second: 600.00 (100.0% of the change)" in out
    _, out, _ = run(capsys, "report", "anomalies", "--db", str(cache), "--redact")
    assert SUB not in out and "prod ·" not in out and "subaccount-" in out


def test_report_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", "anomalies", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and err.startswith("finops-tui: error:") and "no cache yet" in err
    with pytest.raises(SystemExit):
        main(["report", "anomalies", "--min-impact", "lots"])


def test_a_detector_failure_never_costs_the_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import finops_tui.anomalies.detect as detect_module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("detector bug")

    monkeypatch.setattr(detect_module, "detect", broken)
    db = build_anomaly_cache(tmp_path / "c" / "cache.duckdb")  # the import itself succeeds
    monkeypatch.undo()
    stored, live = read(db)
    assert stored is None  # nothing half-written: the screen detects for itself
    assert [a.key for a in live.visible] == [NEW_KEY, SPIKE_KEY]  # type: ignore[attr-defined]
