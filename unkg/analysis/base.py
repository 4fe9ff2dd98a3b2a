"""What the analyses share: checking their arguments, the ingested resolutions as one table,
works picked by kind, and frames of fixed columns and dtypes.

Owns :class:`WorkKind` (what an analysis counts as a cited work), :class:`Resolution` (an
ingested resolution as the analyses see it), :func:`catalogue` (every ingested resolution, from
one SPARQL query matched inside ``GRAPH ?g``), :func:`find` (a symbol as the caller wrote it, to
one of those), :func:`typed_frame` (rows to a DataFrame whose empty form keeps its columns and
dtypes) and the argument checks, which raise :class:`~unkg.errors.QueryError` naming the argument.
Everything here goes through :meth:`KnowledgeGraph.query <unkg.client.kg.KnowledgeGraph.query>`,
so it works the same over the embedded store and a remote endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import pandas as pd
from rdflib import URIRef

from unkg.client.facts import NotFoundError
from unkg.client.kg import KnowledgeGraph
from unkg.errors import QueryError, SymbolError
from unkg.graph.named_queries import Param, ParamType
from unkg.graph.symbols import Symbol
from unkg.ontology import PREFIXES

__all__ = [
    "Resolution",
    "WorkKind",
    "body_key",
    "catalogue",
    "cites",
    "find",
    "positive",
    "typed_frame",
    "work_kind",
]

#: The PREFIX lines of the analyses' own queries.
HEAD = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n"
               for name in ("unkg", "rdfs", "dcterms", "prov"))

#: Every ingested resolution (its own graph says how it was generated), with what its graph says
#: of its symbol, title, date and adopting body.
CATALOGUE_QUERY = HEAD + """
SELECT DISTINCT ?resolution ?symbol ?title ?date ?body
WHERE {
  GRAPH ?g {
    ?resolution prov:wasGeneratedBy ?activity ;
                dcterms:identifier ?symbol .
    OPTIONAL { ?resolution dcterms:title ?title }
    OPTIONAL { ?resolution dcterms:date ?date }
    OPTIONAL { ?resolution unkg:adoptedBy ?body }
  }
}
"""

#: What ingested resolutions cite: one row per citing resolution and cited work. Every reference
#: of a resolution states ``unkg:cites`` on it, so these are the edges of the citation graph,
#: without the facts about each work that make building the whole graph slow on a large store.
CITES_QUERY = HEAD + """
SELECT DISTINCT ?citing ?cited
WHERE {
  GRAPH ?g { ?citing unkg:cites ?cited }
}
"""

#: An argument naming a body, converted as the named queries convert theirs.
_BODY = Param("body", ParamType.BODY, None, "a body key or acronym")
#: An IRI given in place of a symbol.
_IRI = re.compile(r"https?://", re.IGNORECASE)


class WorkKind(StrEnum):
    """What counts as a cited work, by the kind its IRI was minted as (the citation graph's node
    attribute ``kind``). ``DOCUMENT`` is a UN document cited by symbol that is neither a
    resolution nor a decision (a report, a note); ``ANY`` is every cited work."""

    INSTRUMENT = "instrument"
    RESOLUTION = "resolution"
    DECISION = "decision"
    DOCUMENT = "document"
    ANY = "any"

    def admits(self, node_kind: str) -> bool:
        """Whether a citation-graph node of kind ``node_kind`` is a work of this kind."""
        return self is WorkKind.ANY or node_kind == self.value


@dataclass(frozen=True)
class Resolution:
    """An ingested resolution: its IRI, symbol, title, adoption date (``None`` when its text
    gives none), adopting body (a registry key, ``""`` when unknown) and year (of the date, else
    of the symbol, ``None`` when neither says)."""

    iri: str
    symbol: str
    title: str
    date: date | None
    body: str
    year: int | None


def work_kind(value: object) -> WorkKind:
    """The ``kind`` argument of an analysis; a :class:`QueryError` naming it when it is none."""
    try:
        return WorkKind(value.strip().lower() if isinstance(value, str) else value)  # type: ignore[arg-type]
    except ValueError:
        choices = ", ".join(repr(k.value) for k in WorkKind)
        raise QueryError(f"kind={value!r}: give one of {choices}") from None


def positive(value: object, name: str, *, minimum: int = 1) -> int:
    """An integer argument of at least ``minimum``; a :class:`QueryError` naming it otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise QueryError(f"{name}={value!r}: give an integer of at least {minimum}")
    return value


def body_key(kg: KnowledgeGraph, body: object, name: str = "body") -> str:
    """The registry key of the body ``body`` (a key or an acronym: ``"ga"``, ``"UNODC"``)."""
    if not isinstance(body, str) or not body.strip():
        raise QueryError(f"{name}={body!r}: give a body key or acronym, such as 'ga' or 'UNODC'")
    try:
        iri = str(_BODY.convert(body, kg.iris))
    except QueryError as error:
        raise QueryError(f"{name}={body!r}: {error}") from None
    parsed = kg.iris.parse(iri)
    return parsed[1] if parsed is not None else iri


def catalogue(kg: KnowledgeGraph) -> dict[str, Resolution]:
    """Every ingested resolution of ``kg``, by IRI. Where graphs disagree (a title, a date), the
    smallest value is kept, so that the answer is stable."""
    rows = kg.query(CATALOGUE_QUERY)
    found: dict[str, Resolution] = {}
    ordered = rows.sort_values(["resolution", "symbol", "title", "date", "body"],
                               na_position="last", kind="stable")
    for row in ordered.itertuples(index=False):
        iri = str(row.resolution)
        if iri in found:
            continue
        day = None if pd.isna(row.date) else pd.Timestamp(row.date).date()
        symbol = str(row.symbol)
        found[iri] = Resolution(
            iri=iri, symbol=symbol, title="" if pd.isna(row.title) else str(row.title),
            date=day, body=body_key_of(kg, row.body), year=day.year if day else symbol_year(symbol))
    return found


def cites(kg: KnowledgeGraph, citing: str | None = None) -> dict[str, set[str]]:
    """What each resolution cites (IRIs), or only what ``citing`` cites: the edges of
    :meth:`~unkg.client.kg.KnowledgeGraph.citation_graph`, from one light query."""
    bindings = {} if citing is None else {"citing": URIRef(citing)}
    frame = kg.query(CITES_QUERY, **bindings)
    found: dict[str, set[str]] = {}
    for source, target in zip(frame["citing"], frame["cited"], strict=True):
        found.setdefault(str(source), set()).add(str(target))
    return found


def find(kg: KnowledgeGraph, symbol: object, name: str, known: Mapping[str, Resolution],
         ) -> Resolution:
    """The ingested resolution ``symbol`` names (a symbol as printed, or an IRI).

    A :class:`QueryError` naming the argument when ``symbol`` is not a symbol; a
    :class:`~unkg.client.NotFoundError` when the store does not hold that resolution's text.
    """
    if not isinstance(symbol, str) or not symbol.strip():
        raise QueryError(f"{name}={symbol!r}: give a symbol such as 'A/RES/78/229'")
    text = symbol.strip()
    try:
        iri = text if _IRI.match(text) else kg.iris.symbol(Symbol.parse(text))
    except SymbolError as error:
        raise QueryError(f"{name}={symbol!r}: {error}") from None
    if iri not in known:
        raise NotFoundError(f"{name}={symbol!r}: the store does not hold the text of {iri}")
    return known[iri]


def typed_frame(columns: Mapping[str, str], rows: Iterable[Sequence[Any]]) -> pd.DataFrame:
    """A DataFrame with ``columns`` (name -> dtype), the same columns and dtypes when empty.
    ``None`` in a row is the dtype's missing value; ``date`` values become ``datetime64``."""
    data = list(rows)
    series: dict[str, pd.Series] = {}
    for i, (name, dtype) in enumerate(columns.items()):
        values = [row[i] for row in data]
        if dtype.startswith("datetime64"):
            series[name] = pd.Series(pd.to_datetime(values), dtype=dtype)
        else:
            series[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(series, columns=list(columns))


def node_year(data: Mapping[str, Any]) -> int | None:
    """The year of a citation-graph node (``None`` for its ``0``, unknown)."""
    year = int(data.get("year") or 0)
    return year or None


def earlier(first: Resolution, second: Resolution) -> bool:
    """Whether ``first`` was adopted before ``second``: by date when both have one, else by the
    symbols' natural order (``A/RES/77/9`` before ``A/RES/77/10``)."""
    if first.date is not None and second.date is not None and first.date != second.date:
        return first.date < second.date
    try:
        return Symbol.parse(first.symbol) < Symbol.parse(second.symbol)
    except SymbolError:
        return first.symbol < second.symbol


def body_key_of(kg: KnowledgeGraph, iri: object) -> str:
    """The registry key of a body's IRI (``""`` for none; an IRI under another base as it is)."""
    if iri is None or pd.isna(iri):
        return ""
    parsed = kg.iris.parse(str(iri))
    return parsed[1] if parsed is not None and parsed[0] == "body" else str(iri)


def symbol_year(symbol: str | None) -> int | None:
    """The year a symbol states (``S/RES/43 (1948)``), if it states one and parses."""
    if symbol is None:
        return None
    try:
        return Symbol.parse(symbol).year
    except SymbolError:
        return None
