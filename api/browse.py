"""The browsing routes: resolutions, documents, instruments and bodies, for people who never
write SPARQL.

Routes (the graph walks are :mod:`unkg.api.graphview`):

* ``GET /resolutions``: the ingested resolutions, newest first, filtered by ``body``, ``year`` and
  ``q``, a page at a time (``limit``, ``cursor``) with the ``total``;
* ``GET /resolutions/{id}``: one resolution, by symbol slug (``A_RES_65_230``) or full symbol
  (``A/RES/65/230``, URL-encoded or not). An ingested one has its paragraphs, footnotes,
  references, mandates, subjects and provenance; one that is only cited has what the citing
  graphs say (symbol, undocs link, date) and who cites it;
* ``GET /resolutions/{id}/references``: what it cites, grouped by relation;
* ``GET /resolutions/{id}/cited-by``: who cites it, with the citing paragraph's text;
* ``GET /documents/{id}``, ``GET /instruments/{key}``, ``GET /bodies/{key}``;
* ``GET /id/{kind}/{id}``: the IRI form (``{base}id/resolution/A_RES_65_230``) redirects (303)
  to the describing document, keeping the query string;
* ``GET /context.jsonld``: the JSON-LD context of the RDF representations.

The four resource routes negotiate JSON, JSON-LD and Turtle (:mod:`unkg.api.negotiation`); the
others answer JSON. For people, the list, the resource routes and ``cited-by`` also answer an HTML
page (:mod:`unkg.api.html`) to a browser's ``Accept: text/html`` or ``?format=html``. Errors
take the one shape of :mod:`unkg.api.errors`: 404 for what the store does not know, 422 naming the
bad parameter.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BeforeValidator, Field, WithJsonSchema
from rdflib import Graph, URIRef
from unkg.api.body_views import BodyModel, body_view, mandate_items
from unkg.api.errors import ApiError, error_responses
from unkg.api.html import (
    Site,
    body_page,
    cited_by_page,
    document_page,
    html_response,
    instrument_page,
    resolution_list_page,
)
from unkg.api.html_resolution import resolution_page
from unkg.api.listing import ListPageModel, list_page
from unkg.api.negotiation import (
    CONTEXT_PATH,
    JsonLdResponse,
    Representation,
    choose_representation,
    json_ld_context,
    json_response,
    rdf_response,
    representations_doc,
)
from unkg.api.paths import (
    ROUTE_OF_KIND,
    WorkId,
    body_key,
    href,
    iris_of,
    is_resolution_kind,
    parse_key,
    parse_work_id,
)
from unkg.api.resources import Reader
from unkg.api.settings import Settings
from unkg.api.view_models import (
    CitedByModel,
    CitedWorkModel,
    DocumentModel,
    InstrumentModel,
    ReferencesModel,
    ResolutionModel,
)
from unkg.api.views import (
    Facts,
    cited_by_view,
    instrument_view,
    references_view,
    resolution_view,
    work_view,
)
from unkg.graph.iris import Iris
from unkg.graph.store import Store, Triple
from unkg.ontology import PROV

__all__ = ["reader_of", "router"]

router = APIRouter(tags=["Browse"])

ID_DESCRIPTION = (
    "The document's symbol slug (`A_RES_65_230`, `S_RES_43(1948)`) or its full symbol "
    "(`A/RES/65/230`, also URL-encoded as `A%2FRES%2F65%2F230`). Symbol to slug: drop the "
    "spaces and replace `/` by `_`; slug to symbol: replace `_` by `/` (`S/RES/43(1948)` reads "
    "as `S/RES/43 (1948)`). `file/<stem>` names a resolution whose symbol could not be read."
)
#: Documents the schema shows (the first an ingested resolution of the sample data).
ID_EXAMPLES = ["E_CN.15_RES_22_7", "A_RES_65_230", "S/RES/43 (1948)"]
FORMAT_DESCRIPTION = "json (default), jsonld, turtle or html; overrides the Accept header"
FORMAT_EXAMPLES = ["json", "jsonld", "turtle", "html"]
JSON_ONLY = "json; this route answers JSON only"
JSON_OR_HTML = "json (default) or html (a page for people); overrides the Accept header"

#: The errors of the routes that read the store: 406 (format, Accept), 422 (a bad parameter),
#: 503 (the query time limit); those that name one resource add 404.
_ERRORS = error_responses(406, 422, 503)
_RESOURCE_ERRORS = error_responses(404, 406, 422, 503)
#: Every representation of a resource route.
_ALL = (Representation.JSONLD, Representation.TURTLE, Representation.HTML)


def reader_of(request: Request) -> Reader:
    """The store reader of the application, with the server's query time limit."""
    store: Store = request.app.state.store
    settings: Settings = request.app.state.settings
    return Reader(store, settings.query_timeout)


# -- resolutions ---------------------------------------------------------------------------------


@router.get("/resolutions", summary="List the ingested resolutions", responses={
    **representations_doc("A page of resolutions (or an HTML page)", Representation.HTML,
                          model=ListPageModel),
    **_ERRORS})
def list_resolutions(
    request: Request,
    body: str | None = Query(None, description="The adopting body: key or acronym (ccpcj, SC)",
                             examples=["ccpcj", "SC"]),
    # A blank year (the list page's form left empty) is no year; the schema says so.
    year: Annotated[Annotated[int, Field(ge=1945, le=2100)] | None,
                    BeforeValidator(lambda v: v or None),
                    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1945, "maximum": 2100},
                                              {"type": "string", "enum": [""]}]}),
                    Query(description="The year of adoption; blank is any year")] = None,
    q: str | None = Query(None, max_length=200,
                          description="Words that the symbol or the title contains (any case)"),
    cursor: str | None = Query(None, description="The next_cursor of the previous page"),
    limit: int = Query(20, ge=1, le=100, description="Items per page"),
    format: str | None = Query(None, description=JSON_OR_HTML,
                               examples=["json", "html"]),
) -> Response:
    """The ingested resolutions (and other ingested documents), newest first (undated ones last),
    a page at a time: `total` counts every match, `next_cursor` (with `next`, the URL of the next
    page) is `null` on the last page."""
    representation = choose_representation(request, format, rdf=False, html=True)
    wanted = body_key(body, field="body") if body else None
    page = list_page(reader_of(request), iris_of(request), body=wanted, year=year, q=q,
                     cursor=cursor, limit=limit)
    if page["next_cursor"] is not None:
        params = {k: v for k, v in (("body", body), ("year", year), ("q", q)) if v is not None}
        page["next"] = "/resolutions?" + urlencode(
            {**params, "limit": limit, "cursor": page["next_cursor"]})
    if representation is Representation.HTML:
        return html_response(resolution_list_page(page, Site.of(request), filters={
            "body": body, "year": year, "q": q, "limit": limit}))
    return json_response(page)


@router.get("/resolutions/{id:path}/references", summary="What a resolution cites", responses={
    **representations_doc("What it cites, by relation", model=ReferencesModel),
    **_RESOURCE_ERRORS})
def resolution_references(
    request: Request,
    id: str = Path(..., description=ID_DESCRIPTION, examples=ID_EXAMPLES),
    format: str | None = Query(None, description=JSON_ONLY, examples=["json"]),
) -> JSONResponse:
    """What the resolution cites, grouped by relation (recalls, reaffirms, takes-note-of, ...; in
    the order the text first uses them): each cited work once per relation, with every citation
    (paragraph id, text as written, pinpoint, span). A resolution known only as a cited work has
    no groups (`ingested: false`)."""
    choose_representation(request, format, rdf=False)
    work, reader, iris = _resolution_id(request, id)
    own = reader.own_graph(work.iri)
    if own is None:
        facts = _described(reader, work, iris)
        groups: list[dict[str, Any]] = []
    else:
        facts = Facts(own[1], iris)
        groups = references_view(URIRef(work.iri), facts)
    return json_response({
        "resolution": work_view(URIRef(work.iri), facts) | {"ingested": own is not None},
        "total": sum(group["count"] for group in groups),
        "relations": groups,
    })


@router.get("/resolutions/{id:path}/cited-by", summary="Who cites a resolution", responses={
    **representations_doc("Who cites it (or an HTML page)", Representation.HTML,
                          model=CitedByModel),
    **_RESOURCE_ERRORS})
def resolution_cited_by(
    request: Request,
    id: str = Path(..., description=ID_DESCRIPTION, examples=ID_EXAMPLES),
    limit: int = Query(100, ge=1, le=1000, description="Citing resolutions at most"),
    format: str | None = Query(None, description=JSON_OR_HTML,
                               examples=["json", "html"]),
) -> Response:
    """The resolutions that cite this one, newest first, each with its citations in document
    order: the citing paragraph or footnote (`p1`, `o3`, `fn/2`), its text, the relation, the
    citation as written and any pinpoint."""
    representation = choose_representation(request, format, rdf=False, html=True)
    work, reader, iris = _resolution_id(request, id)
    facts = _described(reader, work, iris)
    citing = cited_by_view(reader.cited_by(work.iri), iris)
    answer = {
        "work": work_view(URIRef(work.iri), facts) | {"ingested": _ingested(facts, work)},
        "total": len(citing),
        "citations": sum(len(entry["citations"]) for entry in citing),
        "cited_by": citing[:limit],
    }
    if representation is Representation.HTML:
        return html_response(cited_by_page(answer, Site.of(request)))
    return json_response(answer)


@router.get("/resolutions/{id:path}", summary="One resolution", responses={
    **representations_doc("The resolution, as JSON, JSON-LD, Turtle or HTML", *_ALL,
                          model=ResolutionModel | CitedWorkModel),
    **_RESOURCE_ERRORS})
def get_resolution(
    request: Request,
    id: str = Path(..., description=ID_DESCRIPTION, examples=ID_EXAMPLES),
    format: str | None = Query(None, description=FORMAT_DESCRIPTION,
                               examples=FORMAT_EXAMPLES),
) -> Response:
    """An ingested resolution: metadata, paragraphs in document order (preambular then
    operative, each with sub-paragraphs, references, mandates, mentions and footnote markers),
    footnotes, meetings, subjects, uninterpreted passages and provenance (source file, sha256,
    extractor version). A resolution known only because others cite it has what they say about
    it (`ingested: false`). Both list who cites it (`cited_by`). As RDF: the resolution's named
    graph, or the cited node's triples."""
    work, reader, iris = _resolution_id(request, id)
    representation = choose_representation(request, format, html=True)
    own = reader.own_graph(work.iri)
    subject = URIRef(work.iri)
    if own is not None:
        if representation.is_rdf:
            return rdf_response(request, list(own[1]), representation)
        document = resolution_view(subject, own[0], Facts(own[1], iris))
    else:
        triples, about = reader.describe(work.iri)
        if not triples:
            raise _not_found(work)
        if representation.is_rdf:
            return rdf_response(request, triples + reader.incoming(work.iri), representation)
        document = work_view(subject, _facts(triples, about, iris))
    document = _with_links(document, work, reader, iris)
    if representation is Representation.HTML:
        return html_response(resolution_page(document, Site.of(request)))
    return json_response(document)


# -- documents, instruments, bodies --------------------------------------------------------------


@router.get("/documents/{id:path}", summary="One UN document", responses={
    **representations_doc("The document, as JSON, JSON-LD, Turtle or HTML", *_ALL,
                          model=DocumentModel),
    **_RESOURCE_ERRORS})
def get_document(
    request: Request,
    id: str = Path(..., description=ID_DESCRIPTION, examples=ID_EXAMPLES),
    format: str | None = Query(None, description=FORMAT_DESCRIPTION,
                               examples=FORMAT_EXAMPLES),
) -> Response:
    """Any document with a symbol that the graph knows (a report, a note, a presidential
    statement, or a resolution): what the graphs say about it and who cites it. For an ingested
    resolution, `resolution` links to its full description."""
    iris = iris_of(request)
    work = parse_work_id(id, iris)
    representation = choose_representation(request, format, html=True)
    reader = reader_of(request)
    triples, about = reader.describe(work.iri)
    if not triples:
        raise _not_found(work)
    if representation.is_rdf:
        return rdf_response(request, triples + reader.incoming(work.iri), representation)
    facts = _facts(triples, about, iris)
    ingested = _ingested(facts, work)
    document = work_view(URIRef(work.iri), facts) | {
        "ingested": ingested,
        "resolution": href("resolution", work.key) if ingested else None,
    }
    document = _with_links(document, work, reader, iris)
    if representation is Representation.HTML:
        return html_response(document_page(document, Site.of(request)))
    return json_response(document)


@router.get("/instruments/{key}", summary="One named instrument", responses={
    **representations_doc("The instrument, as JSON, JSON-LD, Turtle or HTML", *_ALL,
                          model=InstrumentModel),
    **_RESOURCE_ERRORS})
def get_instrument(
    request: Request,
    key: str = Path(..., description="The instrument's key: salvador-declaration",
                    examples=["salvador-declaration"]),
    limit: int = Query(100, ge=1, le=1000, description="Citing resolutions listed at most"),
    format: str | None = Query(None, description=FORMAT_DESCRIPTION,
                               examples=FORMAT_EXAMPLES),
) -> Response:
    """A declaration, convention, programme, report ... cited by name: what it is, who prepared
    it, the document carrying it, and who cites it, newest first (with the citing paragraph's
    text; `cited_by_total` counts them all)."""
    iris = iris_of(request)
    iri = iris.instrument(parse_key(key))
    representation = choose_representation(request, format, html=True)
    reader = reader_of(request)
    triples, about = reader.describe(iri)
    if not triples:
        raise ApiError(404, "not_found", f"no instrument {key!r} in the graph")
    if representation.is_rdf:
        return rdf_response(request, triples + reader.incoming(iri), representation)
    document = instrument_view(URIRef(iri), _facts(triples, about, iris))
    citing = cited_by_view(reader.cited_by(iri), iris)
    document["cited_by_total"] = len(citing)
    document["cited_by"] = citing[:limit]
    if representation is Representation.HTML:
        return html_response(instrument_page(document, Site.of(request)))
    return json_response(document)


@router.get("/bodies/{key}", summary="One body, its hierarchy and its mandates", responses={
    **representations_doc("The body, as JSON, JSON-LD, Turtle or HTML", *_ALL,
                          model=BodyModel),
    **_RESOURCE_ERRORS})
def get_body(
    request: Request,
    key: str = Path(..., description="The body's key or acronym: ccpcj, CCPCJ, ga, sc",
                    examples=["ccpcj", "SC", "secretariat"]),
    limit: int = Query(100, ge=1, le=1000, description="Mandates listed at most, each way"),
    format: str | None = Query(None, description=FORMAT_DESCRIPTION,
                               examples=FORMAT_EXAMPLES),
) -> Response:
    """A body or actor: names and acronym, the chain of bodies above it (nearest first), the
    bodies under it, who established it and what it established, how many ingested resolutions
    it adopted, and the mandates it received and gave (newest first; `total` counts all)."""
    iris = iris_of(request)
    iri = iris.body(body_key(key))
    representation = choose_representation(request, format, html=True)
    reader = reader_of(request)
    triples, about = reader.describe(iri)
    if not triples:
        raise ApiError(404, "not_found", f"no body {key!r} in the graph")
    if representation.is_rdf:
        return rdf_response(request, triples + reader.incoming(iri), representation)
    subject = URIRef(iri)
    document = body_view(subject, _facts(triples, about, iris), reader.body_links(iri),
                         reader.adopted_count(iri))
    document["mandates_received"] = mandate_items(*reader.mandates_received(iri, limit), iris)
    document["mandates_given"] = mandate_items(*reader.mandates_given(iri, limit), iris)
    if representation is Representation.HTML:
        return html_response(body_page(document, Site.of(request)))
    return json_response(document)


# -- identifiers and the context -----------------------------------------------------------------


@router.get("/id/{kind}/{id:path}", summary="Resolve an IRI to its describing document",
            status_code=303, response_class=RedirectResponse, responses={
                303: {"description": "See Other: the describing document is at `Location`",
                      "headers": {"Location": {"description": "The describing document's URL",
                                               "schema": {"type": "string"}}}},
                **error_responses(404, 422)})
def resolve_iri(
    request: Request,
    kind: str = Path(..., description="resolution, decision, document, instrument or body",
                     examples=["resolution", "instrument"]),
    id: str = Path(..., description="The key of the IRI: A_RES_65_230, salvador-declaration",
                   examples=["A_RES_65_230", "salvador-declaration"]),
) -> RedirectResponse:
    """`{base}id/{kind}/{id}`, the IRI of a thing, answers 303 See Other with the URL of the
    document describing it (`/resolutions/A_RES_65_230`), keeping the query string."""
    if kind not in ROUTE_OF_KIND:
        kinds = ", ".join(ROUTE_OF_KIND)
        raise ApiError(404, "not_found", f"no describing document for kind {kind!r} ({kinds})")
    target = href(kind, id)
    assert target is not None
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(target, status_code=303)


@router.get(CONTEXT_PATH, summary="The JSON-LD context", response_class=JsonLdResponse)
def context() -> JsonLdResponse:
    """The `@context` of the JSON-LD representations: the project's prefixes."""
    return JsonLdResponse(json_ld_context())


# -- internals -----------------------------------------------------------------------------------


def _resolution_id(request: Request, text: str) -> tuple[WorkId, Reader, Iris]:
    iris = iris_of(request)
    work = parse_work_id(text, iris)
    if not is_resolution_kind(work.symbol):
        raise ApiError(404, "not_found", f"{work.symbol} is not a resolution or decision; see "
                                         f"{href('document', work.key)}")
    return work, reader_of(request), iris


def _described(reader: Reader, work: WorkId, iris: Iris) -> Facts:
    triples, about = reader.describe(work.iri)
    if not triples:
        raise _not_found(work)
    return _facts(triples, about, iris)


def _facts(triples: list[Triple], about: list[Triple], iris: Iris) -> Facts:
    graph = Graph()
    for triple in (*triples, *about):
        graph.add(triple)
    return Facts(graph, iris)


def _ingested(facts: Facts, work: WorkId) -> bool:
    return facts.one(URIRef(work.iri), PROV.wasGeneratedBy) is not None


def _not_found(work: WorkId) -> ApiError:
    name = str(work.symbol) if work.symbol is not None else work.key
    return ApiError(404, "not_found", f"{name} is neither ingested nor cited in the graph")


def _with_links(document: dict[str, Any], work: WorkId, reader: Reader,
                iris: Iris) -> dict[str, Any]:
    """Who cites the document (compact: the citing paragraphs' ids) and the related URLs."""
    citing = cited_by_view(reader.cited_by(work.iri, compact=True), iris)
    document["cited_by"] = [
        {key: entry[key] for key in ("iri", "symbol", "href", "relations")}
        | {"paragraphs": list(dict.fromkeys(c["paragraph"] for c in entry["citations"]))}
        for entry in citing
    ]
    path = quote(work.key, safe="()/")
    links = {"neighbourhood": f"/graph/neighbourhood/{path}", "undocs": document.get("undocs")}
    if is_resolution_kind(work.symbol):
        links |= {"references": f"/resolutions/{path}/references",
                  "cited_by": f"/resolutions/{path}/cited-by",
                  "lineage": f"/graph/lineage/{path}"}
    document["links"] = links
    return document
