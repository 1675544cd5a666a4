"""Known-answer tests of the Spend trends queries on the hand-made fixture estate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.cache import CacheReader
from finops_tui.errors import FinOpsError
from finops_tui.queries import trends
from finops_tui.queries.tag_sql import TagLens
from finops_tui.trends_models import Period
from tests.test_trends_fixture import AS_OF, AZURE_ACCOUNT, EC2, PAYER, S3, VM, build_trends_cache

D = Decimal


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_trends_cache(tmp_path_factory.mktemp("trends") / "cache.duckdb")


@pytest.fixture
def cur(cache: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with CacheReader(cache).reader() as cursor:
        yield cursor


def changes(rows: list[trends.Mover]) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    return [(m.key, m.current, m.previous, m.change) for m in rows]


def test_rollups_keep_every_cent(cur: duckdb.DuckDBPyConnection) -> None:
    raw = cur.execute("SELECT sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage").fetchone()
    rolled = cur.execute("SELECT sum(billed_cost), sum(effective_cost) FROM daily_cost").fetchone()
    by_resource = cur.execute(
        "SELECT sum(billed_cost), sum(effective_cost) FROM daily_resource_cost"
    ).fetchone()
    assert raw == rolled == by_resource == (D("1514"), D("1444"))


def test_default_as_of_and_freshness(cur: duckdb.DuckDBPyConnection) -> None:
    assert trends.default_as_of(cur) == date(2025, 2, 11)
    fresh = {f.provider: (f.first_day, f.newest_day, f.complete_day) for f in trends.freshness(cur)}
    assert fresh == {
        "AWS": (date(2025, 1, 2), date(2025, 2, 11), date(2025, 2, 11)),
        "Microsoft": (date(2025, 2, 9),) * 3,  # its one line item
    }


def test_periods() -> None:
    assert trends.period_for(AS_OF, "30d") == Period(
        date(2025, 1, 12), AS_OF, date(2024, 12, 13), date(2025, 1, 11)
    )
    assert trends.period_for(AS_OF, "mtd") == Period(
        date(2025, 2, 1), AS_OF, date(2025, 1, 1), date(2025, 1, 31)
    )
    assert trends.period_for(AS_OF, "last-month") == Period(
        date(2025, 1, 1), date(2025, 1, 31), date(2024, 12, 1), date(2024, 12, 31)
    )
    assert trends.period_for(date(2025, 3, 31), "year") == Period(
        date(2024, 4, 1), date(2025, 3, 31), date(2023, 4, 1), date(2024, 3, 31)
    )
    with pytest.raises(FinOpsError, match="unknown window"):
        trends.period_for(AS_OF, "week")


def test_kpis_effective(cur: duckdb.DuckDBPyConnection) -> None:
    k = trends.kpis(cur, as_of=AS_OF, budget=D("800"))
    assert (k.mtd, k.mtd_days, k.prev_same_days, k.prev_days, k.prev_month) == (
        D("275"),
        10,
        D("120"),
        10,
        D("170"),
    )
    assert k.projection == D("770")
    assert k.savings == D("100")  # list 375 - effective 275
    assert k.change_pct is not None and round(k.change_pct, 4) == D("129.1667")
    assert k.currency == "USD" and k.budget == D("800") and k.month_days == 28


def test_kpis_name_every_currency_in_view(cache: Path, tmp_path: Path) -> None:
    from finops_tui.sync.rollups import build_rollups

    mixed = tmp_path / "mixed.duckdb"
    mixed.write_bytes(cache.read_bytes())
    with duckdb.connect(str(mixed)) as con:
        con.execute("UPDATE cost_and_usage SET BillingCurrency = 'EUR' WHERE ProviderName = 'Microsoft'")
        build_rollups(con)
    with CacheReader(mixed).reader() as cur:
        assert trends.kpis(cur, as_of=AS_OF).currency == "EUR/USD"  # sorted, each once
        assert trends.kpis(cur, as_of=AS_OF, filters=[("provider", "AWS")]).currency == "USD"
        assert trends.kpis(cur, as_of=date(2025, 2, 8)).currency == "USD"  # the EUR line is later
        assert trends.kpis(cur, as_of=date(2024, 6, 30)).currency is None  # no charges at all


def test_kpis_billed_and_list_and_filtered(cur: duckdb.DuckDBPyConnection) -> None:
    assert trends.kpis(cur, as_of=AS_OF, metric="billed").mtd == D("325")
    assert trends.kpis(cur, as_of=AS_OF, metric="list").mtd == D("375")
    only_aws = trends.kpis(cur, as_of=AS_OF, filters=[("provider", "AWS")])
    assert (only_aws.mtd, only_aws.prev_same_days) == (D("250"), D("120"))


def test_movers_by_service_30_days(cur: duckdb.DuckDBPyConnection) -> None:
    """Jan 12 - Feb 10 against Dec 13 - Jan 11, of which the cache holds Jan 2 - 11 (its first charge
    day is Jan 2): the previous costs are per day over those 10 days, scaled to 30."""
    rows = trends.movers(cur, as_of=AS_OF, window="30d", group_by="service")
    assert changes(rows) == [
        (EC2, D("260"), D("110"), D("-70")),  # 110 in 10 days: 330 in 30; read as 30 days, +150 (+136 %)
        (VM, D("25"), D("0"), D("25")),
        (S3, D("40"), D("10"), D("10")),
    ]
    assert rows[0].change_pct is not None and round(rows[0].change_pct, 2) == D("-21.21")
    assert (rows[0].days, rows[0].prev_days) == (30, 10)
    assert rows[1].change_pct is None


def test_movers_are_day_normalised(cur: duckdb.DuckDBPyConnection) -> None:
    ec2 = trends.movers(cur, as_of=AS_OF, window="mtd", group_by="service")[0]
    # February 1-10 against January, which the cache holds from the 2nd: 30 days of data
    assert (ec2.key, ec2.current, ec2.previous, ec2.days, ec2.prev_days) == (EC2, D("210"), D("160"), 10, 30)
    assert ec2.change == D("210") - D("160") * 10 / 30
    later = trends.movers(cur, as_of=AS_OF, window="mtd", group_by="service", data_from=date(2024, 1, 1))[0]
    assert later.prev_days == 31 and later.change == D("210") - D("160") * 10 / 31  # a whole month


def test_movers_by_tag_with_untagged(cur: duckdb.DuckDBPyConnection) -> None:
    rows = trends.movers(cur, as_of=AS_OF, window="30d", group_by="tag:team")
    assert changes(rows) == [  # previous: 10 days of data scaled to 30 (see the service movers)
        ("web", D("200"), D("80"), D("-40")),
        ("[/]", D("40"), D("0"), D("40")),  # as large a change as web's; web costs more now
        ("[bold]", D("60"), D("30"), D("-30")),
        ("(untagged)", D("25"), D("10"), D("-5")),
    ]


def test_account_labels_are_names(cur: duckdb.DuckDBPyConnection) -> None:
    rows = trends.movers(cur, as_of=AS_OF, window="mtd", group_by="billing_account")
    assert {(m.key, m.label) for m in rows} == {(PAYER, "Acme Payer"), (AZURE_ACCOUNT, "Contoso EA")}
    # the chart's groups carry their names too (a top-cost group need not be among the movers fetched)
    points = trends.series(cur, as_of=AS_OF, window="mtd", group_by="billing_account", top_n=1)
    assert {(p.group, p.label) for p in points} == {(PAYER, "Acme Payer"), ("(other)", None)}


def test_filters_combine_down_to_the_resource(cur: duckdb.DuckDBPyConnection) -> None:
    usage = trends.movers(cur, as_of=AS_OF, window="30d", group_by="usage_type", filters=[("service", EC2)])
    assert changes(usage) == [
        ("BoxUsage:m5.large", D("200"), D("80"), D("-40")),
        ("EBS:VolumeUsage.gp3", D("60"), D("30"), D("-30")),
    ]
    path = [("service", EC2), ("usage_type", "EBS:VolumeUsage.gp3")]
    assert changes(trends.movers(cur, as_of=AS_OF, window="30d", group_by="resource", filters=path)) == [
        ("vol-0002", D("60"), D("30"), D("-30"))
    ]
    tagged = [("tag:team", "web"), ("provider", "AWS")]
    assert changes(trends.movers(cur, as_of=AS_OF, window="30d", group_by="resource", filters=tagged)) == [
        ("i-0001", D("200"), D("80"), D("-40"))
    ]
    untagged = trends.movers(
        cur, as_of=AS_OF, window="30d", group_by="service", filters=[("tag:team", "(untagged)")]
    )
    assert changes(untagged) == [(S3, D("0"), D("10"), D("-30")), (VM, D("25"), D("0"), D("25"))]


def test_series_top_n_plus_other(cur: duckdb.DuckDBPyConnection) -> None:
    points = trends.series(cur, as_of=AS_OF, window="30d", group_by="service", top_n=1)
    assert [(p.day, p.group, p.cost) for p in points] == [
        (date(2025, 1, 20), EC2, D("50")),
        (date(2025, 2, 3), EC2, D("150")),
        (date(2025, 2, 5), "(other)", D("40")),
        (date(2025, 2, 8), EC2, D("60")),
        (date(2025, 2, 9), "(other)", D("25")),
    ]


def test_series_monthly_for_the_year(cur: duckdb.DuckDBPyConnection) -> None:
    points = trends.series(cur, as_of=AS_OF, window="year", group_by="provider", metric="billed")
    assert [(p.day, p.group, p.cost) for p in points] == [
        (date(2025, 1, 1), "AWS", D("190")),
        (date(2025, 2, 1), "AWS", D("300")),
        (date(2025, 2, 1), "Microsoft", D("25")),
    ]


def test_trend_view_bundles_everything(cur: duckdb.DuckDBPyConnection) -> None:
    view = trends.trend_view(cur, as_of=AS_OF, window="year", group_by="service")
    assert view.monthly and view.kpis.mtd == D("275") and len(view.movers) == 3


def test_unknown_names_are_rejected_not_run(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(FinOpsError, match="unknown dimension"):
        trends.movers(cur, as_of=AS_OF, group_by="ServiceName; DROP TABLE x")
    with pytest.raises(FinOpsError, match="unknown metric"):
        trends.kpis(cur, as_of=AS_OF, metric="amortised")
    # a hostile tag key is only ever a bound value
    assert (
        trends.movers(cur, as_of=AS_OF, group_by="tag:'); DROP TABLE daily_cost; --")[0].key == "(untagged)"
    )


def test_drill_targets() -> None:
    assert trends.drill_target("service") == "usage_type"
    assert trends.drill_target("usage_type") == "resource"
    assert trends.drill_target("tag:team") == "service"
    assert trends.drill_target("resource") == "resource"


def test_tag_keys(cur: duckdb.DuckDBPyConnection) -> None:
    assert trends.tag_keys(cur) == ["env", "team"]


def test_a_comparison_period_before_the_first_charge_day_is_flagged(cur: duckdb.DuckDBPyConnection) -> None:
    view = trends.trend_view(cur, as_of=AS_OF, window="30d")
    assert view.first_day == date(2025, 1, 2)
    assert view.period.prev_start == date(2024, 12, 13) and view.previous_partial  # half of it is empty
    later = trends.trend_view(cur, as_of=date(2025, 3, 10), window="30d")
    assert later.period.prev_start == date(2025, 1, 10) and not later.previous_partial


def test_a_cache_imported_before_the_first_day_was_kept_still_flags_it(cache: Path, tmp_path: Path) -> None:
    older = tmp_path / "older.duckdb"
    older.write_bytes(cache.read_bytes())
    with duckdb.connect(str(older)) as con:
        con.execute("ALTER TABLE rollup_freshness DROP COLUMN first_day")
    with CacheReader(older).reader() as cur:
        assert {f.first_day for f in trends.freshness(cur)} == {date(2025, 1, 2)}  # the cache's first day
        view = trends.trend_view(cur, as_of=AS_OF, window="30d")
        assert view.first_day == date(2025, 1, 2) and view.previous_partial


def test_period_labels_carry_the_year_when_it_matters() -> None:
    from finops_tui.screens.trends import span_label

    assert span_label(date(2025, 1, 12), date(2025, 2, 10)) == "01-12…02-10"
    assert span_label(date(2024, 12, 13), date(2025, 1, 11)) == "2024-12-13…2025-01-11"
    assert span_label(date(2025, 1, 1), date(2025, 12, 31)) == "2025-01-01…2025-12-31"  # a year: same m-d


@pytest.mark.parametrize("window", trends.WINDOWS)
@pytest.mark.parametrize("as_of", [AS_OF, date(2025, 1, 31), date(2025, 3, 1)])
def test_one_pass_movers_and_kpis_equal_the_separate_questions(
    cur: duckdb.DuckDBPyConnection, window: str, as_of: date
) -> None:
    """The trends load asks ``trend_periods`` once where a rollup answers; it must give the very
    figures (labels, order, currency) the movers and KPI questions give on their own."""
    groups_seen = 0
    for group_by in ("service", "sub_account", "provider", "billing_account", "usage_type"):
        for filters in ([], [("provider", "AWS")], [("service", EC2)]):
            for metric in ("effective", "billed"):
                args = {"as_of": as_of, "metric": metric, "filters": filters}
                both = trends.movers_and_kpis(cur, window=window, group_by=group_by, budget=D("9"), **args)
                alone = trends.movers(cur, window=window, group_by=group_by, **args)
                assert both == (alone, trends.kpis(cur, budget=D("9"), **args)), (group_by, filters, metric)
                groups_seen += len(alone)
    assert groups_seen > 0 if (as_of, window) != (date(2025, 1, 31), "last-month") else groups_seen == 0


@pytest.mark.parametrize("group_by", ["resource", "service", "tag:team", "usage_type"])
@pytest.mark.parametrize("window", ["30d", "mtd", "year"])
def test_a_page_of_movers_is_the_head_of_the_whole_list(
    cur: duckdb.DuckDBPyConnection, group_by: str, window: str
) -> None:
    every = trends.movers(cur, as_of=AS_OF, window=window, group_by=group_by)
    assert len(every) >= 2, group_by
    for limit in (1, 2, len(every) + 5):
        page, groups = trends.movers_page(cur, as_of=AS_OF, window=window, group_by=group_by, limit=limit)
        assert (page, groups) == (every[:limit], len(every))
    view = trends.trend_view(cur, as_of=AS_OF, window=window, group_by=group_by, limit=1)
    assert view.movers == tuple(every[:1]) and view.groups == len(every)


@pytest.mark.parametrize(
    ("group_by", "filters"),
    [
        ("tag:team", []),
        ("service", [("tag:team", "web")]),
        ("tag:env", [("tag:team", "web"), ("provider", "AWS")]),
        ("resource", [("tag:team", "web")]),
        ("tag:team", [("service", EC2)]),
    ],
)
def test_a_view_over_tags_reads_one_slice_and_gives_the_separate_questions_figures(
    cur: duckdb.DuckDBPyConnection, group_by: str, filters: list[trends.Filter]
) -> None:
    """With a tag involved the view reads the import's daily tag rollup when it holds the key under the
    rules in force, else pre-sums the window's lines once into a temporary table and asks its three
    questions of it; each question asked on its own sums the lines itself. All agree to the digit."""
    rolled = trends.tag_lens(cur)
    lines = TagLens(rolled.rules, trends.tag_keys(cur))  # as if the import had not rolled any key up
    assert rolled.rolled_up == {"environment", "team"} and not lines.rolled_up
    for window in ("30d", "mtd", "year"):
        for metric in ("effective", "billed", "list"):
            args = {"as_of": AS_OF, "filters": filters, "metric": metric, "tags": lines}
            view = trends.trend_view(cur, window=window, group_by=group_by, **args)
            assert view.kpis == trends.kpis(cur, **args)
            assert list(view.movers) == trends.movers(cur, window=window, group_by=group_by, **args)
            assert list(view.series) == trends.series(cur, window=window, group_by=group_by, **args)
            assert view.kpis.mtd or view.movers, (group_by, filters, window)  # not an empty comparison
            args["tags"] = rolled
            assert trends.trend_view(cur, window=window, group_by=group_by, **args) == view
    left = cur.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'trend_slice_%'")
    assert left.fetchone() == (0,)  # dropped after each load
