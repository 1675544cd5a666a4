"""One ``sync azure`` run: mirror export runs, query scopes, then write everything into the cache at once.

1. Exports: list each ``CONTAINER/PATH``, choose the newest complete run per billing period, and
   download (only changed blobs) the runs whose fingerprint differs from what the cache recorded.
2. Query API: for each scope and month no export covers, fetch daily actual and amortized costs. One
   failing scope (or export location) becomes a warning and the others continue; when every source
   failed the run fails with the first message.
3. When nothing changed (same export runs, same query answers), stop: the cache is not touched.
   Otherwise open one :class:`CacheWriter`, import the runs through the normal importer, write the
   query rows, record the run, and swap the copy in. Any failure or interruption discards the copy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import duckdb
from azure.core.exceptions import AzureError

from finops_tui.errors import FinOpsError
from finops_tui.settings import Settings
from finops_tui.sync.azure import clients, extras, inventory, query_api
from finops_tui.sync.azure.blob_exports import ExportLocation, ExportMirror, FetchedRun, Run
from finops_tui.sync.files import SourceFile
from finops_tui.sync.importer import load_into
from finops_tui.sync.rollups import build_rollups
from finops_tui.sync.writer import DUCKDB_CONFIG, CacheWriter

ProgressFn = Callable[[str, str, int, int], None]
"""Called as ``progress(source, item, done, total)``."""

DDL = (
    """CREATE TABLE IF NOT EXISTS azure_export_runs (
        location VARCHAR NOT NULL, label VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL,
        run_name VARCHAR, blobs VARCHAR[] NOT NULL, import_id BIGINT, synced_at TIMESTAMP NOT NULL,
        PRIMARY KEY (location, label))""",
    """CREATE TABLE IF NOT EXISTS azure_query_windows (
        scope VARCHAR NOT NULL, month DATE NOT NULL, digest VARCHAR NOT NULL, rows BIGINT NOT NULL,
        synced_at TIMESTAMP NOT NULL, PRIMARY KEY (scope, month))""",
    """CREATE TABLE IF NOT EXISTS sync_runs (
        provider VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, rows BIGINT, status VARCHAR,
        error VARCHAR, api_calls BIGINT, detail JSON)""",
)


@dataclass(frozen=True)
class AzureOptions:
    """What to sync and where Azure is."""

    scopes: tuple[str, ...] = ()
    exports: tuple[str, ...] = ()
    storage_account: str | None = None
    connection_string: str | None = None
    query: bool = False
    cloud: str = "public"
    arm_endpoint: str | None = None
    months: int = 3
    tag_keys: tuple[str, ...] = ()
    extras: bool = False
    """Also budgets, Cost Management alerts and the month's forecast of each scope."""
    inventory: bool = False
    """Also managed disks and public IPs of each scope's subscription (for the waste checks)."""
    staging: Path | None = None


@dataclass
class AzureReport:
    """What a sync did, for the summary."""

    runs: int = 0
    runs_updated: list[str] = field(default_factory=list)
    export_rows: int = 0
    rows_replaced: int = 0
    listed: int = 0
    downloaded: int = 0
    skipped: int = 0
    bytes_downloaded: int = 0
    scopes_ok: int = 0
    query_windows: int = 0
    query_rows: int = 0
    query_calls: int = 0
    extras: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    wrote_cache: bool = False


def staging_for(db: Path) -> Path:
    """The default mirror folder of a cache file."""
    return db.with_name(db.stem + ".azure-mirror")


Recorded = dict[tuple[str, str], str]


def _recorded(db: Path) -> tuple[Recorded, Recorded, Recorded]:
    """Export fingerprints, query digests and extras digests the live cache holds (read-only)."""
    if not db.exists():
        return {}, {}, {}
    try:
        con = duckdb.connect(str(db), read_only=True, config=DUCKDB_CONFIG)
    except duckdb.Error:
        return {}, {}, {}
    try:
        runs = {
            (r[0], r[1]): r[2]
            for r in con.execute("SELECT location, label, fingerprint FROM azure_export_runs").fetchall()
        }
        windows = {
            (r[0], str(r[1])): r[2]
            for r in con.execute("SELECT scope, month, digest FROM azure_query_windows").fetchall()
        }
    except duckdb.CatalogException:
        return {}, {}, {}
    try:
        extra = extras.recorded(con)
    except duckdb.CatalogException:
        extra = {}
    finally:
        con.close()
    return runs, windows, extra


def _display(account: str, location: ExportLocation, run: Run, blob_name: str) -> str:
    """The name users see; carries the manifest's dataset so actual and amortized runs are told apart."""
    name = f"azure://{account}/{location.container}/{blob_name}"
    return f"{name} [{run.dataset}]" if run.dataset else name


@dataclass
class _QueryResult:
    scope: str
    month: str
    digest: str
    rows: list[tuple[Any, ...]]
    raw: list[Any]


def sync_azure(
    db: Path,
    options: AzureOptions,
    *,
    now: datetime,
    credential: Any = None,
    progress: ProgressFn | None = None,
    warn: Callable[[str], None] | None = None,
    settings: Settings | None = None,
) -> AzureReport:
    """Run one sync into the cache at ``db``; the cache changes only if the whole run succeeds.

    ``settings`` is the config in force: the rollups store tag flags and waste findings under it.
    """
    scopes = [query_api.normalise_scope(s) for s in options.scopes]
    locations = [ExportLocation.parse(e) for e in options.exports]
    if not locations and not scopes:
        raise FinOpsError("nothing to sync: pass --export CONTAINER/PATH and/or --scope SCOPE --query")
    if options.query and not scopes:
        raise FinOpsError("--query needs at least one --scope (e.g. subscriptions/<guid>)")
    report = AzureReport()
    failures: list[str] = []

    def warning(text: str) -> None:
        report.warnings.append(text)
        if warn:
            warn(text)

    recorded_runs, recorded_windows, recorded_extras = _recorded(db)
    fetched = _exports(db, options, locations, report, recorded_runs, warning, failures, credential, progress)
    results, extra_items = _queries(db, options, scopes, report, warning, failures, credential, now, progress)
    if failures and not fetched and not report.runs and not report.scopes_ok:
        raise FinOpsError(failures[0])
    for message in failures:  # some sources landed: the failed ones are warnings
        warning(message)
    new_windows = [r for r in results if recorded_windows.get((r.scope, r.month)) != r.digest]
    new_extras = [e for e in extra_items if recorded_extras.get((e.scope, e.kind)) != e.digest]
    for item in extra_items:
        report.extras[item.kind] = report.extras.get(item.kind, 0) + len(item.rows)
    if not fetched and not new_windows and not new_extras:
        return report
    with CacheWriter(db) as writer:
        con = writer.connection
        for ddl in (*DDL, *extras.DDL, inventory.DDL):
            con.execute(ddl)
        if fetched:
            sources = [
                SourceFile(path, _display(account, f.location, f.run, blob.name), path)
                for account, f in fetched
                for blob, path in zip(f.run.blobs, f.paths, strict=True)
            ]
            on_file = (lambda name, d, t: progress("import", name, d, t)) if progress else None
            result = load_into(con, sources, now=now, progress=on_file, settings=settings)
            report.export_rows, report.rows_replaced = result.rows, result.rows_replaced
            import_id = int(con.execute("SELECT value FROM meta WHERE key = 'last_import_id'").fetchone()[0])  # type: ignore[index]
            for _account, f in fetched:
                con.execute(
                    "INSERT OR REPLACE INTO azure_export_runs VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        str(f.location),
                        f.run.label,
                        f.run.fingerprint,
                        f.run.name,
                        [b.name for b in f.run.blobs],
                        import_id,
                        now,
                    ],
                )
                report.runs_updated.append(f"{f.location.container}/{f.run.label}")
        dropped = query_api.drop_covered(con, scopes) if fetched and scopes else 0
        if new_extras:
            extras.write(con, new_extras, now)
        if new_windows:
            keep = [r for r in new_windows if not query_api.covered(con, r.scope, _window(r.month))]
            rows = [row for r in keep for row in r.rows]
            raw = [r.raw for r in keep]
            report.query_rows = query_api.load_rows(con, rows, raw, now=now)
            for r in keep:
                con.execute(
                    "INSERT OR REPLACE INTO azure_query_windows VALUES (?, ?, ?, ?, ?)",
                    [r.scope, r.month, r.digest, len(r.rows), now],
                )
        if report.query_rows or dropped:
            build_rollups(con, settings=settings)  # load_into rebuilt them for the export rows already
        con.execute(
            "INSERT INTO sync_runs VALUES ('azure', ?, ?, ?, ?, ?, ?, ?)",
            [
                now,
                datetime.now(now.tzinfo),
                report.export_rows + report.query_rows,
                "partial" if report.warnings else "ok",
                "; ".join(report.warnings) or None,
                report.query_calls,
                json.dumps({"warnings": report.warnings, "runs": report.runs_updated}),
            ],
        )
        writer.commit()
        report.wrote_cache = True
    return report


def _window(month: str) -> query_api.Window:
    start = datetime.fromisoformat(month).date()
    return query_api.Window(start, start)


def _exports(
    db: Path,
    options: AzureOptions,
    locations: list[ExportLocation],
    report: AzureReport,
    recorded: dict[tuple[str, str], str],
    warning: Callable[[str], None],
    failures: list[str],
    credential: Any,
    progress: ProgressFn | None,
) -> list[tuple[str, FetchedRun]]:
    """Mirror the changed newest runs of every export location."""
    if not locations:
        return []
    service = clients.blob_service(
        account=options.storage_account,
        connection_string=options.connection_string,
        cloud=options.cloud,
        cred=credential,
    )
    account = str(service.account_name)
    out: list[tuple[str, FetchedRun]] = []
    for location in locations:
        mirror = ExportMirror(
            service.get_container_client(location.container),
            account,
            location,
            options.staging or staging_for(db),
        )
        try:
            runs = mirror.newest_runs(mirror.list_blobs())
            if not runs:
                raise FinOpsError(
                    f"{account}/{location}: no export files there "
                    "(expected <export>/<yyyymmdd-yyyymmdd>/… runs)"
                )
            report.runs += len(runs)
            changed = [r for r in runs if recorded.get((str(location), r.label)) != r.fingerprint]
            for run in changed:
                step = (
                    (
                        lambda name, d, t, w=str(location): progress(
                            f"download {w}", PurePosixPath(name).name, d, t
                        )
                    )
                    if progress
                    else None
                )
                out.append((account, FetchedRun(location, run, mirror.fetch(run, step))))
        except AzureError as exc:
            message = _blob_message(exc, account, location)
            failures.append(message)
        except FinOpsError as exc:
            failures.append(str(exc))
        for text in mirror.warnings:
            warning(text)
        report.listed += mirror.stats.listed
        report.downloaded += mirror.stats.downloaded
        report.skipped += mirror.stats.skipped
        report.bytes_downloaded += mirror.stats.bytes
    return out


def _blob_message(exc: AzureError, account: str, location: ExportLocation) -> str:
    code = str(getattr(exc, "error_code", "") or "")
    if code == "ContainerNotFound":
        return f"storage account {account}: container {location.container!r} not found"
    return clients.describe(exc, f"{account}/{location}", role="Storage Blob Data Reader")


def _queries(
    db: Path,
    options: AzureOptions,
    scopes: list[str],
    report: AzureReport,
    warning: Callable[[str], None],
    failures: list[str],
    credential: Any,
    now: datetime,
    progress: ProgressFn | None,
) -> tuple[list[_QueryResult], list[extras.Fetched]]:
    """Daily actual and amortized rows per scope and uncovered month (and the extras when asked);
    a failing scope is a warning."""
    if not scopes:
        return [], []
    base = clients.arm_endpoint(options.cloud, options.arm_endpoint)
    client = clients.cost_client(clients.credential(options.cloud, credential), base)
    windows = query_api.windows(now.date(), options.months)
    covered = _covered_now(db, scopes, windows)
    out: list[_QueryResult] = []
    extra_items: list[extras.Fetched] = []
    inventoried: set[str] = set()
    for scope in scopes:
        todo = [w for w in windows if (scope, w.start) not in covered]
        per_window = len(query_api.DATASETS) + len(options.tag_keys)
        done = 0

        def page(scope: str = scope) -> None:
            report.query_calls += 1

        try:
            found: list[_QueryResult] = []
            for window in todo:
                if progress:
                    progress(f"query {scope}", f"{window.start:%Y-%m}", done, len(todo) * per_window)
                tags: dict[str, dict[str, str]] = {}
                raw_all: list[Any] = []
                for key in options.tag_keys:
                    grouping = [query_api.GROUPING[0], {"type": "TagKey", "name": key}]
                    raw = query_api.query_all(
                        client, scope, query_api.definition("ActualCost", window, grouping, daily=False), page
                    )
                    raw_all.append(raw)
                    for resource, value in query_api.tag_values(raw, key).items():
                        tags.setdefault(resource, {})[key] = value
                    done += 1
                rows: list[tuple[Any, ...]] = []
                for kind, basis in query_api.DATASETS:
                    raw = query_api.query_all(
                        client, scope, query_api.definition(kind, window, list(query_api.GROUPING)), page
                    )
                    raw_all.append(raw)
                    rows.extend(query_api.rows_from(scope, basis, raw, tags))
                    done += 1
                digest = hashlib.sha256(json.dumps(raw_all, sort_keys=True, default=str).encode()).hexdigest()
                found.append(_QueryResult(scope, window.start.isoformat(), digest, rows, raw_all))
            out.extend(found)
            if options.extras:
                extra_items.extend(extras.fetch(client, scope, now.date(), warning))
            sub = inventory.subscription_of(scope) if options.inventory else None
            if sub and sub not in inventoried:
                inventoried.add(sub)
                try:
                    extra_items.append(extras.Fetched(sub, "inventory", inventory.take(client, sub)))
                except AzureError as exc:
                    warning(clients.describe(exc, f"{sub} inventory", role="Reader"))
            report.scopes_ok += 1
            report.query_windows += len(found)
        except AzureError as exc:
            message = clients.describe(exc, scope, role="Cost Management Reader")
            failures.append(message)
        if progress:
            progress(f"query {scope}", "", len(todo) * per_window, len(todo) * per_window)
    return out, extra_items


def _covered_now(db: Path, scopes: list[str], windows: list[query_api.Window]) -> set[tuple[str, Any]]:
    """(scope, month) pairs whose export line items the live cache already holds."""
    if not db.exists():
        return set()
    try:
        con = duckdb.connect(str(db), read_only=True, config=DUCKDB_CONFIG)
    except duckdb.Error:
        return set()
    try:
        return {(s, w.start) for s in scopes for w in windows if query_api.covered(con, s, w)}
    except duckdb.CatalogException:
        return set()
    finally:
        con.close()
