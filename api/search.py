"""Full-text search over the text of paragraphs and footnotes: ``GET /search``.

The route reads the store's text index (:mod:`unkg.graph.textindex`, kept in step by the store
itself, searched with tantivy) and answers the passages that match ``q``, best first (bm25), each
with its resolution, body, year, kind and a highlighted snippet (HTML: matches in ``<mark>``, the
rest escaped), a page at a time (``limit``, ``cursor``) with the exact ``total``. ``body``,
``year`` and ``kind`` filter.

A bad parameter is a 422 naming it (a ``q`` with an unclosed quote or nothing to search for
included); the search stops after the server's query time limit (503), like every query.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from unkg.api.errors import ApiError, error_responses
from unkg.api.negotiation import choose_representation, json_response, representations_doc
from unkg.api.paths import body_key, href, href_of, iris_of
from unkg.api.settings import Settings
from unkg.graph.iris import Iris
from unkg.graph.textindex import PassageKind, SearchHit, TextIndex, TextQueryError

__all__ = ["router"]

router = APIRouter(tags=["Search"])

Q_DESCRIPTION = (
    "What to look for: words (all must appear, in any order; `crimes` finds `crime`), "
    '`"an exact phrase"`, `prefix*`, and `OR` between alternatives (`piracy OR cybercrime`). '
    "Any other punctuation is read as text, never as search syntax."
)


class HitParagraphModel(BaseModel):
    iri: str
    id: str | None = Field(description="o3, fn/2: its id within the resolution")
    href: str | None


class HitResolutionModel(BaseModel):
    iri: str
    symbol: str | None
    href: str | None


class HitBodyModel(BaseModel):
    key: str
    href: str | None


class HitModel(BaseModel):
    paragraph: HitParagraphModel
    kind: PassageKind
    resolution: HitResolutionModel
    body: HitBodyModel | None
    year: int | None
    snippet: str = Field(description="HTML: the matches in <mark>, the rest escaped")
    score: float


class SearchPageModel(BaseModel):
    q: str
    total: int = Field(description="Every match, on all pages")
    count: int
    limit: int
    next_cursor: str | None = Field(description="null on the last page")
    next: str | None = Field(description="The URL of the next page; null on the last page")
    hits: list[HitModel]


@router.get("/search", summary="Search the text of paragraphs and footnotes",
            responses={**representations_doc("The hits, best first", model=SearchPageModel),
                       **error_responses(406, 422, 501, 503)})
def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=500, description=Q_DESCRIPTION,
                   examples=["cybercrime", '"international cooperation"', "piracy OR cybercrime"]),
    body: str | None = Query(None, description="The adopting body: key or acronym (ccpcj, SC)",
                             examples=["ccpcj", "SC"]),
    year: int | None = Query(None, ge=1945, le=2100, description="The year of adoption"),
    kind: Annotated[PassageKind | None,
                    Query(description="preambular, operative or footnote")] = None,
    limit: int = Query(20, ge=1, le=100, description="Hits per page"),
    cursor: str | None = Query(None, description="The next_cursor of the previous page"),
    format: str | None = Query(None, description="json; this route answers JSON only",
                               examples=["json"]),
) -> JSONResponse:
    """The paragraphs and footnotes whose text matches `q`, best first: each hit names the
    `paragraph` (IRI, id such as `o3` or `fn/2`, and its place on the resolution's page), its
    `kind`, the `resolution` (IRI, symbol, link), the adopting `body`, the `year` and a `snippet`
    of HTML with the matches in `<mark>`. `total` counts every match; `next_cursor` (with `next`,
    the URL of the next page) is `null` on the last page."""
    choose_representation(request, format, rdf=False)
    wanted = body_key(body, field="body") if body else None
    offset = _decode_cursor(cursor) if cursor else 0
    index = getattr(request.app.state.store, "text_index", None)
    if not isinstance(index, TextIndex):
        raise ApiError(501, "not_implemented", "this store has no full-text index")
    settings: Settings = request.app.state.settings
    try:
        page = index.search(q, body=wanted, year=year, kind=kind, limit=limit, offset=offset,
                            timeout=settings.query_timeout)
    except TextQueryError as error:
        raise ApiError(422, "invalid_request", str(error)) from None
    iris = iris_of(request)
    more = offset + limit < page.total
    next_cursor = _encode_cursor(offset + limit) if more else None
    params = {name: value for name, value in (("q", q), ("body", body), ("year", year),
                                               ("kind", kind.value if kind else None))
              if value is not None}
    return json_response({
        "q": q,
        "total": page.total,
        "count": len(page.hits),
        "limit": limit,
        "next_cursor": next_cursor,
        "next": "/search?" + urlencode({**params, "limit": limit, "cursor": next_cursor})
                if next_cursor else None,
        "hits": [_hit(hit, iris) for hit in page.hits],
    })


def _hit(hit: SearchHit, iris: Iris) -> dict[str, Any]:
    resolution_href = href_of(hit.resolution, iris)
    prefix = hit.resolution + "/"
    local = hit.iri[len(prefix):] if hit.iri.startswith(prefix) else None
    return {
        "paragraph": {
            "iri": hit.iri,
            "id": local,
            "href": f"{resolution_href}#{local}" if resolution_href and local else None,
        },
        "kind": hit.kind.value,
        "resolution": {"iri": hit.resolution, "symbol": hit.symbol, "href": resolution_href},
        "body": None if hit.body is None else {"key": hit.body, "href": href("body", hit.body)},
        "year": hit.year,
        "snippet": hit.snippet,
        "score": hit.score,
    }


def _encode_cursor(offset: int) -> str:
    raw = json.dumps({"offset": offset}).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        offset = json.loads(raw.decode("utf-8"))["offset"]
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise ValueError("not an offset")
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, KeyError):
        raise ApiError(422, "invalid_request",
                       "cursor: not a cursor this API gave (use next_cursor as it is)") from None
    return offset
