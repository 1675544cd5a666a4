"""The screens a risk on the Executive summary opens: the real screens on its month, closed with Esc.

Each is pushed on top of the summary (not a mode switch, which left no way back and changed the
mode's own month and tab), so Esc pops back to the summary with its cursor where it was, as the
Agenda's lines do. Spend without an owner opens Allocation on its Gaps tab: the resources to tag.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Select, TabbedContent

from finops_tui.screens.agenda import AgendaScreen
from finops_tui.screens.allocation import AllocationScreen
from finops_tui.screens.anomalies import AnomaliesScreen
from finops_tui.screens.commitments import CommitmentsScreen
from finops_tui.screens.waste import WasteScreen

_BACK = Binding("escape", "back", "Back", id="summary.drill.back", tooltip="Back to the executive summary")


class RiskAllocationScreen(AllocationScreen):
    """Allocation on the summary's month and its Gaps tab (the spend without an owner); Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [_BACK]
    AUTO_FOCUS = "#gaps"
    SCOPED_CSS = False
    """The inherited ``CSS`` opens with the base class's name: scoped to this class, Textual looked for
    that screen *inside* this one and no rule applied (the KPI tiles shrank to one line)."""

    def __init__(self, month: date) -> None:
        super().__init__()
        self.month = month

    def on_mount(self) -> None:
        """Open on the Gaps tab (DataScreen's own on_mount loads)."""
        self.query_one("#tabs", TabbedContent).active = "tab-gaps"

    def action_back(self) -> None:
        """Esc: back to the summary."""
        self.app.pop_screen()


class RiskCommitmentsScreen(CommitmentsScreen):
    """Commitments on the summary's month (not the month containing as-of); Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [_BACK]
    SCOPED_CSS = False
    """The inherited ``CSS`` opens with the base class's name: scoped to this class, Textual looked for
    that screen *inside* this one and no rule applied (the KPI tiles shrank to one line)."""

    def __init__(self, month: date) -> None:
        super().__init__()
        self.month = month

    def action_back(self) -> None:
        """Esc: back to the summary."""
        self.app.pop_screen()


class RiskWasteScreen(WasteScreen):
    """The Waste screen opened from the summary's open waste; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [_BACK]

    def action_back(self) -> None:
        """Esc: back to the summary."""
        self.app.pop_screen()


class RiskAnomaliesScreen(AnomaliesScreen):
    """The Anomalies screen opened from the summary's untriaged increases, filtered to the untriaged
    ones the risk counts (it opened on every anomaly of the year); Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [_BACK]

    def on_mount(self) -> None:
        """Status filter: new (untriaged); the select's change applies it to the list."""
        self.query_one("#an-status", Select).value = "new"

    def action_back(self) -> None:
        """Esc: back to the summary."""
        self.app.pop_screen()


class RiskAgendaScreen(AgendaScreen):
    """The Agenda opened from the summary's forecast over budget; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [_BACK]

    def action_back(self) -> None:
        """Esc: back to the summary."""
        self.app.pop_screen()


def risk_screen(mode: str, month: date) -> Screen[None]:
    """The screen a risk opens (``mode`` as ``Risk.mode`` names it), on the summary's ``month``."""
    if mode == "allocation":
        return RiskAllocationScreen(month)
    if mode == "commitments":
        return RiskCommitmentsScreen(month)
    if mode == "waste":
        return RiskWasteScreen()
    if mode == "anomalies":
        return RiskAnomaliesScreen()
    return RiskAgendaScreen()
