"""The trends chart's cost axis and legend, worked out without a terminal."""

from __future__ import annotations

from datetime import date

from finops_tui.widgets.cost_axis import fitted_ticks
from finops_tui.widgets.spend_chart import (
    OTHER_COLOUR,
    PALETTE,
    _colours,
    clipped_top,
    fitted_legend,
    legend_text,
    month_names,
)
from finops_tui.widgets.ticks import axis_labels, nice_ticks


def test_the_cost_axis_steps_in_round_amounts_from_zero() -> None:
    assert nice_ticks(0.0, 19709.6) == [0.0, 5000.0, 10000.0, 15000.0, 20000.0]  # not 19709.6, 16514.9 …
    assert nice_ticks(120.0, 940.0) == [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]  # from zero, past the top
    assert nice_ticks(-1200.0, 3000.0) == [-2000.0, -1000.0, 0.0, 1000.0, 2000.0, 3000.0]  # credits
    assert nice_ticks(0.0, 4500.0, count=2) == [0.0, 5000.0]  # a short plot still has its top labelled
    assert nice_ticks(0.0, 0.0) == [0.0]


def test_a_day_far_above_the_rest_goes_off_the_scale() -> None:
    """The month's tax billed on its first day must not press every line into the bottom rows."""
    ec2 = [3500.0] * 29 + [3600.0]
    other = [19709.6] + [3000.0] * 29  # the 1st: tax and support
    assert clipped_top([ec2, other]) == 3500.0 * 1.25  # a quarter above the highest line's 90th percentile
    assert clipped_top([ec2, [3000.0] * 30]) is None  # nothing stands out: the whole range
    assert clipped_top([[0.0] * 29 + [8000.0]]) is None  # a tax-only line keeps its one day


def test_each_group_keeps_its_colour_across_views_and_other_is_grey() -> None:
    """A drill must not turn "the blue line" into another service."""
    alone = _colours(["Amazon Elastic Compute Cloud"])["Amazon Elastic Compute Cloud"]
    for groups in (
        ["(other)", "Amazon Elastic Compute Cloud", "Amazon S3"],
        ["Amazon Elastic Compute Cloud"],
    ):
        assert _colours(groups)["Amazon Elastic Compute Cloud"] == alone
    many = _colours([f"group {n}" for n in range(len(PALETTE))] + ["(other)"])
    assert len(set(many.values())) == len(PALETTE) + 1 and many["(other)"] == OTHER_COLOUR  # no clash


def test_the_legend_wraps_between_entries_and_shows_names_literally() -> None:
    entries = [("[bold]", PALETTE[0]), ("Amazon Elastic Compute Cloud", PALETTE[1]), ("[/]", PALETTE[2])]
    text = legend_text("cost by service", entries, width=50)
    assert text.plain.split("\n") == [
        "cost by service:   ██ [bold]",  # the next entry would pass 50 cells: it starts a line
        "██ Amazon Elastic Compute Cloud   ██ [/]",
    ]
    assert all(len(line) <= 50 for line in text.plain.split("\n"))


def test_the_legend_shortens_names_until_it_fits_in_two_lines() -> None:
    """A third line was cut off, and with it the one series drawn (long resource ids, 100 columns)."""
    ids = [
        (f"/subscriptions/5c6d/resourceGroups/rg/providers/vmss/aks-nodepool1-{n}-vmss", PALETTE[n])
        for n in range(6)
    ]
    text = fitted_legend("effective cost by resource", ids, 96, ids=True)
    assert text.plain.count("\n") == 1 and text.plain.count("██") == 6
    assert "██ …-nodepool1-5-vmss" in text.plain  # ids keep their distinguishing end
    names = [("Savings Plans for AWS Compute usage", PALETTE[0])] * 2
    assert "██ Savings Plans for AWS Compute usage" in fitted_legend("cost", names, 96, ids=False).plain


def test_months_name_their_year_where_it_starts_and_turns() -> None:
    months = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert month_names(months) == ["Nov 2025", "Dec", "Jan 2026", "Feb"]


def test_a_band_chart_axis_need_not_start_at_zero() -> None:
    assert nice_ticks(2800.0, 3650.0, count=4, from_zero=False) == [2500.0, 3000.0, 3500.0, 4000.0]
    assert nice_ticks(350.0, 350.0, from_zero=False) == [350.0]  # flat: plotext's own axis


def test_axis_labels_keep_the_decimals_their_step_needs() -> None:
    """A small estate's axis in whole dollars read "$2, $2, $1, $0" (the FOCUS sample)."""
    assert axis_labels([0.0, 0.5, 1.0, 1.5, 2.0], "USD") == ["$0.00", "$0.50", "$1.00", "$1.50", "$2.00"]
    assert axis_labels([0.0, 0.005, 0.01], "EUR") == ["€0.000", "€0.005", "€0.010"]
    assert axis_labels([-1000.0, 0.0, 1000.0], "USD") == ["-$1.0k", "$0", "$1.0k"]


def test_the_axis_has_room_for_its_labels() -> None:
    """At most one label every other row of the plot area (height minus title, frame and x axis): five
    ticks on a four-row plot printed "$0 $100 $200 $400" on neighbouring rows, each beside the wrong
    value."""
    assert fitted_ticks(0.0, 400.0, 0) == [0.0, 100.0, 200.0, 300.0, 400.0]  # not laid out: room
    assert fitted_ticks(0.0, 400.0, 14) == [0.0, 100.0, 200.0, 300.0, 400.0]  # 10 rows
    assert fitted_ticks(0.0, 400.0, 10) == [0.0, 200.0, 400.0]  # 6 rows: 3 labels at most
    assert fitted_ticks(0.0, 400.0, 8) == [0.0, 500.0]  # the band chart at 100x30: 4 rows
    assert fitted_ticks(2800.0, 3650.0, 8, from_zero=False) == [2000.0, 4000.0]  # at worst the ends
    for height in range(5, 30):
        for low, high in ((0.0, 19709.6), (120.0, 940.0), (2800.0, 3650.0), (-1200.0, 3000.0)):
            ticks = fitted_ticks(low, high, height, from_zero=low < 0 or low == 0.0)
            assert len(ticks) <= max(2, (height - 4 + 1) // 2) and ticks[0] <= low and ticks[-1] >= high
