"""``finops-tui report trends``: the same numbers as the screen, clean on stdout."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from finops_tui.cli import main
from tests.test_trends_fixture import EC2, PAYER, build_trends_cache


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_trends_cache(tmp_path_factory.mktemp("report") / "cache.duckdb")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_is_clean_and_exact(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", "trends", "--db", str(cache), "--as-of", "2025-02-10")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["kpis"]["month_to_date"] == "275.00"
    assert doc["kpis"]["projection"] == "770.00"
    assert doc["kpis"]["change_pct"] == "129.2"
    assert doc["kpis"]["savings_month_to_date"] == "100.00"
    assert [(g["group"], g["current"], g["change"]) for g in doc["groups"]] == [
        (EC2, "260.00", "-70.00"),  # the previous 110 over its 10 days of data, scaled to 30
        ("Virtual Machines", "25.00", "25.00"),
        ("Amazon Simple Storage Service", "40.00", "10.00"),
    ]
    assert "\x1b" not in out
    assert doc["period"]["data_from"] == "2025-01-02" and doc["period"]["previous_partial"] is True
    assert doc["period"]["previous_days_with_data"] == 10


def test_default_as_of_is_newest_complete_day(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "report", "trends", "--db", str(cache))
    assert json.loads(out)["as_of"] == "2025-02-11"


def test_filters_combine_and_csv(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "report",
        "trends",
        "--db",
        str(cache),
        "--as-of",
        "2025-02-10",
        "--format",
        "csv",
        "--group-by",
        "resource",
        "--filter",
        f"service={EC2}",
        "--filter",
        "tag:team=[bold]",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["group"], r["current"], r["previous"]) for r in rows] == [("vol-0002", "60.00", "30.00")]
    context = {k: v for k, v in rows[0].items() if k not in ("group", "label", "current", "previous")}
    assert context == {
        "change": "-30.00", "change_pct": "-33.3", "savings": "0.00", "currency": "USD",
        "metric": "effective", "dimension": "resource", "filters": f"service={EC2}; tag:team=[bold]",
        "current_start": "2025-01-12", "current_end": "2025-02-10", "previous_start": "2024-12-13",
        "previous_end": "2025-01-11", "data_from": "2025-01-02", "as_of": "2025-02-10",
    }  # fmt: skip


def test_markdown_redacted(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys,
        "report",
        "trends",
        "--db",
        str(cache),
        "--as-of",
        "2025-02-10",
        "--format",
        "markdown",
        "--group-by",
        "billing_account",
        "--redact",
    )
    assert out.startswith("# Spend trends as of 2025-02-10")
    assert PAYER not in out and "Acme" not in out and "| account-" in out
    assert "**The cache starts 2025-01-02: the previous period has data for 10 of its days; changes" in out


def test_bad_input_is_one_line(cache: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "report", "trends", "--db", str(cache), "--group-by", "Service; DROP")
    assert code == 1 and out == "" and err.count("\n") == 1 and "unknown dimension" in err
    code, _, err = run(capsys, "report", "trends", "--db", str(tmp_path / "missing.duckdb"))
    assert code == 1 and "no cache yet" in err
    bad = tmp_path / "bad.toml"
    bad.write_text("top_n = 'many'\n")
    code, _, err = run(capsys, "report", "trends", "--db", str(cache), "--config", str(bad))
    assert code == 1 and "top_n must be" in err and err.count("\n") == 1


def test_an_as_of_past_the_data_warns_on_stderr(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", "trends", "--db", str(cache), "--as-of", "2030-01-01")
    assert code == 0 and json.loads(out)["as_of"] == "2030-01-01"  # stdout stays clean JSON
    assert err == (
        "finops-tui: warning: --as-of 2030-01-01 is after the newest complete charge day in the cache "
        "(2025-02-11); the days after it have no cost\n"
    )


def test_an_as_of_before_the_data_warns_on_stderr(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", "trends", "--db", str(cache), "--as-of", "2019-06-30")
    assert code == 0 and json.loads(out)["kpis"]["month_to_date"] == "0.00"  # zero, now with a word why
    assert err == (
        "finops-tui: warning: --as-of 2019-06-30 is before the cache's first charge day (2025-01-02); "
        "there is no cost up to it\n"
    )


def test_a_tag_filter_is_normalised_as_the_screen_shows_values(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Typed as seen in the console (``Web``, stray spaces), a tag value still matches: the screen
    shows values trimmed and folded, and its drill-downs filter on those."""
    args = ["report", "trends", "--db", str(cache), "--as-of", "2025-02-10", "--format", "csv"]
    _, exact, _ = run(capsys, *args, "--filter", "tag:team=web")
    code, typed, err = run(capsys, *args, "--filter", "tag:Team= Web ")
    assert code == 0 and err == "" and typed == exact and len(exact.splitlines()) > 1


def test_a_typo_in_a_tag_key_or_filter_warns_on_stderr(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "trends", "--db", str(cache), "--as-of", "2025-02-10"]
    code, out, err = run(capsys, *args, "--group-by", "tag:teem")
    assert code == 0 and json.loads(out)["groups"][0]["group"] == "(untagged)"  # stdout stays JSON
    assert err == "finops-tui: warning: no tag key 'teem' in the cache (tag keys: environment, team)\n"
    code, out, err = run(capsys, *args, "--filter", "service=Amazon EC3")
    assert code == 0 and json.loads(out)["groups"] == []
    assert err == "finops-tui: warning: nothing matches --filter service=Amazon EC3 in this window\n"
    _, _, err = run(capsys, *args, "--filter", f"service={EC2}")
    assert err == ""  # a filter that matches says nothing


def test_markdown_says_when_the_previous_period_holds_no_data(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "trends", "--db", str(cache), "--as-of", "2025-02-10", "--format", "markdown"]
    _, out, _ = run(capsys, *args, "--window", "365d")  # the year before 2025-01-02 holds nothing
    assert "**The cache starts 2025-01-02: the previous period holds no data; every group is new.**" in out
