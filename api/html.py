"""HTML pages for people on the browsing API: the same JSON documents, written as plain pages.

Owns the page shell and the pieces every page uses (escaping, links, fact lists, tables, the box
the citation graph is drawn in), and the HTML of ``/resolutions`` (the list),
``/resolutions/{id}/cited-by``, ``/documents/{id}``, ``/instruments/{key}``, ``/bodies/{key}`` and
``/graph/neighbourhood/{id}`` (a resolution's own page is :mod:`unkg.api.html_resolution`), served
when a browser asks for ``text/html`` or a URL says ``?format=html`` (:mod:`unkg.api.negotiation`).
Each page function takes the JSON document the route would answer (:mod:`unkg.api.views`,
:mod:`unkg.api.body_views`, :mod:`unkg.api.graphview`) and a :class:`Site` (the server's path
prefix and the page's own URL) and returns the page's text.

Every piece of text from the graph is HTML-escaped, and only the server's own paths become links,
besides ``http(s)`` links to the Official Document System. The pages load the stylesheet
``/static/browse.css`` and, where they draw the citation graph, Cytoscape.js
(``/static/cytoscape/``) and ``/static/browse.js``; nothing from another host: the
Content-Security-Policy (:data:`CONTENT_SECURITY_POLICY`) allows this server only, without inline
scripts or styles.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from unkg.api.html_text import mark_text, place_references

from unkg import __version__

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "RESOURCE_FORMATS",
    "Site",
    "body_page",
    "card_link",
    "cited_by_page",
    "cited_by_summary",
    "date_html",
    "document_page",
    "esc",
    "external_link",
    "facts_list",
    "graph_box",
    "html_response",
    "html_url",
    "instrument_page",
    "link_html",
    "name_of",
    "neighbourhood_page",
    "page_html",
    "related_nav",
    "resolution_list_page",
    "table_html",
]

JSON = dict[str, Any]

#: Scripts, styles and data from this server only; no inline script or style (Cytoscape.js's own
#: stylesheet is in browse.css, see :func:`page_html`), no frames; forms go to this server only.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

#: The representations of a resource page, offered as links at its foot.
RESOURCE_FORMATS = (("json", "JSON"), ("jsonld", "JSON-LD"), ("turtle", "Turtle"))


@dataclass(frozen=True)
class Site:
    """Where a page is served: ``root``, the server's path prefix (``""`` at the host's root),
    ``path``, the page's own path (prefix included), and ``query``, its parameters but
    ``format``."""

    root: str = ""
    path: str = "/"
    query: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, request: Request) -> Site:
        root = str(request.scope.get("root_path") or "").rstrip("/")
        query = tuple((k, v) for k, v in request.query_params.multi_items() if k != "format")
        path = request.url.path
        if root and path != root and not path.startswith(root + "/"):
            path = root + path  # a server that left the prefix out of the path
        return cls(root, path, query)

    def url(self, path: str | None) -> str | None:
        """A path of this API (``/resolutions/A_RES_65_230``) under the prefix; ``None`` for
        anything else (another host, ``javascript:``, nothing)."""
        if not path or not path.startswith("/") or path.startswith("//"):
            return None
        return self.root + path

    def this(self, **changes: str | None) -> str:
        """This page's URL with some parameters changed (``None`` removes one)."""
        params = dict(self.query) | changes
        kept = [(k, v) for k, v in params.items() if v is not None]
        path = quote(self.path, safe="/()_.-~")
        return path + ("?" + urlencode(kept) if kept else "")


def html_response(text: str, *, status: int = 200) -> HTMLResponse:
    """A page, with its Content-Security-Policy and ``Vary: Accept`` (the same URL serves JSON)."""
    return HTMLResponse(text, status_code=status, headers={
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "Vary": "Accept",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    })


# -- pages ---------------------------------------------------------------------------------------


def resolution_list_page(page: JSON, site: Site, *,
                         filters: Mapping[str, object]) -> str:
    """``GET /resolutions``: a form with the ``filters`` (body, year, q, limit), the matching
    resolutions as a table, and links to the next and the first page."""
    value = {name: "" if filters.get(name) is None else str(filters[name])
             for name in ("body", "year", "q", "limit")}
    form = f"""
<form class="filters" method="get" action="{esc(site.root)}/resolutions" role="search">
  <label>Words in symbol or title <input type="search" name="q" value="{esc(value['q'])}"></label>
  <label>Adopted by <input name="body" value="{esc(value['body'])}" placeholder="sc, ga, ccpcj"
    size="8"></label>
  <label>Year <input type="number" name="year" min="1945" max="2100" value="{esc(value['year'])}"
    ></label>
  <label>Per page <input type="number" name="limit" min="1" max="100" value="{esc(value['limit'])}"
    ></label>
  <button type="submit">Show</button>
</form>"""
    rows = "\n".join(
        f"<tr><td>{link_html(site, item.get('href'), name_of(item))}</td>"
        f"<td>{esc(item.get('title') or '')}</td><td>{date_html(item.get('date'))}</td>"
        f"<td>{card_link(site, item.get('body'))}</td></tr>"
        for item in page.get("items", []))
    table = (table_html(("Symbol", "Title", "Adopted", "Body"), rows) if rows
             else "<p>No resolution matches.</p>")
    pager = []
    if page.get("next"):
        pager.append(f'<a rel="next" href="{esc(site.url(page["next"]) or "")}">Next page</a>')
    if dict(site.query).get("cursor"):
        pager.append(f'<a href="{esc(site.this(cursor=None))}">First page</a>')
    count = f"{page.get('total', 0)} resolution{'s' if page.get('total') != 1 else ''}"
    body = (f"<h1>Resolutions</h1>{form}\n<p class=\"count\" role=\"status\">{esc(count)}, "
            f"newest first.</p>\n{table}\n<nav class=\"pager\" aria-label=\"Pages\">"
            f"{' '.join(pager)}</nav>")
    return page_html("Resolutions", body, site, formats=(("json", "JSON"),))


def cited_by_page(answer: JSON, site: Site) -> str:
    """``GET /resolutions/{id}/cited-by``: each citing resolution with its citing paragraphs'
    text, the citation marked."""
    work = answer.get("work") or {}
    name = name_of(work)
    body = (f"<h1>Who cites {link_html(site, work.get('href'), name)}</h1>\n"
            f"<p class=\"count\">{esc(answer.get('total', 0))} citing resolution(s), "
            f"{esc(answer.get('citations', 0))} citation(s), newest first.</p>\n"
            f"{_citing_list(answer.get('cited_by') or [], site)}")
    return page_html(f"Who cites {name}", body, site, formats=(("json", "JSON"),))


def document_page(document: JSON, site: Site) -> str:
    """``GET /documents/{id}``: what the graphs say of a document, and who cites it."""
    name = name_of(document)
    facts = facts_list([
        ("Symbol", esc(document.get("symbol") or "")),
        ("Type", esc(document.get("type") or "")),
        ("Title", esc(document.get("title") or "")),
        ("Date", date_html(document.get("date"))),
        ("Official Document System", external_link(document.get("undocs"))),
        ("In the store", link_html(site, document.get("resolution"), "yes: its full page")
         if document.get("ingested") else "no: known because resolutions cite it"),
    ])
    links = document.get("links") or {}
    nav = related_nav(site, [("Citation graph", html_url(links.get("neighbourhood")))])
    body = "\n".join([f"<h1>{esc(name)}</h1>", nav, facts,
                      cited_by_summary(document.get("cited_by") or [], site)])
    return page_html(name, body, site, formats=RESOURCE_FORMATS)


def instrument_page(document: JSON, site: Site) -> str:
    """``GET /instruments/{key}``: a named instrument, its carrier and who cites it."""
    name = name_of(document)
    facts = facts_list([
        ("Type", esc(document.get("type") or "")),
        ("Date", date_html(document.get("date"))),
        ("Prepared by", card_link(site, document.get("creator"))),
        ("Carried by", card_link(site, document.get("carried_by"))),
    ])
    key = quote(str(document.get("key") or ""), safe="")
    graph = f"/graph/neighbourhood/{key}?format=html" if key else None
    nav = related_nav(site, [("Citation graph", graph)])
    citing = (f'<section aria-labelledby="citing"><h2 id="citing">Cited by '
              f"({esc(document.get('cited_by_total', 0))})</h2>\n"
              f"{_citing_list(document.get('cited_by') or [], site)}</section>")
    body = "\n".join([f"<h1>{esc(name)}</h1>", nav, facts, citing])
    return page_html(name, body, site, formats=RESOURCE_FORMATS)


def body_page(document: JSON, site: Site) -> str:
    """``GET /bodies/{key}``: a body's names, its place in the hierarchy and its mandates."""
    name = name_of(document)
    adopted = document.get("resolutions_adopted") or {}
    facts = facts_list([
        ("Names", esc("; ".join(document.get("names") or []))),
        ("Acronyms", esc(", ".join(document.get("acronyms") or []))),
        ("Type", esc(document.get("type") or "")),
        ("Part of", " › ".join(card_link(site, p) for p in document.get("parents") or [])),
        ("Bodies under it", cards_html(site, document.get("children") or [])),
        ("Established by", card_link(site, document.get("established_by"))),
        ("Established", cards_html(site, document.get("established") or [])),
        ("Resolutions adopted", link_html(site, adopted.get("href"), str(adopted.get("count", 0)))),
    ])
    sections = [
        _mandate_table("received", "Mandates received", document.get("mandates_received"), site),
        _mandate_table("given", "Mandates given (in the resolutions it adopted)",
                       document.get("mandates_given"), site),
    ]
    body = "\n".join([f"<h1>{esc(name)}</h1>", facts, *sections])
    return page_html(name, body, site, formats=RESOURCE_FORMATS)


def neighbourhood_page(answer: JSON, site: Site) -> str:
    """``GET /graph/neighbourhood/{id}?format=html``: the graph drawn, and its works and
    citations listed as links."""
    root = answer.get("root") or {}
    name = name_of(root)
    elements = answer.get("elements") or {}
    nodes = [n.get("data") or {} for n in elements.get("nodes") or []]
    labels = {n.get("id"): n for n in nodes}
    edges_data = [e.get("data") or {} for e in elements.get("edges") or []]
    # Other views as links (a form would send a blank relation): steps, and one relation only.
    depth = answer.get("depth", 1)
    steps = " · ".join(
        f"<strong>{n}</strong>" if n == depth
        else f'<a href="{esc(site.this(depth=str(n), format="html"))}">{n}</a>'
        for n in (1, 2, 3))
    relation = answer.get("relation")
    names = sorted({str(d.get("relation")) for d in edges_data if d.get("relation")})
    only = " · ".join(
        f"<strong>{esc(n)}</strong>" if n == relation
        else f'<a href="{esc(site.this(relation=n, format="html"))}">{esc(n)}</a>' for n in names)
    every = (f' (<a href="{esc(site.this(relation=None, format="html"))}">every relation</a>)'
             if relation else "")
    form = (f'<nav class="related" aria-label="Views"><p>Citation steps: {steps}</p>'
            f"<p>Only the citations that: {only}{every}</p></nav>")
    works = "\n".join(
        f"<li>{link_html(site, n.get('href'), n.get('label') or n.get('id') or '')}"
        f" <span class=\"meta\">{esc(n.get('type') or '')}, step {esc(n.get('depth'))}</span></li>"
        for n in sorted(nodes, key=lambda n: (n.get("depth") or 0, str(n.get("label")))))
    edges = "\n".join(
        f"<li>{node_link(site, labels.get(d.get('source')))} <em>{esc(d.get('relation'))}</em> "
        f"{node_link(site, labels.get(d.get('target')))}</li>" for d in edges_data)
    note = ('<p class="note">More works lie this near; the nearest 500 are shown.</p>'
            if answer.get("truncated") else "")
    source = site.this(format="json")
    body = "\n".join([
        f"<h1>Around {link_html(site, root.get('href'), name)}</h1>", form, note,
        graph_box(site, source, name, listed=True),
        f'<section aria-labelledby="works"><h2 id="works">Works ({len(nodes)})</h2>'
        f'<ul id="graph-nodes">{works}</ul></section>',
        f'<section aria-labelledby="citations"><h2 id="citations">Citations</h2>'
        f"<ul>{edges}</ul></section>",
    ])
    return page_html(f"Around {name}", body, site, graph=True, formats=(("json", "JSON"),))


def cited_by_summary(entries: Sequence[JSON], site: Site) -> str:
    """The "Cited by" section: each citing resolution (the compact ``cited_by`` of a resource),
    its relations and links to the citing paragraphs."""
    if not entries:
        items = "<p>No resolution in the store cites it.</p>"
    else:
        rows = []
        for entry in entries:
            target = site.url(entry.get("href"))
            where = ", ".join(
                f'<a href="{esc(target)}#{esc(p)}">{esc(p)}</a>' if target else esc(p)
                for p in entry.get("paragraphs") or [])
            rows.append(f"<li>{link_html(site, entry.get('href'), name_of(entry))} "
                        f"<span class=\"meta\">{esc(', '.join(entry.get('relations') or []))}"
                        f"{' in ' + where if where else ''}</span></li>")
        items = f"<ul>{''.join(rows)}</ul>"
    return (f'<section aria-labelledby="cited-by"><h2 id="cited-by">Cited by ({len(entries)})'
            f"</h2>\n{items}</section>")


def _citing_list(entries: Sequence[JSON], site: Site) -> str:
    if not entries:
        return "<p>No resolution in the store cites it.</p>"
    blocks = []
    for entry in entries:
        target = site.url(entry.get("href"))
        citations = []
        for citation in entry.get("citations") or []:
            text = str(citation.get("text") or "")
            run = [] if not citation.get("text_as_written") else place_references(
                text, None, [{"text_as_written": citation["text_as_written"]}],
                lambda r: ("<mark>", "</mark>"))[0]
            paragraph = str(citation.get("paragraph") or "")
            where = (f'<a href="{esc(target)}#{esc(paragraph)}">{esc(paragraph)}</a>' if target
                     else esc(paragraph))
            pinpoint = (f", {esc(citation['pinpoint'])}" if citation.get("pinpoint") else "")
            citations.append(f"<li><span class=\"meta\">{where} ({esc(citation.get('kind'))}, "
                             f"{esc(citation.get('relation'))}{pinpoint})</span> "
                             f"<q>{mark_text(text, run)}</q></li>")
        title = f" — {esc(entry['title'])}" if entry.get("title") else ""
        blocks.append(f"<li>{link_html(site, entry.get('href'), name_of(entry))}{title} "
                      f"<span class=\"meta\">{date_html(entry.get('date'))}</span>"
                      f"<ul class=\"citations\">{''.join(citations)}</ul></li>")
    return f'<ul class="citing">{"".join(blocks)}</ul>'


def _mandate_table(anchor: str, heading: str, mandates: JSON | None, site: Site) -> str:
    mandates = mandates or {}
    rows = []
    for item in mandates.get("items") or []:
        resolution = item.get("resolution") or {}
        target = site.url(resolution.get("href"))
        paragraph = str(item.get("paragraph") or "")
        where = (f'<a href="{esc(target)}#{esc(paragraph)}">{esc(paragraph)}</a>' if target
                 else esc(paragraph))
        rows.append(f"<tr><td>{link_html(site, resolution.get('href'), name_of(resolution))}</td>"
                    f"<td>{where}</td><td>{esc(item.get('verb') or '')}</td>"
                    f"<td>{card_link(site, item.get('addressee'))}</td>"
                    f"<td>{esc(item.get('action') or '')}</td></tr>")
    total = mandates.get("total", 0)
    shown = (f" (the first {len(rows)})" if len(rows) < total else "")
    table = (table_html(("Resolution", "Paragraph", "Verb", "Addressee", "Action"), "\n".join(rows))
             if rows else "<p>None.</p>")
    return (f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{esc(heading)}: '
            f"{esc(total)}{shown}</h2>\n{table}</section>")


def graph_box(site: Site, source: str, name: str, *, listed: bool) -> str:
    """The box Cytoscape.js draws in (``browse.js`` reads ``data-src``, the JSON's URL), its
    status line and, unless the page lists the works itself, an empty list the script fills."""
    works = "" if listed else '\n<ul id="graph-nodes" class="graph-nodes"></ul>'
    return (f'<div id="graph" class="graph" data-src="{esc(source)}" data-root="{esc(site.root)}" '
            f'role="img" aria-label="Citation graph around {esc(name)}; its works are listed as '
            f'links."></div>\n<p id="graph-status" role="status">Drawing the graph…</p>\n'
            '<p class="meta legend">Yellow: this work. Blue: a resolution in the store; grey: '
            "known only as cited. Circles are resolutions and decisions, squares other documents "
            "and instruments. Arrows go from the citing work to the cited one.</p>\n"
            f"<noscript><p>Drawing the graph needs JavaScript.</p></noscript>{works}")


# -- the page and small pieces -------------------------------------------------------------------


def page_html(title: str, body: str, site: Site, *, graph: bool = False,
              formats: Iterable[tuple[str, str]] = ()) -> str:
    """The whole page around ``body`` (HTML): head, site navigation, footer with links to the
    other ``formats`` of the page; with ``graph``, Cytoscape.js and ``browse.js``."""
    static = f"{esc(site.root)}/static"
    # Cytoscape.js adds a <style> to the page unless an element with this id exists (the CSP
    # would refuse it): the page's own stylesheet carries that id and that rule.
    stylesheet = ' id="__________cytoscape_stylesheet"' if graph else ""
    scripts = (f'\n<script src="{static}/cytoscape/cytoscape.min.js"></script>'
               f'\n<script src="{static}/browse.js"></script>' if graph else "")
    alternates = " · ".join(f'<a href="{esc(site.this(format=name))}">{label}</a>'
                            for name, label in formats)
    foot = f"This page as {alternates}. " if alternates else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} – unkg</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{static}/browse.css"{stylesheet}>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header><nav aria-label="Site"><a href="{esc(site.root)}/resolutions">Resolutions</a>
<a href="{esc(site.root)}/sparql">SPARQL query</a>
<a href="{esc(site.root)}/docs">API</a></nav></header>
<main id="main">
{body}
</main>
<footer><p>{foot}unkg {esc(__version__)}: a knowledge graph of United Nations resolutions.</p>
</footer>{scripts}
</body>
</html>
"""


def esc(value: object) -> str:
    """``value`` as text safe in an element or an attribute (``None`` as nothing)."""
    return html.escape("" if value is None else str(value), quote=True)


def name_of(card: Mapping[str, Any] | None) -> str:
    """What to call a thing: its symbol, else its label, acronym, key, id or IRI."""
    card = card or {}
    for key in ("symbol", "label", "acronym", "key", "id", "iri"):
        if card.get(key):
            return str(card[key])
    return "(unnamed)"


def link_html(site: Site, href: str | None, text: str) -> str:
    """``text`` as a link to ``href``, a path of this API; plain text when there is none."""
    url = site.url(href)
    return f'<a href="{esc(url)}">{esc(text)}</a>' if url else esc(text)


def card_link(site: Site, card: Mapping[str, Any] | None) -> str:
    """A body, actor or work (its JSON card) as a link: label (acronym)."""
    if not card:
        return ""
    label = card.get("label") or name_of(card)
    acronym = card.get("acronym")
    text = f"{label} ({acronym})" if acronym and acronym != label else str(label)
    return link_html(site, card.get("href"), text)


def node_link(site: Site, node: Mapping[str, Any] | None) -> str:
    """A node of the Cytoscape JSON as a link to its page."""
    node = node or {}
    return link_html(site, node.get("href"), str(node.get("label") or node.get("id") or ""))


def cards_html(site: Site, cards: Sequence[Mapping[str, Any]]) -> str:
    """Cards as links, comma-separated."""
    return ", ".join(card_link(site, card) for card in cards)


def external_link(url: str | None) -> str:
    """A link to another site (the Official Document System): ``http(s)`` only."""
    if not url or not url.startswith(("https://", "http://")):
        return esc(url or "")
    return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a>'


def date_html(value: str | None) -> str:
    """An ISO date as ``<time>``."""
    return f'<time datetime="{esc(value)}">{esc(value)}</time>' if value else ""


def html_url(path: str | None) -> str | None:
    """The page of a JSON route: its path with ``format=html``."""
    return None if not path else path + ("&" if "?" in path else "?") + "format=html"


def related_nav(site: Site, links: Sequence[tuple[str, str | None]]) -> str:
    """A line of links (label, path) to related routes; those without a path are left out."""
    items = [link_html(site, href, label) for label, href in links if site.url(href)]
    return (f'<nav class="related" aria-label="Related">{" · ".join(items)}</nav>'
            if items else "")


def facts_list(rows: Sequence[tuple[str, str]]) -> str:
    """A description list of the rows whose value (already HTML) is not empty."""
    items = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in rows if value)
    return f'<dl class="facts">{items}</dl>' if items else ""


def table_html(headers: Sequence[str], rows: str) -> str:
    """A table with the column ``headers`` and the ``rows`` (HTML ``<tr>`` elements)."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{rows}\n</tbody></table>"
