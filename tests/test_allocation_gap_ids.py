"""Long resource ids on the Allocation Gaps tab: the table keeps the end that tells them apart, the
detail line under it shows the highlighted id whole (redacted first when ``R`` is on)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from finops_tui.app import make_app
from finops_tui.formatting import short_id
from finops_tui.reports.redact import pseudonym
from finops_tui.sync.importer import import_paths
from tests.allocation_fixture import AS_OF, NOW
from tests.focus_csv import row, write
from tests.test_allocation_screen import column, open_allocation

SUB = "/subscriptions/5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f"
NAT = f"{SUB}/resourceGroups/rg-network-prod/providers/Microsoft.Network/natGateways/natgw-prod-01"
PIP = f"{SUB}/resourceGroups/rg-network-prod/providers/Microsoft.Network/publicIPAddresses/pip-agw-02"
ARN = "arn:aws:dynamodb:eu-west-1:210987654321:table/reports-staging-7626"


@pytest.mark.parametrize(
    ("rid", "width", "shown"),
    [
        (NAT, 40, "/subscriptions/5c6d…/natgw-prod-01"),
        (NAT, 60, "/subscriptions/5c6d…/natGateways/natgw-prod-01"),
        (PIP, 40, "/subscriptions/5c6d…/pip-agw-02"),
        (ARN, 40, "arn:aws:dynamodb…/reports-staging-7626"),
        (ARN, 70, ARN),  # fits: unchanged
        (NAT, 12, "…tgw-prod-01"),  # not even the last segment fits: its end
        ("i-0abc", 40, "i-0abc"),
        ("x" * 50, 10, "…" + "x" * 9),
    ],
)
def test_short_id_keeps_the_end(rid: str, width: int, shown: str) -> None:
    assert short_id(rid, width) == shown
    assert len(short_id(rid, width)) <= width


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two Azure resources of one subscription, untagged: 70.00 and 30.00 in January 2025."""
    tmp = tmp_path_factory.mktemp("gap-ids")
    lines = []
    for rid, cost in ((NAT, "70.00"), (PIP, "30.00")):
        line = row(
            cost, day="2025-01-05", period="2025-01", provider="Microsoft", service="Bandwidth", tags=""
        )
        line.update(
            SubAccountId=SUB.removeprefix("/subscriptions/"), SubAccountName="acme-az", ResourceId=rid
        )
        lines.append(line)
    db = tmp / "cache.duckdb"
    import_paths(db, [write(tmp / "exports" / "2025-01.csv", lines)], now=NOW)
    return db


async def test_gaps_show_the_id_ends_and_the_highlighted_id_whole(cache: Path) -> None:
    app = make_app(db=cache, as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_allocation(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert column(screen, "gaps", 3) == [
            "/subscriptions/5c6d…/natgw-prod-01",
            "/subscriptions/5c6d…/pip-agw-02",
        ]
        detail = screen.query_one("#gaps-detail", Static)
        assert NAT in str(detail.render()).replace("\n", "")
        await pilot.press("down")
        await pilot.pause()
        assert screen.query_one("#gaps", DataTable).cursor_row == 1
        assert PIP in str(detail.render()).replace("\n", "")
        await pilot.press("R")  # redaction applies before the id is shortened or shown whole
        await pilot.pause()
        await pilot.pause()
        assert column(screen, "gaps", 3) == [pseudonym("resource", NAT), pseudonym("resource", PIP)]
        shown = (NAT, PIP)[screen.query_one("#gaps", DataTable).cursor_row]
        assert str(detail.render()) == f"resource  {pseudonym('resource', shown)}"
