"""Minting the IRIs of the graph, all under one configurable base.

Every IRI the project writes is built here, so the shape of the graph's identifiers lives in one
place. The base defaults to :data:`DEFAULT_BASE` and is overridden by the ``UNKG_BASE_IRI``
environment variable (:meth:`Iris.from_env`) or the command line::

    {base}id/resolution/{slug}           a resolution, by its symbol slug (A_RES_65_230)
    {base}id/resolution/file/{stem}      a resolution whose symbol could not be read, by file stem
    {base}id/decision/{slug}             a decision
    {base}id/document/{slug}             any other UN document, presidential statements included
    {base}id/instrument/{key}            a named instrument (gazetteer key)
    {base}id/body/{key}                  a body or an actor (registry or extracted key)
    {base}id/meeting/{key}               a meeting
    {resolution}/{para_id}               a paragraph: o6, p2
    {paragraph}/{label}                  a sub-paragraph: (a) -> a, (iv) -> iv
    {resolution}/fn/{marker}             a footnote
    {owner}/ref/{n}                      the n-th reference of a paragraph or footnote
    {paragraph}/mandate/{n}              the n-th mandate of a paragraph
    {base}graph/{slug}                   a named graph
    {base}source/{sha256}                a source file, by the SHA-256 of its bytes
    {base}activity/{sha256}/{version}    one extraction of a source by a version of the extractor

Keys, slugs and labels become single path segments: anything outside the unreserved characters
and ``(`` ``)`` is percent-encoded, so ``/``, spaces and ``%`` never leak into the path.
:meth:`Iris.parse` reads an entity IRI back into its kind and decoded key.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from unkg.graph.symbols import Symbol, SymbolKind

__all__ = ["DEFAULT_BASE", "ENV_VAR", "Iris"]

#: The base of every IRI unless configured otherwise.
DEFAULT_BASE = "https://w3id.org/unkg/"
#: The environment variable that overrides :data:`DEFAULT_BASE`.
ENV_VAR = "UNKG_BASE_IRI"

_ENTITY = re.compile(
    r"""
    id/(?P<kind>resolution|decision|document|instrument|body|meeting)  # what the IRI names
    /(?P<key>(?:file/)?[^/?\#]+)                                        # its key (file/ for stems)
    """,
    re.VERBOSE,
)
_FORBIDDEN_IN_BASE = re.compile(r"[\s<>\"{}|\\^`]")
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Iris:
    """The IRI minter for one base: an absolute http(s) IRI ending in ``/``.

    >>> Iris().symbol(Symbol.parse("A/RES/65/230"))
    'https://w3id.org/unkg/id/resolution/A_RES_65_230'
    """

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        parts = urlsplit(self.base)
        if (parts.scheme not in ("http", "https") or not parts.netloc or parts.query
                or parts.fragment or not self.base.endswith("/")
                or _FORBIDDEN_IN_BASE.search(self.base)):
            raise ValueError(
                f"base IRI {self.base!r} must be an absolute http(s) IRI, without query or "
                "fragment, ending in '/'"
            )

    @classmethod
    def from_env(cls) -> Iris:
        """The minter for ``$UNKG_BASE_IRI``, or for :data:`DEFAULT_BASE` when it is unset/empty."""
        return cls(os.environ.get(ENV_VAR) or DEFAULT_BASE)

    def symbol(self, symbol: Symbol) -> str:
        """A resolution, decision or other document, by the slug of its symbol."""
        kind = {SymbolKind.RESOLUTION: "resolution", SymbolKind.DECISION: "decision"}.get(
            symbol.kind, "document"
        )
        return f"{self.base}id/{kind}/{_segment(symbol.slug)}"

    def resolution_without_symbol(self, stem: str) -> str:
        """A resolution whose symbol is unknown, by the stem of its source file."""
        return f"{self.base}id/resolution/file/{_segment(stem)}"

    def instrument(self, key: str) -> str:
        return f"{self.base}id/instrument/{_segment(key)}"

    def body(self, key: str) -> str:
        """A body or an actor (``ccpcj``, ``member-states``)."""
        return f"{self.base}id/body/{_segment(key)}"

    def meeting(self, key: str) -> str:
        return f"{self.base}id/meeting/{_segment(key)}"

    def paragraph(self, resolution_iri: str, para_id: str) -> str:
        """A paragraph of a resolution, by :attr:`Paragraph.id` (``o6``, ``p2``)."""
        return f"{resolution_iri}/{_segment(para_id)}"

    def subparagraph(self, paragraph_iri: str, label: str) -> str:
        """A sub-paragraph, by its label without brackets: ``(a)`` gives ``{paragraph}/a``."""
        return f"{paragraph_iri}/{_segment(label.strip().strip('().').strip())}"

    def footnote(self, resolution_iri: str, marker: str) -> str:
        return f"{resolution_iri}/fn/{_segment(marker)}"

    def reference(self, owner_iri: str, n: int) -> str:
        """The ``n``-th reference of a paragraph or footnote."""
        return f"{owner_iri}/ref/{_index(n)}"

    def mandate(self, paragraph_iri: str, n: int) -> str:
        """The ``n``-th mandate (request, invitation, ...) of an operative paragraph."""
        return f"{paragraph_iri}/mandate/{_index(n)}"

    def graph(self, slug: str) -> str:
        """The named graph of one source document."""
        return f"{self.base}graph/{_segment(slug)}"

    def source(self, sha256: str) -> str:
        """A source file, by the hex SHA-256 of its bytes."""
        return f"{self.base}source/{_digest(sha256)}"

    def activity(self, sha256: str, version: str) -> str:
        """The extraction of source ``sha256`` by extractor ``version`` (a ``prov:Activity``)."""
        return f"{self.base}activity/{_digest(sha256)}/{_segment(version)}"

    def parse(self, iri: str) -> tuple[str, str] | None:
        """``(kind, key)`` for an entity IRI minted under this base, the key decoded; ``None`` for
        any other IRI (another base, a paragraph, a graph). Kinds: resolution, decision, document,
        instrument, body, meeting. A resolution minted from a file stem gives ``file/<stem>``."""
        if not iri.startswith(self.base):
            return None
        match = _ENTITY.fullmatch(iri[len(self.base):])
        if match is None or (match["key"].startswith("file/") and match["kind"] != "resolution"):
            return None
        key = match["key"]
        if key.startswith("file/"):
            return match["kind"], "file/" + unquote(key.removeprefix("file/"))
        return match["kind"], unquote(key)


def _segment(value: str) -> str:
    """``value`` as one IRI path segment: unreserved characters and ``()`` kept, the rest
    percent-encoded; ``.`` and ``..`` are encoded too, since they would move up the path."""
    if not value:
        raise ValueError("an IRI key must not be empty")
    if value in (".", ".."):
        return value.replace(".", "%2E")
    return quote(value, safe="()")


def _index(n: int) -> int:
    if n < 0:
        raise ValueError(f"an IRI index must not be negative: {n}")
    return n


def _digest(sha256: str) -> str:
    digest = sha256.lower()
    if not _SHA256.fullmatch(digest):
        raise ValueError(f"not a hex SHA-256 digest: {sha256!r}")
    return digest
