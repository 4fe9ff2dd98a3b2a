"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``: read and write whole graphs.

Graphs are named the protocol's indirect way: ``?graph=<IRI>`` is a named graph (one per source
document), ``?default`` the store's own default graph, which ingest leaves empty (in SPARQL
queries the default graph is the union of all graphs instead, see :mod:`unkg.api.sparql`).

* ``GET`` and ``HEAD``, open to anyone: the graph in the negotiated RDF format (Turtle by default,
  N-Triples, JSON-LD, RDF/XML; ``format=`` as on ``/sparql``), 404 when it does not exist. A named
  graph in Turtle or N-Triples is written by the engine, whole; JSON-LD, RDF/XML and the default
  graph go through a query under the server's limits, and a graph over the row cap is a 406 that
  says to ask for Turtle or N-Triples.
* ``PUT`` replaces a named graph atomically (:meth:`~unkg.graph.store.Store.replace_graph`: readers
  see the old graph or the new one), ``POST`` adds the body's triples to it (the graph keeps its
  metadata; blank nodes of the body stay apart from the graph's), ``DELETE`` drops it (404 when it
  does not exist). ``PUT`` and ``POST`` answer 201 when they create the graph, 204 otherwise.
  Writes go through :func:`unkg.api.sparql.authorize_update`, exactly as SPARQL Update does: 403
  ``updates_disabled`` without ``UNKG_UPDATE_TOKEN``, 401 without credentials, 403 ``forbidden``
  with a wrong token. They take named graphs only: the default graph and the admin graph
  (:data:`~unkg.graph.store.META_GRAPH`) are refused (400), and so is a read-only store (403).
* A body is Turtle, N-Triples, RDF/XML or JSON-LD, by its ``Content-Type`` (415 otherwise), at most
  :data:`MAX_GRAPH_BYTES` (413), parsed by pyoxigraph with the graph IRI as base: a JSON-LD remote
  ``@context`` is never fetched (400). Writes are serialised by a lock, so that a ``POST`` does not
  lose a concurrent ``PUT``.

Every error takes the one JSON shape of :mod:`unkg.api.errors`.
"""

from __future__ import annotations

import io
import math
import threading
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from unkg.api.errors import ApiError, error_responses
from unkg.api.formats import (
    ResultFormat,
    check_format_names,
    choose_format,
    output_prefixes,
    serialize_graph,
)
from unkg.api.settings import Settings
from unkg.api.sparql import authorize_update, check_graph_iri, read_body
from unkg.graph.store import META_GRAPH, ExportFormat, QueryKind, Store, Triple
from unkg.graph.terms import TermError, from_oxigraph

__all__ = ["GRAPH_META", "MAX_GRAPH_BYTES", "STORE_PATH", "router"]

#: Where the protocol is served.
STORE_PATH = "/store"
#: The largest body a PUT or POST may send (413 above it).
MAX_GRAPH_BYTES = 8 << 20
#: The metadata a PUT writes with the graph (what ingest records no longer describes it).
GRAPH_META = {"written_by": "graph-store-protocol"}

#: Body media types -> the parser's format.
_BODY_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
}
_EXPORTS = {ResultFormat.TURTLE: ExportFormat.TURTLE, ResultFormat.NTRIPLES: ExportFormat.NTRIPLES}
_EVERYTHING = "CONSTRUCT WHERE { ?s ?p ?o }"
_WRITING = threading.Lock()

router = APIRouter(tags=["Graph Store"])

_PARAMETERS: list[dict[str, Any]] = [
    {"name": "graph", "in": "query", "schema": {"type": "string"},
     "description": "the IRI of a named graph"},
    {"name": "default", "in": "query", "schema": {"type": "string"}, "allowEmptyValue": True,
     "description": "present (empty): the store's default graph (reads only)"},
    {"name": "format", "in": "query", "schema": {"type": "string"},
     "description": "GET: turtle, ntriples, jsonld or rdfxml; overrides Accept"},
]
_BODY: dict[str, Any] = {
    "required": True,
    # RDF text, except JSON-LD: a JSON document (an object or an array), not a JSON string
    "content": {media: {"schema": {"type": ["object", "array"]} if fmt is ox.RdfFormat.JSON_LD
                        else {"type": "string"}} for media, fmt in _BODY_FORMATS.items()},
}
_WRITE_DOC: dict[int | str, dict[str, Any]] = {
    201: {"description": "the graph was created"},
    204: {"description": "the graph was replaced, extended or dropped"},
}


# -- reading -------------------------------------------------------------------------------------


@router.api_route(
    STORE_PATH, methods=["GET", "HEAD"], summary="Get a graph (SPARQL 1.1 Graph Store Protocol)",
    openapi_extra={"parameters": _PARAMETERS},
    responses={200: {"description": "the graph", "content": {
        fmt.media_type: {} for fmt in ResultFormat if fmt.for_graphs}},
        **error_responses(400, 404, 406, 503)},
)
def get_graph(request: Request) -> Response:
    names = request.query_params.getlist("format")
    check_format_names(names)
    fmt = choose_format(QueryKind.CONSTRUCT, request.headers.get("accept"), names)
    graph = _target(request)
    store = _store(request)
    if graph is not None and not store.has_graph(graph):
        raise _no_graph(graph)
    export = _EXPORTS.get(fmt)
    if graph is not None and export is not None:
        out = io.BytesIO()
        store.export(out, export, graph=graph, prefixes=output_prefixes())
        body = out.getvalue()
    else:
        body = _serialized(store, graph, fmt, _settings(request))
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


def _serialized(store: Store, graph: str | None, fmt: ResultFormat, settings: Settings) -> bytes:
    result = store.query(
        _EVERYTHING,
        default_graph=None if graph is None else [graph],
        default_graph_as_union=False,
        timeout=settings.query_timeout,
        max_rows=settings.max_rows,
    )
    if result.truncated:
        which = "the default graph" if graph is None else f"graph {graph}"
        raise ApiError(
            406, "not_acceptable",
            f"{which} has more than {settings.max_rows} triples, too many for {fmt.media_type} "
            "here: ask a named graph for text/turtle or application/n-triples, or page through "
            "it with SPARQL (LIMIT and OFFSET)",
        )
    return serialize_graph(result.triples, fmt, output_prefixes())


# -- writing -------------------------------------------------------------------------------------


@router.put(STORE_PATH, summary="Replace a named graph", status_code=204,
            openapi_extra={"parameters": _PARAMETERS[:1], "requestBody": _BODY},
            responses={**_WRITE_DOC, **error_responses(400, 401, 403, 413, 415, 503)})
async def put_graph(request: Request) -> Response:
    graph = _writable_target(request, "PUT")
    triples = await _body_triples(request, graph)
    store = _store(request)

    def replace() -> bool:
        with _WRITING:
            existed = store.has_graph(graph)
            store.replace_graph(graph, triples, meta=GRAPH_META)
            return existed

    return _written(await run_in_threadpool(replace))


@router.post(STORE_PATH, summary="Add triples to a named graph", status_code=204,
             openapi_extra={"parameters": _PARAMETERS[:1], "requestBody": _BODY},
             responses={**_WRITE_DOC, **error_responses(400, 401, 403, 413, 415, 503)})
async def post_graph(request: Request) -> Response:
    graph = _writable_target(request, "POST")
    triples = await _body_triples(request, graph)
    store = _store(request)

    def merge() -> bool:
        with _WRITING:
            existed = store.has_graph(graph)
            current: list[Triple] = []
            if existed:
                current = store.query(_EVERYTHING, default_graph=[graph], timeout=math.inf,
                                      max_rows=None).triples
            store.replace_graph(graph, current + triples, meta=store.graph_meta(graph))
            return existed

    return _written(await run_in_threadpool(merge))


@router.delete(STORE_PATH, summary="Drop a named graph", status_code=204,
               openapi_extra={"parameters": _PARAMETERS[:1]}, responses={
                   204: _WRITE_DOC[204], **error_responses(400, 401, 403, 404, 503)})
async def delete_graph(request: Request) -> Response:
    graph = _writable_target(request, "DELETE")
    store = _store(request)

    def drop() -> bool:
        with _WRITING:
            if not store.has_graph(graph):
                return False
            store.drop_graph(graph)
            return True

    if not await run_in_threadpool(drop):
        raise _no_graph(graph)
    return Response(status_code=204)


def _written(existed: bool) -> Response:
    return Response(status_code=204 if existed else 201)


def _writable_target(request: Request, method: str) -> str:
    """The named graph a write targets, after the token check (401/403) and the refusals."""
    authorize_update(request, "Writing through the Graph Store Protocol")
    graph = _target(request)
    if graph is None:
        raise ApiError(
            400, "bad_request",
            f"{method} takes a named graph (?graph=IRI): the default graph that queries see is "
            "the union of the named graphs",
        )
    if graph == META_GRAPH:
        raise ApiError(400, "bad_request",
                       f"{META_GRAPH} holds the metadata of the graphs and is written with them")
    if _store(request).read_only:
        raise ApiError(403, "read_only", "the store is open read-only: writes are refused")
    return graph


async def _body_triples(request: Request, graph: str) -> list[Triple]:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = _BODY_FORMATS.get(media)
    if fmt is None:
        accepted = ", ".join(_BODY_FORMATS)
        raise ApiError(415, "unsupported_media_type",
                       f"send the graph as one of {accepted}, not {media or 'no Content-Type'}")
    body = await read_body(request, MAX_GRAPH_BYTES)
    return await run_in_threadpool(_parse, body, fmt, graph)


def _parse(body: bytes, fmt: ox.RdfFormat, graph: str) -> list[Triple]:
    if fmt is ox.RdfFormat.JSON_LD and body.lstrip()[:1] not in (b"{", b"["):
        # pyoxigraph reads a bare 42 or "text" as an empty graph, which would wipe the target
        raise ApiError(400, "bad_request", "the body is not valid JSON_LD: a JSON-LD document is "
                                           "an object or an array")
    try:
        return [(from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object))
                for q in ox.parse(body, format=fmt, base_iri=graph, without_named_graphs=True)]
    except SyntaxError as error:
        message = " ".join(str(error).split())
        raise ApiError(400, "bad_request", f"the body is not valid {fmt.name}: {message}") from None
    except TermError as error:
        raise ApiError(400, "bad_request", f"the body holds a term the store cannot keep: {error}"
                       ) from None


# -- the request ---------------------------------------------------------------------------------


def _target(request: Request) -> str | None:
    """The graph the request names: its IRI, or ``None`` for ``?default``."""
    params = request.query_params
    graphs = [value for value in params.getlist("graph") if value.strip()]
    if len(graphs) > 1:
        raise ApiError(400, "bad_request", f"the graph parameter is given {len(graphs)} times")
    if graphs and "default" in params:
        raise ApiError(400, "bad_request", "give either ?graph=IRI or ?default, not both")
    if graphs:
        return check_graph_iri(graphs[0], "graph")
    if "default" in params:
        return None
    raise ApiError(400, "bad_request",
                   "name the graph: ?graph=IRI for a named graph, ?default for the default graph")


def _no_graph(graph: str) -> ApiError:
    return ApiError(404, "not_found", f"there is no graph {graph} in the store")


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings
