"""Placeholder screens for the modes still to be built: a short "coming" panel, never an error."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from finops_tui.widgets import HeaderLine, StatePanel


class ComingScreen(Screen[None]):
    """Says what the screen will answer and that it is on its way."""

    TITLE_TEXT = ""
    QUESTION = ""

    def compose(self) -> ComposeResult:
        """Header, the panel and the footer."""
        yield HeaderLine()
        yield StatePanel(id="state")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the panel."""
        self.query_one(StatePanel).show(
            f"{self.TITLE_TEXT}: coming",
            f"{self.QUESTION}\n\nThis screen is not built yet. Press 1 for Spend trends.",
        )


class WasteScreen(ComingScreen):
    """Waste (coming)."""

    TITLE_TEXT = "Waste"
    QUESTION = "What do we pay for and not use: idle instances, unattached volumes, old snapshots?"


class AllocationScreen(ComingScreen):
    """Allocation (coming)."""

    TITLE_TEXT = "Allocation"
    QUESTION = "How much cost carries the required tags, and which team owns the rest?"


class AgendaScreen(ComingScreen):
    """Agenda (coming)."""

    TITLE_TEXT = "Agenda"
    QUESTION = "What goes on this month's cost review agenda, and who owns each action?"
