"""The trends chart's cost axis and legend, worked out without a terminal."""

from __future__ import annotations

from finops_tui.widgets.spend_chart import OTHER_COLOUR, PALETTE, _colours, legend_text, nice_ticks


def test_the_cost_axis_steps_in_round_amounts_from_zero() -> None:
    assert nice_ticks(0.0, 19709.6) == [0.0, 5000.0, 10000.0, 15000.0]  # plotext's own: 19709.6, 16514.9 …
    assert nice_ticks(120.0, 940.0) == [0.0, 200.0, 400.0, 600.0, 800.0]  # a cost axis starts at zero
    assert nice_ticks(-1200.0, 3000.0) == [-2000.0, -1000.0, 0.0, 1000.0, 2000.0, 3000.0]  # credits
    assert nice_ticks(0.0, 0.0) == [0.0]


def test_other_is_grey_and_the_groups_take_the_palette_in_order() -> None:
    colours = _colours(["b", "(other)", "a"])
    assert colours == {"b": PALETTE[0], "a": PALETTE[1], "(other)": OTHER_COLOUR}


def test_the_legend_wraps_between_entries_and_shows_names_literally() -> None:
    entries = [("[bold]", PALETTE[0]), ("Amazon Elastic Compute Cloud", PALETTE[1]), ("[/]", PALETTE[2])]
    text = legend_text("cost by service", entries, width=50)
    assert text.plain.split("\n") == [
        "cost by service:   ██ [bold]",  # the next entry would pass 50 cells: it starts a line
        "██ Amazon Elastic Compute Cloud   ██ [/]",
    ]
    assert all(len(line) <= 50 for line in text.plain.split("\n"))
