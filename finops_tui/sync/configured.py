"""The in-app "Sync now": every source the config's ``[aws]`` and ``[azure]`` sections name, in one go.

The CLI commands merge flags over these sections; inside the app there are no flags, so the config is
the whole story. Each provider runs as its own sync (its own copy-and-swap of the cache), so one
provider failing never loses what the other brought; the outcome comes back as plain lines for the
app to show.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from finops_tui.aws_settings import AwsSettings
from finops_tui.azure_settings import AzureSettings
from finops_tui.errors import FinOpsError
from finops_tui.settings import Settings

ProgressFn = Callable[[str, str, int, int], None]
ConfirmFn = Callable[[int, Decimal], bool]


@dataclass
class SyncOutcome:
    """What the configured syncs did, one line per provider."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wrote_cache: bool = False


def aws_configured(conf: AwsSettings) -> bool:
    """True when the ``[aws]`` section names something to sync."""
    return bool(conf.exports or conf.cost_explorer or conf.inventory or conf.athena)


def azure_configured(conf: AzureSettings) -> bool:
    """True when the ``[azure]`` section names something to sync."""
    return bool(conf.exports or conf.scopes)


def configured_providers(settings: Settings) -> list[str]:
    """The providers "Sync now" would sync, in order."""
    found = []
    if aws_configured(settings.aws):
        found.append("aws")
    if azure_configured(settings.azure):
        found.append("azure")
    return found


def nothing_configured() -> str:
    """What to write, and where, when no provider section names a source."""
    import platformdirs

    from finops_tui.config import APP_NAME
    from finops_tui.settings import CONFIG_NAME

    user = platformdirs.user_config_path(APP_NAME) / "config.toml"
    return (
        'nothing to sync: add an [aws] section (exports = ["s3://BUCKET/PREFIX"], cost_explorer = true, '
        "inventory = true) or an [azure] section (exports, storage_account, scopes) to the config file: "
        f"--config FILE, ./{CONFIG_NAME} or {user}"
    )


def run_configured(
    db: Path,
    settings: Settings,
    *,
    now: datetime,
    progress: ProgressFn | None = None,
    confirm: ConfirmFn | None = None,
) -> SyncOutcome:
    """Sync every configured provider into ``db``; a provider that fails is reported, the others land."""
    providers = configured_providers(settings)
    if not providers:
        raise FinOpsError(nothing_configured())
    outcome = SyncOutcome()
    for provider in providers:
        try:
            if provider == "aws":
                _aws(db, settings, outcome, now=now, progress=progress, confirm=confirm)
            else:
                _azure(db, settings, outcome, now=now, progress=progress)
        except FinOpsError as exc:
            outcome.errors.append(f"{provider}: {exc}")
    return outcome


def _aws(
    db: Path,
    settings: Settings,
    outcome: SyncOutcome,
    *,
    now: datetime,
    progress: ProgressFn | None,
    confirm: ConfirmFn | None,
) -> None:
    from finops_tui.sync.aws.run import SyncOptions, sync_aws
    from finops_tui.sync.aws.session import AwsContext

    conf = settings.aws
    if conf.athena:  # its price is estimated and confirmed per run, which needs the terminal
        outcome.warnings.append(
            "AWS: the Athena rollup (aws.athena) runs only from `finops-tui sync aws`, where its scan price "
            "is shown and confirmed"
        )
        if not (conf.exports or conf.cost_explorer or conf.inventory):
            outcome.lines.append("AWS: Athena rollup skipped in the app")
            return
    options = SyncOptions(
        exports=conf.exports,
        cost_explorer=conf.cost_explorer,
        inventory=conf.inventory,
        months=conf.months,
        regions=conf.regions,
        accounts=conf.accounts,
        assume_role=conf.assume_role,
    )
    ctx = AwsContext(profile=conf.profile, warn=outcome.warnings.append)
    report = sync_aws(db, options, ctx, now=now, progress=progress, confirm=confirm, settings=settings)
    rows = report.export_rows + report.ce_rows + report.inventory_rows + sum(report.extras.values())
    outcome.wrote_cache |= report.wrote_cache
    outcome.lines.append(
        f"AWS: {_calls(sum(report.calls.values()))}, "
        + (
            f"{len(report.periods_updated)} billing period(s) updated, {rows:,} rows"
            if report.wrote_cache
            else "nothing changed"
        )
    )


def _azure(
    db: Path,
    settings: Settings,
    outcome: SyncOutcome,
    *,
    now: datetime,
    progress: ProgressFn | None,
) -> None:
    from finops_tui.sync.azure.run import AzureOptions, sync_azure

    conf = settings.azure
    options = AzureOptions(
        scopes=conf.scopes,
        exports=conf.exports,
        storage_account=conf.storage_account,
        connection_string=None if conf.storage_account else os.environ.get("AZURE_STORAGE_CONNECTION_STRING"),
        query=conf.query or bool(conf.scopes),
        cloud=conf.cloud,
        arm_endpoint=conf.arm_endpoint,
        months=conf.months,
        tag_keys=conf.tag_keys,
        extras=conf.extras,
        inventory=conf.inventory,
    )
    report = sync_azure(
        db, options, now=now, progress=progress, warn=outcome.warnings.append, settings=settings
    )
    outcome.wrote_cache |= report.wrote_cache
    rows = report.export_rows + report.query_rows + sum(report.extras.values())
    outcome.lines.append(
        f"Azure: {report.query_calls} query page(s), "
        + (
            f"{len(report.runs_updated)} export run(s) updated, {rows:,} rows"
            if report.wrote_cache
            else "nothing changed"
        )
    )


def _calls(n: int) -> str:
    return "1 API call" if n == 1 else f"{n} API calls"
