"""Co-citation: works cited together by the same resolutions, and the clusters they form.

Owns :func:`co_citation_graph` (an undirected networkx graph weighted by how many resolutions
cite both works) and :func:`co_citation_clusters` (its communities, by networkx's Louvain method
with a fixed seed, so the same store gives the same clusters). Both read the citation graph the
client builds, so a pair counts once per citing resolution however many paragraphs cite it.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

from unkg.analysis.base import body_key, positive, typed_frame, work_kind
from unkg.client.kg import KnowledgeGraph

__all__ = ["CLUSTER_COLUMNS", "LOUVAIN_SEED", "co_citation_clusters", "co_citation_graph"]

#: The seed of the Louvain method: the clusters of one graph never change between runs.
LOUVAIN_SEED = 42

#: The columns of :func:`co_citation_clusters`, with their dtypes.
CLUSTER_COLUMNS = {
    "cluster": "Int64",
    "work": "string",
    "label": "string",
    "kind": "string",
    "degree": "Int64",
    "weight": "Int64",
}

#: The node attributes copied from the citation graph (plain strings and ints, for GraphML).
_NODE_ATTRIBUTES = ("label", "type", "kind", "key", "symbol", "date", "year", "body")


def co_citation_graph(kg: KnowledgeGraph, *, kind: str = "instrument", min_weight: int = 2,
                      body: str | None = None) -> nx.Graph:
    """The co-citation graph of the works of ``kind`` (``"instrument"``, ``"resolution"``,
    ``"decision"``, ``"document"`` or ``"any"``).

    Two works are joined when at least ``min_weight`` ingested resolutions (of ``body``, a key
    or acronym, when given) each cite both; the edge attribute ``weight`` (int) is how many do.
    Works without such a partner are left out. Nodes are the works' IRIs, with the citation
    graph's attributes ``label``, ``type``, ``kind``, ``key``, ``symbol``, ``date``, ``year``
    and ``body`` (plain values: ``nx.write_graphml`` works). Nodes and edges are added in sorted
    order, so algorithms that depend on order give the same answer every time.
    """
    wanted = work_kind(kind)
    least = positive(min_weight, "min_weight")
    citations = kg.citation_graph(body=None if body is None else body_key(kg, body))
    pairs: Counter[tuple[str, str]] = Counter()
    for node, data in citations.nodes(data=True):
        if not data["ingested"]:
            continue
        cited = sorted(str(w) for w in citations.successors(node)
                       if wanted.admits(str(citations.nodes[w]["kind"])))
        pairs.update(combinations(cited, 2))
    kept = sorted((pair, n) for pair, n in pairs.items() if n >= least)
    graph = nx.Graph()
    for work in sorted({w for (a, b), _ in kept for w in (a, b)}):
        data = citations.nodes[work]
        graph.add_node(work, **{name: data[name] for name in _NODE_ATTRIBUTES})
    for (a, b), n in kept:
        graph.add_edge(a, b, weight=int(n))
    return graph


def co_citation_clusters(kg: KnowledgeGraph, *, kind: str = "instrument", min_weight: int = 2,
                         body: str | None = None) -> pd.DataFrame:
    """The communities of :func:`co_citation_graph` (same arguments): networkx's
    ``louvain_communities`` on the edge weights, seeded with :data:`LOUVAIN_SEED`.

    Columns: ``cluster`` (0 = the largest; ties by total weight, then by the smallest label),
    ``work`` (IRI), ``label``, ``kind``, ``degree`` (how many works it is co-cited with, at
    ``min_weight`` or more) and ``weight`` (the sum of those edges' weights). Within a cluster,
    rows go by weight, then degree, both descending, then label.
    """
    graph = co_citation_graph(kg, kind=kind, min_weight=min_weight, body=body)
    if graph.number_of_nodes() == 0:
        return typed_frame(CLUSTER_COLUMNS, [])
    communities = nx.community.louvain_communities(graph, weight="weight", seed=LOUVAIN_SEED)
    strength = dict(graph.degree(weight="weight"))

    def size(members: Any) -> tuple[int, int, str]:
        return (-len(members), -sum(strength[w] for w in members),
                min(str(graph.nodes[w]["label"]) for w in members))

    rows = []
    for number, members in enumerate(sorted(communities, key=size)):
        ordered = sorted(members, key=lambda w: (
            -strength[w], -graph.degree(w), str(graph.nodes[w]["label"]), w))
        rows += [(number, w, graph.nodes[w]["label"], graph.nodes[w]["kind"], graph.degree(w),
                  strength[w]) for w in ordered]
    return typed_frame(CLUSTER_COLUMNS, rows)
