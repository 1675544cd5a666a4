"""``python -m finops_tui.bench.waste``: waste quality against the demo's ground truth, and speed.

Quality: on a demo cache, every injected waste pattern must be found by its check, each saving within
±10 % of the truth (the truth prices the last complete month; findings price the 30 days ending the
last demo day), and no check may flag a resource the demo did not inject for it. Printed per check.

Speed: all checks over the cache (on ``--threads`` DuckDB threads) and the screen's load (the app's
kept read-only connection + workspace read + the findings), each beside a raw DuckDB baseline
measured in the same run on an open, warmed connection: one ``GROUP BY ResourceId`` over the same
30-day window of ``cost_and_usage``. With
``--multiply N`` the demo's line items are copied N times (distinct resource ids) into a scratch cache
first, e.g. ``--multiply 10`` on the 1M-line demo gives the 10M-line cache of the issue.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from finops_tui.bench.figures import Figure, load_figure, time_ms
from finops_tui.cache import READ_CONFIG, CacheReader
from finops_tui.settings import Settings
from finops_tui.sync.rollups import build_rollups
from finops_tui.waste import apply_tracking, find, waste_report, window
from finops_tui.waste.models import Finding, WasteReport
from finops_tui.waste.tracking import load_tracking
from finops_tui.workspace import Workspace

TRUTH_CHECKS: dict[str, str] = {
    "gp2": "gp2-to-gp3",
    "idle-ipv4": "idle-public-ipv4",
    "idle-nat": "idle-nat-gateway",
    "previous-gen": "previous-generation",
    "unattached-disk": "azure-disk-without-vm",
}
"""Ground-truth check name (demo generator) → finops-tui check id."""
TOLERANCE = Decimal("0.10")


@dataclass(frozen=True)
class CheckScore:
    """How one check did against the ground truth."""

    check: str
    injected: int
    found: int
    missed: tuple[str, ...]
    false_findings: tuple[str, ...]
    outside_tolerance: tuple[tuple[str, Decimal, Decimal], ...]
    """(resource, our saving, true saving) for savings off by more than 10 %."""
    worst_error_pct: Decimal

    @property
    def ok(self) -> bool:
        """Everything found, nothing false, every saving within tolerance."""
        return not (self.missed or self.false_findings or self.outside_tolerance)


def load_truth(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The demo's ground-truth document (raises when the cache is not a demo)."""
    row = cur.execute("SELECT doc FROM demo_ground_truth").fetchone()
    if row is None:
        raise SystemExit("this cache has no demo_ground_truth: build it with `finops-tui demo`")
    doc: dict[str, Any] = json.loads(row[0])
    return doc


def score(findings: Sequence[Finding], truth: dict[str, Any]) -> list[CheckScore]:
    """Score findings against the truth's waste list, per truth check."""
    out: list[CheckScore] = []
    for truth_name, check in TRUTH_CHECKS.items():
        injected = {
            w["resource_id"]: Decimal(w["monthly_saving"]) for w in truth["waste"] if w["check"] == truth_name
        }
        ours = {f.resource_id: f.monthly_saving for f in findings if f.check == check}
        missed = tuple(sorted(set(injected) - set(ours)))
        false = tuple(sorted(set(ours) - set(injected)))
        off: list[tuple[str, Decimal, Decimal]] = []
        worst = Decimal(0)
        for rid in sorted(set(injected) & set(ours)):
            true, got = injected[rid], ours[rid]
            error = abs(got - true) / true if true else Decimal(0)
            worst = max(worst, error)
            if error > TOLERANCE:
                off.append((rid, got, true))
        out.append(
            CheckScore(
                check, len(injected), len(set(injected) & set(ours)), missed, false, tuple(off), worst * 100
            )
        )
    return out


RAW_SQL = """
SELECT ResourceId, sum(EffectiveCost), sum(ConsumedQuantity), any_value(x_UsageType)
FROM cost_and_usage WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end GROUP BY ResourceId
"""
"""The raw baseline: one pass over the window's line items per resource (what every check needs)."""


def multiply(src: Path, dst: Path, times: int) -> Path:
    """Copy ``src`` to ``dst`` with its line items repeated ``times`` times (distinct resource ids)."""
    shutil.copyfile(src, dst)
    con = duckdb.connect(str(dst))
    try:
        con.execute(
            "INSERT INTO cost_and_usage SELECT c.* REPLACE (c.ResourceId || '#' || CAST(t.i AS VARCHAR) "
            "AS ResourceId) FROM cost_and_usage c, range(1, $n) t(i)",
            {"n": times},
        )
        build_rollups(con)
    finally:
        con.close()
    return dst


def speed_figures(db: Path, as_of: date, repeat: int, *, threads: int = 2) -> list[Figure]:
    """Every check run live and the screen's load, each beside one raw ``GROUP BY ResourceId``."""
    settings = Settings()
    config: dict[str, Any] = {**READ_CONFIG, "threads": threads}
    start, end = window(as_of)
    with duckdb.connect(str(db), read_only=True, config=config) as con:
        cur = con.cursor()
        checks = time_ms(lambda: find(cur, as_of=as_of, settings=settings, use_stored=False), repeat)
        # the raw baseline on this open connection, warmed, as the screen reads through its kept reader
        raw = time_ms(lambda: cur.execute(RAW_SQL, {"start": start, "end": end}).fetchall(), repeat, warmup=1)
        cur.close()
    with tempfile.TemporaryDirectory(prefix="finops-bench-waste-") as tmp:
        workspace = Workspace(Path(tmp) / "bench.workspace.duckdb")
        reader = CacheReader(db)  # as the app: one connection per cache file version

        def screen_load() -> WasteReport:
            with reader.reader() as c:  # the rows the import stored for this day, when it did
                return waste_report(c, as_of=as_of, settings=settings, tracking=load_tracking(workspace))

        screen = time_ms(screen_load, repeat, warmup=1)
        base = screen_load()

        def screen_reload() -> object:
            with reader.reader() as c:
                return apply_tracking(c, base, load_tracking(workspace))

        reload = time_ms(screen_reload, repeat)
    return [
        Figure("waste.checks", "Waste: all checks run live", checks[1] / 1000, "s", baseline=raw[1] / 1000,
               p50=checks[0] / 1000),
        load_figure("waste.screen", "Waste: screen load (stored findings)", screen, raw),
        load_figure("waste.reload", "Waste: reload after a tracking edit", reload, raw),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Print the quality table and the timings."""
    parser = argparse.ArgumentParser(prog="python -m finops_tui.bench.waste", description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a demo cache (`finops-tui demo --db …`)")
    parser.add_argument("--as-of", type=date.fromisoformat, help="default: the demo's last day")
    parser.add_argument("--multiply", type=int, default=1, help="copy the line items N times first")
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads for the timed runs")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    settings = Settings()

    with CacheReader(args.db).reader() as cur:
        truth = load_truth(cur)
        as_of = args.as_of or date.fromisoformat(truth["end"])
        findings, _ = find(cur, as_of=as_of, settings=settings)
        rows = cur.execute("SELECT count(*) FROM cost_and_usage").fetchone()
    print(f"quality on {args.db} ({rows[0] if rows else 0:,} line items), as of {as_of}")
    print(f"{'check':24} {'injected':>8} {'found':>6} {'missed':>6} {'false':>6} {'worst err %':>11}  ok")
    scores = score(findings, truth)
    for s in scores:
        print(
            f"{s.check:24} {s.injected:8} {s.found:6} {len(s.missed):6} {len(s.false_findings):6} "
            f"{s.worst_error_pct:11.2f}  {'yes' if s.ok else 'NO'}"
        )
    others: dict[str, int] = {}
    for f in findings:
        if f.check not in TRUTH_CHECKS.values():
            others[f.check] = others.get(f.check, 0) + 1
    print("checks without demo truth (findings): " + ", ".join(f"{k} {v}" for k, v in sorted(others.items())))

    with tempfile.TemporaryDirectory(prefix="finops-bench-waste-") as tmp:
        db = args.db if args.multiply <= 1 else multiply(args.db, Path(tmp) / "cache.duckdb", args.multiply)
        found = speed_figures(db, as_of, args.repeat, threads=args.threads)
    print(f"\nspeed, {args.threads} DuckDB threads, {args.repeat} runs (ms)")
    print(f"{'what':44} {'p50':>9} {'p95':>9} {'raw p95':>9}")
    for fig in found:
        ms = [(v or 0) * (1000 if fig.unit == "s" else 1) for v in (fig.p50, fig.value, fig.baseline)]
        print(f"{fig.label:44} {ms[0]:9.1f} {ms[1]:9.1f} {ms[2]:9.1f}")
    return 0 if all(s.ok for s in scores) else 1


if __name__ == "__main__":
    raise SystemExit(main())
