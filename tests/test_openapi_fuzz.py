"""Schemathesis over the whole OpenAPI schema: no 5xx, and every answer is what the schema says.

The application is the real one (:func:`unkg.api.app.create_app`) over the fixture store of
tests/test_browse.py: the seed (CCPCJ resolution 22/7) and four Security Council resolutions of
1948 from the OCR corpus that cite each other. Schemathesis reads the app's OpenAPI document
(what ``/openapi.json`` serves) and, for every operation in it, sends requests built from the
declared parameters (valid ones and, in the negative mode, invalid ones) and checks each response:

* ``not_a_server_error``: no 5xx, ever (a graph error is never a bare 500);
* ``status_code_conformance``: the status is one the operation documents;
* ``content_type_conformance``: the media type is one the operation documents for that status
  (``text/html``, ``text/turtle``, ``application/ld+json``, ``text/csv`` included);
* ``response_schema_conformance``: a JSON body validates against the declared schema (every error
  against the one error shape ``{status, error, detail}``);
* ``response_headers_conformance``: the documented headers are there;
* ``negative_data_rejection``: a request that breaks the schema is refused with a 4xx.

Left out, on purpose:

* ``positive_data_acceptance`` wants a 2xx for every schema-valid request, but most generated ids
  (``/resolutions/{id}`` with a random ``id``) name nothing in the store: 404 is the right answer;
* ``use_after_free`` and ``ensure_resource_availability`` follow a resource from the write that
  made it to the reads of it, through OpenAPI links, which this schema does not declare (the
  Graph Store's write-then-read is tests/test_graph_store_protocol.py's business);
* ``ignored_auth`` needs a declared security scheme; the update token is a bearer header that
  the schema does not declare as a scheme (writes are refused without it, which is checked);
* ``missing_required_header`` and ``unsupported_method``: no operation requires a header, and a
  method a path does not have is answered by Starlette (405, one error shape, pinned by
  tests/test_sparql_protocol.py); they check nothing of ours;
* ``max_response_time``: the machine is shared and noisy; latency is bench/api.py's business.

Nothing is excluded: every operation of the schema runs, writes included, twice over:

* against the fixture store with the default settings: ``UNKG_UPDATE_TOKEN`` is unset, so SPARQL
  Update (``POST /sparql`` with ``update``) and the Graph Store writes (``PUT``/``POST``/``DELETE
  /store``) are refused with 403 ``updates_disabled`` (or a 4xx for a malformed request, checked
  first), and the fixture store stays as it is, so every read sees the same data;
* the writing operations once more against a store of their own with an update token, sending it,
  so that writes really happen (graphs created, replaced, extended, dropped; updates run) and
  their answers are checked too. Reads never see that store.

The parameter examples of the schema (the seed's symbol, ``salvador-declaration``, ``ccpcj``,
``format=turtle`` ...) make the fuzzer reach real resources in every representation, not only
404s. ``GET /sparql`` and ``POST /sparql`` queries are random text, so they mostly test the
refusals (400); tests/test_sparql_protocol.py covers real queries.

The run is bounded and deterministic: a fixed number of examples per operation, derandomized, no
example database, so CI sees the same requests every time: about 1,900 requests, 20 s of CPU
(45 s of wall time on the shared, loaded 2-core machine this was written on).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from unkg.api.app import create_app
from unkg.api.settings import Settings
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.store import Store

from tests.test_browse import SC_TEXTS, SEED, ingest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

pytestmark = pytest.mark.corpus

# The bodies of POST /sparql and of the Graph Store writes are text in these media types: send the
# generated strings as they are (schemathesis knows JSON, XML, text/plain and forms itself).
schemathesis.serializer.alias(
    ["application/sparql-query", "application/sparql-update", "text/turtle",
     "application/turtle", "application/x-turtle", "application/n-triples"],
    "text/plain")

#: Requests per operation and generation phase: enough to reach every parameter's edge cases
#: (schemathesis adds the boundary values of each declared constraint), small enough for CI.
EXAMPLES = 10

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def fuzz_store(corpus: Any) -> Iterator[Store]:
    with EmbeddedStore.in_memory() as store:
        ingest(store, SEED)
        for name in SC_TEXTS:
            ingest(store, corpus / "text" / "unsc-1946-1994" / name)
        yield store


#: The schema, read from the application's own OpenAPI document (building it opens no store).
#: Loaded here rather than from a fixture: schemathesis' lazy ``from_fixture`` loader does not run
#: under pytest 9 (it sets ``node._nodeid``, which pytest 9 no longer has).
SCHEMA: dict[str, Any] = create_app(":memory:", settings=Settings()).openapi()
schema = schemathesis.openapi.from_dict(SCHEMA)


@pytest.fixture(scope="module")
def app(fuzz_store: Store) -> FastAPI:
    """The application the requests go to (through ASGI), over the fixture store."""
    application: FastAPI = create_app(":memory:", store=fuzz_store, settings=Settings())
    application.state.iris = Iris()  # the default base, whatever UNKG_BASE_IRI says
    assert application.openapi() == SCHEMA  # the schema fuzzed is this application's
    return application


#: Deterministic and bounded; no deadline and no health checks, whose timings a loaded CI machine
#: would turn into failures that say nothing about the API.
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_every_operation_answers_what_the_schema_says(app: FastAPI, case: Any) -> None:
    case.call_and_validate(app=app, checks=CHECKS)


# -- content negotiation -------------------------------------------------------------------------

#: One real request per GET operation that reads the store (the fuzzer sends no ``Accept``).
READS = [
    ("/resolutions", {}, {"body": "sc"}),
    ("/resolutions/{id}", {"id": "E_CN.15_RES_22_7"}, {}),        # the seed, ingested
    ("/resolutions/{id}", {"id": "A_RES_65_230"}, {}),            # known only as cited
    ("/resolutions/{id}/references", {"id": "E_CN.15_RES_22_7"}, {}),
    ("/resolutions/{id}/cited-by", {"id": "S_RES_43(1948)"}, {}),
    ("/documents/{id}", {"id": "A_RES_65_230"}, {}),
    ("/instruments/{key}", {"key": "salvador-declaration"}, {}),
    ("/bodies/{key}", {"key": "ccpcj"}, {}),
    ("/graph/neighbourhood/{id}", {"id": "S_RES_48(1948)"}, {"depth": 2}),
    ("/graph/path", {}, {"from": "S_RES_49(1948)", "to": "S_RES_43(1948)"}),
    ("/graph/lineage/{id}", {"id": "S_RES_49(1948)"}, {}),
    ("/search", {}, {"q": "cybercrime"}),
    ("/queries/who-recalls", {}, {"resolution": "A/RES/65/230"}),
    ("/.well-known/void", {}, {}),
    ("/store", {}, {"graph": "https://w3id.org/unkg/graph/E_CN.15_RES_22_7"}),
    ("/sparql", {}, {"query": "SELECT ?s WHERE { ?s a ?type } LIMIT 2"}),
    ("/sparql", {}, {"query": "CONSTRUCT WHERE { ?s a ?type } LIMIT 2"}),
    ("/sparql", {}, {}),                                           # the service description
]
#: What browsers, RDF clients, spreadsheets and odd clients ask for.
ACCEPTS = ["text/html,application/xhtml+xml,*/*;q=0.8", "application/ld+json", "text/turtle",
           "text/csv", "application/sparql-results+xml", "application/json;q=0.1, */*",
           "image/png"]


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize(("path", "path_parameters", "query"), READS)
def test_every_representation_negotiated_is_declared(
    app: FastAPI, path: str, path_parameters: dict[str, Any], query: dict[str, Any], accept: str
) -> None:
    case = schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
    response = case.call_and_validate(app=app, headers={"Accept": accept}, checks=CHECKS)
    assert response.request.headers["Accept"] == accept
    # the request names something real: only the representation may be refused (406), or the
    # query missing (400: GET /sparql without one, unless RDF or the page is asked for)
    assert response.status_code in (200, 400, 406), response.text[:300]
    assert response.status_code != 400 or "query" not in query


# -- writes, with the update token ---------------------------------------------------------------

TOKEN = "fuzz-token"
#: Named graphs the writes may target besides the generated (mostly not IRI) values: a new one,
#: and the seed's.
GRAPHS = ("https://w3id.org/unkg/graph/fuzz", "https://w3id.org/unkg/graph/E_CN.15_RES_22_7")
writes = schemathesis.openapi.from_dict(SCHEMA).include(method=["POST", "PUT", "DELETE"])


@writes.hook
def flatmap_query(context: Any, query: dict[str, Any] | None) -> Any:
    """A generated ``graph`` is rarely an absolute IRI (400): two times in three, name a real
    graph instead."""
    if not query or "graph" not in query:
        return st.just(query)
    return st.sampled_from([query, *({**query, "graph": graph} for graph in GRAPHS)])


@pytest.fixture(scope="module")
def writable_app() -> Iterator[FastAPI]:
    """The application over a store of its own (the seed only), with updates turned on."""
    with EmbeddedStore.in_memory() as store:
        ingest(store, SEED)
        application = create_app(":memory:", store=store, settings=Settings(update_token=TOKEN))
        application.state.iris = Iris()
        yield application


@writes.parametrize()
@FUZZ
def test_every_write_with_the_token_answers_what_the_schema_says(
    writable_app: FastAPI, case: Any
) -> None:
    case.call_and_validate(app=writable_app, headers={"Authorization": f"Bearer {TOKEN}"},
                           checks=CHECKS)


# -- the schema itself ---------------------------------------------------------------------------


def test_every_documented_error_has_the_one_shape() -> None:
    error = {"$ref": "#/components/schemas/ErrorBody"}
    for path, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert response["content"] == {"application/json": {"schema": error}}, (
                        method, path, status)
    shape = SCHEMA["components"]["schemas"]["ErrorBody"]
    assert shape["required"] == ["status", "error", "detail"]
    # FastAPI's own 422 shape ({"detail": [...]}) is never sent, so it is never documented
    assert "HTTPValidationError" not in SCHEMA["components"]["schemas"]


def test_operation_ids_are_unique() -> None:
    # GET and HEAD /store share one route, which FastAPI gives one id
    ids = [operation["operationId"] for operations in SCHEMA["paths"].values()
           for operation in operations.values()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("path", "method", "statuses", "media"), [
    # a resource route: four representations, and 404 for a name the store does not know
    ("/resolutions/{id}", "get", {"200", "404", "406", "422", "503"},
     {"application/json", "application/ld+json", "text/turtle", "text/html"}),
    # the list: JSON or a page for people
    ("/resolutions", "get", {"200", "406", "422", "503"}, {"application/json", "text/html"}),
    # the IRI form redirects
    ("/id/{kind}/{id}", "get", {"303", "404", "422"}, set()),
    # the JSON-LD context is JSON-LD
    ("/context.jsonld", "get", {"200"}, {"application/ld+json"}),
    # a named query: JSON rows or CSV
    ("/queries/who-recalls", "get", {"200", "422", "503"}, {"application/json", "text/csv"}),
    # search without a text index is 501
    ("/search", "get", {"200", "406", "422", "501", "503"}, {"application/json"}),
])
def test_routes_declare_their_statuses_and_media_types(
    path: str, method: str, statuses: set[str], media: set[str]
) -> None:
    responses = SCHEMA["paths"][path][method]["responses"]
    assert set(responses) == statuses
    first = min(responses)
    assert set(responses[first].get("content", {})) == media
