"""Known answers of the pure commitment arithmetic: size factors and a reservation's utilisation.

Every case is a hand calculation over a 10-hour period so the figures can be checked on paper.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from finops_tui.commitments.normalise import size_factor, split_instance_type
from finops_tui.commitments.reservation import InstanceHours, Reservation, reservation_use

HOURS = Decimal(10)
RI = Reservation("m5.xlarge", "us-east-1", Decimal(2))  # 2 * xlarge (8 units each) = 16 units an hour


def use(*usage: tuple[str, str, int], flexible: bool) -> tuple[Decimal, Decimal, Decimal | None]:
    hours = [InstanceHours(t, r, Decimal(h)) for t, r, h in usage]
    result = reservation_use(RI, hours, period_hours=HOURS, flexible=flexible)
    return result.capacity, result.used, result.utilisation_pct


@pytest.mark.parametrize(
    ("size", "factor"),
    [
        ("nano", "0.25"),
        ("micro", "0.5"),
        ("small", "1"),
        ("medium", "2"),
        ("large", "4"),
        ("xlarge", "8"),
        ("2xlarge", "16"),
        ("24xlarge", "192"),
    ],
)
def test_size_factors(size: str, factor: str) -> None:
    assert size_factor(size) == Decimal(factor)


def test_metal_and_odd_names_have_no_factor() -> None:
    """Metal's factor depends on the family (not in billing data): unknown, never guessed."""
    assert size_factor("metal") is None
    assert size_factor("metal-24xl") is None
    assert split_instance_type("Standard_E8s_v5") is None  # Azure: not family.size
    split = split_instance_type("db.r6g.large")
    assert split is not None and (split.family, split.factor) == ("db.r6g", Decimal(4))


def test_unused_reservation_is_zero_percent_both_ways() -> None:
    """No m5 at all: capacity 2 * 10 h = 20 instance-hours (exact), 20 * 8 = 160 units (flexible)."""
    assert use(("c5.xlarge", "us-east-1", 10), flexible=False) == (Decimal(20), Decimal(0), Decimal(0))
    assert use(("c5.xlarge", "us-east-1", 10), flexible=True) == (Decimal(160), Decimal(0), Decimal(0))


def test_partial_use_counts_other_sizes_only_with_flexibility() -> None:
    """m5.xlarge 10 h + m5.2xlarge 2 h in us-east-1, and m5.large 10 h in eu-west-1.

    Exact: only m5.xlarge in us-east-1 counts: 10 of 20 instance-hours = 50 %.
    Flexible: 10 h * 8 + 2 h * 16 = 112 of 160 units = 70 %; the eu-west-1 large is another region.
    """
    usage = (("m5.xlarge", "us-east-1", 10), ("m5.2xlarge", "us-east-1", 2), ("m5.large", "eu-west-1", 10))
    assert use(*usage, flexible=False) == (Decimal(20), Decimal(10), Decimal(50))
    assert use(*usage, flexible=True) == (Decimal(160), Decimal(112), Decimal(70))


def test_full_use_caps_at_capacity() -> None:
    """Exact: two m5.xlarge 10 h each = 20 of 20 instance-hours = 100 %.

    Flexible: four m5.large 10 h each = 40 h * 4 = 160 units, plus m5.medium 10 h * 2 = 20 units beyond
    capacity (that part runs on demand), so used = 160 of 160 = 100 %; the exact rule sees those 0 %.
    """
    assert use(("m5.xlarge", "us-east-1", 20), flexible=False) == (Decimal(20), Decimal(20), Decimal(100))
    usage = (("m5.large", "us-east-1", 40), ("m5.medium", "us-east-1", 10))
    assert use(*usage, flexible=True) == (Decimal(160), Decimal(160), Decimal(100))
    assert use(*usage, flexible=False) == (Decimal(20), Decimal(0), Decimal(0))


def test_metal_hours_are_excluded_and_counted() -> None:
    """m5.metal 3 h cannot be normalised: not used, reported as 3 excluded hours; m5.large 10 h = 40 units."""
    hours = [
        InstanceHours("m5.metal", "us-east-1", Decimal(3)),
        InstanceHours("m5.large", "us-east-1", HOURS),
    ]
    result = reservation_use(RI, hours, period_hours=HOURS, flexible=True)
    assert (result.used, result.unused, result.excluded_hours) == (Decimal(40), Decimal(120), Decimal(3))
    with pytest.raises(ValueError, match=r"m5\.metal"):
        reservation_use(
            Reservation("m5.metal", "us-east-1", Decimal(1)), hours, period_hours=HOURS, flexible=True
        )


def test_commitment_analytics_never_import_textual() -> None:
    """The report and the queries run headless: importing them must not pull Textual in."""
    code = (
        "import sys\n"
        "import finops_tui.commitments.reservation, finops_tui.commitments.models\n"
        "import finops_tui.queries.commitments, finops_tui.reports.run_commitments\n"
        "import finops_tui.cli_commitments\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_guidance_discount_defaults_to_the_waste_screens_assumption() -> None:
    """One assumed commitment discount drives the Waste candidate and the Commitments guidance,
    unless ``[commitments] discount_pct`` says otherwise."""
    from decimal import Decimal
    from pathlib import Path

    from finops_tui.settings import parse_settings

    path = Path("config.toml")
    shared = parse_settings({"thresholds": {"waste_commitment_discount_pct": 35}}, path)
    assert shared.commitments.discount_pct == Decimal("35")
    own = parse_settings(
        {"thresholds": {"waste_commitment_discount_pct": 35}, "commitments": {"discount_pct": 20}}, path
    )
    assert own.commitments.discount_pct == Decimal("20")
    assert parse_settings({}, path).commitments.discount_pct == Decimal("28")
