"""The mandates a body received over time: how many requests, from which bodies, year by year.

Owns :func:`mandates_over_time`, built on :meth:`KnowledgeGraph.mandates
<unkg.client.kg.KnowledgeGraph.mandates>` (one :class:`~unkg.client.MandateInfo` per request of
an operative paragraph) and on the body hierarchy each resolution's graph holds
(``unkg:subOrganizationOf``), as the named query ``mandates-to-body`` reads it.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd
from rdflib import URIRef

from unkg.analysis.base import HEAD, body_key, body_key_of, symbol_year, typed_frame
from unkg.client.facts import MandateInfo
from unkg.client.kg import KnowledgeGraph

__all__ = ["MANDATE_COLUMNS", "mandates_over_time", "sub_bodies_of"]

#: The columns of :func:`mandates_over_time`, with their dtypes.
MANDATE_COLUMNS = {
    "year": "Int64",
    "adopted_by": "string",
    "mandates": "Int64",
    "resolutions": "Int64",
}

#: The bodies under ?body, at any depth, as the graphs state the hierarchy.
SUB_BODIES_QUERY = HEAD + """
SELECT DISTINCT ?body ?addressee
WHERE {
  GRAPH ?g { ?addressee unkg:subOrganizationOf+ ?body }
}
"""

#: A body key as ``kg.mandates`` takes it: lower-case words joined by hyphens (an addressee of
#: another base is named by its IRI instead).
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def mandates_over_time(kg: KnowledgeGraph, body: str, *, adopted_by: str | None = None,
                       sub_bodies: bool = True) -> pd.DataFrame:
    """The mandates ``body`` received, counted per year and adopting body.

    A mandate is one request of an operative paragraph (``kg.mandates``): a verb (requests,
    invites, urges, ...), an addressee and an action. ``body`` and ``adopted_by`` are body keys
    or acronyms (``"UNODC"``, ``"ga"``). With ``sub_bodies`` (the default) the requests to every
    body under ``body`` count too, as in the named query ``mandates-to-body`` (the
    Secretary-General and UNODC under ``"secretariat"``); ``sub_bodies=False`` counts only those
    addressed to ``body`` itself, as ``kg.mandates(body)`` lists them.

    Columns: ``year`` (of the adoption date, else of the symbol; ``<NA>`` when neither says, so
    that every mandate is counted somewhere), ``adopted_by`` (the adopting body's key, ``<NA>``
    when unknown), ``mandates`` (requests) and ``resolutions`` (distinct resolutions making
    them); sorted by year (unknown last), then adopting body.
    """
    key = body_key(kg, body)
    given_by = None if adopted_by is None else body_key(kg, adopted_by, "adopted_by")
    addressees = sub_bodies_of(kg, key) if sub_bodies else {key}
    counts: dict[tuple[int | None, str | None], list[int]] = defaultdict(lambda: [0, 0])
    seen: set[tuple[int | None, str | None, str]] = set()
    for mandate in _addressed_to(kg, addressees, given_by):
        year = mandate.date.year if mandate.date else symbol_year(mandate.symbol)
        group = (year, mandate.adopted_by)
        counts[group][0] += 1
        if (year, mandate.adopted_by, mandate.resolution) not in seen:
            seen.add((year, mandate.adopted_by, mandate.resolution))
            counts[group][1] += 1
    ordered = sorted(counts.items(), key=lambda item: (
        item[0][0] is None, item[0][0] or 0, item[0][1] is None, item[0][1] or ""))
    return typed_frame(MANDATE_COLUMNS, ((year, by, n, r) for (year, by), (n, r) in ordered))


def sub_bodies_of(kg: KnowledgeGraph, key: str) -> set[str]:
    """The body ``key`` and every body under it, by key (an IRI for one under another base),
    as :class:`~unkg.client.MandateInfo` names addressees."""
    frame = kg.query(SUB_BODIES_QUERY, body=URIRef(kg.iris.body(key)))
    found = {key}
    found.update(body_key_of(kg, iri) for iri in frame["addressee"].dropna())
    return found


def _addressed_to(kg: KnowledgeGraph, addressees: set[str], adopted_by: str | None,
                  ) -> list[MandateInfo]:
    """The mandates to any of ``addressees``: one bound query per body key (quick on a large
    store), or the whole list filtered when one is not a key (a body of another base, by IRI)."""
    if not all(_KEY.fullmatch(a) for a in addressees):
        return [m for m in kg.mandates(adopted_by=adopted_by) if m.addressee in addressees]
    return [m for key in sorted(addressees) for m in kg.mandates(key, adopted_by=adopted_by)]

