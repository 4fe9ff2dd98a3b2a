"""The SPARQL 1.1 Protocol endpoint, checked the way clients use it.

Everything goes through HTTP: FastAPI's TestClient over an in-memory store holding two small named
graphs (the seed resolution CCPCJ 22/7 and the General Assembly resolution it recalls), and, at the
end, a real uvicorn server on 127.0.0.1 queried by SPARQLWrapper and rdflib's SPARQLStore.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import threading
import time
import urllib.request
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, Namespace
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from rdflib.term import Node
from SPARQLWrapper import JSON, SPARQLWrapper
from unkg.api.app import create_app
from unkg.api.settings import ENV_VARS, Settings
from unkg.api.sparql import TRUNCATED_HEADER
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.store import Store

from tests.servers import serve
from unkg.errors import QueryError, StoreError, StoreLockedError, SymbolError

with warnings.catch_warnings():
    # Starlette nudges towards httpx2, which is not installed; the TestClient works as it is.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

DOCS = Path(__file__).resolve().parent.parent / "docs" / "sparql-endpoint.md"

UNKG = Namespace("https://w3id.org/unkg/ontology#")
RES = Namespace("https://w3id.org/unkg/id/resolution/")
R22_7 = RES["E_CN.15_RES_22_7"]
R65_230 = RES["A_RES_65_230"]
PARA = URIRef(str(R22_7) + "/p1")
G22_7 = "https://w3id.org/unkg/graph/E_CN.15_RES_22_7"
G65_230 = "https://w3id.org/unkg/graph/A_RES_65_230"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

EXTRACTION = BNode("extraction1")
GRAPHS: dict[str, list[tuple[Node, Node, Node]]] = {
    G22_7: [
        (R22_7, RDF.type, UNKG.Resolution),
        # The title of the seed, as the extractor joins its two lines.
        (R22_7, DCTERMS.title,
         Literal("Strengthening international cooperation to combat cybercrime", lang="en")),
        (R22_7, UNKG.recalls, R65_230),
        (R22_7, UNKG.cites, R65_230),
        (R22_7, PROV.wasGeneratedBy, EXTRACTION),
        # The first preambular paragraph as printed: trailing space, page-break blank line, a comma.
        (PARA, DCTERMS.description, Literal(
            "Recalling General Assembly resolution 65/230 of 21 December \n\n2010, in which "
            'the Assembly endorsed the "Salvador Declaration"')),
        # A table row as PDF extraction gives it: tab-separated cells.
        (PARA, DCTERMS.abstract, Literal("65/230\t21 December 2010")),
    ],
    G65_230: [
        (R65_230, RDF.type, UNKG.Resolution),
        (R65_230, DCTERMS.title, Literal(
            "Twelfth United Nations Congress on Crime Prevention and Criminal Justice", lang="en")),
        (R65_230, DCTERMS.date, Literal("2010-12-21", datatype=XSD_DATE)),
    ],
}
ALL_TRIPLES = [t for triples in GRAPHS.values() for t in triples]

PREFIXES = """PREFIX unkg: <https://w3id.org/unkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
TITLES = PREFIXES + """SELECT ?r ?title ?date WHERE {
  ?r a unkg:Resolution ; dcterms:title ?title OPTIONAL { ?r dcterms:date ?date }
} ORDER BY ?r"""
EVERY_TERM = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
IS_CITED = PREFIXES + f"ASK {{ ?r unkg:cites <{R65_230}> }}"
# A cross product that streams rows for longer than any test's time limit.
ENDLESS = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r }"

TOKEN = "s3cret-update-token"
SD_ACCEPT = {"accept": "text/turtle"}


def filled_store() -> EmbeddedStore:
    store = EmbeddedStore.in_memory()
    for graph, triples in GRAPHS.items():
        store.replace_graph(graph, triples)
    return store


@contextmanager
def client_for(settings: Settings, store: Store | None = None) -> Iterator[TestClient]:
    """A client over ``store`` (a fresh filled one by default), closed afterwards."""
    own = store is None
    current = filled_store() if store is None else store
    try:
        with TestClient(create_app(":memory:", store=current, settings=settings)) as client:
            yield client
    finally:
        if own:
            current.close()


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    with filled_store() as filled:
        yield filled


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with client_for(Settings(), store) as test_client:
        yield test_client


# -- decoding responses back to rdflib terms -----------------------------------------------------


def json_term(cell: dict[str, str]) -> Node:
    if cell["type"] == "uri":
        return URIRef(cell["value"])
    if cell["type"] == "bnode":
        return BNode(cell["value"])
    return Literal(cell["value"], lang=cell.get("xml:lang"), datatype=cell.get("datatype"))


def json_rows(body: bytes) -> tuple[list[str], list[tuple[Node | None, ...]]]:
    data = json.loads(body)
    names = data["head"]["vars"]
    rows = [tuple(json_term(b[n]) if n in b else None for n in names)
            for b in data["results"]["bindings"]]
    return names, rows


def xml_rows(body: bytes) -> tuple[list[str], list[tuple[Node | None, ...]]]:
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(body)
    names = [v.attrib["name"] for v in root.findall("r:head/r:variable", ns)]
    rows = []
    for result in root.findall("r:results/r:result", ns):
        cells: dict[str, Node] = {}
        for binding in result.findall("r:binding", ns):
            (term,) = list(binding)
            tag = term.tag.split("}")[1]
            text = term.text or ""
            cells[binding.attrib["name"]] = (
                URIRef(text) if tag == "uri" else BNode(text) if tag == "bnode" else Literal(
                    text,
                    lang=term.attrib.get("{http://www.w3.org/XML/1998/namespace}lang"),
                    datatype=term.attrib.get("datatype"),
                )
            )
        rows.append(tuple(cells.get(n) for n in names))
    return names, rows


def csv_plain(term: Node | None) -> str:
    """What the CSV format keeps of a term: its plain value (blank nodes as _:label)."""
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def expected(store: Store, query: str) -> tuple[list[str], list[tuple[Node | None, ...]]]:
    result = store.query(query)
    return result.variables, result.rows


def error_of(response: Any) -> dict[str, Any]:
    """The error body, checked against the one shape every error takes."""
    body = response.json()
    assert set(body) == {"status", "error", "detail"}, body
    assert body["status"] == response.status_code
    assert isinstance(body["error"], str) and isinstance(body["detail"], str)
    return dict(body)


# -- the three ways to send a query --------------------------------------------------------------


@pytest.mark.parametrize(
    "method",
    [
        "GET",  # GET /sparql?query=...
        "POST form",  # POST application/x-www-form-urlencoded, query=...
        "POST direct",  # POST application/sparql-query, the query as the body
    ],
)
def test_each_protocol_method_answers_the_same(
    client: TestClient, store: EmbeddedStore, method: str
) -> None:
    if method == "GET":
        response = client.get("/sparql", params={"query": TITLES})
    elif method == "POST form":
        response = client.post("/sparql", data={"query": TITLES})
    else:
        response = client.post(
            "/sparql", content=TITLES.encode(),
            headers={"content-type": "application/sparql-query; charset=utf-8"},
        )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert json_rows(response.content) == expected(store, TITLES)


# -- every format, parsed back -------------------------------------------------------------------


def test_select_json_parses_back(client: TestClient, store: EmbeddedStore) -> None:
    response = client.get("/sparql", params={"query": EVERY_TERM, "format": "json"})
    assert json_rows(response.content) == expected(store, EVERY_TERM)


def test_select_xml_parses_back_with_elementtree(client: TestClient, store: EmbeddedStore) -> None:
    for query in (EVERY_TERM, TITLES):  # every kind of term; an unbound ?date
        response = client.get("/sparql", params={"query": query},
                              headers={"accept": "application/sparql-results+xml"})
        assert response.headers["content-type"] == "application/sparql-results+xml"
        assert xml_rows(response.content) == expected(store, query)


def test_select_csv_has_plain_values(client: TestClient, store: EmbeddedStore) -> None:
    response = client.get("/sparql", params={"query": EVERY_TERM},
                          headers={"accept": "text/csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    names, rows = expected(store, EVERY_TERM)
    parsed = list(csv.reader(io.StringIO(response.text, newline="")))
    assert parsed[0] == names
    assert parsed[1:] == [[csv_plain(term) for term in row] for row in rows]
    assert response.text.endswith("\r\n")  # RFC 4180 line ends


def test_select_tsv_has_ntriples_terms(client: TestClient, store: EmbeddedStore) -> None:
    response = client.get("/sparql", params={"query": TITLES, "format": "tsv"})
    assert response.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    lines = response.text.split("\n")
    assert lines[0] == "?r\t?title\t?date"
    # 65/230 has a typed date; 22/7 has none: an empty last field.
    assert lines[1].endswith('\t"2010-12-21"^^<http://www.w3.org/2001/XMLSchema#date>')
    assert lines[2].startswith(f"<{R22_7}>\t\"Strengthening") and lines[2].endswith("@en\t")
    every = client.get("/sparql", params={"query": EVERY_TERM, "format": "tsv"}).text
    # Tabs and line breaks inside literals are escaped: one line per row, three fields each.
    rows = every.rstrip("\n").split("\n")
    assert len(rows) == len(ALL_TRIPLES) + 1
    assert all(row.count("\t") == 2 for row in rows)
    parsed = Result.parse(io.BytesIO(every.encode()), format="tsv")
    assert [tuple(row) for row in parsed] == expected(store, EVERY_TERM)[1]


def test_ask_in_json_and_xml(client: TestClient) -> None:
    as_json = client.get("/sparql", params={"query": IS_CITED})
    assert as_json.json() == {"head": {}, "boolean": True}
    as_xml = client.get("/sparql", params={"query": IS_CITED, "format": "xml"})
    boolean = ET.fromstring(as_xml.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert boolean is not None and boolean.text == "true"


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # rdflib's JSON-LD parser
@pytest.mark.parametrize(
    ("accept", "content_type", "rdflib_format"),
    [
        ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_construct_parses_back_with_rdflib(
    client: TestClient, accept: str, content_type: str, rdflib_format: str
) -> None:
    response = client.post("/sparql", data={"query": EVERYTHING}, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == content_type
    graph = Graph().parse(data=response.content, format=rdflib_format)
    want = Graph()
    for triple in ALL_TRIPLES:
        want.add(triple)
    assert isomorphic(graph, want)


def test_turtle_uses_the_project_prefixes(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": EVERYTHING, "format": "turtle"})
    assert "@prefix unkg: <https://w3id.org/unkg/ontology#> ." in response.text
    assert "unkg:Resolution" in response.text


# -- content negotiation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "accept", "format_", "content_type"),
    [
        # No Accept at all: the first format of each form.
        (TITLES, None, None, "application/sparql-results+json"),
        (EVERYTHING, None, None, "text/turtle; charset=utf-8"),
        # q-values: the higher q wins whatever the order.
        (TITLES, "text/csv;q=0.5, application/sparql-results+xml;q=0.9", None,
         "application/sparql-results+xml"),
        (TITLES, "application/sparql-results+json;q=0.1, text/tab-separated-values", None,
         "text/tab-separated-values; charset=utf-8"),
        # An exact type beats a wildcard at equal q.
        (TITLES, "*/*, text/csv", None, "text/csv; charset=utf-8"),
        # A wildcard for the family: text/* on a graph is Turtle.
        (EVERYTHING, "text/*", None, "text/turtle; charset=utf-8"),
        # q=0 excludes a type: */* then falls to the next offer.
        (TITLES, "application/sparql-results+json;q=0, */*", None,
         "application/sparql-results+xml"),
        # A browser: application/xml at 0.9 over */* at 0.8.
        (TITLES, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None,
         "application/sparql-results+xml"),
        # SPARQLWrapper asking for JSON lists the aliases it knows.
        (IS_CITED, "application/sparql-results+json,application/json,text/javascript", None,
         "application/sparql-results+json"),
        # format= wins over Accept, by short name or media type.
        (TITLES, "application/sparql-results+xml", "csv", "text/csv; charset=utf-8"),
        (EVERYTHING, "text/turtle", "application/ld+json", "application/ld+json"),
        # json and xml on a graph mean JSON-LD and RDF/XML, as Virtuoso reads them.
        (EVERYTHING, None, "json", "application/ld+json"),
        (EVERYTHING, None, "xml", "application/rdf+xml"),
    ],
)
def test_content_negotiation(
    client: TestClient, query: str, accept: str | None, format_: str | None, content_type: str
) -> None:
    params = {"query": query} | ({"format": format_} if format_ else {})
    headers = {"accept": accept} if accept else {}
    response = client.get("/sparql", params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == content_type
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize(
    ("query", "accept", "format_", "status"),
    [
        (TITLES, "image/png", None, 406),  # nothing we write
        (EVERYTHING, "text/csv", None, 406),  # CSV is for SELECT only
        (IS_CITED, "text/tab-separated-values", None, 406),  # TSV too (the spec has no ASK row)
        (TITLES, None, "turtle", 406),  # a graph format for rows
        (TITLES, None, "pdf", 400),  # not a format at all
    ],
)
def test_unservable_formats(
    client: TestClient, query: str, accept: str | None, format_: str | None, status: int
) -> None:
    params = {"query": query} | ({"format": format_} if format_ else {})
    response = client.get("/sparql", params=params, headers={"accept": accept} if accept else {})
    body = error_of(response)
    assert response.status_code == status
    assert body["error"] == ("not_acceptable" if status == 406 else "unknown_format")


# -- bad requests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("SELECT ?s WHERE { ?s ?p }", "line 1, column"),  # a triple missing its object
        ("PREFIX dcterms: <http://purl.org/dc/terms/>\nSELECT ?t\nWHERE { ?r dcterms:title ?t",
         "line 3, column"),  # an unclosed group, on the third line
        ("SELECT ?t WHERE { ?r unkg:title ?t }", "undeclared prefix unkg:"),
    ],
)
def test_malformed_query_is_400_with_line_and_column(
    client: TestClient, query: str, where: str
) -> None:
    response = client.get("/sparql", params={"query": query})
    body = error_of(response)
    assert response.status_code == 400 and body["error"] == "query_syntax"
    assert where in body["detail"]


@pytest.mark.parametrize(
    "request_args",
    [
        {"method": "GET", "url": "/sparql"},  # nothing at all
        {"method": "GET", "url": "/sparql", "params": {"query": "  "}},  # a blank query
        {"method": "POST", "url": "/sparql", "data": {"format": "json"}},  # a form without query
        {"method": "POST", "url": "/sparql", "content": b"",
         "headers": {"content-type": "application/sparql-query"}},  # an empty body
    ],
)
def test_missing_query_is_400(client: TestClient, request_args: dict[str, Any]) -> None:
    response = client.request(**request_args)
    body = error_of(response)
    assert response.status_code == 400 and body["error"] == "missing_query"


@pytest.mark.parametrize(
    ("request_args", "status"),
    [
        ({"method": "GET", "url": "/nowhere"}, 404),
        ({"method": "PUT", "url": "/sparql"}, 405),
        ({"method": "POST", "url": "/sparql", "content": b"SELECT * {}",
          "headers": {"content-type": "text/plain"}}, 415),
        ({"method": "GET", "url": "/sparql",
          "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),  # query given twice
        ({"method": "GET", "url": "/sparql",
          "params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400),
        ({"method": "POST", "url": "/sparql", "content": b"x" * ((1 << 20) + 1),
          "headers": {"content-type": "application/sparql-query"}}, 413),
        ({"method": "GET", "url": "/sparql",
          "params": {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}}, 400),
    ],
)
def test_every_error_has_the_one_shape(
    client: TestClient, request_args: dict[str, Any], status: int
) -> None:
    response = client.request(**request_args)
    assert response.status_code == status
    error_of(response)


@pytest.mark.parametrize(
    ("raised", "status", "error"),
    [
        (StoreLockedError("data/store: the store is locked"), 503, "store_locked"),
        (StoreError("data/store: cannot open the store"), 500, "store_error"),
        (QueryError("unknown binding ?x"), 400, "query_error"),
        (SymbolError("not a symbol: 'A/RES'"), 400, "bad_symbol"),
        (RuntimeError("a bug"), 500, "internal_error"),  # no internals in the detail
    ],
)
def test_graph_errors_are_never_a_bare_500(raised: Exception, status: int, error: str) -> None:
    with filled_store() as store:
        app = create_app(":memory:", store=store, settings=Settings())

        @app.get("/probe")
        def probe(n: int = 0) -> None:
            raise raised

        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get("/probe")
            invalid = client.get("/probe", params={"n": "many"})
    body = error_of(response)
    assert (response.status_code, body["error"]) == (status, error)
    assert "a bug" not in body["detail"]
    # A parameter that does not validate: 422, naming it.
    assert error_of(invalid)["error"] == "invalid_request"
    assert "query.n" in invalid.json()["detail"]


# -- the dataset ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "resolutions"),
    [
        # No dataset: the default graph is the union of the graphs.
        ([], {R22_7, R65_230}),
        # default-graph-uri picks the default graph.
        ([("default-graph-uri", G65_230)], {R65_230}),
        ([("default-graph-uri", G65_230), ("default-graph-uri", G22_7)], {R22_7, R65_230}),
        # named-graph-uri alone: the default graph is empty.
        ([("named-graph-uri", G22_7)], set()),
    ],
)
def test_default_graph_uri(
    client: TestClient, params: list[tuple[str, str]], resolutions: set[URIRef]
) -> None:
    query = PREFIXES + "SELECT ?r WHERE { ?r a unkg:Resolution }"
    response = client.get("/sparql", params=[("query", query), *params])
    assert response.status_code == 200, response.text
    assert {row[0] for row in json_rows(response.content)[1]} == resolutions


def test_named_graph_uri(client: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    every = client.post("/sparql", data={"query": query})
    assert {row[0] for row in json_rows(every.content)[1]} == {URIRef(G22_7), URIRef(G65_230)}
    one = client.post("/sparql", data={"query": query, "named-graph-uri": G65_230})
    assert json_rows(one.content)[1] == [(URIRef(G65_230),)]
    direct = client.post(
        "/sparql", params={"named-graph-uri": G22_7}, content=query,
        headers={"content-type": "application/sparql-query"},
    )
    assert json_rows(direct.content)[1] == [(URIRef(G22_7),)]


# -- limits --------------------------------------------------------------------------------------


def test_row_cap_says_truncated_in_a_header() -> None:
    with client_for(Settings(max_rows=2)) as capped:
        cut = capped.get("/sparql", params={"query": EVERY_TERM})
        assert cut.headers[TRUNCATED_HEADER] == "true"
        assert len(json_rows(cut.content)[1]) == 2
        graph = capped.get("/sparql", params={"query": EVERYTHING, "format": "nt"})
        assert graph.headers[TRUNCATED_HEADER] == "true"
        assert len(graph.text.strip().splitlines()) == 2
        whole = capped.get("/sparql", params={"query": IS_CITED})
        assert whole.headers[TRUNCATED_HEADER] == "false"


def test_a_query_past_the_time_limit_is_503() -> None:
    with client_for(Settings(query_timeout=0.2, max_rows=10**9)) as slow:
        started = time.monotonic()
        response = slow.get("/sparql", params={"query": ENDLESS})
        assert time.monotonic() - started < 5
    body = error_of(response)
    assert response.status_code == 503 and body["error"] == "query_timeout"
    assert "0.2 s" in body["detail"]


# -- updates -------------------------------------------------------------------------------------

INSERT = f'INSERT DATA {{ GRAPH <{G22_7}> {{ <{R22_7}> <{DCTERMS.date}> "2013-04-26" }} }}'
HAS_DATE = f"ASK {{ <{R22_7}> <{DCTERMS.date}> ?d }}"


@pytest.mark.parametrize(
    ("token", "authorization", "status", "error"),
    [
        (None, None, 403, "updates_disabled"),  # no token configured: updates are off
        (None, f"Bearer {TOKEN}", 403, "updates_disabled"),  # ... whatever the client sends
        (TOKEN, None, 401, "unauthorized"),  # no credentials
        (TOKEN, f"Basic {TOKEN}", 401, "unauthorized"),  # not a bearer token
        (TOKEN, "Bearer wrong-token", 403, "forbidden"),  # a wrong token
        (TOKEN, f"Bearer {TOKEN}", 200, None),  # the token
    ],
)
def test_update_needs_the_configured_token(
    token: str | None, authorization: str | None, status: int, error: str | None
) -> None:
    headers = {"authorization": authorization} if authorization else {}
    with client_for(Settings(update_token=token)) as client:
        response = client.post("/sparql", data={"update": INSERT}, headers=headers)
        assert response.status_code == status, response.text
        if error:
            assert error_of(response)["error"] == error
        applied = client.get("/sparql", params={"query": HAS_DATE}).json()["boolean"]
    assert applied is (status == 200)
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_update_as_a_sparql_update_body() -> None:
    with client_for(Settings(update_token=TOKEN)) as client:
        response = client.post(
            "/sparql", content=INSERT,
            headers={"content-type": "application/sparql-update",
                     "authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 200 and response.json()["updated"] is True
        assert client.get("/sparql", params={"query": HAS_DATE}).json()["boolean"] is True
        bad = client.post("/sparql", data={"update": "INSERT DATA { <a> }"},
                          headers={"authorization": f"Bearer {TOKEN}"})
        assert bad.status_code == 400 and error_of(bad)["error"] == "query_syntax"


@pytest.mark.parametrize(
    "request_args",
    [
        # Update text sent as a query, each way a query can be sent.
        {"method": "GET", "url": "/sparql", "params": {"query": INSERT}},
        {"method": "POST", "url": "/sparql", "data": {"query": "DROP ALL"}},
        {"method": "POST", "url": "/sparql", "content": "CLEAR DEFAULT",
         "headers": {"content-type": "application/sparql-query"}},
        # A query with an update smuggled after it.
        {"method": "GET", "url": "/sparql", "params": {"query": "ASK {} ; DROP ALL"}},
        {"method": "GET", "url": "/sparql",
         "params": {"query": f"SELECT * {{ ?s ?p ?o }} {INSERT}"}},
        # A query and an update in one form, with the right token.
        {"method": "POST", "url": "/sparql", "data": {"query": "ASK {}", "update": "DROP ALL"},
         "headers": {"authorization": f"Bearer {TOKEN}"}},
        # An update by GET, with the right token.
        {"method": "GET", "url": "/sparql", "params": {"update": "DROP ALL"},
         "headers": {"authorization": f"Bearer {TOKEN}"}},
    ],
)
def test_a_query_never_changes_the_store(request_args: dict[str, Any]) -> None:
    with filled_store() as store, client_for(Settings(update_token=TOKEN), store) as client:
        before = len(store)
        response = client.request(**request_args)
        assert response.status_code == 400
        error_of(response)
        assert len(store) == before


# -- discovery -----------------------------------------------------------------------------------


def test_service_description_is_turtle_naming_the_endpoint(client: TestClient) -> None:
    response = client.get("/sparql", headers=SD_ACCEPT)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert graph.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    formats = {str(f).rsplit("/", 1)[1] for f in graph.objects(service, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "Turtle", "JSON-LD"} <= formats
    assert SD.UnionDefaultGraph in set(graph.objects(service, SD.feature))
    # The project's prefixes, declared the SHACL way.
    assert (None, URIRef("http://www.w3.org/ns/shacl#prefix"), Literal("unkg")) in graph


def test_service_description_lists_update_when_a_token_is_set() -> None:
    with client_for(Settings(update_token=TOKEN)) as client:
        graph = Graph().parse(data=client.get("/sparql", params={"format": "ttl"}).text,
                              format="turtle")
    assert (None, SD.supportedLanguage, SD.SPARQL11Update) in graph


def test_cors_on_get_by_default(client: TestClient) -> None:
    origin = {"origin": "https://researcher.example.org"}
    response = client.get("/sparql", params={"query": IS_CITED}, headers=origin)
    assert response.headers["access-control-allow-origin"] == "*"
    assert TRUNCATED_HEADER in response.headers["access-control-expose-headers"]
    # A page on another origin may not send the update token (the preflight fails).
    preflight = client.options("/sparql", headers=origin | {
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
    })
    assert preflight.status_code == 400


def test_cors_origins_are_configurable() -> None:
    allowed = "https://allowed.example.org"
    with client_for(Settings(cors_origins=(allowed,))) as client:
        ok = client.get("/sparql", params={"query": IS_CITED}, headers={"origin": allowed})
        other = client.get("/sparql", params={"query": IS_CITED},
                           headers={"origin": "https://other.example.org"})
    assert ok.headers["access-control-allow-origin"] == allowed
    assert "access-control-allow-origin" not in other.headers


# -- the lean path in front of FastAPI -----------------------------------------------------------

_QUERY_BODY = {"content-type": "application/sparql-query"}
LEAN_REQUESTS = [
    # GET with a query: SPARQL JSON by default, the same headers (Vary, X-SPARQL-Truncated).
    {"method": "GET", "url": "/sparql", "params": {"query": TITLES}},
    # format= and Accept pick CSV and XML; a CONSTRUCT goes through rdflib's Turtle.
    {"method": "GET", "url": "/sparql", "params": {"query": TITLES, "format": "csv"}},
    {"method": "GET", "url": "/sparql", "params": {"query": IS_CITED},
     "headers": {"accept": "application/sparql-results+xml"}},
    {"method": "GET", "url": "/sparql", "params": {"query": EVERYTHING},
     "headers": {"accept": "text/turtle"}},
    # A form POST with its dataset in the body; the query as the body, the dataset in the URL.
    {"method": "POST", "url": "/sparql", "data": {"query": TITLES, "default-graph-uri": G65_230}},
    {"method": "POST", "url": "/sparql", "content": TITLES.encode(), "headers": _QUERY_BODY,
     "params": {"named-graph-uri": G22_7}},
    # The errors the lean path answers itself, in the one error shape: a syntax error, two
    # queries, an unknown format, an Accept nothing matches, a graph that is no IRI, a body
    # over the limit, a body that is not UTF-8.
    {"method": "GET", "url": "/sparql", "params": {"query": "SELECT ?s WHERE { ?s ?p }"}},
    {"method": "GET", "url": "/sparql", "params": [("query", TITLES), ("query", IS_CITED)]},
    {"method": "GET", "url": "/sparql", "params": {"query": TITLES, "format": "pdf"}},
    {"method": "POST", "url": "/sparql", "content": TITLES.encode(),
     "headers": _QUERY_BODY | {"accept": "image/png"}},
    {"method": "POST", "url": "/sparql", "data": {"query": TITLES, "default-graph-uri": "g 1"}},
    {"method": "POST", "url": "/sparql", "content": b"#" * (1 << 20) + TITLES.encode(),
     "headers": _QUERY_BODY},
    {"method": "POST", "url": "/sparql", "content": b"ASK {} # \xff", "headers": _QUERY_BODY},
]


async def _routed(app: FastAPI, scope: Any, receive: Any, send: Any) -> None:
    """``app`` the way FastAPI routes every request, the lean path skipped."""
    await FastAPI.__call__(app, scope, receive, send)


@pytest.mark.parametrize("cors", [("*",), ()], ids=["cors", "no-cors"])
@pytest.mark.parametrize("request_args", LEAN_REQUESTS)
def test_the_lean_path_answers_what_the_route_answers(
    store: EmbeddedStore, request_args: dict[str, Any], cors: tuple[str, ...]
) -> None:
    app = create_app(":memory:", store=store, settings=Settings(cors_origins=cors))
    with TestClient(app) as lean:
        routed = TestClient(functools.partial(_routed, app))
        answers = [client.request(**request_args) for client in (lean, routed)]
    (lean_answer, routed_answer) = answers
    assert lean_answer.status_code == routed_answer.status_code
    assert lean_answer.content == routed_answer.content
    assert lean_answer.headers.multi_items() == routed_answer.headers.multi_items()


def test_query_requests_skip_fastapi_and_the_rest_does_not(
    store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(":memory:", store=store, settings=Settings(update_token=TOKEN))
    routed: list[str] = []
    original = FastAPI.__call__

    async def counting(self: FastAPI, scope: Any, receive: Any, send: Any) -> None:
        routed.append(f"{scope.get('method')} {scope.get('path')}")
        await original(self, scope, receive, send)

    with TestClient(app) as client:
        monkeypatch.setattr(FastAPI, "__call__", counting)
        # The three ways of sending a query: none reaches FastAPI.
        assert client.get("/sparql", params={"query": IS_CITED}).json()["boolean"] is True
        assert client.post("/sparql", data={"query": IS_CITED}).json()["boolean"] is True
        assert client.post("/sparql", content=IS_CITED, headers=_QUERY_BODY).status_code == 200
        assert routed == []
        # The service description, another origin (CORS), another path.
        assert client.get("/sparql", headers=SD_ACCEPT).status_code == 200
        origin = {"origin": "https://researcher.example.org"}
        cross = client.get("/sparql", params={"query": IS_CITED}, headers=origin)
        assert cross.headers["access-control-allow-origin"] == "*"
        assert client.get("/health").status_code == 200
        # An update in a form: its body was read by the lean path, and is given again to FastAPI.
        update = f'INSERT DATA {{ GRAPH <urn:test:lean> {{ <{R22_7}> <urn:p> "lean" }} }}'
        done = client.post("/sparql", data={"update": update},
                           headers={"authorization": f"Bearer {TOKEN}"})
        assert done.status_code == 200 and done.json()["updated"] is True
        assert client.get("/sparql", params={"query": 'ASK { ?s <urn:p> "lean" }'}).json() == {
            "head": {}, "boolean": True}
        assert routed == ["GET /sparql", "GET /sparql", "GET /health", "POST /sparql"]
    store.drop_graph("urn:test:lean")


# -- settings and their documentation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected_settings"),
    [
        ({}, Settings()),  # nothing set: the defaults
        ({"UNKG_QUERY_TIMEOUT": "2.5", "UNKG_MAX_ROWS": "500"},
         Settings(query_timeout=2.5, max_rows=500)),
        ({"UNKG_UPDATE_TOKEN": TOKEN}, Settings(update_token=TOKEN)),
        ({"UNKG_UPDATE_TOKEN": ""}, Settings()),  # empty: updates stay off
        ({"UNKG_CORS_ORIGINS": ""}, Settings(cors_origins=())),  # empty: CORS off
    ],
)
def test_settings_from_the_environment(
    environ: dict[str, str], expected_settings: Settings
) -> None:
    assert Settings.from_env(environ) == expected_settings


@pytest.mark.parametrize(
    "environ",
    [
        {"UNKG_QUERY_TIMEOUT": "ten"},
        {"UNKG_QUERY_TIMEOUT": "0"},
        {"UNKG_MAX_ROWS": "1e4"},
        {"UNKG_MAX_ROWS": "-1"},
    ],
)
def test_bad_settings_name_their_variable(environ: dict[str, str]) -> None:
    with pytest.raises(ValueError, match=next(iter(environ))):
        Settings.from_env(environ)


def test_the_endpoint_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name in [*ENV_VARS, TRUNCATED_HEADER, "default-graph-uri", "named-graph-uri"]:
        assert name in text, f"{name} is not documented in {DOCS.name}"
    for key in ("json", "xml", "csv", "tsv", "turtle", "ntriples", "rdfxml", "jsonld"):
        assert f"`{key}`" in text, f"format={key} is not documented in {DOCS.name}"


# -- a real server, real clients -----------------------------------------------------------------


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """uvicorn on 127.0.0.1 (a free port) in a thread; yields the endpoint URL."""
    with filled_store() as store:
        app = create_app(":memory:", store=store, settings=settings)
        with serve(app) as origin:
            yield f"{origin}/sparql"


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # inside SPARQLWrapper
def test_real_clients_against_uvicorn() -> None:
    with live_server(Settings(query_timeout=1.0, max_rows=10**9)) as endpoint:
        wrapper = SPARQLWrapper(endpoint)
        wrapper.setReturnFormat(JSON)
        wrapper.setQuery(TITLES)
        rows = wrapper.queryAndConvert()["results"]["bindings"]
        assert [row["r"]["value"] for row in rows] == [str(R65_230), str(R22_7)]
        assert rows[0]["date"]["datatype"] == str(XSD_DATE)

        wrapper.setQuery(IS_CITED)
        assert wrapper.queryAndConvert()["boolean"] is True

        construct = SPARQLWrapper(endpoint)  # default return format: XML, so RDF/XML here
        construct.setQuery(PREFIXES + "CONSTRUCT WHERE { ?r a unkg:Resolution }")
        graph = construct.queryAndConvert()
        assert isinstance(graph, Graph)
        assert set(graph.subjects(RDF.type, UNKG.Resolution)) == {R22_7, R65_230}

        remote = Dataset(store=SPARQLStore(endpoint), default_union=True)
        titles = {str(row[1]) for row in remote.query(TITLES)}
        assert "Strengthening international cooperation to combat cybercrime" in titles

        # A query running into its time limit does not hold up other requests.
        slow: dict[str, int] = {}

        def run_slow() -> None:
            try:
                urllib.request.urlopen(endpoint + "?" + urllib.parse.urlencode({"query": ENDLESS}))
            except urllib.error.HTTPError as error:
                slow["status"] = error.code

        thread = threading.Thread(target=run_slow)
        thread.start()
        time.sleep(0.2)
        started = time.monotonic()
        with urllib.request.urlopen(endpoint.replace("/sparql", "/health")) as health:
            assert json.load(health)["status"] == "ok"
        assert time.monotonic() - started < 0.5
        assert thread.is_alive()  # the slow query is still running
        thread.join()
        assert slow == {"status": 503}
