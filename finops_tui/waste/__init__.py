"""Waste: billing-only checks priced from the effective cost actually billed, with the command to act.

``all_checks()`` discovers every module of ``finops_tui.waste.checks`` (adding a check = adding one module
and usually one ``.sql``); ``run_checks`` runs them on one cursor and returns a ``WasteReport``. No
Textual here: the screen and ``finops-tui report waste`` both call this.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pkgutil
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import duckdb

from finops_tui.errors import FinOpsError
from finops_tui.settings import Settings
from finops_tui.tag_rules import TagRules, tag_set
from finops_tui.waste import checks as checks_pkg
from finops_tui.waste.base import Check, CheckRow, load_check_sql
from finops_tui.waste.models import CheckTotal, DoneSaving, Finding, Tracking, WasteReport

WINDOW_DAYS = 30
"""Findings are priced from the effective cost of the 30 days ending ``as_of``."""
UNOWNED = "(unowned)"


@functools.cache
def all_checks() -> tuple[Check, ...]:
    """Every check, billing-only first, in module order (inventory checks last)."""
    found: list[Check] = []
    inventory: list[Check] = []
    for info in sorted(pkgutil.iter_modules(checks_pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{checks_pkg.__name__}.{info.name}")
        check = getattr(module, "CHECK", None)
        if isinstance(check, Check):
            found.append(check if check.sql_name else dataclasses.replace(check, sql_name=info.name))
        inventory.extend(c for c in getattr(module, "CHECKS", ()) if isinstance(c, Check))
    return (*found, *inventory)


def check_ids() -> list[str]:
    """Ids of every check."""
    return [c.id for c in all_checks()]


def window(as_of: date) -> tuple[datetime, datetime]:
    """``[start, end)`` timestamps of the 30 days ending ``as_of`` (inclusive)."""
    end = datetime.combine(as_of + timedelta(days=1), time())
    return end - timedelta(days=WINDOW_DAYS), end


def run_check(
    cur: duckdb.DuckDBPyConnection, check: Check, *, as_of: date, settings: Settings
) -> list[CheckRow]:
    """The candidate rows of one billing-only check."""
    if check.price is None or check.sql_name is None:
        return []
    start, end = window(as_of)
    params = {
        "start": start,
        "end": end,
        "days": WINDOW_DAYS,
        "prev_start": start - timedelta(days=WINDOW_DAYS),
        **check.params(settings.thresholds),
    }
    sql = load_check_sql(check.sql_name)
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    try:
        rows = cur.execute(sql, used).fetchall()
    except duckdb.CatalogException as exc:
        raise FinOpsError(f"waste check {check.id}: {str(exc).splitlines()[0]}; import again") from None
    rules = settings.tag_rules()
    found = []
    for row in rows:
        values = list(row)
        values[5] = _owner_tag(values[5], rules)  # the .sql returns the tag map
        found.append(CheckRow(*values))
    return found


def _owner_tag(tags: Mapping[str, str | None] | None, rules: TagRules) -> str | None:
    """Who to ask: the config's owner tag (``team`` by default), else an ``owner`` tag, normalised by the
    same rules as every screen (so ``Team = Web`` and ``team = web`` name one owner); None: neither."""
    if not tags:
        return None
    norm = rules.normalise(tag_set(tags))
    return norm.get(rules.owner_key) or norm.get(rules.canon_key("owner"))


def _owner(row: CheckRow, teams: Mapping[str, str]) -> str:
    if row.owner_tag:
        return row.owner_tag
    return teams.get(row.account_id, UNOWNED)


def find(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    settings: Settings,
    tracking: Mapping[str, Tracking] | None = None,
    use_stored: bool = True,
) -> tuple[list[Finding], list[CheckTotal]]:
    """Run every check: the findings (sorted by saving, largest first) and the totals per check.

    With ``use_stored`` the findings the import stored are returned when they were made for ``as_of``
    and these thresholds (see ``waste/stored.py``); without it every check runs here.
    """
    tracking = tracking or {}
    minimum = Decimal(repr(settings.thresholds.waste_min_monthly_saving))
    findings: list[Finding] = []
    totals: list[CheckTotal] = []
    if use_stored:
        from finops_tui.waste.stored import load_findings

        stored = load_findings(cur, as_of=as_of, settings=settings, tracking=tracking)
        if stored is not None:
            return stored
    shared: dict[tuple[str | None, tuple[tuple[str, Any], ...]], list[CheckRow]] = {}
    for check in all_checks():
        if check.needs_inventory:
            totals.append(CheckTotal(check.id, check.title, check.provider, "needs inventory", 0, Decimal(0)))
            continue
        assert check.price is not None
        made: list[Finding] = []
        key = (check.sql_name, tuple(sorted(check.params(settings.thresholds).items())))
        if key not in shared:  # checks sharing one .sql (and parameters) run it once
            shared[key] = run_check(cur, check, as_of=as_of, settings=settings)
        for row in shared[key]:
            priced = check.price(row, settings.thresholds)
            if priced is None or priced.monthly_saving < minimum or priced.monthly_saving <= 0:
                continue
            finding = Finding(
                check=check.id,
                check_title=check.title,
                resource_id=row.resource_id,
                provider=row.provider,
                account_id=row.account_id,
                account_name=row.account_name or row.account_id,
                region=row.region or "",
                owner=_owner(row, settings.teams),
                evidence=priced.evidence,
                monthly_cost=row.monthly_cost,
                monthly_saving=priced.monthly_saving,
                formula=priced.formula,
                confidence=priced.confidence,
                command=priced.command,
            )
            tracked = tracking.get(finding.key)
            made.append(finding if tracked is None else dataclasses.replace(finding, tracking=tracked))
        totals.append(
            CheckTotal(
                check.id,
                check.title,
                check.provider,
                "ok",
                len(made),
                sum((f.monthly_saving for f in made), Decimal(0)),
            )
        )
        findings.extend(made)
    findings.sort(key=lambda f: (-f.monthly_saving, f.check, f.resource_id))
    return findings, totals


def done_savings(
    cur: duckdb.DuckDBPyConnection, *, as_of: date, tracking: Mapping[str, Tracking]
) -> list[DoneSaving]:
    """For findings marked done: cost per 30 days since the done day vs the baseline (later billing data)."""
    out: list[DoneSaving] = []
    sql = load_check_sql("resource_cost_since")
    for key, t in sorted(tracking.items()):
        if t.status != "done" or t.done_on is None or t.baseline_monthly_cost is None:
            continue
        check, _, resource = key.partition("|")
        since = t.done_on + timedelta(days=1)
        start = max(since, as_of - timedelta(days=WINDOW_DAYS - 1))
        days = (as_of - start).days + 1
        if days <= 0:
            continue
        row = cur.execute(
            sql, {"resource_id": resource, "start": start, "end": as_of + timedelta(days=1)}
        ).fetchone()
        cost = row[0] if row and row[0] is not None else Decimal(0)
        after = cost * WINDOW_DAYS / days
        out.append(DoneSaving(key, check, resource, t.done_on, t.baseline_monthly_cost, after, days))
    return out


def currency(cur: duckdb.DuckDBPyConnection, default: str) -> str:
    """The billing currency of the cache (``default`` when empty or mixed)."""
    row = cur.execute(load_check_sql("currency")).fetchone()
    return str(row[0]) if row and row[0] else default


def waste_report(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    settings: Settings,
    tracking: Mapping[str, Tracking] | None = None,
) -> WasteReport:
    """Everything the waste screen and ``report waste`` show, on one cursor."""
    tracking = tracking or {}
    findings, totals = find(cur, as_of=as_of, settings=settings, tracking=tracking)
    start, _ = window(as_of)
    return WasteReport(
        as_of=as_of,
        start=start.date(),
        currency=currency(cur, settings.currency),
        findings=tuple(findings),
        totals=tuple(totals),
        done=tuple(done_savings(cur, as_of=as_of, tracking=tracking)),
        done_on=done_days(tracking),
    )


def done_days(tracking: Mapping[str, Tracking]) -> tuple[tuple[str, date], ...]:
    """Each finding tracked as done with its done day, in key order."""
    return tuple(
        (key, t.done_on)
        for key, t in sorted(tracking.items())
        if t.status == "done" and t.done_on is not None
    )


def apply_tracking(
    cur: duckdb.DuckDBPyConnection, report: WasteReport, tracking: Mapping[str, Tracking]
) -> WasteReport:
    """``report`` with fresh tracking merged in and the realised savings re-measured (no check re-run)."""
    untracked = Tracking()
    findings = tuple(  # only the findings whose tracking changed are copied (10M lines: 4,000+ findings)
        f if (t := tracking.get(f.key, untracked)) == f.tracking else dataclasses.replace(f, tracking=t)
        for f in report.findings
    )
    done = tuple(done_savings(cur, as_of=report.as_of, tracking=tracking))
    return dataclasses.replace(report, findings=findings, done=done, done_on=done_days(tracking))
