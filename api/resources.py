"""Reading the browsing API's resources from the store: the SPARQL and the rows it returns.

Owns the queries behind ``/resolutions``, ``/documents``, ``/instruments`` and ``/bodies`` (the
shaping into JSON is :mod:`unkg.api.views`). Every query matches inside ``GRAPH ?g {...}``, since
the union default graph repeats a triple once per graph that holds it, and binds its values as
values through the store (each bound variable is in the SELECT clause, which the embedded engine
requires). Queries run with the server's time limit (:class:`~unkg.api.settings.Settings`). The
graph patterns of citations and mandates, which the notebook client asks for too, are those of
:mod:`unkg.graph.fact_queries`; the queries here choose their columns.

Two exceptions, for speed (``GET /resolutions/{id}`` is the page most asked for), both reads
bounded by the size of one document and done on the request's own thread as one-pattern lookups
(:meth:`~unkg.graph.store.Store.quads_encoded`), without a query process round trip:

* the graph of an ingested document: a lookup of its name (what :data:`GRAPH_OF_QUERY` asks),
  then of its quads, into an :class:`~unkg.api.indexed_graph.IndexedGraph` keyed by the terms'
  plain values;
* who cites a work: the rows of :data:`CITED_BY_QUERY`, read reference by reference
  (``_CitedBy``, in :mod:`unkg.api.cited_by`: the references are capped at :data:`MAX_ROWS`, the
  time limit is checked between them).

The page is 1.3-1.6x faster than with an export of the graph and a query process for the
citations (docs/benchmarks.md, "Browsing API"), with the same JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.term import Node
from unkg.api.cited_by import MAX_ROWS, _CitedBy
from unkg.api.indexed_graph import IndexedGraph
from unkg.graph.fact_queries import CITATION, GIVEN_BY_BODY, MANDATE, RECEIVED_BY_BODY
from unkg.graph.store import Store, Triple
from unkg.ontology import DCTERMS, PREFIXES, PROV, RDFS

__all__ = [
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
CITED_BY_QUERY = CITATION.select(
    "?work ?reference ?citing ?symbol ?citingLabel ?title ?date ?owner ?ownerClass\n"
    "                ?text ?marker ?relation ?textAsWritten ?pinpoint ?start ?end")

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

_MANDATE_PROJECTION = """?body ?mandate ?resolution ?symbol ?date ?paragraph ?verb
       ?addressee ?addresseeLabel ?addresseeAsWritten ?action ?start"""

_MANDATE_ORDER = "ORDER BY DESC(?date) DESC(?symbol) ?start ?mandate\n"

#: The mandates addressed to a body, newest resolution first, then in document order.
MANDATES_RECEIVED_QUERY = MANDATE.select(_MANDATE_PROJECTION, anchor=RECEIVED_BY_BODY,
                                         modifiers=_MANDATE_ORDER)

#: The mandates in the resolutions a body adopted, in the same order.
MANDATES_GIVEN_QUERY = MANDATE.select(_MANDATE_PROJECTION, anchor=GIVEN_BY_BODY,
                                      modifiers=_MANDATE_ORDER)


def _count_per_body(counted: str, pattern: str) -> str:
    """How many distinct ``?{counted}`` match ``pattern`` (lines inside ``GRAPH ?g {...}``) for
    the body ``?body``."""
    return _HEAD + f"""
SELECT ?body (COUNT(DISTINCT ?{counted}) AS ?count)
WHERE {{
  GRAPH ?g {{
{pattern}  }}
}}
GROUP BY ?body
"""


#: How many mandates a body received.
MANDATES_RECEIVED_COUNT = _count_per_body(
    "mandate", RECEIVED_BY_BODY + "    ?mandate unkg:inParagraph ?paragraph .\n")

#: How many mandates the resolutions a body adopted give.
MANDATES_GIVEN_COUNT = _count_per_body(
    "mandate", GIVEN_BY_BODY + """\
    ?resolution unkg:hasParagraph ?paragraph .
    ?mandate unkg:inParagraph ?paragraph .
""")

#: How many ingested documents a body adopted.
ADOPTED_QUERY = _count_per_body("document", """\
    ?document unkg:adoptedBy ?body ;
              prov:wasGeneratedBy ?activity .
""")


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
        as an rdflib graph (an :class:`~unkg.api.indexed_graph.IndexedGraph`), from the graph's
        copy beside the store when there is one (:mod:`unkg.graph.graphcopy`); ``None`` when the
        document was not ingested. Read without a time limit: see the module docstring."""
        found = self.store.quads_encoded(URIRef(iri), PROV.wasGeneratedBy, None,
                                         max_rows=MAX_ROWS)
        names = [name for *_, name in found.rows if isinstance(name, str)]
        if not names:
            return None
        name = min(names)
        copied = self.store.graph_index(name)  # the copy kept beside the store, if any
        if copied is not None:
            return name, IndexedGraph.of_index(copied)
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

    def cited_by(self, iri: str, *, compact: bool = False) -> list[Row]:
        """Every citation of the work ``iri``, one row per reference: the rows of
        :data:`CITED_BY_QUERY`, read as one-pattern lookups (see :mod:`unkg.api.cited_by`).
        ``compact`` rows hold only what a page's list of who cites it shows (no text, marker,
        owner class, label or title)."""
        return _CitedBy(self.store, self.timeout, compact=compact).rows(iri)

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
