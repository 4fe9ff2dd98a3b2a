"""The full-text index of paragraph and footnote text: SQLite rows and a tantivy index beside
the RDF store.

Oxigraph has no text index, and ``FILTER(CONTAINS(...))`` scans every literal (5 s at 100k
resolutions), so the text of every preambular and operative paragraph and every footnote is kept
in a SQLite table (``<store>/text-index.sqlite``; in memory for an in-memory store), one row
per passage: graph, passage IRI, resolution IRI, symbol, body key, year, kind and text. The store
keeps it in step itself (:class:`~unkg.graph.embedded.EmbeddedStore`):

* ``replace_graph`` (and ``replace_graph_ntriples``) hand over the N-Triples lines they write, and
  the rows are picked out of those by predicate (:meth:`GraphWrite.passages`: no SPARQL round
  trip); ``drop_graph`` deletes the graph's rows; ``bulk_load`` reads the loaded graph (or the
  whole store) back afterwards. Each write is ONE SQLite transaction, made after the RDF commit
  (:meth:`TextIndex.writing`).
* Before the RDF write the graph is noted as *pending* (committed), and the note is cleared in the
  index's transaction. A crash between the two commits leaves the note, and the next process
  re-reads that graph from the store.
* On first use in a process, :meth:`TextIndex.sync` rebuilds the index from the store with one
  query (:data:`TEXT_QUERY`) when the file is missing, of another format version, or knows other
  graphs than the store; within the process, it rebuilds when the store's
  :attr:`~unkg.graph.store.Store.generation` moved without the index (a SPARQL ``update``). A
  read-only store whose index file is missing or stale gets an index built in memory.

A tool that bulk-loads N-Quads with the engine itself (``bench/api.py``) indexes them without the
read-back query (over an hour at 100k resolutions): :func:`nquads_passages` picks each graph's
passages out of the file as :meth:`GraphWrite.passages` does, :meth:`TextIndex.add_loaded` writes
them, and :meth:`TextIndex.reread` reads back graphs the load added triples to.

:meth:`TextIndex.search` runs on a tantivy index made from those rows
(:mod:`unkg.graph.textindex_tantivy`, ``<store>/text-index.tantivy/``): bm25 with block-max WAND
(only the top hits are scored), an exact count, the filters as indexed terms, snippets with the
matches in ``<mark>`` tags and the rest of the text HTML-escaped. The rows are its source of
truth: every SQLite transaction that changes a graph's rows notes the graph in
``engine_pending``; before the next search (or at :meth:`TextIndex.close`) the documents of every
graph written since are replaced in ONE tantivy commit (a whole ingest: one commit, not one per
graph) and the notes cleared, so a search never sees the rows and the engine out of step; a note
left by a crash (or an index of another
:data:`~unkg.graph.textindex_tantivy.ENGINE_VERSION`, or a missing one) is redone from the rows
on first use. A read-only store whose tantivy index is missing or behind gets one in memory.

The same file keeps each graph's triples packed (table ``graph_copy``, :mod:`unkg.graph.graphcopy`),
written in the transactions that write the graph's passages, so that a whole graph is read
without the engine's per-term lookups; a rebuild drops them (``unkg reindex`` makes them again).

What users type is parsed by :func:`parse_query` (:func:`fts_query` shows the same parse in
FTS5's syntax): every term is a word, and three things are kept: ``"exact phrases"``,
``prefix*`` and ``OR`` between alternatives (all other terms must all match). The query is
built from tantivy's query objects, never its query language, so nothing typed is syntax. Terms
are stemmed (English) and accents folded.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

import pyoxigraph as ox
from unkg.graph import graphcopy
from unkg.graph.textindex_tantivy import ENGINE_DIR, ENGINE_VERSION, Atom, Engine
from unkg.ontology import DCTERMS, RDF, UNKG

from unkg.errors import QueryError, QueryTimeoutError, StoreError

__all__ = [
    "FORMAT_VERSION",
    "INDEX_FILE",
    "TEXT_QUERY",
    "GraphWrite",
    "Passage",
    "PassageKind",
    "SearchHit",
    "SearchPage",
    "TextChange",
    "TextIndex",
    "TextQueryError",
    "TextRow",
    "TextSource",
    "fts_query",
    "nquads_passages",
    "parse_query",
]

#: The index file inside a store's folder.
INDEX_FILE = "text-index.sqlite"
#: Bumped whenever the tables or the tokenizer change: an index of another version is rebuilt.
FORMAT_VERSION = "1"
#: Most terms a search may hold.
MAX_TERMS = 32

#: Every passage of the store: graph, passage, resolution, class, text, symbol, body, date.
TEXT_QUERY = f"""PREFIX unkg: <{UNKG}>
PREFIX dcterms: <{DCTERMS}>
SELECT ?g ?node ?resolution ?class ?text ?symbol ?body ?date
WHERE {{
  GRAPH ?g {{
    ?resolution unkg:hasParagraph|unkg:hasFootnote ?node .
    ?node a ?class ;
          unkg:text ?text .
    VALUES ?class {{ unkg:PreambularParagraph unkg:OperativeParagraph unkg:Footnote }}
    OPTIONAL {{ ?resolution dcterms:identifier ?symbol }}
    OPTIONAL {{ ?resolution unkg:adoptedBy ?body }}
    OPTIONAL {{ ?resolution dcterms:date ?date }}
  }}
}}
"""

#: One row of :data:`TEXT_QUERY`, as plain strings (``None`` where unbound).
TextRow = tuple[str | None, ...]

_ALL = "*"  # the pending note that means "every graph"
#: Seconds a write waits for another process's tantivy writer.
WRITER_WAIT = 30.0
_MARKERS = re.compile("[\x02-\x04]")  # control characters never left in indexed text
_YEAR = re.compile(r"-?(\d{4})")
_TERM = re.compile(
    r"""
      (?P<phrase> "(?P<words>[^"]*)" )    # an exact phrase in double quotes
      (?P<star> \*)?                      #   optionally a prefix: "united nat"*
    | (?P<quote> " )                      # a quote that is never closed
    | (?P<word> [^\s"]+ )                 # a bare word (a trailing * makes it a prefix)
    """,
    re.VERBOSE,
)


class PassageKind(Enum):
    """What a passage of a resolution is."""

    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    FOOTNOTE = "footnote"


_KIND_OF_CLASS = {
    str(UNKG.PreambularParagraph): PassageKind.PREAMBULAR,
    str(UNKG.OperativeParagraph): PassageKind.OPERATIVE,
    str(UNKG.Footnote): PassageKind.FOOTNOTE,
}


class TextChange(Enum):
    """The store write a :meth:`TextIndex.writing` block follows."""

    REPLACE = "replace"  # the graph's new triples are handed over: its rows are picked from them
    DROP = "drop"  # the graph is gone: so are its rows
    LOAD = "load"  # unknown triples were loaded: the graph (or, for None, all) is read back


class TextQueryError(QueryError):
    """A search the index cannot run: no word, an unclosed quote, a misplaced ``OR``."""


@dataclass(frozen=True)
class Passage:
    """One indexed row: a paragraph or footnote and what search filters on."""

    graph: str
    iri: str
    resolution: str
    symbol: str | None
    body: str | None
    year: int | None
    kind: PassageKind
    text: str


@dataclass(frozen=True)
class SearchHit:
    """A passage that matches, with its highlighted ``snippet`` (HTML) and bm25 ``score``."""

    graph: str
    iri: str
    resolution: str
    symbol: str | None
    body: str | None
    year: int | None
    kind: PassageKind
    snippet: str
    score: float


@dataclass(frozen=True)
class SearchPage:
    """One page of hits, best first, and how many passages match in all."""

    total: int
    hits: tuple[SearchHit, ...]


class TextSource(Protocol):
    """What the index reads from the store it follows."""

    @property
    def generation(self) -> int: ...

    def graphs(self) -> list[str]: ...

    def has_graph(self, graph: str) -> bool: ...

    def text_rows(self, graph: str | None = None) -> Iterator[TextRow]:
        """The rows of :data:`TEXT_QUERY`, of every graph or of ``graph`` only, streamed."""
        ...

    def read_copy(self, graph: str) -> bytes:
        """The graph's triples read from the store, packed (:mod:`unkg.graph.graphcopy`)."""
        ...


def parse_query(text: str) -> list[list[Atom]]:
    """What a user typed as groups of terms: every group must match, any term of a group will
    (``OR`` joins its neighbours into one group). Raises :class:`TextQueryError` for an unclosed
    quote, a misplaced ``OR``, no word, or more than :data:`MAX_TERMS` terms.

    >>> parse_query('crime "Member States" OR cyber*')
    [[Atom(words='crime', prefix=False)], [Atom(words='Member States', prefix=False), \
Atom(words='cyber', prefix=True)]]
    """
    groups: list[list[Atom]] = []
    join = False  # the previous term was followed by OR
    terms = 0
    for match in _TERM.finditer(text):
        if match["quote"]:
            raise TextQueryError('q: a double quote is not closed; write "an exact phrase"')
        word = match["word"]
        if word in ("OR", "AND"):
            if word == "OR":
                if not groups or join:
                    raise TextQueryError("q: OR needs a term on each side: cybercrime OR piracy")
                join = True
            continue
        star = bool(match["star"]) or (word is not None and word.endswith("*"))
        words = match["words"] if word is None else word.rstrip("*")
        if not re.search(r"\w", words):
            continue  # punctuation only: no word to look for
        terms += 1
        atom = Atom(words, star)
        if join:
            groups[-1].append(atom)
        else:
            groups.append([atom])
        join = False
    if join:
        raise TextQueryError("q: OR needs a term on each side: cybercrime OR piracy")
    if not terms:
        raise TextQueryError("q: give at least one word to search for")
    if terms > MAX_TERMS:
        raise TextQueryError(f"q: {terms} terms; a search takes at most {MAX_TERMS}")
    return groups


def fts_query(text: str) -> str:
    """The parse of :func:`parse_query` in FTS5's query syntax, every term quoted (for logs and
    for tools that still speak FTS5).

    >>> fts_query('cybercrime "Member States" cyber* OR crime')
    '"cybercrime" "Member States" "cyber"* OR "crime"'
    >>> fts_query('NEAR(a b) col:x')
    '"NEAR(a" "b)" "col:x"'
    """
    return " ".join(
        " OR ".join('"' + atom.words.replace('"', '""') + '"' + ("*" if atom.prefix else "")
                    for atom in group)
        for group in parse_query(text))


# -- picking passages out of triples and rows ----------------------------------------------------

_HAS = {str(UNKG.hasParagraph), str(UNKG.hasFootnote)}
_TYPE, _TEXT = str(RDF.type), str(UNKG.text)
_SYMBOL, _BODY, _DATE = str(DCTERMS.identifier), str(UNKG.adoptedBy), str(DCTERMS.date)
#: The N-Triples lines whose predicate makes passages (subject, one space, predicate, the rest).
_WANTED = re.compile(
    r"^\S+\ <(?:" + "|".join(re.escape(iri) for iri in (*_HAS, _TYPE, _TEXT, _SYMBOL, _BODY, _DATE))
    + r")>\ .*$",
    re.MULTILINE,
)


@dataclass
class GraphWrite:
    """One write that the index follows; for :attr:`TextChange.REPLACE`, the store hands it the
    graph's new content as N-Triples lines (:attr:`ntriples`), and the passages are picked out of
    those by predicate."""

    graph: str | None
    change: TextChange
    ntriples: str | None = None

    def passages(self) -> list[Passage]:
        """The passages of :attr:`ntriples` (raises ``SyntaxError`` if they do not parse)."""
        wanted = "\n".join(_WANTED.findall(self.ntriples or ""))
        owner: dict[str, str] = {}  # passage -> resolution
        facts: dict[str, dict[str, str]] = {}  # subject -> predicate -> the smallest value
        for quad in ox.parse(wanted, ox.RdfFormat.N_TRIPLES):
            subject, predicate, value = map(_text_of, (quad.subject, quad.predicate, quad.object))
            if predicate in _HAS:
                owner[value] = min(owner.get(value, subject), subject)
            elif predicate != _TYPE or value in _KIND_OF_CLASS:
                known = facts.setdefault(subject, {})
                known[predicate] = min(known.get(predicate, value), value)
        found = []
        for node, resolution in owner.items():
            own, about = facts.get(node, {}), facts.get(resolution, {})
            passage = _passage((self.graph, node, resolution, own.get(_TYPE), own.get(_TEXT),
                                about.get(_SYMBOL), about.get(_BODY), about.get(_DATE)))
            if passage is not None:
                found.append(passage)
        return found


def nquads_passages(chunks: Iterable[str], *,
                    skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, list[Passage]]]:
    """Each graph of N-Quads with its passages, picked from its triples as
    :meth:`GraphWrite.passages` picks them from the N-Triples an ingest writes: for a file that
    the engine's bulk loader loaded (``unkg ingest --bulk``, ``bench/generate.py``).

    ``chunks`` are pieces of the text made of whole lines (a file's lines, or blocks of many
    lines: the lines that matter are picked out of a block by one regex, much faster). The lines
    of a graph must come together, as those writers write them (:class:`ValueError` otherwise).
    Lines of the default graph and of the graphs in ``skip`` (the admin graph) are left out, and
    so is a graph without a line of the predicates that matter (every graph ingest writes has
    ``rdf:type`` triples).

    >>> text = ('<urn:r> <https://w3id.org/unkg/ontology#hasParagraph> <urn:r/o1> <urn:g> .\\n'
    ...         '<urn:r/o1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    ...         '<https://w3id.org/unkg/ontology#OperativeParagraph> <urn:g> .\\n'
    ...         '<urn:r/o1> <https://w3id.org/unkg/ontology#text> "Requests a report;" '
    ...         '<urn:g> .\\n')
    >>> [(graph, [(p.iri, p.kind.value, p.text) for p in found])
    ...  for graph, found in nquads_passages([text])]
    [('urn:g', [('urn:r/o1', 'operative', 'Requests a report;')])]
    """
    seen: set[str] = set()
    graph: str | None = None
    block: list[str] = []
    for chunk in chunks:
        for line in _WANTED.findall(chunk):
            head, _, tail = line.rstrip("\r").rpartition(" ")  # tail: the final "."
            triple, _, name = head.rpartition(" ")
            if not (tail == "." and name.startswith("<") and name.endswith(">")):
                continue  # a triple of the default graph
            if name[1:-1] in skip:
                continue
            if name[1:-1] != graph:
                if graph is not None:
                    yield graph, GraphWrite(graph, TextChange.REPLACE, "".join(block)).passages()
                graph, block = name[1:-1], []
                if graph in seen:
                    raise ValueError(f"the lines of graph {graph} do not come together")
                seen.add(graph)
            block.append(triple + " .\n")
    if graph is not None:
        yield graph, GraphWrite(graph, TextChange.REPLACE, "".join(block)).passages()


def _text_of(term: object) -> str:
    """The IRI, blank node id or lexical form of a term (an RDF-star triple as its repr)."""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else repr(term)


def _passage(row: TextRow) -> Passage | None:
    """The passage of one row of :data:`TEXT_QUERY`; ``None`` for a row that is not one."""
    graph, node, resolution, cls, text, symbol, body, date = row
    kind = _KIND_OF_CLASS.get(cls or "")
    if graph is None or node is None or resolution is None or kind is None or text is None:
        return None
    year = _YEAR.match(date or "")
    key = unquote(body.rsplit("/id/body/", 1)[-1]) if body else None
    return Passage(graph, node, resolution, symbol, key, int(year[1]) if year else None, kind,
                   _MARKERS.sub(" ", text))


# -- the index -----------------------------------------------------------------------------------

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS graphs(graph TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS pending(graph TEXT PRIMARY KEY) WITHOUT ROWID",
    # the graphs whose rows changed since the tantivy index last took them
    "CREATE TABLE IF NOT EXISTS engine_pending(graph TEXT PRIMARY KEY) WITHOUT ROWID",
    """CREATE TABLE IF NOT EXISTS passage(
      id INTEGER PRIMARY KEY, graph TEXT NOT NULL, iri TEXT NOT NULL, resolution TEXT NOT NULL,
      symbol TEXT, body TEXT, year INTEGER, kind TEXT NOT NULL, text TEXT NOT NULL,
      UNIQUE(graph, iri))""",
    # each graph's triples, packed (unkg.graph.graphcopy); a graph may have none
    "CREATE TABLE IF NOT EXISTS graph_copy(graph TEXT PRIMARY KEY, triples BLOB NOT NULL)",
)
_DROP = ("DROP TABLE IF EXISTS passage_fts", "DROP TABLE IF EXISTS passage", "DELETE FROM graphs")
# A passage met twice (two symbols on one resolution) keeps the smallest of each field, as
# GraphWrite.passages does.
_UPSERT = """INSERT INTO passage(graph, iri, resolution, symbol, body, year, kind, text)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(graph, iri) DO UPDATE SET
  resolution = min(resolution, excluded.resolution),
  kind = min(kind, excluded.kind),
  text = min(text, excluded.text),
  symbol = min(coalesce(symbol, excluded.symbol), coalesce(excluded.symbol, symbol)),
  body = min(coalesce(body, excluded.body), coalesce(excluded.body, body)),
  year = min(coalesce(year, excluded.year), coalesce(excluded.year, year))"""
_ROWS = "SELECT graph, iri, resolution, symbol, body, year, kind, text FROM passage"
_FIELDS = ("graph", "iri", "resolution", "symbol", "body", "year", "kind", "text")
#: Bytes of the index file mapped into memory by each connection (reads without a copy).
MMAP_BYTES = 1 << 30
#: Pages of the index each connection keeps cached (negative: in KiB).
CACHE_KIB = 64 * 1024


class TextIndex:
    """The full-text index of a store's passages, in ``folder`` (``None``: in memory).

    ``read_only`` opens the file without writing it; when it is missing or stale, the index is
    built in memory instead. Safe across threads (one connection behind a lock).
    """

    def __init__(self, folder: Path | None, *, read_only: bool = False) -> None:
        self.path = None if folder is None else folder / INDEX_FILE
        self._lock = threading.RLock()
        self._synced: int | None = None  # the store generation the index is in step with
        self._conn: sqlite3.Connection | None = None
        self._writable = not read_only
        if self.path is not None and read_only and not self.path.is_file():
            self.path = None  # nothing to read: build in memory
            self._writable = True
        self._conn = self._connect()
        self._engine = self._open_engine()
        self._engine_ok = False  # whether the engine holds the rows, but for the noted graphs
        # graphs whose rows this process changed since the engine last took them: taken by the
        # next search (one tantivy commit for a whole ingest) or at close
        self._dirty: set[str] = set()

    def _open_engine(self) -> Engine:
        folder = None if self.path is None else self.path.parent / ENGINE_DIR
        if folder is not None and not self._writable and not Engine.exists(folder):
            folder = None  # nothing to read: build in memory
        try:
            return Engine(folder, read_only=not self._writable)
        except (OSError, ValueError) as error:
            raise StoreError(f"{folder}: cannot open the text index: {error}") from error

    # -- following the store ---------------------------------------------------------------------

    def sync(self, source: TextSource) -> None:
        """Bring the index in step with ``source`` if it may not be (see the module docstring)."""
        with self._lock:
            generation = source.generation
            if self._synced == generation:
                if not self._engine_ok:
                    self._flush(())
                return
            if self._synced is not None or not self._current():
                self.rebuild(source)
                return
            pending = self._pending()
            if _ALL in pending or (pending and not self._writable):
                self.rebuild(source)  # (a read-only file gives way to an index in memory)
                return
            for graph in pending:
                self._reindex(source, graph)
            indexed = {row[0] for row in self._db().execute("SELECT graph FROM graphs")}
            if indexed != set(source.graphs()):
                self.rebuild(source)
                return
            self._flush(())
            self._synced = generation

    def rebuild(self, source: TextSource, *, copies: bool = False) -> int:
        """Index every passage of ``source`` again, with one query; returns how many. The graph
        copies are dropped, or, with ``copies``, made again from the store (every quad read)."""
        with self._lock:
            generation = source.generation
            db = self._writable_db()
            with _transaction(db):
                for statement in (*_DROP, *_SCHEMA):
                    db.execute(statement)
                db.execute("DELETE FROM graph_copy")
                if copies:
                    db.executemany("INSERT INTO graph_copy VALUES (?, ?)",
                                   ((g, source.read_copy(g)) for g in source.graphs()))
                for row in source.text_rows():
                    passage = _passage(row)
                    if passage is not None:
                        db.execute(_UPSERT, _values(passage))
                db.executemany("INSERT INTO graphs VALUES (?)", ((g,) for g in source.graphs()))
                db.execute("DELETE FROM pending")
                db.execute("INSERT OR IGNORE INTO engine_pending VALUES (?)", (_ALL,))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))
            self._flush((_ALL,))
            self._synced = generation
            return int(db.execute("SELECT count(*) FROM passage").fetchone()[0])

    @contextmanager
    def writing(self, source: TextSource, graph: str | None,
                change: TextChange) -> Iterator[GraphWrite]:
        """Follow one write of ``source`` to ``graph`` (``None``: any graphs, for a bulk load).

        The block does the RDF write (and, for :attr:`TextChange.REPLACE`, sets the yielded
        :attr:`GraphWrite.ntriples`); the index is updated after it, in one transaction. Holds
        the index's lock throughout, so a search never sees the store and the index out of step.
        """
        with self._lock:
            self.sync(source)
            before = source.generation
            db = self._writable_db()
            with _transaction(db):
                db.execute("INSERT OR IGNORE INTO pending VALUES (?)", (graph or _ALL,))
            write = GraphWrite(graph, change)
            try:
                yield write
            finally:
                self._settle(source, write, before)

    @contextmanager
    def writing_new(self, source: TextSource, graphs: list[str],
                    copies: Mapping[str, bytes] | None = None,
                    ) -> Iterator[dict[str, list[Passage]]]:
        """Follow ONE write that adds ``graphs`` (none of them stored yet) to ``source``, as
        :meth:`writing` does for one graph: they are noted pending before, and the block fills
        the yielded dict with each graph's passages (picked beforehand, e.g. by
        :meth:`GraphWrite.passages` in the process that made the lines). After the block, every
        graph's rows are replaced in one transaction; a graph missing from the dict is read back
        from the store. ``copies`` are the graphs' packed triples (:mod:`unkg.graph.graphcopy`);
        a stored graph without one is read back for it."""
        with self._lock:
            self.sync(source)
            before = source.generation
            db = self._writable_db()
            with _transaction(db):
                db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(g,) for g in graphs])
            given: dict[str, list[Passage]] = {}
            try:
                yield given
            finally:
                generation = source.generation
                with _transaction(db):
                    for graph in graphs:
                        present = generation != before and source.has_graph(graph)
                        copy = (copies or {}).get(graph) if present else None
                        if present and copy is None:
                            copy = source.read_copy(graph)
                        if graph in given or not present:
                            self._replace_in(db, graph, given.get(graph, []), present, copy)
                        else:
                            passages = [p for p in map(_passage, source.text_rows(graph))
                                        if p is not None]
                            self._replace_in(db, graph, passages, present, copy)
                self._dirty.update(graphs)
                if self._synced == before and generation == before + 1:
                    self._synced = generation

    @staticmethod
    def _replace_in(db: sqlite3.Connection, graph: str, passages: list[Passage],
                    present: bool, copy: bytes | None = None) -> None:
        """:meth:`_replace` inside a transaction the caller holds (the engine follows after it:
        :meth:`_flush`); ``copy`` is the graph's packed triples (``None``: it has none)."""
        db.execute("DELETE FROM graph_copy WHERE graph = ?", (graph,))
        if present and copy is not None:
            db.execute("INSERT INTO graph_copy VALUES (?, ?)", (graph, copy))
        db.execute("DELETE FROM passage WHERE graph = ?", (graph,))
        db.executemany(_UPSERT, [_values(passage) for passage in passages])
        db.execute("INSERT OR IGNORE INTO engine_pending VALUES (?)", (graph,))
        db.execute("DELETE FROM graphs WHERE graph = ?", (graph,))
        if present:
            db.execute("INSERT INTO graphs VALUES (?)", (graph,))
        db.execute("DELETE FROM pending WHERE graph = ?", (graph,))

    def _settle(self, source: TextSource, write: GraphWrite, before: int) -> None:
        db = self._db()
        generation = source.generation
        if generation == before:  # nothing was written
            with _transaction(db):
                db.execute("DELETE FROM pending WHERE graph = ?", (write.graph or _ALL,))
            return
        if write.graph is None:
            self.rebuild(source)
        elif write.change is TextChange.DROP:
            self._replace(write.graph, [], present=False)
        elif write.change is TextChange.REPLACE and write.ntriples is not None:
            try:
                passages = write.passages()
                copy = graphcopy.from_ntriples(write.ntriples)
            except (SyntaxError, ValueError):  # the engine took it, the parser did not: read back
                self._reindex(source, write.graph)
            else:
                self._replace(write.graph, passages, present=True, copy=copy)
        else:
            self._reindex(source, write.graph)
        if self._synced == before and generation == before + 1:
            self._synced = generation  # our write, and only it, moved the store on

    def _reindex(self, source: TextSource, graph: str) -> None:
        passages = [p for p in map(_passage, source.text_rows(graph)) if p is not None]
        present = source.has_graph(graph)
        self._replace(graph, passages, present, source.read_copy(graph) if present else None)

    def add_loaded(self, graphs: Iterable[tuple[str, list[Passage]]]) -> int:
        """Index graphs that were loaded into the store by the engine itself, behind the store's
        back (a tool's bulk load of new graphs: see :func:`nquads_passages`): each graph's rows
        become its passages and the graph is noted as indexed, all in ONE transaction, and the
        tantivy index is rebuilt from the rows at the end. Returns the passages written.

        Nothing is read from the store: whoever calls it vouches that the graphs are stored.
        The next process to open the store finds the index in step (the same graphs) and keeps
        it; within this process, :meth:`sync` still rebuilds after the store's generation moved.
        """
        count = 0
        with self._lock:
            db = self._writable_db()
            with _transaction(db):
                for graph, passages in graphs:
                    db.execute("DELETE FROM passage WHERE graph = ?", (graph,))
                    db.executemany(_UPSERT, [_values(passage) for passage in passages])
                    db.execute("INSERT OR IGNORE INTO graphs VALUES (?)", (graph,))
                    db.execute("DELETE FROM pending WHERE graph = ?", (graph,))
                    count += len(passages)
                db.execute("INSERT OR IGNORE INTO engine_pending VALUES (?)", (_ALL,))
            self._flush((_ALL,))
        return count

    def reread(self, source: TextSource, graphs: Iterable[str]) -> int:
        """Read the passages of ``graphs`` back from ``source`` (one query each), each graph in
        its own transaction: after a load that added triples to graphs indexed already (see
        :meth:`add_loaded`). Returns the passages written."""
        count = 0
        with self._lock:
            for graph in graphs:
                passages = [p for p in map(_passage, source.text_rows(graph)) if p is not None]
                present = source.has_graph(graph)
                self._replace(graph, passages, present,
                              source.read_copy(graph) if present else None)
                count += len(passages)
        return count

    def add_copies(self, copies: Iterable[tuple[str, bytes]]) -> int:
        """Keep the packed triples of graphs loaded behind the store's back (as
        :meth:`add_loaded` does their passages), in ONE transaction; returns how many.

        Whoever calls it vouches that each copy holds what the store holds for the graph."""
        count = 0
        with self._lock:
            db = self._writable_db()
            with _transaction(db):
                for graph, copy in copies:
                    db.execute("INSERT OR REPLACE INTO graph_copy VALUES (?, ?)", (graph, copy))
                    count += 1
        return count

    def copies(self) -> int:
        """How many graphs have a copy of the current layout (:data:`graphcopy.MAGIC`)."""
        magic = graphcopy.MAGIC
        with self._lock:
            try:
                return int(self._db().execute(
                    "SELECT count(*) FROM graph_copy WHERE substr(triples, 1, ?) = ?",
                    (len(magic), magic)).fetchone()[0])
            except sqlite3.OperationalError:  # no such table: a file older than the copies
                return 0

    def graph_copy(self, graph: str) -> bytes | None:
        """The packed triples of ``graph`` (:mod:`unkg.graph.graphcopy`), if the index keeps
        them (``None``: read the store; an index file made before copies existed has none)."""
        with self._lock:
            try:
                row = self._db().execute(
                    "SELECT triples FROM graph_copy WHERE graph = ?", (graph,)).fetchone()
            except sqlite3.OperationalError:  # no such table: a file older than the copies
                return None
        return None if row is None else bytes(row[0])

    def _replace(self, graph: str, passages: list[Passage], present: bool,
                 copy: bytes | None = None) -> None:
        """The rows of ``graph`` become ``passages`` (and its copy ``copy``), in one transaction
        that clears its note."""
        db = self._writable_db()
        with _transaction(db):
            self._replace_in(db, graph, passages, present, copy)
        self._dirty.add(graph)

    def flush(self) -> None:
        """Bring the search engine in step with the rows now, rather than at the next search or
        at :meth:`close` (the store does it while the engine compacts, on another core)."""
        with self._lock:
            if self._conn is not None and self._dirty:
                self._flush(())

    def rebuild_engine(self) -> int:
        """Make the tantivy index again from the rows alone (no store read: the rows are kept in
        step by the writes); returns the passages indexed. For a tool, after the engine changed."""
        with self._lock:
            db = self._writable_db()
            with _transaction(db):
                db.execute("INSERT OR IGNORE INTO engine_pending VALUES (?)", (_ALL,))
            self._flush((_ALL,))
            return len(self._engine)

    def _flush(self, graphs: Iterable[str]) -> None:
        """Bring the tantivy index in step with the rows: the ``graphs`` just written and those
        noted in ``engine_pending`` are replaced from their rows (all of them, for a note of
        every graph, or an index missing or of another version), then the notes are cleared."""
        db = self._db()
        notes = [row[0] for row in db.execute("SELECT graph FROM engine_pending")]
        todo = sorted({*graphs, *notes, *self._dirty})
        if self._engine_ok and not todo:
            return
        if not self._engine_ok:  # a new process: is the index on disk of this version?
            version = self._meta("engine")
            self._engine_ok = (self._engine.folder is not None and not self._engine.created
                               and version == ENGINE_VERSION)
            if (self._writable and self._engine.folder is not None and not self._engine.created
                    and version != ENGINE_VERSION):  # another schema, maybe: start it again
                self._engine = Engine(self._engine.folder, fresh=True)
        if not self._writable and (todo or not self._engine_ok) and self._engine.folder:
            self._engine = Engine(None)  # a read-only file stays as it is: rebuild in memory
            self._engine_ok = False
        try:
            if not self._engine_ok or _ALL in todo:
                self._with_writer(lambda: self._engine.reset(self._rows(None)))
            elif todo:
                self._with_writer(lambda: self._engine.replace(todo, self._rows(todo)))
        except (OSError, ValueError) as error:
            raise StoreError(f"{self._engine.folder or ':memory:'}: cannot write the text "
                             f"index: {error}") from error
        self._engine_ok = True
        self._dirty.clear()
        if self._writable:
            with _transaction(db):
                db.executemany("DELETE FROM engine_pending WHERE graph = ?",
                               [(graph,) for graph in notes])
                db.execute("INSERT OR REPLACE INTO meta VALUES ('engine', ?)", (ENGINE_VERSION,))

    @staticmethod
    def _with_writer(write: Callable[[], int]) -> int:
        """``write``, waiting up to :data:`WRITER_WAIT` s for another process's writer."""
        deadline = time.monotonic() + WRITER_WAIT
        while True:
            try:
                return write()
            except ValueError as error:
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _rows(self, graphs: list[str] | None) -> Iterator[dict[str, object]]:
        """The rows of every graph (``None``) or of ``graphs``, as the engine's fields."""
        db = self._db()
        if graphs is None:
            for row in db.execute(_ROWS):
                yield dict(zip(_FIELDS, row, strict=True))
            return
        for start in range(0, len(graphs), 500):
            part = graphs[start:start + 500]
            for row in db.execute(f"{_ROWS} WHERE graph IN ({','.join('?' * len(part))})", part):
                yield dict(zip(_FIELDS, row, strict=True))

    def _meta(self, key: str) -> str | None:
        try:
            row = self._db().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return None if row is None else str(row[0])

    # -- searching -------------------------------------------------------------------------------

    def search(self, q: str, *, body: str | None = None, year: int | None = None,
               kind: PassageKind | None = None, limit: int = 20, offset: int = 0,
               timeout: float | None = None) -> SearchPage:
        """The passages matching ``q`` (see :func:`parse_query`), best first (bm25), filtered by
        ``body`` key, ``year`` of adoption and ``kind``; ``limit`` hits from ``offset``.
        ``total`` counts every match, exactly.

        ``timeout`` (seconds): a search that took longer raises :class:`QueryTimeoutError`
        (tantivy cannot be stopped midway; its searches take milliseconds).
        """
        if limit < 0 or offset < 0:
            raise TextQueryError("limit and offset must be 0 or more")
        groups = parse_query(q)
        filters: dict[str, str | int] = {
            name: value for name, value in (("body", body), ("year", year),
                                            ("kind", kind.value if kind else None))
            if value is not None}
        started = time.monotonic()
        with self._lock:
            self._db()  # a closed index says so
            if self._dirty or not self._engine_ok:
                self._flush(())
            try:
                total, found = self._engine.search(groups, filters=filters, limit=limit,
                                                   offset=offset)
            except ValueError as error:
                raise TextQueryError(f"q: cannot search for {q!r}: {error}") from None
        if timeout is not None and time.monotonic() - started > timeout:
            raise QueryTimeoutError(
                f"the search ran past its time limit of {timeout:g} s and was stopped")
        hits = tuple(
            SearchHit(str(hit.fields["graph"]), str(hit.fields["iri"]),
                      str(hit.fields["resolution"]), _str(hit.fields.get("symbol")),
                      _str(hit.fields.get("body")), _int(hit.fields.get("year")),
                      PassageKind(hit.fields["kind"]), hit.snippet, round(hit.score, 6))
            for hit in found)
        return SearchPage(total, hits)

    def __len__(self) -> int:
        """The number of indexed passages."""
        with self._lock:
            return int(self._db().execute("SELECT count(*) FROM passage").fetchone()[0])

    def close(self) -> None:
        """Close the database; closing twice is harmless."""
        with self._lock:
            if self._conn is not None and self._dirty:
                # if it fails, the graphs stay noted in engine_pending: the next open takes them
                with suppress(StoreError):
                    self._flush(())
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()
            self._engine_ok = False
            self._dirty.clear()

    # -- internals -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            return self._open()
        except sqlite3.OperationalError as error:  # cannot open, locked, read-only...
            raise StoreError(f"{self.path}: cannot open the text index: {error}") from error
        except sqlite3.DatabaseError as error:
            if self.path is None or not self._writable:
                raise StoreError(f"{self.path}: cannot open the text index: {error}") from error
        # Not a database (a damaged or foreign file): the index is derived data, start it again.
        self.path.unlink(missing_ok=True)
        _unlink_journals(self.path)
        try:
            return self._open()
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: cannot open the text index: {error}") from error

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        elif not self._writable:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        else:
            if not self.path.is_file():  # a journal left by a deleted index must not be replayed
                _unlink_journals(self.path)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            if self.path is not None and self._writable:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
            if self.path is not None:
                db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
                db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            if self._writable:
                for statement in _SCHEMA:
                    db.execute(statement)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"{self.path or ':memory:'}: the text index is closed")
        return self._conn

    def _writable_db(self) -> sqlite3.Connection:
        """The connection to write to: a read-only file gives way to an index in memory."""
        if not self._writable:
            self._db().close()
            self.path, self._writable = None, True
            self._conn = self._connect()
            self._engine, self._engine_ok = Engine(None), False
        return self._db()

    def _current(self) -> bool:
        """Whether the database holds an index of this format (not a new or an old one)."""
        try:
            row = self._db().execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.DatabaseError:
            return False
        return row is not None and row[0] == FORMAT_VERSION

    def _pending(self) -> list[str]:
        return [row[0] for row in self._db().execute("SELECT graph FROM pending")]


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    if db.in_transaction:
        db.execute("COMMIT")


def _unlink_journals(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _values(passage: Passage) -> tuple[str | int | None, ...]:
    return (passage.graph, passage.iri, passage.resolution, passage.symbol, passage.body,
            passage.year, passage.kind.value, passage.text)


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None
