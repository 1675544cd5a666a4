"""Screens of the TUI (the only layer, with widgets/, that imports Textual)."""

from finops_tui.screens.base import DataScreen
from finops_tui.screens.coming import AgendaScreen, AllocationScreen, AnomaliesScreen, WasteScreen
from finops_tui.screens.help import HelpScreen
from finops_tui.screens.trends import TrendsScreen

__all__ = [
    "AgendaScreen",
    "AllocationScreen",
    "AnomaliesScreen",
    "DataScreen",
    "HelpScreen",
    "TrendsScreen",
    "WasteScreen",
]
