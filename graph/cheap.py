"""Which queries are known to be cheap: seen to finish quickly in a worker process, on this data.

Owns one decision: may a timed query that does not provably stream (:mod:`unkg.graph.streaming`)
run in the server process, where nothing can stop it, instead of in a worker process that the
deadline kills (:mod:`unkg.graph.query_processes`)?

Yes, when the same query (the same text, bindings and dataset) has already run to its end in a
worker, with no more rows than the row cap it has now, over the same state of the store
(:attr:`~unkg.graph.store.Store.generation`), within a small share of its time limit: at most
:data:`MOST` seconds and at most ``1/``:data:`SHARE` of the limit. The engine's work depends on
the query and the data only, so the same query over the same data does the same work again, and
gives the same answer: it cannot come near the time limit that a worker would have enforced, nor
pass the row cap. Any write through the store makes every record stale (and while one is under
way, no query counts as known: :class:`~unkg.graph.embedded.EmbeddedStore`); a query that later
fails or runs longer is forgotten (one cut by the row cap says only that it has more rows than
that cap: its record stays). Two kinds of query are never recorded: one with ``SERVICE`` (whose cost
is another server's) and one that calls a function whose value changes from one run to the next
(``RAND``, ``NOW``, ``UUID``...: :attr:`SparqlScan.volatile
<unkg.graph.store.SparqlScan.volatile>`), whose work and rows may change with it; the store
decides both from the scan it already makes of every query text.

Why: a query in a worker pays a process hop (the job out, the rows back, a process to wake) of
0.2-1 ms, as much as the engine's whole answer to a short query. Clients ask the same questions
again and again (a notebook re-run, a page that binds the same parameters, a dashboard), and
from the second time on those run in process.

The records are kept per query for the last :data:`SIZE` queries of at most :data:`MAX_TEXT`
characters; the class is thread-safe.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TypeAlias

__all__ = ["MAX_TEXT", "MOST", "SHARE", "SIZE", "Cost", "KnownCosts", "QueryKey"]

#: The longest query text that is recorded.
MAX_TEXT = 16_384
#: How many queries are remembered (the least recently used go first).
SIZE = 2048
#: The most seconds a query may have taken in a worker to be run in process later.
MOST = 0.05
#: ... and the share of its time limit it may have taken: at most 1/SHARE of it.
SHARE = 20

#: What makes two queries the same work: the text, the default graph as a union of all graphs or
#: not, the bindings (name, term as N-Triples), and the default graphs and the named graphs of the
#: dataset (``None``: the store's).
QueryKey: TypeAlias = tuple[
    str, bool, tuple[tuple[str, str], ...], tuple[str, ...] | None, tuple[str, ...] | None,
]


@dataclass(frozen=True)
class Cost:
    """What one query cost: the seconds its evaluation took (without the hop to a worker, nor a
    worker's reopening of the store after a write), rows (or triples), and its kind
    (``"select"``, ``"ask"`` or ``"construct"``: :class:`~unkg.graph.store.QueryKind`'s
    values)."""

    seconds: float
    rows: int
    kind: str = "select"


class KnownCosts:
    """The cost of the last queries that ran to their end in a worker, per store generation."""

    def __init__(self, size: int = SIZE) -> None:
        self._size = size
        self._costs: OrderedDict[QueryKey, tuple[int, Cost]] = OrderedDict()
        self._lock = threading.Lock()

    def learn(
        self, key: QueryKey, generation: int, cost: Cost | None, limit: float
    ) -> None:
        """Record what ``key`` cost over ``generation`` (its whole answer), or forget it when
        ``cost`` is ``None`` (it failed) or when it took too long for its time limit ``limit``
        to be run in process."""
        if len(key[0]) > MAX_TEXT:
            return
        with self._lock:
            if cost is None or not _cheap(cost, limit):
                self._costs.pop(key, None)
                return
            self._costs[key] = (generation, cost)
            self._costs.move_to_end(key)
            if len(self._costs) > self._size:
                self._costs.popitem(last=False)

    def cost(
        self, key: QueryKey, generation: int, limit: float, max_rows: int | None
    ) -> Cost | None:
        """The known cost of ``key`` over ``generation`` when it may run in process under the
        time limit ``limit`` and the row cap ``max_rows`` (``None``: none); ``None`` otherwise
        (unknown, stale, too dear for that limit, or more rows than that cap)."""
        if len(key[0]) > MAX_TEXT:
            return None
        with self._lock:
            known = self._costs.get(key)
            if known is None:
                return None
            if known[0] != generation:
                del self._costs[key]
                return None
            self._costs.move_to_end(key)
        cost = known[1]
        if max_rows is not None and cost.rows > max_rows:
            return None
        return cost if _cheap(cost, limit) else None

    def __len__(self) -> int:
        return len(self._costs)


def _cheap(cost: Cost, limit: float) -> bool:
    return cost.seconds <= min(MOST, limit / SHARE)
