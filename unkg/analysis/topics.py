"""How the resolutions of one topic cite each other over the years.

Owns :func:`topic_resolutions` (the ingested resolutions of a topic: a word or phrase of their
titles, or a subject keyword IRI their publisher gave them, ``dcterms:subject``),
:func:`topic_citations` (every citation between two of them) and :func:`topic_timeline` (per
year: how many there are, and how often they cite inside and outside the topic). Citations are
the edges of the client's citation graph, one per citing resolution and cited work, read with
one light query (:func:`~unkg.analysis.base.cites`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd
from rdflib import URIRef

from unkg.analysis.base import HEAD, Resolution, body_key, catalogue, cites, typed_frame
from unkg.client.kg import KnowledgeGraph
from unkg.errors import QueryError

__all__ = [
    "TIMELINE_COLUMNS",
    "TOPIC_CITATION_COLUMNS",
    "topic_citations",
    "topic_resolutions",
    "topic_timeline",
]

#: The columns of :func:`topic_citations`, with their dtypes.
TOPIC_CITATION_COLUMNS = {
    "citing": "string",
    "citing_year": "Int64",
    "cited": "string",
    "cited_year": "Int64",
    "gap": "Int64",
}
#: The columns of :func:`topic_timeline`.
TIMELINE_COLUMNS = {
    "year": "Int64",
    "resolutions": "Int64",
    "citations_within_topic": "Int64",
    "citations_out": "Int64",
}

#: The resolutions a subject keyword was given to.
SUBJECT_QUERY = HEAD + """
SELECT DISTINCT ?subject ?resolution
WHERE {
  GRAPH ?g { ?resolution dcterms:subject ?subject }
}
"""

#: A topic given as a subject keyword's IRI rather than as words.
_IRI = re.compile(r"https?://\S+", re.IGNORECASE)
#: Runs of whitespace, folded to one space before a title is searched.
_SPACE = re.compile(r"\s+")


def topic_resolutions(kg: KnowledgeGraph, topic: str, *, body: str | None = None,
                      ) -> dict[str, Resolution]:
    """The ingested resolutions of ``topic`` (adopted by ``body``, a key or acronym, when given),
    by IRI. ``topic`` is a word or phrase found in the title, case-insensitive, whitespace
    folded (``"rule of law"``; ``"crime"`` also finds "crimes"), or the IRI of a subject keyword
    (``http://metadata.un.org/thesaurus/1001893``, ``http://metadata.un.org/sdg/16``)."""
    if not isinstance(topic, str) or not topic.strip():
        raise QueryError(f"topic={topic!r}: give a word or phrase of the titles, or a subject "
                         "IRI (http...)")
    wanted = None if body is None else body_key(kg, body)
    known = catalogue(kg)
    text = topic.strip()
    if _IRI.fullmatch(text):
        found = kg.query(SUBJECT_QUERY, subject=URIRef(text))
        chosen = {str(iri) for iri in found["resolution"].dropna()}
    else:
        phrase = _SPACE.sub(" ", text).casefold()
        chosen = {iri for iri, r in known.items()
                  if phrase in _SPACE.sub(" ", r.title).casefold()}
    return {iri: known[iri] for iri in sorted(chosen)
            if iri in known and (wanted is None or known[iri].body == wanted)}


def topic_citations(kg: KnowledgeGraph, topic: str, *, body: str | None = None,
                    ) -> pd.DataFrame:
    """Every citation from one resolution of ``topic`` to another (see
    :func:`topic_resolutions` for ``topic`` and ``body``).

    One row per citing and cited resolution, however many paragraphs make the citation.
    Columns: ``citing`` and ``cited`` (symbols), ``citing_year`` and ``cited_year`` (of the
    adoption date, else of the symbol; ``<NA>`` when unknown) and ``gap`` (``citing_year -
    cited_year``). Sorted by citing year, citing symbol, cited year, cited symbol.
    """
    chosen = topic_resolutions(kg, topic, body=body)
    edges = cites(kg) if chosen else {}
    rows = [(r.symbol, r.year, chosen[c].symbol, chosen[c].year, _gap(r, chosen[c]))
            for iri, r in chosen.items() for c in edges.get(iri, ()) if c in chosen]
    rows.sort(key=lambda row: (row[1] is None, row[1] or 0, row[0], row[3] is None,
                               row[3] or 0, row[2]))
    return typed_frame(TOPIC_CITATION_COLUMNS, rows)


def topic_timeline(kg: KnowledgeGraph, topic: str, *, body: str | None = None) -> pd.DataFrame:
    """Per year, the resolutions of ``topic`` (see :func:`topic_resolutions`) and their
    citations.

    Columns: ``year``; ``resolutions`` (those adopted that year); ``citations_within_topic``
    (citations they make of other resolutions of the topic: the rows of
    :func:`topic_citations` with that ``citing_year``) and ``citations_out`` (citations they
    make of any other work: resolutions outside the topic, documents, instruments); a citation
    is one citing resolution and one cited work. Every year from the first to the last is
    listed, zeros included; resolutions of unknown year are left out.
    """
    chosen = topic_resolutions(kg, topic, body=body)
    edges = cites(kg) if chosen else {}
    counts: dict[int, Counter[str]] = {}
    for iri, resolution in chosen.items():
        if resolution.year is None:
            continue
        count = counts.setdefault(resolution.year, Counter())
        count["resolutions"] += 1
        for cited in edges.get(iri, ()):
            count["within" if cited in chosen else "out"] += 1
    rows: list[tuple[Any, ...]] = []
    if counts:
        for year in range(min(counts), max(counts) + 1):
            count = counts.get(year, Counter())
            rows.append((year, count["resolutions"], count["within"], count["out"]))
    return typed_frame(TIMELINE_COLUMNS, rows)


def _gap(citing: Resolution, cited: Resolution) -> int | None:
    """The years between two resolutions, ``None`` when either year is unknown."""
    if citing.year is None or cited.year is None:
        return None
    return citing.year - cited.year
