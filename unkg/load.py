"""Ingest files into a store: parse each one, turn it into RDF and replace its named graph.

This is the one place where the pure pipeline (:mod:`unkg.ingest`) meets the store
(:mod:`unkg.graph`). Each resolution gets its own named graph (a file that holds several
resolutions gives several graphs, one per resolution, named by its symbol), written atomically, so
a file that fails to parse leaves the store as it was, and a graph whose file content and
extractor version are already stored is skipped, which makes ingest idempotent.

A corpus uses every core: worker processes parse files and turn them into N-Triples text
(:func:`parse_to_ntriples`, which returns a small picklable :class:`ParsedFile` with the
text-index passages already picked), while this process is the one store writer (the embedded
engine admits one writer process). Graphs not stored yet are gathered and added in batches
through the engine's bulk loader (:class:`_Writer`; half the cost of a transactional load), with a
fallback to one atomic write per graph when the engine refuses a batch. A bounded number of
files is in flight (:data:`IN_FLIGHT` per worker), enough that the workers go on parsing while
this process is in the engine's bulk loader, and results are written in the order of the files,
so memory stays flat and a graph that two files give ends as the later file says, as with one
worker. A file whose content and extractor version are already stored is skipped before any
worker sees it. ``bulk=True`` streams everything through the engine's bulk loader instead: much
faster into an EMPTY store, but NOT atomic (a crash part way leaves part of the corpus).
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import pickle
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rdflib.term import Literal

from unkg import EXTRACTOR_VERSION
from unkg.errors import SourceError, StoreError
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.graphcopy import pack
from unkg.graph.iris import Iris
from unkg.graph.store import META_GRAPH, META_PREFIX, ExportFormat, Store
from unkg.graph.terms import TermError, to_ntriples
from unkg.graph.textindex import GraphWrite, Passage, TextChange
from unkg.ingest.models import Resolution
from unkg.ingest.pipeline import is_supported, parse_documents
from unkg.ingest.to_rdf import graph_slug, resolution_lines_and_triples

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

#: Files handed to each worker process ahead of the one being written. The writer spends seconds
#: at a time in the engine's bulk loader (which lets other threads run): the pool's own thread
#: keeps the workers fed meanwhile. With only a few files ahead the workers stood idle during
#: every batch (110 s against 86 s for the AKN corpus). The results wait in temporary files, a
#: few hundred kB each, not in this process's memory.
IN_FLIGHT = 128
#: After this many graphs written in one run, the store is asked to compact its indexes.
OPTIMIZE_AFTER = 1000
#: The writer flushes the store after each this many characters of N-Triples: the embedded
#: engine holds what it writes in memory until then (1.9 GB by the end of the AKN corpus).
FLUSH_EVERY = 64 * 2**20
#: New graphs (not stored yet) are gathered up to this many characters of N-Triples and added in
#: one go through the engine's bulk loader (:meth:`EmbeddedStore.add_new_graphs`).
BATCH_EVERY = 64 * 2**20


class Outcome(Enum):
    INGESTED = "ingested"
    SKIPPED = "skipped"
    FAILED = "failed"
    #: A file in a folder that the pipeline does not read (a README, metadata JSON Lines).
    NOT_DOCUMENT = "not a document"


@dataclass(frozen=True)
class FileReport:
    """What happened to one file, or to one resolution of a file that holds several."""

    path: str
    outcome: Outcome
    reason: str | None = None
    graph: str | None = None
    symbol: str | None = None
    triples: int = 0
    unresolved: int = 0


@dataclass
class IngestReport:
    """What happened to every file of one ingest run, and how long it took."""

    files: list[FileReport] = field(default_factory=list)
    #: Wall-clock seconds of the run (0 when not measured).
    elapsed: float = 0.0
    workers: int = 1

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.files if f.outcome is outcome)

    @property
    def failures(self) -> list[FileReport]:
        return [f for f in self.files if f.outcome is Outcome.FAILED]

    @property
    def triples(self) -> int:
        return sum(f.triples for f in self.files)

    @property
    def unresolved(self) -> int:
        return sum(f.unresolved for f in self.files)

    @property
    def documents(self) -> int:
        """Source files read or skipped (files that are not documents left out)."""
        return len({f.path for f in self.files if f.outcome is not Outcome.NOT_DOCUMENT})

    def summary(self) -> str:
        """The closing summary: counts, timing, then each failure with its reason."""
        others = self.count(Outcome.NOT_DOCUMENT)
        lines = [
            f"{self.count(Outcome.INGESTED)} ingested, {self.count(Outcome.SKIPPED)} skipped "
            f"(unchanged), {self.count(Outcome.FAILED)} failed"
            + (f", {others} not documents" if others else "")
            + f"; {self.triples} triples written, {self.unresolved} unresolved items"
        ]
        if self.elapsed > 0:
            seconds = self.elapsed
            lines.append(
                f"{self.documents} files in {seconds:.1f} s with {self.workers} worker"
                f"{'s' if self.workers > 1 else ''}: {self.documents / seconds:.1f} documents/s, "
                f"{self.triples / seconds:,.0f} triples/s"
            )
        lines += [f"FAILED {f.path}: {f.reason}" for f in self.failures]
        return "\n".join(lines)


@dataclass(frozen=True)
class ParsedGraph:
    """One resolution of a parsed file, as its graph's lines (or why it has none): N-Triples
    text, or, as the workers send them, the same lines as N-Quads in the graph, UTF-8 encoded
    (:attr:`nquads`, what the engine's bulk loader takes as it is); :meth:`lines` gives the
    N-Triples either way."""

    graph: str
    symbol: str | None
    sha256: str
    ntriples: str = ""
    triples: int = 0
    unresolved: int = 0
    error: str | None = None
    #: The full-text passages of the graph, picked out of its lines by the worker (``None``: the
    #: writer reads them back from the store).
    passages: tuple[Passage, ...] | None = None
    #: The graph's triples packed by :func:`unkg.graph.graphcopy.pack`, made by the worker from
    #: the values it wrote the lines from (``None``: the store makes the copy itself).
    copy: bytes | None = None
    #: The lines as N-Quads in :attr:`graph`, UTF-8 (the worker writes these, not ``ntriples``).
    nquads: bytes = b""

    def lines(self) -> str:
        """The graph's N-Triples lines. Every line ends in `` <graph> .\\n`` in the N-Quads
        and no literal holds a raw line break, so the graph name is taken off each line end."""
        if self.ntriples or not self.nquads:
            return self.ntriples
        return self.nquads.decode("utf-8").replace(f" <{self.graph}> .\n", " .\n")

    @property
    def size(self) -> int:
        """The length of the lines, as they are held."""
        return len(self.nquads) or len(self.ntriples)


@dataclass(frozen=True)
class ParsedFile:
    """What a worker process sends back for one file: its graphs, or why it could not be read."""

    path: str
    graphs: tuple[ParsedGraph, ...] = ()
    error: str | None = None


def iter_source_files(paths: Iterable[str | Path]) -> Iterator[Path | FileReport]:
    """The files named by ``paths``, folders expanded recursively in sorted order.

    A file inside a folder that the pipeline does not read (``README.md``, metadata ``.jsonl``)
    is yielded as a :attr:`Outcome.NOT_DOCUMENT` report; a file named explicitly is yielded as
    it is (and fails if it is of a kind the pipeline does not read). A path that does not exist
    is yielded as a failed :class:`FileReport` rather than raised, so that one typo does not stop
    a long run.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                yield found if is_supported(found) else FileReport(
                    str(found), Outcome.NOT_DOCUMENT, reason="not a document"
                )
        elif path.is_file():
            yield path
        else:
            yield FileReport(str(path), Outcome.FAILED, reason="no such file or folder")


def parse_to_ntriples(path: Path, iris: Iris) -> ParsedFile:
    """Parse one file and serialize each of its resolutions as N-Triples; never raises for a bad
    file. This is what a worker process runs; it does not touch the store."""
    try:
        resolutions = parse_documents(path)
    except SourceError as error:
        return ParsedFile(str(path), error=error.problem)
    except Exception as error:  # noqa: BLE001 - one file's extractor bug must not stop the run
        return ParsedFile(str(path), error=f"extractor error: {type(error).__name__}: {error}")
    slugs = _graph_slugs(resolutions)
    graphs = tuple(
        _serialize(resolution, iris, slug)
        for resolution, slug in zip(resolutions, slugs, strict=True)
    )
    return ParsedFile(str(path), graphs)


def _serialize(resolution: Resolution, iris: Iris, slug: str) -> ParsedGraph:
    graph = iris.graph(slug)
    symbol = str(resolution.symbol) if resolution.symbol else None
    sha256 = resolution.source.sha256
    try:
        lines, triples = resolution_lines_and_triples(
            resolution, iris, generated_at=datetime.now(UTC))
    except TermError as error:
        return ParsedGraph(graph, symbol, sha256, error=f"graph {graph}: {error}")
    except Exception as error:  # noqa: BLE001 - one resolution's mapping bug must not stop the run
        reason = f"extractor error: {type(error).__name__}: {error}"
        return ParsedGraph(graph, symbol, sha256, error=reason)
    ntriples = "".join(lines)
    try:  # the text index's passages, picked here rather than in the one writer process
        passages: tuple[Passage, ...] | None = tuple(
            GraphWrite(graph, TextChange.REPLACE, ntriples).passages())
    except (SyntaxError, ValueError):
        passages = None
    # The writer hands these to the engine's bulk loader as they are: every line ends in " .\n"
    # and no literal holds a raw line break, so the graph name goes before each " .\n".
    nquads = ntriples.replace(" .\n", f" <{graph}> .\n").encode("utf-8")
    return ParsedGraph(
        graph, symbol, sha256, "", len(lines), len(resolution.unresolved), passages=passages,
        copy=None if triples is None else pack(triples), nquads=nquads,
    )


def ingest_file(store: Store, path: Path, iris: Iris, *, force: bool = False) -> FileReport:
    """Parse one file and replace the named graph of each of its resolutions; never raises for a
    bad file. A file that holds several resolutions gets one report for all of them (see
    :func:`ingest_document` for one report each)."""
    reports = ingest_document(store, path, iris, force=force)
    if len(reports) == 1:
        return reports[0]
    failed = [r for r in reports if r.outcome is Outcome.FAILED]
    ingested = any(r.outcome is Outcome.INGESTED for r in reports)
    return FileReport(
        str(path),
        Outcome.FAILED if failed else Outcome.INGESTED if ingested else Outcome.SKIPPED,
        reason="; ".join(f"{r.symbol or r.graph}: {r.reason}" for r in failed) or None,
        graph=None,  # one graph per resolution: see ingest_document
        symbol=", ".join(r.symbol for r in reports if r.symbol) or None,
        triples=sum(r.triples for r in reports),
        unresolved=sum(r.unresolved for r in reports),
    )


def ingest_document(
    store: Store, path: Path, iris: Iris, *, force: bool = False
) -> list[FileReport]:
    """Parse one file and replace the named graph of each of its resolutions, one report each;
    never raises for a bad file. Nothing is written unless the whole file parses."""
    return _write(store, parse_to_ntriples(path, iris), force=force)


def _write(store: Store, parsed: ParsedFile, *, force: bool) -> list[FileReport]:
    if parsed.error is not None:
        return [FileReport(parsed.path, Outcome.FAILED, reason=parsed.error)]
    return [_write_graph(store, parsed.path, graph, force=force) for graph in parsed.graphs]


def _write_graph(store: Store, path: str, parsed: ParsedGraph, *, force: bool) -> FileReport:
    graph, symbol = parsed.graph, parsed.symbol
    if parsed.error is not None:
        return FileReport(path, Outcome.FAILED, reason=parsed.error, graph=graph, symbol=symbol)
    meta = _meta(parsed.sha256)
    if not force and _is_stored(store, graph, meta):
        return FileReport(path, Outcome.SKIPPED, graph=graph, symbol=symbol)
    try:
        written = store.replace_graph_ntriples(graph, parsed.lines(), meta=meta)
    except StoreError as error:
        return FileReport(path, Outcome.FAILED, reason=str(error), graph=graph, symbol=symbol)
    return FileReport(
        path, Outcome.INGESTED, graph=graph, symbol=symbol, triples=written,
        unresolved=parsed.unresolved,
    )


def _graph_slugs(resolutions: list[Resolution]) -> list[str]:
    """The graph slug of each resolution of one file; a slug met twice in the file (two
    resolutions without a symbol) gets a ``-2``, ``-3`` suffix."""
    slugs: list[str] = []
    for resolution in resolutions:
        slug, n = graph_slug(resolution), 2
        while slug in slugs:
            slug, n = f"{graph_slug(resolution)}-{n}", n + 1
        slugs.append(slug)
    return slugs


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    iris: Iris,
    *,
    force: bool = False,
    workers: int = 1,
    bulk: bool = False,
    on_file: Callable[[FileReport], None] | None = None,
    on_source: Callable[[str, list[FileReport]], None] | None = None,
) -> IngestReport:
    """Ingest every file under ``paths`` with ``workers`` processes (1: in this process).

    ``on_file`` is called with each report (once per resolution for a file that holds several),
    ``on_source`` once per source file with all its reports (for progress by files). With
    ``bulk`` the store must be empty and is filled by the engine's bulk loader (NOT atomic), then
    optimized; otherwise each graph is replaced atomically, and the store is optimized after a
    large run.
    """
    started = time.perf_counter()
    report = IngestReport(workers=max(1, workers))

    def record(path: str, reports: list[FileReport], *, whole: bool = True) -> None:
        report.files.extend(reports)
        for each in reports:
            if on_file is not None:
                on_file(each)
        if whole and on_source is not None:
            on_source(path, reports)

    if bulk and len(store) > 0:
        raise StoreError(
            f"{store.location}: --bulk loads into an empty store only (it adds, never replaces); "
            "ingest without --bulk to update a store"
        )
    stored = {} if force or bulk else _stored_sources(store)

    def to_parse() -> Iterator[Path]:
        for item in iter_source_files(paths):
            if isinstance(item, FileReport):
                record(item.path, [item])
            elif stored and (graphs := stored.get(_file_sha256(item), [])):
                record(str(item), [FileReport(str(item), Outcome.SKIPPED, graph=g) for g in graphs])
            else:
                yield item

    with _Workers(report.workers, iris) as pool:
        parsed = pool.map(to_parse())
        if bulk:
            _bulk_write(store, parsed, record)
        else:
            writer = _Writer(store, record, force=force)
            for each in parsed:
                writer.add(each)
            writer.finish()
    if not bulk and report.count(Outcome.INGESTED) >= OPTIMIZE_AFTER:
        store.optimize()
    report.elapsed = time.perf_counter() - started
    return report


class _Record(Protocol):
    def __call__(self, path: str, reports: list[FileReport], *, whole: bool = True) -> None: ...


class _Writer:
    """The one store writer of the default (atomic) ingest.

    A graph already stored is replaced atomically (:meth:`Store.replace_graph_ntriples`, with a
    ``flush()`` every :data:`FLUSH_EVERY` characters). A graph that is not stored yet waits in a
    batch, and each batch of :data:`BATCH_EVERY` characters is added in one go through the
    engine's bulk loader (:meth:`EmbeddedStore.add_new_graphs`: half the cost). Either way a file
    that fails to parse writes nothing; a batch that the engine refuses is dropped again and its
    graphs written one at a time, so the bad one is reported by file. Reports are recorded in
    the order of the files, once their graphs are written; a graph that a later file gives again
    is written after the batch that holds it, so the later file wins.
    """

    def __init__(self, store: Store, record: _Record, *, force: bool) -> None:
        self._store = store
        self._record = record
        self._force = force
        self._batching = isinstance(store, EmbeddedStore)
        #: Whether the store held nothing when the run began (then a graph that no earlier file
        #: of the run gave is new without asking the store), and the graphs given so far.
        self._empty = self._batching and not store.graphs() and len(store) == 0
        self._given: set[str] = set()
        self._batch: dict[str, tuple[str, ParsedGraph]] = {}  # graph -> (path, graph)
        self._size = 0
        self._unflushed = 0
        #: Files not recorded yet, in order: each report, or the batched graph it waits for.
        self._waiting: deque[tuple[str, list[FileReport | ParsedGraph]]] = deque()

    def add(self, parsed: ParsedFile) -> None:
        items: list[FileReport | ParsedGraph] = []
        if parsed.error is not None:
            items.append(FileReport(parsed.path, Outcome.FAILED, reason=parsed.error))
        for graph in parsed.graphs:
            if graph.graph in self._batch:
                self._write_batch()  # the later file wins: write the earlier one first
            if self._batching and graph.error is None and self._is_new(graph):
                self._batch[graph.graph] = (parsed.path, graph)
                self._size += graph.size
                items.append(graph)
            else:
                items.append(_write_graph(self._store, parsed.path, graph, force=self._force))
                self._unflushed += graph.size
            self._given.add(graph.graph)
        self._waiting.append((parsed.path, items))
        if self._size >= BATCH_EVERY:
            self._write_batch()
        if self._unflushed >= FLUSH_EVERY:
            self._store.flush()
            self._unflushed = 0
        self._emit()

    def finish(self) -> None:
        self._write_batch()
        self._emit()

    def _is_new(self, graph: ParsedGraph) -> bool:
        if self._empty and graph.graph not in self._given:
            return True
        meta = _meta(graph.sha256)
        stored = self._store.graph_meta(graph.graph)
        if not self._force and all(stored.get(key) == value for key, value in meta.items()):
            return False  # unchanged: _write_graph reports it skipped
        return not stored and not self._store.has_graph(graph.graph)

    def _write_batch(self) -> None:
        if not self._batch:
            return
        store = self._store
        assert isinstance(store, EmbeddedStore)
        batch, self._batch, self._size = self._batch, {}, 0
        written: dict[int, FileReport] = {}
        try:
            store.add_new_graphs([
                (graph.graph, graph.nquads or graph.ntriples, _meta(graph.sha256),
                 None if graph.passages is None else list(graph.passages))
                for _, graph in batch.values()
            ], copies={graph.graph: graph.copy for _, graph in batch.values()
                       if graph.copy is not None})
        except StoreError:
            for path, graph in batch.values():  # one at a time, to name the bad one
                written[id(graph)] = _write_graph(store, path, graph, force=True)
        else:
            for path, graph in batch.values():
                written[id(graph)] = FileReport(
                    path, Outcome.INGESTED, graph=graph.graph, symbol=graph.symbol,
                    triples=graph.triples, unresolved=graph.unresolved,
                )
        for index, (path, items) in enumerate(self._waiting):
            self._waiting[index] = (path, [
                written.get(id(item), item) if isinstance(item, ParsedGraph) else item
                for item in items
            ])

    def _emit(self) -> None:
        """Record the files at the head of the queue whose graphs are all written."""
        while self._waiting and not any(
                isinstance(item, ParsedGraph) for item in self._waiting[0][1]):
            path, items = self._waiting.popleft()
            self._record(path, [item for item in items if isinstance(item, FileReport)])


def _bulk_write(store: Store, parsed: Iterable[ParsedFile], record: _Record) -> None:
    """Stream every graph and its metadata as N-Quads into the engine's bulk loader. A graph that
    a later file gives again is replaced once the load is over, so the later file wins."""
    seen: set[str] = set()
    again: list[tuple[str, ParsedGraph]] = []

    def chunks() -> Iterator[bytes]:
        for each in parsed:
            if each.error is not None:
                record(each.path, [FileReport(each.path, Outcome.FAILED, reason=each.error)])
                continue
            reports: list[FileReport] = []
            for graph in each.graphs:
                if graph.error is not None:
                    reports.append(_write_graph(store, each.path, graph, force=True))
                elif graph.graph in seen:
                    again.append((each.path, graph))
                else:
                    seen.add(graph.graph)
                    # No grammar check here, unlike replace_graph_ntriples: the text is our own
                    # workers' ntriples_lines, and the bulk loader parses it as strict N-Quads.
                    yield _nquads(graph)
                    reports.append(FileReport(
                        each.path, Outcome.INGESTED, graph=graph.graph, symbol=graph.symbol,
                        triples=graph.triples, unresolved=graph.unresolved,
                    ))
            record(each.path, reports)

    store.bulk_load(io.BufferedReader(_ChunkReader(chunks()), 1 << 20), ExportFormat.NQUADS)
    for path, graph in again:
        record(path, [_write_graph(store, path, graph, force=True)], whole=False)


def _nquads(graph: ParsedGraph) -> bytes:
    """The graph's lines and its metadata as N-Quads, UTF-8. Every line ends in `` .\\n`` and
    a literal never holds a raw line break, so the graph name goes before each `` .\\n``."""
    name = f"<{graph.graph}>"
    meta = "".join(
        f"{name} <{META_PREFIX}{key}> {to_ntriples(Literal(value))} <{META_GRAPH}> .\n"
        for key, value in _meta(graph.sha256).items()
    ).encode("utf-8")
    if graph.nquads:
        return graph.nquads + meta
    return graph.ntriples.replace(" .\n", f" {name} .\n").encode("utf-8") + meta


class _ChunkReader(io.RawIOBase):
    """A binary stream over an iterator of byte chunks, read by the engine's bulk loader."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._rest = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._rest:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._rest = memoryview(chunk)
        target = memoryview(buffer).cast("B")
        n = min(len(target), len(self._rest))
        target[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


class _Workers:
    """Worker processes that parse files, handing results back in the order of the files, with
    at most :data:`IN_FLIGHT` files per worker queued. One worker runs in this process.

    Each result comes back through a temporary file (:func:`_work_to_file`), read here in one
    go, rather than through the pool's pipe: that pipe is read 64 kB at a time by a thread of
    this process, which waits for this busy process's interpreter lock before each read while
    the worker stands blocked writing.

    A worker that dies (a crash, the kernel's out-of-memory killer) breaks the whole pool: the
    pool is then renewed and the files that were in flight are run again one at a time, so that
    the one that kills its worker is reported by name and the run goes on.
    """

    def __init__(
        self, count: int, iris: Iris,
        work: Callable[[Path, Iris], ParsedFile] = parse_to_ntriples,
    ) -> None:
        self._count = count
        self._iris = iris
        self._work = work  # a module-level function: the workers import it by name
        self._pool: ProcessPoolExecutor | None = None
        self._folder: str | None = None  # where the workers leave their results

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._folder is not None:  # results of files never collected (a run cut short)
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def map(self, paths: Iterable[Path]) -> Iterator[ParsedFile]:
        if self._count <= 1:
            yield from (self._work(path, self._iris) for path in paths)
            return
        pending: deque[tuple[Path, Future[str]]] = deque()
        for path in paths:
            pending.append((path, self._submit(path)))
            if len(pending) >= self._count * IN_FLIGHT:
                yield from self._collect(pending, 1)
        yield from self._collect(pending, len(pending))

    def _submit(self, path: Path) -> Future[str]:
        if self._folder is None:
            self._folder = tempfile.mkdtemp(prefix="unkg-ingest-")
        if self._pool is None:
            # Fresh interpreters rather than forks of this one, which holds the store and threads.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self._count, mp_context=context)
        return self._pool.submit(_work_to_file, self._work, path, self._iris, self._folder)

    def _collect(
        self, pending: deque[tuple[Path, Future[str]]], n: int
    ) -> Iterator[ParsedFile]:
        for _ in range(n):
            path, future = pending.popleft()
            try:
                yield _read_result(future.result())
            except BrokenProcessPool:
                suspects = [path, *(p for p, _ in pending)]
                pending.clear()
                self._close()
                yield from (self._alone(p) for p in suspects)
                return
            except Exception as error:  # noqa: BLE001 - reported against the file, run goes on
                yield ParsedFile(str(path), error=f"worker error: {type(error).__name__}: {error}")

    def _alone(self, path: Path) -> ParsedFile:
        """Run one file by itself (in a new pool if the last one broke)."""
        try:
            return _read_result(self._submit(path).result())
        except BrokenProcessPool:
            self._close()
            return ParsedFile(str(path), error="its worker process died (a crash or out of memory)")
        except Exception as error:  # noqa: BLE001 - reported against the file, run goes on
            return ParsedFile(str(path), error=f"worker error: {type(error).__name__}: {error}")


def _work_to_file(
    work: Callable[[Path, Iris], ParsedFile], path: Path, iris: Iris, folder: str
) -> str:
    """Run ``work`` on ``path`` (in a worker process) and leave its result pickled in a new file
    of ``folder``; return the file's name, for :func:`_read_result`."""
    parsed = work(path, iris)
    handle, name = tempfile.mkstemp(suffix=".pickle", dir=folder)
    with os.fdopen(handle, "wb") as out:
        pickle.dump(parsed, out, protocol=pickle.HIGHEST_PROTOCOL)
    return name


def _read_result(name: str) -> ParsedFile:
    """The result that :func:`_work_to_file` left in the file ``name``, which goes."""
    try:
        with open(name, "rb") as f:
            parsed: ParsedFile = pickle.loads(f.read())
    finally:
        os.unlink(name)
    return parsed


def _meta(sha256: str) -> dict[str, str]:
    return {"sha256": sha256, "extractor_version": EXTRACTOR_VERSION}


def _is_stored(store: Store, graph: str, meta: dict[str, str]) -> bool:
    stored = store.graph_meta(graph)
    return all(stored.get(key) == value for key, value in meta.items())


def _stored_sources(store: Store) -> dict[str, list[str]]:
    """The graphs stored from each source file (by its SHA-256) by this extractor version.

    Read graph by graph (about 20 µs each), not with a SPARQL query: a query may run on another
    thread or process, which would keep the store open after the run."""
    found: dict[str, list[str]] = {}
    for graph in store.graphs():
        meta = store.graph_meta(graph)
        if meta.get("extractor_version") == EXTRACTOR_VERSION and "sha256" in meta:
            found.setdefault(meta["sha256"], []).append(graph)
    return found


def _file_sha256(path: Path) -> str:
    """The SHA-256 of the file's bytes (what every reader records as ``Source.sha256``); an
    unreadable file gets an empty string, so a worker reads it and reports why it fails."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
