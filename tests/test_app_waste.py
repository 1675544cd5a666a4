"""Pilot tests of the Waste screen on the hand-built waste fixture."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from finops_tui.app import make_app
from finops_tui.cache import CacheReader
from finops_tui.screens.trends import TrendsScreen
from finops_tui.screens.waste import WasteScreen
from finops_tui.screens.waste_dialog import TrackingDialog
from finops_tui.settings import Settings
from finops_tui.waste import find
from finops_tui.waste.tracking import load_tracking, save_tracking
from finops_tui.workspace import Workspace
from tests.waste_fixture import AS_OF, IDS, build_waste_cache, daily_lines

TODAY = date(2026, 4, 1)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return build_waste_cache(tmp_path / "cache.duckdb")


async def _open(pilot: object, app: object) -> WasteScreen:
    await pilot.press("3")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, WasteScreen)
    return screen


async def test_totals_findings_and_detail(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        totals = screen.query_one("#waste-totals", DataTable)
        findings = screen.query_one("#waste-findings", DataTable)
        assert totals.row_count == 19
        assert findings.row_count == 15
        first = findings.get_row_at(0)
        assert [c.plain for c in first[:4]] == ["0aaa-ri", "$300.00", "$3,600.00", "$300.00"]
        detail = str(screen.query_one("#waste-detail", Static).render())
        assert (
            "aws ec2 modify-reserved-instances --region us-east-1 --reserved-instances-ids 0aaa-ri" in detail
        )
        assert "300.00 (30-day effective cost of unused commitment hours) x 100 %" in detail


async def test_filters_and_clear(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        findings = screen.query_one("#waste-findings", DataTable)
        screen.set_filter("provider", "Microsoft")
        assert findings.row_count == 5
        screen.set_filter("check", "azure-disk-without-vm")
        assert findings.row_count == 1
        screen.set_filter("provider", "AWS")
        assert findings.row_count == 0
        assert "No finding matches" in str(screen.query_one("#waste-detail", Static).render())
        await pilot.press("x")
        assert findings.row_count == 15
        screen.set_filter("owner", "web")
        assert {screen.shown[i].owner for i in range(findings.row_count)} == {"web"}


async def test_copy_command_and_export(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(db=cache, as_of=AS_OF, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        screen.set_filter("check", "gp2-to-gp3")
        await pilot.press("c")
        assert (
            app.clipboard == "aws ec2 modify-volume --region us-east-1 --volume-id vol-0aaa --volume-type gp3"
        )
        await pilot.press("e")
        exported = (tmp_path / "finops-waste-20260331.csv").read_text(encoding="utf-8").splitlines()
        assert len(exported) == 2 and exported[1].startswith(
            f"gp2-to-gp3,{IDS['gp2']},AWS,111111111111,prod,"
        )


async def test_track_a_finding_in_the_workspace(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        screen.set_filter("check", "idle-nat-gateway")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrackingDialog)
        await pilot.press("tab", *"alice", "tab", *"2026-04-15", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = load_tracking(Workspace.for_cache(cache))[f"idle-nat-gateway|{IDS['nat_idle']}"]
        assert (saved.status, saved.owner, saved.due_date) == ("open", "alice", date(2026, 4, 15))
        findings = screen.query_one("#waste-findings", DataTable)
        assert findings.row_count == 1
        assert screen.shown[0].tracking.owner == "alice"
        assert [c.plain for c in findings.get_row_at(0)][6] == "alice"


async def test_enter_opens_trends_filtered_to_the_resource_and_escape_comes_back(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        screen = await _open(pilot, app)
        screen.set_filter("check", "gp2-to-gp3")
        screen.query_one("#waste-findings").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TrendsScreen)
        trends = app.screen
        assert trends.filters == (("resource", IDS["gp2"]),)
        assert trends.group_by == "usage_type"
        await pilot.press("escape")  # back to the waste list, and trends back to where it was
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert trends.filters == () and trends.group_by == "service"


async def test_billing_strings_with_markup_render_literally(tmp_path: Path) -> None:
    odd = f"{IDS['ip_idle']}[/]x"
    lines = [(d, {**line, "ResourceId": odd}) if line["ResourceId"] == IDS["ip_idle"] else (d, line)
             for d, line in daily_lines()]  # fmt: skip
    db = build_waste_cache(tmp_path / "odd.duckdb", lines)
    app = make_app(db=db, as_of=AS_OF, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, app)
        screen.set_filter("check", "idle-public-ipv4")
        assert "eipalloc-0aaa[/]x" in str(screen.query_one("#waste-detail", Static).render())


async def test_summary_and_realised_saving_of_a_done_finding(tmp_path: Path) -> None:
    converted = [
        (d, {**line, "EffectiveCost": "4.00", "x_UsageType": "EBS:VolumeUsage.gp3", "x_VolumeType": "gp3"})
        if line["ResourceId"] == IDS["gp2"] and d > date(2026, 3, 21)
        else (d, line)
        for d, line in daily_lines()
    ]
    db = build_waste_cache(tmp_path / "cache.duckdb", converted)
    with CacheReader(db).reader() as cur:
        findings, _ = find(cur, as_of=AS_OF, settings=Settings())
    (gp2,) = [f for f in findings if f.check == "gp2-to-gp3"]
    before = dataclasses.replace(gp2, monthly_cost=Decimal("150"))  # what it cost when marked done
    save_tracking(Workspace.for_cache(db), before, status="done", owner="alice", due_date=None, reason=None,
                  today=date(2026, 3, 21), now=datetime(2026, 3, 21, 9, 0))  # fmt: skip
    app = make_app(db=db, as_of=AS_OF, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        summary = str(screen.query_one("#waste-summary", Static).render())
        assert summary.startswith("14 findings to act on worth $")
        assert "1 done, realised $30.00/month" in summary
        screen.set_filter("status", "done")
        detail = str(screen.query_one("#waste-detail", Static).render())
        assert "realised  $30.00/month since 2026-03-21 (baseline $150.00, now $120.00 per 30 days" in detail


async def test_redacted_tracking_dialog_shows_no_address_or_arn(cache: Path) -> None:
    """With R on, the track dialog names the resource by its pseudonym and masks an owner's address;
    saved unchanged, the address stays as it was typed."""
    with CacheReader(cache).reader() as cur:
        nat = next(f for f in find(cur, as_of=AS_OF, settings=Settings())[0] if f.check == "idle-nat-gateway")
    ws = Workspace.for_cache(cache)
    save_tracking(
        ws, nat, status="open", owner="Dana.Smith@acme-corp.com", due_date=None, reason=None, today=TODAY,
        now=datetime(2026, 4, 1, 9),
    )  # fmt: skip
    app = make_app(db=cache, as_of=AS_OF, today=TODAY, redact=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        screen.set_filter("check", "idle-nat-gateway")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrackingDialog)
        svg = app.export_screenshot()
        assert "resource-" in svg
        for secret in ("acme", "dana", "111111111111", "nat-0aaa"):
            assert secret not in svg.lower()
        await pilot.click("#track-save")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, WasteScreen)  # saved and closed
    assert load_tracking(ws)[nat.key].owner == "Dana.Smith@acme-corp.com"


async def test_a_finding_done_on_the_newest_day_counts_as_done_not_yet_measured(cache: Path) -> None:
    """Marked done on the as-of day there are no later billing days to measure it by; it is still
    done: the Waste summary said "0 done" while the Agenda said 1."""
    with CacheReader(cache).reader() as cur:
        nat = next(f for f in find(cur, as_of=AS_OF, settings=Settings())[0] if f.check == "idle-nat-gateway")
    save_tracking(
        Workspace.for_cache(cache), nat, status="done", owner=None, due_date=None, reason=None, today=AS_OF,
        now=datetime(2026, 3, 31, 18),
    )  # fmt: skip
    app = make_app(db=cache, as_of=AS_OF, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        summary = str(screen.query_one("#waste-summary", Static).render())
        assert "1 done, realised $0.00/month (1 not measured yet)" in summary
        assert screen.result is not None and screen.result.report.done == ()
