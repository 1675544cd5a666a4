"""The screens an agenda line opens: the real screens, preset to the line's cause, closed with Esc.

Each is pushed on top of the agenda (not a mode switch), so Esc pops back to the agenda with its
cursor where it was.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from finops_tui.agenda.models import Drill
from finops_tui.queries import trends
from finops_tui.screens.allocation import AllocationScreen
from finops_tui.screens.anomalies import AnomaliesScreen
from finops_tui.screens.trends import TrendsScreen
from finops_tui.screens.waste import WasteScreen
from finops_tui.trends_models import TrendResult

_BACK = Binding("escape", "back", "Back", id="agenda.drill.back", tooltip="Back to the agenda")


class DrillTrendsScreen(TrendsScreen):
    """Spend trends preset to an agenda line's filters, day and window; Esc past the preset closes it."""

    def __init__(self, drill: Drill) -> None:
        super().__init__()
        self.drill = drill
        self.group_by = trends.check_dimension(drill.group_by)
        self.window = drill.window
        self.filters = drill.filters
        self._shown = False

    def on_mount(self) -> None:
        """Show the preset dimension in the selector (DataScreen's own on_mount loads)."""
        self.set_group_by(self.group_by)

    def take_persona(self) -> None:
        """The agenda line's view wins over any persona's defaults."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """As Spend trends, but Esc always works: past the preset it returns to the agenda."""
        return True if action == "back" else super().check_action(action, parameters)

    def set_group_by(self, group_by: str) -> None:
        """As Spend trends, but the selector's initial value does not undo the preset."""
        if not self._shown and group_by != self.drill.group_by:
            return
        super().set_group_by(group_by)

    def show(self, result: TrendResult) -> None:
        """As Spend trends; from now on the selector regroups."""
        self._shown = True
        super().show(result)

    def fixed_as_of(self) -> date | None:
        """As Spend trends, but on the agenda line's day."""
        return self.drill.as_of or super().fixed_as_of()

    def action_back(self) -> None:
        """Esc: undo a drill-down made here, else back to the agenda."""
        if self.history:
            super().action_back()
        else:
            self.app.pop_screen()


class DrillWasteScreen(WasteScreen):
    """The Waste screen opened from the agenda, on the line's finding or status; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [_BACK]

    def __init__(self, drill: Drill) -> None:
        super().__init__()
        self._keep_key = drill.key or None
        for name, value in drill.filters:
            if name in self.filters:
                self.filters[name] = value

    def action_back(self) -> None:
        """Esc: back to the agenda."""
        self.app.pop_screen()


class DrillAllocationScreen(AllocationScreen):
    """The Allocation screen opened from the agenda; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [_BACK]
    SCOPED_CSS = False
    """The inherited ``CSS`` names ``AllocationScreen``: scoped to this class no rule applied."""

    def action_back(self) -> None:
        """Esc: back to the agenda."""
        self.app.pop_screen()


class DrillAnomaliesScreen(AnomaliesScreen):
    """The Anomalies screen opened from the agenda with the cursor on the line's anomaly; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [_BACK]

    def __init__(self, drill: Drill) -> None:
        super().__init__()
        self._keep_key = drill.key or None

    def action_back(self) -> None:
        """Esc: back to the agenda."""
        self.app.pop_screen()


def drill_screen(drill: Drill) -> Screen[None]:
    """The screen an agenda line opens."""
    if drill.mode == "anomalies":
        return DrillAnomaliesScreen(drill)
    if drill.mode == "waste":
        return DrillWasteScreen(drill)
    if drill.mode == "allocation":
        return DrillAllocationScreen()
    return DrillTrendsScreen(drill)
