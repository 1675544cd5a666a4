"""Screens of the TUI (the only layer, with widgets/, that imports Textual)."""

from finops_tui.screens.agenda import AgendaScreen
from finops_tui.screens.anomalies import AnomaliesScreen
from finops_tui.screens.base import DataScreen
from finops_tui.screens.coming import AllocationScreen
from finops_tui.screens.help import HelpScreen
from finops_tui.screens.trends import TrendsScreen
from finops_tui.screens.waste import WasteScreen

__all__ = [
    "AgendaScreen",
    "AllocationScreen",
    "AnomaliesScreen",
    "DataScreen",
    "HelpScreen",
    "TrendsScreen",
    "WasteScreen",
]
