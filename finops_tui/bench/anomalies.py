"""``python -m finops_tui.bench.anomalies``: detector quality against the demo's ground truth, and speed.

Quality: for each seed, a demo cache is built (or ``--db`` is read) and the detector runs with the
default settings for the newest complete day. A detection matches an injected anomaly when it has the
same kind, its series contains the injected one (same provider, and the same sub-account and service
where it names them) and its days overlap the injected days. Printed per kind: recall (injected
anomalies matched), precision (detections that match one), the error of the $ impact, and whether the
top contributors name the injected usage type (compared without the region prefix: ``USE1-`` …) and
one of the injected resources.

Speed: the whole detection (queries, band, runs, folding, contributors) on ``--threads`` DuckDB
threads, best of ``--repeat``, next to a raw DuckDB baseline measured in the same run (one
``GROUP BY day, sub-account, service`` over every usage line item), and the screen's data load (fresh
read-only connection, stored detection, workspace triage) p50/p95 over ``--loads`` runs. With
``--multiply N`` the line items are copied N times (distinct resource ids) into a scratch cache first,
so ``--multiply 10`` on the 1M-line demo gives a 10M-line, 13-month cache.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from finops_tui.anomalies.config import DetectorConfig
from finops_tui.anomalies.detect import detect
from finops_tui.anomalies.models import KINDS, Anomaly
from finops_tui.anomalies.store import load_detection, refresh_detection
from finops_tui.anomalies.triage import load_triage
from finops_tui.anomalies.view import anomaly_rows
from finops_tui.bench.figures import Figure, load_figure
from finops_tui.cache import READ_CONFIG, CacheReader
from finops_tui.queries.trends import default_as_of
from finops_tui.sync.rollups import build_rollups
from finops_tui.workspace import Workspace

TARGETS = {"recall": 0.9, "precision": 0.8, "detect_s": 2.0, "load_p95_ms": 100.0}
_REGION_PREFIX = re.compile(r"^(?:[A-Z]{2,4}\d?-)+")


def usage_suffix(usage_type: str) -> str:
    """A usage type without its region prefix (``USE1-Lambda-GB-Second`` → ``Lambda-GB-Second``)."""
    return _REGION_PREFIX.sub("", usage_type)


@dataclass
class KindScore:
    """How the detector did on one kind."""

    injected: int = 0
    found: int = 0
    detections: int = 0
    correct: int = 0
    impact_errors: list[float] = field(default_factory=list)
    usage_type_hits: int = 0
    resource_hits: int = 0
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of injected anomalies found."""
        return self.found / self.injected if self.injected else 1.0

    @property
    def precision(self) -> float:
        """Share of detections that are injected anomalies."""
        return self.correct / self.detections if self.detections else 1.0


def matches(a: Anomaly, truth: dict[str, Any]) -> bool:
    """Same kind, a series containing the injected one, overlapping days."""
    if a.kind != truth["kind"] or a.provider != truth["provider"]:
        return False
    if a.sub_account_id not in (None, truth["sub_account_id"]) or a.service_name not in (
        None,
        truth["service_name"],
    ):
        return False
    start, end = date.fromisoformat(truth["start"]), date.fromisoformat(truth["end"])
    return a.start <= end and max(a.end, a.last_flag) >= start


def score(anomalies: Sequence[Anomaly], truths: Sequence[dict[str, Any]]) -> dict[str, KindScore]:
    """Per kind: recall, precision, impact error and contributor hits."""
    scores = {kind: KindScore() for kind in KINDS}
    for a in anomalies:
        s = scores[a.kind]
        s.detections += 1
        if any(matches(a, t) for t in truths):
            s.correct += 1
        else:
            s.false.append(f"{a.series_key} {a.start} {a.impact:+.0f}")
    for t in truths:
        s = scores[t["kind"]]
        s.injected += 1
        found = [a for a in anomalies if matches(a, t)]
        if not found:
            s.missed.append(f"{t['sub_account_name']} {t['service_name']} {t['start']}")
            continue
        s.found += 1
        a = max(found, key=lambda x: abs(x.impact))
        true_impact = float(t["impact"])
        s.impact_errors.append(abs(a.impact - true_impact) / abs(true_impact))
        usage = [c.value for c in a.contributors if c.dimension == "usage_type"][:3]
        if any(usage_suffix(u) == usage_suffix(t["usage_type"]) for u in usage):
            s.usage_type_hits += 1
        resources = [c.value for c in a.contributors if c.dimension == "resource"][:3]
        if set(resources) & set(t["resource_ids"]):
            s.resource_hits += 1
    return scores


def _best(seconds: Sequence[float]) -> float:
    return min(seconds)


def time_detection(db: Path, threads: int, repeat: int) -> dict[str, Any]:
    """Detection time and a raw aggregation baseline on ``threads`` DuckDB threads."""
    con = duckdb.connect(str(db), read_only=True, config=READ_CONFIG)
    try:
        con.execute(f"SET threads = {int(threads)}")
        cur = con.cursor()
        as_of = default_as_of(cur)
        assert as_of is not None
        rows = int(con.execute("SELECT count(*) FROM cost_and_usage").fetchone()[0])  # type: ignore[index]
        baseline, detection, cpu = [], [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            cur.execute(
                "SELECT CAST(ChargePeriodStart AS DATE), SubAccountId, ServiceName, sum(EffectiveCost) "
                "FROM cost_and_usage WHERE ChargeFrequency = 'Usage-Based' GROUP BY ALL"
            ).fetchall()
            baseline.append(time.perf_counter() - t0)
            c0, t0 = time.process_time(), time.perf_counter()
            found = detect(cur, as_of=as_of, cfg=DetectorConfig())
            detection.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    finally:
        con.close()
    return {
        "rows": rows,
        "as_of": as_of.isoformat(),
        "threads": threads,
        "detect_s": _best(detection),
        "detect_cpu_s": _best(cpu),
        "raw_group_by_s": _best(baseline),
        "anomalies": len(found.visible),
    }


def time_screen_load(db: Path, loads: int) -> dict[str, float]:
    """What the screen's worker does on each load: open, read the stored detection, read triage."""
    cache, ws = CacheReader(db), Workspace.for_cache(db)
    times = []
    for _ in range(loads):
        t0 = time.perf_counter()
        with cache.reader() as cur:
            as_of = default_as_of(cur)
            assert as_of is not None
            detection = load_detection(cur, as_of=as_of, cfg=DetectorConfig())
        anomaly_rows(detection, load_triage(ws))
        times.append(time.perf_counter() - t0)
        assert detection.stored, "the stored detection should serve the screen"
    times.sort()
    return {
        "load_p50_ms": statistics.median(times) * 1000,
        "load_p95_ms": times[max(0, int(len(times) * 0.95) - 1)] * 1000,
    }


def speed_figures(db: Path, *, threads: int = 2, repeat: int = 3, loads: int = 40) -> list[Figure]:
    """Detection over the whole history and the screen's load, beside the raw series GROUP BY."""
    speed = time_detection(db, threads, repeat) | time_screen_load(db, loads)
    raw_s = speed["raw_group_by_s"]
    return [
        Figure("anomalies.detect", "Anomalies: detection, whole history", speed["detect_s"], "s",
               baseline=raw_s, limit=TARGETS["detect_s"]),
        load_figure("anomalies.screen", "Anomalies: screen load (stored detection)",
                    (speed["load_p50_ms"], speed["load_p95_ms"]), (raw_s * 1000, raw_s * 1000)),
    ]  # fmt: skip


def multiply(src: Path, dst: Path, factor: int) -> None:
    """Copy ``src`` to ``dst`` with every line item repeated ``factor`` times (distinct resource ids)."""
    shutil.copyfile(src, dst)
    con = duckdb.connect(str(dst))
    try:
        con.execute(
            "CREATE TEMP TABLE base AS SELECT * FROM cost_and_usage WHERE ChargeFrequency = 'Usage-Based'"
        )
        for i in range(1, factor):
            con.execute(
                "INSERT INTO cost_and_usage SELECT * REPLACE (ResourceId || $s AS ResourceId) FROM base",
                {"s": f"-copy{i}"},
            )
        build_rollups(con)  # the rollups and the stored detection, as an import leaves them
        con.execute("CHECKPOINT")
    finally:
        con.close()


def build_demo(db: Path, *, scale: float, seed: int, end: date) -> None:
    """The demo cache, through the same path as ``finops-tui demo``."""
    from finops_tui.sync.demo_import import build_demo_cache

    db.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=db.parent) as tmp:
        build_demo_cache(
            db, Path(tmp), end=end, scale=scale, seed=seed, now=datetime.now(UTC).replace(tzinfo=None)
        )


def quality(db: Path) -> dict[str, KindScore]:
    """Score the default detection of ``db`` against its ground truth."""
    with duckdb.connect(str(db), read_only=True, config=READ_CONFIG) as con:
        doc = con.execute("SELECT doc FROM demo_ground_truth").fetchone()
        if doc is None:
            raise SystemExit(f"{db}: no demo ground truth (build it with finops-tui demo)")
        truths = json.loads(doc[0])["anomalies"]
        cur = con.cursor()
        as_of = default_as_of(cur)
        assert as_of is not None
        found = detect(cur, as_of=as_of, cfg=DetectorConfig())
    return score(found.visible, truths)


def print_quality(label: str, scores: dict[str, KindScore]) -> None:
    """One Markdown table of per-kind scores."""
    print(f"\n{label}")
    print(
        "| kind | injected | found | recall | detections | precision | impact error (max) "
        "| usage type | resource |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    total = KindScore()
    for kind, s in scores.items():
        err = f"{max(s.impact_errors) * 100:.1f} %" if s.impact_errors else "—"
        print(
            f"| {kind} | {s.injected} | {s.found} | {s.recall:.0%} | {s.detections} | {s.precision:.0%} "
            f"| {err} | {s.usage_type_hits}/{s.found} | {s.resource_hits}/{s.found} |"
        )
        for name in ("injected", "found", "detections", "correct", "usage_type_hits", "resource_hits"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
        total.impact_errors += s.impact_errors
        total.missed += s.missed
        total.false += s.false
    err = f"{max(total.impact_errors) * 100:.1f} %" if total.impact_errors else "—"
    print(
        f"| **all** | {total.injected} | {total.found} | **{total.recall:.0%}** | {total.detections} | "
        f"**{total.precision:.0%}** | {err} | {total.usage_type_hits}/{total.found} | "
        f"{total.resource_hits}/{total.found} |"
    )
    for m in total.missed:
        print(f"  missed: {m}")
    for f in total.false:
        print(f"  false:  {f}")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, score each seed, time the detection and the screen load."""
    parser = argparse.ArgumentParser(prog="python -m finops_tui.bench.anomalies", description=__doc__)
    parser.add_argument("--db", type=Path, action="append", default=[], help="score an existing demo cache")
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 7, 2024], help="demo seeds to build")
    parser.add_argument("--scale", type=float, default=1.0, help="demo scale (1 ≈ 1M line items)")
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 10, 20), help="last demo day")
    parser.add_argument(
        "--multiply", type=int, default=1, help="copy the line items N times for the speed run"
    )
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads for the speed run")
    parser.add_argument("--repeat", type=int, default=3, help="detection runs; the best is reported")
    parser.add_argument("--loads", type=int, default=40, help="screen loads timed")
    parser.add_argument("--workdir", type=Path, default=Path("bench-out/anomalies"), help="scratch folder")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    dbs = list(args.db)
    if not dbs:
        for seed in args.seeds:
            db = args.workdir / f"demo-s{seed}-x{args.scale:g}.duckdb"
            if not db.exists():
                print(f"building demo seed {seed} scale {args.scale:g} …", flush=True)
                build_demo(db, scale=args.scale, seed=seed, end=args.end)
            dbs.append(db)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    results: dict[str, Any] = {"quality": {}, "speed": {}}
    for db in dbs:
        scores = quality(db)
        print_quality(f"quality: {db.name}", scores)
        results["quality"][db.name] = {
            k: {"recall": s.recall, "precision": s.precision} for k, s in scores.items()
        }
    speed_db = dbs[0]
    if args.multiply > 1:
        speed_db = args.workdir / f"{dbs[0].stem}-x{args.multiply}.duckdb"
        if not speed_db.exists():
            print(f"copying line items x{args.multiply} …", flush=True)
            multiply(dbs[0], speed_db, args.multiply)
    speed = time_detection(speed_db, args.threads, args.repeat)
    with duckdb.connect(str(speed_db)) as con:  # make sure the stored detection fits the default as-of
        refresh_detection(con)
    speed |= time_screen_load(speed_db, args.loads)
    results["speed"] = speed
    print(
        f"\nspeed on {speed_db.name}: {speed['rows']:,} line items, as of {speed['as_of']}, "
        f"{speed['threads']} DuckDB threads"
    )
    print("| detection s | detection CPU s | raw GROUP BY s | screen load p50 ms | screen load p95 ms |")
    print("|---:|---:|---:|---:|---:|")
    print(
        f"| {speed['detect_s']:.2f} | {speed['detect_cpu_s']:.2f} | {speed['raw_group_by_s']:.2f} | "
        f"{speed['load_p50_ms']:.1f} | {speed['load_p95_ms']:.1f} |"
    )
    print(
        f"targets: recall ≥ {TARGETS['recall']:.0%}, precision ≥ {TARGETS['precision']:.0%}, detection ≤ "
        f"{TARGETS['detect_s']} s at 10M line items, screen load p95 ≤ {TARGETS['load_p95_ms']:.0f} ms"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
