"""The list of ingested resolutions behind ``GET /resolutions``: filters, order and cursors.

Owns turning the rows of :meth:`~unkg.api.resources.Reader.documents` into list items (kept per
store until it changes, :attr:`~unkg.graph.store.Store.generation`), filtering them by body, year
and words, ordering them newest first (by adoption date, then symbol in natural order: undated
last) and cutting pages. A cursor is the position of the last item of a page (its date, symbol
and IRI, base64url-encoded JSON): the next page starts after it, so a page never repeats or skips
an item when resolutions are added meanwhile.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import weakref
from typing import Any

from pydantic import BaseModel, Field
from unkg.api.errors import ApiError
from unkg.api.paths import href
from unkg.api.resources import Reader, Row
from unkg.api.views import local_name, most_specific, plain
from unkg.graph.iris import Iris
from unkg.graph.store import Store

__all__ = ["ListPageModel", "list_page"]

Item = dict[str, Any]
_SortKey = tuple[str, tuple[tuple[int, int | str], ...], str]

#: The list items of each store, with the store generation and IRI base they were read at.
_LISTINGS: weakref.WeakKeyDictionary[Store, tuple[tuple[int, str], list[Item]]]
_LISTINGS = weakref.WeakKeyDictionary()
_LISTINGS_LOCK = threading.Lock()


def list_page(reader: Reader, iris: Iris, *, body: str | None, year: int | None, q: str | None,
              cursor: str | None, limit: int) -> Item:
    """One page of the ingested documents adopted by ``body`` (a registry key) in ``year`` whose
    symbol or title holds every word of ``q`` (any case), after ``cursor``: ``total`` (every
    match), ``count``, ``limit``, ``next_cursor`` (``None`` on the last page), ``next`` (left
    ``None`` for the route to fill in) and ``items``."""
    after = _decode_cursor(cursor) if cursor else None
    words = (q or "").casefold().split()
    items = [item for item in _listing(reader, iris)
             if (body is None or (item["body"] or {}).get("key") == body)
             and (year is None or (item["date"] or "")[:4] == str(year))
             and all(w in f"{item['symbol'] or ''} {item['title'] or ''}".casefold()
                     for w in words)]
    items.sort(key=_sort_key, reverse=True)
    start = 0 if after is None else next(
        (i for i, item in enumerate(items) if _sort_key(item) < after), len(items))
    page = items[start:start + limit]
    next_cursor = _encode_cursor(page[-1]) if start + limit < len(items) else None
    return {"total": len(items), "count": len(page), "limit": limit,
            "next_cursor": next_cursor, "next": None, "items": page}


def _listing(reader: Reader, iris: Iris) -> list[Item]:
    """The list items of the store, read again only after it changed."""
    key = (reader.store.generation, iris.base)
    with _LISTINGS_LOCK:
        cached = _LISTINGS.get(reader.store)
        if cached is not None and cached[0] == key:
            return cached[1]
        items = _list_items(reader.documents(), iris)
        _LISTINGS[reader.store] = (key, items)
        return items


def _list_items(rows: list[Row], iris: Iris) -> list[Item]:
    """One item per document, its classes folded into the most specific."""
    merged: dict[str, Item] = {}
    classes: dict[str, set[str]] = {}
    for row in rows:
        iri = str(row["document"])
        classes.setdefault(iri, set()).add(local_name(row.get("class")))
        if iri in merged:
            continue
        parsed = iris.parse(iri)
        body = row.get("body")
        body_parsed = iris.parse(str(body)) if body is not None else None
        merged[iri] = {
            "iri": iri,
            "id": parsed[1] if parsed is not None else None,
            "href": href(*parsed) if parsed is not None else None,
            "symbol": plain(row.get("symbol")),
            "label": plain(row.get("label")),
            "title": plain(row.get("title")),
            "date": plain(row.get("date")),
            "body": None if body is None else {
                "iri": str(body),
                "key": body_parsed[1] if body_parsed is not None else None,
                "label": plain(row.get("bodyLabel")),
                "href": href(*body_parsed) if body_parsed is not None else None,
            },
        }
    for iri, item in merged.items():
        item["type"] = most_specific(classes[iri])
    return list(merged.values())


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in re.split(r"(\d+)", text) if t)


def _sort_key(item: Item) -> _SortKey:
    return (item["date"] or "", _natural(item["symbol"] or item["label"] or ""), item["iri"])


def _encode_cursor(item: Item) -> str:
    state = [item["date"] or "", item["symbol"] or item["label"] or "", item["iri"]]
    return base64.urlsafe_b64encode(json.dumps(state).encode("utf-8")).decode("ascii").rstrip("=")


def _decode_cursor(cursor: str) -> _SortKey:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        date, name, iri = json.loads(raw.decode("utf-8"))
        if not all(isinstance(part, str) for part in (date, name, iri)):
            raise ValueError("not three strings")
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise ApiError(422, "invalid_request",
                       "cursor: not a cursor this API gave (use next_cursor as it is)") from None
    return date, _natural(name), iri


# -- the shape, for the OpenAPI schema -----------------------------------------------------------


class ListBodyModel(BaseModel):
    iri: str
    key: str | None
    label: str | None
    href: str | None


class ListItemModel(BaseModel):
    iri: str
    id: str | None = Field(description="The symbol slug: A_RES_65_230")
    href: str | None
    symbol: str | None
    label: str | None
    title: str | None
    date: str | None
    body: ListBodyModel | None
    type: str | None


class ListPageModel(BaseModel):
    """A page of :func:`list_page`, with the route's ``next`` URL."""

    total: int = Field(description="Every match, on all pages")
    count: int
    limit: int
    next_cursor: str | None = Field(description="null on the last page")
    next: str | None = Field(description="The URL of the next page; null on the last page")
    items: list[ListItemModel]
