"""Cost per unit over time as a plotext line chart; a gap breaks the line instead of dropping to zero."""

from __future__ import annotations

from finops_tui.unit_models import UnitPeriod
from finops_tui.widgets.cost_axis import CostAxisPlot


class UnitChart(CostAxisPlot):
    """Keeps nothing but the figure: ``replot`` redraws from the periods on the main thread."""

    DEFAULT_CSS = """
    UnitChart {
        height: 1fr;
        min-height: 8;
    }
    """

    def replot(self, periods: tuple[UnitPeriod, ...], *, title: str, currency: str | None = None) -> None:
        """One line per run of periods that have a cost per unit; lone points are drawn as dots. The
        axis reads in round amounts of ``currency`` (plotext's own read "3.303 3.223 3.142 2.981", a
        step skipped, no currency)."""
        self.remember(lambda: self.replot(periods, title=title, currency=currency))
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        run: list[tuple[int, float]] = []
        for index, period in enumerate([*periods, None]):
            value = None if period is None else period.cost_per_unit
            if value is not None:
                run.append((index, float(value)))
                continue
            if len(run) > 1:
                plt.plot([x for x, _ in run], [y for _, y in run], color="cyan", marker="braille")
            elif run:
                plt.scatter([run[0][0]], [run[0][1]], color="cyan")
            run = []
        values = [float(p.cost_per_unit) for p in periods if p.cost_per_unit is not None]
        if values:
            self.cost_axis(min(values), max(values), currency, from_zero=False)
        if periods:
            step = max(1, len(periods) // 6)
            ticks = list(range(0, len(periods), step))
            plt.xticks([float(i) for i in ticks], [periods[i].label for i in ticks])
            plt.xlim(-0.5, len(periods) - 0.5)
        self.refresh()
