"""How each measured signal becomes a 0-100 score and a crawl / walk / run stage (pure, no I/O).

Levels follow the FinOps Foundation's KPI guidance as commonly applied: a capability is at *run*
when the figure reaches the run level, *walk* from the walk level, *crawl* below. The score rises
linearly from a zero point to the run level, so a team sees how far each step takes it; past the run
level it stays at 100. Weights sum to 100 and say what leadership cares about most.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """What one signal is measured in and the levels that grade it."""

    key: str
    capability: str
    """The FinOps capability it speaks for."""
    unit: str
    """What the value measures, in a few words (a percentage, except triage in days)."""
    higher_is_better: bool
    zero: float
    """Where the score is 0 (it rises linearly to 100 at ``run``)."""
    walk: float
    run: float
    weight: int
    improve: str
    """What moves the figure, in one line."""


LEVELS: dict[str, Level] = {
    level.key: level
    for level in (
        Level(
            "allocation",
            "Allocation",
            "spend with an owner",
            True,
            0,
            50,
            90,
            20,
            "tag the top gaps on the Allocation screen, map accounts to teams in [teams], split shared pools",
        ),
        Level(
            "coverage",
            "Rate optimisation",
            "eligible usage committed",
            True,
            0,
            60,
            80,
            15,
            "commit to the steady on-demand baseline (Commitments screen, guidance tab)",
        ),
        Level(
            "utilisation",
            "Rate optimisation",
            "commitments used",
            True,
            50,
            80,
            95,
            15,
            "move or exchange workloads onto unused reservations; size new commitments to the baseline",
        ),
        Level(
            "waste",
            "Workload optimisation",
            "spend in open waste",
            False,
            15,
            5,
            2,
            15,
            "work the Waste backlog: assign owners, mark done, let the tracking confirm the saving",
        ),
        Level(
            "triage",
            "Anomaly management",
            "days to triage (median)",
            False,
            30,
            7,
            2,
            10,
            "triage new anomalies at each review: set a status and an owner (Anomalies screen)",
        ),
        Level(
            "forecast",
            "Forecasting",
            "month-end forecast error",
            False,
            25,
            10,
            3,
            15,
            "finalise the agenda each month (F) to record forecasts; budget for known changes",
        ),
        Level(
            "budget",
            "Budgeting",
            "spend under a budget",
            True,
            0,
            50,
            90,
            10,
            "set a total budget (config `budget` or b on the Agenda) and team budgets",
        ),
    )
}
"""Every signal, by key, in the order the summary lists them."""


def score(level: Level, value: float) -> float:
    """0-100: linear from ``zero`` to ``run``, clamped."""
    span = level.run - level.zero
    got = (value - level.zero) / span if span else 1.0
    return round(max(0.0, min(1.0, got)) * 100, 1)


def stage(level: Level, value: float) -> str:
    """``crawl``, ``walk`` or ``run``."""
    if level.higher_is_better:
        return "run" if value >= level.run else "walk" if value >= level.walk else "crawl"
    return "run" if value <= level.run else "walk" if value <= level.walk else "crawl"


def overall(scored: list[tuple[int, float]]) -> float | None:
    """Weighted mean of (weight, score) over the signals that could be measured (None: none could)."""
    weights = sum(w for w, _ in scored)
    return round(sum(w * s for w, s in scored) / weights, 1) if weights else None
