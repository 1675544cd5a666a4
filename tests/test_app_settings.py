"""Settings: search order, validation, one-line errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from finops_tui.errors import FinOpsError
from finops_tui.settings import Settings, load_settings


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_settings(cwd=tmp_path) == Settings()


def test_local_file_then_explicit(tmp_path: Path) -> None:
    (tmp_path / "finops-tui.toml").write_text(
        'currency = "eur"\nbudget = 1200.50\nrequired_tags = ["team"]\n[teams]\n"111" = "Platform"\n'
        '[keymap]\n"trends.drill" = "l"\n[thresholds]\nidle_cpu_pct = 3\n'
    )
    s = load_settings(cwd=tmp_path)
    assert (s.currency, s.budget, s.required_tags, s.teams) == (
        "EUR",
        Decimal("1200.5"),
        ("team",),
        {"111": "Platform"},
    )
    assert s.thresholds.idle_cpu_pct == 3.0 and s.keymap == {"trends.drill": "l"}
    other = tmp_path / "other.toml"
    other.write_text("top_n = 3\n")
    assert load_settings(other, cwd=tmp_path).top_n == 3


def test_invalid_toml_and_types(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("currency = \n")
    with pytest.raises(FinOpsError, match="not valid TOML"):
        load_settings(bad)
    bad.write_text("colour = 'red'\n")
    with pytest.raises(FinOpsError, match="unknown setting 'colour'"):
        load_settings(bad)
    with pytest.raises(FinOpsError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")


def test_out_of_range_threshold_warns_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[thresholds]\nidle_cpu_pct = 300\n")
    with pytest.warns(UserWarning, match="idle_cpu_pct"):
        assert load_settings(path).thresholds.idle_cpu_pct == 5.0
