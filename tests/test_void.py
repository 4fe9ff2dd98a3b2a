"""Discovery: the VoID description, the prefixes and the example queries, read as a client would.

The store holds real resolutions (the seed, CCPCJ 22/7, a General Assembly and a Security Council
resolution from the corpus, ingested as ``unkg ingest`` does), and every count the VoID
description states is checked against the store itself, counted another way.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS
from unkg.api import void as void_module
from unkg.api.app import create_app
from unkg.api.settings import Settings
from unkg.api.void import VOID
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.named_queries import load_named_queries
from unkg.graph.store import META_GRAPH
from unkg.ontology import ONTOLOGY_IRI, PREFIXES, UNKG

from unkg import EXTRACTOR_VERSION
from unkg.load import ingest_file

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette nudges towards httpx2, which is not installed
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "ccpcj-resolution-22-7.txt"
DATASET = URIRef("https://w3id.org/unkg/dataset")
DESCRIPTION = URIRef("http://testserver/.well-known/void")
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def store(corpus: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore.in_memory() as filled:
        for path in (SEED, corpus / "akn/ga/75/75_284_E.xml",
                     sorted((corpus / "akn/sc/2023").glob("*.xml"))[0]):
            assert ingest_file(filled, path, Iris()).graph is not None
        yield filled


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(":memory:", store=store, settings=Settings())) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def void(client: TestClient) -> Graph:
    response = client.get("/.well-known/void")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    return Graph().parse(data=response.text, format="turtle")


def number(graph: Graph, subject: URIRef, predicate: URIRef) -> int:
    value = graph.value(subject, predicate)
    assert isinstance(value, Literal), f"no {predicate} on {subject}"
    return int(value)


def objects_starting(store: EmbeddedStore, predicate: URIRef, space: str) -> int:
    """How many (subject, object) pairs of ``predicate`` point into ``space``, counted in Python
    over every graph (as the union default graph sees them)."""
    rows = store.query(f"SELECT ?o {{ GRAPH ?g {{ ?s <{predicate}> ?o }} }}", max_rows=None).rows
    return sum(1 for (o,) in rows if str(o).startswith(space))


# -- what the description says ---------------------------------------------------------------------


def test_the_dataset_and_its_size(void: Graph, store: EmbeddedStore) -> None:
    assert (DATASET, RDF.type, VOID.Dataset) in void
    # Triples per graph, without the admin graph of graph metadata.
    assert number(void, DATASET, VOID.triples) == len(store) - store.graph_length(META_GRAPH)
    # One document per source file: the seed and the two corpus resolutions.
    assert number(void, DATASET, VOID.documents) == len(store.graphs()) == 3
    assert (DESCRIPTION, RDF.type, VOID.DatasetDescription) in void
    assert (DESCRIPTION, FOAF.primaryTopic, DATASET) in void


def test_where_to_query_and_what_it_uses(void: Graph) -> None:
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("http://testserver/sparql")
    assert void.value(DATASET, VOID.uriSpace) == Literal("https://w3id.org/unkg/")
    vocabularies = set(void.objects(DATASET, VOID.vocabulary))
    assert {URIRef(ONTOLOGY_IRI), URIRef(str(DCTERMS)), URIRef(str(PROV))} <= vocabularies


def test_class_partitions_count_the_instances(void: Graph, store: EmbeddedStore) -> None:
    partitions = {
        str(void.value(p, VOID["class"])): number(void, p, VOID.entities)
        for p in void.objects(DATASET, VOID.classPartition)
    }
    assert partitions == store.stats()
    # The three ingested resolutions and those they cite.
    assert partitions[str(UNKG.Resolution)] > 3
    assert number(void, DATASET, VOID.classes) == len(partitions)


def test_property_partitions_add_up_to_the_triples(void: Graph, store: EmbeddedStore) -> None:
    partitions = {
        void.value(p, VOID.property): number(void, p, VOID.triples)
        for p in void.objects(DATASET, VOID.propertyPartition)
    }
    assert sum(partitions.values()) == number(void, DATASET, VOID.triples)
    assert number(void, DATASET, VOID.properties) == len(partitions)
    # Every resolution has its one type triple among the others.
    assert partitions[RDF.type] >= 3 and partitions[UNKG.hasParagraph] > 10


LINKSETS = [
    # (link set, predicate, the target's IRI space): undocs.org links of every cited document
    ("https://w3id.org/unkg/dataset/links/undocs", RDFS.seeAlso, "https://undocs.org/"),
    # UNBIS thesaurus subjects of the AKN resolutions (the plain-text seed has none)
    ("https://w3id.org/unkg/dataset/links/unbis-thesaurus", DCTERMS.subject,
     "http://metadata.un.org/thesaurus/"),
]


@pytest.mark.parametrize(("linkset", "predicate", "space"), LINKSETS)
def test_linksets_count_the_links(
    void: Graph, store: EmbeddedStore, linkset: str, predicate: URIRef, space: str
) -> None:
    node = URIRef(linkset)
    assert (DATASET, VOID.subset, node) in void and (node, RDF.type, VOID.Linkset) in void
    assert void.value(node, VOID.linkPredicate) == predicate
    assert void.value(node, VOID.subjectsTarget) == DATASET
    target = void.value(node, VOID.objectsTarget)
    assert void.value(target, VOID.uriSpace) == Literal(space)
    count = number(void, node, VOID.triples)
    assert count == objects_starting(store, predicate, space) and count > 0


def test_the_extractor_version(void: Graph) -> None:
    (agent,) = void.objects(DATASET, PROV.wasAttributedTo)
    assert (agent, RDF.type, PROV.SoftwareAgent) in void
    assert void.value(agent, RDFS.label) == Literal(EXTRACTOR_VERSION)


# -- formats, paths, cache -------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # rdflib's JSON-LD parser
@pytest.mark.parametrize(
    ("path", "headers", "params", "content_type", "rdflib_format"),
    [
        # content negotiation by Accept
        ("/.well-known/void", {"accept": "application/n-triples"}, {},
         "application/n-triples", "nt"),
        ("/.well-known/void", {"accept": "application/ld+json"}, {}, "application/ld+json",
         "json-ld"),
        ("/.well-known/void", {"accept": "application/rdf+xml"}, {}, "application/rdf+xml", "xml"),
        # format= wins over Accept, as on /sparql
        ("/.well-known/void", {"accept": "text/turtle"}, {"format": "ntriples"},
         "application/n-triples", "nt"),
        # the short path, and a browser's Accept (Turtle: no HTML version of it)
        ("/void", {"accept": "text/html,*/*;q=0.8"}, {}, "text/turtle; charset=utf-8", "turtle"),
    ],
)
def test_formats_say_the_same(
    client: TestClient, void: Graph, path: str, headers: dict[str, str], params: dict[str, str],
    content_type: str, rdflib_format: str,
) -> None:
    response = client.get(path, headers=headers, params=params)
    assert response.status_code == 200 and response.headers["content-type"] == content_type
    assert isomorphic(Graph().parse(data=response.content, format=rdflib_format), void)


def test_a_format_that_is_no_rdf_is_refused(client: TestClient) -> None:
    response = client.get("/.well-known/void", headers={"accept": "text/csv"})
    assert response.status_code == 406 and response.json()["error"] == "not_acceptable"


def test_counts_are_cached_until_the_store_changes(
    store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = []
    original = void_module.void_statistics

    def counting(*args: object, **kwargs: float) -> void_module.VoidStatistics:
        computed.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(void_module, "void_statistics", counting)
    with TestClient(create_app(":memory:", store=store, settings=Settings())) as fresh:
        first = Graph().parse(data=fresh.get("/void").text, format="turtle")
        fresh.get("/.well-known/void")
        assert len(computed) == 1
        # One more graph, and a triple in the store's default graph (a SPARQL update's).
        graph = "https://w3id.org/unkg/graph/test-void-cache"
        store.replace_graph(graph, [(URIRef("urn:x"), RDFS.label, Literal("x"))])
        store.update(f'INSERT DATA {{ <urn:y> <{RDFS.label}> "y" }}')
        try:
            second = Graph().parse(data=fresh.get("/void").text, format="turtle")
            fresh.get("/void")
        finally:
            store.drop_graph(graph)
            store.update(f'DELETE DATA {{ <urn:y> <{RDFS.label}> "y" }}')
    assert len(computed) == 2
    assert number(second, DATASET, VOID.documents) == number(first, DATASET, VOID.documents) + 1
    assert number(second, DATASET, VOID.triples) == number(first, DATASET, VOID.triples) + 2
    labels = {second.value(p, VOID.property): number(second, p, VOID.triples)
              for p in second.objects(DATASET, VOID.propertyPartition)}
    assert sum(labels.values()) == number(second, DATASET, VOID.triples)


def test_the_iri_base_follows_the_configuration(store: EmbeddedStore) -> None:
    app = create_app(":memory:", store=store, settings=Settings())
    app.state.iris = Iris("https://example.org/kg/")
    with TestClient(app) as configured:
        graph = Graph().parse(data=configured.get("/void").text, format="turtle")
    dataset = URIRef("https://example.org/kg/dataset")
    assert graph.value(dataset, VOID.uriSpace) == Literal("https://example.org/kg/")


def test_the_service_description_links_the_void(client: TestClient) -> None:
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    described = Graph().parse(data=response.text, format="turtle")
    (service,) = described.subjects(RDF.type, URIRef(SD + "Service"))
    assert (service, RDFS.seeAlso, DESCRIPTION) in described


# -- prefixes and examples -------------------------------------------------------------------------


def test_prefixes(client: TestClient) -> None:
    response = client.get("/prefixes")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.json() == PREFIXES
    assert response.json()["unkg"] == "https://w3id.org/unkg/ontology#"


def test_examples_are_the_named_queries_with_their_sparql(client: TestClient) -> None:
    examples = client.get("/examples").json()
    named = load_named_queries()
    assert [example["name"] for example in examples] == list(named)
    for example in examples:
        query = named[example["name"]]
        assert set(example) == {"name", "title", "description", "params", "sparql"}
        assert (example["title"], example["sparql"]) == (query.title, query.sparql)
        assert [p["name"] for p in example["params"]] == [p.name for p in query.params]


def test_health_never_counts_the_store(store: EmbeddedStore,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting a store of 46M quads takes the engine seconds, during which it holds the
    interpreter; /health must answer at once, whatever the size (the size is in the VoID)."""
    def refuse(*_: object) -> None:
        raise AssertionError("/health counted the store")

    monkeypatch.setattr(EmbeddedStore, "__len__", refuse)
    monkeypatch.setattr(EmbeddedStore, "graphs", refuse)
    with TestClient(create_app(":memory:", store=store, settings=Settings())) as test_client:
        answer = test_client.get("/health")
    assert answer.status_code == 200
    assert answer.json() | {"version": "-"} == {
        "status": "ok", "version": "-", "extractor_version": EXTRACTOR_VERSION,
        "store": ":memory:", "read_only": False}
