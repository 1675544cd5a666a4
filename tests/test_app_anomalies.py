"""Pilot tests of the Anomalies screen: the list, triage keys, filters, and the jump to Spend trends."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input
from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.anomalies.triage import load_triage
from finops_tui.app import FinOpsApp, make_app
from finops_tui.screens import AnomaliesScreen, TrendsScreen
from finops_tui.screens.anomaly_dialogs import StatusDialog, TextDialog
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

SIZE = (120, 40)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return build_anomaly_cache(tmp_path / "c" / "cache.duckdb")


async def settle(app: FinOpsApp, pilot: Any) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def open_anomalies(app: FinOpsApp, pilot: Any) -> AnomaliesScreen:
    await settle(app, pilot)
    await pilot.press("2")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, AnomaliesScreen)
    return screen


def list_cells(screen: AnomaliesScreen, column: int) -> list[str]:
    table: DataTable[object] = screen.query_one("#an-list", DataTable)
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


async def test_list_sorted_by_impact_with_detail(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_anomalies(app, pilot)
        assert list_cells(screen, 0) == ["+$1,050.00", "+$600.00"]
        assert list_cells(screen, 2) == [f"prod · {BEDROCK}", f"prod · {LAMBDA}"]
        headline = str(screen.query_one("#an-headline").render())
        assert "New cost · prod · Amazon Bedrock" in headline and "+$1,050.00" in headline
        await pilot.press("down")
        await pilot.pause()
        headline = str(screen.query_one("#an-headline").render())
        assert "expected $200.00 → actual $800.00 = +$600.00 (+300%)" in headline
        contributors: DataTable[object] = screen.query_one("#an-contributors", DataTable)
        assert [str(contributors.get_row_at(i)[1]) for i in range(contributors.row_count)] == [
            "Lambda-GB-Second", "fn-a", "us-east-1"
        ]  # fmt: skip
        assert "2 of 2 anomalies" in str(screen.query_one("#an-summary").render())


async def test_triage_keys_save_to_the_workspace(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_anomalies(app, pilot)
        await pilot.press("down", "s")
        await pilot.pause()
        assert isinstance(app.screen, StatusDialog)
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(Input).value = ""
        await pilot.press(*"dana", "enter")
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"load test [/]", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AnomaliesScreen)
        triage = load_triage(Workspace.for_cache(cache))[SPIKE_KEY]
        assert (triage.status, triage.owner, triage.note) == ("acknowledged", "dana", "load test [/]")
        assert list_cells(screen, 5)[1] == "Acknowledged" and list_cells(screen, 6)[1] == "dana"
        assert screen.current() is not None and screen.current().anomaly.key == SPIKE_KEY  # type: ignore[union-attr]
        await pilot.press("s", "escape")
        await settle(app, pilot)
        assert load_triage(Workspace.for_cache(cache))[SPIKE_KEY].status == "acknowledged"
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:  # a new session reads it back
        screen = await open_anomalies(app, pilot)
        assert list_cells(screen, 6) == ["—", "dana"]


async def test_filters_by_status_kind_and_impact(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_anomalies(app, pilot)
        await pilot.press("s", "e")  # Bedrock: expected / planned
        await settle(app, pilot)
        screen.query_one("#an-status").value = "open"  # type: ignore[attr-defined]
        await pilot.pause()
        assert [r.anomaly.key for r in screen.shown] == [SPIKE_KEY]
        screen.query_one("#an-kind").value = "new"  # type: ignore[attr-defined]
        await pilot.pause()
        assert screen.shown == [] and "No anomaly matches the filters" in str(
            screen.query_one("#an-headline").render()
        )
        await pilot.press("x")
        await pilot.pause()
        assert [r.anomaly.key for r in screen.shown] == [NEW_KEY, SPIKE_KEY]
        screen.query_one("#an-impact").value = "1000"  # type: ignore[attr-defined]
        await pilot.pause()
        assert [r.anomaly.key for r in screen.shown] == [NEW_KEY]


async def test_enter_on_a_contributor_opens_trends_and_escape_comes_back(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_anomalies(app, pilot)
        await pilot.press("down", "enter")  # the spike; Enter moves into its contributors
        await pilot.pause()
        assert screen.query_one("#an-contributors").has_focus
        await pilot.press("down", "enter")  # resource fn-a
        await settle(app, pilot)
        trends = app.screen
        assert isinstance(trends, TrendsScreen)
        assert trends.filters == (
            ("provider", "AWS"), ("sub_account", SUB), ("service", LAMBDA), ("resource", "fn-a")
        )  # fmt: skip
        assert trends.group_by == "usage_type" and trends.window == "90d"
        movers: DataTable[object] = trends.query_one("#movers", DataTable)
        assert [str(movers.get_row_at(i)[0]) for i in range(movers.row_count)] == ["Lambda-GB-Second"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, AnomaliesScreen)
        assert trends.filters == () and trends.group_by == "service" and trends.window == "30d"


async def test_too_little_history_says_so(tmp_path: Path) -> None:
    db = tmp_path / "young" / "cache.duckdb"
    import_paths(db, [write_csv(tmp_path / "src" / "young.csv", last=date(2025, 1, 20))], now=NOW)
    app = make_app(db=db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_anomalies(app, pilot)
        assert "Not enough history" in str(screen.query_one("#an-headline").render())


async def test_redaction_hides_accounts_and_resources(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF, redact=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_anomalies(app, pilot)
        await pilot.press("down")
        await pilot.pause()
        svg = app.export_screenshot()
        assert "subaccount-" in svg and "resource-" in svg
        for secret in (SUB, "prod&#160;·", "fn-a"):
            assert secret not in svg
        assert screen.current() is not None


async def test_redaction_hides_addresses_and_ids_in_triage(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An owner's e-mail and an account number in a note stay off a shared screen, its CSV and the
    redacted report; the owner dialog masks the stored value and saving it unchanged keeps it."""
    from finops_tui.anomalies.triage import save_triage
    from finops_tui.cli import main

    note = "ask Bob@Acme-Corp.com about 123456789012"
    save_triage(Workspace.for_cache(cache), SPIKE_KEY, now=NOW, owner="dana.smith@acme-corp.com", note=note)
    monkeypatch.chdir(tmp_path)
    app = make_app(db=cache, as_of=AS_OF, redact=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_anomalies(app, pilot)
        await pilot.press("down")
        await pilot.pause()
        assert screen.current() is not None and screen.current().anomaly.key == SPIKE_KEY  # type: ignore[union-attr]
        svg = app.export_screenshot()
        assert "person-" in svg and "account-" in svg
        for secret in ("acme", "dana", "123456789012"):
            assert secret not in svg.lower()
        await pilot.press("o")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.password and field.value == "dana.smith@acme-corp.com"
        await pilot.press("backspace")  # one character, not an invisible selection of all of it
        assert field.value == "dana.smith@acme-corp.co"
        await pilot.press("m")
        assert "acme" not in app.export_screenshot().lower()
        await pilot.press("enter")
        await settle(app, pilot)
        assert load_triage(Workspace.for_cache(cache))[SPIKE_KEY].owner == "dana.smith@acme-corp.com"
        await pilot.press("e")
        await settle(app, pilot)
    exported = (tmp_path / f"finops-anomalies-{AS_OF:%Y%m%d}-redacted.csv").read_text(encoding="utf-8")
    assert "person-" in exported and "acme" not in exported.lower() and "123456789012" not in exported
    assert main(["report", "anomalies", "--db", str(cache), "--redact"]) == 0
    out = capsys.readouterr().out
    assert "person-" in out and "acme" not in out.lower() and "123456789012" not in out
    assert main(["report", "anomalies", "--db", str(cache)]) == 0
    assert "dana.smith@acme-corp.com" in capsys.readouterr().out  # off: as typed


async def test_a_long_owner_and_note_take_one_line_of_the_detail_pane_at_100x30(cache: Path) -> None:
    """A long owner and note wrapped and pushed "expected → actual" and "if it persists" out of the
    pane at 100x30; they take one line, cut at the pane (the whole note is in the dialog and export)."""
    from finops_tui.anomalies.triage import save_triage

    note = "checked with the platform team on Monday, load test ran two days longer than planned"
    save_triage(
        Workspace.for_cache(cache), SPIKE_KEY, now=NOW, owner="platform-team-oncall-rotation", note=note
    )
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_anomalies(app, pilot)
        await pilot.press("down")
        await pilot.pause()
        assert screen.current() is not None and screen.current().anomaly.key == SPIKE_KEY  # type: ignore[union-attr]
        shown = app.export_screenshot()
        assert "owner&#160;platform-team-oncall-ro…" in shown  # 24 cells, then the line cut at the pane
        assert "checked&#160;with" not in shown  # the note did not wrap onto lines of its own
        assert "2025-03-12&#160;→&#160;03-13" in shown and "expected&#160;$200.00" in shown
