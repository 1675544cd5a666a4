"""Daily (or monthly) cost per group as a plotext chart inside Textual."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from textual_plotext import PlotextPlot

from finops_tui.trends_models import SeriesPoint


class SpendChart(PlotextPlot):
    """Keeps its data and re-plots it on the main thread."""

    DEFAULT_CSS = """
    SpendChart {
        height: 1fr;
        min-height: 8;
    }
    """

    def replot(
        self,
        points: tuple[SeriesPoint, ...],
        *,
        start: date,
        end: date,
        monthly: bool,
        labels: dict[str, str],
        title: str,
    ) -> None:
        """Draw ``points``: lines per group by day, or stacked bars by month; gaps count as zero."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        by_group: dict[str, dict[date, float]] = defaultdict(dict)
        for p in points:
            by_group[p.group][p.day] = float(p.cost)
        if monthly:
            months = sorted({p.day for p in points})
            names = [f"{m:%Y-%m}"[2:] for m in months]
            if months:
                plt.stacked_bar(
                    names,
                    [[series.get(m, 0.0) for m in months] for series in by_group.values()],
                    labels=[labels.get(g, g) for g in by_group],  # type: ignore[call-arg]  # stub says label
                )
        else:
            days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
            xs = list(range(len(days)))
            for group, series in by_group.items():
                plt.plot(xs, [series.get(d, 0.0) for d in days], label=labels.get(group, group))
            step = max(1, len(days) // 6)
            ticks: list[float] = [float(x) for x in xs[::step]]
            plt.xticks(ticks, [f"{days[int(i)]:%m-%d}" for i in ticks])
        self.refresh()
