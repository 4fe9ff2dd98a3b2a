"""The one place that turns what a browsing URL names into an IRI, and an IRI into its URL.

A resolution, decision or other document is named in a URL by its symbol's slug
(``A_RES_65_230``, ``S_RES_43(1948)``, ``E_CN.15_RES_22_7``) or by the full symbol
(``A/RES/65/230``, ``S/RES/43 (1948)``, URL-encoded or not: ``A%2FRES%2F65%2F230``). The slug is
the symbol with spaces dropped and ``/`` turned into ``_``, and reads back to the same symbol
(:meth:`~unkg.graph.symbols.Symbol.from_slug`); a resolution whose symbol could not be read is
``file/<stem>`` (its source file's stem). Instruments and bodies are named by their key
(``salvador-declaration``, ``ccpcj``); a body also by its acronym (``CCPCJ``).

Every IRI minted by :class:`~unkg.graph.iris.Iris` has one describing document here::

    {base}id/resolution/{slug}    /resolutions/{slug}
    {base}id/decision/{slug}      /resolutions/{slug}
    {base}id/document/{slug}      /documents/{slug}
    {base}id/instrument/{key}     /instruments/{key}
    {base}id/body/{key}           /bodies/{key}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request
from unkg.api.errors import ApiError
from unkg.graph.bodies import BODIES
from unkg.graph.iris import Iris
from unkg.graph.symbols import Symbol, SymbolKind

from unkg.errors import SymbolError

__all__ = [
    "ROUTE_OF_KIND",
    "WorkId",
    "body_key",
    "href",
    "href_of",
    "iris_of",
    "is_resolution_kind",
    "parse_key",
    "parse_work_id",
]

#: The collection that describes each kind of IRI (see :meth:`Iris.parse`).
ROUTE_OF_KIND = {
    "resolution": "resolutions",
    "decision": "resolutions",
    "document": "documents",
    "instrument": "instruments",
    "body": "bodies",
}

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._()\-]*")  # an instrument or body key, an acronym


@dataclass(frozen=True)
class WorkId:
    """A document named in a URL: its IRI, its key in URLs (the slug, or ``file/<stem>``) and its
    symbol (``None`` for ``file/<stem>``)."""

    iri: str
    key: str
    symbol: Symbol | None


def iris_of(request: Request) -> Iris:
    """The IRI minter of the application: ``app.state.iris`` if set, else ``$UNKG_BASE_IRI``."""
    configured = getattr(request.app.state, "iris", None)
    return configured if isinstance(configured, Iris) else Iris.from_env()


def parse_work_id(text: str, iris: Iris, *, field: str = "id") -> WorkId:
    """The document a URL names by symbol, slug or ``file/<stem>``; 422 naming ``field`` when it is
    none of these.

    >>> parse_work_id("A/RES/65/230", Iris()).iri
    'https://w3id.org/unkg/id/resolution/A_RES_65_230'
    >>> parse_work_id("S_RES_43(1948)", Iris()).symbol
    Symbol(value='S/RES/43 (1948)')
    """
    value = text.strip()
    if value.startswith("file/") and len(value) > len("file/"):
        return WorkId(iris.resolution_without_symbol(value.removeprefix("file/")), value, None)
    if not value:
        raise ApiError(422, "invalid_request", f"{field}: give a symbol (A/RES/65/230) or its slug "
                                               "(A_RES_65_230)")
    try:
        symbol = Symbol.parse(value) if "/" in value or " " in value else Symbol.from_slug(value)
    except SymbolError as error:
        raise ApiError(
            422, "invalid_request",
            f"{field}: {value!r} is neither a UN document symbol (A/RES/65/230) nor its slug "
            f"(A_RES_65_230): {error}",
        ) from None
    return WorkId(iris.symbol(symbol), symbol.slug, symbol)


def parse_key(text: str, *, field: str = "key") -> str:
    """An instrument or body key as written in a URL; 422 naming ``field`` if it cannot be one."""
    if not _KEY.fullmatch(text):
        raise ApiError(422, "invalid_request",
                       f"{field}: {text!r} is not a key (letters, digits and '-', like ccpcj)")
    return text


def body_key(text: str, *, field: str = "key") -> str:
    """The registry key of a body named by key or acronym in any case (``CCPCJ`` -> ``ccpcj``);
    other keys (expert groups the extractor named) are kept as given. 422 naming ``field`` for
    text that cannot be a key."""
    key = parse_key(text, field=field)
    if key in BODIES:
        return key
    folded = key.casefold()
    for row in BODIES.values():
        if folded in (row.key, (row.acronym or "").casefold()):
            return row.key
    return key


def href(kind: str, key: str) -> str | None:
    """The path describing the entity of ``kind`` and ``key`` (as :meth:`Iris.parse` gives them),
    or ``None`` when this API has no page for that kind (meetings)."""
    collection = ROUTE_OF_KIND.get(kind)
    if collection is None:
        return None
    if key.startswith("file/"):
        return f"/{collection}/file/{quote(key.removeprefix('file/'), safe='()')}"
    return f"/{collection}/{quote(key, safe='()')}"


def href_of(iri: str, iris: Iris) -> str | None:
    """The path describing ``iri``, or ``None`` for an IRI without one (another base, a
    paragraph, a meeting)."""
    parsed = iris.parse(iri)
    return None if parsed is None else href(*parsed)


def is_resolution_kind(symbol: Symbol | None) -> bool:
    """Whether ``/resolutions`` describes documents with this symbol (resolutions, decisions)."""
    return symbol is None or symbol.kind in (SymbolKind.RESOLUTION, SymbolKind.DECISION)
