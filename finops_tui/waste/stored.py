"""Waste findings computed at import time, so the Waste screen opens without running the checks.

Every billing-only check reads the last 30 days of line items; at 10M line items they take the better
part of a second together, and pricing the few thousand candidates of a large estate in Python costs
more than a screen may take to open. So the importer (``refresh_findings``, called with the rollups)
runs every check for the newest complete day with the default thresholds and stores the priced
findings and totals as one JSON document (money as exact decimal strings). ``load_findings`` returns
them when the as-of day and the thresholds are the same; otherwise the caller runs the checks, so
stored and live findings are always the same findings. Owners from the config's ``[teams]`` mapping
and tracking from the workspace are applied after loading: they are not part of what is stored.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import duckdb

from finops_tui.settings import Settings
from finops_tui.waste.base import load_check_sql
from finops_tui.waste.models import CheckTotal, Finding, Tracking

log = logging.getLogger(__name__)

FINDINGS_DDL = """
CREATE TABLE IF NOT EXISTS waste_findings (as_of DATE NOT NULL, thresholds VARCHAR NOT NULL, body VARCHAR)
"""

_MONEY = ("monthly_cost", "monthly_saving")
_FIELDS = tuple(f.name for f in dataclasses.fields(Finding) if f.name != "tracking")


CHECKS_REVISION = 2
"""Bumped whenever a check's output changes for the same data (2: unused-commitment evidence counts
the unused quantity FOCUS puts in ``CommitmentDiscountQuantity``): findings stored by an import made
with older checks no longer match, so the screen runs the checks until the next import stores them."""


def thresholds_key(settings: Settings) -> str:
    """A stable text of the checks' revision, every threshold and the tag rules (any change: the
    stored findings do not apply).

    The rules matter because each finding's owner is read from the resource's tags with them.
    """
    return (
        f"r{CHECKS_REVISION}|"
        + repr(dataclasses.astuple(settings.thresholds))
        + "|"
        + settings.tag_rules().signature
    )


def refresh_findings(con: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> None:
    """Store the findings of the newest complete day under ``settings`` (default: the built-in ones).

    Called at the end of every import. A failing check must not cost the user the import: nothing is
    stored then, and the screen runs the checks itself and shows the error where it can be read.
    """
    from finops_tui.queries.trends import default_as_of
    from finops_tui.waste import find

    con.execute(FINDINGS_DDL)
    con.execute("DELETE FROM waste_findings")
    try:
        as_of = default_as_of(con)
        if as_of is None:
            return
        settings = settings or Settings()
        findings, totals = find(con, as_of=as_of, settings=settings, use_stored=False)
        body = json.dumps(
            {
                "findings": [[str(getattr(f, name)) for name in _FIELDS] for f in findings],
                "totals": [[str(v) for v in dataclasses.astuple(t)] for t in totals],
            }
        )
        con.execute("INSERT INTO waste_findings VALUES (?, ?, ?)", [as_of, thresholds_key(settings), body])
    except Exception as exc:  # a check bug must not cost the user the import itself
        log.warning("waste checks failed at import (%s); the Waste screen will run them when it opens", exc)
        con.execute("DELETE FROM waste_findings")


def stored_by_these_checks(cur: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """True when the cache holds findings stored by this revision of the checks under ``settings``
    (else the Waste screen runs the checks live until the next import stores them)."""
    try:
        row = cur.execute(
            "SELECT count(*) FROM waste_findings WHERE thresholds = $t", {"t": thresholds_key(settings)}
        ).fetchone()
    except duckdb.CatalogException:
        return False
    return bool(row and row[0])


def load_findings(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    settings: Settings,
    tracking: Mapping[str, Tracking],
) -> tuple[list[Finding], list[CheckTotal]] | None:
    """The stored findings for ``as_of`` under ``settings``' thresholds, or None to run the checks."""
    try:
        row = cur.execute(
            load_check_sql("stored_findings"),
            {"as_of": as_of, "thresholds": thresholds_key(settings)},
        ).fetchone()
    except duckdb.CatalogException:
        return None  # a cache written before findings were stored
    if row is None or row[0] is None:
        return None
    from finops_tui.waste import UNOWNED

    doc = json.loads(row[0])
    teams = settings.teams
    money = [_FIELDS.index(name) for name in _MONEY]
    owner_at = _FIELDS.index("owner")
    account_at = _FIELDS.index("account_id")
    findings: list[Finding] = []
    for values in doc["findings"]:
        for i in money:
            values[i] = Decimal(values[i])
        if values[owner_at] == UNOWNED:  # no owner tag: the account mapping of this config decides
            values[owner_at] = teams.get(values[account_at], UNOWNED)
        finding = Finding(*values)
        tracked = tracking.get(finding.key)
        findings.append(finding if tracked is None else dataclasses.replace(finding, tracking=tracked))
    totals = [
        CheckTotal(check, title, provider, state, int(count), Decimal(saving))
        for check, title, provider, state, count, saving in doc["totals"]
    ]
    return findings, totals
