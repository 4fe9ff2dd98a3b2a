"""``GET /search`` through HTTP, over the seed and two Security Council resolutions.

The store is the one of tests/test_textindex.py: CCPCJ resolution 22/7 (cybercrime), S/RES/49
(1948) (the truce in Palestine) and S/RES/1454 (2002) ("Where n>3, the chemical will be referred
for review"), each through the real pipeline.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from unkg.api.app import create_app
from unkg.api.settings import Settings
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.store import Store

from tests.test_textindex import SC_FOLDER, fill, ingest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.corpus


def client_for(store: Store) -> TestClient:
    app = create_app(":memory:", store=store, settings=Settings())
    app.state.iris = Iris()
    return TestClient(app)


@pytest.fixture(scope="module")
def client(corpus: Path) -> Iterator[TestClient]:
    with EmbeddedStore.in_memory() as store, client_for(store) as client:
        fill(store, corpus)
        yield client


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    return response.json()


def test_a_hit_names_the_paragraph_its_resolution_and_body(client: TestClient) -> None:
    answer = get(client, "/search?q=cybercrime")
    assert (answer["q"], answer["total"], answer["count"], answer["next"]) == (
        "cybercrime", 7, 7, None)
    hit = answer["hits"][0]
    assert set(hit) == {"paragraph", "kind", "resolution", "body", "year", "snippet", "score"}
    assert hit["resolution"] == {"iri": "https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7",
                                 "symbol": "E/CN.15/RES/22/7",
                                 "href": "/resolutions/E_CN.15_RES_22_7"}
    assert hit["body"] == {"key": "ccpcj", "href": "/bodies/ccpcj"}
    paragraph = hit["paragraph"]
    assert paragraph["href"] == f"/resolutions/E_CN.15_RES_22_7#{paragraph['id']}"
    assert paragraph["iri"].endswith("/" + paragraph["id"])
    assert "<mark>cybercrime</mark>" in hit["snippet"]
    assert [h["score"] for h in answer["hits"]] == sorted(
        (h["score"] for h in answer["hits"]), reverse=True)


def test_footnotes_and_html_in_the_text(client: TestClient) -> None:
    # footnote 2 of the seed: "General Assembly resolution 65/230, annex, para. 42."
    footnote = get(client, "/search?q=65/230&kind=footnote")["hits"]
    assert [(h["paragraph"]["id"], h["kind"]) for h in footnote] == [("fn/2", "footnote")]
    # S/RES/1454 (2002) o5: "Where n>3, the chemical will be referred for review"
    hit = get(client, "/search?q=%22n%3E3%22")["hits"][0]
    assert (hit["resolution"]["symbol"], hit["paragraph"]["id"], hit["year"]) == (
        "S/RES/1454 (2002)", "o5", 2002)
    assert "<mark>n&gt;3</mark>" in hit["snippet"]


@pytest.mark.parametrize(("query", "total", "symbols"), [
    ("q=resolution&body=SC", 18, {"S/RES/49 (1948)", "S/RES/1454 (2002)"}),   # acronym, any case
    ("q=resolution&body=sc&year=1948", 3, {"S/RES/49 (1948)"}),
    ("q=truce%20OR%20cybercrime&kind=operative", 5, {"S/RES/49 (1948)", "E/CN.15/RES/22/7"}),
    ("q=%22Member%20States%22&body=ccpcj", 6, {"E/CN.15/RES/22/7"}),
    ("q=cybercrime&year=1948", 0, set()),
])
def test_filters(client: TestClient, query: str, total: int, symbols: set[str]) -> None:
    answer = get(client, f"/search?{query}&limit=100")
    assert answer["total"] == total
    assert {h["resolution"]["symbol"] for h in answer["hits"]} == symbols


def test_pages_follow_next_to_the_end(client: TestClient) -> None:
    whole = [h["paragraph"]["iri"] for h in get(client, "/search?q=cybercrime")["hits"]]
    seen, url = [], "/search?q=cybercrime&limit=3"
    while url:
        page = get(client, url)
        assert page["total"] == 7 and page["count"] <= 3
        seen += [h["paragraph"]["iri"] for h in page["hits"]]
        url = page["next"]
    assert seen == whole


def test_the_hits_follow_the_store(corpus: Path) -> None:
    with EmbeddedStore.in_memory() as store, client_for(store) as client:
        fill(store, corpus)
        assert get(client, "/search?q=truce")["total"] == 2
        graph = ingest(store, corpus / SC_FOLDER / "S_RES_0048_1948_EN_GOLD.txt")
        assert "S/RES/48 (1948)" in {
            h["resolution"]["symbol"] for h in get(client, "/search?q=truce")["hits"]}
        store.drop_graph(graph)
        assert get(client, "/search?q=truce")["total"] == 2


@pytest.mark.parametrize(("url", "status", "names"), [
    ("/search", 422, "q"),                                     # q is required
    ("/search?q=", 422, "q"),                                  # and not empty
    ("/search?q=%22cybercrime", 422, "q: a double quote"),     # an unclosed phrase
    ("/search?q=OR", 422, "q: OR needs"),
    ("/search?q=...", 422, "q: give at least one word"),
    ("/search?q=a&kind=preamble", 422, "kind"),
    ("/search?q=a&year=1800", 422, "year"),
    ("/search?q=a&limit=0", 422, "limit"),
    ("/search?q=a&body=S%2FRES", 422, "body:"),
    ("/search?q=a&cursor=nonsense", 422, "cursor:"),
    ("/search?q=a&format=turtle", 406, "application/json"),
])
def test_bad_parameters_are_named(client: TestClient, url: str, status: int, names: str) -> None:
    answer = get(client, url, status)
    assert set(answer) == {"status", "error", "detail"} and answer["status"] == status
    assert names in answer["detail"]


def test_a_closed_store_is_never_a_bare_500() -> None:
    store = EmbeddedStore.in_memory()
    with client_for(store) as client:
        store.close()
        answer = get(client, "/search?q=cybercrime", 500)
        assert answer["error"] == "store_error"


def test_search_is_in_the_openapi_schema(client: TestClient) -> None:
    operation = get(client, "/openapi.json")["paths"]["/search"]["get"]
    names = {p["name"]: p for p in operation["parameters"]}
    assert {"q", "body", "year", "kind", "limit", "cursor"} <= set(names)
    assert names["q"]["required"] is True
    assert operation["tags"] == ["Search"]
