"""The most-cited works: by in-degree and by PageRank on the citation graph, per body and period.

Owns :func:`most_cited` and :func:`most_cited_by_period`. Both read the citation graph the client
builds (:meth:`KnowledgeGraph.citation_graph <unkg.client.kg.KnowledgeGraph.citation_graph>`: one
edge per citing resolution and cited work, however many paragraphs make it) and rank the works
of one kind in it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx
import pandas as pd

from unkg.analysis.base import WorkKind, body_key, node_year, positive, typed_frame, work_kind
from unkg.client.kg import KnowledgeGraph

__all__ = ["MOST_CITED_COLUMNS", "PERIOD_COLUMNS", "most_cited", "most_cited_by_period"]

#: The columns of :func:`most_cited`, with their dtypes.
MOST_CITED_COLUMNS = {
    "rank": "Int64",
    "work": "string",
    "label": "string",
    "kind": "string",
    "in_degree": "Int64",
    "pagerank": "float64",
}
#: The columns of :func:`most_cited_by_period`: the period, then those of :func:`most_cited`.
PERIOD_COLUMNS = {"period": "string", "start": "Int64", "end": "Int64", **MOST_CITED_COLUMNS}


def most_cited(kg: KnowledgeGraph, *, kind: str = "instrument", body: str | None = None,
               since: int | str | date | None = None, until: int | str | date | None = None,
               top: int | None = 20) -> pd.DataFrame:
    """The works of ``kind`` cited by the most resolutions.

    A citation is an edge of the citation graph: an ingested resolution cites a work in one or
    more of its paragraphs or footnotes (each counts once). ``body`` (a key or acronym),
    ``since`` and ``until`` (a year, a date or ``"YYYY-MM-DD"``, both included) restrict the
    CITING resolutions, as :meth:`~unkg.client.kg.KnowledgeGraph.citation_graph` does (an undated
    resolution is left out once a date bound is given). ``kind`` is ``"instrument"`` (works cited
    by name: conventions, declarations, programmes), ``"resolution"``, ``"decision"``,
    ``"document"`` (other UN documents cited by symbol: reports, notes) or ``"any"``.

    Columns: ``rank`` (1 = most cited), ``work`` (IRI), ``label`` (symbol or name), ``kind``,
    ``in_degree`` (how many distinct citing resolutions cite it) and ``pagerank`` (networkx
    PageRank, damping 0.85, of the unweighted citation graph restricted the same way, over all
    its works whatever their kind, so the values of one kind need not sum to 1). Sorted by
    in-degree, then PageRank, both descending, then by label and IRI; ``top`` keeps the first
    rows (``None``: all). Works nobody cites are not listed.
    """
    wanted = work_kind(kind)
    limit = None if top is None else positive(top, "top")
    key = None if body is None else body_key(kg, body)
    graph = kg.citation_graph(body=key, since=since, until=until)
    return typed_frame(MOST_CITED_COLUMNS, _ranked(graph, wanted, limit))


def most_cited_by_period(kg: KnowledgeGraph, *, years: int = 5, kind: str = "instrument",
                         body: str | None = None, top: int = 10) -> pd.DataFrame:
    """:func:`most_cited` for each period of ``years`` years, oldest period first.

    Periods are aligned on multiples of ``years`` (``years=5``: 2015-2019, 2020-2024) and span
    the years of the citing resolutions (of ``body`` when given); a resolution's year is that of
    its adoption date, else the one its symbol states, and resolutions of unknown year are left
    out. PageRank is computed on the citation graph of each period's resolutions. A period
    without citations of ``kind`` gives no rows. Columns: ``period`` (``"2015-2019"``, a single
    year as ``"2020"``), ``start`` and ``end`` (its first and last year), then the columns of
    :func:`most_cited`, ``rank`` restarting at 1 in each period.
    """
    wanted = work_kind(kind)
    span = positive(years, "years")
    limit = positive(top, "top")
    graph = kg.citation_graph(body=None if body is None else body_key(kg, body))
    citing_years = sorted({y for n, d in graph.nodes(data=True)
                           if d["ingested"] and graph.out_degree(n) and (y := node_year(d))})
    rows: list[tuple[Any, ...]] = []
    if citing_years:
        first = citing_years[0] - citing_years[0] % span
        for start in range(first, citing_years[-1] + 1, span):
            end = start + span - 1
            period = str(start) if span == 1 else f"{start}-{end}"
            ranked = _ranked(_within_years(graph, start, end), wanted, limit)
            rows.extend((period, start, end, *row) for row in ranked)
    return typed_frame(PERIOD_COLUMNS, rows)


# -- internals -----------------------------------------------------------------------------------


def _ranked(graph: Any, kind: WorkKind, top: int | None) -> list[tuple[Any, ...]]:
    """The rows of the works of ``kind`` in ``graph`` with an in-degree, ranked (PageRank is
    rounded for the order only, so that float noise cannot reorder ties)."""
    ranks: dict[Any, float] = nx.pagerank(graph) if graph.number_of_edges() else {}
    works = [
        (str(node), str(data["label"]), str(data["kind"]), int(graph.in_degree(node)),
         float(ranks.get(node, 0.0)))
        for node, data in graph.nodes(data=True)
        if graph.in_degree(node) and kind.admits(str(data["kind"]))
    ]
    works.sort(key=lambda w: (-w[3], -round(w[4], 12), w[1], w[0]))
    kept = works if top is None else works[:top]
    return [(i, *w) for i, w in enumerate(kept, start=1)]


def _within_years(graph: Any, start: int, end: int) -> Any:
    """The part of ``graph`` made by the ingested resolutions of the years ``start``..``end``:
    those resolutions, the works they cite and their citations."""
    kept = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        year = node_year(data)
        if not data["ingested"] or year is None or not start <= year <= end:
            continue
        kept.add_node(node, **data)
        for cited in graph.successors(node):
            kept.add_node(cited, **graph.nodes[cited])
            kept.add_edge(node, cited)
    return kept
