"""The browsing API, checked the way a user walks it: through HTTP, over real resolutions.

The store holds what the real pipeline makes of the seed (CCPCJ resolution 22/7, which recalls
General Assembly resolutions 65/230 and 67/189, never ingested) and of four Security Council
resolutions of 1948 from the OCR corpus that cite each other: 49 cites 48, 48 cites 46, 46 cites
43. Every route is called through FastAPI's TestClient; the curl examples of docs/api.md are run
too, so the documentation cannot go stale.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from unkg.api.app import create_app
from unkg.api.settings import Settings
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.projection import CitationGraphCache
from unkg.graph.store import Store

from unkg import EXTRACTOR_VERSION

with warnings.catch_warnings():
    # Starlette nudges towards httpx2, which is not installed; the TestClient works as it is.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "api.md"
SEED = ROOT / "data" / "ccpcj-resolution-22-7.txt"
SC_TEXTS = ("S_RES_0043_1948_EN_GOLD.txt", "S_RES_0046_1948_EN_GOLD.txt",
            "S_RES_0048_1948_EN_GOLD.txt", "S_RES_0049_1948_EN_GOLD.txt")
WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
RES = "https://w3id.org/unkg/id/resolution/"
SEED_IRI = RES + "E_CN.15_RES_22_7"
SC = {n: RES + f"S_RES_{n}(1948)" for n in (43, 46, 48, 49)}

pytestmark = pytest.mark.corpus


def ingest(store: Store, path: Path) -> None:
    """Parse one file with the real pipeline and write its graph, as `unkg ingest` does."""
    from unkg.ingest.pipeline import parse_file
    from unkg.ingest.to_rdf import graph_slug, resolution_to_rdf

    resolution = parse_file(path)
    triples = resolution_to_rdf(resolution, Iris(), generated_at=WHEN)
    store.replace_graph(Iris().graph(graph_slug(resolution)), triples)


def client_for(store: Store) -> TestClient:
    app = create_app(":memory:", store=store, settings=Settings())
    app.state.iris = Iris()  # the default base, whatever UNKG_BASE_IRI says
    return TestClient(app)


@pytest.fixture(scope="module")
def store(corpus: Path) -> Iterator[Store]:
    with EmbeddedStore.in_memory() as store:
        ingest(store, SEED)
        for name in SC_TEXTS:
            ingest(store, corpus / "text" / "unsc-1946-1994" / name)
        yield store


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as client:
        yield client


def get(client: TestClient, url: str, status: int = 200, **kwargs: Any) -> Any:
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.text[:500])
    return response.json()


# -- resolutions ---------------------------------------------------------------------------------


def test_the_seed_has_its_paragraphs_in_order_and_provenance(client: TestClient) -> None:
    seed = get(client, "/resolutions/E_CN.15_RES_22_7")
    assert (seed["symbol"], seed["number"], seed["ingested"]) == ("E/CN.15/RES/22/7", "22/7", True)
    assert seed["title"] == "Strengthening international cooperation to combat cybercrime"
    assert seed["body"]["key"] == "ccpcj" and seed["body"]["href"] == "/bodies/ccpcj"
    assert seed["undocs"] == "https://undocs.org/E/CN.15/RES/22/7"
    # 5 preambular paragraphs, then 8 operative ones, in document order
    assert [p["id"] for p in seed["paragraphs"]] == [
        "p1", "p2", "p3", "p4", "p5", "o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8"]
    p1, o4 = seed["paragraphs"][0], seed["paragraphs"][8]
    assert p1["kind"] == "preambular" and p1["opening"] == "Recalling"
    assert p1["text"].startswith("Recalling General Assembly resolution 65/230 of 21 December 2010")
    assert (p1["references"][0]["relation"], p1["references"][0]["work"]["symbol"]) == (
        "recalls", "A/RES/65/230")
    assert o4["number"] == "4" and o4["mandates"][0]["verb"] == "requests"
    assert o4["mandates"][0]["addressee"]["key"] == "secretariat"
    # the footnotes, each on the operative paragraph carrying its marker
    assert [(n["marker"], n["paragraph"]) for n in seed["footnotes"]] == [("1", "o3"), ("2", "o5")]
    assert seed["paragraphs"][7]["footnotes"] == ["1"]
    assert seed["footnotes"][1]["references"][0]["pinpoint"] == "annex, para. 42"
    provenance = seed["provenance"]
    assert provenance["source"]["sha256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert provenance["source"]["path"].endswith("ccpcj-resolution-22-7.txt")
    assert provenance["extractor_version"] == EXTRACTOR_VERSION
    assert provenance["graph"] == "https://w3id.org/unkg/graph/E_CN.15_RES_22_7"
    assert provenance["generated_at"].startswith("2024-05-01T12:00:00")
    assert seed["subjects"] == []
    assert seed["unresolved"]["count"] == len(seed["unresolved"]["items"])
    assert seed["links"]["cited_by"] == "/resolutions/E_CN.15_RES_22_7/cited-by"


@pytest.mark.parametrize("path", [
    "/resolutions/E_CN.15_RES_22_7",            # the slug
    "/resolutions/E/CN.15/RES/22/7",            # the full symbol, as it is
    "/resolutions/E%2FCN.15%2FRES%2F22%2F7",    # the full symbol, URL-encoded
    "/resolutions/e_cn.15_res_22_7",            # any case
])
def test_a_resolution_is_named_by_slug_or_symbol(client: TestClient, path: str) -> None:
    assert get(client, path)["id"] == "E_CN.15_RES_22_7"


@pytest.mark.parametrize(("path", "slug"), [
    ("/resolutions/S_RES_43(1948)", "S_RES_43(1948)"),           # the slug of an old SC symbol
    ("/resolutions/S%2FRES%2F43%20(1948)", "S_RES_43(1948)"),   # its symbol, space and all
    ("/resolutions/S/RES/43 (1948)/cited-by", None),             # a sub-route with the symbol
])
def test_old_security_council_symbols_round_trip(client: TestClient, path: str,
                                                 slug: str | None) -> None:
    answer = get(client, path)
    assert (answer.get("id") or answer["work"]["id"]) == "S_RES_43(1948)"
    if slug:
        assert answer["href"] == f"/resolutions/{slug}"


def test_references_are_grouped_by_relation(client: TestClient) -> None:
    answer = get(client, "/resolutions/E_CN.15_RES_22_7/references")
    groups = {group["relation"]: group for group in answer["relations"]}
    # "Recalling General Assembly resolution 65/230 ...", "Recalling also ... resolution 67/189"
    recalled = [work["symbol"] for work in groups["recalls"]["works"] if work["symbol"]]
    assert recalled == ["A/RES/65/230", "A/RES/67/189"]
    # "Bearing in mind ... the Salvador Declaration" (p3)
    declaration = groups["bears-in-mind"]["works"][0]
    assert declaration["href"] == "/instruments/salvador-declaration"
    assert declaration["citations"][0]["paragraph"] == "p3"
    # "Takes note of the comprehensive study on cybercrime" (o1)
    assert groups["takes-note-of"]["works"][0]["type"] == "Report"
    assert answer["total"] == sum(g["count"] for g in answer["relations"])


def test_cited_by_gives_the_citing_paragraphs_text(client: TestClient) -> None:
    answer = get(client, "/resolutions/A_RES_65_230/cited-by")
    assert (answer["total"], answer["work"]["ingested"]) == (1, False)
    citing = answer["cited_by"][0]
    assert citing["symbol"] == "E/CN.15/RES/22/7"
    by_paragraph = {c["paragraph"]: c for c in citing["citations"]}
    assert by_paragraph["p1"]["text"].startswith(
        "Recalling General Assembly resolution 65/230 of 21 December 2010, in which the Assembly "
        "endorsed the Salvador Declaration")
    assert (by_paragraph["p1"]["relation"], by_paragraph["p1"]["kind"]) == ("recalls", "preambular")
    # footnote 2: "General Assembly resolution 65/230, annex, para. 42."
    assert by_paragraph["fn/2"]["kind"] == "footnote"
    assert by_paragraph["fn/2"]["pinpoint"] == "annex, para. 42"


def test_a_page_lists_who_cites_it_as_the_cited_by_route_does(client: TestClient,
                                                               store: Store) -> None:
    # The page reads fewer values per citation than /cited-by (no text, title...): the list it
    # shows must still be the one the full rows give, for every cited resolution in the store.
    cited = sorted({str(row[0]) for row in store.query(
        "SELECT DISTINCT ?symbol { GRAPH ?g { ?r <https://w3id.org/unkg/ontology#citedWork> ?w . "
        "?w <http://purl.org/dc/terms/identifier> ?symbol } }").rows})
    resolutions = [symbol for symbol in cited if "/RES/" in symbol]
    assert len(resolutions) >= 5
    for symbol in resolutions:
        page = get(client, f"/resolutions/{quote(symbol, safe='')}")
        full = get(client, f"/resolutions/{quote(symbol, safe='')}/cited-by")
        assert page["cited_by"] == [
            {key: entry[key] for key in ("iri", "symbol", "href", "relations")}
            | {"paragraphs": list(dict.fromkeys(c["paragraph"] for c in entry["citations"]))}
            for entry in full["cited_by"]], symbol


def test_a_cited_resolution_never_ingested_serves_what_is_known(client: TestClient) -> None:
    cited = get(client, "/resolutions/A_RES_65_230")
    assert (cited["ingested"], cited["symbol"]) == (False, "A/RES/65/230")
    assert cited["undocs"] == "https://undocs.org/A/RES/65/230"
    assert cited["date"] == "2010-12-21"  # "of 21 December 2010", as the seed cites it
    assert cited["cited_by"][0]["href"] == "/resolutions/E_CN.15_RES_22_7"
    assert cited["cited_by"][0]["paragraphs"] == ["p1", "fn/2"]
    assert "paragraphs" not in cited
    empty = get(client, "/resolutions/A_RES_65_230/references")
    assert (empty["total"], empty["relations"], empty["resolution"]["ingested"]) == (0, [], False)


def test_the_list_filters_pages_and_counts(client: TestClient) -> None:
    everything = get(client, "/resolutions")
    assert everything["total"] == 5 and everything["next_cursor"] is None
    # newest first; the seed, whose text gives no date, last
    assert [i["symbol"] for i in everything["items"]] == [
        "S/RES/49 (1948)", "S/RES/48 (1948)", "S/RES/46 (1948)", "S/RES/43 (1948)",
        "E/CN.15/RES/22/7"]
    assert get(client, "/resolutions?body=sc")["total"] == 4
    assert get(client, "/resolutions?body=CCPCJ")["items"][0]["id"] == "E_CN.15_RES_22_7"
    assert get(client, "/resolutions?year=1948&body=sc")["total"] == 4
    assert get(client, "/resolutions?year=2013")["total"] == 0
    assert [i["id"] for i in get(client, "/resolutions?q=CyberCrime")["items"]] == [
        "E_CN.15_RES_22_7"]
    # two at a time: every resolution once, in the same order, then no cursor
    seen, url = [], "/resolutions?limit=2"
    while url:
        page = get(client, url)
        assert page["total"] == 5 and page["count"] <= 2
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert seen == [item["id"] for item in everything["items"]]


# -- documents, instruments, bodies --------------------------------------------------------------


def test_a_body_has_its_hierarchy_and_mandates(client: TestClient) -> None:
    ccpcj = get(client, "/bodies/ccpcj")
    assert (ccpcj["type"], ccpcj["acronym"]) == ("FunctionalCommission", "CCPCJ")
    assert [p["key"] for p in ccpcj["parents"]] == ["ecosoc"]
    group = "expert-group-to-conduct-a-comprehensive-study-on-cybercrime"
    assert [c["key"] for c in ccpcj["children"]] == [group]
    assert [c["key"] for c in ccpcj["established"]] == [group]
    assert ccpcj["resolutions_adopted"] == {"count": 1, "href": "/resolutions?body=ccpcj"}
    given = ccpcj["mandates_given"]
    assert given["total"] == 8
    # o3 "Invites Member States to continue to consider the problem of cybercrime ..."
    assert (given["items"][0]["paragraph"], given["items"][0]["verb"]) == ("o3", "invites")
    assert given["items"][0]["addressee"]["key"] == "member-states"
    assert get(client, "/bodies/CCPCJ?limit=2")["mandates_given"]["total"] == 8
    assert len(get(client, "/bodies/CCPCJ?limit=2")["mandates_given"]["items"]) == 2
    expert_group = get(client, f"/bodies/{group}")
    assert expert_group["established_by"]["key"] == "ccpcj"
    assert [p["key"] for p in expert_group["parents"]] == ["ccpcj", "ecosoc"]
    # o5 "Requests the Expert Group to continue its work ..." and o8 "... to report"
    assert [m["paragraph"] for m in expert_group["mandates_received"]["items"]] == [
        "o5", "o6", "o8"]
    secretariat = get(client, "/bodies/secretariat")["mandates_received"]["items"]
    assert secretariat[0]["action"].startswith("to translate the comprehensive study")


def test_an_instrument_and_a_document_list_who_cites_them(client: TestClient) -> None:
    declaration = get(client, "/instruments/salvador-declaration")
    assert (declaration["type"], declaration["cited_by_total"]) == ("Declaration", 1)
    assert declaration["carried_by"]["symbol"] == "A/RES/65/230"
    paragraphs = [c["paragraph"] for c in declaration["cited_by"][0]["citations"]]
    assert paragraphs == ["p1", "p1", "p3"]
    study = get(client, "/documents/UNODC_CCPCJ_EG.4_2011_3")
    assert (study["type"], study["ingested"], study["resolution"]) == ("Document", False, None)
    assert study["cited_by"][0]["paragraphs"] == ["fn/1"]
    assert "cited_by" not in study["links"]
    ingested = get(client, "/documents/S_RES_48(1948)")
    assert (ingested["ingested"], ingested["resolution"]) == (True, "/resolutions/S_RES_48(1948)")


# -- the graph -----------------------------------------------------------------------------------


def test_the_neighbourhood_is_cytoscape_json(client: TestClient) -> None:
    answer = get(client, "/graph/neighbourhood/S_RES_48(1948)")
    elements = answer["elements"]
    assert set(elements) == {"nodes", "edges"}
    for node in elements["nodes"]:
        assert {"id", "label", "type"} <= set(node["data"])
    for edge in elements["edges"]:
        assert {"id", "source", "target", "relation"} <= set(edge["data"])
    depths = {n["data"]["id"]: n["data"]["depth"] for n in elements["nodes"]}
    assert depths == {SC[48]: 0, SC[46]: 1, SC[49]: 1}
    pairs = {(e["data"]["source"], e["data"]["target"]) for e in elements["edges"]}
    assert pairs == {(SC[49], SC[48]), (SC[48], SC[46])}
    two = get(client, "/graph/neighbourhood/S%2FRES%2F48%20(1948)?depth=2")["elements"]["nodes"]
    assert {n["data"]["id"] for n in two} == set(SC.values())


def test_the_neighbourhood_follows_one_relation(client: TestClient) -> None:
    answer = get(client, "/graph/neighbourhood/E_CN.15_RES_22_7?relation=recalls")
    edges = answer["elements"]["edges"]
    assert {e["data"]["relation"] for e in edges} == {"recalls"}
    labels = {n["data"]["label"] for n in answer["elements"]["nodes"]}
    assert {"A/RES/65/230", "A/RES/67/189", "E/CN.15/RES/22/7"} <= labels
    assert "UNODC/CCPCJ/EG.4/2011/3" not in labels  # cited in a footnote, without "Recalling"
    instrument = get(client, "/graph/neighbourhood/salvador-declaration")
    assert instrument["root"]["href"] == "/instruments/salvador-declaration"


def test_shortest_paths_between_two_security_council_resolutions(client: TestClient) -> None:
    answer = get(client, "/graph/path?from=S_RES_49(1948)&to=S_RES_43(1948)")
    assert answer["length"] == 3
    assert answer["paths"][0]["nodes"] == [SC[49], SC[48], SC[46], SC[43]]
    assert [(s["source"], s["target"]) for s in answer["paths"][0]["steps"]] == [
        (SC[49], SC[48]), (SC[48], SC[46]), (SC[46], SC[43])]
    assert len(answer["elements"]["edges"]) == 3
    # 43 cites nothing, so following citations it reaches nobody; either way it is 3 steps
    backwards = get(client, "/graph/path?from=S_RES_43(1948)&to=S_RES_49(1948)&directed=true")
    assert (backwards["paths"], backwards["length"]) == ([], None)
    assert get(client, "/graph/path?from=S_RES_43(1948)&to=S_RES_49(1948)")["length"] == 3
    # no path at all between the seed and the Security Council: an empty answer, not an error
    assert get(client, "/graph/path?from=E_CN.15_RES_22_7&to=S_RES_49(1948)")["paths"] == []


def test_lineage_is_the_chain_of_earlier_resolutions_of_the_same_body(client: TestClient) -> None:
    answer = get(client, "/graph/lineage/S_RES_49(1948)")
    assert answer["body"] == "sc"
    assert [(s["symbol"], s["depth"]) for s in answer["lineage"]] == [
        ("S/RES/48 (1948)", 1), ("S/RES/46 (1948)", 2), ("S/RES/43 (1948)", 3)]
    assert answer["lineage"][2]["cited_by"] == SC[46]
    assert len(answer["elements"]["edges"]) == 3
    # the seed cites General Assembly resolutions only: another body, no lineage
    assert get(client, "/graph/lineage/E_CN.15_RES_22_7")["lineage"] == []


def test_the_citation_graph_is_rebuilt_when_the_store_changes(corpus: Path) -> None:
    folder = corpus / "text" / "unsc-1946-1994"
    with EmbeddedStore.in_memory() as store, client_for(store) as client:
        ingest(store, folder / SC_TEXTS[1])  # 46
        ingest(store, folder / SC_TEXTS[2])  # 48, citing 46
        before = get(client, "/graph/neighbourhood/S_RES_48(1948)")["elements"]["nodes"]
        assert {n["data"]["id"] for n in before} == {SC[46], SC[48]}
        assert get(client, "/resolutions")["total"] == 2
        generation = store.generation
        ingest(store, folder / SC_TEXTS[3])  # 49, citing 48
        assert store.generation == generation + 1
        after = get(client, "/graph/neighbourhood/S_RES_48(1948)")["elements"]["nodes"]
        assert {n["data"]["id"] for n in after} == {SC[46], SC[48], SC[49]}
        assert get(client, "/resolutions")["total"] == 3
        store.drop_graph(Iris().graph("S_RES_46(1948)"))
        assert store.generation == generation + 2
        # 46 is still a node: 48 cites it, but its own graph is gone
        node = get(client, "/graph/neighbourhood/S_RES_46(1948)")["root"]
        assert node["href"] == "/resolutions/S_RES_46(1948)"
        cache = CitationGraphCache()
        assert cache.get(store, Iris()) is cache.get(store, Iris())


# -- formats and identifiers ---------------------------------------------------------------------


@pytest.mark.parametrize(("url", "headers", "media"), [
    ("/resolutions/A_RES_65_230", {}, "application/json"),                       # the default
    ("/resolutions/A_RES_65_230", {"Accept": "*/*"}, "application/json"),        # curl's Accept
    ("/resolutions/A_RES_65_230", {"Accept": "text/turtle"}, "text/turtle"),
    ("/resolutions/A_RES_65_230", {"Accept": "application/ld+json"}, "application/ld+json"),
    ("/resolutions/A_RES_65_230?format=ttl", {"Accept": "application/json"}, "text/turtle"),
    ("/bodies/ccpcj", {"Accept": "text/turtle;q=0.5, application/ld+json"}, "application/ld+json"),
    # a browser's Accept gets the HTML page (tests/test_html_pages.py checks the pages)
    ("/instruments/salvador-declaration",
     {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
     "text/html"),
])
def test_content_negotiation(client: TestClient, url: str, headers: dict[str, str],
                             media: str) -> None:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_turtle_and_json_ld_say_the_same(client: TestClient, store: Store) -> None:
    turtle = Graph().parse(data=client.get("/resolutions/E_CN.15_RES_22_7?format=turtle").text,
                           format="turtle")
    graph = "https://w3id.org/unkg/graph/E_CN.15_RES_22_7"
    assert len(turtle) == store.graph_length(graph)  # the resolution's whole named graph
    document = client.get("/resolutions/E_CN.15_RES_22_7?format=jsonld").json()
    assert document["@context"] == "http://testserver/context.jsonld"
    # resolve the published context here, so that no network is needed
    document["@context"] = client.get("/context.jsonld").json()["@context"]
    json_ld = Graph().parse(data=json.dumps(document), format="json-ld")
    assert isomorphic(turtle, json_ld)
    cited = Graph().parse(data=client.get("/resolutions/A_RES_65_230?format=turtle").text,
                          format="turtle")
    # a cited resolution: what is said about it, and who cites it
    assert (URIRef(SEED_IRI), URIRef("https://w3id.org/unkg/ontology#cites"),
            URIRef(RES + "A_RES_65_230")) in cited


@pytest.mark.parametrize(("path", "location"), [
    ("/id/resolution/A_RES_65_230", "/resolutions/A_RES_65_230"),
    ("/id/resolution/S_RES_43(1948)?format=turtle", "/resolutions/S_RES_43(1948)?format=turtle"),
    ("/id/decision/A_DEC_71_555", "/resolutions/A_DEC_71_555"),
    ("/id/document/UNODC_CCPCJ_EG.4_2011_3", "/documents/UNODC_CCPCJ_EG.4_2011_3"),
    ("/id/instrument/salvador-declaration", "/instruments/salvador-declaration"),
    ("/id/body/ccpcj", "/bodies/ccpcj"),
])
def test_an_iri_redirects_to_its_describing_document(client: TestClient, path: str,
                                                     location: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == location


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "status", "error", "names"), [
    ("/resolutions/A_RES_99_999", 404, "not_found", "A/RES/99/999"),   # a symbol nobody cites
    ("/resolutions/A_RES_99_999/cited-by", 404, "not_found", "A/RES/99/999"),
    ("/resolutions/UNODC_CCPCJ_EG.4_2011_3", 404, "not_found", "/documents/"),  # not a resolution
    ("/bodies/no-such-body", 404, "not_found", "no-such-body"),
    ("/instruments/no-such-thing", 404, "not_found", "no-such-thing"),
    ("/graph/neighbourhood/A_RES_99_999", 404, "not_found", "id:"),
    ("/id/meeting/m1", 404, "not_found", "meeting"),
    ("/nowhere", 404, "not_found", ""),
    ("/resolutions/not-a-symbol!", 422, "invalid_request", "id:"),
    ("/resolutions?limit=0", 422, "invalid_request", "limit"),
    ("/resolutions?year=nineteen", 422, "invalid_request", "year"),
    ("/resolutions?body=S%2FRES", 422, "invalid_request", "body:"),
    ("/resolutions?cursor=garbage", 422, "invalid_request", "cursor:"),
    ("/resolutions/A_RES_65_230?format=pdf", 422, "invalid_request", "format:"),
    ("/graph/neighbourhood/S_RES_48(1948)?depth=4", 422, "invalid_request", "depth"),
    ("/graph/neighbourhood/S_RES_48(1948)?relation=likes", 422, "invalid_request", "relation:"),
    ("/graph/path?from=S_RES_49(1948)", 422, "invalid_request", "to"),
    ("/graph/path?from=S_RES_49(1948)&to=x!", 422, "invalid_request", "to:"),
    ("/graph/lineage/S_RES_49(1948)?format=turtle", 406, "not_acceptable", "application/json"),
    ("/bodies/ccpcj", 406, "not_acceptable", "text/turtle"),  # with Accept: image/png below
])
def test_errors_take_the_one_json_shape(client: TestClient, url: str, status: int, error: str,
                                        names: str) -> None:
    headers = {"Accept": "image/png"} if status == 406 and "format" not in url else {}
    answer = get(client, url, status, headers=headers)
    assert set(answer) == {"status", "error", "detail"}
    assert (answer["status"], answer["error"]) == (status, error)
    assert names in answer["detail"]


def test_a_failing_store_is_never_a_bare_500() -> None:
    store = EmbeddedStore.in_memory()
    with client_for(store) as client:
        store.close()
        answer = get(client, "/resolutions", 500)
        assert (answer["error"], answer["status"]) == ("store_error", 500)


# -- the documentation ---------------------------------------------------------------------------


def curl_examples() -> list[tuple[str, dict[str, str], int]]:
    """Each ``curl`` line of docs/api.md: its path, headers and the status it answers."""
    examples = []
    for line in re.findall(r"^curl .+$", DOCS.read_text(encoding="utf-8"), re.MULTILINE):
        status = re.search(r"#\s*(\d{3})\s*$", line)
        words = shlex.split(line, comments=True)
        headers: dict[str, str] = {}
        url = ""
        for flag, word in zip(["", *words], words, strict=False):
            if flag == "-H":
                name, _, value = word.partition(":")
                headers[name.strip()] = value.strip()
            elif not word.startswith("-") and word != "curl":
                url = word
        examples.append((url.removeprefix("http://127.0.0.1:8000"), headers,
                         int(status[1]) if status else 200))
    return examples


def test_the_curl_examples_of_the_documentation_run(client: TestClient) -> None:
    examples = curl_examples()
    assert len(examples) >= 20
    for path, headers, status in examples:
        response = client.get(path, headers=headers, follow_redirects=False)
        assert response.status_code == status, (path, response.text[:300])


def test_every_browsing_route_is_documented(client: TestClient) -> None:
    text = DOCS.read_text(encoding="utf-8")
    schema = client.get("/openapi.json").json()
    routes = [path for path, item in schema["paths"].items()
              if any(set(op.get("tags", [])) & {"Browse", "Graph"} for op in item.values())]
    assert len(routes) == 12
    for path in routes:
        documented = path.replace("{id:path}", "{id}")
        assert f"`GET {documented}`" in text, f"{documented} is not documented in {DOCS.name}"
    # the slug <-> symbol mapping is in the OpenAPI descriptions too
    parameters = schema["paths"]["/resolutions/{id}"]["get"]["parameters"]
    described = next(p["description"] for p in parameters if p["name"] == "id")
    assert "A_RES_65_230" in described and "A%2FRES%2F65%2F230" in described
