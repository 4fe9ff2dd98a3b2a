"""Discovery: the dataset's VoID description, its prefixes and its example queries.

Routes:

* ``GET /.well-known/void`` (also ``/void``): a `VoID <https://www.w3.org/TR/void/>`_ description
  of the dataset, Turtle unless the client asks for N-Triples, JSON-LD or RDF/XML (the negotiation
  of :mod:`unkg.api.formats`, ``format=`` included): its size (``void:triples``,
  ``void:documents``: one named graph per source document), its class and property partitions,
  the SPARQL endpoint, the IRI space, the vocabularies, the two link sets (``rdfs:seeAlso`` to
  undocs.org, ``dcterms:subject`` to the UNBIS thesaurus) and the extractor versions that made the
  data (``prov:wasAttributedTo``);
* ``GET /prefixes``: :data:`unkg.ontology.PREFIXES` as a JSON object;
* ``GET /examples``: the named queries (:mod:`unkg.graph.named_queries`) with their SPARQL text,
  as the query page offers them (``GET /queries`` lists the same queries as API routes).

The statistics come from a few queries over the store (:func:`void_statistics`), computed once per
:attr:`~unkg.graph.store.Store.generation`: a write through the server makes the next request
recompute them, every other request reuses them. Counting the property partitions reads every
triple; that runs in a query worker with :data:`VOID_TIMEOUT` as its time limit.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, XSD, Namespace
from unkg.api.errors import error_responses
from unkg.api.formats import check_format_names, choose_format, output_prefixes, serialize_graph
from unkg.api.paths import iris_of
from unkg.api.settings import Settings
from unkg.graph.named_queries import load_named_queries
from unkg.graph.store import META_GRAPH, QueryKind, Store, Triple
from unkg.ontology import CITO, ELI, ONTOLOGY_IRI, ORG, PREFIXES, SKOS, UNKG

__all__ = [
    "THESAURUS",
    "UNDOCS",
    "VOID",
    "VOID_PATHS",
    "VOID_TIMEOUT",
    "VoidStatistics",
    "router",
    "void_description",
    "void_statistics",
]

VOID = Namespace("http://rdfs.org/ns/void#")
#: Where the VoID description is served; the first is the well-known location (RFC 8615).
VOID_PATHS = ("/.well-known/void", "/void")
#: The IRI space of the UN's Official Document System, the target of ``rdfs:seeAlso`` links.
UNDOCS = "https://undocs.org/"
#: The IRI space of the UNBIS thesaurus, the target of ``dcterms:subject`` links.
THESAURUS = "http://metadata.un.org/thesaurus/"
#: Seconds each statistics query may run (the property count reads the whole store).
VOID_TIMEOUT = 120.0

#: The vocabularies the data uses besides its own ontology.
_VOCABULARIES = (ELI, CITO, DCTERMS, PROV, ORG, SKOS)


def _everywhere(pattern: str) -> str:
    """``pattern`` matched in the store's default graph and in every named graph but the admin
    graph, once per graph (queries run with ``default_graph_as_union=False``)."""
    return (f"{{ {pattern} }} UNION "
            f"{{ GRAPH ?g {{ {pattern} }} FILTER(?g != <{META_GRAPH}>) }}")


_PROPERTY_COUNTS = f"SELECT ?p (COUNT(*) AS ?n) {{ {_everywhere('?s ?p ?o')} }} GROUP BY ?p"
_CLASS_COUNTS = (f"SELECT ?class (COUNT(DISTINCT ?s) AS ?n) {{ {_everywhere('?s a ?class')} }} "
                 "GROUP BY ?class")
_LINKS = "SELECT (COUNT(*) AS ?n) {{ {pattern} FILTER(STRSTARTS(STR(?o), \"{space}\")) }}"
_EXTRACTORS = f"""
SELECT DISTINCT ?agent ?version {{
  ?agent a <{UNKG.Extractor}> ; <{UNKG.extractorVersion}> ?version
}} ORDER BY ?version"""

router = APIRouter(tags=["Discovery"])


@dataclass(frozen=True)
class VoidStatistics:
    """What the VoID description counts; IRIs as strings."""

    #: Triples in the dataset, counted per graph, without the admin graph.
    triples: int
    #: Named graphs, one per source document.
    documents: int
    #: Class IRI -> distinct instances.
    classes: dict[str, int] = field(default_factory=dict)
    #: Property IRI -> triples using it.
    properties: dict[str, int] = field(default_factory=dict)
    #: ``rdfs:seeAlso`` links into :data:`UNDOCS`.
    undocs_links: int = 0
    #: ``dcterms:subject`` links into :data:`THESAURUS`.
    thesaurus_links: int = 0
    #: (agent IRI, extractor version) of every extractor that made data in the store.
    extractors: list[tuple[str, str]] = field(default_factory=list)


def void_statistics(store: Store, *, timeout: float = VOID_TIMEOUT) -> VoidStatistics:
    """The counts of the VoID description, from the store (a handful of queries)."""

    def count(predicate: URIRef, space: str) -> int:
        sparql = _LINKS.format(pattern=_everywhere(f"?s <{predicate}> ?o"), space=space)
        rows = store.query(sparql, timeout=timeout, max_rows=1, default_graph_as_union=False).rows
        return int(str(rows[0][0])) if rows and rows[0][0] is not None else 0

    def total(sparql: str) -> int:
        rows = store.query(sparql, timeout=timeout, max_rows=1, default_graph_as_union=False).rows
        return int(str(rows[0][0])) if rows and rows[0][0] is not None else 0

    # Counted by SPARQL, in the store's query processes: the engine's own count of a large store
    # takes seconds and holds the interpreter meanwhile.
    triples = total(f"SELECT (COUNT(*) AS ?n) {{ {_everywhere('?s ?p ?o')} }}")
    documents = total(f"SELECT (COUNT(?g) AS ?n) {{ GRAPH ?g {{ }} FILTER(?g != <{META_GRAPH}>) }}")

    def counts(sparql: str) -> dict[str, int]:
        rows = store.query(sparql, timeout=timeout, max_rows=None,
                           default_graph_as_union=False).rows
        return dict(sorted((str(key), int(str(n))) for key, n in rows
                           if key is not None and n is not None))

    extractors = [
        (str(agent), str(version))
        for agent, version in store.query(_EXTRACTORS, timeout=timeout, max_rows=None).rows
        if agent is not None and version is not None
    ]
    return VoidStatistics(
        triples=triples,
        documents=documents,
        classes=counts(_CLASS_COUNTS),
        properties=counts(_PROPERTY_COUNTS),
        undocs_links=count(RDFS.seeAlso, UNDOCS),
        thesaurus_links=count(DCTERMS.subject, THESAURUS),
        extractors=extractors,
    )


def void_description(
    stats: VoidStatistics, *, dataset: str, description: str, endpoint: str, uri_space: str
) -> list[Triple]:
    """The VoID triples of the dataset ``dataset``, described by the document ``description``
    and queried at ``endpoint``; its entities live under ``uri_space``."""
    node = URIRef(dataset)
    doc = URIRef(description)
    triples: list[Triple] = [
        (doc, RDF.type, VOID.DatasetDescription),
        (doc, DCTERMS.title, Literal("A VoID description of the unkg dataset", lang="en")),
        (doc, FOAF.primaryTopic, node),
        (node, RDF.type, VOID.Dataset),
        (node, DCTERMS.title,
         Literal("unkg: United Nations resolutions knowledge graph", lang="en")),
        (node, DCTERMS.description, Literal(
            "Resolutions of United Nations bodies as RDF: their paragraphs, the documents and "
            "instruments they cite, the bodies they address and the mandates they give. One "
            "named graph per source document.", lang="en")),
        (node, VOID.sparqlEndpoint, URIRef(endpoint)),
        (node, VOID.uriSpace, Literal(uri_space)),
        (node, VOID.vocabulary, URIRef(ONTOLOGY_IRI)),
        (node, VOID.triples, _integer(stats.triples)),
        (node, VOID.documents, _integer(stats.documents)),
        (node, VOID.classes, _integer(len(stats.classes))),
        (node, VOID.properties, _integer(len(stats.properties))),
    ]
    triples += [(node, VOID.vocabulary, URIRef(str(vocabulary))) for vocabulary in _VOCABULARIES]
    for cls, entities in stats.classes.items():
        partition = BNode()
        triples += [(node, VOID.classPartition, partition),
                    (partition, VOID["class"], URIRef(cls)),
                    (partition, VOID.entities, _integer(entities))]
    for prop, count in stats.properties.items():
        partition = BNode()
        triples += [(node, VOID.propertyPartition, partition),
                    (partition, VOID.property, URIRef(prop)),
                    (partition, VOID.triples, _integer(count))]
    triples += _linkset(node, f"{dataset}/links/undocs", RDFS.seeAlso, stats.undocs_links,
                        URIRef(UNDOCS), "United Nations Official Document System")
    triples += _linkset(node, f"{dataset}/links/unbis-thesaurus", DCTERMS.subject,
                        stats.thesaurus_links, URIRef(THESAURUS.rstrip("/")), "UNBIS Thesaurus")
    for agent, version in stats.extractors:
        triples += [(node, PROV.wasAttributedTo, URIRef(agent)),
                    (URIRef(agent), RDF.type, PROV.SoftwareAgent),
                    (URIRef(agent), RDFS.label, Literal(version)),
                    (URIRef(agent), DCTERMS.hasVersion, Literal(version))]
    return triples


def _linkset(
    dataset: URIRef, iri: str, predicate: URIRef, count: int, target: URIRef, title: str
) -> list[Triple]:
    linkset = URIRef(iri)
    space = str(target) if str(target).endswith("/") else str(target) + "/"
    return [
        (dataset, VOID.subset, linkset),
        (linkset, RDF.type, VOID.Linkset),
        (linkset, VOID.subjectsTarget, dataset),
        (linkset, VOID.objectsTarget, target),
        (linkset, VOID.linkPredicate, predicate),
        (linkset, VOID.triples, _integer(count)),
        (target, RDF.type, VOID.Dataset),
        (target, DCTERMS.title, Literal(title, lang="en")),
        (target, VOID.uriSpace, Literal(space)),
    ]


def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


# -- the cache -----------------------------------------------------------------------------------

_COMPUTING = threading.Lock()


def cached_statistics(request: Request) -> VoidStatistics:
    """The statistics of the application's store, recomputed only when its generation changed
    (one computation at a time: concurrent requests wait for it rather than repeat it)."""
    store: Store = request.app.state.store
    settings: Settings = request.app.state.settings
    key = (id(store), store.generation)
    cached = getattr(request.app.state, "void_statistics", None)
    if cached is not None and cached[0] == key:
        stats: VoidStatistics = cached[1]
        return stats
    with _COMPUTING:
        cached = getattr(request.app.state, "void_statistics", None)
        if cached is not None and cached[0] == key:
            stats = cached[1]
            return stats
        stats = void_statistics(store, timeout=max(VOID_TIMEOUT, settings.query_timeout))
        request.app.state.void_statistics = (key, stats)
        return stats


# -- routes --------------------------------------------------------------------------------------


def _void(request: Request) -> Response:
    names = request.query_params.getlist("format")
    check_format_names(names)
    fmt = choose_format(QueryKind.CONSTRUCT, request.headers.get("accept"), names)
    stats = cached_statistics(request)
    root = str(request.base_url)
    base = iris_of(request).base
    triples = void_description(
        stats,
        dataset=f"{base}dataset",
        description=root + VOID_PATHS[0].lstrip("/"),
        endpoint=root + "sparql",
        uri_space=base,
    )
    prefixes = {"void": str(VOID), "foaf": str(FOAF), **output_prefixes()}
    return Response(serialize_graph(triples, fmt, prefixes), media_type=fmt.content_type,
                    headers={"Vary": "Accept"})


router.add_api_route(
    VOID_PATHS[0], _void, methods=["GET"], summary="The VoID description of the dataset",
    response_class=Response,
    openapi_extra={"parameters": [{
        "name": "format", "in": "query", "schema": {"type": "string"},
        "description": "turtle (default), ntriples, jsonld or rdfxml; overrides Accept"}]},
    responses={200: {"description": "VoID, in Turtle unless another RDF format is asked for",
                     "content": {"text/turtle": {}, "application/n-triples": {},
                                 "application/ld+json": {}, "application/rdf+xml": {}}},
               # 400: a format that names nothing; 406: one that is not an RDF format
               **error_responses(400, 406, 503)},
)
router.add_api_route(VOID_PATHS[1], _void, methods=["GET"], include_in_schema=False)


class ExampleParamModel(BaseModel):
    name: str
    type: str
    default: str | None
    description: str


class ExampleModel(BaseModel):
    name: str
    title: str
    description: str
    params: list[ExampleParamModel]
    sparql: str


@router.get("/prefixes", summary="The prefixes of the ontology and the vocabularies it uses",
            responses={200: {"model": dict[str, str]}})
def prefixes() -> JSONResponse:
    """Prefix -> namespace IRI, as SPARQL queries and Turtle output use them."""
    return JSONResponse(dict(PREFIXES))


@router.get("/examples", summary="Example SPARQL queries (the named queries)",
            responses={200: {"model": list[ExampleModel]}})
def examples() -> JSONResponse:
    """Every named query with its title, description, parameters and SPARQL text."""
    listed: list[dict[str, Any]] = [
        {
            "name": query.name,
            "title": query.title,
            "description": query.description,
            "params": [
                {"name": p.name, "type": p.type.value, "default": p.default,
                 "description": p.description}
                for p in query.params
            ],
            "sparql": query.sparql,
        }
        for query in load_named_queries().values()
    ]
    return JSONResponse(listed)
