"""The citation graph: the store's citations projected into a networkx ``DiGraph``, and walks on it.

Owns building the projection from the store with ONE SPARQL query, caching it per store until the
store changes, and the walks the browsing API offers: the neighbourhood of a work, the shortest
citation paths between two works, and the lineage of a resolution (the earlier resolutions of the
same body it builds on, transitively).

The graph, every attribute a plain string, number or boolean (so ``nx.write_graphml`` works):

* one node per document or instrument, keyed by its IRI: the ingested resolutions and every work
  they cite, ingested or not. Attributes: ``label`` (the symbol, or the instrument's name),
  ``type`` (the most specific unkg class, ``"Resolution"``, ``"Declaration"``), ``kind`` and
  ``key`` (what :meth:`~unkg.graph.iris.Iris.parse` reads from the IRI: ``"resolution"``,
  ``"A_RES_65_230"``; ``""`` for an IRI under another base), ``symbol`` (``""`` for
  instruments), ``date`` (ISO, ``""`` when unknown), ``year`` (``0`` when unknown), ``body`` (the
  adopting body's key, read from the symbol for a work that was not ingested; ``""`` if unknown)
  and ``ingested`` (whether the store holds the work's own graph);
* one edge per citing resolution and cited work, ``resolution -> work``. Attributes:
  ``relation`` (the most specific relation of its citations, ``"recalls"``), ``relations`` (all of
  them, space-separated, sorted) and ``citations`` (how many references make the edge).

The cache is keyed on :attr:`~unkg.graph.store.Store.generation`, which the store bumps on every
write, and on the IRI base.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter, deque
from dataclasses import dataclass
from functools import cache
from typing import Any

import networkx as nx
from rdflib.term import Node
from unkg.graph.iris import Iris
from unkg.graph.store import Store
from unkg.graph.symbols import Symbol
from unkg.ontology import PREFIXES, SKOS, UNKG, load_ontology

from unkg.errors import SymbolError

__all__ = [
    "CitationGraphCache",
    "LineageStep",
    "Neighbourhood",
    "build_citation_graph",
    "citation_paths",
    "lineage",
    "neighbourhood",
    "relation_names",
]

#: Rows the projection query may return; far above a corpus of thousands of resolutions.
MAX_ROWS = 5_000_000

#: The classes that say a node is a work, and are too general to be its ``type`` when it has a
#: more specific one.
_GENERAL = ("Document", "Instrument")

#: One query, two kinds of rows: a citation (?reference set) or a fact about a node (?node set).
PROJECTION_QUERY = f"""
PREFIX unkg:    <{PREFIXES["unkg"]}>
PREFIX rdfs:    <{PREFIXES["rdfs"]}>
PREFIX dcterms: <{PREFIXES["dcterms"]}>
PREFIX prov:    <{PREFIXES["prov"]}>

SELECT DISTINCT ?reference ?source ?target ?relation
                ?node ?class ?label ?symbol ?date ?body ?activity
WHERE {{
  {{
    # a citation, in the citing resolution's graph
    GRAPH ?g {{
      ?reference unkg:citedWork ?target ;
                 unkg:relation ?concept ;
                 unkg:citingParagraph ?owner .
      ?source unkg:hasParagraph|unkg:hasFootnote ?owner .
    }}
    BIND(STRAFTER(STR(?concept), "#relation-") AS ?relation)
  }} UNION {{
    # a work, as each graph describes it (a cited work once per citing graph)
    GRAPH ?g {{
      ?node a ?work .
      FILTER(?work IN (unkg:Document, unkg:Instrument))
      ?node a ?class .
      FILTER(STRSTARTS(STR(?class), STR(unkg:)))
      OPTIONAL {{ ?node rdfs:label ?label }}
      OPTIONAL {{ ?node dcterms:identifier ?symbol }}
      OPTIONAL {{ ?node dcterms:date ?date }}
      OPTIONAL {{ ?node unkg:adoptedBy ?body }}
      OPTIONAL {{ ?node prov:wasGeneratedBy ?activity }}
    }}
  }}
}}
"""


@cache
def relation_names() -> tuple[str, ...]:
    """The values of the ``unkg:relations`` scheme, from the ontology, sorted.

    >>> "recalls" in relation_names() and "takes-note-of" in relation_names()
    True
    """
    ontology = load_ontology()
    names = {
        str(notation)
        for concept in ontology.subjects(SKOS.inScheme, UNKG.relations)
        for notation in ontology.objects(concept, SKOS.notation)
    }
    return tuple(sorted(names))


def build_citation_graph(store: Store, iris: Iris, *, timeout: float | None = None) -> Any:
    """The citation graph of everything in ``store`` (see the module docstring), from one query.

    ``timeout`` is the query's time limit (``None``: the store's default). Returns an
    ``nx.DiGraph``.
    """
    result = store.query(PROJECTION_QUERY, timeout=timeout, max_rows=MAX_ROWS)
    at = {name: i for i, name in enumerate(result.variables)}
    nodes: dict[str, _NodeFacts] = {}
    citations: dict[tuple[str, str], Counter[str]] = {}
    for row in result.rows:
        if row[at["reference"]] is not None:
            source, target = str(row[at["source"]]), str(row[at["target"]])
            relation = str(row[at["relation"]] or "cites")
            citations.setdefault((source, target), Counter())[relation] += 1
        elif row[at["node"]] is not None:
            facts = nodes.setdefault(str(row[at["node"]]), _NodeFacts())
            facts.add(
                ingested=row[at["activity"]] is not None,
                cls=_local(row[at["class"]]),
                label=row[at["label"]],
                symbol=row[at["symbol"]],
                date=row[at["date"]],
                body=row[at["body"]],
            )
    graph = nx.DiGraph()
    for source, target in citations:
        nodes.setdefault(source, _NodeFacts())
        nodes.setdefault(target, _NodeFacts())
    for iri in sorted(nodes):
        graph.add_node(iri, **nodes[iri].attributes(iri, iris))
    for (source, target), counts in sorted(citations.items()):
        ordered = sorted(counts, key=lambda name: (name == "cites", -counts[name], name))
        graph.add_edge(source, target, relation=ordered[0], relations=" ".join(sorted(counts)),
                       citations=sum(counts.values()))
    return graph


class CitationGraphCache:
    """The citation graph of each store, built on first use and again after the store changed.

    Safe to share between threads: one build runs at a time per cache, and a graph is never
    changed after it is handed out (callers must not change it either).
    """

    def __init__(self) -> None:
        self._graphs: weakref.WeakKeyDictionary[Store, tuple[tuple[int, str], Any]]
        self._graphs = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, store: Store, iris: Iris, *, timeout: float | None = None) -> Any:
        """The citation graph of ``store`` as it is now (an ``nx.DiGraph``)."""
        with self._lock:
            # Read the generation before querying: a write meanwhile makes the next call rebuild.
            key = (store.generation, iris.base)
            cached = self._graphs.get(store)
            if cached is not None and cached[0] == key:
                return cached[1]
            graph = build_citation_graph(store, iris, timeout=timeout)
            self._graphs[store] = (key, graph)
            return graph


@dataclass(frozen=True)
class Neighbourhood:
    """The works around one: ``graph`` (a read-only view of the citation graph), each work's
    ``depths`` (citation steps from the start) and whether ``max_nodes`` cut it short."""

    graph: Any
    depths: dict[str, int]
    truncated: bool


def neighbourhood(graph: Any, node: str, *, depth: int = 1, relation: str | None = None,
                  max_nodes: int = 500) -> Neighbourhood:
    """The works within ``depth`` citation steps of ``node``, in either direction, and the edges
    among them; with ``relation``, only edges that carry it are followed and kept. Past
    ``max_nodes`` works, the farthest are left out (breadth first, in IRI order)."""
    def follows(u: str, v: str) -> bool:
        return relation is None or relation in graph.edges[u, v]["relations"].split()

    depths = {node: 0}
    queue = deque([node])
    truncated = False
    while queue and not truncated:
        current = queue.popleft()
        if depths[current] >= depth:
            continue
        steps = [n for n in graph.successors(current) if follows(current, n)]
        steps += [n for n in graph.predecessors(current) if follows(n, current)]
        for nxt in sorted(set(steps) - depths.keys()):
            if len(depths) >= max_nodes:
                truncated = True
                break
            depths[nxt] = depths[current] + 1
            queue.append(nxt)
    view = graph.subgraph(depths)
    if relation is not None:
        view = nx.subgraph_view(view, filter_edge=follows)
    return Neighbourhood(view, depths, truncated)


def citation_paths(graph: Any, source: str, target: str, *, directed: bool = False,
                   limit: int = 10) -> list[list[str]]:
    """The shortest citation paths from ``source`` to ``target`` (at most ``limit``, in a stable
    order), each a list of node IRIs. ``directed`` follows citations from citing to cited only;
    otherwise a step may go either way. No path gives ``[]``."""
    walk = graph if directed else graph.to_undirected(as_view=True)
    try:
        paths = nx.all_shortest_paths(walk, source, target)
        found: list[list[str]] = []
        for path in paths:
            found.append([str(n) for n in path])
            if len(found) >= limit * 10:  # enough to sort and keep a stable first few
                break
    except nx.NetworkXNoPath:
        return []
    return sorted(found)[:limit]


@dataclass(frozen=True)
class LineageStep:
    """One earlier resolution in a lineage: ``node`` is cited by ``cited_by`` (the later one, on
    the path from the start), ``depth`` steps from the start, with ``relations``."""

    node: str
    cited_by: str
    depth: int
    relations: tuple[str, ...]


def lineage(graph: Any, node: str) -> list[LineageStep]:
    """The earlier resolutions and decisions of the same body that ``node`` builds on, following
    citations transitively (breadth first, each resolution once, at its smallest depth).

    "Earlier" compares adoption dates where both are known, else the symbols' natural order
    (``S/RES/46 (1948)`` before ``S/RES/48 (1948)``); either way a lineage has no cycle.
    """
    start = graph.nodes[node]
    body = start["body"]
    if not body:
        return []
    steps: list[LineageStep] = []
    seen = {node}
    queue = deque([(node, 0)])
    while queue:
        current, depth = queue.popleft()
        for cited in sorted(graph.successors(current)):
            facts = graph.nodes[cited]
            if cited in seen or facts["kind"] not in ("resolution", "decision"):
                continue
            if facts["body"] != body or not _earlier(facts, graph.nodes[current]):
                continue
            seen.add(cited)
            relations = tuple(graph.edges[current, cited]["relations"].split())
            steps.append(LineageStep(cited, current, depth + 1, relations))
            queue.append((cited, depth + 1))
    return steps


# -- internals -----------------------------------------------------------------------------------


class _NodeFacts:
    """What the graphs say about one node, the ingested graph's word first."""

    def __init__(self) -> None:
        self.ingested = False
        self.classes: set[str] = set()
        self.values: dict[str, tuple[bool, str]] = {}

    def add(self, *, ingested: bool, cls: str, label: Node | None, symbol: Node | None,
            date: Node | None, body: Node | None) -> None:
        self.ingested = self.ingested or ingested
        if cls:
            self.classes.add(cls)
        for name, value in (("label", label), ("symbol", symbol), ("date", date), ("body", body)):
            if value is None:
                continue
            text = str(value)
            known = self.values.get(name)
            if known is None or _preferred((ingested, text), known):
                self.values[name] = (ingested, text)

    def value(self, name: str) -> str:
        return self.values.get(name, (False, ""))[1]

    def attributes(self, iri: str, iris: Iris) -> dict[str, Any]:
        parsed = iris.parse(iri)
        kind, key = parsed if parsed is not None else ("", "")
        specific = sorted(c for c in self.classes if c not in _GENERAL)
        general = sorted(c for c in self.classes if c in _GENERAL)
        cls = (specific or general or [""])[0]
        symbol = self.value("symbol")
        body_iri = self.value("body")
        body = ""
        if body_iri:
            owner = iris.parse(body_iri)
            body = owner[1] if owner is not None and owner[0] == "body" else ""
        elif symbol:
            body = _symbol_body(symbol)
        date = self.value("date")
        return {
            "label": self.value("label") or symbol or key or iri,
            "type": cls,
            "kind": kind,
            "key": key,
            "symbol": symbol,
            "date": date,
            "year": int(date[:4]) if date[:4].isdigit() else _symbol_year(symbol),
            "body": body,
            "ingested": self.ingested,
        }


def _local(term: Node | None) -> str:
    text = str(term or "")
    return text[len(str(UNKG)):] if text.startswith(str(UNKG)) else ""


def _symbol_body(symbol: str) -> str:
    try:
        return Symbol.parse(symbol).body or ""
    except SymbolError:
        return ""


def _symbol_year(symbol: str) -> int:
    try:
        return Symbol.parse(symbol).year or 0
    except SymbolError:
        return 0


def _preferred(new: tuple[bool, str], old: tuple[bool, str]) -> bool:
    """The work's own graph wins; between citing graphs the smallest value, for a stable answer."""
    return new[0] > old[0] if new[0] != old[0] else new[1] < old[1]


def _earlier(cited: dict[str, Any], citing: dict[str, Any]) -> bool:
    if cited["date"] and citing["date"]:
        return bool(cited["date"] < citing["date"])
    try:
        return Symbol.parse(cited["symbol"]) < Symbol.parse(citing["symbol"])
    except SymbolError:
        return False
