"""The single benchmark table: targets judged at 10M, growth from the smallest size, docs block replaced.

The timings themselves are measured by ``finops-tui bench``, never asserted here; these tests check
that the table reports what it is given, so a missed target cannot read as met.
"""

from __future__ import annotations

from pathlib import Path

from finops_tui.bench.figures import Figure, load_figure, percentiles
from finops_tui.bench.suite import BEGIN, END, table, write_docs
from finops_tui.cli import build_parser


def test_load_targets_need_both_the_limit_and_five_times_raw() -> None:
    fast = load_figure("t", "T", (10.0, 20.0), (150.0, 150.0))
    assert (fast.ratio, fast.met()) == (7.5, True)
    close = load_figure("t", "T", (10.0, 40.0), (150.0, 150.0))  # 3.75x raw: under 100 ms is not enough
    assert close.met() is False
    slow = load_figure("t", "T", (90.0, 120.0), (5000.0, 5000.0))
    assert slow.met() is False
    assert Figure("r", "R", 1.2e6, "rows/s", higher_is_better=True, limit=1e6).met() is True
    assert Figure("i", "I", 50.0, "s", baseline=20.0, min_ratio=0.5).met() is False  # 20/50 = 0.4
    assert Figure("c", "C", 3.0, "MB").met() is None


def test_percentiles_nearest_rank() -> None:
    assert percentiles([5.0, 1.0, 3.0, 2.0, 4.0]) == (3.0, 5.0)
    assert percentiles([float(n) for n in range(1, 101)]) == (50.5, 95.0)


def test_table_judges_at_10m_and_shows_growth() -> None:
    def fig(value: float, raw: float) -> Figure:
        return load_figure("trends.initial", "Trends: first load", (value / 2, value), (raw, raw))

    rows = table([1.0, 10.0], {1.0: [fig(20.0, 50.0)], 10.0: [fig(30.0, 300.0)]})
    assert rows[0] == "| figure | 1M lines | 10M lines | growth | target | met at 10M |"
    assert rows[2] == (
        "| Trends: first load | 10.0 ms / 20.0 ms (raw 50.0 ms, 2.5x) | 15.0 ms / 30.0 ms (raw 300.0 ms, "
        "10.0x) | 1.50x | ≤ 100.0 ms, ≥ 5x raw | yes |"
    )
    missed = table([1.0, 10.0], {1.0: [fig(20.0, 500.0)], 10.0: [fig(130.0, 300.0)]})
    assert missed[2].endswith("| **no** |")


def test_a_ratio_under_a_tenth_keeps_two_digits() -> None:
    """All waste checks live vs one raw GROUP BY: 0.16 s against 5.5 ms printed "0.0x"."""
    live = Figure("waste.checks_live", "Waste: all checks run live", 0.16, "s", baseline=0.0055)
    rows = table([0.05], {0.05: [live]})
    assert "(raw 5.5 ms, 0.034x)" in rows[2], rows[2]
    assert "0.0x" not in rows[2]


def test_docs_block_is_replaced_in_place(tmp_path: Path) -> None:
    doc = tmp_path / "BENCHMARKS.md"
    doc.write_text("# Benchmarks\n\nIntro.\n\n## Notes\nkept\n", encoding="utf-8")
    write_docs(doc, "first table")
    write_docs(doc, "second table")
    text = doc.read_text(encoding="utf-8")
    assert text.count(BEGIN) == text.count(END) == 1
    assert f"{BEGIN}\nsecond table\n{END}" in text
    assert "first table" not in text
    assert text.startswith("# Benchmarks\n") and "Intro." in text and "## Notes\nkept" in text


def test_bench_command_options() -> None:
    args = build_parser().parse_args(["bench", "--sizes", "1", "--huge", "--write-docs"])
    assert (args.command, args.sizes, args.huge) == ("bench", [1.0], True)
    assert args.write_docs == Path("docs/BENCHMARKS.md")
