"""The query page at ``GET /sparql``, checked as a person uses it: in Debian's Chromium.

First the HTTP side (FastAPI's TestClient): which requests get the page and which still go to the
protocol handler, what the page holds, the bundled assets. Then a real uvicorn server on 127.0.0.1
over an in-memory store holding a few triples of the seed resolution (CCPCJ 22/7) and of the General
Assembly resolution it recalls (65/230), and Chromium (``/usr/bin/chromium``, installed by
``.ci/run``) driven by Playwright: type a query, run it, read the results table; load an example;
use the toolbar. Every browser test also checks that no request left 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, Namespace
from rdflib.term import Node
from unkg.api.app import create_app
from unkg.api.page import CONTENT_SECURITY_POLICY, STATIC_DIR, render_page, wants_page
from unkg.api.settings import Settings
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.named_queries import NamedQuery, QueryHeaderError, load_named_queries
from unkg.ontology import PREFIXES

from tests.servers import chromium, serve

with warnings.catch_warnings():
    # Starlette nudges towards httpx2, which is not installed; the TestClient works as it is.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "sparql-endpoint.md"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# How long the browser may take for one step (page load, query); a working run takes far less.
STEP_MS = 10_000

UNKG = Namespace("https://w3id.org/unkg/ontology#")
RES = Namespace("https://w3id.org/unkg/id/resolution/")
R22_7 = RES["E_CN.15_RES_22_7"]
R65_230 = RES["A_RES_65_230"]
CCPCJ = URIRef("https://w3id.org/unkg/id/body/ccpcj")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
SEED_TITLE = "Strengthening international cooperation to combat cybercrime"
GA_TITLE = "Twelfth United Nations Congress on Crime Prevention and Criminal Justice"
GRAPHS: dict[str, list[tuple[Node, Node, Node]]] = {
    "https://w3id.org/unkg/graph/E_CN.15_RES_22_7": [
        (R22_7, RDF.type, UNKG.Resolution),
        (R22_7, DCTERMS.identifier, Literal("E/CN.15/RES/22/7")),
        # The title as the extractor joins its two printed lines.
        (R22_7, DCTERMS.title, Literal(SEED_TITLE, lang="en")),
        (R22_7, UNKG.adoptedBy, CCPCJ),
        (R22_7, UNKG.recalls, R65_230),
        (CCPCJ, RDF.type, UNKG.Body),
        (CCPCJ, RDFS.label, Literal("Commission on Crime Prevention and Criminal Justice")),
        (CCPCJ, SKOS.altLabel, Literal("CCPCJ")),
    ],
    "https://w3id.org/unkg/graph/A_RES_65_230": [
        (R65_230, RDF.type, UNKG.Resolution),
        (R65_230, DCTERMS.identifier, Literal("A/RES/65/230")),
        (R65_230, DCTERMS.title, Literal(GA_TITLE, lang="en")),
        # "resolution 65/230 of 21 December 2010", as the seed recalls it.
        (R65_230, DCTERMS.date, Literal("2010-12-21", datatype=XSD_DATE)),
    ],
}
TRIPLES = sum(len(triples) for triples in GRAPHS.values())
# The server's row cap: below the number of triples, above the rows of the typed query.
MAX_ROWS = 5


def filled_store() -> EmbeddedStore:
    store = EmbeddedStore.in_memory()
    for graph, triples in GRAPHS.items():
        store.replace_graph(graph, triples)
    return store


# -- which requests get the page -----------------------------------------------------------------

ASK = "ASK { ?r a <https://w3id.org/unkg/ontology#Resolution> }"


@pytest.mark.parametrize(
    ("accept", "params", "content_type"),
    [
        # Chromium's and Firefox's Accept for a page: the query page.
        (BROWSER_ACCEPT, {}, "text/html; charset=utf-8"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", {},
         "text/html; charset=utf-8"),
        ("application/xhtml+xml", {}, "text/html; charset=utf-8"),
        # A blank query is no query (as the protocol handler reads it): still the page.
        (BROWSER_ACCEPT, {"query": " "}, "text/html; charset=utf-8"),
        # A browser with a query: the results, as before (its application/xml;q=0.9 picks XML).
        (BROWSER_ACCEPT, {"query": ASK}, "application/sparql-results+xml"),
        ("text/html, application/sparql-results+json", {"query": ASK},
         "application/sparql-results+json"),
        # A browser asking for a format: the service description.
        (BROWSER_ACCEPT, {"format": "turtle"}, "text/turtle; charset=utf-8"),
        # An RDF client preferring Turtle to HTML: the service description.
        ("text/turtle, text/html;q=0.5", {}, "text/turtle; charset=utf-8"),
        ("text/*", {}, "text/turtle; charset=utf-8"),
        # Programs without a query: the protocol's 400, as before.
        ("*/*", {}, "application/json"),
        (None, {}, "application/json"),
        ("application/sparql-results+json", {}, "application/json"),
        ("text/html;q=0", {}, "application/json"),
    ],
)
def test_only_a_browser_visit_gets_the_page(
    accept: str | None, params: dict[str, str], content_type: str
) -> None:
    headers = {"accept": accept} if accept is not None else {}
    with filled_store() as store, client_over(store) as client:
        response = client.get("/sparql", params=params, headers=headers)
    assert response.headers["content-type"] == content_type, response.text[:200]
    if content_type == "application/json":
        assert (response.status_code, response.json()["error"]) == (400, "missing_query")
    else:
        assert response.status_code == 200


def test_posts_never_get_the_page() -> None:
    with filled_store() as store, client_over(store) as client:
        response = client.post("/sparql", data={"query": ASK}, headers={"accept": BROWSER_ACCEPT})
    assert response.headers["content-type"] == "application/sparql-results+xml"
    assert "<boolean>true</boolean>" in response.text
    assert not wants_page("POST", "", BROWSER_ACCEPT)


# -- what the page holds -------------------------------------------------------------------------


class _Elements(HTMLParser):
    """The attributes of every element of a page, and the text of its ``#page-data`` script."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, dict[str, str | None]]] = []
        self.data = ""
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.append((tag, dict(attrs)))
        self._in_data = dict(attrs).get("id") == "page-data"

    def handle_endtag(self, tag: str) -> None:
        self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data += data


def parse_page(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser


def test_the_page_lists_the_examples_and_the_prefixes() -> None:
    with filled_store() as store, client_over(store) as client:
        response = client.get("/sparql", headers={"accept": BROWSER_ACCEPT})
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "connect-src 'self'" in CONTENT_SECURITY_POLICY
    assert "Accept" in response.headers["vary"]
    page = parse_page(response.text)
    queries = load_named_queries()
    options = {attrs["value"] for tag, attrs in page.attributes if tag == "option"}
    assert options == {"", *queries}  # a blank "choose" option, then one per named query
    data = json.loads(page.data)
    assert [(e["name"], e["title"], e["sparql"]) for e in data["examples"]] == [
        (q.name, q.title, q.sparql) for q in queries.values()
    ]
    assert data["prefixes"] == PREFIXES
    for prefix, namespace in PREFIXES.items():
        assert f"<code>{prefix}:</code>" in response.text
        assert f"<code>{namespace}</code>" in response.text
    # Every asset is this server's: relative URLs, or an inline data: icon.
    links = [attrs.get("src") or attrs.get("href") for tag, attrs in page.attributes
             if tag in ("script", "link") and (attrs.get("src") or attrs.get("href"))]
    assert links == ["data:,", "static/yasgui/yasgui.min.css", "static/query-page.css",
                     "static/yasgui/yasgui.min.js", "static/query-page.js"]


@pytest.mark.parametrize(
    ("field_name", "text"),
    [
        # A query whose text would close the data script and open another one.
        ("sparql", 'SELECT * { ?s ?p "</script><script>alert(1)</script>" }'),
        # A title with markup and an ampersand.
        ("title", "Resolutions of <b>UNODC</b> & the CCPCJ"),
        # A description with a JavaScript line separator.
        ("description", "One line\u2028another"),
    ],
)
def test_text_of_a_query_file_stays_text(field_name: str, text: str) -> None:
    base = {"name": "probe", "title": "Probe", "description": "A probe", "sparql": "ASK {}"}
    query = NamedQuery(params=(), **(base | {field_name: text}))
    html = render_page([query], PREFIXES)
    assert "<script>alert" not in html and "<b>UNODC" not in html
    page = parse_page(html)
    assert json.loads(page.data)["examples"][0][field_name] == text
    assert [tag for tag, _ in page.attributes].count("script") == 3


def test_a_malformed_query_file_costs_the_examples_not_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def malformed() -> dict[str, NamedQuery]:
        raise QueryHeaderError("queries/who-recalls.rq", 1, "the header has no 'title' line")

    monkeypatch.setattr("unkg.api.page.load_named_queries", malformed)
    with filled_store() as store, client_over(store) as client:
        response = client.get("/sparql", headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert ('role="alert">The example queries could not be read: queries/who-recalls.rq, line 1: '
            "the header has no &#x27;title&#x27; line</p>") in response.text
    assert json.loads(parse_page(response.text).data)["examples"] == []
    assert "<code>unkg:</code>" in response.text


# -- the bundled assets --------------------------------------------------------------------------

VENDORED = ["yasgui/yasgui.min.js", "yasgui/yasgui.min.css"]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("yasgui/yasgui.min.js", "text/javascript; charset=utf-8"),
        ("yasgui/yasgui.min.css", "text/css; charset=utf-8"),
        ("query-page.js", "text/javascript; charset=utf-8"),
        ("query-page.css", "text/css; charset=utf-8"),
    ],
)
def test_the_assets_are_served(path: str, content_type: str) -> None:
    with filled_store() as store, client_over(store) as client:
        response = client.get(f"/static/{path}")
        missing = client.get("/static/yasgui/nothing.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.content == (STATIC_DIR / path).read_bytes()
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")


@pytest.mark.parametrize("path", VENDORED)
def test_the_vendored_yasgui_is_the_released_one(path: str) -> None:
    """The digests in api/static/README.md are those of @zazuko/yasgui 4.6.2's files."""
    readme = (STATIC_DIR / "README.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| `{re.escape(path)}` \| (\d+) \| `([0-9a-f]{{64}})` \|$", readme, re.M)
    assert row is not None, f"{path} has no size and digest row in api/static/README.md"
    content = (STATIC_DIR / path).read_bytes()
    assert (len(content), hashlib.sha256(content).hexdigest()) == (int(row[1]), row[2])


def test_the_stylesheets_load_nothing_from_elsewhere() -> None:
    for path in ("yasgui/yasgui.min.css", "query-page.css"):
        text = (STATIC_DIR / path).read_text(encoding="utf-8")
        assert "@import" not in text and "url(" not in text, path
    assert (STATIC_DIR / "yasgui" / "THIRD-PARTY-LICENSES.txt").is_file()


def test_the_page_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for words in ("## The query page", "YASGUI", "text/html", "Content-Security-Policy",
                  "api/static/README.md"):
        assert words in text, f"{words!r} is not in {DOCS.name}"


# -- in Chromium -----------------------------------------------------------------------------------


@contextmanager
def client_over(store: EmbeddedStore, settings: Settings | None = None) -> Iterator[TestClient]:
    app = create_app(":memory:", store=store, settings=settings or Settings())
    with TestClient(app) as client:
        yield client


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """uvicorn on 127.0.0.1 (a free port) in a thread; yields the endpoint URL."""
    with filled_store() as store:
        app = create_app(":memory:", store=store, settings=settings)
        with serve(app) as origin:
            yield f"{origin}/sparql"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with live_server(Settings(query_timeout=5.0, max_rows=MAX_ROWS)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium("the query page's browser tests") as launched:
        yield launched


@dataclass
class Visit:
    """A page of a fresh browser context, with every request it made and every error it logged."""

    page: Page
    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def elsewhere(self) -> list[str]:
        """The requests that went to another origin than the server's."""
        return [url for url in self.requests
                if f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != self.origin]

    def editor_text(self) -> str:
        text: str = self.page.evaluate(
            "document.querySelector('.CodeMirror').CodeMirror.getValue()"
        )
        return text

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The results table: its column names and its rows (without YASR's row numbers)."""
        self.page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=STEP_MS)
        header = self.page.locator(".yasr table.dataTable thead th").all_inner_texts()
        rows = [row.locator("td").all_inner_texts()
                for row in self.page.locator(".yasr table.dataTable tbody tr").all()]
        return [name.strip() for name in header[1:]], [[c.strip() for c in r[1:]] for r in rows]


@pytest.fixture
def visit(browser: Browser, endpoint: str) -> Iterator[Visit]:
    """The query page in a new context (empty storage), requests to other hosts recorded and
    refused, console errors (a Content-Security-Policy violation among them) recorded."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    origin = endpoint.removesuffix("/sparql")
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
        page.goto(endpoint)
        page.wait_for_selector(".yasqe .CodeMirror")
        yield seen
    finally:
        context.close()


# The query a person types, without PREFIX lines: typing unkg: and dcterms: adds them.
TYPED = ("SELECT ?symbol ?title WHERE { ?resolution a unkg:Resolution ; "
         "dcterms:identifier ?symbol ; dcterms:title ?title } ORDER BY ?symbol")


def test_a_typed_query_runs_and_fills_the_table(visit: Visit) -> None:
    page = visit.page
    page.click(".CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(TYPED)
    page.keyboard.press("Escape")  # closes an autocompletion list, if one is open
    # The prefixes it uses were added, from the ontology's own list.
    text = visit.editor_text()
    assert f"PREFIX unkg: <{PREFIXES['unkg']}>" in text
    assert f"PREFIX dcterms: <{PREFIXES['dcterms']}>" in text
    assert text.rstrip().endswith(TYPED)
    # Syntax highlighting: keywords and variables are marked up.
    keywords = page.locator(".CodeMirror .cm-keyword").all_inner_texts()
    assert {"PREFIX", "SELECT", "WHERE"} <= {word.upper() for word in keywords}
    assert "?symbol" in page.locator(".CodeMirror .cm-atom").all_inner_texts()

    page.click("#run-query")
    columns, rows = visit.table()
    assert columns == ["symbol", "title"]
    assert rows == [
        ["A/RES/65/230", f'"{GA_TITLE}"@en'],
        ["E/CN.15/RES/22/7", f'"{SEED_TITLE}"@en'],
    ]
    assert page.inner_text("#query-status") == ""  # two rows: under the row cap
    assert visit.elsewhere() == []
    assert visit.requests.count(visit.origin + "/sparql") == 2  # the page, then the query
    assert visit.errors == []


def test_an_example_loads_into_the_editor_and_runs(visit: Visit) -> None:
    queries = load_named_queries()
    # The first named query that takes parameters, to see them listed too.
    example = next((q for q in queries.values() if q.params), next(iter(queries.values())))
    page = visit.page
    page.select_option("#example-select", example.name)
    assert visit.editor_text() == example.sparql
    described = page.inner_text("#example-description")
    assert " ".join(example.description.split()) in " ".join(described.split())
    for param in example.params:
        assert f"?{param.name} ({param.type.value}" in described

    page.click("#run-query")
    page.wait_for_selector(".yasr table.dataTable", timeout=STEP_MS)
    header = page.locator(".yasr table.dataTable thead th").all_inner_texts()
    # A parameter is always a variable of the SELECT clause (the loader checks it).
    assert {p.name for p in example.params} <= {name.strip() for name in header}
    assert page.locator(".yasr .errorResult").count() == 0
    assert visit.elsewhere() == []
    assert visit.errors == []


def test_the_toolbar_adds_prefixes_and_tells_of_the_row_cap(visit: Visit) -> None:
    page = visit.page
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue("
                  "'SELECT ?s ?p ?o WHERE { ?s ?p ?o }')")
    page.click("#add-prefixes")
    declared = re.findall(r"^PREFIX (\w+): <([^>]*)>$", visit.editor_text(), re.M)
    assert dict(declared) == PREFIXES

    page.click("#run-query")
    _, rows = visit.table()
    assert len(rows) == MAX_ROWS < TRIPLES
    page.wait_for_function(
        "document.getElementById('query-status').textContent.includes('row cap')",
        timeout=STEP_MS,
    )
    assert visit.elsewhere() == []
    assert visit.errors == []
