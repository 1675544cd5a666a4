"""Frozen dataclasses of the Anomalies questions: what the detector finds and what people decide.

Money here is float on purpose: ``expected`` is a statistical estimate, and every figure is shown
rounded to the cent. ``actual`` sums are taken from exact DECIMAL daily sums, so they match the
invoice to the cent all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from finops_tui.anomalies.names import KINDS as KINDS
from finops_tui.anomalies.names import STATUSES as STATUSES

LEVELS: dict[str, str] = {
    "account_service": "Sub-account · service",
    "sub_account": "Sub-account",
    "service": "Service",
    "provider": "Provider",
    "tag": "Tag",
}
"""Series levels, finest first, with their titles."""

OPEN_STATUSES = frozenset({"new", "acknowledged"})
"""Statuses that still need someone's attention."""

SOURCE_LOCAL = "finops-tui"
"""``Anomaly.source`` of anomalies found here (native ones carry ``aws`` or ``azure``)."""


@dataclass(frozen=True)
class Contributor:
    """One value of one dimension and how much of the anomaly's delta it explains."""

    dimension: str
    """``usage_type``, ``resource``, ``region``, ``sub_account`` or ``service``."""
    value: str
    label: str
    actual: float
    expected: float
    """The anomaly's expected cost times this value's share of the four weeks before it."""
    share: float
    """This value's delta as a share of the anomaly's impact (1.0 = explains all of it)."""

    @property
    def delta(self) -> float:
        """Actual minus expected."""
        return self.actual - self.expected


@dataclass(frozen=True)
class BandPoint:
    """One day of the chart around an anomaly."""

    day: date
    actual: float
    expected: float | None
    lower: float | None
    upper: float | None
    flagged: bool
    complete: bool = True
    """False for the recent days not judged yet (the provider's data lag)."""


@dataclass(frozen=True)
class Anomaly:
    """One anomaly of one series: what, when, how much against what was expected, and why."""

    key: str
    """Stable across re-imports and re-syncs: source, level, series and first anomalous day."""
    source: str
    level: str
    series_key: str
    provider: str | None
    sub_account_id: str | None
    sub_account_name: str | None
    service_name: str | None
    tag_value: str | None
    kind: str
    start: date
    end: date
    onset: date
    """First day outside the band (a growth window starts where the climb started)."""
    last_flag: date
    actual: float
    expected: float
    score: float
    persists: bool
    """The change lasted beyond its window (a new normal): see ``monthly_impact``."""
    ongoing: bool
    """Still outside the band on the newest evaluated day."""
    currency: str | None = None
    contributors: tuple[Contributor, ...] = ()
    band: tuple[BandPoint, ...] = ()
    folded_into: str | None = None
    """Key of the finer anomaly that explains this one (hidden from the list)."""

    @property
    def impact(self) -> float:
        """Actual minus expected over the window."""
        return self.actual - self.expected

    @property
    def days(self) -> int:
        """Days in the window."""
        return (self.end - self.start).days + 1

    @property
    def impact_pct(self) -> float | None:
        """Impact as a % of the expected cost (None for a new cost)."""
        return None if self.expected <= 0 else self.impact / self.expected * 100.0

    @property
    def monthly_impact(self) -> float:
        """The window's average daily impact over a month of 30.4 days, as if it persisted."""
        return self.impact / self.days * 30.4375


@dataclass(frozen=True)
class ProviderWindow:
    """Which days of one provider were judged, and which were too recent to be complete."""

    provider: str
    newest_day: date
    evaluated_through: date | None
    """Newest complete day judged (None: not enough history yet)."""
    lag_hours: float
    fetched_at: datetime | None

    @property
    def incomplete_days(self) -> int:
        """Days after ``evaluated_through`` that hold data but were not judged."""
        if self.evaluated_through is None:
            return 0
        return max(0, (self.newest_day - self.evaluated_through).days)


@dataclass(frozen=True)
class Detection:
    """One run of the detector: the anomalies and what was judged."""

    as_of: date
    anomalies: tuple[Anomaly, ...]
    providers: tuple[ProviderWindow, ...]
    fingerprint: str
    tag_key: str | None = None
    stored: bool = False
    """Read back from the cache (computed at import) rather than computed now."""

    @property
    def visible(self) -> tuple[Anomaly, ...]:
        """Anomalies not folded into a finer one, largest absolute impact first."""
        shown = [a for a in self.anomalies if a.folded_into is None]
        return tuple(sorted(shown, key=lambda a: (-abs(a.impact), a.key)))

    def folded(self, anomaly: Anomaly) -> tuple[Anomaly, ...]:
        """The coarser anomalies that ``anomaly`` explains (the same change seen higher up)."""
        return tuple(a for a in self.anomalies if a.folded_into == anomaly.key)


@dataclass(frozen=True)
class Triage:
    """What people decided about one anomaly (kept in the workspace, never in the cache)."""

    anomaly_key: str
    status: str = "new"
    owner: str | None = None
    note: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class AnomalyRow:
    """An anomaly with its triage: one line of the list."""

    anomaly: Anomaly
    triage: Triage = field(default_factory=lambda: Triage(""))
