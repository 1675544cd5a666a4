"""A plot whose cost axis fits its height, re-laid out when the height changes.

Round amounts read aloud (``$0``, ``$100`` …), but plotext puts one label per tick on the nearest row:
five ticks on the four rows a 100x30 screen leaves the Anomalies band chart printed ``$0 $100 $200
$400`` on consecutive rows, ``$300`` lost and every label beside the wrong value. The ticks are chosen
for the plot's height, at most one every other row, and the plot is drawn again when it is resized.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual_plotext import PlotextPlot

from finops_tui.widgets.ticks import axis_labels, nice_ticks

FRAME_ROWS = 4
"""Rows of a plot that are not plot area: the title, the frame's top edge, the x axis and its labels
(one fewer without a title: the axis then leaves a row unlabelled, never two labels adjacent)."""


def fitted_ticks(low: float, high: float, height: int, *, from_zero: bool = True) -> list[float]:
    """Round axis values for a plot ``height`` rows tall (0: not laid out yet, assume room): the
    finest of up to 5 steps whose labels fit one every other row; at worst the two ends."""
    rows = max(1, height - FRAME_ROWS)
    limit = 6 if height <= 0 else max(2, (rows + 1) // 2)
    ticks: list[float] = []
    for count in (5, 4, 3, 2, 1):
        ticks = nice_ticks(low, high, count=count, from_zero=from_zero)
        if len(ticks) <= limit:
            return ticks
    return [ticks[0], ticks[-1]]


class CostAxisPlot(PlotextPlot):
    """A ``PlotextPlot`` with a y axis in round amounts of a currency, spaced for its height."""

    _replay: Callable[[], None] | None = None
    _drawn_height: int = -1

    def remember(self, replay: Callable[[], None]) -> None:
        """``replay`` draws the current data again; called on a resize that changes the height."""
        self._replay = replay
        self._drawn_height = self.size.height

    def cost_axis(
        self, low: float, high: float, currency: str | None, *, from_zero: bool = True
    ) -> list[float]:
        """Label the y axis from ``low`` (or zero) to ``high`` and return the ticks (one value: a
        flat line, left to plotext)."""
        ticks = fitted_ticks(low, high, self.size.height, from_zero=from_zero)
        if len(ticks) > 1:
            self.plt.yticks(ticks, axis_labels(ticks, currency))
            self.plt.ylim(ticks[0], ticks[-1])
        return ticks

    def on_resize(self, event: events.Resize) -> None:
        """Lay the axis out again for a new height."""
        if self._replay is not None and event.size.height != self._drawn_height:
            self._replay()
