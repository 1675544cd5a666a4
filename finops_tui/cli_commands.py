"""What the ``import``, ``demo`` and ``status`` commands do, with Rich output on the terminal.

Progress and summaries go to stderr so stdout stays clean for ``status --json``.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from finops_tui import formatting as fmt
from finops_tui.cache import CacheReader
from finops_tui.models import SourceStatus
from finops_tui.queries import source_status
from finops_tui.queries.unit_economics import metric_list
from finops_tui.settings import Settings
from finops_tui.sync.importer import ImportReport, ProgressFn, import_paths

err = Console(stderr=True)


def _progress_bar(total_hint: int) -> tuple[Progress, ProgressFn]:
    bar = Progress(
        TextColumn("[bold]importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = bar.add_task("", total=total_hint)

    def update(name: str, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total, description=Text(name).plain)

    return bar, update


def print_report(report: ImportReport, db: Path) -> None:
    """Summarise an import on stderr: one line per billing period written.

    Piped or logged, the table is as wide as it needs (Rich would otherwise assume 80 columns and cut
    the money: "$4,064…"); in a terminal under 100 columns each period gets two lines instead.
    """
    out = err if err.is_terminal else Console(stderr=True, width=200)
    if out.width < 100:
        out.print(Text(f"imported into {db}"))
        for p in report.periods:
            where = f"{p.source_format} · {p.provider} · {p.billing_account_id}"
            out.print(
                Text(f"{where} · {fmt.month(p.billing_period_start)}"),
                Text(
                    f"  {p.cost_basis} · {fmt.count(p.rows)} rows · billed {fmt.money(p.billed_cost)} · "
                    f"effective {fmt.money(p.effective_cost)}"
                ),
                sep="\n",
            )
    else:
        table = Table(title=f"imported into {db}", title_justify="left", show_edge=False)
        for name, justify in (
            ("source", "left"),
            ("provider", "left"),
            ("account", "left"),
            ("period", "left"),
            ("basis", "left"),
            ("rows", "right"),
            ("billed", "right"),
            ("effective", "right"),
        ):
            table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        for p in report.periods:
            table.add_row(
                Text(p.source_format),
                Text(p.provider),
                Text(p.billing_account_id),
                fmt.month(p.billing_period_start),
                p.cost_basis,
                fmt.count(p.rows),
                fmt.money(p.billed_cost),
                fmt.money(p.effective_cost),
            )
        out.print(table)
    replaced = f", replacing {fmt.count(report.rows_replaced)} earlier rows" if report.rows_replaced else ""
    out.print(
        f"{fmt.count(report.rows)} line items from {len(report.files)} file(s){replaced}.", soft_wrap=True
    )


def run_import(
    db: Path, paths: Sequence[Path], *, now: datetime, quiet: bool, settings: Settings | None = None
) -> int:
    """``finops-tui import`` (``settings``: the config the screens will open with)."""
    if quiet or not err.is_terminal:
        report = import_paths(db, paths, now=now, settings=settings)
        if not quiet:
            print_report(report, db)
        return 0
    bar, update = _progress_bar(len(paths))
    with bar:
        report = import_paths(db, paths, now=now, progress=update, settings=settings)
    print_report(report, db)
    return 0


def run_demo(
    db: Path, *, end: date, scale: float, seed: int, now: datetime, settings: Settings | None = None
) -> int:
    """``finops-tui demo``: generate the demo estate and import it like any export."""
    from finops_tui.sync.demo_import import build_demo_cache

    db.parent.mkdir(parents=True, exist_ok=True)
    with (
        err.status(f"generating and importing the demo estate (scale {scale:g}) …"),
        tempfile.TemporaryDirectory(prefix="finops-tui-demo-", dir=db.parent) as tmp,
    ):
        report = build_demo_cache(db, Path(tmp), end=end, scale=scale, seed=seed, now=now, settings=settings)
    err.print(
        f"demo cache: {db} ({fmt.count(report.rows)} line items, last charge day {end})", soft_wrap=True
    )
    return run_status(db, as_json=False)


def run_status(db: Path, *, as_json: bool) -> int:
    """``finops-tui status``: what the cache holds, per source."""
    with CacheReader(db).reader() as cur:
        rows = source_status(cur)
        metrics = metric_list(cur)
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "provider": r.provider,
                        "source_format": r.source_format,
                        "billing_account_id": r.billing_account_id,
                        "periods": r.periods,
                        "first_period": fmt.month(r.first_period),
                        "last_period": fmt.month(r.last_period),
                        "rows": r.rows,
                        "billed_cost": str(r.billed_cost),
                        "effective_cost": str(r.effective_cost),
                        "currency": r.currency,
                        "last_import": r.last_import.isoformat() if r.last_import else None,
                        "newest_charge": r.newest_charge.isoformat() if r.newest_charge else None,
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return 0
    out = Console()
    if not rows:
        out.print(f"{db}: the cache is empty. Run `finops-tui demo` or `finops-tui import PATH...`.")
        return 0
    if out.width < 100:
        _print_status_blocks(out, db, rows)
    else:
        _print_status_table(out, db, rows)
    last = max((r.last_import for r in rows if r.last_import), default=None)
    out.print(f"last import {fmt.stamp(last)} UTC", soft_wrap=True)
    if metrics:
        spans = ", ".join(f"{m.metric} {m.first_day}…{m.last_day}" for m in metrics)
        out.print(Text(f"business metrics: {spans} (`finops-tui metrics list`)"), soft_wrap=True)
    return 0


def _span(r: SourceStatus) -> str:
    if r.periods == 1:
        return fmt.month(r.first_period)
    return f"{fmt.month(r.first_period)}…{fmt.month(r.last_period)} ({r.periods})"


def _print_status_table(out: Console, db: Path, rows: Sequence[SourceStatus]) -> None:
    """One row per source, for terminals of 100 columns or more."""
    table = Table(title=f"cache {db}", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("source", no_wrap=True)
    table.add_column("billing account", overflow="fold", max_width=24)
    for name in ("periods", "rows", "billed", "effective", "newest charge"):
        justify = "right" if name in ("rows", "billed", "effective") else "left"
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for r in rows:
        table.add_row(
            Text(f"{r.provider} {r.source_format}"), Text(r.billing_account_id), _span(r), fmt.count(r.rows),
            fmt.money(r.billed_cost, r.currency), fmt.money(r.effective_cost, r.currency),
            fmt.day(r.newest_charge),
        )  # fmt: skip
    out.print(table)


def _print_status_blocks(out: Console, db: Path, rows: Sequence[SourceStatus]) -> None:
    """Three lines per source, for narrow terminals where a table would wrap every cell."""
    out.print(Text(f"cache {db}"))
    for r in rows:
        out.print()
        out.print(Text(f"{r.provider} {r.source_format} · account {r.billing_account_id}", style="bold"))
        out.print(
            Text(
                f"  periods {_span(r)} · {fmt.count(r.rows)} rows · newest charge {fmt.day(r.newest_charge)}"
            )
        )
        out.print(
            Text(
                f"  billed {fmt.money(r.billed_cost, r.currency)} · "
                f"effective {fmt.money(r.effective_cost, r.currency)}"
            )
        )
