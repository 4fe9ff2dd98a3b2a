"""The answers to the common questions, as small frozen dataclasses of plain Python values.

Owns :class:`ResolutionInfo`, :class:`Citation` and :class:`MandateInfo`, the SPARQL behind them
(built on the graph patterns of :mod:`unkg.graph.fact_queries`, which the browsing API shares)
and the shaping of its rows. Values are ``str``, ``int``, :class:`datetime.date`, tuples and
``None``, never rdflib terms. Bodies and addressees are their registry keys (``"ccpcj"``,
``"secretariat"``) when their IRI is under the graph's base, else the IRI; paragraphs are their
ids within the resolution (``"p1"``, ``"o4"``, ``"fn/2"``).

Every query matches inside ``GRAPH ?g {...}`` (the union default graph repeats a triple once per
graph holding it) and binds only variables it returns, which every engine can bind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from rdflib import Literal, URIRef
from rdflib.term import Node

from unkg.errors import SymbolError, UnkgError
from unkg.graph.fact_queries import CITATION, MANDATE, PART_CLASSES
from unkg.graph.iris import Iris
from unkg.graph.store import Store
from unkg.graph.symbols import Symbol
from unkg.ontology import PREFIXES

__all__ = [
    "Citation",
    "MandateInfo",
    "NotFoundError",
    "ResolutionInfo",
    "citations",
    "mandates",
    "resolution_info",
]

#: Rows these queries may return: far above what one resolution or one body has.
MAX_ROWS = 1_000_000

_HEAD = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n"
                for name in ("unkg", "rdfs", "dcterms", "prov"))

#: What the graphs say about one document (the graph that ingested it says ?activity), and its
#: paragraphs and footnotes.
RESOLUTION_QUERY = _HEAD + """
SELECT DISTINCT ?resolution ?activity ?symbol ?title ?date ?body ?bodyLabel ?part ?partClass
WHERE {
  GRAPH ?g {
    {
      ?resolution a unkg:Document .
      OPTIONAL { ?resolution prov:wasGeneratedBy ?activity }
      OPTIONAL { ?resolution dcterms:identifier ?symbol }
      OPTIONAL { ?resolution dcterms:title ?title }
      OPTIONAL { ?resolution dcterms:date ?date }
      OPTIONAL { ?resolution unkg:adoptedBy ?body OPTIONAL { ?body rdfs:label ?bodyLabel } }
    } UNION {
      ?resolution unkg:hasParagraph|unkg:hasFootnote ?part .
      ?part a ?partClass .
      FILTER(?partClass IN (""" + PART_CLASSES + """))
    }
  }
}
"""

#: Every citation: bind ?citing for what a resolution cites, ?work for who cites a work.
CITATIONS_QUERY = CITATION.select(
    "?citing ?work ?reference ?symbol ?date ?workSymbol ?workLabel ?owner ?relation\n"
    "                ?textAsWritten ?pinpoint ?start")

#: Every mandate: bind ?addressee for those addressed to one body.
MANDATES_QUERY = MANDATE.select(
    "?addressee ?mandate ?resolution ?symbol ?date ?adoptedBy ?paragraph ?number ?verb\n"
    "                ?addresseeLabel ?addresseeAsWritten ?action ?start")

_PART_KINDS = {"PreambularParagraph": "preambular", "OperativeParagraph": "operative",
               "Footnote": "footnote"}


class NotFoundError(UnkgError, LookupError):
    """The store knows nothing about the document asked for."""


@dataclass(frozen=True)
class Citation:
    """One citation: ``citing`` (a resolution's IRI) cites ``work`` in its paragraph or footnote
    ``paragraph`` (``"p1"``, ``"fn/2"``), with ``relation`` (``"recalls"``), as
    ``text_as_written``; ``start`` is the offset of that text in the citing source file."""

    citing: str
    citing_symbol: str | None
    citing_date: date | None
    work: str
    work_symbol: str | None
    work_label: str | None
    relation: str
    paragraph: str
    text_as_written: str
    pinpoint: str | None
    start: int | None


@dataclass(frozen=True)
class ResolutionInfo:
    """A resolution (or another document) as the store knows it. ``ingested`` says whether the
    store holds its text; one known only because others cite it has no paragraphs, no
    references and often no title."""

    iri: str
    symbol: str | None
    title: str | None
    date: date | None
    body: str | None
    body_label: str | None
    ingested: bool
    paragraphs: int
    preambular: int
    operative: int
    footnotes: int
    references: tuple[Citation, ...]


@dataclass(frozen=True)
class MandateInfo:
    """One request of an operative paragraph: ``verb`` (``"requests"``) ``addressee`` (a body
    key, or an IRI) ``action``, in ``paragraph`` (``"o4"``, printed number ``number``) of the
    resolution ``resolution``, adopted by ``adopted_by``."""

    resolution: str
    symbol: str | None
    date: date | None
    adopted_by: str | None
    paragraph: str
    number: str | None
    verb: str
    addressee: str
    addressee_label: str | None
    addressee_as_written: str | None
    action: str
    start: int | None


def resolution_info(store: Store, iri: str, iris: Iris, *, timeout: float | None = None,
                    ) -> ResolutionInfo:
    """What ``store`` says about the document ``iri``; :class:`NotFoundError` if nothing."""
    rows = _select(store, RESOLUTION_QUERY, {"resolution": URIRef(iri)}, timeout)
    if not rows:
        raise NotFoundError(f"the store knows no document {iri}")
    ingested = any("activity" in row for row in rows)
    chosen: dict[str, Node] = {}
    for row in sorted(rows, key=lambda r: ("activity" not in r, sorted(map(str, r.values())))):
        for name in ("symbol", "title", "date", "body", "bodyLabel"):
            if name in row and name not in chosen:
                chosen[name] = row[name]
    parts: dict[str, set[str]] = {kind: set() for kind in _PART_KINDS.values()}
    for row in rows:
        if "part" in row:
            parts[_PART_KINDS[_local(row["partClass"])]].add(str(row["part"]))
    symbol = _text(chosen.get("symbol"))
    body = _key(chosen.get("body"), iris) or _symbol_body(symbol)
    references = citations(store, iris, citing=iri, timeout=timeout) if ingested else []
    return ResolutionInfo(
        iri=iri, symbol=symbol, title=_text(chosen.get("title")),
        date=_date(chosen.get("date")), body=body, body_label=_text(chosen.get("bodyLabel")),
        ingested=ingested,
        paragraphs=len(parts["preambular"]) + len(parts["operative"]),
        preambular=len(parts["preambular"]), operative=len(parts["operative"]),
        footnotes=len(parts["footnote"]), references=tuple(references),
    )


def citations(store: Store, iris: Iris, *, citing: str | None = None, work: str | None = None,
              timeout: float | None = None) -> list[Citation]:
    """The citations made by ``citing`` or of ``work`` (IRIs), in the citing resolutions' order
    of adoption (undated last), then in document order."""
    bindings = {name: URIRef(value) for name, value in (("citing", citing), ("work", work))
                if value is not None}
    found: dict[str, Citation] = {}
    for row in _select(store, CITATIONS_QUERY, bindings, timeout):
        reference = str(row["reference"])
        citation = Citation(
            citing=str(row["citing"]), citing_symbol=_text(row.get("symbol")),
            citing_date=_date(row.get("date")), work=str(row["work"]),
            work_symbol=_text(row.get("workSymbol")), work_label=_text(row.get("workLabel")),
            relation=str(row["relation"]) or "cites",
            paragraph=_relative(row["owner"], row["citing"]),
            text_as_written=str(row["textAsWritten"]), pinpoint=_text(row.get("pinpoint")),
            start=_int(row.get("start")),
        )
        known = found.get(reference)
        if known is None or _smaller(citation, known):  # several labels: keep one, stably
            found[reference] = citation
    return sorted(found.values(), key=lambda c: (
        c.citing_date is None, c.citing_date or date.min, c.citing_symbol or "", c.citing,
        c.start if c.start is not None else -1, c.work))


def mandates(store: Store, iris: Iris, *, addressee: str | None = None,
             adopted_by: str | None = None, timeout: float | None = None) -> list[MandateInfo]:
    """The mandates addressed to ``addressee`` and given by resolutions ``adopted_by`` adopted
    (body IRIs; ``None``: any), in order of adoption (undated last), then in document order."""
    bindings = {} if addressee is None else {"addressee": URIRef(addressee)}
    found: dict[str, MandateInfo] = {}
    for row in _select(store, MANDATES_QUERY, bindings, timeout):
        if adopted_by is not None and str(row.get("adoptedBy", "")) != adopted_by:
            continue
        info = MandateInfo(
            resolution=str(row["resolution"]), symbol=_text(row.get("symbol")),
            date=_date(row.get("date")), adopted_by=_key(row.get("adoptedBy"), iris),
            paragraph=_relative(row["paragraph"], row["resolution"]),
            number=_text(row.get("number")), verb=str(row["verb"]),
            addressee=_key(row["addressee"], iris) or str(row["addressee"]),
            addressee_label=_text(row.get("addresseeLabel")),
            addressee_as_written=_text(row.get("addresseeAsWritten")),
            action=str(row["action"]), start=_int(row.get("start")),
        )
        key = str(row["mandate"])
        known = found.get(key)
        if known is None or _smaller(info, known):
            found[key] = info
    return sorted(found.values(), key=lambda m: (
        m.date is None, m.date or date.min, m.symbol or "", m.resolution,
        m.start if m.start is not None else -1, m.addressee))


# -- internals -----------------------------------------------------------------------------------


def _select(store: Store, sparql: str, bindings: Mapping[str, Node],
            timeout: float | None) -> list[dict[str, Node]]:
    """The rows of a SELECT, each a dict of the variables it binds."""
    result = store.query(sparql, bindings=bindings, timeout=timeout, max_rows=MAX_ROWS)
    return [{name: term for name, term in zip(result.variables, row, strict=True)
             if term is not None} for row in result.rows]


def _smaller(new: object, old: object) -> bool:
    return repr(new) < repr(old)


def _text(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _int(term: Node | None) -> int | None:
    value = term.toPython() if isinstance(term, Literal) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _date(term: Node | None) -> date | None:
    value = term.toPython() if isinstance(term, Literal) else None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _local(term: Node) -> str:
    return str(term).rpartition("#")[2]


def _relative(part: Node, owner: Node) -> str:
    """``p1`` for ``{resolution}/p1``: a part's IRI relative to its resolution's."""
    text, prefix = str(part), str(owner) + "/"
    return text[len(prefix):] if text.startswith(prefix) else text


def _key(term: Node | None, iris: Iris) -> str | None:
    """A body's key for its IRI under ``iris``' base, else the IRI."""
    if term is None:
        return None
    parsed = iris.parse(str(term))
    return parsed[1] if parsed is not None and parsed[0] == "body" else str(term)


def _symbol_body(symbol: str | None) -> str | None:
    if symbol is None:
        return None
    try:
        return Symbol.parse(symbol).body
    except SymbolError:
        return None
