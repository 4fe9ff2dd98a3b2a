"""Ingest files into a store: parse each one, turn it into RDF and replace its named graph.

This is the one place where the pure pipeline (:mod:`unkg.ingest`) meets the store
(:mod:`unkg.graph`). Each resolution gets its own named graph (a file that holds several
resolutions gives several graphs, one per resolution, named by its symbol), written atomically, so
a file that fails to parse leaves the store as it was, and a graph whose file content and
extractor version are already stored is skipped, which makes ingest idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from unkg import EXTRACTOR_VERSION
from unkg.errors import SourceError, StoreError
from unkg.graph.iris import Iris
from unkg.graph.store import Store
from unkg.ingest.models import Resolution
from unkg.ingest.pipeline import is_supported, parse_documents
from unkg.ingest.to_rdf import graph_slug, resolution_to_rdf


class Outcome(Enum):
    INGESTED = "ingested"
    SKIPPED = "skipped"
    FAILED = "failed"


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
    """What happened to every file of one ingest run."""

    files: list[FileReport] = field(default_factory=list)

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

    def summary(self) -> str:
        """The closing summary: counts, then each failure with its reason."""
        lines = [
            f"{self.count(Outcome.INGESTED)} ingested, {self.count(Outcome.SKIPPED)} skipped "
            f"(unchanged), {self.count(Outcome.FAILED)} failed; {self.triples} triples written, "
            f"{self.unresolved} unresolved items"
        ]
        lines += [f"FAILED {f.path}: {f.reason}" for f in self.failures]
        return "\n".join(lines)


def iter_source_files(paths: Iterable[str | Path]) -> Iterator[Path | FileReport]:
    """The files named by ``paths``, folders expanded recursively in sorted order.

    A path that does not exist is yielded as a failed :class:`FileReport` rather than raised, so
    that one typo does not stop a long run.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and is_supported(p))
        elif path.is_file():
            yield path
        else:
            yield FileReport(str(path), Outcome.FAILED, reason="no such file or folder")


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
    try:
        resolutions = parse_documents(path)
    except SourceError as error:
        return [FileReport(str(path), Outcome.FAILED, reason=error.problem)]
    except Exception as error:  # noqa: BLE001 - one file's extractor bug must not stop the run
        return [FileReport(
            str(path), Outcome.FAILED, reason=f"extractor error: {type(error).__name__}: {error}"
        )]
    slugs = _graph_slugs(resolutions)
    return [
        _write(store, path, resolution, iris, slug, force=force)
        for resolution, slug in zip(resolutions, slugs, strict=True)
    ]


def _write(
    store: Store, path: Path, resolution: Resolution, iris: Iris, slug: str, *, force: bool
) -> FileReport:
    graph = iris.graph(slug)
    meta = {"sha256": resolution.source.sha256, "extractor_version": EXTRACTOR_VERSION}
    symbol = str(resolution.symbol) if resolution.symbol else None
    if not force and _is_stored(store, graph, meta):
        return FileReport(str(path), Outcome.SKIPPED, graph=graph, symbol=symbol)
    triples = resolution_to_rdf(resolution, iris, generated_at=datetime.now(UTC))
    try:
        written = store.replace_graph(graph, triples, meta=meta)
    except StoreError as error:
        return FileReport(str(path), Outcome.FAILED, reason=str(error), graph=graph, symbol=symbol)
    return FileReport(
        str(path),
        Outcome.INGESTED,
        graph=graph,
        symbol=symbol,
        triples=written,
        unresolved=len(resolution.unresolved),
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
    on_file: Callable[[FileReport], None] | None = None,
) -> IngestReport:
    """Ingest every file under ``paths``; ``on_file`` is called after each one (for progress),
    once per resolution for a file that holds several."""
    report = IngestReport()
    for item in iter_source_files(paths):
        results = [item] if isinstance(item, FileReport) else ingest_document(
            store, item, iris, force=force
        )
        for result in results:
            report.files.append(result)
            if on_file is not None:
                on_file(result)
    return report


def _is_stored(store: Store, graph: str, meta: dict[str, str]) -> bool:
    stored = store.graph_meta(graph)
    return all(stored.get(key) == value for key, value in meta.items())
