"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: queries, updates and the service description.

Queries (read-only, for anyone):

* ``GET /sparql?query=...``, ``POST /sparql`` with a form body ``query=...``
  (``application/x-www-form-urlencoded``), or ``POST /sparql`` with the query as the body
  (``application/sparql-query``, graph parameters in the URL);
* ``default-graph-uri`` and ``named-graph-uri`` (repeatable) set the dataset: when either is given,
  the default graph is the merge of the ``default-graph-uri`` graphs (empty if none) and ``GRAPH``
  sees only the ``named-graph-uri`` graphs. Without them the default graph is the union of all
  graphs;
* the result format is negotiated (see :mod:`unkg.api.formats`); ``format=`` overrides ``Accept``
  (``output=`` and ``results=``, which some clients add, are ignored);
* every query is stopped after ``UNKG_QUERY_TIMEOUT`` seconds (503, ``query_timeout``) and returns
  at most ``UNKG_MAX_ROWS`` rows (SELECT) or triples (CONSTRUCT, DESCRIBE). Every query response
  carries ``X-SPARQL-Truncated: true`` when the cap cut the result short, ``false`` otherwise;
* queries run off the event loop, so the server answers other requests meanwhile: in the store's
  query worker processes (``UNKG_QUERY_WORKERS``), killed at the time limit or past
  ``UNKG_QUERY_MEMORY`` (503, ``query_memory``), see :mod:`unkg.graph.query_processes`, except
  the queries that provably stream (:mod:`unkg.graph.streaming`), which a thread stops between
  rows (a short lookup runs on the event loop itself), and the queries known to be cheap: the same
  query already ran to its end in a worker, over the same data, in a small share of the time limit
  (:mod:`unkg.graph.cheap`; one known to take a few milliseconds runs on the event loop too). The
  event loop sends a query to a worker
  and awaits its answer without a thread in between (:meth:`EmbeddedStore.query_async
  <unkg.graph.embedded.EmbeddedStore.query_async>`). A query never changes the store: only the
  query parser sees its text, and it knows no update operations;
* results are written from the store's plain encoded rows (:meth:`Store.query_encoded
  <unkg.graph.store.Store.query_encoded>`), without building rdflib terms, into a plain
  ``Response`` of bytes;
* plain query requests are answered in front of FastAPI's routing by :mod:`unkg.api.sparql_lean`,
  with the functions below (:func:`get_query`, :func:`post_query`, :func:`answer_query`), so that
  both ways answer the same.

Updates (``POST`` with a form body ``update=...`` or an ``application/sparql-update`` body) are
refused (403) unless ``UNKG_UPDATE_TOKEN`` is set; then they need ``Authorization: Bearer
<token>`` (401 without credentials, 403 with a wrong token): :func:`authorize_update`, which the
Graph Store Protocol's writes (:mod:`unkg.api.graphstore`) use too. ``using-graph-uri`` and
``using-named-graph-uri`` are not supported (400). An update runs in one transaction.

``GET /sparql`` without a query returns the SPARQL 1.1 Service Description when the client asks
for RDF (``Accept: text/turtle`` or another RDF type, or ``format=turtle``); otherwise it is a 400.
It links the dataset's VoID description (:mod:`unkg.api.void`) with ``rdfs:seeAlso``.
Errors take the shape of :mod:`unkg.api.errors`.
"""

from __future__ import annotations

import hmac
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD, Namespace
from starlette.concurrency import run_in_threadpool
from unkg.api.errors import ApiError, error_responses
from unkg.api.formats import (
    ResultFormat,
    accepts_any,
    check_format_names,
    choose_format,
    offers,
    output_prefixes,
    serialize_graph,
    serialize_result,
    wants_graph,
)
from unkg.api.settings import Settings
from unkg.api.void import VOID_PATHS
from unkg.graph.embedded import EmbeddedStore, KnownQuery
from unkg.graph.store import EncodedResult, QueryKind, Store, Triple

__all__ = [
    "INLINE_ROWS",
    "MAX_BODY_BYTES",
    "TRUNCATED_HEADER",
    "Answered",
    "QueryRequest",
    "answer_query",
    "authorize_update",
    "check_graph_iri",
    "content_type",
    "decode_body",
    "get_query",
    "known_json",
    "post_fields",
    "post_query",
    "post_update",
    "query_response",
    "read_body",
    "router",
    "service_description",
]

#: The response header that says whether the row cap cut the result short.
TRUNCATED_HEADER = "X-SPARQL-Truncated"
#: Rows a lookup may return and still be answered on the event loop (see answer_query).
INLINE_ROWS = 256
#: Seconds a query known to be cheap (:mod:`unkg.graph.cheap`) may have taken and still be
#: answered on the event loop (see answer_query).
INLINE_SECONDS = 0.004
#: The largest request body accepted (413 above it).
MAX_BODY_BYTES = 1 << 20

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

#: The W3C format IRI (``http://www.w3.org/ns/formats/``) of each result format.
_FORMAT_IRIS = {
    ResultFormat.JSON: FORMATS.SPARQL_Results_JSON,
    ResultFormat.XML: FORMATS.SPARQL_Results_XML,
    ResultFormat.CSV: FORMATS.SPARQL_Results_CSV,
    ResultFormat.TSV: FORMATS.SPARQL_Results_TSV,
    ResultFormat.TURTLE: FORMATS.Turtle,
    ResultFormat.NTRIPLES: FORMATS["N-Triples"],
    ResultFormat.RDFXML: FORMATS.RDF_XML,
    ResultFormat.JSONLD: FORMATS["JSON-LD"],
}
_ABSOLUTE_IRI = re.compile(
    r"""
    [A-Za-z][A-Za-z0-9+.\-]*:       # a scheme: graph names are absolute IRIs
    [^<>"{}|^`\\\x00-\x20]*         # and hold no character an IRI forbids
    \Z
    """,
    re.VERBOSE,
)
_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"

router = APIRouter(tags=["SPARQL"])

_GET_PARAMETERS: list[dict[str, Any]] = [
    {"name": "query", "in": "query", "schema": {"type": "string"},
     "description": "a SPARQL 1.1 query; without it, RDF clients get the service description"},
    {"name": "default-graph-uri", "in": "query", "explode": True,
     "schema": {"type": "array", "items": {"type": "string"}},
     "description": "graphs merged into the default graph (repeatable)"},
    {"name": "named-graph-uri", "in": "query", "explode": True,
     "schema": {"type": "array", "items": {"type": "string"}},
     "description": "graphs GRAPH may see (repeatable)"},
    {"name": "format", "in": "query", "schema": {"type": "string"},
     "description": "json, xml, csv, tsv, turtle, ntriples, rdfxml or jsonld; overrides Accept"},
]
_POST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        _FORM: {"schema": {"type": "object", "properties": {
            "query": {"type": "string"}, "update": {"type": "string"},
            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
            "format": {"type": "string"}}}},
        _QUERY_BODY: {"schema": {"type": "string"}},
        _UPDATE_BODY: {"schema": {"type": "string"}},
    },
}
_TRUNCATION_DOC = {
    "description": "the results, in the negotiated format",
    "content": {fmt.media_type: {} for fmt in ResultFormat},
    "headers": {TRUNCATED_HEADER: {
        "description": "true when the row cap (UNKG_MAX_ROWS) cut the result short",
        "schema": {"type": "string", "enum": ["true", "false"]}}},
}


@router.get(
    "/sparql",
    summary="SPARQL 1.1 query (GET), or the service description",
    openapi_extra={"parameters": _GET_PARAMETERS},
    responses={200: _TRUNCATION_DOC, **error_responses(400, 406, 503)},
)
async def sparql_get(request: Request) -> Response:
    params = request.query_params
    asked = get_query(params.getlist)
    accept = request.headers.get("accept")
    if asked is None:
        formats = params.getlist("format")
        if wants_graph(accept, formats):
            return _service_description_response(request, accept, formats)
        raise _missing_query()
    return query_response(await answer_query(_store(request), _settings(request), accept, asked))


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query or update (POST)",
    openapi_extra={"requestBody": _POST_BODY},
    responses={200: _TRUNCATION_DOC, **error_responses(400, 401, 403, 406, 413, 415, 503)},
)
async def sparql_post(request: Request) -> Response:
    media, charset = content_type(request.headers.get("content-type", ""))
    fields = post_fields(media, decode_body(await _read_body(request), charset))
    url = request.query_params

    def values(name: str) -> list[str]:
        return fields.get(name, []) + url.getlist(name)

    update = post_update(values)
    if update is not None:
        return await _answer_update(
            request, update, values("using-graph-uri") + values("using-named-graph-uri")
        )
    return query_response(
        await answer_query(
            _store(request), _settings(request), request.headers.get("accept"), post_query(values)
        )
    )


# -- reading a protocol request ------------------------------------------------------------------
# Shared by the routes above and by the lean path in front of the application
# (:mod:`unkg.api.sparql_lean`); ``values(name)`` gives every value of one parameter.


@dataclass(frozen=True)
class QueryRequest:
    """A query request as the protocol gives it: the text, the dataset parameters, ``format=``."""

    query: str
    default_graphs: list[str]
    named_graphs: list[str]
    formats: list[str]


def get_query(values: Callable[[str], list[str]]) -> QueryRequest | None:
    """The query of a ``GET``, ``None`` when it has none (the service description or a 400);
    a 400 for an unknown ``format=``, an ``update`` or a repeated ``query``."""
    formats = values("format")
    check_format_names(formats)
    if values("update"):
        raise ApiError(400, "bad_request", "a SPARQL update must be sent with POST")
    query = _single(values("query"), "query")
    if query is None:
        return None
    return QueryRequest(query, values("default-graph-uri"), values("named-graph-uri"), formats)


def post_fields(media: str, text: str) -> dict[str, list[str]]:
    """The parameters a ``POST`` body of type ``media`` carries; a 415 for another type."""
    if media == _FORM:
        return _parse_form(text)
    if media == _QUERY_BODY:
        return {"query": [text]}
    if media == _UPDATE_BODY:
        return {"update": [text]}
    raise ApiError(
        415,
        "unsupported_media_type",
        f"POST a SPARQL request as {_FORM}, {_QUERY_BODY} or {_UPDATE_BODY}, "
        f"not {media or 'a body without Content-Type'}",
    )


def post_update(values: Callable[[str], list[str]]) -> str | None:
    """The update of a ``POST`` (``None`` when it has none); a 400 when it also has a query."""
    query = _single(values("query"), "query")
    update = _single(values("update"), "update")
    if query is not None and update is not None:
        raise ApiError(400, "bad_request", "send either query or update, not both")
    return update


def post_query(values: Callable[[str], list[str]]) -> QueryRequest:
    """The query of a ``POST`` that holds no update; a 400 when there is none."""
    formats = values("format")
    check_format_names(formats)
    query = _single(values("query"), "query")
    if query is None:
        raise _missing_query()
    return QueryRequest(query, values("default-graph-uri"), values("named-graph-uri"), formats)


# -- queries -------------------------------------------------------------------------------------


async def answer_query(
    store: Store, settings: Settings, accept: str | None, asked: QueryRequest
) -> Answered:
    """Run ``asked`` within the server's limits and write its result in the negotiated format."""
    if not asked.formats and not accepts_any(accept):
        raise ApiError(406, "not_acceptable", f"no SPARQL result format matches Accept: {accept}")
    query, formats = asked.query, asked.formats
    # Either parameter makes the dataset exactly what the two say (the protocol's rule).
    given = bool(asked.default_graphs or asked.named_graphs)
    default_graph = _graph_iris(asked.default_graphs, "default-graph-uri") if given else None
    named = _graph_iris(asked.named_graphs, "named-graph-uri") if given else None
    known = cost = None
    if isinstance(store, EmbeddedStore):
        known = store.known(query, timeout=settings.query_timeout, max_rows=settings.max_rows,
                            default_graph=default_graph, named_graphs=named)
    if known is not None:
        cost = known.cost
        fmt = choose_format(QueryKind(cost.kind), accept, formats)
        if fmt is ResultFormat.JSON and cost.kind != QueryKind.CONSTRUCT.value:
            # Known to be cheap, and asked for in SPARQL JSON: the engine evaluates it and
            # writes the JSON itself (the same bytes as ours), here when it takes a few
            # milliseconds at most, else on a thread.
            body = await known_json(known)
            if body is not None:
                return Answered(body, fmt, False, known)
    if store.streams(query):
        # A lookup the store answers on this thread, stopping between rows at the time limit:
        # with a small row cap it is short, so it runs right here, without the hop to a thread.
        # A result with more rows than that runs again, whole, on a thread.
        small = store.query_encoded(
            query,
            timeout=settings.query_timeout,
            max_rows=min(settings.max_rows, INLINE_ROWS),
            default_graph=default_graph,
            named_graphs=named,
        )
        if not small.truncated or settings.max_rows <= INLINE_ROWS:
            return _write(small, choose_format(small.kind, accept, formats), query)

    if isinstance(store, EmbeddedStore):
        limits = settings.query_timeout, settings.max_rows
        if cost is not None and cost.seconds <= INLINE_SECONDS and cost.rows <= INLINE_ROWS:
            # Known to take a few milliseconds at most, in process: right here, like a lookup.
            result = store.query_encoded(query, timeout=limits[0], max_rows=limits[1],
                                         default_graph=default_graph, named_graphs=named)
        else:
            # The store's worker processes get the query from this event loop, which awaits
            # their answer itself: no hop to a thread and back.
            result = await store.query_async(query, timeout=limits[0], max_rows=limits[1],
                                             default_graph=default_graph, named_graphs=named)
        fmt = choose_format(result.kind, accept, formats)
        if fmt.for_graphs or len(result.rows) > INLINE_ROWS:
            # rdflib's serialisers, or many rows to write: on a thread, off the event loop.
            return await run_in_threadpool(_write, result, fmt, query)
        return _write(result, fmt, query)

    def run() -> Answered:
        # On a worker thread: the query, then its serialisation, neither blocks the event loop.
        result = store.query_encoded(
            query,
            timeout=settings.query_timeout,
            max_rows=settings.max_rows,
            default_graph=default_graph,
            named_graphs=named,
        )
        return _write(result, choose_format(result.kind, accept, formats), query)

    return await run_in_threadpool(run)


async def known_json(known: KnownQuery) -> bytes | None:
    """A known query's JSON (:meth:`KnownQuery.json <unkg.graph.embedded.KnownQuery.json>`),
    written on the event loop when the query takes :data:`INLINE_SECONDS` at most, else on a
    thread."""
    if known.cost.seconds <= INLINE_SECONDS:
        return known.json()
    return await run_in_threadpool(known.json)


def _write(result: EncodedResult, fmt: ResultFormat, query: str) -> Answered:
    prefixes = output_prefixes(query) if fmt.for_graphs else None
    return Answered(serialize_result(result, fmt, prefixes), fmt, result.truncated)


@dataclass(frozen=True)
class Answered:
    """A query's response body, its format and whether the row cap cut it short; ``known`` is
    the query when the body is a known query's JSON written by the engine (see answer_query)."""

    body: bytes
    format: ResultFormat
    truncated: bool
    known: KnownQuery | None = None


def query_response(answered: Answered) -> Response:
    """The response of an answered query, with the truncation and ``Vary`` headers."""
    return Response(answered.body, media_type=answered.format.content_type,
                    headers=_TRUNCATED[answered.truncated])


#: The headers of a query response, truncated or not (built once).
_TRUNCATED = {
    flag: {TRUNCATED_HEADER: "true" if flag else "false", "Vary": "Accept"}
    for flag in (False, True)
}


def _graph_iris(values: Sequence[str], parameter: str) -> list[str]:
    return [check_graph_iri(value, parameter) for value in values]


def check_graph_iri(value: str, parameter: str) -> str:
    """``value`` if it can name a graph (an absolute IRI), else a 400 naming ``parameter``."""
    if not _ABSOLUTE_IRI.match(value):
        raise ApiError(400, "bad_request", f"{parameter}={value!r} is not an absolute IRI")
    return value


# -- updates -------------------------------------------------------------------------------------


async def _answer_update(request: Request, update: str, using: Sequence[str]) -> Response:
    authorize_update(request)
    if using:
        raise ApiError(
            400, "bad_request",
            "using-graph-uri and using-named-graph-uri are not supported; use USING or WITH "
            "in the update text",
        )
    store = _store(request)
    if store.read_only:
        raise ApiError(403, "read_only", "the store is open read-only: updates are refused")
    started = time.perf_counter()
    await run_in_threadpool(store.update, update)
    return JSONResponse({"updated": True, "elapsed": round(time.perf_counter() - started, 6)})


def authorize_update(request: Request, what: str = "SPARQL Update") -> None:
    """Let a write through only with ``Authorization: Bearer <UNKG_UPDATE_TOKEN>``: 403
    ``updates_disabled`` when no token is configured, 401 without credentials, 403 ``forbidden``
    with another token. ``what`` names the kind of write in the messages."""
    settings = _settings(request)
    if settings.update_token is None:
        raise ApiError(
            403, "updates_disabled",
            f"{what} is turned off on this server (no UNKG_UPDATE_TOKEN is configured)",
        )
    scheme, _, credentials = request.headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise ApiError(
            401, "unauthorized", f"{what} needs the header 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": 'Bearer realm="unkg"'},
        )
    given = credentials.strip().encode("utf-8")
    if not hmac.compare_digest(given, settings.update_token.encode("utf-8")):
        raise ApiError(403, "forbidden", "the update token is not the one configured")


# -- the service description ---------------------------------------------------------------------


def service_description(
    endpoint: str, settings: Settings, *, void: str | None = None
) -> list[Triple]:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint``, as triples.

    Besides the ``sd:`` terms it declares the project's prefixes the SHACL way (``sh:declare``),
    says the limits in an ``rdfs:comment``, and links the VoID description at ``void`` (if given)
    from the service and its default dataset with ``rdfs:seeAlso``.
    """
    service = BNode()
    triples: list[Triple] = [
        (service, RDF.type, SD.Service),
        (service, SD.endpoint, URIRef(endpoint)),
        (service, SD.supportedLanguage, SD.SPARQL11Query),
        (service, SD.feature, SD.UnionDefaultGraph),
        (service, SD.feature, SD.EmptyGraphs),
        (service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")),
        (service, RDFS.label, Literal("unkg: United Nations resolutions knowledge graph")),
        (service, RDFS.comment, Literal(
            f"Queries stop after {settings.query_timeout:g} s and return at most "
            f"{settings.max_rows} rows or triples; the response header {TRUNCATED_HEADER}: true "
            "says when a result was cut short. The default graph is the union of all graphs.",
            lang="en",
        )),
    ]
    if settings.update_token is not None:
        triples.append((service, SD.supportedLanguage, SD.SPARQL11Update))
    formats = {fmt for kind in QueryKind for fmt in offers(kind)}
    triples += [(service, SD.resultFormat, _FORMAT_IRIS[fmt]) for fmt in ResultFormat
                if fmt in formats]
    dataset, default_graph = BNode(), BNode()
    triples += [
        (service, SD.defaultDataset, dataset),
        (dataset, RDF.type, SD.Dataset),
        (dataset, SD.defaultGraph, default_graph),
        (default_graph, RDF.type, SD.Graph),
    ]
    if void is not None:
        triples += [(service, RDFS.seeAlso, URIRef(void)), (dataset, RDFS.seeAlso, URIRef(void))]
    for prefix, namespace in output_prefixes().items():
        declaration = BNode()
        triples += [
            (service, SH.declare, declaration),
            (declaration, SH.prefix, Literal(prefix)),
            (declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)),
        ]
    return triples


def _service_description_response(
    request: Request, accept: str | None, formats: Sequence[str]
) -> Response:
    fmt = choose_format(QueryKind.CONSTRUCT, accept, formats)
    endpoint = str(request.url.replace(query=None, fragment=None))
    prefixes = {"sd": str(SD), "formats": str(FORMATS), **output_prefixes()}
    void = str(request.base_url) + VOID_PATHS[0].lstrip("/")
    described = service_description(endpoint, _settings(request), void=void)
    body = serialize_graph(described, fmt, prefixes)
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


# -- reading requests ----------------------------------------------------------------------------


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _missing_query() -> ApiError:
    return ApiError(
        400, "missing_query",
        "give a SPARQL query in the query parameter (GET or POST form) or POST it as "
        f"{_QUERY_BODY}; ask for text/turtle without a query for the service description",
    )


def _single(values: Sequence[str], name: str) -> str | None:
    """The one value of a protocol parameter; blank counts as absent, two values are a 400."""
    present = [value for value in values if value.strip()]
    if len(present) > 1:
        raise ApiError(400, "bad_request", f"the {name} parameter is given {len(present)} times")
    return present[0] if present else None


def content_type(header: str) -> tuple[str, str]:
    media, *params = header.split(";")
    charset = "utf-8"
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"') or charset
    return media.strip().lower(), charset


async def _read_body(request: Request) -> bytes:
    return await read_body(request, MAX_BODY_BYTES)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body; 413 as soon as it is known to be over ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "content_too_large", f"the request body is over {limit} bytes")


def decode_body(body: bytes, charset: str) -> str:
    try:
        return body.decode(charset)
    except LookupError:
        raise ApiError(415, "unsupported_media_type", f"unknown charset {charset!r}") from None
    except UnicodeDecodeError as error:
        raise ApiError(400, "bad_request", f"the body is not valid {charset}: {error}") from None


def _parse_form(text: str) -> dict[str, list[str]]:
    try:
        parsed: Mapping[str, list[str]] = parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as error:
        raise ApiError(400, "bad_request", f"the form is not valid UTF-8: {error}") from None
    return dict(parsed)
