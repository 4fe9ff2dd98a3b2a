"""The full-text index of paragraph and footnote text: SQLite FTS5 beside the RDF store.

Oxigraph has no text index, and ``FILTER(CONTAINS(...))`` scans every literal (5 s at 100k
resolutions), so the text of every preambular and operative paragraph and every footnote is kept
in a SQLite FTS5 table (``<store>/text-index.sqlite``; in memory for an in-memory store), one row
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

:meth:`TextIndex.search` ranks with bm25 and highlights with FTS5 ``snippet()``: matches in
``<mark>`` tags, the rest of the text HTML-escaped. What users type goes through
:func:`fts_query`, which quotes every term (so no FTS5 operator or column filter can be injected)
and keeps three things: ``"exact phrases"``, ``prefix*`` and ``OR`` between alternatives; the
result is a bound parameter. Terms are stemmed (Porter) and accents folded.
"""

from __future__ import annotations

import html
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

import pyoxigraph as ox
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
]

#: The index file inside a store's folder.
INDEX_FILE = "text-index.sqlite"
#: Bumped whenever the tables or the tokenizer change: an index of another version is rebuilt.
FORMAT_VERSION = "1"
#: Words are split on Unicode rules, accents folded, then stemmed (English).
TOKENIZER = "porter unicode61 remove_diacritics 2"
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
_MARK, _END, _MORE = "\x02", "\x03", "\x04"  # snippet markers; never left in indexed text
_MARKERS = re.compile("[\x02-\x04]")
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


def fts_query(text: str) -> str:
    """The FTS5 query for what a user typed: every term quoted, so that it can only be words.

    >>> fts_query('cybercrime "Member States" cyber* OR crime')
    '"cybercrime" "Member States" "cyber"* OR "crime"'
    >>> fts_query('NEAR(a b) col:x')
    '"NEAR(a" "b)" "col:x"'
    """
    parts: list[str] = []
    terms = 0
    for match in _TERM.finditer(text):
        if match["quote"]:
            raise TextQueryError('q: a double quote is not closed; write "an exact phrase"')
        word = match["word"]
        if word in ("OR", "AND"):
            if word == "OR":
                if not parts or parts[-1] == "OR":
                    raise TextQueryError("q: OR needs a term on each side: cybercrime OR piracy")
                parts.append("OR")
            continue
        star = bool(match["star"]) or (word is not None and word.endswith("*"))
        words = match["words"] if word is None else word.rstrip("*")
        if not re.search(r"\w", words):
            continue  # punctuation only: no word to look for
        terms += 1
        parts.append('"' + words.replace('"', '""') + '"' + ("*" if star else ""))
    if parts and parts[-1] == "OR":
        raise TextQueryError("q: OR needs a term on each side: cybercrime OR piracy")
    if not terms:
        raise TextQueryError("q: give at least one word to search for")
    if terms > MAX_TERMS:
        raise TextQueryError(f"q: {terms} terms; a search takes at most {MAX_TERMS}")
    return " ".join(parts)


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
    """CREATE TABLE IF NOT EXISTS passage(
      id INTEGER PRIMARY KEY, graph TEXT NOT NULL, iri TEXT NOT NULL, resolution TEXT NOT NULL,
      symbol TEXT, body TEXT, year INTEGER, kind TEXT NOT NULL, text TEXT NOT NULL,
      UNIQUE(graph, iri))""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS passage_fts USING fts5(
      text, content='passage', content_rowid='id', tokenize='{TOKENIZER}')""",
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
_SEARCH = """SELECT p.graph, p.iri, p.resolution, p.symbol, p.body, p.year, p.kind,
  snippet(passage_fts, 0, char(2), char(3), char(4), 24), bm25(passage_fts)
FROM passage_fts JOIN passage AS p ON p.id = passage_fts.rowid
WHERE passage_fts MATCH ?{filters}
ORDER BY bm25(passage_fts), p.iri LIMIT ? OFFSET ?"""
_COUNT = """SELECT count(*) FROM passage_fts JOIN passage AS p ON p.id = passage_fts.rowid
WHERE passage_fts MATCH ?{filters}"""


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

    # -- following the store ---------------------------------------------------------------------

    def sync(self, source: TextSource) -> None:
        """Bring the index in step with ``source`` if it may not be (see the module docstring)."""
        with self._lock:
            generation = source.generation
            if self._synced == generation:
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
            self._synced = generation

    def rebuild(self, source: TextSource) -> int:
        """Index every passage of ``source`` again, with one query; returns how many."""
        with self._lock:
            generation = source.generation
            db = self._writable_db()
            with _transaction(db):
                for statement in (*_DROP, *_SCHEMA):
                    db.execute(statement)
                for row in source.text_rows():
                    passage = _passage(row)
                    if passage is not None:
                        db.execute(_UPSERT, _values(passage))
                db.execute("INSERT INTO passage_fts(passage_fts) VALUES ('rebuild')")
                db.executemany("INSERT INTO graphs VALUES (?)", ((g,) for g in source.graphs()))
                db.execute("DELETE FROM pending")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))
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
            except (SyntaxError, ValueError):  # the engine took it, the parser did not: read back
                self._reindex(source, write.graph)
            else:
                self._replace(write.graph, passages, present=True)
        else:
            self._reindex(source, write.graph)
        if self._synced == before and generation == before + 1:
            self._synced = generation  # our write, and only it, moved the store on

    def _reindex(self, source: TextSource, graph: str) -> None:
        passages = [p for p in map(_passage, source.text_rows(graph)) if p is not None]
        self._replace(graph, passages, source.has_graph(graph))

    def _replace(self, graph: str, passages: list[Passage], present: bool) -> None:
        """The rows of ``graph`` become ``passages``, in one transaction that clears its note."""
        db = self._writable_db()
        with _transaction(db):
            db.execute("INSERT INTO passage_fts(passage_fts, rowid, text) "
                       "SELECT 'delete', id, text FROM passage WHERE graph = ?", (graph,))
            db.execute("DELETE FROM passage WHERE graph = ?", (graph,))
            for passage in passages:
                db.execute(_UPSERT, _values(passage))
            db.execute("INSERT INTO passage_fts(rowid, text) "
                       "SELECT id, text FROM passage WHERE graph = ?", (graph,))
            db.execute("DELETE FROM graphs WHERE graph = ?", (graph,))
            if present:
                db.execute("INSERT INTO graphs VALUES (?)", (graph,))
            db.execute("DELETE FROM pending WHERE graph = ?", (graph,))

    # -- searching -------------------------------------------------------------------------------

    def search(self, q: str, *, body: str | None = None, year: int | None = None,
               kind: PassageKind | None = None, limit: int = 20, offset: int = 0,
               timeout: float | None = None) -> SearchPage:
        """The passages matching ``q`` (see :func:`fts_query`), best first (bm25), filtered by
        ``body`` key, ``year`` of adoption and ``kind``; ``limit`` hits from ``offset``.

        ``timeout`` (seconds) stops a search that runs longer (:class:`QueryTimeoutError`).
        """
        if limit < 0 or offset < 0:
            raise TextQueryError("limit and offset must be 0 or more")
        match = fts_query(q)
        filters, values = "", list[str | int]([match])
        for column, value in (("body", body), ("year", year),
                              ("kind", kind.value if kind else None)):
            if value is not None:
                filters += f" AND p.{column} = ?"
                values.append(value)
        with self._lock:
            db = self._db()
            deadline = None if timeout is None else time.monotonic() + timeout
            db.set_progress_handler(_stopper(deadline), 10_000)
            try:
                total = int(db.execute(_COUNT.format(filters=filters), values).fetchone()[0])
                rows = db.execute(_SEARCH.format(filters=filters),
                                  [*values, limit, offset]).fetchall()
            except sqlite3.OperationalError as error:
                if "interrupted" in str(error):
                    raise QueryTimeoutError(
                        f"the search ran past its time limit of {timeout:g} s and was stopped"
                    ) from None
                raise TextQueryError(f"q: cannot search for {q!r}: {error}") from None
            finally:
                db.set_progress_handler(None, 0)
        hits = tuple(
            SearchHit(graph, iri, resolution, symbol, body_key, year_, PassageKind(kind_),
                      _highlight(snippet), round(-score, 6))
            for graph, iri, resolution, symbol, body_key, year_, kind_, snippet, score in rows
        )
        return SearchPage(total, hits)

    def __len__(self) -> int:
        """The number of indexed passages."""
        with self._lock:
            return int(self._db().execute("SELECT count(*) FROM passage").fetchone()[0])

    def close(self) -> None:
        """Close the database; closing twice is harmless."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()

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


def _stopper(deadline: float | None) -> Callable[[], int]:
    return lambda: int(deadline is not None and time.monotonic() > deadline)


def _highlight(snippet: str) -> str:
    """The snippet as HTML: the text escaped, the matches in ``<mark>``, cuts as an ellipsis."""
    return (html.escape(snippet, quote=False)
            .replace(_MARK, "<mark>").replace(_END, "</mark>").replace(_MORE, "…"))

