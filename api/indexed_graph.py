"""An rdflib graph of one document held in plain indexes, and the rdflib terms it is read as.

Owns :class:`IndexedGraph` (what :meth:`~unkg.api.resources.Reader.own_graph` reads a document's
graph into, keyed by the terms' plain values, :data:`~unkg.graph.store.EncodedTerm`) and
``_Terms``, which makes the rdflib terms for the engine's terms once each (also used by
:mod:`unkg.api.cited_by`). Split out of :mod:`unkg.api.resources`; see its docstring and
docs/benchmarks.md ("Browsing API") for why these reads skip the query process.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.paths import Path
from rdflib.term import Node
from unkg.graph.store import EncodedTerm, GraphIndex, encode_term

from unkg.errors import QueryError

__all__ = [
    "IndexedGraph",
]


class IndexedGraph(Graph):
    """An rdflib graph held in two plain indexes (subject-predicate-object and predicate-object-
    subject) keyed by the terms' plain values (:data:`~unkg.graph.store.EncodedTerm`: an IRI is
    its string), for the few hundred triples of one document read many times over. rdflib's own
    terms hash slowly (each hash builds a string) and cost 5-30 us to make: here they are made
    once per term, when first read, and never hashed.

    Every read of rdflib's ``Graph`` goes through :meth:`triples` (``objects``, ``subjects``,
    ``value``, ``in``, iteration, SPARQL over the graph, the serializers), so the graph reads as
    any other; :meth:`objects_of` and :meth:`subjects_of` are the same reads without rdflib's
    generators. It has no contexts, and ``remove`` is not supported.

    >>> from rdflib import RDF, RDFS
    >>> g = IndexedGraph()
    >>> _ = g.add((URIRef("urn:a"), RDF.type, RDFS.Class))
    >>> (URIRef("urn:a"), RDF.type, RDFS.Class) in g, len(g), list(g.subjects(RDF.type, None))
    (True, 1, [rdflib.term.URIRef('urn:a')])
    """

    def __init__(self) -> None:
        super().__init__(bind_namespaces="none")
        self._spo: dict[EncodedTerm, dict[EncodedTerm, dict[EncodedTerm, None]]] = {}
        self._pos: dict[EncodedTerm, dict[EncodedTerm, dict[EncodedTerm, None]]] = {}
        self._count: int | None = 0
        self._terms = _Terms()
        #: Whether ``_pos`` holds every triple; else it is made per predicate when first read.
        self._pos_whole = True

    @classmethod
    def of_index(cls, spo: GraphIndex) -> IndexedGraph:
        """The graph of a subject-predicate-object index as a graph copy holds it
        (:func:`unkg.graph.graphcopy.unpack`), taken as it is: the predicate-object index is
        made for a predicate when it is first read by value (two or three predicates a page)."""
        graph = cls()
        graph._spo, graph._count, graph._pos_whole = spo, None, False
        return graph

    def add(self, triple: tuple[Node, Node, Node]) -> IndexedGraph:
        subject, predicate, value = triple
        self.add_encoded(encode_term(subject), encode_term(predicate), encode_term(value))
        return self

    def add_encoded(self, subject: EncodedTerm, predicate: EncodedTerm,
                    value: EncodedTerm) -> None:
        """Add a triple given as plain values (as the store reads them)."""
        self._whole_pos()
        values = self._spo.setdefault(subject, {}).setdefault(predicate, {})
        if value not in values:
            values[value] = None
            self._pos.setdefault(predicate, {}).setdefault(value, {})[subject] = None
            if self._count is not None:
                self._count += 1

    def objects_of(self, subject: Node, predicate: Node) -> list[Node]:
        """The values of ``predicate`` on ``subject``, in the order they were added."""
        by_predicate = self._spo.get(_key(subject))
        values = by_predicate.get(_key(predicate)) if by_predicate else None
        return [self._terms(v) for v in values] if values else []

    def encoded_objects(self, subject: Node, predicate: Node) -> dict[EncodedTerm, None] | None:
        """The values of ``predicate`` on ``subject`` as plain values (dict keys, in the order
        they were added); ``None`` when there is none. Not to be changed by the caller."""
        by_predicate = self._spo.get(_key(subject))
        return by_predicate.get(_key(predicate)) if by_predicate else None

    def term(self, value: EncodedTerm) -> Node:
        """The rdflib term of a plain value of this graph."""
        return self._terms(value)

    def subjects_of(self, predicate: Node, value: Node) -> list[Node]:
        """The subjects that have ``value`` for ``predicate``, in the order they were added."""
        by_value = self._by_value(_key(predicate))
        subjects = by_value.get(_key(value)) if by_value else None
        return [self._terms(s) for s in subjects] if subjects else []

    def _by_value(self, predicate: EncodedTerm) -> dict[EncodedTerm, dict[EncodedTerm, None]]:
        """The predicate-object index of ``predicate``, made from the subject index if needed."""
        found = self._pos.get(predicate)
        if found is None and not self._pos_whole:
            found = self._pos[predicate] = {}
            for subject, by_predicate in self._spo.items():
                for value in by_predicate.get(predicate, ()):
                    found.setdefault(value, {})[subject] = None
        return found or {}

    def _whole_pos(self) -> None:
        """Make the predicate-object index whole (before a triple is added to a graph taken from
        an index)."""
        if self._pos_whole:
            return
        self._pos = {}
        for subject, predicate, value in self._matches(None, None, None):
            self._pos.setdefault(predicate, {}).setdefault(value, {})[subject] = None
        self._count = sum(len(values) for by_predicate in self._spo.values()
                          for values in by_predicate.values())
        self._pos_whole = True

    def remove(self, triple: Any) -> IndexedGraph:
        raise NotImplementedError("an IndexedGraph is filled once and only read")

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(len(values) for by_predicate in self._spo.values()
                              for values in by_predicate.values())
        return self._count

    def triples(  # type: ignore[override]
        self, triple: tuple[Node | None, Node | Path | None, Node | None]
    ) -> Generator[tuple[Node, Node, Node], None, None]:
        subject, predicate, value = triple
        if isinstance(predicate, Path):
            for s, o in predicate.eval(self, subject, value):
                yield s, predicate, o  # type: ignore[misc]
            return
        term = self._terms
        for a, b, c in self._matches(None if subject is None else _key(subject),
                                     None if predicate is None else _key(predicate),
                                     None if value is None else _key(value)):
            yield term(a), term(b), term(c)

    def _matches(self, subject: EncodedTerm, predicate: EncodedTerm, value: EncodedTerm
                 ) -> Iterator[tuple[EncodedTerm, EncodedTerm, EncodedTerm]]:
        """The triples that match (``None``: any), as plain values."""
        if subject is not None:
            by_predicate = self._spo.get(subject)
            if not by_predicate:
                return
            pairs = (by_predicate.items() if predicate is None
                     else [(predicate, by_predicate.get(predicate, {}))])
            for p, values in pairs:
                if value is None:
                    for o in values:
                        yield subject, p, o
                elif value in values:
                    yield subject, p, value
        elif predicate is not None:
            by_value = self._by_value(predicate)
            groups = by_value.items() if value is None else [(value, by_value.get(value, {}))]
            for o, subjects in groups:
                for s in subjects:
                    yield s, predicate, o
        else:
            for s, by_predicate in self._spo.items():
                for p, values in by_predicate.items():
                    if value is None:
                        for o in values:
                            yield s, p, o
                    elif value in values:
                        yield s, p, value


def _key(term: Node) -> EncodedTerm:
    """The plain value of a term (the index key); an IRI is its string."""
    if isinstance(term, URIRef):
        return str(term)
    return encode_term(term)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Short literals (offsets, numbers, dates, markers, labels) recur from document to document and
#: cost 5-30 us each to make: up to this many are kept, shared (rdflib terms are immutable).
_LITERALS: dict[tuple[str, str, str], Literal] = {}
_MAX_LITERALS = 50_000
_SHORT = 40


class _Terms:
    """rdflib terms for the engine's terms (:data:`~unkg.graph.store.EncodedTerm`), as
    :func:`~unkg.graph.store.decode_term` makes them (lexical forms kept as stored); the IRIs,
    which the engine has checked, are made without checking them again, once each."""

    def __init__(self) -> None:
        self._iris: dict[str, URIRef] = {}
        self._made: dict[EncodedTerm, Node] = {}

    def __call__(self, term: EncodedTerm) -> Node:
        if isinstance(term, str):
            return self.iri(term)
        found = self._made.get(term)
        if found is None:
            found = self._made[term] = self.make(term)
        return found

    def make(self, term: EncodedTerm) -> Node:
        if isinstance(term, str):
            return self.iri(term)
        if term is None:
            raise QueryError("an unbound term in a quad")
        if len(term) == 1:
            return BNode(term[0])
        if len(term) != 2:
            raise QueryError("cannot read an RDF-star triple term")
        value, tag = term
        language = tag[1:] if tag.startswith("@") else ""
        datatype = "" if language else (tag or _XSD_STRING)
        if len(value) > _SHORT:
            return self.literal(value, datatype, language)
        key = (value, datatype, language)
        found = _LITERALS.get(key)
        if found is None:
            if len(_LITERALS) >= _MAX_LITERALS:
                _LITERALS.clear()
            found = _LITERALS[key] = self.literal(value, datatype, language)
        return found

    def literal(self, value: str, datatype: str, language: str) -> Literal:
        if language:
            return Literal(value, lang=language)
        if datatype == _XSD_STRING:
            return Literal(value)
        return Literal(value, datatype=self.iri(datatype), normalize=False)

    def iri(self, value: str) -> URIRef:
        found = self._iris.get(value)
        if found is None:
            found = self._iris[value] = str.__new__(URIRef, value)
        return found
