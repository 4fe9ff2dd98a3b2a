"""Analyses of the knowledge graph for researchers: pandas DataFrames and networkx graphs.

Every function takes a :class:`~unkg.client.KnowledgeGraph` (``unkg.open(path)`` or
``unkg.connect(url)``) first and works the same over both, through ``kg.query``,
``kg.mandates`` and ``kg.citation_graph`` only. Frames have documented columns with real dtypes
(counts ``Int64``, dates ``datetime64[ns]``, text ``string``), the same columns when nothing
matches. An unknown resolution raises :class:`~unkg.client.NotFoundError`, a bad argument
:class:`~unkg.errors.QueryError` naming it. docs/analysis.md shows each with an example.

* :mod:`~unkg.analysis.citations`: :func:`most_cited`, :func:`most_cited_by_period`;
* :mod:`~unkg.analysis.series`: :func:`series_lineage`, :func:`series_diffs`;
* :mod:`~unkg.analysis.diff`: :func:`paragraph_diff` (:class:`ParagraphDiff`, :class:`DiffRow`);
* :mod:`~unkg.analysis.mandates`: :func:`mandates_over_time`;
* :mod:`~unkg.analysis.clusters`: :func:`co_citation_graph`, :func:`co_citation_clusters`;
* :mod:`~unkg.analysis.topics`: :func:`topic_citations`, :func:`topic_timeline`;
* :mod:`~unkg.analysis.base`: what they share (argument checks, the ingested resolutions).
"""

from __future__ import annotations

from unkg.analysis.citations import most_cited, most_cited_by_period
from unkg.analysis.clusters import co_citation_clusters, co_citation_graph
from unkg.analysis.diff import DiffRow, DiffStatus, ParagraphDiff, ParagraphKind, paragraph_diff
from unkg.analysis.mandates import mandates_over_time
from unkg.analysis.series import series_diffs, series_lineage
from unkg.analysis.topics import topic_citations, topic_timeline

__all__ = [
    "DiffRow",
    "DiffStatus",
    "ParagraphDiff",
    "ParagraphKind",
    "co_citation_clusters",
    "co_citation_graph",
    "mandates_over_time",
    "most_cited",
    "most_cited_by_period",
    "paragraph_diff",
    "series_diffs",
    "series_lineage",
    "topic_citations",
    "topic_timeline",
]
