"""``finops-tui report unit-economics`` through ``cli.main``: same figures as the screen's query."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from finops_tui.cli import main
from tests.unit_fixture import build


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("unit-report"))


def run(cache: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", "unit-economics", "--db", str(cache), "--as-of", "2025-01-31", *args]) == 0
    return capsys.readouterr().out


def test_json_month(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(run(cache, capsys, "--metric", "orders", "--format", "json"))
    assert (doc["metric"], doc["scope"], doc["grain"], doc["currency"]) == (
        "orders",
        "estate",
        "month",
        "USD",
    )
    assert doc["kpis"] == {
        "month": "2025-01",
        "this_month_cost_per_unit": "1.290323",  # 200 / 155
        "last_month_cost_per_unit": "0.516129",  # 80 / 155
        "change_pct": "150.00",
        "trend_3m_pct": None,
    }
    assert doc["periods"][-1] == {
        "period": "2025-01",
        "start": "2025-01-01",
        "end": "2025-01-31",
        "cost": "200.0000000000",
        "units": 155.0,
        "days": 31,
        "covered_days": 31,
        "cost_per_unit": "1.290323",
        "change_pct": "150.00",
    }
    assert doc["periods"][0]["cost_per_unit"] is None and doc["gap_days"] == 335


def test_csv_week_scope_by_tag_keeps_gaps_empty(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = run(cache, capsys, "--metric", "transactions", "--grain", "week", "--scope", "tag:team=web",
                "--format", "csv").splitlines()  # fmt: skip
    assert lines[0] == "period,start,end,cost,units,covered_days,days,cost_per_unit,change_pct"
    assert "2025-W02,2025-01-06,2025-01-12,150.0000000000,100.0,7,7,1.500000," in lines
    assert "2025-W04,2025-01-20,2025-01-26,0,60.0,6,7,," in lines  # the day without data: a gap


def test_markdown_by_team(cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[teams]\n"222222222222" = "platform"\n', encoding="utf-8")
    text = run(cache, capsys, "--metric", "orders", "--scope", "team:platform", "--config", str(config),
               "--format", "markdown")  # fmt: skip
    assert text.startswith("# Unit economics: orders (team platform, by month)\n")
    assert "| 2025-01 | $50.00 | 155 | $0.3226 | — | 31/31 |" in text  # 50 / 155
    assert "| period | cost | Σ daily orders | cost per unit |" in text  # a month adds up its days


def test_bad_scope_and_unknown_metric_are_one_line(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["report", "unit-economics", "--db", str(cache), "--metric"]
    assert main([*base, "orders", "--scope", "account:1"]) == 1
    assert capsys.readouterr().err == (
        "finops-tui: error: --scope 'account:1': expected estate, tag:KEY=VALUE or team:NAME\n"
    )
    assert main([*base, "visits"]) == 1
    assert capsys.readouterr().err.startswith("finops-tui: error: no metric 'visits' in the cache")
