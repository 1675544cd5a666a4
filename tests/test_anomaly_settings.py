"""``[anomalies]`` settings: defaults, validation, and what makes a stored detection reusable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from finops_tui.anomalies.config import DetectorConfig
from finops_tui.errors import FinOpsError
from finops_tui.settings import Settings, load_settings


def test_defaults_and_score_from_thresholds(tmp_path: Path) -> None:
    assert Settings().anomalies == DetectorConfig()
    assert Settings().thresholds.anomaly_score == DetectorConfig().score
    path = tmp_path / "c.toml"
    path.write_text(
        "[thresholds]\nanomaly_score = 4\n"
        '[anomalies]\nmin_impact = 100\nlookback_days = 42\ntag_key = "Team"\n'
        "[anomalies.lag_hours]\nAWS = 12\n"
    )
    cfg = load_settings(path).anomalies
    assert (cfg.score, cfg.min_impact, cfg.lookback_days, cfg.tag_key) == (4.0, 100.0, 42, "Team")
    assert cfg.lag_hours == {"AWS": 12.0, "Microsoft": 36.0}
    assert cfg.fingerprint() != DetectorConfig().fingerprint()


def test_bad_values_are_named(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[anomalies]\nlookback_days = 4.5\n")
    with pytest.raises(FinOpsError, match=r"anomalies\.lookback_days must be a whole number"):
        load_settings(path)
    path.write_text("[anomalies]\nwindow = 3\n")
    with pytest.raises(FinOpsError, match=r"unknown setting anomalies\.window"):
        load_settings(path)
    path.write_text("[anomalies.lag_hours]\nAWS = -1\n")
    with pytest.raises(FinOpsError, match="lag_hours"):
        load_settings(path)
    path.write_text("[anomalies]\nmin_pct = 50000\n")
    with pytest.warns(UserWarning, match="min_pct"):
        assert load_settings(path).anomalies.min_pct == DetectorConfig().min_pct


def test_detector_report_and_bench_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import finops_tui.anomalies.detect, finops_tui.anomalies.store, finops_tui.anomalies.triage\n"
        "import finops_tui.anomalies.view, finops_tui.reports.anomalies, finops_tui.cli_anomalies\n"
        "import finops_tui.bench.anomalies\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
