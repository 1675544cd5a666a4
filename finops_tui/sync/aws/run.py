"""One ``sync aws`` run: mirror exports, then write exports, Cost Explorer, extras and inventory at once.

Order of work:

1. For each export location: list, choose the newest delivery per billing period, download changed
   objects into the staging mirror (no cache is open yet; an interruption keeps what was downloaded).
2. With ``--athena``: estimate the scan from the table's S3 objects, confirm, run the one rollup query
   and page its answer into memory (still no cache open: a failed query changes nothing).
3. Compare each delivery's fingerprint with the one the cache recorded; when nothing changed and no
   API source was asked for, stop: a second run is a fast no-op that writes nothing.
4. Open one :class:`CacheWriter` (a private copy of the cache), import the changed deliveries through
   the normal importer, then the Athena rollup, then Cost Explorer (after the user confirmed its
   price), the extras, and the inventory, record the run, and swap the copy in. Any failure or
   interruption discards the copy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from finops_tui.errors import FinOpsError
from finops_tui.settings import Settings
from finops_tui.sync.aws import athena, cost_explorer, extras, inventory, tables
from finops_tui.sync.aws.athena import AthenaOptions, AthenaResult, Estimate
from finops_tui.sync.aws.athena_load import load_rollup
from finops_tui.sync.aws.s3_mirror import ExportUrl, Mirror, MirroredDelivery
from finops_tui.sync.aws.session import AwsContext, skip_if_denied
from finops_tui.sync.files import SourceFile
from finops_tui.sync.importer import load_into
from finops_tui.sync.rollups import build_rollups
from finops_tui.sync.writer import DUCKDB_CONFIG, CacheWriter

ProgressFn = Callable[[str, str, int, int], None]
"""Called as ``progress(source, item, done, total)``."""
ConfirmFn = Callable[[int, Decimal], bool]
"""Asked ``confirm(requests, usd)`` before any paid Cost Explorer call; False skips Cost Explorer."""
ConfirmAthenaFn = Callable[[Estimate], bool]
"""Asked before the Athena query runs, with its cost estimate; False skips Athena."""


@dataclass(frozen=True)
class SyncOptions:
    """What to sync."""

    exports: tuple[str, ...] = ()
    cost_explorer: bool = False
    inventory: bool = False
    months: int = 3
    """Calendar months of Cost Explorer data (the current one included)."""
    regions: tuple[str, ...] = ()
    """Inventory regions; empty means every enabled region."""
    accounts: tuple[str, ...] = ()
    """Member accounts whose inventory is taken through ``assume_role``."""
    assume_role: str | None = None
    """Role name to assume in each member account (read-only EC2 permissions)."""
    staging: Path | None = None
    """Mirror folder (default: ``<cache name>.aws-mirror`` beside the cache)."""
    athena: AthenaOptions | None = None
    """Roll a catalogued export up in Athena over the last ``months`` billing periods."""


@dataclass
class SyncReport:
    """What a sync did, for the summary."""

    deliveries: int = 0
    periods_updated: list[str] = field(default_factory=list)
    export_rows: int = 0
    rows_replaced: int = 0
    ce_rows: int = 0
    ce_months: int = 0
    extras: dict[str, int] = field(default_factory=dict)
    inventory_rows: int = 0
    downloaded: int = 0
    skipped: int = 0
    bytes_downloaded: int = 0
    calls: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    wrote_cache: bool = False
    athena_estimate: Estimate | None = None
    athena_rows: int = 0
    athena_replaced: int = 0
    athena_bytes_scanned: int = 0
    athena_pages: int = 0


def staging_for(db: Path) -> Path:
    """The default mirror folder of a cache file."""
    return db.with_name(db.stem + ".aws-mirror")


def _recorded(db: Path) -> dict[tuple[str, str], str]:
    """Fingerprints the live cache recorded (read-only; an absent or older cache has none)."""
    if not db.exists():
        return {}
    try:
        con = duckdb.connect(str(db), read_only=True, config=DUCKDB_CONFIG)
    except duckdb.Error:
        return {}  # busy or unreadable: the writer will say so, or import everything
    try:
        return tables.delivered(con)
    except duckdb.CatalogException:
        return {}
    finally:
        con.close()


def _sources(mirrored: Sequence[MirroredDelivery]) -> list[SourceFile]:
    return [
        SourceFile(path, f"s3://{m.url.bucket}/{obj.key}", path)
        for m in mirrored
        for obj, path in zip(m.delivery.files, m.paths, strict=True)
    ]


def sync_aws(
    db: Path,
    options: SyncOptions,
    ctx: AwsContext,
    *,
    now: datetime,
    progress: ProgressFn | None = None,
    confirm: ConfirmFn | None = None,
    confirm_athena: ConfirmAthenaFn | None = None,
    settings: Settings | None = None,
) -> SyncReport:
    """Run one sync into the cache at ``db``; the cache changes only if the whole run succeeds.

    ``settings`` is the config in force: the rollups store tag flags and waste findings under it.
    """
    if not (options.exports or options.cost_explorer or options.inventory or options.athena):
        raise FinOpsError(
            "nothing to sync: pass --export s3://BUCKET/PREFIX, --athena, --cost-explorer or --inventory"
        )
    if options.accounts and not options.assume_role:
        raise FinOpsError("--account needs --assume-role NAME: the role to assume in each member account")
    report = SyncReport()
    urls = [ExportUrl.parse(u) for u in options.exports]
    mirror = Mirror(options.staging or staging_for(db), ctx)
    mirrored: list[MirroredDelivery] = []
    for url in urls:
        on_key = (lambda key, d, t, u=url: progress(f"download {u}", key, d, t)) if progress else None
        with skip_if_denied(ctx, f"{url}"):
            mirrored.extend(mirror.sync(url, on_key))
    report.deliveries = len(mirrored)
    report.downloaded, report.skipped = mirror.stats.downloaded, mirror.stats.skipped
    report.bytes_downloaded = mirror.stats.bytes
    recorded = _recorded(db)
    changed = [m for m in mirrored if recorded.get((str(m.url), m.delivery.label)) != m.delivery.fingerprint]
    rollup = _athena(ctx, options, report, now=now, progress=progress, confirm=confirm_athena)
    if not changed and not options.cost_explorer and not options.inventory and rollup is None:
        report.calls, report.warnings = dict(ctx.calls), list(ctx.warnings)
        return report
    with CacheWriter(db) as writer:
        con = writer.connection
        tables.ensure_tables(con)
        changed = [
            m
            for m in mirrored
            if tables.delivered(con).get((str(m.url), m.delivery.label)) != m.delivery.fingerprint
        ]
        if changed:
            on_file = (lambda name, d, t: progress("import", name, d, t)) if progress else None
            result = load_into(con, _sources(changed), now=now, progress=on_file, settings=settings)
            report.export_rows, report.rows_replaced = result.rows, result.rows_replaced
            import_id = int(con.execute("SELECT value FROM meta WHERE key = 'last_import_id'").fetchone()[0])  # type: ignore[index]
            for m in changed:
                con.execute(
                    "INSERT OR REPLACE INTO aws_export_deliveries VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        str(m.url),
                        m.delivery.label,
                        m.delivery.fingerprint,
                        [o.key for o in m.delivery.files],
                        import_id,
                        now,
                    ],
                )
                report.periods_updated.append(f"{m.url}{m.delivery.label.removeprefix(m.url.prefix)}")
        if rollup is not None and options.athena is not None:
            report.athena_rows, report.athena_replaced = load_rollup(
                con,
                rollup,
                options.athena.tag_keys,
                source_file=f"athena:{options.athena.database}.{options.athena.table}",
                now=now,
            )
        account = ctx.account_id() if (options.cost_explorer or options.inventory) else ""
        if options.cost_explorer:
            _cost_explorer(ctx, con, account, options, report, now=now, progress=progress, confirm=confirm)
        inventory_ran = False
        if options.inventory:
            inventory_ran = _inventory(ctx, con, account, options, report, now=now, progress=progress)
        if report.ce_rows or report.athena_rows:
            build_rollups(con, settings=settings)  # load_into rebuilt them for export rows already
        report.calls, report.warnings = dict(ctx.calls), list(ctx.warnings)
        if not (changed or report.ce_months or report.extras or inventory_ran or report.athena_rows):
            return report  # nothing fetched (declined or denied): leave the cache file alone
        rows = report.export_rows + report.ce_rows + report.athena_rows
        rows += report.inventory_rows + sum(report.extras.values())
        status = "partial" if report.warnings else "ok"
        tables.record_run(
            con,
            started=now,
            finished=datetime.now(now.tzinfo),
            rows=rows,
            status=status,
            calls=report.calls,
            warnings=report.warnings,
        )
        writer.commit()
        report.wrote_cache = True
    return report


def _athena(
    ctx: AwsContext,
    options: SyncOptions,
    report: SyncReport,
    *,
    now: datetime,
    progress: ProgressFn | None,
    confirm: ConfirmAthenaFn | None,
) -> AthenaResult | None:
    """Estimate, confirm and run the Athena rollup (no cache is open yet); None when not asked or declined."""
    opts = options.athena
    if opts is None:
        return None
    today = now.date()
    window = cost_explorer.months_back(today, options.months)
    since = window[0].period_start if window else today.replace(day=1)
    info = athena.table_info(ctx, opts)
    report.athena_estimate = athena.estimate(ctx, opts, info, since)
    if confirm is not None and not confirm(report.athena_estimate):
        ctx.warning("Athena: not confirmed; skipped")
        return None
    name = f"rollup of {opts.database}.{opts.table}"
    if progress:
        progress("athena", name, 0, 1)
    sql = athena.rollup_sql(opts, info)
    params = athena.rollup_parameters(opts, info, since, athena.recent_start(today, opts.resource_days))
    result = athena.run_query(ctx, opts, sql, params, name=name)
    if progress:
        progress("athena", name, 1, 1)
    report.athena_bytes_scanned, report.athena_pages = result.bytes_scanned, result.pages
    return result


def _cost_explorer(
    ctx: AwsContext,
    con: duckdb.DuckDBPyConnection,
    account: str,
    options: SyncOptions,
    report: SyncReport,
    *,
    now: datetime,
    progress: ProgressFn | None,
    confirm: ConfirmFn | None,
) -> None:
    today: date = now.date()
    covered = cost_explorer.covered_months(con, account)
    months = [m for m in cost_explorer.months_back(today, options.months) if m.period_start not in covered]
    requests = len(months) + extras.EXTRA_REQUESTS
    price = cost_explorer.REQUEST_PRICE * requests
    if confirm is not None and not confirm(requests, price):
        ctx.warning("Cost Explorer: not confirmed; skipped")
        return
    raw: list[object] = []
    rows: list[tuple[str | None, ...]] = []
    for index, month in enumerate(months):
        if progress:
            progress("cost explorer", f"{month.start:%Y-%m}", index, len(months))
        with skip_if_denied(ctx, f"Cost Explorer {month.start:%Y-%m}") as ok:
            pages = cost_explorer.fetch_month(ctx, month)
        if ok[0]:
            raw.extend(pages)
            rows.extend(cost_explorer.rows_from(pages, account, month))
            report.ce_months += 1
    if progress:
        progress("cost explorer", "", len(months), len(months))
    report.ce_rows = cost_explorer.load_rows(con, rows, raw, now=now)
    window = cost_explorer.months_back(today, options.months)
    start = window[0].start if window else today.replace(day=1)
    report.extras = extras.sync_extras(ctx, con, account, start=start, today=today, now=now)


def _inventory(
    ctx: AwsContext,
    con: duckdb.DuckDBPyConnection,
    account: str,
    options: SyncOptions,
    report: SyncReport,
    *,
    now: datetime,
    progress: ProgressFn | None,
) -> bool:
    """Inventory of the caller's account, then of each member account; True when any region answered."""
    ran = False
    targets: list[tuple[str, AwsContext | None]] = [(account, ctx)]
    for member in options.accounts:
        if member == account:
            continue
        child: AwsContext | None = None
        with skip_if_denied(ctx, f"assume role {options.assume_role} in {member}") as ok:
            child = ctx.assumed(member, str(options.assume_role))
        targets.append((member, child if ok[0] else None))
    for acct, actx in targets:
        if actx is None:
            continue
        with skip_if_denied(actx, f"EC2 DescribeRegions in {acct}") as ok:
            regions = list(options.regions) or inventory.enabled_regions(actx)
        if not ok[0]:
            continue
        ran = True
        label = "inventory" if acct == account else f"inventory {acct}"
        on_region = (lambda name, d, t, s=label: progress(s, name, d, t)) if progress else None
        report.inventory_rows += inventory.sync_inventory(
            actx, con, acct, regions, now=now, progress=on_region
        )
    return ran
