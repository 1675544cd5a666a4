"""``python -m finops_tui.bench.allocation``: the allocation screen's load beside the raw question.

On a demo cache (``--scale 10`` ≈ 10M line items) it times, in one process and one run:

* **screen load**, first and again (the normalised tag sets are memoised until the next import), and
  the first load under tag rules other than those the import stored:
  what the screen's worker does — open the cache read-only, read freshness and the
  months, and build the whole ``AllocationView`` (coverage, trend, untaggable, gaps, hygiene, showback);
* **raw coverage query**: plain DuckDB over ``cost_and_usage`` answering only the headline question
  (taggable effective cost of the month and the part carrying every required key, folding key case and
  whitespace in SQL), on an already open connection;
* **raw monthly tag-set scan**: the ``GROUP BY`` month x sub-account x service x tag set over the line
  items that the import-time rollup precomputes (what every load would cost without the rollup);
* **rollup build**: the rollup's SELECT over the line items, i.e. what an import now spends on it.

It prints median and p95 in milliseconds for each. Nothing here is a test; figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import duckdb

from finops_tui.bench.figures import Figure, load_figure, time_ms
from finops_tui.cache import READ_CONFIG, CacheReader
from finops_tui.queries import allocation, trends
from finops_tui.settings import Settings
from finops_tui.sync.allocation_rollup import MONTHLY_RESOURCE_COST_SELECT

OTHER_RULES = ("team", "environment")
"""Required keys of a config other than the defaults the import resolves the tag sets under: the first
load then normalises every tag set and joins the flags (later loads reuse the normalised sets)."""

RAW_COVERAGE_SQL = """
SELECT sum(EffectiveCost) FILTER (WHERE ChargeCategory = 'Usage' AND ResourceId IS NOT NULL) AS taggable,
       sum(EffectiveCost) FILTER (WHERE ChargeCategory = 'Usage' AND ResourceId IS NOT NULL AND
           len(list_filter(map_keys(Tags), lambda k: lower(trim(k)) = 'team'))
           * len(list_filter(map_keys(Tags), lambda k: lower(trim(k)) IN ('env', 'environment')))
           * len(list_filter(map_keys(Tags), lambda k: regexp_replace(lower(trim(k)), '[^a-z]', '', 'g')
                                                      = 'costcenter')) > 0) AS covered
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
"""

RAW_TAG_SETS_SQL = """
SELECT count(*) FROM (
    SELECT date_trunc('month', ChargePeriodStart) AS month, SubAccountId, ServiceName, Tags,
           sum(EffectiveCost)
    FROM cost_and_usage WHERE ChargePeriodStart >= $start
    GROUP BY ALL)
"""


def figures(db: Path, repeat: int) -> list[Figure]:
    """The screen's first load and reload beside the raw coverage query (one figure of the many)."""
    cache = CacheReader(db)
    settings = Settings()
    with cache.reader() as cur:
        as_of = trends.default_as_of(cur)
    if as_of is None:
        raise SystemExit(f"{db}: the cache is empty")
    month = allocation.last_complete_month(as_of)

    steps = [allocation.add_months(month, -n) for n in range(12)]

    def screen_load(shown: date | None = None) -> object:
        with cache.reader() as cur:
            trends.freshness(cur)
            allocation.months(cur)
            return allocation.allocation_view(cur, as_of=as_of, settings=settings, month=shown)

    def cold_load() -> object:
        allocation.clear_memo()
        return screen_load()

    def month_step() -> object:  # `[`: a month not shown before in this round
        steps.append(steps.pop(0))
        return screen_load(steps[0])

    other = Settings(required_tags=OTHER_RULES)

    def cold_other_rules() -> object:  # a config whose tag rules the import did not store
        allocation.clear_memo()
        with cache.reader() as cur:
            trends.freshness(cur)
            allocation.months(cur)
            return allocation.allocation_view(cur, as_of=as_of, settings=other)

    window = {"start": month, "end": allocation.add_months(month, 1)}
    with duckdb.connect(str(db), read_only=True, config=READ_CONFIG) as con:
        raw = time_ms(lambda: con.execute(RAW_COVERAGE_SQL, window).fetchall(), repeat)
    return [
        load_figure("allocation.first", "Allocation: first load", time_ms(cold_load, repeat), raw),
        load_figure("allocation.reload", "Allocation: reload", time_ms(screen_load, repeat), raw),
        load_figure("allocation.step", "Allocation: month step", time_ms(month_step, repeat), raw),
        load_figure(
            "allocation.first_other_rules",
            "Allocation: first load, tag rules not stored at import",
            time_ms(cold_other_rules, repeat),
            raw,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on an existing cache and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m finops_tui.bench.allocation", description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a cache (e.g. `finops-tui demo --scale 10`)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    with CacheReader(args.db).reader() as cur:
        as_of = trends.default_as_of(cur)
        (rows,) = cur.execute("SELECT count(*) FROM cost_and_usage").fetchone() or (0,)
        (rollup_rows,) = cur.execute("SELECT count(*) FROM monthly_resource_cost").fetchone() or (0,)
    if as_of is None:
        parser.error("the cache is empty")
    start = allocation.add_months(allocation.last_complete_month(as_of), -12)
    found = figures(args.db, args.repeat)
    rollup_sql = f"SELECT count(*) FROM ({MONTHLY_RESOURCE_COST_SELECT})"
    with duckdb.connect(str(args.db), read_only=True, config=READ_CONFIG) as con:
        scans = max(3, args.repeat // 4)
        scan = time_ms(lambda: con.execute(RAW_TAG_SETS_SQL, {"start": start}).fetchall(), scans)
        build = time_ms(lambda: con.execute(rollup_sql).fetchall(), 3)
    extra = [("raw monthly tag-set scan (13 months)", scan), ("rollup build SELECT (per import)", build)]
    print(f"cache {args.db}: {rows:,} line items, {rollup_rows:,} rollup rows, as of {as_of}")
    print(f"{'measure':40} {'median ms':>10} {'p95 ms':>10}")
    for f in found:
        print(f"{f.label:40} {f.p50 or 0:10.1f} {f.value:10.1f}")
    print(f"{'raw coverage query (one figure)':40} {'':>10} {found[0].baseline or 0:10.1f}")
    for name, (median, p95) in extra:
        print(f"{name:40} {median:10.1f} {p95:10.1f}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
