"""The HTML pages of the browsing API, checked as a person uses them: read, and in Chromium.

The store holds what the real pipeline makes of the seed (CCPCJ resolution 22/7, which recalls
General Assembly resolution 65/230, never ingested). First FastAPI's TestClient: which requests
get a page and which still get JSON, what each page holds (links to the cited works on the words
as written, mandates, footnotes, provenance), that hostile text stays text, and that every script
and stylesheet is this server's. Then a real uvicorn server on 127.0.0.1 and Debian's Chromium
(``/usr/bin/chromium``, installed by ``.ci/run``) driven by Playwright: open the seed, click
through to 65/230, see its citation graph drawn by Cytoscape.js, click a node. No request may
leave 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS
from unkg.api.app import create_app
from unkg.api.html import CONTENT_SECURITY_POLICY
from unkg.api.html_text import Mark, find_written, mark_text, subparagraph_breaks
from unkg.api.page import STATIC_DIR
from unkg.api.settings import Settings
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.store import Store, Triple
from unkg.ontology import UNKG

from tests.servers import chromium, serve

with warnings.catch_warnings():
    # Starlette nudges towards httpx2, which is not installed; the TestClient works as it is.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "ccpcj-resolution-22-7.txt"
DOCS = ROOT / "docs" / "api.md"
WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
RES = "https://w3id.org/unkg/id/resolution/"
SEED_IRI = RES + "E_CN.15_RES_22_7"
GA_IRI = RES + "A_RES_65_230"
SEED_PAGE = "/resolutions/E_CN.15_RES_22_7"
GA_PAGE = "/resolutions/A_RES_65_230"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
HTML = {"Accept": BROWSER_ACCEPT}
STEP_MS = 10_000  # how long the browser may take for one step; a working run takes far less


@cache
def seed_triples() -> tuple[Triple, ...]:
    """The seed's graph, as `unkg ingest` writes it (parsed once)."""
    from unkg.ingest.pipeline import parse_file
    from unkg.ingest.to_rdf import resolution_to_rdf

    return tuple(resolution_to_rdf(parse_file(SEED), Iris(), generated_at=WHEN))


def seed_store(triples: Iterable[Triple]) -> EmbeddedStore:
    store = EmbeddedStore.in_memory()
    store.replace_graph(Iris().graph("E_CN.15_RES_22_7"), triples)
    return store


def client_for(store: Store) -> TestClient:
    app = create_app(":memory:", store=store, settings=Settings())
    app.state.iris = Iris()  # the default base, whatever UNKG_BASE_IRI says
    return TestClient(app)


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    with seed_store(seed_triples()) as store:
        yield store


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with client_for(store) as client:
        yield client


#: Elements whose text reads apart from the text before them.
BLOCKS = {"p", "div", "li", "td", "th", "tr", "dt", "dd", "h1", "h2", "h3", "section", "nav"}


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and its text (tags dropped)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.raw = text
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in BLOCKS:
            self.text_parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())

    def links(self) -> dict[str, str]:
        """Each link's href, by its text."""
        found: dict[str, str] = {}
        pattern = re.compile(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.S)
        for href, inner in pattern.findall(self.raw):
            found.setdefault(Elements(inner).text, Elements(f'<a href="{href}">').tags[0][1]
                             ["href"])
        return found

    def assets(self) -> list[str]:
        """The URLs of every script, stylesheet, image or frame the page loads."""
        return [attrs.get("src") or attrs.get("href", "") for tag, attrs in self.tags
                if tag in ("script", "img", "iframe", "source", "embed", "object")
                or (tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload"))]


def page_of(client: TestClient, url: str, status: int = 200) -> Elements:
    response = client.get(url, headers=HTML)
    assert response.status_code == status, (url, response.text[:300])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "Accept" in response.headers["vary"]
    return Elements(response.text)


# -- which requests get a page -------------------------------------------------------------------


@pytest.mark.parametrize(("url", "headers", "media"), [
    # a browser's Accept: the page, on every route that has one
    ("/resolutions", HTML, "text/html"),
    (SEED_PAGE, HTML, "text/html"),
    (GA_PAGE + "/cited-by", HTML, "text/html"),
    ("/bodies/ccpcj", HTML, "text/html"),
    ("/instruments/salvador-declaration", HTML, "text/html"),
    ("/documents/UNODC_CCPCJ_EG.4_2011_3", HTML, "text/html"),
    ("/graph/neighbourhood/A_RES_65_230", HTML, "text/html"),
    ("/bodies/ccpcj", {"Accept": "application/xhtml+xml"}, "text/html"),
    # ?format=html overrides Accept
    (SEED_PAGE + "?format=html", {"Accept": "application/json"}, "text/html"),
    # programs: curl's */*, no Accept at all, JSON or Turtle asked for
    (SEED_PAGE, {"Accept": "*/*"}, "application/json"),
    ("/resolutions", {}, "application/json"),
    ("/bodies/ccpcj", {"Accept": "application/json, text/html;q=0.5"}, "application/json"),
    (GA_PAGE, {"Accept": "text/turtle, text/html;q=0.9"}, "text/turtle"),
    (SEED_PAGE + "?format=json", HTML, "application/json"),
    # routes without a page keep answering JSON to a browser
    (SEED_PAGE + "/references", HTML, "application/json"),
    ("/graph/lineage/E_CN.15_RES_22_7", HTML, "application/json"),
])
def test_a_browser_gets_a_page_and_a_program_json(client: TestClient, url: str,
                                                  headers: dict[str, str], media: str) -> None:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]


def test_html_is_refused_where_there_is_no_page(client: TestClient) -> None:
    answer = client.get("/graph/lineage/E_CN.15_RES_22_7?format=html")
    assert (answer.status_code, answer.json()["error"]) == (406, "not_acceptable")
    assert "format=html" in client.get(SEED_PAGE, headers={"Accept": "image/png"}).text


# -- what the pages hold -------------------------------------------------------------------------


def test_the_seed_page_links_each_reference_on_its_words(client: TestClient) -> None:
    page = page_of(client, SEED_PAGE)
    paragraphs = [attrs["id"] for tag, attrs in page.tags
                  if tag == "div" and attrs.get("class") == "paragraph"]
    assert paragraphs == ["p1", "p2", "p3", "p4", "p5", "o1", "o2", "o3", "o4", "o5", "o6", "o7",
                          "o8"]
    raw = page.raw
    # "Recalling General Assembly resolution 65/230 of 21 December 2010, in which ..."
    assert ('<div class="paragraph" id="p1"><p><em class="opening">Recalling</em> '
            '<a class="ref"') in raw
    assert '<span class="number">1.</span> <em class="opening">Takes note of</em>' in raw
    links = page.links()
    assert links["General Assembly resolution 65/230 of 21 December 2010"] == GA_PAGE
    assert links["General Assembly resolution 67/189 of 20 December 2012"] == (
        "/resolutions/A_RES_67_189")
    # p3 "Bearing in mind that in the Salvador Declaration, ..." and p1's pinpointed citation
    assert links["Salvador Declaration"] == "/instruments/salvador-declaration"
    assert links["paragraph 42 of the Salvador Declaration"] == "/instruments/salvador-declaration"
    # footnotes 1 ("See UNODC/CCPCJ/EG.4/2011/3 and ...") and 2, each called by its paragraph
    assert links["UNODC/CCPCJ/EG.4/2011/3"] == "/documents/UNODC_CCPCJ_EG.4_2011_3"
    assert links["General Assembly resolution 65/230, annex, para. 42"] == GA_PAGE
    assert '<li id="fn/2"><span class="marker">2</span>' in raw
    assert 'href="#fn/1" aria-label="footnote 1">1</a></sup></p></div>' in raw
    # the mandates: o4 "Requests the Secretariat to translate the comprehensive study ..."
    assert links["Secretariat"] == "/bodies/secretariat"
    assert "o4 requests Secretariat (“the Secretariat”) to translate the comprehensive" in page.text
    # metadata and provenance
    assert links["Commission on Crime Prevention and Criminal Justice (CCPCJ)"] == "/bodies/ccpcj"
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() in page.text
    assert re.search(r"Source file \S*data/ccpcj-resolution-22-7\.txt Format text/plain", page.text)
    # the graph, fed by the Cytoscape JSON route
    graph = next(attrs for tag, attrs in page.tags if attrs.get("id") == "graph")
    assert graph["data-src"] == "/graph/neighbourhood/E_CN.15_RES_22_7"
    assert links["JSON"] == SEED_PAGE + "?format=json"


@pytest.mark.parametrize(("url", "texts", "links"), [
    # 65/230, known only because the seed cites it: what the citation says, and who cites it
    (GA_PAGE, ["A/RES/65/230", "not in the store", "Date 2010-12-21"],
     {"E/CN.15/RES/22/7": SEED_PAGE, "p1": SEED_PAGE + "#p1", "fn/2": SEED_PAGE + "#fn/2",
      "https://undocs.org/A/RES/65/230": "https://undocs.org/A/RES/65/230"}),
    # the citing paragraph's text, the citation as written marked
    (GA_PAGE + "/cited-by", ["Who cites A/RES/65/230", "p1 (preambular, recalls)",
                             "fn/2 (footnote, cites, annex, para. 42)"],
     {"A/RES/65/230": GA_PAGE, "p1": SEED_PAGE + "#p1"}),
    # the list, with its filters
    ("/resolutions?q=cybercrime", ["1 resolution", "Strengthening international cooperation"],
     {"E/CN.15/RES/22/7": SEED_PAGE}),
    ("/resolutions?year=&body=&q=", ["1 resolution"], {"E/CN.15/RES/22/7": SEED_PAGE}),
    ("/resolutions?year=2013", ["0 resolutions", "No resolution matches."], {}),
    # the body: hierarchy, and the mandates in the resolutions it adopted (o3 invites ...)
    ("/bodies/ccpcj", ["Mandates given (in the resolutions it adopted): 8",
                       "o3 invites Member States"],
     {"Economic and Social Council (ECOSOC)": "/bodies/ecosoc", "1": "/resolutions?body=ccpcj",
      "o3": SEED_PAGE + "#o3"}),
    ("/instruments/salvador-declaration", ["Declaration", "Cited by (1)"],
     {"A/RES/65/230": GA_PAGE, "E/CN.15/RES/22/7": SEED_PAGE}),
    ("/documents/UNODC_CCPCJ_EG.4_2011_3", ["Document", "known because resolutions cite it"],
     {"fn/1": SEED_PAGE + "#fn/1"}),
    # the graph page lists its works and citations as links too
    ("/graph/neighbourhood/A_RES_65_230?format=html",
     ["Works (2)", "E/CN.15/RES/22/7 recalls A/RES/65/230"],
     {"A/RES/65/230": GA_PAGE, "E/CN.15/RES/22/7": SEED_PAGE, "recalls":
      "/graph/neighbourhood/A_RES_65_230?relation=recalls&format=html"}),
])
def test_each_page_says_what_the_json_says(client: TestClient, url: str, texts: list[str],
                                           links: dict[str, str]) -> None:
    page = page_of(client, url)
    for text in texts:
        assert text in page.text, (text, page.text[:2000])
    found = page.links()
    for text, href in links.items():
        assert found.get(text) == href, (text, found)


@pytest.mark.parametrize("url", [
    "/resolutions", SEED_PAGE, GA_PAGE, GA_PAGE + "/cited-by", "/bodies/ccpcj",
    "/instruments/salvador-declaration", "/documents/UNODC_CCPCJ_EG.4_2011_3",
    "/graph/neighbourhood/E_CN.15_RES_22_7",
])
def test_every_script_and_style_is_this_servers(client: TestClient, url: str) -> None:
    page = page_of(client, url)
    assets = page.assets()
    assert "/static/browse.css" in assets
    for asset in assets:
        assert asset == "data:," or (asset.startswith("/static/") and "//" not in asset), asset
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert all(attrs.get("src") for attrs in scripts)  # no inline script (the CSP forbids it)
    assert not any(attrs.get("style") for _, attrs in page.tags)  # nor an inline style
    if any(attrs.get("id") == "graph" for _, attrs in page.tags):
        assert [a["src"] for a in scripts] == ["/static/cytoscape/cytoscape.min.js",
                                               "/static/browse.js"]


# -- hostile text --------------------------------------------------------------------------------

HOSTILE_TITLE = '</title><script>alert("title")</script>'
HOSTILE_TEXT = 'Underlining <img src=x onerror="alert(1)"> & the need for "cooperation",'
HOSTILE_LABEL = 'Salvador "Declaration" <b onmouseover=alert(2)>bold</b>'
HOSTILE_BODY = "Commission <i>on</i> Crime & Justice"


def hostile(triple: Triple) -> Triple:
    """The seed's triple, with text a hostile source could have put there."""
    s, p, _ = triple
    if p == DCTERMS.title and str(s) == SEED_IRI:
        return s, p, Literal(HOSTILE_TITLE)
    if p == UNKG.text and str(s) == SEED_IRI + "/p4":
        return s, p, Literal(HOSTILE_TEXT)
    if p == RDFS.label and str(s).endswith("/instrument/salvador-declaration"):
        return s, p, Literal(HOSTILE_LABEL)
    if p == RDFS.label and str(s).endswith("/body/ccpcj"):
        return s, p, Literal(HOSTILE_BODY)
    if p == RDFS.seeAlso and str(s) == SEED_IRI:
        return s, p, URIRef("javascript:alert(3)")
    return triple


@pytest.mark.parametrize(("url", "shown"), [
    (SEED_PAGE, [HOSTILE_TITLE, HOSTILE_TEXT, "Commission <i>on</i> Crime & Justice (CCPCJ)"]),
    ("/instruments/salvador-declaration", [HOSTILE_LABEL]),
    ("/bodies/ccpcj", [HOSTILE_BODY]),
    ("/resolutions", [HOSTILE_TITLE, HOSTILE_BODY]),
    (GA_PAGE + "/cited-by", [HOSTILE_TITLE]),
])
def test_hostile_text_stays_text(url: str, shown: list[str]) -> None:
    with seed_store([hostile(t) for t in seed_triples()]) as store, client_for(store) as client:
        page = page_of(client, url)
    for text in shown:
        assert " ".join(text.split()) in page.text  # read back as written, markup and all
    assert {tag for tag, _ in page.tags}.isdisjoint({"img", "b", "i"})
    assert [attrs.get("src") for tag, attrs in page.tags if tag == "script"] in (
        [], ["/static/cytoscape/cytoscape.min.js", "/static/browse.js"])
    for _, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), attrs
        assert not attrs.get("href", "").startswith("javascript:"), attrs
    if url == SEED_PAGE:
        # the hostile label stays in its attribute
        assert 'title="recalls Salvador &quot;Declaration&quot; &lt;b onmouseover=' in page.raw


# -- marking up a paragraph's text ---------------------------------------------------------------

# GA resolution 75/101 A, operative paragraph 1 (AKN), from its sub-paragraph (e) on.
GA_75_101 = (
    "Urges all countries ... to act: (e) To aim at, in addition to bilateral cooperation, "
    "providing all possible support and assistance to developing countries, including: (i) The "
    "development of the human and technical resources; (ii) The creation of conditions that "
    "will enable developing countries; (f) To provide full support for the International "
    "Programme for the Development of Communication."
)


@pytest.mark.parametrize(("text", "written", "near", "found"), [
    # the seed's p1: the words as written, found where the span says
    ("Recalling General Assembly resolution 65/230 of 21 December 2010, in which",
     "General Assembly resolution 65/230 of 21 December 2010", 10, "General Assembly resolution "
     "65/230 of 21 December 2010"),
    # a line break of the source folded: any white space between the words
    ("Recalling General Assembly resolution 65/230 of 21 December 2010,",
     "General Assembly\nresolution 65/230", 0, "General Assembly resolution 65/230"),
    # p1 cites the Salvador Declaration twice: the occurrence nearest the span wins
    ("the Salvador Declaration ... in line with paragraph 42 of the Salvador Declaration",
     "Salvador Declaration", 70, "Salvador Declaration"),
    # words not in the text
    ("Takes note of the comprehensive study", "resolution 67/189", 0, None),
])
def test_a_reference_is_found_by_its_words(text: str, written: str, near: int,
                                           found: str | None) -> None:
    run = find_written(text, written, near=near)
    assert (text[run[0]:run[1]] if run else None) == found
    if written == "Salvador Declaration":
        assert run is not None and run[0] > 40


def test_sub_paragraphs_become_indented_lines() -> None:
    items = [
        {"label": "(e)", "text": "To aim at, in addition to bilateral cooperation,",
         "subparagraphs": [{"label": "(i)", "text": "The development of the human"},
                           {"label": "(ii)", "text": "The creation of conditions"}]},
        {"label": "(f)", "text": "To provide full support for the International Programme"},
    ]
    breaks = subparagraph_breaks(GA_75_101, items)
    assert [(GA_75_101[at:at + 5], depth) for at, depth in breaks] == [
        ("(e) T", 1), ("(i) T", 2), ("(ii) ", 2), ("(f) T", 1)]
    # a link running across a break is closed before it and opened again after it
    start = GA_75_101.index("countries, including")
    end = GA_75_101.index("The development") + len("The development")
    marked = mark_text(GA_75_101, [Mark(start, end, '<a href="/x">', "</a>")], breaks)
    assert marked.count('<a href="/x">') == 2
    assert ('developing <a href="/x">countries, including: </a></span>'
            '<span class="sub depth-2"><a href="/x">(i) The development</a> of') in marked
    assert mark_text("a < b & c", []) == "a &lt; b &amp; c"


# -- assets and documentation --------------------------------------------------------------------


def test_the_vendored_cytoscape_is_the_released_one(client: TestClient) -> None:
    readme = (STATIC_DIR / "cytoscape" / "README.md").read_text(encoding="utf-8")
    row = re.search(r"^\| `cytoscape.min.js` \| (\d+) \| `([0-9a-f]{64})` \|$", readme, re.M)
    assert row is not None
    content = (STATIC_DIR / "cytoscape" / "cytoscape.min.js").read_bytes()
    assert (len(content), hashlib.sha256(content).hexdigest()) == (int(row[1]), row[2])
    assert "MIT" in (STATIC_DIR / "cytoscape" / "LICENSE").read_text(encoding="utf-8") or (
        "Permission is hereby granted" in (STATIC_DIR / "cytoscape" / "LICENSE").read_text())
    for path, media in (("cytoscape/cytoscape.min.js", "text/javascript"),
                        ("browse.js", "text/javascript"), ("browse.css", "text/css")):
        response = client.get(f"/static/{path}")
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media
    css = (STATIC_DIR / "browse.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css
    assert "http" not in (STATIC_DIR / "browse.js").read_text(encoding="utf-8")


def test_the_pages_are_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for words in ("## HTML pages", "format=html", "text/html", "Cytoscape.js",
                  "Content-Security-Policy"):
        assert words in text, f"{words!r} is not in {DOCS.name}"


# -- in Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def origin(store: EmbeddedStore) -> Iterator[str]:
    """uvicorn on 127.0.0.1 (a free port) in a thread, over the seed's store; yields its origin."""
    app = create_app(":memory:", store=store, settings=Settings(query_timeout=5.0))
    app.state.iris = Iris()
    with serve(app) as origin:
        yield origin


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium("the HTML pages' browser test") as launched:
        yield launched


@dataclass
class Visit:
    """A page of a fresh browser context, with every request it made and every error it logged."""

    page: Page
    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def elsewhere(self) -> list[str]:
        return [url for url in self.requests
                if f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != self.origin]


@pytest.fixture
def visit(browser: Browser, origin: str) -> Iterator[Visit]:
    """A new context (empty storage); requests to other hosts recorded and refused, console
    errors (a Content-Security-Policy violation among them) recorded."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    seen = Visit(page, origin)

    def guard(route: Route) -> None:
        seen.requests.append(route.request.url)
        if route.request.url.startswith(origin + "/"):
            route.continue_()
        else:
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.errors.append(message.text)

    context.route("**/*", guard)
    page.on("console", console)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.set_default_timeout(STEP_MS)
    try:
        yield seen
    finally:
        context.close()


def graph_of(page: Page) -> dict[str, Any]:
    """The Cytoscape.js instance of the page, once drawn: its nodes' labels and its edges."""
    # browse.js marks the box once drawn (a wait_for_function expression would need eval, which
    # the page's Content-Security-Policy refuses)
    page.wait_for_selector('#graph[data-ready="true"]', state="attached", timeout=STEP_MS)
    drawn: dict[str, Any] = page.evaluate("""() => ({
        labels: window.unkgGraph.nodes().map(n => n.data('label')).sort(),
        edges: window.unkgGraph.edges().length,
        canvases: document.querySelectorAll('#graph canvas').length,
    })""")
    return drawn


def test_from_the_seed_to_65_230_and_its_graph(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.origin + SEED_PAGE)
    assert page.title() == "E/CN.15/RES/22/7 – unkg"
    # the seed's own graph: the seed, what it cites (65/230, 67/189, the Salvador Declaration ...)
    seed_graph = graph_of(page)
    assert {"E/CN.15/RES/22/7", "A/RES/65/230", "A/RES/67/189"} <= set(seed_graph["labels"])

    # Click the words of p1 that cite 65/230.
    page.locator("#p1 a.ref", has_text="General Assembly resolution 65/230").click()
    page.wait_for_url(visit.origin + GA_PAGE)
    assert page.locator("h1").inner_text() == "A/RES/65/230"
    drawn = graph_of(page)
    assert drawn["labels"] == ["A/RES/65/230", "E/CN.15/RES/22/7"]  # >= 2 nodes
    assert drawn["edges"] >= 1 and drawn["canvases"] >= 1
    box = page.locator("#graph").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    assert page.locator("#graph-status").inner_text().startswith("2 works,")
    assert page.locator("#graph-nodes a").all_inner_texts() == ["A/RES/65/230",
                                                                "E/CN.15/RES/22/7"]

    # A click on the seed's node opens the seed's page again.
    where = page.evaluate("iri => window.unkgGraph.getElementById(iri).renderedPosition()",
                          SEED_IRI)
    page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    page.wait_for_url(visit.origin + SEED_PAGE)

    assert visit.elsewhere() == []
    assert visit.errors == []
