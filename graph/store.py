"""The store interface every RDF engine implements, and the types its callers see.

Callers (ingest, the CLI, the HTTP API, notebooks) speak rdflib terms (``URIRef``, ``Literal``,
``BNode``) and never an engine's own types, so the embedded engine (:mod:`unkg.graph.embedded`,
pyoxigraph) and a later engine for remote SPARQL 1.1 servers sit behind the same :class:`Store`.

Conventions every engine keeps:

* one named graph per source document, replaced atomically by :meth:`Store.replace_graph`;
* graph metadata (source sha256, extractor version) lives in the admin graph :data:`META_GRAPH` as
  ``<graph> <urn:unkg:graph-meta:KEY> "value"``, replaced in the same transaction as the graph;
  it is part of the dataset (exports and union-graph queries see it) but not of :meth:`graphs`;
* every query has a time limit and a row cap (:data:`DEFAULT_TIMEOUT`, :data:`DEFAULT_MAX_ROWS`,
  configurable per store and per call) and says when it was ``truncated``;
* bindings are bound as values by the engine (SEP-0007 substitution), never pasted into the query
  text; a binding whose name is not a variable of the query, or that the engine cannot bind (the
  embedded engine binds only variables the query returns), is a :class:`~unkg.errors.QueryError`.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, TypeAlias, cast

from rdflib.term import BNode, Literal, Node, URIRef

from unkg.errors import QueryError, StoreError

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "META_GRAPH",
    "EncodedResult",
    "EncodedTerm",
    "ExportFormat",
    "GraphIndex",
    "QueryKind",
    "QueryResult",
    "SparqlScan",
    "Store",
    "Triple",
    "check_bindings",
    "check_meta",
    "decode_term",
    "encode_term",
    "open_store",
    "scan_sparql",
]

#: Seconds a query may run unless the store or the call says otherwise.
DEFAULT_TIMEOUT = 30.0
#: Rows (or triples, for CONSTRUCT) a query returns at most unless the store or the call says so.
DEFAULT_MAX_ROWS = 10_000
#: The admin graph holding each graph's metadata.
META_GRAPH = "urn:unkg:graph-meta"
#: Metadata key ``k`` of a graph is the predicate ``META_PREFIX + k``.
META_PREFIX = "urn:unkg:graph-meta:"

Triple = tuple[Node, Node, Node]

_META_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*\Z")
#: The default :meth:`Store.quads_encoded`: one pattern in the named graphs.
_QUADS_QUERY = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class ExportFormat(Enum):
    """RDF serializations the store writes (and :meth:`Store.bulk_load` reads)."""

    NQUADS = "application/n-quads"
    TRIG = "application/trig"
    TURTLE = "text/turtle"
    NTRIPLES = "application/n-triples"

    @property
    def media_type(self) -> str:
        return self.value

    @property
    def has_graphs(self) -> bool:
        """True for the dataset formats (N-Quads, TriG), which keep graph names."""
        return self in (ExportFormat.NQUADS, ExportFormat.TRIG)

    @property
    def extension(self) -> str:
        return {"NQUADS": "nq", "TRIG": "trig", "TURTLE": "ttl", "NTRIPLES": "nt"}[self.name]


class QueryKind(Enum):
    """What a query returns: rows, a boolean, or triples (CONSTRUCT and DESCRIBE)."""

    SELECT = "select"
    ASK = "ask"
    CONSTRUCT = "construct"


@dataclass(frozen=True)
class QueryResult:
    """The whole answer to one query, in rdflib terms.

    ``rows`` (SELECT) hold one cell per name in ``variables``, ``None`` where unbound; ``boolean``
    is set for ASK only; ``triples`` hold CONSTRUCT and DESCRIBE results. ``truncated`` says the
    row cap was reached and more rows (or triples) exist. ``elapsed`` is wall-clock seconds.
    """

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False
    elapsed: float = 0.0


#: A result term as plain values, without rdflib: an IRI is its string; a blank node ``(id,)``; a
#: literal ``(lexical form, tag)`` where tag is ``""`` (xsd:string), ``"@lang"`` or the datatype
#: IRI; ``None`` is an unbound cell. (The query worker processes send terms in this shape.)
EncodedTerm: TypeAlias = "str | tuple[str] | tuple[str, str] | None"
#: One graph's triples by subject, then predicate; the values of each as the keys of a dict.
GraphIndex: TypeAlias = "dict[EncodedTerm, dict[EncodedTerm, dict[EncodedTerm, None]]]"

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class EncodedResult:
    """The whole answer to one query in :data:`EncodedTerm` plain values: what
    :meth:`Store.query_encoded` returns to a caller that only writes the terms out (the SPARQL
    endpoint), which saves building an rdflib term per cell.

    ``rows`` hold SELECT rows (one cell per name in ``variables``) or CONSTRUCT and DESCRIBE
    triples; the other fields mean what they mean in :class:`QueryResult`.
    """

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[EncodedTerm, ...]] = field(default_factory=list)
    boolean: bool | None = None
    truncated: bool = False
    elapsed: float = 0.0

    def decoded(self) -> QueryResult:
        """The same answer in rdflib terms."""
        rows = [tuple(decode_term(term) for term in row) for row in self.rows]
        if self.kind is QueryKind.CONSTRUCT:
            triples = cast(list[Triple], rows)
            return QueryResult(self.kind, [], [], None, triples, self.truncated, self.elapsed)
        return QueryResult(self.kind, self.variables, rows, self.boolean, [], self.truncated,
                           self.elapsed)


def encode_term(term: Node | None) -> EncodedTerm:
    """An rdflib term as :data:`EncodedTerm` plain values."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.language:
            return (str(term), "@" + term.language)
        datatype = "" if term.datatype is None else str(term.datatype)
        return (str(term), "" if datatype == _XSD_STRING else datatype)
    if isinstance(term, BNode):
        return (str(term),)
    return str(term)


def decode_term(term: EncodedTerm) -> Node | None:
    """The rdflib term of an :data:`EncodedTerm`, lexical forms kept as given; a
    :class:`~unkg.errors.QueryError` for anything else (an RDF-star triple term, which the query
    workers encode as a 4-tuple)."""
    if term is None:
        return None
    if isinstance(term, str):
        return URIRef(term)
    if len(term) == 1:
        return BNode(term[0])
    if len(term) != 2:
        raise QueryError("cannot return a result term: RDF-star triple terms are not supported")
    value, tag = term
    if not tag:
        return Literal(value)
    if tag.startswith("@"):
        return Literal(value, lang=tag[1:])
    return Literal(value, datatype=URIRef(tag), normalize=False)


class Store(abc.ABC):
    """An RDF dataset of named graphs, queried with SPARQL 1.1. Use it as a context manager."""

    @property
    @abc.abstractmethod
    def location(self) -> str:
        """Where the store lives (a folder, a URL, or ``":memory:"``)."""

    @property
    @abc.abstractmethod
    def read_only(self) -> bool:
        """True when writes are refused."""

    #: See :attr:`generation`; engines add 1 after each write.
    _generation: int = 0

    @property
    def generation(self) -> int:
        """A counter of the writes made through this object (graphs replaced or dropped, updates,
        bulk loads), starting at 0 and never persisted: what a process caches about the store
        (the citation graph of :mod:`unkg.graph.projection`) is stale once it changes. Writes by
        another process are not counted; the embedded engine locks them out, and a read-only
        store is a snapshot."""
        return self._generation

    @abc.abstractmethod
    def replace_graph(
        self, graph: str, triples: Iterable[Triple], *, meta: Mapping[str, str] | None = None
    ) -> int:
        """Atomically replace the content and metadata of named graph ``graph``.

        Readers see the old graph or the new one, never a mix, a half or nothing; if ``triples``
        raises or a term is invalid, the store is left as it was. Duplicate triples count once.
        Returns the number of triples the graph now holds.
        """

    @abc.abstractmethod
    def drop_graph(self, graph: str) -> None:
        """Remove the graph and its metadata (nothing happens if it does not exist)."""

    @abc.abstractmethod
    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted, without the admin graph :data:`META_GRAPH`."""

    @abc.abstractmethod
    def has_graph(self, graph: str) -> bool:
        """True when the named graph exists (possibly empty)."""

    @abc.abstractmethod
    def graph_length(self, graph: str) -> int:
        """The number of triples in one named graph (0 if it does not exist)."""

    @abc.abstractmethod
    def graph_meta(self, graph: str) -> dict[str, str]:
        """The metadata last written with the graph by :meth:`replace_graph` (empty if none)."""

    @abc.abstractmethod
    def __len__(self) -> int:
        """The number of quads in the whole dataset, admin graph included, from the engine."""

    @abc.abstractmethod
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
        """Run a SPARQL 1.1 query; ``None`` limits mean the store's defaults.

        ``default_graph_as_union`` makes patterns outside ``GRAPH`` match every named graph (the
        admin graph included); without it they match the store's default graph only.
        ``default_graph`` and ``named_graphs`` (graph IRIs) set the dataset as the SPARQL
        protocol's ``default-graph-uri`` and ``named-graph-uri`` do: the default graph is the
        merge of ``default_graph`` (``default_graph_as_union`` is then ignored; ``[]`` is an empty
        default graph), and ``GRAPH`` sees only ``named_graphs``. A graph IRI that is not an
        absolute IRI is a :class:`~unkg.errors.QueryError`.

        Raises :class:`~unkg.errors.QuerySyntaxError` (with line and column),
        :class:`~unkg.errors.QueryTimeoutError`, or :class:`~unkg.errors.QueryError` for an
        unknown binding name.
        """

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
        """:meth:`query`, the terms given as :data:`EncodedTerm` plain values (same arguments,
        same errors). This default encodes :meth:`query`'s rdflib terms; engines that get plain
        values from their evaluation override it to skip rdflib altogether."""
        result = self.query(
            sparql, bindings=bindings, timeout=timeout, max_rows=max_rows,
            default_graph_as_union=default_graph_as_union, default_graph=default_graph,
            named_graphs=named_graphs,
        )
        items: Iterable[tuple[Node | None, ...]] = (
            result.triples if result.kind is QueryKind.CONSTRUCT else result.rows
        )
        rows = [tuple(encode_term(term) for term in item) for item in items]
        return EncodedResult(result.kind, result.variables, rows, result.boolean,
                             result.truncated, result.elapsed)

    def streams(self, sparql: str) -> bool:
        """True when this store is known to answer ``sparql`` on the caller's own thread, a row
        at a time, checking the time limit between rows (a one-pattern lookup): with a small row
        cap, such a query is short enough to run on an event loop. False when unknown (this
        default)."""
        return False

    def quads_encoded(
        self,
        subject: Node | None,
        predicate: Node | None,
        obj: Node | None,
        graph: str | None = None,
        *,
        max_rows: int | None = None,
    ) -> EncodedResult:
        """The quads of the named graphs (or of ``graph``) that match one pattern (``None``: any
        term), as rows ``(s, p, o, g)`` of :data:`EncodedTerm` (``g`` the graph's IRI), at most
        ``max_rows`` of them (``None``: the store's row cap), ``truncated`` when more exist.

        A one-pattern lookup, for reads bounded by the size of one document (a resolution's own
        graph, the triples of one node). This default is a SELECT with the store's time limit;
        an engine may answer it directly on the caller's thread."""
        bindings: dict[str, Node] = {}
        for name, term in (("s", subject), ("p", predicate), ("o", obj)):
            if term is not None:
                bindings[name] = term
        if graph is not None:
            bindings["g"] = URIRef(graph)
        return self.query_encoded(_QUADS_QUERY, bindings=bindings, max_rows=max_rows)

    def graph_index(self, graph: str) -> GraphIndex | None:
        """The triples of ``graph`` as :data:`EncodedTerm` values by subject, then predicate (the
        values of each as the keys of a dict), from a copy the store keeps beside its data, or
        ``None`` when it keeps none (read them with :meth:`quads_encoded`). An engine that
        keeps copies overrides this; the default keeps none."""
        return None

    @abc.abstractmethod
    def update(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> None:
        """Run a SPARQL 1.1 update atomically (trusted callers only)."""

    @abc.abstractmethod
    def export(
        self,
        out: BinaryIO,
        fmt: ExportFormat,
        *,
        graph: str | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        """Stream the dataset, or one named graph, to ``out``.

        Turtle and N-Triples without ``graph`` write the union of all graphs as one graph.
        """

    @abc.abstractmethod
    def bulk_load(
        self, source: str | Path | BinaryIO, fmt: ExportFormat, *, graph: str | None = None
    ) -> int:
        """Load a large file fast (NOT atomic); returns the number of quads added.

        N-Quads and TriG carry their graph names; Turtle and N-Triples go into ``graph``.
        """

    def replace_graph_ntriples(
        self, graph: str, ntriples: str, *, meta: Mapping[str, str] | None = None
    ) -> int:
        """:meth:`replace_graph` from N-Triples text, one triple a line as
        :func:`~unkg.graph.terms.ntriples_lines` writes them: what an ingest worker process hands
        to the writer process, as one compact string. Text that is not such lines is a
        :class:`~unkg.errors.StoreError` and changes nothing. Returns the number of triples.

        This default parses the text with rdflib; engines override it with a faster path.
        """
        from rdflib import Graph
        from rdflib.exceptions import ParserError

        parsed = Graph()
        try:
            parsed.parse(data=ntriples, format="nt")
        except ParserError as error:
            raise StoreError(f"graph {graph}: not N-Triples: {error}") from error
        return self.replace_graph(graph, parsed, meta=meta)

    def flush(self) -> None:  # noqa: B027 - a no-op unless the engine buffers writes
        """Write buffered changes to disk, releasing the memory that holds them (a long run of
        writes calls it now and then); an engine that buffers nothing does nothing."""

    def optimize(self) -> None:  # noqa: B027 - a no-op unless the engine has such a step
        """Compact the engine's indexes after a large batch of writes (a bulk load, a corpus
        ingest), so that later queries are fast; an engine without such a step does nothing."""

    @abc.abstractmethod
    def stats(self) -> dict[str, int]:
        """Distinct instances per ``rdf:type`` class IRI, over all graphs."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store (its lock, for the embedded engine). Closing twice is harmless."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_store(
    location: str | Path,
    *,
    read_only: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    query_processes: int = 0,
    query_memory: int | None = None,
) -> Store:
    """Open the store at ``location``: a folder opens the embedded engine (created if missing).

    ``timeout`` and ``max_rows`` are the store's defaults for every query (``None``: no limit).
    ``query_processes`` > 0 runs timed queries in that many worker processes, killed at the time
    limit or past ``query_memory`` resident bytes (see :mod:`unkg.graph.query_processes`).
    ``http(s)://`` URLs are kept for remote SPARQL servers, which are not supported yet.
    """
    text = str(location)
    if re.match(r"https?://", text, re.IGNORECASE):
        raise StoreError(f"{text}: remote stores are not supported yet; give a folder")
    from unkg.graph.embedded import EmbeddedStore

    return EmbeddedStore(
        Path(location), read_only=read_only, timeout=timeout, max_rows=max_rows,
        query_processes=query_processes, query_memory=query_memory,
    )


def check_meta(meta: Mapping[str, str] | None) -> dict[str, str]:
    """Graph metadata as a plain dict, keys checked (they become IRIs)."""
    checked: dict[str, str] = {}
    for key, value in (meta or {}).items():
        if not _META_KEY.match(key):
            raise StoreError(f"graph metadata key {key!r} must match {_META_KEY.pattern[:-2]}")
        if not isinstance(value, str):
            raise StoreError(f"graph metadata {key!r} must be a string, got {type(value).__name__}")
        checked[key] = value
    return checked


# -- reading SPARQL text without parsing it ------------------------------------------------------

#: The SPARQL functions whose value is not the same from one run to the next (SAMPLE may pick
#: another value of its group).
VOLATILE = frozenset({"RAND", "NOW", "UUID", "STRUUID", "BNODE", "SAMPLE"})
_SPARQL_TOKEN = re.compile(
    r"""
      (?P<comment> \#[^\n\r]* )                          # a comment runs to the end of the line
    | (?P<string>  '''(?:[^'\\]|\\.|'(?!''))*'''          # long strings, either quote
                 | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 | '(?:[^'\\\n\r]|\\.)*'                  # short strings, escapes allowed
                 | "(?:[^"\\\n\r]|\\.)*" )
    | (?P<iri>     <[^<>"{}|^`\\\x00-\x20]*> )           # an IRI: no space, so never 'a < b'
    | (?P<bnode>   _:[\w.\-]* )                           # a blank node label
    | (?P<var>     [?$](?P<name>\w+) )                   # a variable ?name or $name
    | (?P<pname>   (?P<prefix>[A-Za-z][\w.\-]*)?:          # a prefixed name ex:local or :local,
                   (?:[\w\-:%]|\.(?=[\w\-:%])|\\.)* )     #   local part included, no final dot
    | (?P<word>    [A-Za-z_]\w* )                         # a keyword or function name
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class SparqlScan:
    """What a light tokenizer sees in SPARQL text (strings, IRIs and comments skipped).

    ``var_spans`` are ``(start, end, name)`` of each variable occurrence; ``volatile`` says that
    the text calls a function whose value changes from one run to the next (:data:`VOLATILE`).
    """

    variables: frozenset[str]
    undeclared_prefixes: tuple[str, ...]
    uses_service: bool
    var_spans: tuple[tuple[int, int, str], ...]
    volatile: bool = False


def scan_sparql(sparql: str) -> SparqlScan:
    """The variables, undeclared prefixes and SERVICE use of a query or update.

    >>> scan = scan_sparql('SELECT ?s { ?s <http://x/p?q> "?no" ; ex:service ?o } # ?nor')
    >>> sorted(scan.variables), scan.undeclared_prefixes, scan.uses_service, scan.volatile
    (['o', 's'], ('ex',), False, False)
    >>> scan_sparql('SELECT (rand() AS ?x) { } # NOW()').volatile
    True
    """
    spans: list[tuple[int, int, str]] = []
    declared: set[str] = set()
    used: list[str] = []
    service = volatile = False
    after_prefix = False
    for match in _SPARQL_TOKEN.finditer(sparql):
        kind = match.lastgroup
        word = match.group().upper() if kind == "word" else ""
        if kind == "var":
            spans.append((match.start(), match.end(), match["name"]))
        elif kind == "pname" and after_prefix:
            declared.add(match["prefix"] or "")
        elif kind == "pname":
            used.append(match["prefix"] or "")
        service = service or word == "SERVICE"
        volatile = volatile or word in VOLATILE
        after_prefix = word == "PREFIX"
    undeclared = tuple(dict.fromkeys(p for p in used if p not in declared))
    variables = frozenset(name for _, _, name in spans)
    return SparqlScan(variables, undeclared, service, tuple(spans), volatile)


def check_bindings(scan: SparqlScan, bindings: Mapping[str, Node] | None) -> dict[str, Node]:
    """Bindings keyed by bare variable name; a name the query does not use is a QueryError."""
    checked: dict[str, Node] = {}
    for raw, value in (bindings or {}).items():
        name = raw[1:] if raw[:1] in ("?", "$") else raw
        if name not in scan.variables:
            known = ", ".join("?" + v for v in sorted(scan.variables)) or "none"
            raise QueryError(
                f"unknown binding ?{name}: the query has no such variable (its variables: {known})"
            )
        if not isinstance(value, URIRef | Literal | BNode):
            raise QueryError(f"binding ?{name}: {value!r} is not an IRI, literal or blank node")
        checked[name] = value
    return checked
