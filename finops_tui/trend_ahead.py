"""Spend trends loads asked before the user asks for them, and the views already shown.

A trends load is two or three small DuckDB questions: 8-15 ms on two cores at 10M line items, most of
it each question's fixed cost (binding, planning, fetching exact decimals), not reading data. A raw
``GROUP BY`` into one service reads only that service's row groups and takes about as long, so no
rollup makes a drill-down itself several times faster than the raw question (see docs/BENCHMARKS.md).
What the user waits for can still be near nothing: while the cursor rests on a row of the movers
table, or the group-by menu highlights a dimension, the screen asks that view here in the background,
so Enter finds it done. A view already shown is kept too, so Esc back to it is immediate.

Results are kept in the cache file version's memo (``cache.version_memo``): a view is only ever
taken for the very file version it was read from, and an import that swaps the file in leaves the
old views behind with the old version. Nothing here imports Textual.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import Any

from finops_tui.cache import CacheReader, version_memo
from finops_tui.first_load import TrendRequest, load_trends
from finops_tui.trends_models import TrendResult

KEPT = 24
"""Views kept per file version: a meeting's drill path and its neighbours (each a few hundred rows)."""

_MEMO_KEY = "trend_views"

Key = tuple[object, ...]
Answer = tuple[dict[str, Any], TrendResult | None]
"""A background load's file version memo and what it found (None: empty cache or an error)."""


class TrendLoads:
    """Views asked ahead on one background thread, and views kept per file version."""

    def __init__(self, reader: CacheReader) -> None:
        self.reader = reader
        self._lock = threading.Lock()
        self._flight: dict[Key, Future[Answer]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False
        self.asked = 0
        """Loads asked ahead (started or queued), for tests and the benchmark."""
        self.hits = 0
        """Views handed over done (kept or asked ahead) instead of loaded on the spot."""

    def ahead(self, request: TrendRequest) -> None:
        """Start asking ``request`` in the background unless it is kept or already on its way.

        One question at a time: a request still waiting in the queue is dropped for the newer one
        (the cursor moved on), a running one finishes and is kept.
        """
        key = request.key()
        with self._lock:
            waiting = [old for old in self._flight.values() if not old.running()]
        for old in waiting:  # queued, not started: nobody needs it any more (outside the lock: a
            old.cancel()  # cancel runs the done callback, ``_landed``, which takes the lock)
        with self._lock:
            if self._closed or key in self._flight:
                return
            if self._pool is None:
                # the pool's thread is joined at interpreter exit, never killed inside DuckDB (a
                # daemon thread inside DuckDB at exit aborts the process; see first_load.Prefetch)
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="finops-ahead")
            future = self._pool.submit(self._load, request)
            self._flight[key] = future
            self.asked += 1
        future.add_done_callback(lambda done: self._landed(key, done))

    def _landed(self, key: Key, future: Future[Answer]) -> None:
        with self._lock:
            if self._flight.get(key) is future:
                del self._flight[key]

    def _load(self, request: TrendRequest) -> Answer:
        try:
            with self.reader.reader() as cur:
                memo = version_memo()
                found = self._kept(memo, request.key())
                if found is None:
                    found = load_trends(cur, request)
                    if found is not None:
                        self._keep(memo, request.key(), found)
                return memo, found
        except Exception:  # the screen's own load asks again and shows the error
            return {}, None

    def take(self, request: TrendRequest) -> TrendResult | None:
        """The view ``request`` asks, if kept or on its way (then waited for), else None.

        Call inside ``CacheReader.reader()``: only a view of the version that block reads is taken.
        """
        memo = version_memo()
        key = request.key()
        found = self._kept(memo, key)
        if found is None:
            with self._lock:
                future = self._flight.get(key)
            if future is not None:
                try:
                    answer_memo, answer = future.result()
                except CancelledError:
                    return None
                found = answer if answer_memo is memo else None
        if found is not None:
            with self._lock:
                self.hits += 1
        return found

    def kept_now(self, request: TrendRequest) -> TrendResult | None:
        """The view ``request`` asks if it is kept for the file version there is now (done ahead or
        shown before), without a reader: the screen shows it at once, with no load for keys to race."""
        memo = self.reader.memo_now()
        found = self._kept(memo, request.key()) if memo is not None else None
        if found is not None:
            with self._lock:
                self.hits += 1
        return found

    def keep(self, request: TrendRequest, found: TrendResult) -> None:
        """Remember a view the screen loaded itself (inside ``reader()``, as ``take``)."""
        self._keep(version_memo(), request.key(), found)

    def _kept(self, memo: dict[str, Any], key: Key) -> TrendResult | None:
        with self._lock:
            views: OrderedDict[Key, TrendResult] | None = memo.get(_MEMO_KEY)
            if views is None or key not in views:
                return None
            views.move_to_end(key)
            return views[key]

    def _keep(self, memo: dict[str, Any], key: Key, found: TrendResult) -> None:
        with self._lock:
            views: OrderedDict[Key, TrendResult] = memo.setdefault(_MEMO_KEY, OrderedDict())
            views[key] = found
            views.move_to_end(key)
            while len(views) > KEPT:
                views.popitem(last=False)

    def forget(self) -> None:
        """Drop the views kept of the file version there is now (the benchmark asks afresh)."""
        with self.reader.reader():
            memo = version_memo()
            with self._lock:
                memo.pop(_MEMO_KEY, None)

    def close(self) -> None:
        """Drop queued loads and wait for a running one (before the reader closes the file)."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
