"""Every named query as its own API route: callable with its parameters, typed in the OpenAPI
schema, validated (422 naming the parameter), answered as JSON rows or CSV.

The store holds the seed (CCPCJ resolution 22/7), S/RES/49 (1948) and S/RES/1454 (2002), through
the real pipeline (see tests/test_textindex.py).
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from unkg.api.app import create_app
from unkg.api.settings import Settings
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.named_queries import load_named_queries
from unkg.graph.store import Store

from tests.test_textindex import fill

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.corpus

A_RES_65_230 = "https://w3id.org/unkg/id/resolution/A_RES_65_230"
SEED = "https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7"

#: Each named query with real parameters, and a row its answer must hold (column -> value).
CASES: dict[str, tuple[dict[str, str], dict[str, Any] | None]] = {
    # CCPCJ sits under ECOSOC, a principal organ
    "bodies": ({}, {"acronym": "CCPCJ", "parentLabel": "Economic and Social Council"}),
    # p1 "Recalling General Assembly resolution 65/230 ..." cites it directly
    "cites-work-transitively": ({"work": A_RES_65_230}, {"resolution": SEED, "direct": True}),
    "cites-work": ({"work": f"<{A_RES_65_230}>"}, {"relation": "recalls", "pinpoint": None}),
    "co-cited-instruments": ({}, None),
    # footnote 2: "General Assembly resolution 65/230, annex, para. 42."
    "footnote-citations": ({"resolution": "E/CN.15/RES/22/7"},
                           {"marker": "2", "pinpoint": "annex, para. 42"}),
    # o3 "Invites Member States to continue to consider the problem of cybercrime ..."
    "mandates-by-body": ({"body": "CCPCJ"}, {"verb": "invites", "symbol": "E/CN.15/RES/22/7"}),
    "mandates-to-body": ({"body": "secretariat"}, {"verb": "requests"}),
    "meetings": ({}, None),
    "most-cited-instruments-by-body": ({}, None),
    "most-cited-works": ({}, None),
    "paragraphs-recalling": ({"work": A_RES_65_230},
                             {"relation": "recalls", "opening": "Recalling"}),
    "references-by-relation": ({"resolution": "E_CN.15_RES_22_7"}, {"relation": "bears-in-mind"}),
    # 49 cites 48, of the same series: its lineage
    "resolution-lineage": ({"resolution": "S/RES/49 (1948)"}, {"symbol": "S/RES/48 (1948)"}),
    "resolutions-by-body-in-years": ({"body": "sc", "from": "1948", "to": "1948"},
                                     {"symbol": "S/RES/49 (1948)", "from": 1948, "to": 1948}),
    "resolutions-per-body-per-year": ({}, {"year": 2002, "resolutions": 1}),
    "unresolved-items": ({}, None),
    "unresolved-passages": ({"resolution": "S_RES_49(1948)"}, None),
    "who-recalls": ({"resolution": "A/RES/65/230"}, {"recalledBy": SEED, "via": A_RES_65_230}),
    "works-cited-before": ({}, {"before": "1990-01-01",
                                "workLabel": "Charter of the United Nations"}),
}


def client_for(store: Store, settings: Settings | None = None) -> TestClient:
    app = create_app(":memory:", store=store, settings=settings or Settings())
    app.state.iris = Iris()
    return TestClient(app)


@pytest.fixture(scope="module")
def store(corpus: Path) -> Iterator[Store]:
    with EmbeddedStore.in_memory() as store:
        fill(store, corpus)
        yield store


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as client:
        yield client


def get(client: TestClient, url: str, status: int = 200,
        params: dict[str, str] | None = None) -> Any:
    response = client.get(url, params=params or {})
    assert response.status_code == status, (url, response.text[:500])
    return response


def test_every_query_file_has_a_case() -> None:
    assert set(CASES) == set(load_named_queries())


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_named_query_is_callable(client: TestClient, name: str) -> None:
    params, expected = CASES[name]
    response = get(client, f"/queries/{name}", params=params)
    answer = response.json()
    assert (answer["query"], answer["truncated"], response.headers["x-sparql-truncated"]) == (
        name, False, "false")
    assert answer["count"] == len(answer["rows"]) and answer["count"] > 0
    assert all(set(row) == set(answer["variables"]) for row in answer["rows"])
    if expected is not None:
        assert any(expected.items() <= row.items() for row in answer["rows"]), answer["rows"][:3]


def test_the_list_names_every_query_and_its_parameters(client: TestClient) -> None:
    listed = get(client, "/queries").json()
    assert listed["total"] == len(CASES)
    by_name = {q["name"]: q for q in listed["queries"]}
    assert by_name["who-recalls"]["href"] == "/queries/who-recalls"
    assert by_name["resolutions-by-body-in-years"]["params"] == [
        {"name": "body", "type": "body", "required": True, "default": None,
         "description": "The adopting body: a body key of the registry (ga, sc, ccpcj) or its "
                        "acronym"},
        {"name": "from", "type": "integer", "required": False, "default": "1946",
         "description": "The first year"},
        {"name": "to", "type": "integer", "required": False, "default": "9999",
         "description": "The last year"},
    ]


def test_each_query_is_its_own_typed_operation(client: TestClient) -> None:
    paths = get(client, "/openapi.json").json()["paths"]
    for name, query in load_named_queries().items():
        operation = paths[f"/queries/{name}"]["get"]
        assert operation["summary"] == query.title
        assert operation["tags"] == ["Named queries"]
        parameters = {p["name"]: p for p in operation["parameters"]}
        assert set(parameters) == {p.name for p in query.params} | {"format"}
        for param in query.params:
            assert parameters[param.name]["required"] is param.required
    in_years = paths["/queries/resolutions-by-body-in-years"]["get"]["parameters"]
    years = {p["name"]: p for p in in_years}
    assert years["from"]["schema"] == {"type": "integer", "default": 1946}
    before = paths["/queries/works-cited-before"]["get"]["parameters"]
    assert {"type": "string", "format": "date", "default": "1990-01-01"} in [
        p["schema"] for p in before]
    assert len({op["get"]["operationId"] for p, op in paths.items() if p.startswith("/queries/")}) \
        == len(CASES)


def test_csv_has_a_header_and_one_line_per_row(client: TestClient) -> None:
    response = get(client, "/queries/resolutions-by-body-in-years",
                   params={"body": "sc", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["body", "from", "to", "resolution", "symbol", "date", "title"]
    assert [row[4] for row in rows[1:]] == ["S/RES/49 (1948)", "S/RES/1454 (2002)"]


def test_the_row_cap_applies_and_says_so(store: Store) -> None:
    with client_for(store, Settings(max_rows=1)) as capped:
        response = get(capped, "/queries/mandates-by-body", params={"body": "ccpcj"})
        assert (response.json()["count"], response.json()["truncated"]) == (1, True)
        assert response.headers["x-sparql-truncated"] == "true"


@pytest.mark.parametrize(("url", "params", "names"), [
    ("/queries/who-recalls", {}, "query.resolution: required"),
    ("/queries/who-recalls", {"resolution": "65/230"}, "query.resolution:"),
    ("/queries/who-recalls", {"resolution": "A/RES/65/230", "symbol": "x"}, "query.symbol:"),
    ("/queries/resolutions-by-body-in-years", {"body": "sc", "from": "1948a"}, "query.from:"),
    ("/queries/resolutions-by-body-in-years", {"body": "S/RES"}, "query.body:"),
    ("/queries/works-cited-before", {"before": "1990-02-30"}, "query.before:"),
    ("/queries/cites-work", {"work": "A/RES/65/230"}, "query.work:"),
    ("/queries/bodies", {"format": "xml"}, "format:"),
])
def test_bad_parameters_are_named(client: TestClient, url: str, params: dict[str, str],
                                  names: str) -> None:
    answer = get(client, url, 422, params).json()
    assert (answer["status"], answer["error"]) == (422, "invalid_request")
    assert answer["detail"].startswith(names), answer["detail"]


def test_a_parameter_given_twice_is_refused(client: TestClient) -> None:
    response = client.get("/queries/who-recalls?resolution=A/RES/65/230&resolution=A/RES/67/189")
    assert response.status_code == 422 and "query.resolution: give it once" in response.text
    assert get(client, "/queries/no-such-query", 404).json()["error"] == "not_found"
