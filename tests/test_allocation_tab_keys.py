"""The Allocation keys that act on one tab only: the key bar and ``?`` show them on that tab alone,
and ``e`` exports the tab shown (coverage rows, the gaps with whole ids, or the chargeback)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from textual.widgets import TabbedContent

from finops_tui.app import make_app
from finops_tui.reports.redact import pseudonym
from finops_tui.widgets.key_bar import KeyBar
from tests.allocation_fixture import AS_OF, build
from tests.test_allocation_screen import SIZE, open_allocation, settle


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("alloc-keys"))


def hints(app: object) -> set[str]:
    """Descriptions drawn in the key bar (all fit at 120 columns)."""
    return {d.hint.description for d in app.screen.query_one(KeyBar).drawn}  # type: ignore[attr-defined]


async def test_each_tab_shows_only_the_keys_that_act_on_it(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_allocation(app, pilot)
        exports = {"Export coverage", "Export gaps", "Export showback"}
        want = {
            "tab-coverage": {"Breakdown", "Export coverage"},
            "tab-gaps": {"Export gaps"},
            "tab-hygiene": set(),
            "tab-showback": {"Export showback"},
        }
        for tab, keys in want.items():
            assert screen.query_one("#tabs", TabbedContent).active == tab
            await pilot.pause()
            assert hints(app) & (exports | {"Breakdown"}) == keys, tab
            assert {"Prev month", "Next month", "Next tab"} <= hints(app)
            await pilot.press("t")
        screen.query_one("#tabs", TabbedContent).active = "tab-gaps"  # a click on the tab, say
        await pilot.pause()
        assert hints(app) & (exports | {"Breakdown"}) == {"Export gaps"}
        await pilot.press("v")  # hidden on Gaps: the coverage breakdown stays as it was
        assert screen.scope == "sub_account"


async def test_e_exports_the_tab_shown(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await open_allocation(app, pilot)
        await pilot.press("e")  # Coverage
        await pilot.press("t", "e")  # Gaps
        await pilot.pause()
        plain = (tmp_path / "finops-gaps-2025-01.csv").read_text(encoding="utf-8")
        await pilot.press("t", "e")  # Hygiene: nothing to export there
        await pilot.press("R")
        await settle(app, pilot)
        await pilot.press("t", "t", "t")  # Showback, Coverage, Gaps
        await pilot.press("e")  # the gaps again, now redacted
        await pilot.pause()
        written = sorted(p.name for p in tmp_path.iterdir())
    assert [r["resource_id"] for r in csv.DictReader(io.StringIO(plain))] == ["i-2", "b-1", "b-[/]2"]
    # the redacted export sits beside the plain one (it used to overwrite it under the same name)
    assert written == [
        "finops-coverage-2025-01.csv",
        "finops-gaps-2025-01-redacted.csv",
        "finops-gaps-2025-01.csv",
    ]
    assert (tmp_path / written[2]).read_text(encoding="utf-8") == plain
    coverage = list(csv.DictReader(io.StringIO((tmp_path / written[0]).read_text(encoding="utf-8"))))
    assert [(r["scope"], r["label"], r["total"]) for r in coverage[:2]] == [
        ("overall", "All spend", "222.00"),
        ("provider", "AWS", "222.00"),
    ]
    gaps = list(csv.DictReader(io.StringIO((tmp_path / written[1]).read_text(encoding="utf-8"))))
    assert [(g["month"], g["resource_id"], g["cost"], g["missing"]) for g in gaps] == [
        ("2025-01", pseudonym("resource", "i-2"), "60.00", "cost-center"),
        ("2025-01", pseudonym("resource", "b-1"), "30.00", "cost-center"),
        ("2025-01", pseudonym("resource", "b-[/]2"), "10.00", "team;environment;cost-center"),
    ]
    assert all(g["sub_account"].startswith("subaccount-") for g in gaps)


async def test_remapping_the_export_key_moves_every_tab_export(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One ``[keymap]`` id, ``allocation.export``, names the export of every tab."""
    import dataclasses

    from finops_tui.settings import Settings

    monkeypatch.chdir(tmp_path)
    settings = dataclasses.replace(Settings(), keymap={"allocation.export": "x"})
    app = make_app(db=cache, as_of=AS_OF, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_allocation(app, pilot)
        await pilot.press("x")  # Coverage
        await pilot.press("t", "x")  # Gaps
        await pilot.press("t", "t", "x")  # Showback
        await pilot.pause()
    assert len(list(tmp_path.glob("finops-*.csv"))) == 3, sorted(p.name for p in tmp_path.iterdir())
