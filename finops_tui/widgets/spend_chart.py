"""Daily (or monthly) cost per group as a plotext chart inside Textual."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta

from rich.text import Text
from textual.widget import Widget
from textual_plotext import PlotextPlot

from finops_tui.formatting import money_short, short_id
from finops_tui.queries.trends import OTHER
from finops_tui.trends_models import SeriesPoint

Rgb = tuple[int, int, int]

PALETTE: tuple[Rgb, ...] = (
    (86, 180, 233),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (240, 228, 66),
    (0, 114, 178),
    (213, 94, 0),
)
"""Series colours (Okabe and Ito's, told apart with the common colour-vision deficiencies), in the
order the groups come; ``(other)`` is always grey."""

OTHER_COLOUR: Rgb = (150, 150, 150)

LEGEND_WIDTH = 30
"""Cells a group's name may take in the legend: plotext leaves out a legend wider than the plot, and a
full ARN or Azure id is wider than a 100-column screen (ids keep their distinguishing end)."""


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` axis values from ``low`` (or 0) to ``high`` in round steps (1, 2 or 5 x 10^n).

    Plotext's own ticks are evenly spaced fractions of the range (19709.6, 16514.9 …): no reader can
    add those up while the room waits. Round steps labelled ``$20k``, ``$15k`` … can be read aloud.
    """
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        return [0.0]
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step)
    return [i * step for i in range(first, math.floor(high / step) + 1)]


class SpendChart(PlotextPlot):
    """Keeps its data and re-plots it on the main thread.

    The legend is not plotext's: plotext draws it over the top left of the plot, which at 100x30
    (a six-row plot) hid the first twelve days of every line. ``legend`` holds it as text for a line
    above the chart, in the series' own colours.
    """

    legend: tuple[str, list[tuple[str, Rgb]]] = ("", [])
    """The title and each series' (name, colour), for a ``ChartLegend``."""

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
        currency: str | None = None,
    ) -> None:
        """Draw ``points``: lines per group by day, or stacked bars by month; gaps count as zero.

        ``currency`` labels the cost axis (None: amounts without a symbol, for a mix of currencies).
        """
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        by_group: dict[str, dict[date, float]] = defaultdict(dict)
        for p in points:
            by_group[p.group][p.day] = float(p.cost)
        colours = _colours(list(by_group))
        self.legend = (title, [(self._legend(labels, g), colours[g]) for g in by_group])
        if monthly:
            months = sorted({p.day for p in points})
            names = [f"{m:%Y-%m}"[2:] for m in months]
            if months:
                plt.stacked_bar(
                    names,
                    [[series.get(m, 0.0) for m in months] for series in by_group.values()],
                    color=[colours[g] for g in by_group],  # type: ignore[arg-type]  # stub: one colour
                )
            totals = [sum(s.get(m, 0.0) for s in by_group.values()) for m in months]
            self._cost_axis(min(totals, default=0.0), max(totals, default=0.0), currency)
        else:
            days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
            xs = list(range(len(days)))
            for group, series in by_group.items():
                plt.plot(xs, [series.get(d, 0.0) for d in days], color=colours[group], marker="braille")
            values = [v for series in by_group.values() for v in series.values()]
            self._cost_axis(min(values, default=0.0), max(values, default=0.0), currency)
            step = max(1, len(days) // 6)
            ticks: list[float] = [float(x) for x in xs[::step]]
            plt.xticks(ticks, [f"{days[int(i)]:%m-%d}" for i in ticks])
        self.refresh()

    @staticmethod
    def _legend(labels: dict[str, str], group: str) -> str:
        return short_id(labels.get(group, group), LEGEND_WIDTH)

    def _cost_axis(self, low: float, high: float, currency: str | None) -> None:
        ticks = nice_ticks(low, high)
        self.plt.yticks(ticks, [money_short(t, currency) for t in ticks])


def _colours(groups: list[str]) -> dict[str, Rgb]:
    """Each group's colour: the palette in order, grey for ``(other)``."""
    found: dict[str, Rgb] = {}
    shown = [g for g in groups if g != OTHER]
    for n, group in enumerate(shown):
        found[group] = PALETTE[n % len(PALETTE)]
    if OTHER in groups:
        found[OTHER] = OTHER_COLOUR
    return found


def legend_text(title: str, entries: list[tuple[str, Rgb]], width: int) -> Text:
    """``title:  ██ name  ██ name …`` in lines of at most ``width`` cells, never splitting an entry.

    Names are billing strings: appended as plain text, never parsed as markup.
    """
    text = Text(f"{title}:", style="bold")
    used = len(text)
    for name, (r, g, b) in entries:
        size = 3 + 3 + len(name)  # gap, swatch and space, name
        if used + size > width and used > 0:
            text.append("\n")
            used, gap = 0, ""
        else:
            gap = "   "
        text.append(gap)
        text.append("██", style=f"rgb({r},{g},{b})")
        text.append(f" {name}")
        used += len(gap) + 3 + len(name)
    return text


class ChartLegend(Widget):
    """A ``SpendChart``'s legend above it, laid out for the width it has (again on every resize)."""

    DEFAULT_CSS = """
    ChartLegend {
        height: auto;
        max-height: 2;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._legend: tuple[str, list[tuple[str, Rgb]]] = ("", [])

    def show(self, legend: tuple[str, list[tuple[str, Rgb]]]) -> None:
        """Show ``SpendChart.legend``."""
        self._legend = legend
        self.refresh(layout=True)

    def render(self) -> Text:
        """The legend in lines as wide as the widget."""
        title, entries = self._legend
        return legend_text(title, entries, max(self.content_size.width, 20)) if title else Text()
