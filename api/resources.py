"""Reading the browsing API's resources from the store: the SPARQL and the rows it returns.

Owns the queries behind ``/resolutions``, ``/documents``, ``/instruments`` and ``/bodies`` (the
shaping into JSON is :mod:`unkg.api.views`). Every query matches inside ``GRAPH ?g {...}``, since
the union default graph repeats a triple once per graph that holds it, and binds its values as
values through the store (each bound variable is in the SELECT clause, which the embedded engine
requires). Queries run with the server's time limit (:class:`~unkg.api.settings.Settings`).

Two exceptions, for speed (``GET /resolutions/{id}`` is the page most asked for), both reads
bounded by the size of one document and done on the request's own thread as one-pattern lookups
(:meth:`~unkg.graph.store.Store.quads_encoded`), without a query process round trip:

* the graph of an ingested document: a lookup of its name (what :data:`GRAPH_OF_QUERY` asks),
  then of its quads, into an :class:`IndexedGraph` keyed by the terms' plain values;
* who cites a work: the rows of :data:`CITED_BY_QUERY`, read reference by reference
  (:class:`_CitedBy`: the references are capped at :data:`MAX_ROWS`, the time limit is checked
  between them).

The page is 1.3-1.6x faster than with an export of the graph and a query process for the
citations (docs/benchmarks.md, "Browsing API"), with the same JSON.
"""

from __future__ import annotations

import math
import time
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.paths import Path
from rdflib.term import Node
from unkg.graph.store import EncodedTerm, Store, Triple, encode_term
from unkg.ontology import DCTERMS, PREFIXES, PROV, RDFS

from unkg.errors import QueryError, QueryTimeoutError

__all__ = [
    "IndexedGraph",
    "Reader",
    "Row",
]

#: One row of a SELECT: the bound variables only.
Row = dict[str, Node]

_HEAD = "".join(
    f"PREFIX {name}: <{PREFIXES[name]}>\n"
    for name in ("unkg", "rdf", "rdfs", "dcterms", "prov", "skos")
)

#: Every ingested document (the subject of prov:wasGeneratedBy in its own graph).
LIST_QUERY = _HEAD + """
SELECT DISTINCT ?document ?class ?symbol ?label ?title ?date ?body ?bodyLabel
WHERE {
  GRAPH ?g {
    ?document prov:wasGeneratedBy ?activity ;
              a ?class .
    FILTER(STRSTARTS(STR(?class), STR(unkg:)))
    OPTIONAL { ?document dcterms:identifier ?symbol }
    OPTIONAL { ?document rdfs:label ?label }
    OPTIONAL { ?document dcterms:title ?title }
    OPTIONAL { ?document dcterms:date ?date }
    OPTIONAL { ?document unkg:adoptedBy ?body . OPTIONAL { ?body rdfs:label ?bodyLabel } }
  }
}
"""

#: The named graphs that ingested a document (one, unless two files gave the same document).
GRAPH_OF_QUERY = _HEAD + """
SELECT DISTINCT ?document ?g
WHERE {
  GRAPH ?g { ?document prov:wasGeneratedBy ?activity }
}
"""

#: What every graph says about a resource, with the labels of the nodes it points to.
DESCRIBE_QUERY = _HEAD + """
SELECT DISTINCT ?resource ?p ?o ?objectLabel ?objectSymbol
WHERE {
  GRAPH ?g {
    ?resource ?p ?o .
    OPTIONAL { ?o rdfs:label ?objectLabel }
    OPTIONAL { ?o dcterms:identifier ?objectSymbol }
  }
}
"""

#: The links into a resource that its RDF description carries besides its own triples.
INCOMING_QUERY = _HEAD + """
SELECT DISTINCT ?resource ?s ?p
WHERE {
  GRAPH ?g {
    ?s ?p ?resource .
    FILTER(?p IN (unkg:cites, unkg:subOrganizationOf, unkg:establishedBy, unkg:carriedBy))
  }
}
"""

#: Every citation of a work: the citing resolution, the paragraph or footnote and its text.
CITED_BY_QUERY = _HEAD + """
SELECT DISTINCT ?work ?reference ?citing ?symbol ?citingLabel ?title ?date ?owner ?ownerClass
                ?text ?marker ?relation ?textAsWritten ?pinpoint ?start ?end
WHERE {
  GRAPH ?g {
    ?reference unkg:citedWork ?work ;
               unkg:citingParagraph ?owner ;
               unkg:relation ?concept ;
               unkg:textAsWritten ?textAsWritten .
    ?citing unkg:hasParagraph|unkg:hasFootnote ?owner .
    ?owner a ?ownerClass .
    FILTER(?ownerClass IN (unkg:PreambularParagraph, unkg:OperativeParagraph, unkg:Footnote))
    OPTIONAL { ?owner unkg:text ?text }
    OPTIONAL { ?owner unkg:marker ?marker }
    OPTIONAL { ?reference unkg:pinpoint ?pinpoint }
    OPTIONAL { ?reference unkg:start ?start }
    OPTIONAL { ?reference unkg:end ?end }
    OPTIONAL { ?citing dcterms:identifier ?symbol }
    OPTIONAL { ?citing rdfs:label ?citingLabel }
    OPTIONAL { ?citing dcterms:title ?title }
    OPTIONAL { ?citing dcterms:date ?date }
  }
  BIND(STRAFTER(STR(?concept), "#relation-") AS ?relation)
}
"""

#: A body's place in the hierarchy: every link of its chain upwards, its children, who
#: established it and what it established.
BODY_LINKS_QUERY = _HEAD + """
SELECT DISTINCT ?body ?link ?from ?to ?toLabel ?toAcronym
WHERE {
  GRAPH ?g {
    {
      ?body unkg:subOrganizationOf* ?from .
      ?from unkg:subOrganizationOf ?to .
      BIND("parent" AS ?link)
    } UNION {
      ?to unkg:subOrganizationOf ?body .
      BIND(?body AS ?from)
      BIND("child" AS ?link)
    } UNION {
      ?body unkg:establishedBy ?to .
      BIND(?body AS ?from)
      BIND("established-by" AS ?link)
    } UNION {
      ?to unkg:establishedBy ?body .
      BIND(?body AS ?from)
      BIND("established" AS ?link)
    }
    OPTIONAL { ?to rdfs:label ?toLabel }
    OPTIONAL { ?to skos:altLabel ?toAcronym }
  }
}
"""

_MANDATE_FIELDS = """
    ?mandate unkg:inParagraph ?paragraph ;
             unkg:addressee ?addressee ;
             unkg:verb ?verbConcept ;
             unkg:action ?action .
    ?resolution unkg:hasParagraph ?paragraph .
    OPTIONAL { ?addressee rdfs:label ?addresseeLabel }
    OPTIONAL { ?mandate unkg:addresseeAsWritten ?addresseeAsWritten }
    OPTIONAL { ?mandate unkg:start ?start }
    OPTIONAL { ?resolution dcterms:identifier ?symbol }
    OPTIONAL { ?resolution dcterms:date ?date }
"""
_MANDATE_SELECT = """SELECT DISTINCT ?body ?mandate ?resolution ?symbol ?date ?paragraph ?verb
       ?addressee ?addresseeLabel ?addresseeAsWritten ?action ?start
"""

_MANDATE_ORDER = """
ORDER BY DESC(?date) DESC(?symbol) ?start ?mandate
"""

#: The mandates addressed to a body, newest resolution first, then in document order.
MANDATES_RECEIVED_QUERY = _HEAD + _MANDATE_SELECT + """WHERE {
  GRAPH ?g {
    ?mandate unkg:addressee ?body .""" + _MANDATE_FIELDS + """  }
  BIND(STRAFTER(STR(?verbConcept), "#verb-") AS ?verb)
}""" + _MANDATE_ORDER

#: The mandates in the resolutions a body adopted, in the same order.
MANDATES_GIVEN_QUERY = _HEAD + _MANDATE_SELECT + """WHERE {
  GRAPH ?g {
    ?resolution unkg:adoptedBy ?body .""" + _MANDATE_FIELDS + """  }
  BIND(STRAFTER(STR(?verbConcept), "#verb-") AS ?verb)
}""" + _MANDATE_ORDER

#: How many mandates a body received.
MANDATES_RECEIVED_COUNT = _HEAD + """
SELECT ?body (COUNT(DISTINCT ?mandate) AS ?count)
WHERE {
  GRAPH ?g { ?mandate unkg:addressee ?body ; unkg:inParagraph ?paragraph . }
}
GROUP BY ?body
"""

#: How many mandates the resolutions a body adopted give.
MANDATES_GIVEN_COUNT = _HEAD + """
SELECT ?body (COUNT(DISTINCT ?mandate) AS ?count)
WHERE {
  GRAPH ?g {
    ?resolution unkg:adoptedBy ?body ;
                unkg:hasParagraph ?paragraph .
    ?mandate unkg:inParagraph ?paragraph .
  }
}
GROUP BY ?body
"""

#: How many ingested documents a body adopted.
ADOPTED_QUERY = _HEAD + """
SELECT ?body (COUNT(DISTINCT ?document) AS ?count)
WHERE {
  GRAPH ?g {
    ?document unkg:adoptedBy ?body ;
              prov:wasGeneratedBy ?activity .
  }
}
GROUP BY ?body
"""

#: Rows an internal query may return; the lists the routes build are capped further.
MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class Reader:
    """Runs the browsing queries on ``store`` with a time limit of ``timeout`` seconds."""

    store: Store
    timeout: float | None = None

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None, *,
               max_rows: int = MAX_ROWS) -> list[Row]:
        """The rows of a SELECT (``max_rows`` at most), each a dict of the variables it binds."""
        result = self.store.query(sparql, bindings=bindings, timeout=self.timeout,
                                  max_rows=max_rows)
        return [
            {name: term for name, term in zip(result.variables, row, strict=True)
             if term is not None}
            for row in result.rows
        ]

    def documents(self) -> list[Row]:
        """Every ingested document with its class, symbol, label, title, date and body."""
        return self.select(LIST_QUERY)

    def own_graph(self, iri: str) -> tuple[str, Graph] | None:
        """The named graph that ingested the document ``iri`` (the first by name, if several did),
        as an rdflib graph (an :class:`IndexedGraph`); ``None`` when the document was not
        ingested. Read without a time limit: see the module docstring."""
        found = self.store.quads_encoded(URIRef(iri), PROV.wasGeneratedBy, None,
                                         max_rows=MAX_ROWS)
        names = [name for *_, name in found.rows if isinstance(name, str)]
        if not names:
            return None
        name = min(names)
        graph = IndexedGraph()
        for s, p, o, _ in self.store.quads_encoded(None, None, None, name,
                                                   max_rows=MAX_ROWS).rows:
            graph.add_encoded(s, p, o)
        return name, graph

    def describe(self, iri: str) -> tuple[list[Triple], list[Triple]]:
        """The triples with ``iri`` as subject, in any graph; then the labels and symbols of the
        nodes they point to (one of each per node, the smallest), to show those as links."""
        subject = URIRef(iri)
        triples: dict[Triple, None] = {}
        names: dict[tuple[str, str], Node] = {}
        for row in self.select(DESCRIBE_QUERY, {"resource": subject}):
            triples[(subject, row["p"], row["o"])] = None
            for variable, predicate in (("objectLabel", RDFS.label),
                                        ("objectSymbol", DCTERMS.identifier)):
                if variable in row:
                    key = (str(row["o"]), str(predicate))
                    names[key] = min(names.get(key, row[variable]), row[variable], key=str)
        about: list[Triple] = [(URIRef(node), URIRef(predicate), value)
                 for (node, predicate), value in sorted(names.items())]
        return list(triples), about

    def incoming(self, iri: str) -> list[Triple]:
        """The citation and hierarchy links that point at ``iri``."""
        target = URIRef(iri)
        return [(row["s"], row["p"], target)
                for row in self.select(INCOMING_QUERY, {"resource": target})]

    def cited_by(self, iri: str) -> list[Row]:
        """Every citation of the work ``iri``, one row per reference: the rows of
        :data:`CITED_BY_QUERY`, read as one-pattern lookups (see :class:`_CitedBy`)."""
        return _CitedBy(self.store, self.timeout).rows(iri)

    def body_links(self, iri: str) -> list[Row]:
        return self.select(BODY_LINKS_QUERY, {"body": URIRef(iri)})

    def mandates_received(self, iri: str, limit: int) -> tuple[int, list[Row]]:
        """How many mandates are addressed to the body ``iri``, and the first ``limit`` rows
        (newest resolution first, then in document order)."""
        body = {"body": URIRef(iri)}
        rows = self.select(MANDATES_RECEIVED_QUERY, body, max_rows=limit)
        return self._count(MANDATES_RECEIVED_COUNT, body), rows

    def mandates_given(self, iri: str, limit: int) -> tuple[int, list[Row]]:
        """The same for the mandates in the resolutions the body ``iri`` adopted."""
        body = {"body": URIRef(iri)}
        rows = self.select(MANDATES_GIVEN_QUERY, body, max_rows=limit)
        return self._count(MANDATES_GIVEN_COUNT, body), rows

    def adopted_count(self, iri: str) -> int:
        """How many ingested documents the body ``iri`` adopted."""
        return self._count(ADOPTED_QUERY, {"body": URIRef(iri)})

    def _count(self, sparql: str, bindings: Mapping[str, Node]) -> int:
        rows = self.select(sparql, bindings)
        return int(str(rows[0]["count"])) if rows and "count" in rows[0] else 0


_UNKG = PREFIXES["unkg"]
_CITED_WORK, _CITING_PARAGRAPH = _UNKG + "citedWork", _UNKG + "citingParagraph"
_RELATION, _TEXT_AS_WRITTEN = _UNKG + "relation", _UNKG + "textAsWritten"
_RDF_TYPE = PREFIXES["rdf"] + "type"
_OWNER_CLASSES = {_UNKG + name for name in
                  ("PreambularParagraph", "OperativeParagraph", "Footnote")}
_PARTS = (URIRef(_UNKG + "hasParagraph"), URIRef(_UNKG + "hasFootnote"))
#: The optional values of CITED_BY_QUERY: (variable, predicate), of the owner, the reference
#: and the citing document.
_OF_OWNER = (("text", _UNKG + "text"), ("marker", _UNKG + "marker"))
_OF_REFERENCE = (("pinpoint", _UNKG + "pinpoint"), ("start", _UNKG + "start"),
                 ("end", _UNKG + "end"))
_OF_CITING = (("symbol", DCTERMS.identifier), ("citingLabel", RDFS.label),
              ("title", DCTERMS.title), ("date", DCTERMS.date))
_CITED_BY_ORDER = ("work", "reference", "citing", "symbol", "citingLabel", "title", "date",
                   "owner", "ownerClass", "text", "marker", "relation", "textAsWritten",
                   "pinpoint", "start", "end")


class _CitedBy:
    """The rows of :data:`CITED_BY_QUERY` for one work, read as one-pattern lookups on the
    request's thread rather than as a SPARQL query in a query process (which costs a process
    round trip): the references to the work (``?reference unkg:citedWork <work>``, at most
    :data:`MAX_ROWS`), then, in each reference's graph, the triples of the reference, of its
    paragraph or footnote and of the document that holds it: each a lookup of one node, bounded
    by one document's size. The time limit is checked between references (a
    :class:`~unkg.errors.QueryTimeoutError`, as the query would give); the rows are those of the
    query (the same bindings, without duplicates), in the order of their projection."""

    def __init__(self, store: Store, timeout: float | None) -> None:
        self.store = store
        self.timeout = timeout
        self.term = _Terms()
        self._citing: dict[tuple[str, str], list[Row]] = {}

    def rows(self, iri: str) -> list[Row]:
        deadline = (None if self.timeout is None or math.isinf(self.timeout)
                    else time.monotonic() + self.timeout)
        work = URIRef(iri)
        found: dict[tuple[Node | None, ...], Row] = {}
        references = self.store.quads_encoded(None, URIRef(_CITED_WORK), work,
                                                max_rows=MAX_ROWS)
        for reference, _, _, graph in references.rows:
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTimeoutError(f"the query ran past its time limit of "
                                        f"{self.timeout:g} s and was stopped")
            if not isinstance(graph, str):
                continue
            for row in self._of_reference(work, self.term(reference), graph):
                key = tuple(row.get(name) for name in _CITED_BY_ORDER)
                if key not in found and len(found) < MAX_ROWS:
                    found[key] = row
        return list(found.values())

    def _values(self, node: Node, graph: str) -> dict[str, list[Node]]:
        """The values of every predicate of ``node`` in ``graph``, by predicate IRI."""
        values: dict[str, list[Node]] = {}
        for _, p, o, _ in self.store.quads_encoded(node, None, None, graph,
                                                   max_rows=MAX_ROWS).rows:
            if isinstance(p, str):
                values.setdefault(p, []).append(self.term(o))
        return values

    def _of_reference(self, work: URIRef, reference: Node, graph: str) -> list[Row]:
        """The rows of one reference, each value joined in the order of the query's patterns
        (the engine's order: a later pattern varies faster)."""
        of_reference = self._values(reference, graph)
        rows: list[Row] = []
        for owner in dict.fromkeys(of_reference.get(_CITING_PARAGRAPH, [])):
            of_owner = self._values(owner, graph)
            classes = [c for c in of_owner.get(_RDF_TYPE, [])
                       if isinstance(c, URIRef) and str(c) in _OWNER_CLASSES]
            heads: list[Row] = [{"work": work, "reference": reference, "owner": owner}]
            heads = _expand(heads, "concept", of_reference.get(_RELATION, []), optional=False)
            heads = _expand(heads, "textAsWritten", of_reference.get(_TEXT_AS_WRITTEN, []),
                            optional=False)
            citing = [self.term(s) for p in _PARTS
                      for s, *_ in self.store.quads_encoded(None, p, owner, graph,
                                                            max_rows=MAX_ROWS).rows]
            heads = _expand(heads, "citing", citing, optional=False)
            heads = _expand(heads, "ownerClass", classes, optional=False)
            for name, predicate in _OF_OWNER:
                heads = _expand(heads, name, of_owner.get(predicate, []), optional=True)
            for name, predicate in _OF_REFERENCE:
                heads = _expand(heads, name, of_reference.get(predicate, []), optional=True)
            for head in heads:
                rows += [{**head, **extra} for extra in self._of_citing(head["citing"], graph)]
        for row in rows:
            concept = row.pop("concept")
            if not isinstance(concept, BNode):
                row["relation"] = Literal(str(concept).partition("#relation-")[2])
        return rows

    def _of_citing(self, document: Node, graph: str) -> list[Row]:
        """The citing document's symbol, label, title and date (every combination)."""
        key = (str(document), graph)
        if key not in self._citing:
            extras: list[Row] = [{}]
            for name, predicate in _OF_CITING:
                values = [self.term(o) for _, _, o, _ in self.store.quads_encoded(
                    document, predicate, None, graph, max_rows=MAX_ROWS).rows]
                extras = _expand(extras, name, values, optional=True)
            self._citing[key] = extras
        return self._citing[key]


def _expand(rows: list[Row], name: str, values: Sequence[Node], *,
            optional: bool) -> list[Row]:
    """Each row once per value of ``name`` (the join of a triple pattern); left as it is when
    there is no value and the pattern is OPTIONAL, dropped when it is not."""
    if not values:
        return rows if optional else []
    if len(values) == 1:
        return [{**row, name: values[0]} for row in rows]
    return [{**row, name: value} for row in rows for value in dict.fromkeys(values)]


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
        self._count = 0
        self._terms = _Terms()

    def add(self, triple: tuple[Node, Node, Node]) -> IndexedGraph:
        subject, predicate, value = triple
        self.add_encoded(encode_term(subject), encode_term(predicate), encode_term(value))
        return self

    def add_encoded(self, subject: EncodedTerm, predicate: EncodedTerm,
                    value: EncodedTerm) -> None:
        """Add a triple given as plain values (as the store reads them)."""
        values = self._spo.setdefault(subject, {}).setdefault(predicate, {})
        if value not in values:
            values[value] = None
            self._pos.setdefault(predicate, {}).setdefault(value, {})[subject] = None
            self._count += 1

    def objects_of(self, subject: Node, predicate: Node) -> list[Node]:
        """The values of ``predicate`` on ``subject``, in the order they were added."""
        by_predicate = self._spo.get(_key(subject))
        values = by_predicate.get(_key(predicate)) if by_predicate else None
        return [self._terms(v) for v in values] if values else []

    def subjects_of(self, predicate: Node, value: Node) -> list[Node]:
        """The subjects that have ``value`` for ``predicate``, in the order they were added."""
        by_value = self._pos.get(_key(predicate))
        subjects = by_value.get(_key(value)) if by_value else None
        return [self._terms(s) for s in subjects] if subjects else []

    def remove(self, triple: Any) -> IndexedGraph:
        raise NotImplementedError("an IndexedGraph is filled once and only read")

    def __len__(self) -> int:
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
            by_value = self._pos.get(predicate, {})
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
