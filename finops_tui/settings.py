"""The user's settings: one TOML file, read once at start into a frozen dataclass.

Search order: ``--config PATH``, then ``./finops-tui.toml``, then ``config.toml`` in the platform's user
config folder. A file that is not valid TOML, or a value of the wrong type, stops the program with one
line naming the file and the key; a threshold out of range falls back to its default with a warning.

Example::

    currency = "EUR"              # display currency symbol when the data has none
    required_tags = ["team", "env"]
    budget = 25000                # monthly budget for the trends KPI tile
    top_n = 6                     # groups drawn in the chart before "(other)"
    redact = false

    [thresholds]
    anomaly_score = 3.5
    idle_cpu_pct = 5.0
    untagged_pct = 10.0

    [teams]                       # account or sub-account id -> team name
    "111111111111" = "Platform"

    [keymap]                      # binding id -> keys
    "trends.drill" = "enter,l"
"""

from __future__ import annotations

import tomllib
import warnings
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from finops_tui.allocation_config import AllocationSettings, parse_allocation
from finops_tui.anomalies.config import DetectorConfig, parse_anomalies
from finops_tui.aws_settings import AwsSettings, parse_aws
from finops_tui.azure_settings import AzureSettings, parse_azure
from finops_tui.commitments.config import CommitmentSettings, parse_commitments
from finops_tui.config import APP_NAME
from finops_tui.errors import FinOpsError

if TYPE_CHECKING:
    from finops_tui.tag_rules import TagRules

CONFIG_NAME = "finops-tui.toml"


@dataclass(frozen=True)
class Thresholds:
    """Validated thresholds of the analysis screens."""

    anomaly_score: float = 3.5
    """Robust z-score above which a day counts as an anomaly."""
    idle_cpu_pct: float = 5.0
    """Average CPU % under which an instance counts as idle."""
    untagged_pct: float = 10.0
    """Share of untagged cost that raises an allocation flag."""
    waste_min_monthly_saving: float = 1.0
    """Waste findings saving less than this per month (currency units) are not listed."""
    waste_nat_idle_gb_per_day: float = 1.0
    """A NAT gateway processing fewer GB per day than this (30-day average) counts as idle."""
    waste_lb_idle_lcu_per_day: float = 1.0
    """A load balancer using fewer LCU-hours per day than this (30-day average) counts as idle."""
    waste_commitment_discount_pct: float = 28.0
    """Discount a 1-year no-upfront commitment gives on steady on-demand compute (commitment candidates)."""
    waste_snapshot_age_days: float = 90.0
    """Snapshot storage billed for longer than this, and not shrinking, is listed as snapshot growth."""
    waste_hybrid_benefit_pct: float = 45.0
    """Share of a Windows VM's cost that is the licence Azure Hybrid Benefit removes."""


_RANGES = {
    "anomaly_score": (0.5, 50.0),
    "idle_cpu_pct": (0.0, 100.0),
    "untagged_pct": (0.0, 100.0),
    "waste_min_monthly_saving": (0.0, 1_000_000.0),
    "waste_nat_idle_gb_per_day": (0.0, 10_000.0),
    "waste_lb_idle_lcu_per_day": (0.0, 10_000.0),
    "waste_commitment_discount_pct": (0.0, 90.0),
    "waste_snapshot_age_days": (1.0, 3650.0),
    "waste_hybrid_benefit_pct": (0.0, 90.0),
}


@dataclass(frozen=True)
class Settings:
    """Everything the user can configure (defaults apply when there is no file)."""

    currency: str = "USD"
    """Currency shown when the data carries none."""
    required_tags: tuple[str, ...] = ()
    """Tag keys every resource should carry (allocation screen)."""
    budget: Decimal | None = None
    """Monthly budget shown on the trends KPI tiles."""
    top_n: int = 5
    """Groups drawn in the trends chart before the rest is summed as "(other)"."""
    redact: bool = False
    """Start with redaction on (``--redact`` does the same)."""
    thresholds: Thresholds = field(default_factory=Thresholds)
    """Anomaly, idle and untagged thresholds."""
    teams: dict[str, str] = field(default_factory=dict)
    """Account or sub-account id → team name."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id → comma-separated keys (passed to ``App.set_keymap``)."""
    allocation: AllocationSettings = field(default_factory=AllocationSettings)
    """Tag normalisation rules and shared-cost pools (``[allocation]``, see allocation_config.py)."""
    anomalies: DetectorConfig = field(default_factory=DetectorConfig)
    """Anomaly detector settings (``[anomalies]``; its score is ``[thresholds] anomaly_score``)."""
    aws: AwsSettings = field(default_factory=AwsSettings)
    """What ``sync aws`` syncs when no flag says (``[aws]``, see aws_settings.py)."""
    azure: AzureSettings = field(default_factory=AzureSettings)
    """What ``sync azure`` syncs when no flag says (``[azure]``, see azure_settings.py)."""
    commitments: CommitmentSettings = field(default_factory=CommitmentSettings)
    """Assumptions of the commitment guidance (``[commitments]``, see commitments/config.py)."""
    persona: str | None = None
    """The role preset the app opens with (``persona = "finance"``; see personas.py)."""
    source: Path | None = None
    """The file these settings came from (None: defaults)."""

    def tag_rules(self) -> TagRules:
        """The tag normalisation every screen applies (required keys and ``[allocation]`` aliases)."""
        from finops_tui.tag_rules import TagRules

        return TagRules(self.required_tags, self.allocation)


def find_config(explicit: Path | None, cwd: Path | None = None) -> Path | None:
    """The config file to read: ``--config``, then ``./finops-tui.toml``, then the user config folder."""
    if explicit is not None:
        if not explicit.is_file():
            raise FinOpsError(f"{explicit}: config file not found")
        return explicit
    local = (cwd or Path.cwd()) / CONFIG_NAME
    if local.is_file():
        return local
    user = platformdirs.user_config_path(APP_NAME) / "config.toml"
    return user if user.is_file() else None


def _type_error(path: Path, key: str, wanted: str) -> FinOpsError:
    return FinOpsError(f"{path}: {key} must be {wanted}")


def _str_map(path: Path, key: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _type_error(path, f"[{key}]", "a table of strings")
    return {str(k): v for k, v in value.items()}


def _thresholds(path: Path, raw: Any) -> Thresholds:
    if not isinstance(raw, dict):
        raise _type_error(path, "[thresholds]", "a table")
    values: dict[str, float] = {}
    for name, (low, high) in _RANGES.items():
        if name not in raw:
            continue
        value = raw[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _type_error(path, f"thresholds.{name}", "a number")
        if not low <= value <= high:
            warnings.warn(
                f"{path}: thresholds.{name} = {value} is outside {low}..{high}; using the default",
                stacklevel=2,
            )
            continue
        values[name] = float(value)
    return Thresholds(**values)


def parse_settings(data: dict[str, Any], path: Path) -> Settings:
    """Validate a parsed TOML document into ``Settings`` (raises FinOpsError on a wrong type)."""
    known = {"currency", "required_tags", "budget", "top_n", "redact", "thresholds", "teams", "keymap"}
    known.add("allocation")
    known.add("anomalies")
    known.add("aws")
    known.add("azure")
    known.add("commitments")
    known.add("persona")
    unknown = sorted(set(data) - known)
    if unknown:
        raise FinOpsError(f"{path}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))})")
    currency = data.get("currency", "USD")
    if not isinstance(currency, str) or not currency:
        raise _type_error(path, "currency", 'a currency code such as "USD"')
    tags = data.get("required_tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _type_error(path, "required_tags", "a list of strings")
    budget: Decimal | None = None
    if "budget" in data:
        raw_budget = data["budget"]
        try:
            if isinstance(raw_budget, bool):
                raise InvalidOperation
            budget = Decimal(str(raw_budget))
        except InvalidOperation:
            raise _type_error(path, "budget", "a number") from None
    top_n = data.get("top_n", 5)
    if isinstance(top_n, bool) or not isinstance(top_n, int) or not 1 <= top_n <= 20:
        raise _type_error(path, "top_n", "a whole number from 1 to 20")
    redact = data.get("redact", False)
    if not isinstance(redact, bool):
        raise _type_error(path, "redact", "true or false")
    persona = data.get("persona")
    if persona is not None:
        from finops_tui.personas import PERSONAS

        if not isinstance(persona, str) or persona.strip().lower() not in PERSONAS:
            raise _type_error(path, "persona", "one of " + ", ".join(PERSONAS))
        persona = persona.strip().lower()
    return Settings(
        persona=persona,
        currency=currency.upper(),
        required_tags=tuple(tags),
        budget=budget,
        top_n=top_n,
        redact=redact,
        thresholds=(thresholds := _thresholds(path, data.get("thresholds", {}))),
        teams=_str_map(path, "teams", data.get("teams", {})),
        keymap=_str_map(path, "keymap", data.get("keymap", {})),
        allocation=parse_allocation(data.get("allocation", {}), path),
        anomalies=parse_anomalies(data.get("anomalies", {}), path, score=thresholds.anomaly_score),
        aws=parse_aws(data.get("aws", {}), path),
        azure=parse_azure(data.get("azure", {}), path),
        commitments=parse_commitments(
            data.get("commitments", {}), path, discount_pct=thresholds.waste_commitment_discount_pct
        ),
        source=path,
    )


def load_settings(explicit: Path | None = None, cwd: Path | None = None) -> Settings:
    """Find and read the config file; defaults when there is none."""
    path = find_config(explicit, cwd)
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FinOpsError(f"{path}: not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FinOpsError(f"{path}: cannot read the config ({exc})") from None
    return parse_settings(data, path)
