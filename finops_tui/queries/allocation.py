"""The allocation questions: $-weighted tag coverage, gaps, tag hygiene, showback and readiness.

Two ``.sql`` files read the monthly resource rollup (cost per month x sub-account x service x
resource x tag set, with the untaggable reason); everything tag-related is then decided in Python by
``TagRules`` once per distinct tag set (an estate has a few thousand), so the normalisation rules from
the config apply identically on the screen, in ``report allocation`` and in ``report showback``.
Money stays ``Decimal`` end to end.
"""

from __future__ import annotations

import calendar
import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa

from finops_tui.allocation_models import (
    SCOPES,
    AllocationView,
    Coverage,
    Gap,
    HygieneGroup,
    MonthPoint,
    Showback,
    ShowbackRow,
    UntaggableLine,
    Variant,
)
from finops_tui.errors import FinOpsError
from finops_tui.queries import in_parallel, load_sql
from finops_tui.settings import Settings
from finops_tui.showback import UNALLOCATED, CostLine, Ownership, allocate
from finops_tui.tag_rules import TagRules

ZERO = Decimal(0)
TREND_MONTHS = 13
"""Months in the coverage and readiness trend, the shown one included."""


def month_start(day: date) -> date:
    """First day of ``day``'s month."""
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    """First day of the month ``n`` months after (or before) ``month``."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def last_complete_month(as_of: date) -> date:
    """``as_of``'s month when ``as_of`` is its last day, else the month before."""
    last = calendar.monthrange(as_of.year, as_of.month)[1]
    return month_start(as_of) if as_of.day == last else add_months(month_start(as_of), -1)


def parse_month(text: str) -> date:
    """``2026-09`` → 2026-09-01 (FinOpsError otherwise)."""
    try:
        year, mon = text.split("-")
        return date(int(year), int(mon), 1)
    except ValueError:
        raise FinOpsError(f"{text!r} is not a month (YYYY-MM)") from None


def _run(
    cur: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any],
    index: TagIndex | None = None,
    older: str | None = None,
) -> list[Any]:
    """Run ``<name>.sql``; with ``index``, its ``{lines}`` slot reads the rows those flags resolve.

    Caches imported by an older finops-tui lack some of the import's shortcut tables: ``older`` names
    the ``.sql`` asking the same question of the tables they do have (the monthly rollups are
    handled here for every question: a view, or the flags joined instead of the resolved rows).
    """
    sql = load_sql(name)
    if index is not None:
        sql = sql.format(lines=index.lines_sql())
    try:
        return cur.execute(sql, params).fetchall()
    except duckdb.CatalogException as exc:
        missing = str(exc)
        if older is not None:
            return _run(cur, older, params, index)
        if "monthly_owner_cost" in missing and index is not None:  # imported before it was kept
            return _run(cur, name, params, dataclasses.replace(index, resolved=False))
        if "monthly_tagset_cost" in missing and _tagset_view(cur):
            return _run(cur, name, params, index)
        if any(table in missing for table in ("monthly_tagset_cost", "monthly_resource_cost", "tag_sets")):
            raise FinOpsError(
                "this cache has no monthly allocation rollup (written by an older finops-tui); "
                "import again (or rebuild the demo) to add it"
            ) from None
        raise


def _tagset_view(cur: duckdb.DuckDBPyConnection) -> bool:
    """A cache imported before ``monthly_tagset_cost`` existed: define it on this cursor as a view
    over the monthly rollup (same rows, each question a little slower). False when that is missing too."""
    from finops_tui.sync.allocation_rollup import MONTHLY_TAGSET_COST_SELECT

    try:
        cur.execute("CREATE OR REPLACE TEMP VIEW monthly_tagset_cost AS " + MONTHLY_TAGSET_COST_SELECT)
    except duckdb.CatalogException:
        return False
    return True


class NoCostInMonth(FinOpsError):
    """A month with no cost in the cache: a normal situation (an ``--as-of`` in the cache's first
    month, only the current month imported), shown as an empty state, not as a failure."""


def no_cost_message(cur: duckdb.DuckDBPyConnection, month: date) -> str:
    """Why a month has nothing to show, with the months that do (an --as-of past the data, say)."""
    found = months(cur)
    if not found:
        return f"no cost in {month:%Y-%m}: the cache has no billing data"
    return f"no cost in {month:%Y-%m}: the cache covers {found[-1]:%Y-%m} to {found[0]:%Y-%m}"


def months(cur: duckdb.DuckDBPyConnection) -> list[date]:
    """Months present in the cache, newest first."""
    return [row[0] for row in _run(cur, "alloc_months", {})]


@dataclass(frozen=True, eq=False)
class TagIndex:
    """Every tag set of the cache by hash, with what the rules make of it."""

    flags: pa.Table
    """``tag_hash``, ``mask`` (bit i set when the set carries required key i), ``team`` per tag set."""
    resolved: bool = False
    """True when these are the flags the import stored, so its ``monthly_owner_cost`` (the monthly
    rollup with each tag set already resolved to its mask and team) answers for them."""

    def lines_sql(self) -> str:
        """The ``{lines}`` source of the allocation questions: month, provider, currency, sub-account,
        service, untaggable, refund, team, mask, effective_cost."""
        return _RESOLVED_LINES if self.resolved else _JOINED_LINES

    def register(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Show the hash → flags table to the ``.sql`` files as ``tag_flags`` on this cursor.

        Registered as an Arrow table (no copy) rather than bound as list parameters: binding three
        lists of ten thousand values cost several milliseconds in every query that used them.
        """
        cur.register("tag_flags", self.flags)


_JOINED_LINES = """(
    SELECT m.month, m.ProviderName, m.BillingCurrency, m.SubAccountId, m.SubAccountName, m.ServiceName,
           m.untaggable, m.refund, f.team, coalesce(f.mask, 0) AS mask, m.effective_cost
    FROM monthly_tagset_cost m LEFT JOIN tag_flags f ON f.tag_hash = m.tag_hash
)"""
"""Each tag set of the monthly rollup resolved through the registered flags (any rules)."""

_RESOLVED_LINES = """(
    SELECT month, ProviderName, BillingCurrency, SubAccountId, SubAccountName, ServiceName,
           untaggable, refund, team, mask, effective_cost
    FROM monthly_owner_cost
)"""
"""The same rows as the import resolved them for its stored rules: 25k rows instead of 172k at 10M
line items (tag sets are nearly one per resource; their masks and teams are a few dozen)."""

_FLAGS_SCHEMA = pa.schema([("tag_hash", pa.int64()), ("mask", pa.int32()), ("team", pa.string())])

_INDEX_MEMO: dict[tuple[Any, ...], TagIndex] = {}
"""Tag indexes by (cache content, rules): a reload or a month step reuses the normalised tag sets."""


def tag_index(cur: duckdb.DuckDBPyConnection, rules: TagRules) -> TagIndex:
    """The distinct tag sets, each normalised once (memoised until an import changes the cache).

    The import stores the flags under its config (``tag_flags_stored``); with those rules the
    first load reads them instead of normalising every spelling again.
    """
    key = (tuple(_run(cur, "alloc_generation", {})[0]), rules.signature)
    found = _INDEX_MEMO.get(key)
    if found is None:
        found = _stored_tag_index(cur, rules) or read_tag_index(cur, rules)
        if len(_INDEX_MEMO) >= 4:
            _INDEX_MEMO.clear()
        _INDEX_MEMO[key] = found
    return found


STORED_FLAGS_DDL = (
    "CREATE TABLE IF NOT EXISTS tag_flags_stored "
    "(signature VARCHAR, tag_hash BIGINT, mask INTEGER, team VARCHAR)"
)
"""Tag-set flags under the rules the import ran with (see ``sync/allocation_rollup.py``)."""


def _stored_tag_index(cur: duckdb.DuckDBPyConnection, rules: TagRules) -> TagIndex | None:
    """The import's flags for ``rules`` if it stored them (fetched as Arrow: ten thousand rows made
    Python objects and back cost 13 ms of a first load at 10M line items)."""
    try:
        table = cur.sql(
            "SELECT tag_hash, mask, team FROM tag_flags_stored WHERE signature = $s ORDER BY tag_hash",
            params={"s": rules.signature},
        ).to_arrow_table()
    except duckdb.CatalogException:
        return None  # a cache written before the flags were stored
    if table.num_rows == 0:
        return None
    return TagIndex(table.cast(_FLAGS_SCHEMA), resolved=True)


def clear_memo() -> None:
    """Forget the memoised tag indexes (benchmarks measure cold loads with this)."""
    _INDEX_MEMO.clear()


def read_tag_index(cur: duckdb.DuckDBPyConnection, rules: TagRules) -> TagIndex:
    """Normalise each distinct (key, value) spelling in Python, then flag every tag set in SQL.

    Ten thousand tag sets share a few hundred spellings; walking every set in Python cost 160 ms at
    10M line items, the spellings cost well under one.
    """
    bits = {canon: 0 for canon in rules.required_canon}
    for i, canon in enumerate(rules.required_canon):
        bits[canon] |= 1 << i
    keys: list[str] = []
    values: list[str] = []
    canons: list[str] = []
    cvals: list[str] = []
    flags: list[int] = []
    usable: list[bool] = []
    for key, value in _run(cur, "alloc_tag_pairs", {}):
        canon = rules.canon_key(key)
        keys.append(key)
        values.append(value)
        canons.append(canon)
        cvals.append(rules.canon_value(canon, value))
        flags.append(bits.get(canon, 0))
        usable.append(bool(value.strip()))
    pairs = pa.table(
        {
            "tag_key": pa.array(keys, pa.string()),
            "tag_value": pa.array(values, pa.string()),
            "canon": pa.array(canons, pa.string()),
            "cval": pa.array(cvals, pa.string()),
            "bit": pa.array(flags, pa.int32()),
            "usable": pa.array(usable, pa.bool_()),
        }
    )
    cur.register("tag_pairs", pairs)
    try:  # fetched as Arrow, as the stored flags are: no Python object per tag set
        table = cur.sql(load_sql("alloc_tag_flags"), params={"owner": rules.owner_key}).to_arrow_table()
    except duckdb.CatalogException:
        _run(cur, "alloc_tag_flags", {"owner": rules.owner_key})  # says which rollup is missing
        raise
    finally:
        cur.unregister("tag_pairs")
    return TagIndex(table.cast(_FLAGS_SCHEMA))


def _pool_params(settings: Settings) -> dict[str, Any]:
    pools = settings.allocation.pools
    return {
        "pool_subs": sorted({s for p in pools for s in p.sub_accounts}),
        "pool_services": sorted({s for p in pools for s in p.services}),
    }


def ownerships(
    cur: duckdb.DuckDBPyConnection, *, start: date, end: date, index: TagIndex, settings: Settings
) -> dict[date, Ownership]:
    """Owners of each month's cost (``start``..``end``) under the configured pools and account map."""
    return history(cur, start=start, end=end, index=index, settings=settings)[0]


def history(
    cur: duckdb.DuckDBPyConnection, *, start: date, end: date, index: TagIndex, settings: Settings
) -> tuple[dict[date, Ownership], list[Any]]:
    """Each month's owners (``start``..``end``) and its coverage lines, from one pass over the months.

    The coverage lines are ``(month, "overall", "all", "All spend", taggable, mask, cost)``, the rows
    ``_coverage_rows`` reads for the readiness trend.
    """
    index.register(cur)
    params = {"start": start, "end": end, **_pool_params(settings)}
    lines: dict[date, list[CostLine]] = defaultdict(list)
    cover: list[Any] = []
    for owner_line, month, sub, service, untaggable, team, taggable, mask, cost in _run(
        cur, "alloc_history", params, index
    ):
        if owner_line:
            lines[month].append(CostLine(sub, service, untaggable, team, cost or ZERO))
        else:
            cover.append((month, "overall", "all", "All spend", taggable, mask, cost))
    owners = {m: allocate(ls, settings.allocation.pools, settings.teams) for m, ls in lines.items()}
    return owners, cover


def _coverage_rows(
    rows: list[Any], n_keys: int
) -> tuple[dict[date, Coverage], dict[str, list[Coverage]], list[UntaggableLine]]:
    full = (1 << n_keys) - 1
    acc: dict[tuple[date, str, str], list[Decimal]] = {}
    labels: dict[tuple[date, str, str], str] = {}
    untaggable: list[UntaggableLine] = []
    for month, scope, key, label, taggable, mask, cost in rows:
        cost = cost or ZERO
        if scope == "untaggable":
            untaggable.append(UntaggableLine(key, cost))
            continue
        slot = acc.get((month, scope, key))
        if slot is None:
            slot = acc[(month, scope, key)] = [ZERO] * (n_keys + 3)
            labels[(month, scope, key)] = label
        slot[0] += cost
        if taggable:
            slot[1] += cost
            for i in range(n_keys):
                if mask >> i & 1:
                    slot[2 + i] += cost
            if mask == full:
                slot[2 + n_keys] += cost
    overall: dict[date, Coverage] = {}
    scoped: dict[str, list[Coverage]] = defaultdict(list)
    for (month, scope, key), v in acc.items():
        cov = Coverage(scope, key, labels[(month, scope, key)], v[0], v[1], tuple(v[2:]))
        if scope == "overall":
            overall[month] = cov
        else:
            scoped[scope].append(cov)
    for found in scoped.values():
        found.sort(key=lambda c: (-c.untagged, -c.total, c.key))
    untaggable.sort(key=lambda u: (-u.cost, u.reason))
    return overall, scoped, untaggable


def hygiene(pairs: dict[tuple[str, str], Decimal], rules: TagRules) -> list[HygieneGroup]:
    """Key variants, value variants and empty values, each with the cost affected, largest first.

    ``pairs``: the month's cost per tag (key, value) spelling, summed over every tag set carrying it.
    """
    return hygiene_and_off_pairs(pairs, rules)[0]


def hygiene_and_off_pairs(
    pairs: dict[tuple[str, str], Decimal], rules: TagRules
) -> tuple[list[HygieneGroup], list[tuple[str, str]]]:
    """The hygiene groups, and the (key, value) spellings any group would change.

    A resource can fall in several groups (``env=Prod``: the key group and the value group), so the
    groups' ``affected`` costs do not add up; ``hygiene_cost`` counts each tag set carrying one of
    these spellings once.
    """
    keys: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    values: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    empty: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for (key, value), cost in pairs.items():
        canon = rules.canon_key(key)
        keys[canon][key] += cost
        if value.strip():
            values[(canon, rules.canon_value(canon, value))][value] += cost
        else:
            empty[canon][value] += cost
    groups: list[HygieneGroup] = []
    names = {
        canon: rules.key_name(canon)
        if rules.has_name(canon)
        else max(spellings, key=lambda s: (spellings[s], s)).strip()
        for canon, spellings in keys.items()
    }
    key_proposals: dict[str, str] = {}
    value_proposals: dict[tuple[str, str], str] = {}
    for canon, spellings in keys.items():
        if len(spellings) < 2 and all(s == s.strip() for s in spellings):
            continue
        if rules.has_name(canon):
            proposal = rules.key_name(canon)
        else:
            clean = [s for s in spellings if s == s.strip()] or [s.strip() for s in spellings]
            proposal = max(clean, key=lambda s: (spellings.get(s, ZERO), s))
        key_proposals[canon] = proposal
        groups.append(_group("key", names[canon], spellings, proposal))
    for (canon, value), spellings in values.items():
        if len(spellings) > 1 or any(s != s.strip() for s in spellings):
            aliased = rules.has_value_alias(canon, value)
            proposal = value if aliased else max(spellings, key=lambda s: (spellings[s], s)).strip()
            value_proposals[(canon, value)] = proposal
            groups.append(_group("value", names[canon], spellings, proposal))
    for canon, spellings in empty.items():
        groups.append(_group("empty", names[canon], spellings, ""))
    groups.sort(key=lambda g: (-g.affected, g.kind, g.key, g.proposal))
    off: list[tuple[str, str]] = []
    for key, value in sorted(pairs):
        canon = rules.canon_key(key)
        blank = not value.strip()
        renamed = key_proposals.get(canon, key) != key
        if blank or renamed or value_proposals.get((canon, rules.canon_value(canon, value)), value) != value:
            off.append((key, value))
    return groups, off


def hygiene_cost(cur: duckdb.DuckDBPyConnection, *, month: date, off: list[tuple[str, str]]) -> Decimal:
    """The month's cost carrying at least one of the ``off`` spellings, each tag set once."""
    if not off:
        return ZERO
    table = pa.table(
        {
            "tag_key": pa.array([k for k, _ in off], pa.string()),
            "tag_value": pa.array([v for _, v in off], pa.string()),
        }
    )
    cur.register("off_pairs", table)
    try:
        found = _run(cur, "alloc_hygiene_cost", {"month": month}, older="alloc_hygiene_cost_sets")
    finally:
        cur.unregister("off_pairs")
    return Decimal(found[0][0] or ZERO)


def _stored_hygiene_cost(cur: duckdb.DuckDBPyConnection, month: date) -> Decimal | None:
    """The import's hygiene headline for ``month`` under the rules it stored (None: not stored)."""
    try:
        row = cur.execute("SELECT cost FROM monthly_hygiene_cost WHERE month = $m", {"m": month}).fetchone()
    except duckdb.CatalogException:  # imported before the headline was stored
        return None
    return None if row is None else Decimal(row[0])


def _group(kind: str, key: str, spellings: dict[str, Decimal], proposal: str) -> HygieneGroup:
    variants = tuple(Variant(s, c) for s, c in sorted(spellings.items(), key=lambda i: (-i[1], i[0])))
    affected = sum((c for s, c in spellings.items() if kind == "empty" or s != proposal), ZERO)
    return HygieneGroup(kind, key, variants, proposal, affected)


def gaps(
    cur: duckdb.DuckDBPyConnection,
    *,
    month: date,
    rules: TagRules,
    index: TagIndex,
    settings: Settings,
    limit: int = 200,
) -> list[Gap]:
    """Taggable resources missing required keys in ``month``, largest cost first, with an owner guess."""
    rows = gap_rows(cur, month=month, rules=rules, index=index, limit=limit)
    return owned_gaps(rows, rules, settings, _main_teams(cur, month=month, index=index))


def gap_rows(
    cur: duckdb.DuckDBPyConnection, *, month: date, rules: TagRules, index: TagIndex, limit: int
) -> list[Any]:
    """The gaps' rows (resource, sub-account, name, service, mask, cost), largest cost first."""
    index.register(cur)
    params = {"month": month, "full": (1 << len(rules.required)) - 1, "limit": limit}
    return _run(cur, "alloc_gaps", params, older="alloc_gaps_lines")


def owned_gaps(rows: list[Any], rules: TagRules, settings: Settings, main_team: dict[str, str]) -> list[Gap]:
    """Gap rows with the keys each misses and its owner guess: the account map, else the team whose
    owner tag carries most of the account's cost that month."""
    found: list[Gap] = []
    for rid, sid, sname, service, mask, cost in rows:
        missing = tuple(name for i, name in enumerate(rules.required) if not mask >> i & 1)
        owner, source = None, ""
        if sid is not None and sid in settings.teams:
            owner, source = settings.teams[sid], "account map"
        elif sid is not None and sid in main_team:
            owner, source = main_team[sid], "account's main team"
        found.append(Gap(rid, sid, sname or sid, service, cost or ZERO, missing, owner, source))
    return found


def month_tag_costs(cur: duckdb.DuckDBPyConnection, month: date) -> list[Any]:
    """(tag key, value, cost) of every spelling in ``month``: stored by the import, else worked out."""
    return _run(cur, "alloc_tag_costs", {"month": month}, older="alloc_tag_costs_sets")


def _main_teams(cur: duckdb.DuckDBPyConnection, *, month: date, index: TagIndex) -> dict[str, str]:
    index.register(cur)
    spend: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for sid, team, cost in _run(cur, "alloc_account_teams", {"month": month}, index):
        spend[sid][team] = cost or ZERO
    return {sid: max(teams.items(), key=lambda i: (i[1], i[0]))[0] for sid, teams in spend.items()}


def showback(own: Ownership, previous: Ownership, month: date) -> Showback:
    """Showback rows of a month from its ownership and last month's."""
    prev_totals = {t: previous.direct.get(t, ZERO) + previous.shared.get(t, ZERO) for t in _teams(previous)}
    rows = [
        ShowbackRow(t, own.direct.get(t, ZERO), own.shared.get(t, ZERO), prev_totals.get(t))
        for t in _teams(own) | set(prev_totals)
    ]
    rows.sort(key=lambda r: (-r.total, r.team))
    rows.append(ShowbackRow(UNALLOCATED, own.unallocated, ZERO, previous.unallocated))
    return Showback(month, tuple(rows), own.total, previous.total, tuple(sorted(own.pools.items())))


def _teams(own: Ownership) -> set[str]:
    return set(own.direct) | set(own.shared)


def allocation_view(
    cur: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    settings: Settings,
    month: date | None = None,
    gap_limit: int = 200,
) -> AllocationView:
    """Everything the allocation screen shows for ``month``.

    ``month`` None: the last complete month, or ``as_of``'s own month (partial) when only that has
    cost (the cache starts after the last complete month: only this month imported, or an ``--as-of``
    in the cache's first month). A month without cost raises ``NoCostInMonth``.
    """
    rules = TagRules(settings.required_tags, settings.allocation)
    shown = month_start(month) if month is not None else last_complete_month(as_of)
    newest = max(month_start(as_of), shown)
    first = add_months(newest, 1 - TREND_MONTHS)
    index = tag_index(cur, rules)
    params = {"month": shown}

    def coverage(c: duckdb.DuckDBPyConnection) -> list[Any]:
        index.register(c)
        return _run(c, "alloc_coverage", params, index)

    def months_back(c: duckdb.DuckDBPyConnection) -> tuple[dict[date, Ownership], list[Any]]:
        start = min(first, add_months(shown, -1))  # showback compares with the month before
        return history(c, start=start, end=newest, index=index, settings=settings)

    def gap_list(c: duckdb.DuckDBPyConnection) -> list[Any]:
        return gap_rows(c, month=shown, rules=rules, index=index, limit=gap_limit)

    def main_teams(c: duckdb.DuckDBPyConnection) -> dict[str, str]:
        return _main_teams(c, month=shown, index=index)

    def small(c: duckdb.DuckDBPyConnection) -> tuple[list[HygieneGroup], Decimal, list[Any]]:
        """Tag hygiene (its groups, then the cost behind them, each tag set once) and the currency."""
        tag_costs = month_tag_costs(c, shown)
        pairs = {(str(k), v or ""): cost or ZERO for k, v, cost in tag_costs}
        groups, off = hygiene_and_off_pairs(pairs, rules)
        stored = _stored_hygiene_cost(c, shown) if index.resolved else None
        off_cost = hygiene_cost(c, month=shown, off=off) if stored is None else stored
        return groups, off_cost, _run(c, "alloc_currency", {"month": shown})

    got = in_parallel(  # five questions, each mostly DuckDB's own work: both cores stay busy
        cur,
        {"history": months_back, "coverage": coverage, "gaps": gap_list, "teams": main_teams, "small": small},
    )
    owners, trend_cover = got["history"]
    trend_cover = [row for row in trend_cover if first <= row[0] <= newest]
    overall, scoped, untaggable = _coverage_rows(trend_cover + got["coverage"], len(rules.required))
    if shown not in overall:
        current = month_start(as_of)
        if month is None and shown < current and current in months(cur):  # rare: asking again is cheap
            return allocation_view(cur, as_of=as_of, settings=settings, month=current, gap_limit=gap_limit)
        raise NoCostInMonth(no_cost_message(cur, shown))
    empty = Ownership({}, {}, {}, ZERO, ZERO)
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    trend = tuple(
        MonthPoint(
            m,
            cov.total,
            cov.taggable,
            cov.covered[-1],
            owners.get(m, empty).total - owners.get(m, empty).unallocated,
            m < month_start(as_of) or as_of.day == last_day,
        )
        for m, cov in sorted(overall.items())
    )
    groups, off_cost, currencies = got["small"]
    return AllocationView(
        as_of=as_of,
        month=shown,
        currency=currencies[0][0] if currencies else None,
        required=rules.required,
        target_pct=Decimal(str(100 - settings.thresholds.untagged_pct)),
        coverage=(overall[shown], *(c for scope in SCOPES[1:] for c in scoped.get(scope, []))),
        trend=trend,
        untaggable=tuple(untaggable),
        gaps=tuple(owned_gaps(got["gaps"], rules, settings, got["teams"])),
        hygiene=tuple(groups),
        hygiene_cost=off_cost,
        showback=showback(owners.get(shown, empty), owners.get(add_months(shown, -1), empty), shown),
    )


def showback_for(
    cur: duckdb.DuckDBPyConnection, *, month: date, settings: Settings
) -> tuple[Showback, str | None]:
    """Showback of one month (and its currency) without the rest of the view."""
    rules = TagRules(settings.required_tags, settings.allocation)
    index = tag_index(cur, rules)
    prev = add_months(month, -1)
    owners = ownerships(cur, start=prev, end=month, index=index, settings=settings)
    if month not in owners:
        raise NoCostInMonth(no_cost_message(cur, month))
    empty = Ownership({}, {}, {}, ZERO, ZERO)
    currencies = _run(cur, "alloc_currency", {"month": month})
    return showback(owners[month], owners.get(prev, empty), month), currencies[0][0] if currencies else None
