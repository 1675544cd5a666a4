"""The in-app "Sync now" (key ``S``) against moto on loopback, and reloading when another program syncs."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date
from decimal import Decimal
from pathlib import Path

from textual.worker import WorkerCancelled, WorkerFailed

from finops_tui.app import FinOpsApp, make_app
from finops_tui.aws_settings import AwsSettings
from finops_tui.screens.confirm_dialog import ConfirmDialog
from finops_tui.settings import Settings
from finops_tui.sync.configured import nothing_configured
from finops_tui.sync.importer import import_paths
from tests.aws_local import AwsJsonStub
from tests.conftest import dataset
from tests.test_sync_aws import (
    EXPORTS,
    FOCUS_CSV,
    NOW,
    make_buckets,
    q,
    queue_cost_and_usage,
)

SIZE = (120, 40)


async def settle(app: FinOpsApp, pilot: object) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


def notes(app: FinOpsApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_sync_now_fills_the_cache_from_the_config_and_the_screen_reloads(aws: str, db: Path) -> None:
    make_buckets(aws)
    settings = Settings(aws=AwsSettings(exports=(EXPORTS[2],)))  # the FOCUS 1.0 sample
    app = make_app(db=db, settings=settings, today=date(2025, 3, 10))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        generation = app.cache_generation
        seen: list[str] = []
        app.watch(app, "sync_activity", lambda value: seen.append(value), init=False)
        await pilot.press("S")
        await settle(app, pilot)
        assert seen[0] == "syncing AWS" and seen[-1] == ""
        assert app.sync_activity == ""
        assert app.cache_generation > generation
        assert any(n.startswith("AWS: ") and "1 billing period(s) updated" in n for n in notes(app))
    totals = q(db, "SELECT sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage")[0]
    assert (round(totals[0], 6), round(totals[1], 6)) == (Decimal("20.520227"), Decimal("14.976514"))


async def test_sync_now_without_a_configured_source_says_how_to_add_one(db: Path) -> None:
    app = make_app(db=db, settings=Settings(), today=date(2025, 3, 10))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("S")
        await pilot.pause()
        assert nothing_configured() in notes(app)
        assert "finops-tui.toml" in nothing_configured()
        assert not db.exists()


async def test_sync_now_asks_before_paid_cost_explorer_calls_and_no_means_none(aws: str, db: Path) -> None:
    queue_cost_and_usage(aws)
    settings = Settings(aws=AwsSettings(cost_explorer=True, months=2))
    app = make_app(db=db, settings=settings, today=date(2025, 3, 10))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("S")
        for _ in range(200):
            if isinstance(app.screen, ConfirmDialog):
                break
            await asyncio.sleep(0.05)
        assert isinstance(app.screen, ConfirmDialog)
        assert "8 requests at $0.01 each = $0.08" in app.screen.question
        await pilot.press("n")
        await settle(app, pilot)
    assert [t for t, _ in AwsJsonStub.calls if "GetCostAndUsage" in t] == []
    assert not db.exists()  # declined: nothing fetched, no cache written


async def test_a_sync_in_another_terminal_reloads_the_open_app(db: Path, tmp_path: Path) -> None:
    app = make_app(db=db, settings=Settings(), today=date(2025, 3, 10))
    app.CACHE_POLL_SECONDS = 0.1
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        generation = app.cache_generation
        import_paths(db, [dataset(FOCUS_CSV)], now=NOW)  # what `finops-tui import` does in another shell
        for _ in range(100):
            await asyncio.sleep(0.05)
            if app.cache_generation > generation:
                break
        assert app.cache_generation == generation + 1
        assert "The cache was updated; reloading." in notes(app)
        await settle(app, pilot)
        await asyncio.sleep(0.3)
        assert app.cache_generation == generation + 1  # one change, one reload
