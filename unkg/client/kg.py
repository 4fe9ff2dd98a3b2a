"""The knowledge graph as a researcher uses it: :class:`KnowledgeGraph`, one interface over any
:class:`~unkg.graph.store.Store` (the embedded store, or a remote SPARQL endpoint).

Owns what the client adds on top of a store: queries run by SPARQL text or by the name of a
named query, their parameters typed from Python values, results as DataFrames
(:mod:`unkg.client.frames`), the common questions as dataclasses (:mod:`unkg.client.facts`) and
the citation graph filtered by body and date, ready for ``nx.write_graphml``/``nx.write_gexf``.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import BNode, Node

from unkg.client import facts
from unkg.client.facts import Citation, MandateInfo, ResolutionInfo
from unkg.client.frames import Column, column_of, frame
from unkg.client.hints import column_hints
from unkg.errors import QueryError
from unkg.graph.iris import Iris
from unkg.graph.named_queries import NamedQuery, Param, ParamType, load_named_queries
from unkg.graph.projection import build_citation_graph
from unkg.graph.store import QueryKind, Store
from unkg.graph.symbols import Symbol

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KnowledgeGraph"]

#: A named query is called by its file's stem: lower-case words joined by hyphens.
_QUERY_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.rq)?")
#: The dtype of a column bound to a named query's parameter, by the parameter's type.
_PARAM_COLUMNS = {
    ParamType.INTEGER: Column.INTEGER,
    ParamType.DATE: Column.DATETIME,
    ParamType.IRI: Column.STRING,
    ParamType.STRING: Column.STRING,
    ParamType.SYMBOL: Column.STRING,
    ParamType.BODY: Column.STRING,
}
_BODY = Param("body", ParamType.BODY, None, "a body key or acronym")


class KnowledgeGraph:
    """The graph in ``store``, with IRIs minted under ``iris``; :func:`unkg.open` and
    :func:`unkg.connect` make one. Close it (or use it in a ``with`` block) to release the store.
    """

    def __init__(self, store: Store, *, iris: Iris | None = None) -> None:
        self._store = store
        self._iris = iris if iris is not None else Iris.from_env()
        self._queries: dict[str, NamedQuery] | None = None
        #: The citation graph as last built, with the store generation it was built at.
        self._citations: tuple[int, nx.DiGraph] | None = None

    @property
    def store(self) -> Store:
        """The store underneath, for what the client does not wrap (ASK, CONSTRUCT, graphs)."""
        return self._store

    @property
    def iris(self) -> Iris:
        return self._iris

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self._store.location}>"

    # -- queries ---------------------------------------------------------------------------------

    def named_queries(self) -> dict[str, NamedQuery]:
        """The named queries (``queries/*.rq``) by name, each with its title and parameters."""
        if self._queries is None:
            self._queries = load_named_queries()
        return self._queries

    def query(self, query: str, /, **params: Any) -> pd.DataFrame:
        """The rows of a SELECT as a DataFrame with real dtypes (:mod:`unkg.client.frames`).

        ``query`` is SPARQL text or the name of a named query (``"who-recalls"``). A named
        query's parameters are typed by its header: ``resolution="A/RES/65/230"`` (a symbol),
        ``body="ccpcj"``, ``from_=1948`` (an integer; a trailing ``_`` is dropped from every
        name, for the parameters that are Python keywords), dates as ``date`` or
        ``"YYYY-MM-DD"``. For SPARQL text each parameter binds the variable of that name to a
        literal of its Python type (``str``, ``int``, ``float``, ``Decimal``, ``bool``, ``date``,
        ``datetime``) or to an rdflib term as given (``URIRef(...)`` for an IRI). The embedded
        store binds only variables the query returns (SELECT them). A result cut by the row cap
        warns.
        """
        params = {name.removesuffix("_") or name: value for name, value in params.items()}
        if _QUERY_NAME.fullmatch(query.strip()):
            named = self._named(query.strip())
            bindings = named.bind({n: _param_text(n, v) for n, v in params.items()}, self._iris)
            hints = {p.name: _PARAM_COLUMNS[p.type] for p in named.params}
            sparql = named.sparql
        else:
            bindings = {name: _term(name, value) for name, value in params.items()}
            hints = {name: column_of(term) for name, term in bindings.items()}
            sparql = query
        result = self._store.query(sparql, bindings=bindings)
        if result.kind is not QueryKind.SELECT:
            raise QueryError(
                f"kg.query returns the rows of a SELECT; this is {result.kind.name}: run it with "
                "kg.store.query(...)"
            )
        if result.truncated:
            warnings.warn(
                f"the result was cut at {len(result.rows)} rows (the row cap); open the graph "
                "with a larger max_rows, or add LIMIT/OFFSET to page through it",
                stacklevel=2,
            )
        unbound = [name for i, name in enumerate(result.variables)
                   if all(row[i] is None for row in result.rows)]
        if unbound:  # what the patterns and the shapes say, under what the parameters say
            hints = {**column_hints(sparql), **hints}
        return frame(result.variables, result.rows, hints)

    # -- the common questions --------------------------------------------------------------------

    def resolution(self, symbol: str) -> ResolutionInfo:
        """What the graph knows about the resolution (or document) ``symbol`` (``"A/RES/65/230"``,
        or an IRI); :class:`~unkg.client.facts.NotFoundError` when it knows nothing."""
        return facts.resolution_info(self._store, self._work(symbol), self._iris)

    def cited_by(self, symbol: str) -> list[Citation]:
        """Every citation of the work ``symbol`` (a symbol, or an IRI for an instrument), in the
        citing resolutions' order of adoption, then in document order."""
        return facts.citations(self._store, self._iris, work=self._work(symbol))

    def mandates(self, body: str | None = None, *, adopted_by: str | None = None,
                 ) -> list[MandateInfo]:
        """The mandates addressed to ``body`` (a key or acronym: ``"secretariat"``, ``"UNODC"``),
        given by resolutions of ``adopted_by``; ``None`` for any."""
        return facts.mandates(self._store, self._iris,
                              addressee=None if body is None else self._body_iri(body),
                              adopted_by=None if adopted_by is None else self._body_iri(adopted_by))

    def citation_graph(self, body: str | None = None, since: int | str | date | None = None,
                       until: int | str | date | None = None, *,
                       refresh: bool = False) -> nx.DiGraph:
        """The citation graph (an ``nx.DiGraph``; see :mod:`unkg.graph.projection` for its
        attributes, all ``str``, ``int`` or ``bool``, dates as ISO strings).

        ``body`` (a key or acronym), ``since`` and ``until`` (a year, a date or ``"YYYY-MM-DD"``,
        both included) keep the ingested resolutions that match, with the works they cite and
        their citations; a resolution of unknown date is left out once a date bound is given.
        The graph is a copy: change it freely. The whole graph is built by one query on the
        first call and kept until the store changes through this object; a remote endpoint's
        data can change behind it, so ``refresh=True`` builds it again.
        """
        graph = self._citation_graph(refresh=refresh)
        if body is None and since is None and until is None:
            return graph.copy()
        key = None if body is None else self._iris.parse(self._body_iri(body))
        first, last = _day(since, "since", first=True), _day(until, "until", first=False)
        chosen = [
            node for node, data in graph.nodes(data=True)
            if data["ingested"] and (key is None or data["body"] == key[1])
            and _within(data, first, last)
        ]
        kept = nx.DiGraph()
        for node in chosen:
            kept.add_node(node, **graph.nodes[node])
            for cited in graph.successors(node):
                kept.add_node(cited, **graph.nodes[cited])
                kept.add_edge(node, cited, **graph.edges[node, cited])
        return kept

    # -- lifetime --------------------------------------------------------------------------------

    def close(self) -> None:
        """Release the store (its lock, or the HTTP connections). Closing twice is harmless."""
        self._store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------------

    def _citation_graph(self, *, refresh: bool) -> nx.DiGraph:
        generation = self._store.generation
        if refresh or self._citations is None or self._citations[0] != generation:
            self._citations = (generation, build_citation_graph(self._store, self._iris))
        return self._citations[1]

    def _named(self, name: str) -> NamedQuery:
        queries = self.named_queries()
        found = queries.get(name.removesuffix(".rq"))
        if found is None:
            raise QueryError(f"no named query {name!r}; the named queries are: "
                             f"{', '.join(queries)}")
        return found

    def _work(self, symbol: str) -> str:
        text = symbol.strip()
        if re.match(r"https?://", text, re.IGNORECASE):
            return text
        return self._iris.symbol(Symbol.parse(text))

    def _body_iri(self, body: str) -> str:
        return str(_BODY.convert(body, self._iris))


def _param_text(name: str, value: Any) -> str:
    """A named query's parameter as the text its type reads (``1948``, ``2010-12-21``)."""
    if isinstance(value, bool):
        raise QueryError(f"parameter {name}: {value!r} is a boolean; no named query takes one")
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str | int | URIRef):
        return str(value)
    raise QueryError(f"parameter {name}: {value!r} is not a str, int or date")


def _term(name: str, value: Any) -> Node:
    """A Python value as the literal of its type; rdflib terms pass as they are."""
    if isinstance(value, URIRef | Literal | BNode):
        return value
    if isinstance(value, str | bool | int | float | Decimal | date):  # datetime is a date
        return Literal(value)
    raise QueryError(f"parameter {name}: cannot bind {value!r} ({type(value).__name__}); give a "
                     "str, int, float, Decimal, bool, date, datetime or an rdflib term")


def _day(value: int | str | date | None, name: str, *, first: bool) -> date | None:
    """A bound of ``citation_graph``: a year means its first (or last) day."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = str(value).strip()
    if re.fullmatch(r"[0-9]{4}", text):
        return date(int(text), 1, 1) if first else date(int(text), 12, 31)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"{name}={value!r}: give a year, a date or 'YYYY-MM-DD'") from None


def _within(data: dict[str, Any], first: date | None, last: date | None) -> bool:
    """Whether a node's date (or, without one, its year) lies between the bounds."""
    if first is None and last is None:
        return True
    try:
        day = date.fromisoformat(str(data["date"])[:10])
    except ValueError:
        year = int(data["year"])
        return bool(year) and (first is None or year >= first.year) and (
            last is None or year <= last.year)
    return (first is None or day >= first) and (last is None or day <= last)
