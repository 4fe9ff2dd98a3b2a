"""The embedded engine: :class:`~unkg.graph.store.Store` over pyoxigraph (RocksDB in a folder).

What the engine gives and how this module uses it:

* One process may open a folder read-write (RocksDB's lock): a second one gets
  :class:`~unkg.errors.StoreLockedError`. ``read_only=True`` opens a static snapshot that works
  beside a writer.
* ``update()`` is one transaction, so :meth:`EmbeddedStore.replace_graph` is ONE update that drops
  the graph and its metadata and inserts the new ones: no temporary graph ever exists (a
  ``MOVE``-based swap would show a temporary graph to union-graph readers between two
  transactions, and was 3x slower per graph on disk).
* Queries have no native time limit, and a thread cannot be stopped. With ``query_processes=N``
  (what the HTTP server uses), timed queries on an on-disk store run in N worker processes over a
  read-only view of the store (:mod:`unkg.graph.query_processes`): a worker still busy at the
  deadline, or over ``query_memory`` bytes, is killed and replaced, so its CPU and memory come back
  at once; only queries that provably stream (one triple pattern: :mod:`unkg.graph.streaming`)
  skip the hop and run on the caller's thread, which checks the deadline between rows and stops at
  the row cap, and so do the queries known to be cheap: the same query, over the same data, already
  ran to its end in a worker within a small share of its time limit (:mod:`unkg.graph.cheap`),
  so it does the same small work again. Otherwise (the default, and always for an in-memory
  store) timed queries run on a small pool of daemon threads: rows stream lazily and the thread
  checks the deadline between rows, so a streaming query stops at once, and the caller stops
  waiting at the deadline in every case; but work the engine does before the first row (ORDER BY,
  GROUP BY, DISTINCT, aggregates over big joins) keeps that thread's core busy until the engine
  hands over its first row. Queries without a time limit run on the caller's thread.
* :meth:`EmbeddedStore.query_encoded` returns the terms as the evaluation gives them (plain
  strings and tuples, :data:`~unkg.graph.store.EncodedTerm`); :meth:`EmbeddedStore.query` builds
  rdflib terms from them.
* Bindings go to the engine as ``substitutions``. pyoxigraph accepts these only for variables of
  the SELECT projection (any in-scope variable for ASK and CONSTRUCT); a variable it refuses
  (``?symbol`` in ``SELECT ?r { ?r dcterms:identifier ?symbol }``, or one counted by an aggregate)
  is a :class:`~unkg.errors.QueryError` that says so: values are never pasted into query text.
* ``SERVICE`` would make the engine fetch URLs, so it is refused unless the store is opened with
  ``allow_service=True``.
* The full-text index of paragraph and footnote text (:mod:`unkg.graph.textindex`,
  :attr:`EmbeddedStore.text_index`) is kept in step by the writes themselves: ``replace_graph``,
  ``replace_graph_ntriples``, ``drop_graph`` and ``bulk_load`` update it right after the RDF
  commit.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import os
import queue
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

import pyoxigraph as ox
from rdflib.term import Literal, Node, URIRef
from unkg.graph import graphcopy
from unkg.graph.cheap import Cost, KnownCosts, QueryKey
from unkg.graph.query_processes import (
    Answer,
    Failure,
    Job,
    QueryProcesses,
    Reason,
    encode,
    evaluate,
)
from unkg.graph.store import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT,
    META_GRAPH,
    META_PREFIX,
    EncodedResult,
    EncodedTerm,
    ExportFormat,
    GraphIndex,
    QueryKind,
    QueryResult,
    SparqlScan,
    Store,
    Triple,
    check_bindings,
    check_meta,
    scan_sparql,
)
from unkg.graph.streaming import MAX_TEXT, StreamingCache
from unkg.graph.terms import (
    TermError,
    ntriples_lines,
    to_ntriples,
    to_oxigraph,
)
from unkg.graph.textindex import TEXT_QUERY, Passage, TextChange, TextIndex, TextRow

from unkg.errors import (
    QueryError,
    QueryMemoryError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
    StoreLockedError,
)

_log = logging.getLogger(__name__)

__all__ = ["DEFAULT_PREFIXES", "EmbeddedStore"]

#: Prefixes written into Turtle and TriG exports, on top of the caller's.
DEFAULT_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_FORMATS = {
    ExportFormat.NQUADS: ox.RdfFormat.N_QUADS,
    ExportFormat.TRIG: ox.RdfFormat.TRIG,
    ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
    ExportFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
}
_META = ox.NamedNode(META_GRAPH)
_SYNTAX_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_NAME_CHARS = re.compile(r"\['A' \.\.= 'Z' [^\]]*\]")  # the parser's list of name characters


class EmbeddedStore(Store):
    """A pyoxigraph store in ``path`` (created if missing), or in memory with :meth:`in_memory`.

    ``timeout`` (seconds) and ``max_rows`` are the defaults of every query (``None``: no limit);
    ``workers`` is the number of threads that run timed queries; ``query_processes`` (> 0) runs
    them in that many worker processes instead, which are killed at the deadline or past
    ``query_memory`` bytes of resident memory (see the module docstring).

    >>> from rdflib import Literal, URIRef
    >>> ex = "http://example.org/"
    >>> with EmbeddedStore.in_memory() as store:
    ...     triple = (URIRef(ex + "r"), URIRef(ex + "title"), Literal("22/7"))
    ...     store.replace_graph(ex + "g", [triple])
    ...     store.query("SELECT ?t { ?r <http://example.org/title> ?t }").rows
    1
    [(rdflib.term.Literal('22/7'),)]
    """

    def __init__(
        self,
        path: str | Path | None,
        *,
        read_only: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        allow_service: bool = False,
        workers: int | None = None,
        query_processes: int = 0,
        query_memory: int | None = None,
    ) -> None:
        _check_limits(timeout, max_rows)
        self._path = None if path is None else Path(path)
        self._read_only = read_only
        self._timeout = timeout
        self._max_rows = max_rows
        self._allow_service = allow_service
        self._threads = _QueryThreads(workers or max(4, os.cpu_count() or 1))
        self._store: ox.Store | None = _open(self._path, read_only)
        self._processes: QueryProcesses | None = None
        self._query_memory = query_memory
        if query_processes > 0 and self._path is not None and os.name == "posix":
            self._processes = QueryProcesses(
                self._path, query_processes, memory_limit=query_memory
            )
        self._streaming = StreamingCache()
        self._costs = KnownCosts()
        self._writes = 0  # engine writes under way (see _changing)
        self._writes_lock = threading.Lock()
        #: How many timed queries ran in process ("thread": they provably stream; "known": they
        #: are known to be cheap, :mod:`unkg.graph.cheap`) and in a worker process ("process"),
        #: when the store has worker processes.
        self.query_routes: Counter[str] = Counter()
        self._text: TextIndex | None = None  # opened on first use: see text_index
        self._text_lock = threading.Lock()

    @classmethod
    def in_memory(
        cls,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        allow_service: bool = False,
    ) -> EmbeddedStore:
        """A store that lives in memory only (for tests and notebooks)."""
        return cls(None, timeout=timeout, max_rows=max_rows, allow_service=allow_service)

    @property
    def location(self) -> str:
        return ":memory:" if self._path is None else str(self._path)

    @property
    def read_only(self) -> bool:
        return self._read_only

    # -- graphs ----------------------------------------------------------------------------------

    def replace_graph(
        self, graph: str, triples: Iterable[Triple], *, meta: Mapping[str, str] | None = None
    ) -> int:
        engine = self._writable()
        name = _graph(graph)
        fields = check_meta(meta)
        try:
            lines = ntriples_lines(triples)
            meta_lines = [
                f"{name} {to_ntriples(URIRef(META_PREFIX + key))} {_string(value)} .\n"
                for key, value in fields.items()
            ]
        except TermError as error:
            raise StoreError(f"graph {graph}: {error}") from error
        self._replace(engine, graph, name, "".join(lines), meta_lines)
        return len(lines)

    def replace_graph_ntriples(
        self, graph: str, ntriples: str, *, meta: Mapping[str, str] | None = None
    ) -> int:
        """As :meth:`Store.replace_graph_ntriples`: the lines are checked against the N-Triples
        grammar (about 30 MB/s), so that nothing in them can end the ``INSERT DATA`` block they
        are written into, then written in ONE update as :meth:`replace_graph` does."""
        engine = self._writable()
        name = _graph(graph)
        fields = check_meta(meta)
        if ntriples and not ntriples.endswith("\n"):
            ntriples += "\n"
        if not _NTRIPLES_LINES.fullmatch(ntriples):
            raise StoreError(f"graph {graph}: the text is not N-Triples lines of absolute IRIs")
        meta_lines = [
            f"{name} {to_ntriples(URIRef(META_PREFIX + key))} {_string(value)} .\n"
            for key, value in fields.items()
        ]
        self._replace(engine, graph, name, ntriples, meta_lines)
        return ntriples.count("\n")

    def _replace(
        self, engine: ox.Store, graph: str, name: str, body: str, meta_lines: list[str]
    ) -> None:
        """ONE update: drop graph ``name`` and its metadata, insert ``body`` and ``meta_lines``."""
        steps = [f"DROP SILENT GRAPH {name}", _DELETE_META.format(graph=name)]
        if not body:
            steps.append(f"CREATE SILENT GRAPH {name}")
        insert = f"GRAPH {name} {{\n{body}}}\n" if body else ""
        if meta_lines:
            insert += f"GRAPH <{META_GRAPH}> {{\n{''.join(meta_lines)}}}\n"
        if insert:
            steps.append(f"INSERT DATA {{\n{insert}}}")
        with self.text_index.writing(self, graph, TextChange.REPLACE) as change:
            change.ntriples = body  # the index picks its rows out of these lines
            if body and not self.has_graph(graph) and not self.graph_meta(graph):
                # A graph not stored yet: ONE load of N-Quads, as atomic as the update and 30%
                # cheaper (no SPARQL parse). ``body`` is N-Triples lines that each end in " .\n"
                # and hold no raw line break, so the graph name goes before each " .\n".
                quads = body.replace(" .\n", f" {name} .\n") + "".join(
                    line.replace(" .\n", f" <{META_GRAPH}> .\n") for line in meta_lines)
                self._load(engine, quads, f"graph {graph}")
            else:
                self._write(engine, " ;\n".join(steps), f"graph {graph}")

    def flush(self) -> None:
        """Write the engine's buffered changes to disk: its write buffers grow with what is
        written (about 1.8 GB after 400 MB of N-Triples) until flushed."""
        engine = self._writable()
        try:
            engine.flush()
        except OSError as error:
            raise StoreError(f"{self.location}: cannot flush: {error}") from error

    def optimize(self) -> None:
        """Let the engine compact its indexes (incoming-citation queries got 12x faster after a
        large load: shared/ENGINES.md). Meanwhile the text index's search engine takes the
        passages written since its last commit, on another thread (the engine works without the
        interpreter's lock): after an ingest, the 2-3 s of that commit overlap the compaction
        instead of following it at :meth:`close`."""
        engine = self._writable()
        failed: list[StoreError] = []

        def flush_text() -> None:
            try:
                if self._text is not None:
                    self._text.flush()
            except StoreError as error:
                failed.append(error)  # the graphs stay noted: the next search or close retries

        flusher = threading.Thread(target=flush_text, name="unkg-text-flush")
        flusher.start()
        try:
            engine.optimize()
        except OSError as error:
            raise StoreError(f"{self.location}: cannot optimize: {error}") from error
        finally:
            flusher.join()
        for problem in failed:
            _log.warning("%s", problem)

    def drop_graph(self, graph: str) -> None:
        name = _graph(graph)
        steps = f"DROP SILENT GRAPH {name} ;\n" + _DELETE_META.format(graph=name)
        engine = self._writable()
        with self.text_index.writing(self, graph, TextChange.DROP):
            self._write(engine, steps, f"graph {graph}")

    def graphs(self) -> list[str]:
        names = self._engine().named_graphs()
        return sorted(g.value for g in names if isinstance(g, ox.NamedNode) and g != _META)

    def has_graph(self, graph: str) -> bool:
        return self._engine().contains_named_graph(_node(graph))

    def graph_length(self, graph: str) -> int:
        results = self._engine().query(
            "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", default_graph=_node(graph)
        )
        assert isinstance(results, ox.QuerySolutions)
        return int(next(iter(results))[0].value)

    def graph_meta(self, graph: str) -> dict[str, str]:
        quads = self._engine().quads_for_pattern(_node(graph), None, None, _META)
        return {
            q.predicate.value[len(META_PREFIX) :]: q.object.value
            for q in quads
            if q.predicate.value.startswith(META_PREFIX) and isinstance(q.object, ox.Literal)
        }

    def __len__(self) -> int:
        """All quads, admin graph included. The engine counts them: about 0.13 s per million."""
        return len(self._engine())

    # -- SPARQL ----------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
        default_graph_as_union: bool = True,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a query; ``None`` limits mean the store's defaults, ``math.inf`` means no time limit.

        See the module docstring for what a time limit can and cannot stop.
        """
        return self.query_encoded(
            sparql, bindings=bindings, timeout=timeout, max_rows=max_rows,
            default_graph_as_union=default_graph_as_union, default_graph=default_graph,
            named_graphs=named_graphs,
        ).decoded()

    def query_encoded(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
        default_graph_as_union: bool = True,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> EncodedResult:
        """:meth:`query` with the terms as the evaluation gives them (plain strings and tuples),
        no rdflib term built: what the SPARQL endpoint writes its results from."""
        timeout, max_rows, union, dataset = self._limits(
            timeout, max_rows, default_graph_as_union, default_graph, named_graphs)
        return self._run(sparql, bindings, timeout, max_rows, union, dataset)

    async def query_async(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> EncodedResult:
        """:meth:`query_encoded` for an event loop, which it never blocks for long: a query for
        the worker processes is sent, and its answer awaited, on the loop itself
        (:meth:`QueryProcesses.run_async
        <unkg.graph.query_processes.QueryProcesses.run_async>`: no thread); every other query
        runs on a thread."""
        loop = asyncio.get_running_loop()
        timeout, max_rows, union, dataset = self._limits(
            timeout, max_rows, True, default_graph, named_graphs)
        processes = self._processes
        if timeout is None or processes is None:
            return await loop.run_in_executor(None, functools.partial(
                self._run, sparql, None, timeout, max_rows, union, dataset))
        job, scan = self._job(sparql, None, timeout, max_rows, union, dataset)
        streams = self._streaming.sight(sparql)
        if streams is None:  # seen for the second time: parse it (off the loop) and decide
            streams = await loop.run_in_executor(None, self._streaming.decide, sparql)
        started = time.perf_counter()
        key, generation, limit = _job_key(job), self._generation, timeout
        if streams or self._costs.cost(key, generation, limit, job.max_rows) is not None:
            self.query_routes["thread" if streams else "known"] += 1
            outcome = await loop.run_in_executor(None, evaluate, self._engine(), job)
        else:
            self.query_routes["process"] += 1
            outcome = await processes.run_async(job, generation)
        self._learn(key, generation, outcome, limit, scan)
        return _encoded_result(outcome, scan, timeout, self._query_memory,
                               time.perf_counter() - started)

    def known(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> KnownQuery | None:
        """This timed query (no bindings), when it is known to be cheap (:mod:`unkg.graph.cheap`)
        and so may run in this process: :meth:`KnownQuery.json` runs it; ``None`` otherwise."""
        if self._processes is None:
            return None
        timeout, max_rows, union, dataset = self._limits(
            timeout, max_rows, True, default_graph, named_graphs)
        if timeout is None or self._writes:
            return None
        key, generation = _key(sparql, union, (), dataset[0], dataset[1]), self._generation
        cost = self._costs.cost(key, generation, timeout, max_rows)
        if cost is None:
            return None
        return KnownQuery(self, key, generation, cost, timeout, max_rows, dataset)

    def recheck(self, known: KnownQuery) -> KnownQuery | None:
        """``known`` as it stands now: the same when nothing changed, its record over the
        store's current state when it is still known to be cheap, else ``None``."""
        generation = self._generation
        if self._writes:
            return None
        cost = self._costs.cost(known.key, generation, known.limit, known.max_rows)
        if cost is None:
            return None
        if generation == known.generation and cost is known.cost:
            return known
        return KnownQuery(self, known.key, generation, cost, known.limit, known.max_rows,
                          known.dataset)

    def _known_json(self, known: KnownQuery) -> bytes | None:
        """:meth:`KnownQuery.json`."""
        if known.cost.kind == QueryKind.CONSTRUCT.value:
            return None
        started = time.perf_counter()
        try:
            results = cast(ox.QuerySolutions | ox.QueryBoolean, self._engine().query(
                known.key[0], use_default_graph_as_union=known.key[1],
                default_graph=known.dataset[0], named_graphs=known.dataset[1]))
            body = results.serialize(format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, OSError, RuntimeError):
            # It answered before over the same data: let the usual way say what went wrong.
            self._costs.learn(known.key, known.generation, None, known.limit)
            return None
        if self._writes or self._generation != known.generation:
            # A write landed while it ran: its rows are no longer those of the record (nor
            # surely within the row cap). The usual way answers, under the cap.
            return None
        self.query_routes["known"] += 1
        seconds = time.perf_counter() - started
        if seconds > known.cost.seconds:  # the record keeps the dearest run (or forgets it)
            self._costs.learn(known.key, known.generation,
                              Cost(seconds, known.cost.rows, known.cost.kind), known.limit)
        return cast(bytes, body)

    def _learn(
        self,
        key: QueryKey,
        generation: int,
        outcome: Answer | Failure,
        limit: float,
        scan: SparqlScan,
    ) -> None:
        """Keep what a timed query cost (:mod:`unkg.graph.cheap`): the seconds its evaluation
        took, without the hop to a worker or a worker's reopening of the store (which any
        query may pay after a write); or forget it when it failed,
        asked another server (``SERVICE``) or calls a function whose value changes from run to
        run; an answer cut by the row cap changes nothing."""
        cost = None
        if isinstance(outcome, Answer):
            if outcome.truncated:
                return
            if not (scan.uses_service or scan.volatile):
                cost = Cost(outcome.seconds, len(outcome.items), outcome.kind)
        self._costs.learn(key, generation, cost, limit)

    def _limits(
        self,
        timeout: float | None,
        max_rows: int | None,
        default_graph_as_union: bool,
        default_graph: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
    ) -> tuple[float | None, int | None, bool, _Dataset]:
        """The limits of one query (the store's when not given; ``None``: none) and its dataset."""
        timeout = self._timeout if timeout is None else timeout
        max_rows = self._max_rows if max_rows is None else max_rows
        _check_limits(timeout, max_rows)
        if timeout is not None and math.isinf(timeout):
            timeout = None
        graphs = _dataset_graphs(default_graph)
        merged: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = (
            None if graphs is None else list(graphs)
        )
        dataset = (merged, _dataset_graphs(named_graphs))
        union = default_graph_as_union and default_graph is None
        return timeout, max_rows, union, dataset

    def _run(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None,
        timeout: float | None,
        max_rows: int | None,
        union: bool,
        dataset: _Dataset = (None, None),
    ) -> EncodedResult:
        """Evaluate with these limits exactly (``None``: none)."""
        engine = self._engine()
        job, scan = self._job(sparql, bindings, timeout, max_rows, union, dataset)
        started = time.perf_counter()
        outcome = self._evaluate(engine, job, scan)
        return _encoded_result(outcome, scan, timeout, self._query_memory,
                               time.perf_counter() - started)

    def _job(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None,
        timeout: float | None,
        max_rows: int | None,
        union: bool,
        dataset: _Dataset,
    ) -> tuple[Job, SparqlScan]:
        """The job to evaluate, its deadline counted from now, and the scan of its text."""
        self._engine()  # a closed store refuses at once
        scan = _scan(sparql)
        if scan.uses_service and not self._allow_service:
            raise QueryError("SERVICE (federated query) is disabled on this store")
        substitutions = []
        for name, value in check_bindings(scan, bindings).items():
            try:
                substitutions.append((name, to_oxigraph(value)))
                to_ntriples(value)  # binding as text must be possible too
            except TermError as error:
                raise QueryError(f"binding ?{name}: {error}") from error
        deadline = None if timeout is None else time.monotonic() + timeout
        return Job(sparql, union, tuple(substitutions), *dataset, max_rows, deadline), scan

    def _evaluate(self, engine: ox.Store, job: Job, scan: SparqlScan) -> Answer | Failure:
        """On this thread without a deadline, or when the query provably streams
        (:mod:`unkg.graph.streaming`: the thread stops between rows at the deadline, and at the
        row cap) or is known to be cheap (:mod:`unkg.graph.cheap`); else in a worker process,
        or on a worker thread that the caller stops waiting for at the deadline (with the rows so
        far if the row cap was reached: only whether more rows exist was still unknown)."""
        if job.deadline is None:
            return evaluate(engine, job)
        if self._processes is not None:
            key, generation = _job_key(job), self._generation
            limit = job.deadline - time.monotonic()
            if self._streaming.check(job.sparql):
                self.query_routes["thread"] += 1
                ran = evaluate(engine, job)
            elif self._costs.cost(key, generation, limit, job.max_rows) is not None:
                self.query_routes["known"] += 1
                ran = evaluate(engine, job)
            else:
                self.query_routes["process"] += 1
                ran = self._processes.run(job, generation)
            self._learn(key, generation, ran, limit, scan)
            return ran
        partial: list[Answer] = []
        outcome: list[Answer | Failure] = []
        future = self._threads.submit(lambda: outcome.append(evaluate(engine, job, partial.append)))
        try:
            future.result(timeout=max(0.0, job.deadline - time.monotonic()))
        except FutureTimeout:
            future.cancel()
            return partial[-1] if partial else Failure(Reason.TIMEOUT)
        return outcome[0]

    def quads_encoded(
        self,
        subject: Node | None,
        predicate: Node | None,
        obj: Node | None,
        graph: str | None = None,
        *,
        max_rows: int | None = None,
    ) -> EncodedResult:
        """One pattern read by the engine's quad index on the caller's thread (no SPARQL, no
        query process): it streams, and stops at the row cap."""
        engine = self._engine()
        cap = self._max_rows if max_rows is None else max_rows
        _check_limits(None, cap)
        pattern: list[Any] = []
        for term in (subject, predicate, obj):
            try:
                pattern.append(None if term is None else to_oxigraph(term))
            except TermError as error:
                raise QueryError(f"pattern term: {error}") from error
        name = None if graph is None else _node(graph)
        started = time.perf_counter()
        rows: list[tuple[EncodedTerm, ...]] = []
        truncated = False
        for quad in engine.quads_for_pattern(pattern[0], pattern[1], pattern[2], name):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                continue
            if cap is not None and len(rows) >= cap:
                truncated = True
                break
            rows.append(cast(tuple[EncodedTerm, ...], (
                encode(quad.subject), encode(quad.predicate), encode(quad.object),
                encode(quad.graph_name))))
        return EncodedResult(QueryKind.SELECT, ["s", "p", "o", "g"], rows, None, truncated,
                             time.perf_counter() - started)

    def streams(self, sparql: str) -> bool:
        """True when timed queries of this text run on the caller's thread (worker processes are
        on, and the text is already known to stream: :mod:`unkg.graph.streaming`)."""
        return self._processes is not None and self._streaming.known(sparql)

    @property
    def query_process_ids(self) -> list[int]:
        """The process ids of the query workers (empty when queries run on threads)."""
        return [] if self._processes is None else self._processes.pids

    def update(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> None:
        """Run an update in one transaction.

        pyoxigraph cannot bind values in updates, and values are never pasted into SPARQL text,
        so an update takes no ``bindings``: passing any is a :class:`~unkg.errors.QueryError`.
        """
        engine = self._writable()
        scan = scan_sparql(sparql)
        if scan.uses_service and not self._allow_service:
            raise QueryError("SERVICE (federated query) is disabled on this store")
        if bindings:
            raise QueryError("updates take no bindings: the engine cannot bind values in updates")
        with self._changing():
            try:
                engine.update(sparql)
            except SyntaxError as error:
                raise _query_error(error, scan) from error
            except (RuntimeError, OSError) as error:
                raise StoreError(f"{self.location}: update failed: {error}") from error
            self._generation += 1

    def stats(self) -> dict[str, int]:
        result = self._run(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) { ?s a ?class } GROUP BY ?class",
            None,
            self._timeout,
            None,
            True,
        )
        return {
            cls: int(n[0])
            for cls, n in result.rows
            if isinstance(cls, str) and isinstance(n, tuple)
        }

    # -- files -----------------------------------------------------------------------------------

    def export(
        self,
        out: BinaryIO,
        fmt: ExportFormat,
        *,
        graph: str | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        engine = self._engine()
        target = _FORMATS[fmt]
        names = None
        if fmt in (ExportFormat.TURTLE, ExportFormat.TRIG):
            names = {**DEFAULT_PREFIXES, **(prefixes or {})}
        try:
            if graph is None and fmt.has_graphs:
                engine.dump(out, target, prefixes=names)
            elif graph is None:
                ox.serialize((q.triple for q in engine), out, target, prefixes=names)
            elif not engine.contains_named_graph(_node(graph)):
                raise StoreError(f"{self.location}: no graph {graph} to export")
            elif fmt.has_graphs:
                quads = engine.quads_for_pattern(None, None, None, _node(graph))
                ox.serialize(quads, out, target, prefixes=names)
            else:
                engine.dump(out, target, from_graph=_node(graph), prefixes=names)
        except OSError as error:
            raise StoreError(f"{self.location}: export failed: {error}") from error

    def bulk_load(
        self, source: str | Path | BinaryIO, fmt: ExportFormat, *, graph: str | None = None
    ) -> int:
        """As :meth:`_bulk_load`, then the text index reads the loaded graph back (all of them
        when the file names its graphs)."""
        self._writable()
        with self.text_index.writing(self, graph, TextChange.LOAD):
            return self._bulk_load(source, fmt, graph=graph)

    def _bulk_load(
        self, source: str | Path | BinaryIO, fmt: ExportFormat, *, graph: str | None = None
    ) -> int:
        """Load a big file without holding it in memory, then ``optimize()`` the store.

        NOT atomic: a syntax error part way leaves the quads before it loaded. Graphs loaded this
        way have no metadata. Returns the number of quads added (duplicates count once).
        """
        engine = self._writable()
        if fmt.has_graphs == (graph is not None):
            want = "no target graph" if fmt.has_graphs else "a target graph"
            raise StoreError(f"bulk loading {fmt.name} needs {want}")
        name = str(source) if isinstance(source, str | Path) else "input"
        target = None if graph is None else _node(graph)
        before = len(engine)
        with self._changing():
            try:
                if isinstance(source, str | Path):
                    engine.bulk_load(path=str(source), format=_FORMATS[fmt], to_graph=target)
                else:
                    engine.bulk_load(source, _FORMATS[fmt], to_graph=target)
                engine.optimize()
            except SyntaxError as error:
                raise StoreError(
                    f"{name}: {error} (quads before the error were loaded)") from error
            except OSError as error:
                raise StoreError(f"{name}: cannot load: {error}") from error
            finally:
                self._generation += 1  # a failed load may have loaded part of the file
        return len(engine) - before

    def add_new_graphs(
        self, graphs: Sequence[tuple[str, str | bytes, Mapping[str, str], list[Passage] | None]],
        *, copies: Mapping[str, bytes] | None = None,
    ) -> None:
        """Add graphs that are not stored yet, each given as ``(graph, lines, meta, passages)``,
        the lines N-Triples text or the same lines as UTF-8 N-Quads in that graph (as the ingest
        workers make them, so that this process only joins them): the lines through the engine's
        bulk loader (about half the cost of a
        transactional ``load``), then the metadata in ONE transactional ``load``, then the text
        index in one transaction, with the given passages (``None``: read back from the store)
        and ``copies``, the graphs' packed triples (:mod:`unkg.graph.graphcopy`; a graph without
        one is read back).

        For :mod:`unkg.load`, which hands over its own workers' lines (every one ends in
        `` .\\n`` and no literal holds a raw line break). A graph or metadata already stored is
        refused before anything is written. If the bulk load fails part way, the graphs are
        dropped again (they were new, so the store is as it was) and :class:`StoreError` is
        raised: write them one at a time with :meth:`replace_graph_ntriples` to find the bad one.
        A crash part way leaves graphs without metadata, which a later ingest writes again.
        """
        engine = self._writable()
        names = [(graph, _graph(graph)) for graph, _, _, _ in graphs]
        for graph, _ in names:
            if self.has_graph(graph) or self.graph_meta(graph):
                raise StoreError(f"graph {graph}: already stored (add_new_graphs adds only)")
        metas = [check_meta(meta) for _, _, meta, _ in graphs]
        meta_quads = "".join(
            f"{name} {to_ntriples(URIRef(META_PREFIX + key))} {_string(value)} <{META_GRAPH}> .\n"
            for (_, name), fields in zip(names, metas, strict=True) for key, value in fields.items()
        )

        def chunks() -> Iterator[bytes]:
            for (_, name), (_, body, _, _) in zip(names, graphs, strict=True):
                if isinstance(body, bytes):
                    yield body  # N-Quads in the graph already
                else:
                    yield body.replace(" .\n", f" {name} .\n").encode("utf-8")

        with self.text_index.writing_new(self, [graph for graph, _ in names],
                                         copies) as given:
            try:
                with self._changing():
                    try:
                        engine.bulk_load(b"".join(chunks()), ox.RdfFormat.N_QUADS)
                        if meta_quads:
                            engine.load(meta_quads.encode("utf-8"), ox.RdfFormat.N_QUADS)
                    finally:
                        self._generation += 1
            except (SyntaxError, ValueError, OSError, UnicodeEncodeError) as error:
                drop = " ;\n".join(f"DROP SILENT GRAPH {name}" for _, name in names)
                self._write(engine, drop, "graphs of a failed bulk load")
                raise StoreError(
                    f"{self.location}: cannot bulk load {len(names)} graphs: {error}") from error
            for graph, _, _, passages in graphs:
                if passages is not None:
                    given[graph] = passages

    def close(self) -> None:
        """Flush and release the store; the folder's lock goes with the last reference.

        A query still running on a worker thread (see the module docstring) holds a reference
        until it finishes, so reopening the folder in this process fails until then; an idle
        thread holds none.
        """
        store, self._store = self._store, None
        self._threads.stop()
        if self._processes is not None:
            self._processes.close()
        if self._text is not None:
            self._text.close()
        if store is not None and self._path is not None and not self._read_only:
            store.flush()

    # -- the full-text index (unkg.graph.textindex) ------------------------------------------------

    @property
    def text_index(self) -> TextIndex:
        """The full-text index of paragraph and footnote text, beside the store (the passages in
        ``<store>/text-index.sqlite``, ranked by tantivy in ``<store>/text-index.tantivy/``; in
        memory for an in-memory store), in step with it: opened
        on first use and rebuilt when it is missing or stale."""
        with self._text_lock:
            if self._text is None:
                self._text = TextIndex(self._path, read_only=self._read_only)
            index = self._text
        index.sync(self)
        return index

    def rebuild_text_index(self) -> int:
        """Rebuild the full-text index from the store (one query), and the graph copies (every
        quad read); returns the passages indexed."""
        with self._text_lock:
            if self._text is None:
                self._text = TextIndex(self._path, read_only=self._read_only)
            index = self._text
        return index.rebuild(self, copies=True)

    def read_copy(self, graph: str) -> bytes:
        """``graph``'s triples read from the engine, packed (:mod:`unkg.graph.graphcopy`)."""
        return graphcopy.from_quads(self._engine().quads_for_pattern(None, None, None,
                                                                      _node(graph)))

    def graph_index(self, graph: str) -> GraphIndex | None:
        """The triples of ``graph`` by subject and predicate, from its copy beside the store
        (0.1-1 ms against the engine's 5-15 ms for a resolution), or ``None`` when it has none:
        read the engine."""
        copy = self.text_index.graph_copy(graph)
        index = None if copy is None else graphcopy.unpack(copy)
        return cast("GraphIndex | None", index)  # no quoted triples are stored

    def text_rows(self, graph: str | None = None) -> Iterator[TextRow]:
        """The rows of :data:`~unkg.graph.textindex.TEXT_QUERY` (every graph, or ``graph``) as
        plain strings, streamed without time limit or row cap: what the text index is built from."""
        bound: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = (
            None if graph is None else {ox.Variable("g"): _node(graph)}
        )
        results = self._engine().query(TEXT_QUERY, substitutions=bound)
        assert isinstance(results, ox.QuerySolutions)
        for solution in results:
            yield tuple(None if term is None else _value(term) for term in solution)

    # -- internals -------------------------------------------------------------------------------

    def _engine(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self.location}: the store is closed")
        return self._store

    def _writable(self) -> ox.Store:
        engine = self._engine()
        if self._read_only:
            raise StoreError(f"{self.location}: the store is open read-only")
        return engine

    def _load(self, engine: ox.Store, nquads: str, what: str) -> None:
        """One atomic ``load`` of N-Quads, errors as :meth:`_write` gives them."""
        with self._changing():
            try:
                engine.load(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS)
            except UnicodeEncodeError as error:
                raise StoreError(f"{what}: text is not valid Unicode: {error}") from error
            except (SyntaxError, ValueError, OSError) as error:
                raise StoreError(f"{self.location}: cannot write {what}: {error}") from error
            self._generation += 1

    def _write(self, engine: ox.Store, update: str, what: str) -> None:
        with self._changing():
            try:
                engine.update(update)
            except UnicodeEncodeError as error:
                raise StoreError(f"{what}: text is not valid Unicode: {error}") from error
            except (SyntaxError, RuntimeError, OSError) as error:
                raise StoreError(f"{self.location}: cannot write {what}: {error}") from error
            self._generation += 1

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """Around one write to the engine, up to its count in :attr:`generation`: queries known
        to be cheap (:mod:`unkg.graph.cheap`) give way meanwhile, since the data they were
        known over may already have changed while the generation has not yet."""
        with self._writes_lock:
            self._writes += 1
        try:
            yield
        finally:
            with self._writes_lock:
                self._writes -= 1


_DELETE_META = "DELETE WHERE {{ GRAPH <" + META_GRAPH + "> {{ {graph} ?p ?o }} }}"

_NT_IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'  # an IRI: none of the characters IRIREF forbids
_NTRIPLES_LINES = re.compile(
    rf"""
    (?: (?: {_NT_IRI} | _:[A-Za-z0-9_][A-Za-z0-9_.\-]* )     # subject: IRI or blank node
        [ ] {_NT_IRI} [ ]                                      # predicate: IRI
        (?: {_NT_IRI} | _:[A-Za-z0-9_][A-Za-z0-9_.\-]*        # object: IRI, blank node,
          | "[^"\\\n\r]*(?:\\.[^"\\\n\r]*)*"                   #   or a string, escapes kept,
            (?: @[A-Za-z0-9\-]+ | \^\^{_NT_IRI} )? )           #   with a language or a datatype
        [ ] \.\n )*                                            # ' .' ends every line
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class KnownQuery:
    """A query known to be cheap (:meth:`EmbeddedStore.known`): what it cost, and how to run it."""

    store: EmbeddedStore
    key: QueryKey
    generation: int
    cost: Cost
    limit: float
    max_rows: int | None
    dataset: _Dataset

    def json(self) -> bytes | None:
        """Its SPARQL JSON results (SELECT or ASK), evaluated on this thread and written by the
        engine itself (the same bytes as :mod:`unkg.api.formats` writes); ``None`` for a
        CONSTRUCT or DESCRIBE, or when it stopped being known (run it the usual way then). It
        cannot be cut by the row cap: the same query over the same data was not."""
        return self.store._known_json(self)


class _QueryThreads:
    """Daemon threads running timed queries, so the caller can stop waiting and the process can
    exit while a runaway evaluation is still inside the engine."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._jobs: queue.SimpleQueue[tuple[Future[None], Callable[[], None]] | None]
        self._jobs = queue.SimpleQueue()
        self._started = 0
        self._lock = threading.Lock()

    def submit(self, job: Callable[[], None]) -> Future[None]:
        future: Future[None] = Future()
        self._jobs.put((future, job))
        with self._lock:
            while self._started < self._size:
                threading.Thread(target=self._work, name="unkg-query", daemon=True).start()
                self._started += 1
        return future

    def stop(self) -> None:
        with self._lock:
            for _ in range(self._started):
                self._jobs.put(None)
            self._started = 0

    def _work(self) -> None:
        while (item := self._jobs.get()) is not None:
            future, job = item
            # The job (and the engine it holds) is dropped before the caller hears that it is
            # done: the store's folder stays locked until the engine's last reference goes, and
            # a caller may close the store and reopen the folder right after its query.
            del item
            if not future.set_running_or_notify_cancel():
                del job
                continue
            failure: BaseException | None = None
            try:
                job()
            except BaseException as error:  # noqa: BLE001 - handed to the waiting caller
                failure = error
            del job
            if failure is None:
                future.set_result(None)
            else:
                future.set_exception(failure)
            del future, failure


def _open(path: Path | None, read_only: bool) -> ox.Store:
    if path is None:
        return ox.Store()
    if read_only:
        if not (path / "CURRENT").is_file():
            raise StoreError(f"{path}: no store here to open read-only")
        try:
            return ox.Store.read_only(str(path))
        except OSError as error:
            raise StoreError(f"{path}: cannot open the store read-only: {error}") from error
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(path)
    except OSError as error:
        message = str(error)
        if "current process" in message:
            raise StoreLockedError(
                f"{path}: this process already has the store open; close that Store first"
            ) from error
        if "lock" in message.lower():
            raise StoreLockedError(
                f"{path}: the store is locked: another unkg process (for example `unkg serve` or "
                "an ingest) has it open for writing; stop it, or open the store read-only"
            ) from error
        raise StoreError(f"{path}: cannot open the store: {message}") from error


@functools.lru_cache(maxsize=512)
def _scan_cached(sparql: str) -> SparqlScan:
    return scan_sparql(sparql)


def _scan(sparql: str) -> SparqlScan:
    """:func:`~unkg.graph.store.scan_sparql`, remembered for the last short texts (the scan
    costs about as much as the engine's whole answer to a lookup)."""
    return _scan_cached(sparql) if len(sparql) <= MAX_TEXT else scan_sparql(sparql)


def _key(
    sparql: str,
    union: bool,
    substitutions: Sequence[tuple[str, object]],
    default_graph: Sequence[object] | None,
    named_graphs: Sequence[object] | None,
) -> QueryKey:
    """What makes two queries the same work (:data:`unkg.graph.cheap.QueryKey`)."""
    return (
        sparql, union, tuple((name, str(term)) for name, term in substitutions),
        None if default_graph is None else tuple(map(str, default_graph)),
        None if named_graphs is None else tuple(map(str, named_graphs)),
    )


def _job_key(job: Job) -> QueryKey:
    return _key(job.sparql, job.union, job.substitutions, job.default_graph, job.named_graphs)


def _encoded_result(
    outcome: Answer | Failure,
    scan: SparqlScan,
    timeout: float | None,
    memory: int | None,
    elapsed: float,
) -> EncodedResult:
    """The answer as it came, or the error that says why there is none."""
    if isinstance(outcome, Failure):
        raise _failure_error(outcome, scan, timeout, memory)
    # An RDF-star triple term (a 4-tuple) is refused where the rows are read: decode_term and
    # the endpoint's writers raise QueryError for it.
    rows = cast(list[tuple[EncodedTerm, ...]], outcome.items)
    return EncodedResult(QueryKind(outcome.kind), outcome.variables, rows, outcome.boolean,
                         outcome.truncated, elapsed)


def _failure_error(
    failure: Failure, scan: SparqlScan, timeout: float | None, memory: int | None
) -> QueryError | StoreError:
    reason, message = failure.reason, failure.message
    if reason is Reason.SYNTAX:
        return _query_error(SyntaxError(message), scan)
    if reason is Reason.NOT_PROJECTED:
        return QueryError(
            f"cannot bind ?{message}: the engine binds only variables the query returns; "
            f"add ?{message} to the SELECT clause (or use SELECT *)"
        )
    if reason is Reason.TIMEOUT:
        return QueryTimeoutError(_timeout_message(timeout))
    if reason is Reason.BUSY:
        return QueryTimeoutError(f"{_timeout_message(timeout)}: {message}, it never started")
    if reason is Reason.MEMORY:
        limit = "" if memory is None else f", over the limit of {memory >> 20} MB,"
        return QueryMemoryError(f"the query used {message} of memory{limit} and was stopped")
    if reason in (Reason.CRASHED, Reason.STORAGE):
        return StoreError(f"the store could not be read: {message}")
    return _query_error(RuntimeError(message), scan)


#: The graphs of a protocol dataset: (default graph, named graphs); ``None`` leaves the store's.
_Dataset = tuple[
    list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None,
    list[ox.NamedNode | ox.BlankNode] | None,
]


def _dataset_graphs(graphs: Sequence[str] | None) -> list[ox.NamedNode | ox.BlankNode] | None:
    if graphs is None:
        return None
    nodes: list[ox.NamedNode | ox.BlankNode] = []
    for graph in graphs:
        try:
            nodes.append(ox.NamedNode(graph))
        except ValueError as error:
            raise QueryError(f"not a graph IRI: {graph!r} ({error})") from error
    return nodes


def _check_limits(timeout: float | None, max_rows: int | None) -> None:
    if timeout is not None and not timeout > 0:
        raise QueryError(f"the time limit must be a positive number of seconds, got {timeout}")
    if max_rows is not None and max_rows < 0:
        raise QueryError(f"the row cap must be 0 or more, got {max_rows}")


def _query_error(
    error: SyntaxError | RuntimeError | OSError,
    scan: SparqlScan,
) -> QueryError:
    message = " ".join(str(error).split())
    if isinstance(error, SyntaxError):
        message = _NAME_CHARS.sub("a name", message)
        at = _SYNTAX_AT.match(message)
        text = (
            f"SPARQL syntax error at line {at[1]}, column {at[2]}: {at[3]}"
            if at
            else f"SPARQL syntax error: {message}"
        )
        if scan.undeclared_prefixes:
            names = ", ".join(f"{p}:" for p in scan.undeclared_prefixes)
            text += f" (undeclared prefix {names}: add a PREFIX line)"
        return QuerySyntaxError(text)
    return QueryError(f"query failed: {message}")


def _timeout_message(timeout: float | None) -> str:
    return f"the query ran past its time limit of {timeout:g} s and was stopped"


def _node(graph: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(graph)
    except ValueError as error:
        raise StoreError(f"not a graph IRI: {graph!r} ({error})") from error


def _graph(graph: str) -> str:
    """``<graph>`` for update text, validated by the engine and by :func:`to_ntriples`."""
    _node(graph)
    try:
        return to_ntriples(URIRef(graph))
    except TermError as error:
        raise StoreError(f"not a graph IRI: {error}") from error


def _value(term: object) -> str:
    """The IRI, blank node id or lexical form of a result term."""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def _string(value: str) -> str:
    return to_ntriples(Literal(value))
