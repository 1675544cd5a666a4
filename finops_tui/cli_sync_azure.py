"""``finops-tui sync azure``: arguments, progress bars and the summary.

Progress and the summary go to stderr; the exit code is 0 when the sync landed or nothing changed
(warnings included), 1 on an input or Azure error, 130 when interrupted (the cache is then unchanged).
"""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from finops_tui.cli_progress import SyncBars, human_size
from finops_tui.cli_types import months

# Rich and the Azure SDK are imported when the command runs: building the parser must stay cheap.


def add_azure_parser(which: Any, common: argparse.ArgumentParser) -> None:
    """Register ``sync azure`` on the ``sync`` command's subparsers."""
    az = which.add_parser(
        "azure",
        parents=[common],
        help="Azure cost exports in Blob storage and the Cost Management Query API",
        description="Read-only Azure sync. Exports: the newest run of each billing period is downloaded "
        "(only changed blobs, by ETag) into a mirror beside the cache and imported. Query API: daily "
        "actual and amortized cost per scope for months no export covers. Credentials: "
        "DefaultAzureCredential (az login, AZURE_* environment, managed identity) or a token in "
        "FINOPS_TUI_AZURE_TOKEN; storage: --storage-account or AZURE_STORAGE_CONNECTION_STRING. Roles: "
        "docs/azure-permissions.md. Nothing lands unless the whole sync succeeds.",
    )
    az.add_argument(
        "--scope",
        action="append",
        default=[],
        metavar="SCOPE",
        help="subscriptions/<guid>[/resourceGroups/<rg>], providers/Microsoft.Billing/billingAccounts/<id>"
        "[/billingProfiles/<id>], providers/Microsoft.Management/managementGroups/<id> (repeatable)",
    )
    az.add_argument(
        "--export",
        action="append",
        default=[],
        metavar="CONTAINER/PATH",
        help="cost export location (repeatable)",
    )
    az.add_argument("--storage-account", metavar="NAME", help="storage account holding the exports")
    az.add_argument("--query", action="store_true", help="daily costs of each --scope from the Query API")
    az.add_argument("--cloud", choices=("public", "china", "usgov"), help="Azure cloud (default public)")
    az.add_argument("--arm-endpoint", metavar="URL", help="Azure Resource Manager URL (overrides --cloud)")
    az.add_argument("--months", type=months, metavar="N", help="Query API months back, 1 to 36 (default 3)")
    az.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="settings file (TOML) with an [azure] section",
        default=argparse.SUPPRESS,
    )
    az.add_argument(
        "--tag-key",
        action="append",
        default=[],
        metavar="KEY",
        help="tag key to fetch with the Query API (repeat for more keys)",
    )
    az.add_argument(
        "--extras", action="store_true", help="also budgets, Cost Management alerts and the month's forecast"
    )
    az.add_argument(
        "--inventory", action="store_true", help="managed disks and public IPs of each scope's subscription"
    )
    az.add_argument("--staging", type=Path, metavar="DIR", help="download mirror (default: beside the cache)")
    az.add_argument("-q", "--quiet", action="store_true", help="no progress bars")


def run_sync_azure(db: Path, args: argparse.Namespace, *, now: datetime) -> int:
    """``finops-tui sync azure``."""
    from rich.console import Console
    from rich.text import Text

    from finops_tui import formatting as fmt
    from finops_tui.settings import load_settings
    from finops_tui.sync.azure.run import AzureOptions, sync_azure

    err = Console(stderr=True, soft_wrap=True)
    settings = load_settings(args.config)
    conf = settings.azure  # flags win over the [azure] section
    account = args.storage_account or conf.storage_account
    scopes = tuple(args.scope) or conf.scopes
    options = AzureOptions(
        scopes=scopes,
        exports=tuple(args.export) or conf.exports,
        storage_account=account,
        connection_string=None if account else os.environ.get("AZURE_STORAGE_CONNECTION_STRING"),
        query=args.query or conf.query or bool(scopes),
        cloud=args.cloud or conf.cloud,
        arm_endpoint=args.arm_endpoint or conf.arm_endpoint,
        months=max(1, args.months if args.months is not None else conf.months),
        tag_keys=tuple(args.tag_key) or conf.tag_keys,
        extras=args.extras or conf.extras,
        inventory=args.inventory or conf.inventory,
        staging=args.staging,
    )
    bars = SyncBars(err, enabled=not args.quiet and err.is_terminal)

    def warn(text: str) -> None:
        bars.progress.console.print(Text(f"warning: {text}", style="yellow"))

    with bars.progress:
        report = sync_azure(db, options, now=now, progress=bars, warn=warn, settings=settings)
    for label in report.runs_updated:
        err.print(Text(f"  updated {label}"))
    if options.exports:
        err.print(
            f"exports: {report.runs} runs, {len(report.runs_updated)} updated, "
            f"{fmt.count(report.export_rows)} rows imported"
            + (f" (replacing {fmt.count(report.rows_replaced)})" if report.rows_replaced else "")
            + f"; downloaded {report.downloaded} blobs ({human_size(report.bytes_downloaded)}), "
            f"{report.skipped} unchanged"
        )
    if options.scopes:
        err.print(
            f"query API: {report.scopes_ok}/{len(options.scopes)} scopes, {report.query_windows} months, "
            f"{fmt.count(report.query_rows)} daily rows written, {report.query_calls} pages"
        )
    if options.extras or options.inventory:
        err.print("extras: " + (", ".join(f"{k} {v}" for k, v in sorted(report.extras.items())) or "none"))
    err.print(
        (f"cache {db} updated" if report.wrote_cache else "nothing changed, cache untouched")
        + (f"; {len(report.warnings)} warning(s)" if report.warnings else "")
    )
    return 0
