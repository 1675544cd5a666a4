"""Reusable widgets of the TUI (each carries its own DEFAULT_CSS)."""

from finops_tui.widgets.header_line import HeaderLine
from finops_tui.widgets.kpi_tile import KpiTile
from finops_tui.widgets.spend_chart import ChartLegend, SpendChart
from finops_tui.widgets.state_panel import StatePanel

__all__ = ["ChartLegend", "HeaderLine", "KpiTile", "SpendChart", "StatePanel"]
# UnitChart lives in widgets.unit_chart: only the Unit economics screen needs it (and its models)
