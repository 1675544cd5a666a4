"""Daily (or monthly) cost per group as a plotext chart inside Textual."""

from __future__ import annotations

import zlib
from collections import defaultdict
from datetime import date, timedelta

from rich.text import Text
from textual.widget import Widget

from finops_tui.formatting import fit_label, money_short
from finops_tui.queries.trends import OTHER
from finops_tui.trends_models import SeriesPoint
from finops_tui.widgets.cost_axis import CostAxisPlot

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
"""Series colours (Okabe and Ito's, told apart with the common colour-vision deficiencies); each group
keeps its own across views where it can (``_colours``), ``(other)`` is always grey."""

OTHER_COLOUR: Rgb = (150, 150, 150)

LEGEND_WIDTHS = (30, 24, 18, 13)
"""Cells a group's name may take in the legend, tried in turn when whole names take more than two
lines: a full ARN or Azure id is wider than a 100-column screen (ids keep their distinguishing end,
names their start)."""

Legend = tuple[str, list[tuple[str, Rgb]], bool]
"""A chart's title, each series' (full name, colour), and whether the names are ids."""


class SpendChart(CostAxisPlot):
    """Keeps its data and re-plots it on the main thread.

    The legend is not plotext's: plotext draws it over the top left of the plot, which at 100x30
    (a six-row plot) hid the first twelve days of every line. ``legend`` holds it as text for a line
    above the chart, in the series' own colours.
    """

    legend: Legend = ("", [], False)
    """What a ``ChartLegend`` shows for the last plot."""

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
        ids: bool = False,
    ) -> None:
        """Draw ``points``: lines per group by day, or stacked bars by month; gaps count as zero.

        ``currency`` labels the cost axis (None: amounts without a symbol, for a mix of currencies);
        ``ids``: the labels are ids (shortened in the legend keeping their end).
        """
        self.remember(
            lambda: self.replot(
                points, start=start, end=end, monthly=monthly, labels=labels, title=title, currency=currency,
                ids=ids,
            )
        )  # fmt: skip
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        by_group: dict[str, dict[date, float]] = defaultdict(dict)
        for p in points:
            by_group[p.group][p.day] = float(p.cost)
        colours = _colours(list(by_group))
        self.legend = (title, [(labels.get(g, g), colours[g]) for g in by_group], ids)
        if monthly:
            months = sorted({p.day for p in points})
            if months:
                plt.stacked_bar(
                    month_names(months),
                    [[series.get(m, 0.0) for m in months] for series in by_group.values()],
                    color=[colours[g] for g in by_group],  # type: ignore[arg-type]  # stub: one colour
                    width=0.6,  # a gap between months: at 0.8 neighbours merged into one block
                )
            totals = [sum(s.get(m, 0.0) for s in by_group.values()) for m in months]
            self.cost_axis(min(totals, default=0.0), max(totals, default=0.0), currency)
        else:
            days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
            xs = list(range(len(days)))
            lines = {g: [series.get(d, 0.0) for d in days] for g, series in by_group.items()}
            for group, ys in lines.items():
                plt.plot(xs, ys, color=colours[group], marker="braille")
            values = [v for ys in lines.values() for v in ys]
            top = clipped_top(list(lines.values()))
            # round amounts from zero (plotext starts at the lowest value drawn: "$0" on a $900 row)
            ticks_y = self.cost_axis(min(values, default=0.0), top or max(values, default=0.0), currency)
            if top is not None:
                self._mark_peaks(lines, colours, ticks_y[-1], currency)
            step = max(1, len(days) // 6)
            ticks: list[float] = [float(x) for x in xs[::step]]
            plt.xticks(ticks, [f"{days[int(i)]:%m-%d}" for i in ticks])
        self.refresh()

    def _mark_peaks(
        self, lines: dict[str, list[float]], colours: dict[str, Rgb], top: float, currency: str | None
    ) -> None:
        """``▲$19.7k`` at the top of the plot over each day a line leaves it."""
        days = len(next(iter(lines.values())))
        for x in range(days):
            group, peak = max(((g, ys[x]) for g, ys in lines.items()), key=lambda pair: pair[1])
            if peak > top:  # reading away from the nearer edge, so the label is never cut
                self.plt.text(
                    f"▲{money_short(peak, currency)}", x, top, color=colours[group], background="default",
                    alignment="left" if x < days / 2 else "right",
                )  # fmt: skip


def clipped_top(lines: list[list[float]]) -> float | None:
    """The cost axis' top when a few days stand far above the rest, else None.

    A month's tax and support are billed on its first day: one day at $20k over weeks of $1-4k a day
    pressed every line into the bottom two rows of a 100x30 screen, where they hid each other. The
    axis then ends a quarter above the highest line's 90th percentile day, and the days above it are
    marked with their amount (``_mark_peaks``).
    """
    top = max((v for ys in lines for v in ys), default=0.0)
    typical = max((sorted(ys)[int(0.9 * (len(ys) - 1))] for ys in lines if ys), default=0.0)
    if typical <= 0 or top <= 2 * typical:
        return None
    return typical * 1.25


def month_names(months: list[date]) -> list[str]:
    """``Nov 2025``, ``Dec``, ``Jan 2026`` …: the year where the series starts and where it turns
    (``26-01`` read as a day next to the daily charts' ``11-06``)."""
    return [f"{m:%b %Y}" if i == 0 or m.month == 1 else f"{m:%b}" for i, m in enumerate(months)]


def _colours(groups: list[str]) -> dict[str, Rgb]:
    """Each group's colour, the same in every view where no other group of the chart claims it first
    (a drill must not turn "the blue line" into another service); ``(other)`` is grey."""
    found: dict[str, Rgb] = {}
    free = list(PALETTE)
    for group in groups:
        if group == OTHER:
            found[group] = OTHER_COLOUR
            continue
        start = zlib.crc32(group.encode("utf-8")) % len(PALETTE)
        preferred = [PALETTE[(start + i) % len(PALETTE)] for i in range(len(PALETTE))]
        colour = next((c for c in preferred if c in free), preferred[0])
        if colour in free:
            free.remove(colour)
        found[group] = colour
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
        self._legend: Legend = ("", [], False)

    def show(self, legend: Legend) -> None:
        """Show ``SpendChart.legend``."""
        self._legend = legend
        self.refresh(layout=True)

    def render(self) -> Text:
        """The legend in at most two lines as wide as the widget, names shortened until it fits."""
        title, entries, ids = self._legend
        return fitted_legend(title, entries, max(self.content_size.width, 20), ids=ids) if title else Text()


def fitted_legend(title: str, entries: list[tuple[str, Rgb]], width: int, *, ids: bool) -> Text:
    """``legend_text`` in two lines of ``width`` if shortening the names (``LEGEND_WIDTHS``) gets it
    there: a third line was cut off, with the series it named."""
    text = Text()
    for room in (width - 6, *LEGEND_WIDTHS):  # whole names first, where one fits on a line
        text = legend_text(title, [(fit_label(name, room, ids=ids), c) for name, c in entries], width)
        if text.plain.count("\n") < 2:
            break
    return text
