"""Which representation a browsing route answers in, and writing the RDF ones.

Every browsing route answers JSON by default. The routes that describe one resource
(``/resolutions/{id}``, ``/documents/{id}``, ``/instruments/{key}``, ``/bodies/{key}``) also answer
its RDF description as JSON-LD (``application/ld+json``, compacted with the context published at
``/context.jsonld``) or Turtle (``text/turtle``). ``?format=json|jsonld|turtle`` overrides the
``Accept`` header. A ``format`` that names nothing is a 422 naming the field; a representation the
route does not offer, or an ``Accept`` that rules out all it offers, is a 406.

The routes that have a page for people (:mod:`unkg.api.html`) also answer HTML (``text/html``,
``?format=html``) when asked with ``html=True``: a browser's ``Accept`` names ``text/html`` first,
while ``*/*`` (curl, programs) and a missing ``Accept`` still get JSON.

:func:`representations_doc` declares in the OpenAPI schema the media types a route answers, so
that the schema says what the route does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from enum import Enum
from types import UnionType
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from rdflib import Graph
from unkg.api.errors import ApiError
from unkg.api.formats import ResultFormat, parse_accept, serialize_graph
from unkg.graph.store import Triple
from unkg.ontology import PREFIXES

__all__ = [
    "CONTEXT_PATH",
    "JsonLdResponse",
    "Representation",
    "choose_representation",
    "json_ld_context",
    "json_response",
    "rdf_response",
    "representations_doc",
]

#: Where the JSON-LD context is published.
CONTEXT_PATH = "/context.jsonld"


class Representation(Enum):
    """A representation of a browsing resource; the value is its media type."""

    JSON = "application/json"
    JSONLD = "application/ld+json"
    TURTLE = "text/turtle"
    HTML = "text/html"

    @property
    def is_rdf(self) -> bool:
        return self in (Representation.JSONLD, Representation.TURTLE)


#: ``format=`` names, and the media types ``Accept`` may name, of each representation.
_NAMES = {
    "json": Representation.JSON,
    "jsonld": Representation.JSONLD,
    "json-ld": Representation.JSONLD,
    "turtle": Representation.TURTLE,
    "ttl": Representation.TURTLE,
    "html": Representation.HTML,
}
_MEDIA = (
    ("application/json", Representation.JSON),
    ("application/ld+json", Representation.JSONLD),
    ("text/turtle", Representation.TURTLE),
    ("application/x-turtle", Representation.TURTLE),
    # Last, so that */* and a tie go to the representations above.
    ("text/html", Representation.HTML),
    ("application/xhtml+xml", Representation.HTML),
)


#: The schema of a JSON-LD document this API writes: an object with its ``@context``.
_JSON_LD_SCHEMA: dict[str, Any] = {"type": "object", "required": ["@context"]}
_TEXT_SCHEMA: dict[str, Any] = {"type": "string"}


class JsonLdResponse(JSONResponse):
    """JSON whose media type is ``application/ld+json``."""

    media_type = Representation.JSONLD.value


def representations_doc(
    description: str, *others: Representation, model: type[BaseModel] | UnionType | None = None
) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entry of a 200 in JSON (described by ``model``, a model or a
    union of models, when given) and in the ``others``:
    ``responses={**representations_doc("...", Representation.HTML, model=M), ...}``."""
    content: dict[str, Any] = {}
    for representation in others:
        schema = _JSON_LD_SCHEMA if representation is Representation.JSONLD else _TEXT_SCHEMA
        content[representation.value] = {"schema": schema}
    answer: dict[str, Any] = {"description": description, "content": content}
    if model is not None:
        answer["model"] = model
    return {200: answer}


def json_ld_context() -> dict[str, Any]:
    """The JSON-LD context document: the project's prefixes, and ``id``/``type`` for ``@id`` and
    ``@type``."""
    return {"@context": {**PREFIXES, "id": "@id", "type": "@type"}}


def choose_representation(
    request: Request, format_name: str | None, *, rdf: bool = True, html: bool = False
) -> Representation:
    """The representation to answer in: ``format`` first, then ``Accept``; JSON when neither says.

    ``rdf=False`` for routes that answer JSON only; ``html=True`` for routes with an HTML page.
    """
    offered = [r for r in Representation
               if (rdf or not r.is_rdf) and (html or r is not Representation.HTML)]
    if format_name is not None and format_name.strip():
        name = format_name.strip().lower()
        chosen = _NAMES.get(name)
        if chosen is None:
            raise ApiError(422, "invalid_request", f"format: unknown format {format_name!r}; "
                                                   "use json, jsonld, turtle or html")
        if chosen not in offered:
            raise _not_acceptable(offered, f"format={name}")
        return chosen
    accept = request.headers.get("accept")
    ranges = parse_accept(accept)
    if not ranges:
        return Representation.JSON
    best: tuple[float, int, int] = (0.0, -1, 0)
    chosen = None
    for index, (media, representation) in enumerate(_MEDIA):
        if representation not in offered:
            continue
        quality, specificity = _quality(ranges, media)
        rank = (quality, specificity, -index)
        if quality > 0 and (chosen is None or rank > best):
            best, chosen = rank, representation
    if chosen is None:
        raise _not_acceptable(offered, f"Accept: {accept}")
    return chosen


def json_response(document: Mapping[str, Any], *, status: int = 200) -> JSONResponse:
    """``document`` as JSON, with ``Vary: Accept`` (the same URL also serves RDF)."""
    return JSONResponse(dict(document), status_code=status, headers={"Vary": "Accept"})


def rdf_response(
    request: Request, triples: Iterable[Triple], representation: Representation
) -> Response:
    """The triples as Turtle, or as JSON-LD compacted with the published context (whose URL
    stands in the document's ``@context``)."""
    headers = {"Vary": "Accept"}
    if representation is Representation.TURTLE:
        body = serialize_graph(triples, ResultFormat.TURTLE, PREFIXES)
        return Response(body, media_type="text/turtle; charset=utf-8", headers=headers)
    graph = Graph(bind_namespaces="none")
    for triple in triples:
        graph.add(triple)
    context = json_ld_context()["@context"]
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    document = json.loads(text)
    if isinstance(document, dict):
        document["@context"] = str(request.base_url).rstrip("/") + CONTEXT_PATH
    else:  # an empty graph compacts to a list
        document = {"@context": str(request.base_url).rstrip("/") + CONTEXT_PATH, "@graph": []}
    return Response(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"),
                    media_type=Representation.JSONLD.value, headers=headers)


def _quality(ranges: list[tuple[str, float]], media: str) -> tuple[float, int]:
    """(q, specificity) of the most specific range matching ``media``; (0, -1) if none does."""
    kind = media.split("/")[0]
    best = (0.0, -1)
    for pattern, quality in ranges:
        specificity = 2 if pattern == media else 1 if pattern == kind + "/*" else (
            0 if pattern == "*/*" else -1)
        if specificity > best[1]:
            best = (quality, specificity)
    return best


def _not_acceptable(offered: list[Representation], asked: str) -> ApiError:
    names = ", ".join(f"{r.value} (format={r.name.lower()})" for r in offered)
    return ApiError(406, "not_acceptable", f"this resource cannot be served for {asked}; "
                                           f"available: {names}")
