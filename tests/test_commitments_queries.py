"""Known-answer tests of the commitments queries on the commitments fixture (see its docstring)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.commitments.config import CommitmentSettings
from finops_tui.commitments.models import CommitmentsView, FamilyUnits, Unnormalised
from finops_tui.queries import agenda
from finops_tui.queries.commitments import commitments_view, percentile
from tests.commitments_fixture import AS_OF, RI_1, RI_OLD, build

D = Decimal


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("commit"))


@pytest.fixture(scope="module")
def view(cache: Path) -> CommitmentsView:
    with duckdb.connect(str(cache), read_only=True) as cur:
        return commitments_view(cur, as_of=AS_OF, settings=CommitmentSettings())


def test_totals_equal_the_agenda(view: CommitmentsView, cache: Path) -> None:
    t = view.total
    assert (view.month, view.end, view.currency) == (date(2025, 1, 1), AS_OF, "USD")
    assert (t.used, t.unused, t.covered, t.on_demand, t.other) == (D(112), D(52), D(112), D("188.40"), D(5))
    assert t.utilisation_pct is not None and round(t.utilisation_pct, 1) == D("68.3")  # 112 / 164
    assert t.coverage_pct is not None and round(t.coverage_pct, 2) == D("37.28")  # 112 / 300.40
    with duckdb.connect(str(cache), read_only=True) as cur:
        a = agenda.commitments(cur, start=view.month, end=view.end)
    assert (a.used, a.unused, a.covered) == (t.used, t.unused, t.covered)
    # spot (other) is not usage a commitment could cover: both screens leave it out of coverage
    assert a.eligible == t.covered + t.on_demand == D("300.40")
    assert a.coverage_pct == t.coverage_pct
    assert t.previous_utilisation_pct is not None and round(t.previous_utilisation_pct, 1) == D(
        "81.8"
    )  # 90/110


def test_utilisation_per_provider_account_commitment(view: CommitmentsView) -> None:
    rows = {(g.scope, g.key): (g.used, g.unused, g.covered, g.on_demand) for g in view.groups}
    assert rows[("provider", "AWS")] == (D(100), D(40), D(100), D("164.40"))
    assert rows[("provider", "Microsoft")] == (D(12), D(12), D(12), D(24))
    assert rows[("billing_account", "999999999999")] == (D(100), D(40), D(100), D("164.40"))
    assert [(g.label, g.utilisation_pct) for g in view.scope("commitment")] == [
        ("m5.xlarge RI", D(60) / D(90) * 100),
        ("Compute SP", D(80)),
        ("D2s v5 RI", D(50)),
    ]
    ri = next(g for g in view.scope("commitment") if g.key == RI_1)
    assert ri.previous_utilisation_pct == D(80)  # December: 80 / (80 + 20)


def test_coverage_and_unused_per_family(view: CommitmentsView) -> None:
    fam = {g.label: (g.used, g.unused, g.covered, g.on_demand, g.other) for g in view.scope("family")}
    assert fam == {
        "m5": (D(60), D(30), D(60), D("119.40"), D(0)),  # on-demand m5.large 74.40 + m5.metal 45
        "c5": (D(40), D(0), D(40), D(30), D(5)),
        "Standard_D2s_v5": (D(12), D(12), D(12), D(24), D(0)),
        "(no instance type)": (D(0), D(10), D(0), D(15), D(0)),  # SP unused, EBS
    }
    c5 = next(g for g in view.scope("family") if g.label == "c5")
    assert c5.coverage_pct == D(40) / D(70) * 100


def test_normalised_units_by_family(view: CommitmentsView) -> None:
    assert view.families == (
        FamilyUnits("AWS", "m5", D(800), D(2976), D(400)),
        FamilyUnits("AWS", "c5", D(800), D(800), D(0)),
    )
    assert view.unnormalised == (
        Unnormalised("AWS", D(10), ("m5.metal",)),
        Unnormalised("Microsoft", D(144), ("Standard_D2s_v5",)),
    )


def test_lifetimes_mark_stopped_commitments_ended(view: CommitmentsView) -> None:
    ended = [(x.commitment_id, x.last_day) for x in view.lifetimes if x.ended]
    assert ended == [(RI_OLD, date(2024, 12, 10))]
    assert len(view.lifetimes) == 4


def test_guidance_from_the_steady_baseline(view: CommitmentsView, cache: Path) -> None:
    """AWS on-demand instance cost over 01-02..01-31: 2.40 a day, 32.40 on 01-06, 47.40 on 01-07.

    Lambda's 100.00 on 01-15 has no instance type: left out (with it, p95 would read 47.40).

    p10 of 30 days = rank 3 of the sorted days = 2.40 a day = 0.10 an hour on demand; at 28 % off the
    commitment is 0.072 an hour and saves 0.028 * 8,760 = 245.28 a year. p95 = rank 29 = 32.40.
    """
    aws = view.guidance[0]
    assert (aws.provider, aws.start, aws.end, aws.baseline_daily) == (
        "AWS",
        date(2025, 1, 2),
        AS_OF,
        D("2.40"),
    )
    assert (aws.on_demand_hourly, aws.commitment_hourly, aws.annual_saving) == (
        D("0.1"),
        D("0.072"),
        D("245.28"),
    )
    assert view.guidance[1].baseline_daily == 0  # Azure: one on-demand day in 30
    settings = replace(CommitmentSettings(), baseline_percentile=95, discount_pct=D(40))
    with duckdb.connect(str(cache), read_only=True) as cur:
        other = commitments_view(cur, as_of=AS_OF, settings=settings)
    assert (other.guidance[0].baseline_daily, other.guidance[0].annual_saving) == (
        D("32.40"),
        D("32.40") / 24 * D("0.4") * 8760,
    )


def test_previous_month_and_percentile_edges(cache: Path) -> None:
    with duckdb.connect(str(cache), read_only=True) as cur:
        dec = commitments_view(cur, as_of=AS_OF, settings=CommitmentSettings(), month=date(2024, 12, 1))
    assert (dec.end, dec.total.used, dec.total.unused, dec.total.covered, dec.total.on_demand) == (
        date(2024, 12, 31), D(90), D(20), D(90), D(30),
    )  # fmt: skip
    assert percentile([D(3), D(1), D(2)], 0) == D(1)
    assert percentile([D(3), D(1), D(2)], 100) == D(3)


def test_a_month_without_commitments_still_has_guidance(cache: Path) -> None:
    """November 2024 has no rows: no utilisation or coverage, yet the as-of baseline is still there."""
    with duckdb.connect(str(cache), read_only=True) as cur:
        nov = commitments_view(cur, as_of=AS_OF, settings=CommitmentSettings(), month=date(2024, 11, 1))
    assert (nov.groups, nov.families, nov.total.utilisation_pct, nov.total.coverage_pct) == (
        (),
        (),
        None,
        None,
    )
    assert [g.provider for g in nov.guidance] == ["AWS", "Microsoft"]
