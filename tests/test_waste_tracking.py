"""Waste tracking in the workspace: decisions survive re-imports; done findings measure what they saved."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from finops_tui import waste
from finops_tui.cache import CacheReader
from finops_tui.errors import FinOpsError
from finops_tui.reports.redact import Redactor
from finops_tui.reports.waste import as_document, to_markdown
from finops_tui.settings import Settings
from finops_tui.waste.models import Finding, Tracking
from finops_tui.waste.tracking import load_tracking, save_tracking
from finops_tui.workspace import Workspace
from tests.waste_fixture import AS_OF, IDS, build_waste_cache, daily_lines

NOW = datetime(2026, 4, 1, 9, 0)


def _findings(db: Path, as_of: date = AS_OF) -> dict[str, Finding]:
    tracking = load_tracking(Workspace.for_cache(db))
    with CacheReader(db).reader() as cur:
        report = waste.waste_report(cur, as_of=as_of, settings=Settings(), tracking=tracking)
    return {f.key: f for f in report.findings}


def test_tracking_survives_a_reimport(tmp_path: Path) -> None:
    db = build_waste_cache(tmp_path / "cache.duckdb")
    key = f"gp2-to-gp3|{IDS['gp2']}"
    saved = save_tracking(
        Workspace.for_cache(db), _findings(db)[key], status="in-progress", owner="alice",
        due_date=date(2026, 4, 30), reason=None, today=AS_OF, now=NOW,
    )  # fmt: skip
    assert saved == Tracking("in-progress", "alice", date(2026, 4, 30), None, None, None)
    db.unlink()  # an import replaces the cache file wholesale; the workspace beside it stays
    build_waste_cache(db)
    again = _findings(db)
    assert again[key].tracking == saved
    assert again[f"idle-public-ipv4|{IDS['ip_idle']}"].tracking == Tracking()


def test_done_records_the_baseline_and_measures_the_realised_saving(tmp_path: Path) -> None:
    # the volume is converted to gp3 on 2026-03-21: from the 22nd it costs 4.00 a day instead of 5.00
    lines = daily_lines()
    converted = [
        (day, {**line, "EffectiveCost": "4.00", "x_UsageType": "EBS:VolumeUsage.gp3", "x_VolumeType": "gp3"})
        if line["ResourceId"] == IDS["gp2"] and day > date(2026, 3, 21)
        else (day, line)
        for day, line in lines
    ]
    before = build_waste_cache(tmp_path / "before" / "cache.duckdb")
    key = f"gp2-to-gp3|{IDS['gp2']}"
    finding = _findings(before)[key]
    assert finding.monthly_cost == Decimal("150")
    workspace = Workspace(tmp_path / "shared.workspace.duckdb")
    done = save_tracking(
        workspace, finding, status="done", owner="alice", due_date=None, reason=None,
        today=date(2026, 3, 21), now=NOW,
    )  # fmt: skip
    assert (done.baseline_monthly_cost, done.done_on) == (Decimal("150"), date(2026, 3, 21))
    after = build_waste_cache(tmp_path / "after" / "cache.duckdb", converted)
    with CacheReader(after).reader() as cur:
        report = waste.waste_report(cur, as_of=AS_OF, settings=Settings(), tracking=load_tracking(workspace))
    (measured,) = report.done
    assert measured.days_measured == 10
    assert measured.after_monthly_cost == Decimal("120")  # 10 days x 4.00, per 30 days
    assert measured.realised_monthly_saving == Decimal("30")
    md = to_markdown(as_document(report, Redactor()))
    assert f"| gp2-to-gp3 | {IDS['gp2']} | 2026-03-21 | 150.00 | 120.00 | 30.00 |" in md


def test_wont_fix_needs_a_reason_and_reopening_clears_the_baseline(tmp_path: Path) -> None:
    db = build_waste_cache(tmp_path / "cache.duckdb")
    workspace = Workspace.for_cache(db)
    finding = _findings(db)[f"idle-nat-gateway|{IDS['nat_idle']}"]
    with pytest.raises(FinOpsError, match="reason"):
        save_tracking(workspace, finding, status="wont-fix", owner=None, due_date=None, reason=" ",
                      today=AS_OF, now=NOW)  # fmt: skip
    with pytest.raises(FinOpsError, match="unknown status"):
        save_tracking(workspace, finding, status="maybe", owner=None, due_date=None, reason=None,
                      today=AS_OF, now=NOW)  # fmt: skip
    save_tracking(
        workspace, finding, status="done", owner=None, due_date=None, reason=None, today=AS_OF, now=NOW
    )
    reopened = save_tracking(
        workspace, _findings(db)[finding.key], status="open", owner=None, due_date=None, reason=None,
        today=AS_OF, now=NOW,
    )  # fmt: skip
    assert reopened.baseline_monthly_cost is None and reopened.done_on is None
    wont = save_tracking(workspace, finding, status="wont-fix", owner="bob", due_date=None,
                         reason="kept for DR drills", today=AS_OF, now=NOW)  # fmt: skip
    assert load_tracking(workspace)[finding.key] == wont
