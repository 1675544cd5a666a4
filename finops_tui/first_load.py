"""The Spend trends load as one function, and a head start for the first one.

``load_trends`` is what the trends screen's worker runs: freshness, the as-of day, the tag keys seen
through the config's rules, and the whole view. It lives here, without Textual, so the CLI can start
it before the interface exists: ``Prefetch`` opens the cache and runs the first screen's load in a
thread while the main thread imports Textual and builds the screen (about 0.6 s on a small machine,
during which DuckDB's work, which releases the GIL, costs the user nothing). The screen takes the
result only when it asks exactly the question the prefetch answered, of the same file; otherwise it
loads as always and the head start is simply dropped.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from finops_tui.cache import CacheReader, Stamp, file_stamp, version_memo
from finops_tui.personas import Persona
from finops_tui.queries import trends
from finops_tui.queries.tag_sql import TagLens
from finops_tui.settings import Settings
from finops_tui.tag_rules import TagRules
from finops_tui.trends_models import ProviderFreshness, TrendResult


@dataclass(frozen=True)
class TrendRequest:
    """Everything a Spend trends load depends on besides the cache itself."""

    as_of: date | None
    """``--as-of``; None for the newest complete charge day in the cache."""
    window: str
    group_by: str
    metric: str
    filters: tuple[trends.Filter, ...]
    top_n: int
    budget: Decimal | None
    rules: TagRules
    limit: int | None = None
    """Movers to fetch, largest changes first (None: all); the screen draws ``MOVERS_SHOWN``."""

    def key(self) -> tuple[object, ...]:
        """What makes two requests the same question (the rules by their signature)."""
        return (self.as_of, self.window, self.group_by, self.metric, self.filters, self.top_n,
                self.budget, self.rules.signature, self.limit)  # fmt: skip


def load_trends(cur: duckdb.DuckDBPyConnection, request: TrendRequest) -> TrendResult | None:
    """One load of the Spend trends screen; None when the cache holds no charges yet.

    The cache version's freshness (which gives the as-of day) and tag keys (with the keys the tag
    rollup holds) are read once per file version (``version_memo``); a load after the first asks
    only the view's own questions.
    """
    memo = version_memo()
    if "freshness" not in memo:
        memo["freshness"] = tuple(trends.freshness(cur))
    fresh: tuple[ProviderFreshness, ...] = memo["freshness"]
    as_of = request.as_of or trends.newest_complete_day(fresh)
    if as_of is None:
        return None
    also: dict[str, trends.Job] = {}
    if "tags" not in memo:
        if trends.uses_tags(request.group_by, request.filters):
            memo["tags"] = trends.TagCatalogue.read(cur)  # the view's SQL needs them
        else:
            also["tags"] = trends.TagCatalogue.read  # asked beside the view's questions
    view, found = trends.trend_view_and(
        cur,
        also,
        as_of=as_of,
        window=request.window,
        group_by=request.group_by,
        metric=request.metric,
        filters=request.filters,
        top_n=request.top_n,
        budget=request.budget,
        tags=lens_of(request.rules, memo) if "tags" in memo else None,
        fresh=fresh,
        limit=request.limit,
    )
    if "tags" in found:
        memo["tags"] = found["tags"]
    lens = lens_of(request.rules, memo)
    return TrendResult(as_of, view, fresh, tuple(name for _, name in lens.named_keys()))


def lens_of(rules: TagRules, memo: dict[str, Any]) -> TagLens:
    """The remembered tag keys (and the tag rollup's) seen through ``rules``."""
    catalogue: trends.TagCatalogue = memo["tags"]
    return catalogue.lens(rules)


class Prefetch:
    """The first trends load, started in a thread before the interface is built."""

    def __init__(self, reader: CacheReader, request: TrendRequest) -> None:
        self.reader = reader
        self.request = request
        self._stamp: Stamp | None = file_stamp(reader.path)
        self._result: TrendResult | None = None
        self._taken = False
        # not a daemon: the interpreter must not tear down while DuckDB runs in this thread (a daemon
        # thread inside DuckDB at exit aborts the process: "terminate called … exception not rethrown")
        self._thread = threading.Thread(target=self._run, name="finops-prefetch")
        self._thread.start()

    def _run(self) -> None:
        try:
            with self.reader.reader() as cur:
                self._result = load_trends(cur, self.request)
        except Exception:
            self._result = None

    def wait(self) -> TrendResult | None:
        """Wait for the load to finish and return what it found (None: empty cache or an error)."""
        self._thread.join()
        return self._result

    def take(self, request: TrendRequest) -> TrendResult | None:
        """The prefetched result if ``request`` is the question it answered, of the same file, once."""
        if self._taken or request.key() != self.request.key():
            return None
        self._taken = True
        self._thread.join()
        if file_stamp(self.reader.path) != self._stamp:
            return None  # an import swapped the file in meanwhile: load it afresh
        return self._result


MOVERS_SHOWN = 300
"""Rows of the movers table the screen draws and fetches, largest changes first: a resource or tag
grouping can hold tens of thousands of groups; fetching them as exact decimals cost more than the
query, and drawing 23,000 rows froze the screen for ten seconds. Exports and ``report trends`` keep
every group."""

DEFAULT_VIEW = ("30d", "service", "effective")
"""Spend trends' window, group-by and metric when no persona sets them."""


def first_request(settings: Settings, persona: Persona | None, as_of: date | None) -> TrendRequest | None:
    """The load Spend trends will start with, or None when the app opens on another screen."""
    window, group_by, metric = DEFAULT_VIEW
    if persona is not None:
        if persona.first != "trends":
            return None
        window, metric = persona.window, persona.metric
        group_by = persona.trends_group_by(settings.allocation.owner_tag)
    return TrendRequest(
        as_of=as_of,
        window=window,
        group_by=group_by,
        metric=metric,
        filters=(),
        top_n=settings.top_n,
        budget=settings.budget,
        rules=settings.tag_rules(),
        limit=MOVERS_SHOWN,
    )


def start_prefetch(
    db: Path, settings: Settings, persona: Persona | None, as_of: date | None
) -> Prefetch | None:
    """Start the first trends load of the cache at ``db`` now, if the app will open on Spend trends."""
    request = first_request(settings, persona, as_of)
    if request is None or not db.is_file():
        return None
    return Prefetch(CacheReader(db), request)
