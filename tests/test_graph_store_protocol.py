"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``, checked the way clients use it.

FastAPI's TestClient over a store holding the seed resolution (CCPCJ 22/7, ingested) checks every
answer of the protocol table; at the end ``curl`` drives a real uvicorn server through a whole
write, read and delete cycle. Bodies are small Turtle graphs about the seed and the General
Assembly resolution it recalls, with their real titles.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from unkg.api.app import create_app
from unkg.api.graphstore import GRAPH_META, MAX_GRAPH_BYTES
from unkg.api.settings import Settings
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.store import META_GRAPH

from tests.test_query_limits import children, curl, serve
from unkg.load import ingest_file

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette nudges towards httpx2, which is not installed
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "ccpcj-resolution-22-7.txt"
SEED_GRAPH = "https://w3id.org/unkg/graph/E_CN.15_RES_22_7"
NEW_GRAPH = "https://w3id.org/unkg/graph/test-graph-store"
TOKEN = "graph-store-token"
BEARER = {"authorization": f"Bearer {TOKEN}"}
TURTLE = {"content-type": "text/turtle"}

R22_7 = URIRef("https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7")
R65_230 = URIRef("https://w3id.org/unkg/id/resolution/A_RES_65_230")
TITLE = URIRef("http://purl.org/dc/terms/title")
SEED_TITLE = """@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7>
    dcterms:title "Strengthening international cooperation to combat cybercrime"@en .
"""
RECALLED_TITLE = """@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/unkg/id/resolution/A_RES_65_230> dcterms:title
    "Twelfth United Nations Congress on Crime Prevention and Criminal Justice"@en .
"""


def seed_store() -> EmbeddedStore:
    store = EmbeddedStore.in_memory()
    assert ingest_file(store, SEED, Iris()).graph == SEED_GRAPH
    return store


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    with seed_store() as filled:
        yield filled


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    settings = Settings(update_token=TOKEN)
    with TestClient(create_app(":memory:", store=store, settings=settings)) as test_client:
        yield test_client


def stored(store: EmbeddedStore, graph: str) -> Graph:
    """The graph as the store holds it, read back through rdflib's N-Triples parser so that its
    literals are normalised as a parsed response's are (a date-time's ``Z`` becomes ``+00:00``)."""
    result = store.query("CONSTRUCT WHERE { ?s ?p ?o }", default_graph=[graph], max_rows=None)
    held = Graph()
    for triple in result.triples:
        held.add(triple)
    return Graph().parse(data=held.serialize(format="nt"), format="nt")


def error_of(response: Any) -> str:
    body = response.json()
    assert set(body) == {"status", "error", "detail"} and body["status"] == response.status_code
    return str(body["error"])


# -- reading ---------------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # rdflib's JSON-LD parser
@pytest.mark.parametrize(
    ("headers", "params", "content_type", "rdflib_format"),
    [
        # no Accept: Turtle, written by the engine
        ({}, {}, "text/turtle; charset=utf-8", "turtle"),
        ({"accept": "application/n-triples"}, {}, "application/n-triples", "nt"),
        # JSON-LD and RDF/XML go through rdflib's serialisers
        ({"accept": "application/ld+json"}, {}, "application/ld+json", "json-ld"),
        ({"accept": "application/rdf+xml"}, {}, "application/rdf+xml", "xml"),
        # format= wins over Accept, as on /sparql
        ({"accept": "text/turtle"}, {"format": "nt"}, "application/n-triples", "nt"),
    ],
)
def test_get_a_graph_in_each_format(
    client: TestClient, store: EmbeddedStore, headers: dict[str, str], params: dict[str, str],
    content_type: str, rdflib_format: str,
) -> None:
    response = client.get("/store", params={"graph": SEED_GRAPH, **params}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == content_type
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == store.graph_length(SEED_GRAPH) > 400
    assert isomorphic(graph, stored(store, SEED_GRAPH))


@pytest.mark.parametrize(
    ("params", "status", "error"),
    [
        # a graph the store does not hold
        ({"graph": NEW_GRAPH + "-missing"}, 404, "not_found"),
        # no graph named at all, both ways at once, twice, or not an absolute IRI
        ({}, 400, "bad_request"),
        ({"graph": SEED_GRAPH, "default": ""}, 400, "bad_request"),
        ([("graph", SEED_GRAPH), ("graph", NEW_GRAPH)], 400, "bad_request"),
        ({"graph": "graph/E_CN.15_RES_22_7"}, 400, "bad_request"),
        # a format that is not RDF
        ({"graph": SEED_GRAPH, "format": "csv"}, 406, "not_acceptable"),
    ],
)
def test_get_errors(client: TestClient, params: Any, status: int, error: str) -> None:
    response = client.get("/store", params=params)
    assert response.status_code == status and error_of(response) == error


def test_get_the_default_graph_and_the_admin_graph(client: TestClient) -> None:
    # Ingest writes named graphs only: the store's default graph is empty.
    default = client.get("/store", params={"default": ""}, headers={"accept": "text/turtle"})
    assert default.status_code == 200 and len(Graph().parse(data=default.text)) == 0
    # The admin graph holds each graph's source digest and extractor version.
    meta = client.get("/store", params={"graph": META_GRAPH, "format": "nt"})
    keys = {str(p).rsplit(":", 1)[1] for p in Graph().parse(data=meta.text, format="nt")
            .predicates(URIRef(SEED_GRAPH))}
    assert {"sha256", "extractor_version"} <= keys


def test_head_answers_without_a_body(client: TestClient) -> None:
    response = client.head("/store", params={"graph": SEED_GRAPH})
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"


def test_a_graph_over_the_row_cap_is_whole_in_turtle_only() -> None:
    with seed_store() as small, TestClient(create_app(
            ":memory:", store=small, settings=Settings(max_rows=50))) as capped:
        whole = capped.get("/store", params={"graph": SEED_GRAPH, "format": "nt"})
        assert len(whole.text.splitlines()) == small.graph_length(SEED_GRAPH)
        refused = capped.get("/store", params={"graph": SEED_GRAPH, "format": "jsonld"})
    assert refused.status_code == 406 and "text/turtle" in refused.json()["detail"]


# -- writing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
@pytest.mark.parametrize(
    ("token", "authorization", "status", "error"),
    [
        # no token configured: writes are off
        (None, f"Bearer {TOKEN}", 403, "updates_disabled"),
        # no credentials, another scheme, a wrong token
        (TOKEN, None, 401, "unauthorized"),
        (TOKEN, f"Basic {TOKEN}", 401, "unauthorized"),
        (TOKEN, "Bearer not-the-token", 403, "forbidden"),
    ],
)
def test_writes_need_the_update_token(
    method: str, token: str | None, authorization: str | None, status: int, error: str
) -> None:
    headers = TURTLE | ({"authorization": authorization} if authorization else {})
    with seed_store() as own, TestClient(create_app(
            ":memory:", store=own, settings=Settings(update_token=token))) as guarded:
        response = guarded.request(method, "/store", params={"graph": SEED_GRAPH},
                                   content=SEED_TITLE.encode(), headers=headers)
        assert response.status_code == status and error_of(response) == error
        if status == 401:
            assert response.headers["www-authenticate"].startswith("Bearer")
        assert own.graph_length(SEED_GRAPH) > 400  # untouched


def test_put_post_delete_cycle(client: TestClient, store: EmbeddedStore) -> None:
    where = {"graph": NEW_GRAPH}
    created = client.put("/store", params=where, content=SEED_TITLE.encode(),
                         headers=TURTLE | BEARER)
    assert created.status_code == 201 and created.content == b""
    assert isomorphic(stored(store, NEW_GRAPH), Graph().parse(data=SEED_TITLE))
    assert store.graph_meta(NEW_GRAPH) == GRAPH_META
    # POST merges: the graph keeps what it had and gains the body's triples.
    merged = client.post("/store", params=where, content=RECALLED_TITLE.encode(),
                         headers=TURTLE | BEARER)
    assert merged.status_code == 204
    assert set(stored(store, NEW_GRAPH).subjects(TITLE)) == {R22_7, R65_230}
    assert store.graph_meta(NEW_GRAPH) == GRAPH_META
    # PUT replaces: only the new body is left.
    replaced = client.put("/store", params=where, content=RECALLED_TITLE.encode(),
                          headers=TURTLE | BEARER)
    assert replaced.status_code == 204
    assert set(stored(store, NEW_GRAPH).subjects(TITLE)) == {R65_230}
    assert client.delete("/store", params=where, headers=BEARER).status_code == 204
    assert not store.has_graph(NEW_GRAPH)
    gone = client.delete("/store", params=where, headers=BEARER)
    assert gone.status_code == 404 and error_of(gone) == "not_found"
    assert client.get("/store", params=where).status_code == 404


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # rdflib's JSON-LD parser
@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        # each body format, the same one triple: the seed's title
        ("application/n-triples",
         f'<{R22_7}> <{TITLE}> "Strengthening international cooperation to combat '
         'cybercrime"@en .'),
        ("application/ld+json",
         f'{{"@id": "{R22_7}", "{TITLE}": {{"@value": "Strengthening international cooperation '
         'to combat cybercrime", "@language": "en"}}'),
        ("application/rdf+xml",
         f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
         f'xmlns:dcterms="http://purl.org/dc/terms/"><rdf:Description rdf:about="{R22_7}">'
         '<dcterms:title xml:lang="en">Strengthening international cooperation to combat '
         "cybercrime</dcterms:title></rdf:Description></rdf:RDF>"),
        # relative IRIs resolve against the graph IRI
        ("text/turtle; charset=utf-8",
         '<../id/resolution/E_CN.15_RES_22_7> <http://purl.org/dc/terms/title> '
         '"Strengthening international cooperation to combat cybercrime"@en .'),
    ],
)
def test_put_reads_each_body_format(
    client: TestClient, store: EmbeddedStore, content_type: str, body: str
) -> None:
    graph = NEW_GRAPH + "-formats"
    response = client.put("/store", params={"graph": graph}, content=body.encode(),
                          headers={"content-type": content_type} | BEARER)
    try:
        assert response.status_code in (201, 204), response.text
        assert isomorphic(stored(store, graph), Graph().parse(data=SEED_TITLE))
    finally:
        store.drop_graph(graph)


@pytest.mark.parametrize(
    ("method", "params", "headers", "body", "status", "error"),
    [
        # writes take named graphs: not the default graph, not the admin graph
        ("PUT", {"default": ""}, TURTLE, SEED_TITLE, 400, "bad_request"),
        ("DELETE", {"default": ""}, {}, "", 400, "bad_request"),
        ("PUT", {"graph": META_GRAPH}, TURTLE, SEED_TITLE, 400, "bad_request"),
        # a body in no RDF format, or without a Content-Type
        ("PUT", {"graph": NEW_GRAPH}, {"content-type": "text/csv"}, "a,b", 415,
         "unsupported_media_type"),
        ("POST", {"graph": NEW_GRAPH}, {}, SEED_TITLE, 415, "unsupported_media_type"),
        # Turtle that does not parse: the statement lacks its final dot
        ("PUT", {"graph": SEED_GRAPH}, TURTLE, SEED_TITLE.rstrip(" .\n"), 400, "bad_request"),
        # a JSON-LD remote context is never fetched
        ("PUT", {"graph": NEW_GRAPH}, {"content-type": "application/ld+json"},
         '{"@context": "https://schema.org/", "@id": "urn:x", "name": "x"}', 400, "bad_request"),
        # too large a body
        ("PUT", {"graph": NEW_GRAPH}, TURTLE, "#" * (MAX_GRAPH_BYTES + 1), 413,
         "content_too_large"),
    ],
)
def test_write_errors_change_nothing(
    client: TestClient, store: EmbeddedStore, method: str, params: dict[str, str],
    headers: dict[str, str], body: str, status: int, error: str,
) -> None:
    before = len(store)
    response = client.request(method, "/store", params=params, content=body.encode(),
                              headers=headers | BEARER)
    assert response.status_code == status and error_of(response) == error, response.text
    assert len(store) == before and not store.has_graph(NEW_GRAPH)


def test_a_read_only_store_refuses_writes(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path) as writable:
        ingest_file(writable, SEED, Iris())
    with EmbeddedStore(tmp_path, read_only=True) as snapshot, TestClient(create_app(
            str(tmp_path), store=snapshot, settings=Settings(update_token=TOKEN))) as reader:
        response = reader.put("/store", params={"graph": SEED_GRAPH},
                              content=SEED_TITLE.encode(), headers=TURTLE | BEARER)
        assert response.status_code == 403 and error_of(response) == "read_only"
        assert reader.get("/store", params={"graph": SEED_GRAPH}).status_code == 200


# -- a real server, driven with curl ---------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # rdflib's JSON-LD parser
def test_curl_against_uvicorn(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with EmbeddedStore(folder) as writable:
        ingest_file(writable, SEED, Iris())
    body = tmp_path / "title.ttl"
    body.write_text(SEED_TITLE, encoding="utf-8")
    with serve(folder, UNKG_UPDATE_TOKEN=TOKEN, UNKG_QUERY_WORKERS="1") as server:
        workers = children(server.process.pid)
        url = f"{server.url}/store?graph={NEW_GRAPH}"
        put = ["-X", "PUT", url, "-H", "Content-Type: text/turtle", "--data-binary", f"@{body}"]
        assert curl(*put)[0] == 401
        assert curl(*put, "-H", f"Authorization: Bearer {TOKEN}")[0] == 201
        for accept, content_type, rdflib_format in [
            ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
            ("application/n-triples", "application/n-triples", "nt"),
            ("application/ld+json", "application/ld+json", "json-ld"),
            ("application/rdf+xml", "application/rdf+xml", "xml"),
        ]:
            status, received, graph = curl(url, "-H", f"Accept: {accept}")
            assert (status, received) == (200, content_type)
            parsed = Graph().parse(data=graph, format=rdflib_format)
            assert parsed.value(R22_7, TITLE) == Literal(
                "Strengthening international cooperation to combat cybercrime", lang="en")
        # The query workers see the new graph too.
        status, _, answer = curl("--get", f"{server.url}/sparql", "--data-urlencode",
                                 f"query=ASK {{ GRAPH <{NEW_GRAPH}> {{ ?s ?p ?o }} }}")
        assert status == 200 and b"true" in answer
        delete = ["-X", "DELETE", url, "-H", f"Authorization: Bearer {TOKEN}"]
        assert curl(*delete)[0] == 204
        assert curl(*delete)[:2] == (404, "application/json")
    # The query worker went away with the server.
    assert len(workers) == 1
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in workers):
        assert time.monotonic() < deadline, "a query worker outlived the server"
        time.sleep(0.05)
