"""Actual daily cost against the expected band around one anomaly (plotext inside Textual)."""

from __future__ import annotations

from collections.abc import Sequence

from finops_tui.anomalies.models import BandPoint
from finops_tui.widgets.cost_axis import CostAxisPlot


class BandChart(CostAxisPlot):
    """The band (lower and upper), the expected line, the actual line and the anomalous days."""

    DEFAULT_CSS = """
    BandChart {
        height: 1fr;
        min-height: 8;
    }
    """

    def replot(self, points: Sequence[BandPoint], *, title: str, currency: str | None = None) -> None:
        """Draw ``points`` (days in order); days not judged yet are drawn, but not marked. The cost
        axis reads in round amounts of ``currency`` (``$300``, not ``312.5``)."""
        self.remember(lambda: self.replot(points, title=title, currency=currency))
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        if points:
            xs = list(range(len(points)))
            judged = [(x, p) for x, p in zip(xs, points, strict=True) if p.expected is not None]
            if judged:
                jx = [x for x, _ in judged]
                plt.plot(jx, [p.upper or 0.0 for _, p in judged], color="gray", label="band")
                plt.plot(jx, [p.lower or 0.0 for _, p in judged], color="gray")
                plt.plot(jx, [p.expected or 0.0 for _, p in judged], color="cyan", label="expected")
            plt.plot(xs, [p.actual for p in points], color="yellow", label="actual")
            flagged = [(x, p.actual) for x, p in zip(xs, points, strict=True) if p.flagged]
            if flagged:
                plt.scatter([x for x, _ in flagged], [y for _, y in flagged], color="red", marker="●")
            pending = [x for x, p in zip(xs, points, strict=True) if not p.complete]
            if pending:
                plt.vline(pending[0] - 0.5, color="gray")
            values = [v for p in points for v in (p.actual, p.upper, p.lower, p.expected) if v is not None]
            self.cost_axis(min(values), max(values), currency, from_zero=False)  # a flat line: plotext's
            step = max(1, len(points) // 6)
            ticks = xs[::step]
            plt.xticks([float(t) for t in ticks], [f"{points[t].day:%m-%d}" for t in ticks])
        self.refresh()
