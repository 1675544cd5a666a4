"""Screens of the TUI (the only layer, with widgets/, that imports Textual).

Screens are imported on first use: the app opens on one screen, and importing the other four (and
the analysis code behind them) would add a good part of a second to every start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from finops_tui.screens.agenda import AgendaScreen
    from finops_tui.screens.allocation import AllocationScreen
    from finops_tui.screens.anomalies import AnomaliesScreen
    from finops_tui.screens.base import DataScreen
    from finops_tui.screens.commitments import CommitmentsScreen
    from finops_tui.screens.finance import FinanceScreen
    from finops_tui.screens.help import HelpScreen
    from finops_tui.screens.summary import SummaryScreen
    from finops_tui.screens.trends import TrendsScreen
    from finops_tui.screens.unit import UnitScreen
    from finops_tui.screens.waste import WasteScreen

_MODULES = {
    "AgendaScreen": "agenda",
    "AllocationScreen": "allocation",
    "AnomaliesScreen": "anomalies",
    "CommitmentsScreen": "commitments",
    "DataScreen": "base",
    "FinanceScreen": "finance",
    "HelpScreen": "help",
    "SummaryScreen": "summary",
    "TrendsScreen": "trends",
    "UnitScreen": "unit",
    "WasteScreen": "waste",
}

__all__ = [
    "AgendaScreen",
    "AllocationScreen",
    "AnomaliesScreen",
    "CommitmentsScreen",
    "DataScreen",
    "FinanceScreen",
    "HelpScreen",
    "SummaryScreen",
    "TrendsScreen",
    "UnitScreen",
    "WasteScreen",
]


def __getattr__(name: str) -> Any:
    """Import a screen class when it is first asked for."""
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
