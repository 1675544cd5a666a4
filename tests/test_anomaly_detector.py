"""Known answers of the detector on small hand-built daily series, one per kind and per trap.

Each series is built by hand so the right answer can be read off it: which days are anomalous, of what
kind, and roughly how much money. The traps are the classic ways a z-score detector fails: the spike
that inflates its own baseline, a weekly pattern read as anomalies, and a flat series whose cents of
noise become "3 sigma".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest

from finops_tui.anomalies.band import score_days
from finops_tui.anomalies.config import DetectorConfig
from finops_tui.anomalies.detect import material
from finops_tui.anomalies.fold import fold
from finops_tui.anomalies.models import Anomaly
from finops_tui.anomalies.runs import Run, find_runs
from finops_tui.anomalies.series import provider_windows
from finops_tui.queries.anomalies import ProviderSpan

DAY0 = date(2025, 1, 6)  # a Monday
CFG = DetectorConfig()


def day(i: int) -> date:
    return DAY0 + timedelta(days=i)


def wobble(i: int, size: float) -> float:
    """Deterministic small noise in [-size, size] (no RNG, so the answers never move)."""
    return size * (((i * 37) % 11) - 5) / 5


def frame(costs: list[float], *, judge_from: int = 28) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "series": [0] * len(costs),
            "day": [day(i) for i in range(len(costs))],
            "cost": costs,
            "evaluable": [i >= judge_from for i in range(len(costs))],
        },
        schema={"series": pl.Int32, "day": pl.Date, "cost": pl.Float64, "evaluable": pl.Boolean},
    )


def runs_of(costs: list[float], cfg: DetectorConfig = CFG) -> list[Run]:
    return find_runs(score_days(frame(costs), cfg), cfg)


def flat(n: int, level: float = 100.0, noise: float = 2.0) -> list[float]:
    return [level + wobble(i, noise) for i in range(n)]


def test_spike_is_one_anomaly_with_start_end_and_impact() -> None:
    costs = flat(100)
    costs[70], costs[71], costs[72] = 400.0, 380.0, 390.0
    (run,) = runs_of(costs)
    assert (run.kind, run.start, run.end, run.onset) == ("spike", day(70), day(72), day(70))
    expected = sum(100 + wobble(i, 2) for i in (70, 71, 72))
    assert run.actual == pytest.approx(1170.0)
    assert run.expected == pytest.approx(300.0, abs=6)
    assert run.actual - run.expected == pytest.approx(1170 - expected, abs=6)
    assert not run.persists and not run.ongoing


def test_spike_does_not_poison_its_own_baseline() -> None:
    costs = flat(110)
    for i in (70, 71, 72):
        costs[i] = 400.0
    scored = score_days(frame(costs), CFG)
    expected = dict(zip(scored["day"].to_list(), scored["expected"].to_list(), strict=True))
    # the same weekdays one and two weeks later are still judged against ~100, not against the spike
    for i in (77, 78, 79, 84, 85, 86):
        assert expected[day(i)] == pytest.approx(100.0, abs=2.5)
    # and nothing after the spike is called a drop (a mean/sigma baseline would have moved up)
    flags = dict(zip(scored["day"].to_list(), scored["flag"].to_list(), strict=True))
    assert [d for d, f in flags.items() if f and d > day(72)] == []


def test_drop_is_found() -> None:
    costs = flat(90)
    for i in range(60, 65):
        costs[i] = 4.0
    (run,) = runs_of(costs)
    assert (run.kind, run.start, run.end) == ("drop", day(60), day(64))
    assert run.actual - run.expected == pytest.approx(5 * 4.0 - 500.0, abs=10)


def test_new_cost_is_measured_over_its_first_week_and_persists() -> None:
    costs = [0.0] * 60 + [50.0] * 40
    (run,) = runs_of(costs)
    assert (run.kind, run.start, run.end) == ("new", day(60), day(66))
    assert (run.actual, run.expected) == (pytest.approx(350.0), pytest.approx(0.0))
    # the later days are the new normal: absorbed into this anomaly until the baseline has caught up
    assert run.persists and day(80) < run.last_flag < day(99) and not run.ongoing


def test_removed_cost() -> None:
    costs = flat(70, 80.0) + [0.0] * 20
    (run,) = runs_of(costs)
    assert (run.kind, run.start, run.end) == ("removed", day(70), day(76))
    assert run.actual == 0.0 and run.expected == pytest.approx(7 * 80.0, abs=10)
    assert run.persists


def test_a_drop_that_comes_back_is_not_removed() -> None:
    costs = flat(90, 80.0)
    for i in range(70, 74):
        costs[i] = 0.0
    (run,) = runs_of(costs)
    assert run.kind == "drop" and run.end == day(73)


def test_steady_growth_is_the_climb_and_its_plateau_is_not_a_spike() -> None:
    costs = flat(60, 100.0, noise=0.3)
    level = 100.0
    for _ in range(12):
        level *= 1.07
        costs.append(level)
    costs += [level + wobble(i, 0.3) for i in range(40)]
    (run,) = runs_of(costs)
    assert (run.kind, run.start, run.end) == ("growth", day(60), day(71))
    assert run.persists
    climb = sum(100 * 1.07**k - 100 for k in range(1, 13))
    assert run.actual - run.expected == pytest.approx(climb, rel=0.02)


def test_weekly_pattern_does_not_flag() -> None:
    costs = [(30.0 if day(i).weekday() >= 5 else 100.0) + wobble(i, 2) for i in range(120)]
    assert runs_of(costs) == []


def test_flat_series_with_cents_of_noise_does_not_flag() -> None:
    costs = [10.0 + wobble(i, 0.03) for i in range(120)]
    scored = score_days(frame(costs), CFG)
    assert scored["flag"].abs().sum() == 0
    # the band is the floor, not 3 sigma of the cents: wider than the noise by far
    assert scored["upper"].drop_nulls().min() >= 10.0 + 1.0


def test_days_not_evaluable_are_never_flagged() -> None:
    costs = flat(60)
    costs[59] = 900.0
    scored = score_days(frame(costs, judge_from=28).with_columns(
        pl.when(pl.col("day") == day(59)).then(False).otherwise(pl.col("evaluable")).alias("evaluable")
    ), CFG)  # fmt: skip
    assert scored.filter(pl.col("day") == day(59))["flag"].item() == 0
    assert find_runs(scored, CFG) == []


def test_lag_excludes_the_newest_days() -> None:
    span = ProviderSpan(
        "AWS", day(0), day(99), day(99), datetime.combine(day(100), datetime.min.time()), "USD"
    )
    azure = ProviderSpan(
        "Microsoft", day(0), day(99), day(99), datetime.combine(day(100), datetime.min.time()), "USD"
    )
    aws_w, az_w = provider_windows([span, azure], day(99), CFG)
    # fetched at midnight after day 99: AWS (24 h) has day 98 complete, Azure (36 h) day 97
    assert (aws_w.evaluated_through, aws_w.incomplete_days) == (day(98), 1)
    assert (az_w.evaluated_through, az_w.incomplete_days) == (day(97), 2)
    young = ProviderSpan("AWS", day(80), day(99), day(99), None, "USD")
    assert provider_windows([young], day(99), CFG)[0].evaluated_through is None


def _anomaly(level: str, key: str, impact: float, **scope: str | None) -> Anomaly:
    return Anomaly(
        key=key, source="finops-tui", level=level, series_key=key, provider="AWS",
        sub_account_id=scope.get("sub"), sub_account_name=scope.get("sub"), service_name=scope.get("service"),
        tag_value=None, kind="spike", start=day(70), end=day(71), onset=day(70), last_flag=day(71),
        actual=100.0 + impact, expected=100.0, score=9.0, persists=False, ongoing=False,
    )  # fmt: skip


def test_coarse_anomalies_fold_into_the_finer_one_that_explains_them() -> None:
    fine = _anomaly("account_service", "fine", 500.0, sub="prod", service="CloudFront")
    account = _anomaly("sub_account", "account", 560.0, sub="prod")
    provider = _anomaly("provider", "provider", 700.0)
    other = _anomaly("service", "other-service", 400.0, service="Amazon S3")
    deltas = {"fine": {day(70): 260.0, day(71): 240.0}}
    out = {a.key: a for a in fold([provider, account, fine, other], deltas)}
    assert out["account"].folded_into == "fine"
    assert out["provider"].folded_into == "fine"
    assert out["fine"].folded_into is None
    assert out["other-service"].folded_into is None  # S3 is not inside the CloudFront series


def test_materiality_gate() -> None:
    small = _anomaly("account_service", "small", 40.0, sub="prod", service="S3")
    assert not material(small, CFG)
    assert material(small, DetectorConfig(min_impact=10.0))
    weak = _anomaly("account_service", "weak", 60.0, sub="prod", service="S3")
    assert not material(weak, DetectorConfig(min_pct=80.0))
