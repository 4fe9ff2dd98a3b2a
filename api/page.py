"""The query page a browser gets at ``GET /sparql``, and the bundled assets it loads (``/static``).

Owns telling a person's browser from a program (:func:`wants_page`), writing the page
(:func:`render_page`) and the static files (:func:`static_files`). The page is YASGUI (the
``@zazuko/yasgui`` bundle committed in ``api/static/yasgui/``, see its README) set up by
``api/static/query-page.js``: a SPARQL editor with syntax highlighting, the named queries of
:mod:`unkg.graph.named_queries` as examples, a Run button and a results table, and the prefixes of
:data:`unkg.ontology.PREFIXES`.

Only a plain page visit gets the page: ``GET`` with no ``query``, ``update`` or ``format`` parameter
and an ``Accept`` header that names ``text/html`` (or XHTML) at least as high as any RDF type. Every
other request to ``/sparql`` never reaches this route (its :class:`PageRoute` does not match it) and
goes to the protocol handler of :mod:`unkg.api.sparql`, unchanged. Nothing on the page loads from
another host: its Content-Security-Policy allows this server only.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.staticfiles import StaticFiles
from starlette.types import Scope
from unkg.api.formats import ResultFormat, parse_accept
from unkg.graph.named_queries import NamedQuery, load_named_queries
from unkg.ontology import PREFIXES

from unkg import __version__
from unkg.errors import QueryError

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "DEFAULT_QUERY",
    "STATIC_DIR",
    "STATIC_PATH",
    "PageRoute",
    "render_page",
    "router",
    "static_files",
    "wants_page",
]

#: The folder of the bundled assets (YASGUI and the page's own script and style).
STATIC_DIR = Path(__file__).resolve().parent / "static"
#: Where the application mounts :data:`STATIC_DIR`.
STATIC_PATH = "/static"

#: The page loads scripts, styles, fonts and data from this server only. YASGUI sets inline
#: styles (column widths, the editor's height), hence ``'unsafe-inline'`` for styles alone.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

#: The query a new editor tab starts with.
DEFAULT_QUERY = """\
PREFIX unkg:    <https://w3id.org/unkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>

# The resolutions in the store, with their symbols, dates and titles.
SELECT ?resolution ?symbol ?date ?title
WHERE {
  ?resolution a unkg:Resolution .
  OPTIONAL { ?resolution dcterms:identifier ?symbol }
  OPTIONAL { ?resolution dcterms:date ?date }
  OPTIONAL { ?resolution dcterms:title ?title }
}
ORDER BY ?date ?symbol
LIMIT 100
"""

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GRAPH_TYPES = tuple(fmt.media_type for fmt in ResultFormat if fmt.for_graphs)
# Parameters that make a GET a protocol request, whatever the Accept header says.
_PROTOCOL_PARAMETERS = ("query", "update", "format")


def wants_page(method: str, query_string: str, accept: str | None) -> bool:
    """True when a ``/sparql`` request is a browser visiting the page rather than a program.

    >>> wants_page("GET", "", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    True
    >>> wants_page("GET", "query=ASK%7B%7D", "text/html")
    False
    >>> wants_page("GET", "", "text/turtle, text/html;q=0.5")
    False
    """
    if method != "GET":
        return False
    params = parse_qs(query_string, keep_blank_values=True)
    if any(value.strip() for name in _PROTOCOL_PARAMETERS for value in params.get(name, [])):
        return False
    ranges = parse_accept(accept)
    page = max((q for media, q in ranges if media in _HTML_TYPES), default=0.0)
    # An RDF type named outright, or through its type/*: the client asks for the service
    # description (as :func:`unkg.api.formats.wants_graph` reads it); */* counts for neither.
    graph = max(
        (q for media, q in ranges
         for wanted in _GRAPH_TYPES if media in (wanted, wanted.split("/")[0] + "/*")),
        default=0.0,
    )
    return page > 0 and page >= graph


class PageRoute(APIRoute):
    """A route that matches only the requests :func:`wants_page` accepts, so that every other
    request to the same path falls through to the next route (the protocol handler)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        accept = None
        for name, value in scope.get("headers", []):
            if name.lower() == b"accept":
                accept = value.decode("latin-1")
        query_string = scope.get("query_string", b"").decode("latin-1")
        if not wants_page(scope["method"], query_string, accept):
            return Match.NONE, {}
        return super().matches(scope)


router = APIRouter(route_class=PageRoute, tags=["page"])


@router.get("/sparql", include_in_schema=False)
def query_page() -> HTMLResponse:
    """The query page (only for browsers; see :func:`wants_page`)."""
    problem = None
    try:
        queries = load_named_queries()
    except QueryError as error:
        # A malformed query file costs the examples, not the page.
        queries, problem = {}, f"The example queries could not be read: {error}"
    return HTMLResponse(
        render_page(queries.values(), PREFIXES, problem=problem),
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Vary": "Accept",
                 "Cache-Control": "no-cache"},
    )


def static_files() -> StaticFiles:
    """The ASGI app serving :data:`STATIC_DIR`, for ``app.mount(STATIC_PATH, ...)``."""
    return StaticFiles(directory=STATIC_DIR)


def render_page(
    queries: Iterable[NamedQuery],
    prefixes: Mapping[str, str],
    *,
    problem: str | None = None,
) -> str:
    """The HTML of the query page: the examples from ``queries`` (title, description,
    parameters, SPARQL), the ``prefixes`` table, and ``problem`` (if any) in place of the
    examples. Asset URLs are relative, so the page works behind a path prefix too."""
    examples = list(queries)
    data = {
        "defaultQuery": DEFAULT_QUERY,
        "prefixes": dict(prefixes),
        "examples": [
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
            for query in examples
        ],
    }
    options = "\n".join(
        f'        <option value="{_e(query.name)}">{_e(query.title)}</option>'
        for query in examples
    )
    rows = "\n".join(
        f"        <tr><th scope=\"row\"><code>{_e(prefix)}:</code></th>"
        f"<td><code>{_e(namespace)}</code></td></tr>"
        for prefix, namespace in prefixes.items()
    )
    notice = f'\n      <p class="problem" role="alert">{_e(problem)}</p>' if problem else ""
    return _PAGE.format(
        version=_e(__version__),
        options=options,
        count=len(examples),
        notice=notice,
        rows=rows,
        data=_script_json(data),
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _script_json(data: object) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``
    can close the element or open a comment, and line separators are escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=None)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>SPARQL query – unkg</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="static/yasgui/yasgui.min.css">
  <link rel="stylesheet" href="static/query-page.css">
</head>
<body>
  <header>
    <h1>SPARQL query</h1>
    <p>A knowledge graph of United Nations resolutions (unkg {version}). Write a SPARQL 1.1 query
      or start from an example, then run it (Run, or Ctrl+Enter in the editor). Programs query this
      same address with the SPARQL 1.1 Protocol: <code>?query=</code>, or a POST.</p>
  </header>
  <main>
    <section id="examples" aria-labelledby="examples-heading">
      <h2 id="examples-heading">Example queries</h2>{notice}
      <label for="example-select">{count} named queries:</label>
      <select id="example-select">
        <option value="">Choose an example to load it into the editor…</option>
{options}
      </select>
      <div id="example-description" aria-live="polite"></div>
    </section>
    <section id="query" aria-label="Query editor and results">
      <div class="toolbar">
        <button type="button" id="run-query">Run</button>
        <button type="button" id="add-prefixes">Add the prefixes</button>
        <span id="query-status" role="status"></span>
      </div>
      <div id="yasgui"><noscript>The query editor needs JavaScript.</noscript></div>
    </section>
    <section id="prefixes" aria-labelledby="prefixes-heading">
      <h2 id="prefixes-heading">Prefixes</h2>
      <p>The prefixes of the ontology. A query must declare those it uses: <em>Add the
        prefixes</em> adds the PREFIX lines, and typing <code>unkg:</code> in the editor adds
        that one.</p>
      <table>
        <thead><tr><th scope="col">prefix</th><th scope="col">namespace</th></tr></thead>
        <tbody>
{rows}
        </tbody>
      </table>
    </section>
  </main>
  <script id="page-data" type="application/json">{data}</script>
  <script src="static/yasgui/yasgui.min.js"></script>
  <script src="static/query-page.js"></script>
</body>
</html>
"""
