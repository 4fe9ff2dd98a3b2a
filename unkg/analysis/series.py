"""Resolution series: the chain of earlier resolutions a resolution builds on, and what changed
from one to the next.

Owns :func:`series_lineage` and :func:`series_diffs`. A series is read from the citations and the
titles together: a resolution belongs to the series of an earlier one it cites when both were
adopted by the same body and their titles match (:func:`same_series`). The rule of law
resolutions of the General Assembly, "Strengthening the United Nations crime prevention and
criminal justice programme ..." year after year, each recalling the one before: those are series.
"""

from __future__ import annotations

import difflib
import re
from functools import cmp_to_key
from itertools import pairwise
from typing import Any

import pandas as pd

from unkg.analysis.base import Resolution, catalogue, cites, earlier, find, typed_frame
from unkg.analysis.diff import diff_resolutions
from unkg.client.kg import KnowledgeGraph

__all__ = [
    "LINEAGE_COLUMNS",
    "SERIES_DIFF_COLUMNS",
    "TITLE_SIMILARITY",
    "lineage_of",
    "same_series",
    "series_diffs",
    "series_lineage",
]

#: The least word-level similarity of two titles of one series, when neither title holds the
#: other (titles that only add "Follow-up to ..." around the old one hold it).
TITLE_SIMILARITY = 0.7

#: The columns of :func:`series_lineage`, with their dtypes.
LINEAGE_COLUMNS = {
    "step": "Int64",
    "symbol": "string",
    "date": "datetime64[ns]",
    "title": "string",
    "body": "string",
}
#: The columns of :func:`series_diffs`.
SERIES_DIFF_COLUMNS = {
    "older": "string",
    "newer": "string",
    "kept": "Int64",
    "changed": "Int64",
    "added": "Int64",
    "dropped": "Int64",
}

#: A title's words, lower-cased; punctuation is left out of the comparison.
_WORD = re.compile(r"\w+(?:[-']\w+)*")


def series_lineage(kg: KnowledgeGraph, symbol: str) -> pd.DataFrame:
    """The chain of earlier resolutions of the same series that ``symbol`` builds on, oldest
    first, ending with ``symbol`` itself.

    From ``symbol``, each step goes back to the most recent resolution that the current one
    cites (in any paragraph or footnote, with any relation) which the same body adopted earlier
    (by date, else by symbol order) under a matching title (:func:`same_series`); the chain stops
    where there is none. Citations are those of the citation graph, read for each step with one
    light query (:func:`~unkg.analysis.base.cites`). Only ingested resolutions have titles, so a
    resolution the store knows only because others cite it ends the chain. So each resolution of
    the lineage cites the one before it.

    Columns: ``step`` (0 = the oldest), ``symbol``, ``date`` (adoption, ``NaT`` when unknown),
    ``title``, ``body`` (the adopting body's key). :class:`~unkg.client.NotFoundError` when the
    store does not hold the text of ``symbol``; :class:`~unkg.errors.QueryError` when it is not a
    symbol.
    """
    known = catalogue(kg)
    chain = lineage_of(kg, find(kg, symbol, "symbol", known), known)
    return typed_frame(LINEAGE_COLUMNS, (
        (step, r.symbol, r.date, r.title or None, r.body or None)
        for step, r in enumerate(chain)))


def series_diffs(kg: KnowledgeGraph, symbol: str) -> pd.DataFrame:
    """The paragraph-level diff (:func:`~unkg.analysis.diff.paragraph_diff`) of each consecutive
    pair of :func:`series_lineage` ``(kg, symbol)``, oldest pair first.

    Columns: ``older``, ``newer`` (symbols), and how many paragraphs were ``kept``, ``changed``,
    ``added`` and ``dropped``; no rows for a lineage of one resolution.
    """
    known = catalogue(kg)
    chain = lineage_of(kg, find(kg, symbol, "symbol", known), known)
    rows: list[tuple[Any, ...]] = []
    for older, newer in pairwise(chain):
        counts = diff_resolutions(kg, older, newer).summary()
        rows.append((older.symbol, newer.symbol, counts["kept"], counts["changed"],
                     counts["added"], counts["dropped"]))
    return typed_frame(SERIES_DIFF_COLUMNS, rows)


def lineage_of(kg: KnowledgeGraph, start: Resolution, known: dict[str, Resolution],
               ) -> list[Resolution]:
    """The lineage of ``start`` among the ingested resolutions ``known``, oldest first."""
    chain = [start]
    current = start
    while True:
        candidates = [
            known[cited] for cited in cites(kg, current.iri).get(current.iri, ())
            if cited in known and known[cited] not in chain
            and known[cited].body == current.body and earlier(known[cited], current)
            and same_series(known[cited].title, current.title)
        ]
        if not candidates:
            break
        current = max(candidates, key=cmp_to_key(_order))
        chain.append(current)
    return chain[::-1]


def same_series(first: str, second: str) -> bool:
    """Whether two titles name one series: both non-empty, and one holds the other's words in a
    row, or their word-level similarity is at least :data:`TITLE_SIMILARITY`.

    >>> same_series("Fourteenth United Nations Congress on Crime Prevention and Criminal Justice",
    ...     "Follow-up to the Fourteenth United Nations Congress on Crime Prevention and Criminal "
    ...     "Justice and preparations for the Fifteenth United Nations Congress")
    True
    >>> same_series("The rule of law at the national and international levels",
    ...     "Strengthening the United Nations crime prevention and criminal justice programme")
    False
    """
    a, b = _WORD.findall(first.lower()), _WORD.findall(second.lower())
    if not a or not b:
        return False
    short, long = sorted((" ".join(a), " ".join(b)), key=len)
    if f" {short} " in f" {long} ":
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= TITLE_SIMILARITY


def _order(first: Resolution, second: Resolution) -> int:
    """The order of adoption, as :func:`~unkg.analysis.base.earlier` says it, then by IRI."""
    if earlier(first, second):
        return -1
    if earlier(second, first):
        return 1
    return (first.iri > second.iri) - (first.iri < second.iri)
