"""Frozen dataclasses of the agenda: its parts, lines, drill targets, action items and budgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from finops_tui.agenda.forecast import Forecast

PARTS: tuple[str, ...] = (
    "Cost performance",
    "Optimisation initiatives",
    "Architecture and changes",
    "Budget and forecast",
    "Action items",
)
"""The five parts of the review, in order."""

ACTION_STATUSES: tuple[str, ...] = ("open", "in-progress", "done", "dropped")
"""Statuses of an action item; ``done`` and ``dropped`` are not carried over."""


@dataclass(frozen=True)
class Drill:
    """Where Enter on an agenda line goes: a mode and what to show there."""

    mode: str
    """``trends``, ``waste``, ``anomalies``, ``allocation`` or ``action``."""
    as_of: date | None = None
    window: str = "mtd"
    group_by: str = "service"
    filters: tuple[tuple[str, str], ...] = ()
    key: str = ""
    """A row to select on the target screen (an anomaly key, a finding key, an action item id)."""


@dataclass(frozen=True)
class AgendaLine:
    """One line of the agenda: a label, a figure, a comment, and where it opens."""

    label: str
    value: str = ""
    detail: str = ""
    drill: Drill | None = None
    kind: str = "line"
    """``line``, ``note`` (no number, e.g. "not available yet") or ``kpi`` (shown large when presenting)."""


@dataclass(frozen=True)
class AgendaPart:
    """One of the five parts."""

    title: str
    lines: tuple[AgendaLine, ...]


@dataclass(frozen=True)
class ActionItem:
    """An action decided in a review, carried to the next one until done or dropped."""

    id: int
    title: str
    owner: str | None
    due_date: date | None
    status: str
    source: str | None
    """The agenda line it came from."""
    meeting_month: str
    """YYYY-MM of the review that created it."""
    created_at: datetime
    updated_at: datetime

    @property
    def open(self) -> bool:
        """Still to do (carried over)."""
        return self.status not in ("done", "dropped")


@dataclass(frozen=True)
class Budget:
    """A monthly budget for one scope (``total`` or ``team:<name>``)."""

    scope: str
    month: str
    """YYYY-MM, or ``*`` for every month."""
    amount: Decimal
    currency: str
    source: str


@dataclass(frozen=True)
class BudgetBurn:
    """One scope's month so far against its budget."""

    scope: str
    budget: Decimal
    actual: Decimal
    forecast: Decimal | None

    @property
    def used_pct(self) -> Decimal | None:
        """Actual as a % of the budget."""
        return None if not self.budget else self.actual / self.budget * 100

    @property
    def forecast_pct(self) -> Decimal | None:
        """Forecast month total as a % of the budget."""
        return None if not self.budget or self.forecast is None else self.forecast / self.budget * 100


@dataclass(frozen=True)
class RecordedForecast:
    """A forecast recorded when an agenda was finalised."""

    meeting_month: str
    target_month: str
    scope: str
    forecast: Decimal
    low: Decimal | None
    high: Decimal | None
    recorded_at: datetime


@dataclass(frozen=True)
class Agenda:
    """The whole agenda of one review month."""

    month: date
    """First day of the month reviewed."""
    as_of: date
    """Newest day of data (the month-to-date part ends here)."""
    currency: str
    parts: tuple[AgendaPart, ...]
    freshness: tuple[tuple[str, date | None], ...] = ()
    month_forecast: Forecast | None = None
    """Forecast of the month holding ``as_of`` (recorded when finalised)."""
    next_forecast: Forecast | None = None
    actions: tuple[ActionItem, ...] = field(default_factory=tuple)
    kpis: tuple[tuple[str, str, str], ...] = ()
    """(title, figure, comment) of the large figures in presentation mode."""
    redacted: bool = False
    """Built with redaction on: the lines carry pseudonyms; ``actions`` keep the stored text (a form
    edits them), so whoever shows or exports them redacts them (``Redactor(agenda.redacted)``)."""
