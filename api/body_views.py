"""The JSON of ``/bodies/{key}``: a body, its place in the hierarchy and its mandates.

Owns shaping a body from the rows of :mod:`unkg.api.resources`: its parent chain up to the
principal organ (nearest first), its children, who established it and what it established, how
many ingested resolutions it adopted, and the mandates it received (operative requests addressed
to it) and gave (requests in the resolutions it adopted), newest first.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel
from rdflib import URIRef
from unkg.api.paths import href_of
from unkg.api.resources import Row
from unkg.api.views import Facts, actor_card, plain
from unkg.graph.iris import Iris
from unkg.ontology import RDFS, SKOS

__all__ = ["BodyModel", "body_view", "mandate_items"]

JSON = dict[str, Any]


def body_view(subject: URIRef, facts: Facts, links: list[Row], adopted: int) -> JSON:
    """The body ``subject``: what the graphs say about it (``facts``) and its hierarchy
    (``links``, the rows of :meth:`Reader.body_links`)."""
    iris = facts.iris
    parents: dict[str, str] = {}
    related: dict[str, dict[str, JSON]] = {"child": {}, "established-by": {}, "established": {}}
    for row in links:
        link, target = str(row["link"]), str(row["to"])
        card = _card(target, row, iris)
        if link == "parent":
            source = str(row["from"])
            parents[source] = min(parents.get(source, target), target)
            related.setdefault("parent", {})[target] = card
        else:
            related[link][target] = card
    chain: list[JSON] = []
    current = str(subject)
    while current in parents and len(chain) < 20:  # no cycle can keep this going
        current = parents[current]
        chain.append(related["parent"][current])
    card = actor_card(subject, facts)
    key = card["key"]
    established_by = sorted(related["established-by"].values(), key=lambda c: c["iri"])
    return {
        **card,
        "names": sorted({plain(n) for n in facts.all(subject, RDFS.label)}),
        "acronyms": sorted({plain(n) for n in facts.all(subject, SKOS.altLabel)}),
        "parents": chain,
        "children": _sorted(related["child"]),
        "established_by": established_by[0] if established_by else None,
        "established": _sorted(related["established"]),
        "resolutions_adopted": {"count": adopted,
                                "href": "/resolutions?" + urlencode({"body": key})},
    }


def mandate_items(total: int, rows: list[Row], iris: Iris) -> JSON:
    """Mandates as ``{"total", "items"}``, from the rows of :meth:`Reader.mandates_given` or
    :meth:`Reader.mandates_received` (in their order: newest resolution first, then in document
    order)."""
    items: dict[str, JSON] = {}
    for row in rows:
        resolution = str(row["resolution"])
        addressee = str(row["addressee"])
        prefix = resolution + "/"
        paragraph = str(row["paragraph"])
        items.setdefault(str(row["mandate"]), {
            "resolution": {"iri": resolution, "symbol": plain(row.get("symbol")),
                           "date": plain(row.get("date")), "href": href_of(resolution, iris)},
            "paragraph": paragraph[len(prefix):] if paragraph.startswith(prefix) else paragraph,
            "verb": plain(row.get("verb")),
            "addressee": _card(addressee, {"toLabel": row["addresseeLabel"]}
                               if "addresseeLabel" in row else {}, iris),
            "addressee_as_written": plain(row.get("addresseeAsWritten")),
            "action": plain(row.get("action")),
        })
    return {"total": total, "items": list(items.values())}


def _card(iri: str, row: Row, iris: Iris) -> JSON:
    parsed = iris.parse(iri)
    return {
        "iri": iri,
        "key": parsed[1] if parsed is not None else None,
        "label": plain(row.get("toLabel")),
        "acronym": plain(row.get("toAcronym")),
        "href": href_of(iri, iris),
    }


def _sorted(cards: dict[str, JSON]) -> list[JSON]:
    return sorted(cards.values(), key=lambda c: (c["label"] or "", c["iri"]))


# -- the shape, for the OpenAPI schema -----------------------------------------------------------


class BodyLinkModel(BaseModel):
    iri: str
    key: str | None
    label: str | None
    acronym: str | None
    href: str | None


class MandateResolutionModel(BaseModel):
    iri: str
    symbol: str | None
    date: str | None
    href: str | None


class MandateItemModel(BaseModel):
    resolution: MandateResolutionModel
    paragraph: str
    verb: str | None
    addressee: BodyLinkModel
    addressee_as_written: str | None
    action: str | None


class MandatesModel(BaseModel):
    total: int
    items: list[MandateItemModel]


class AdoptedModel(BaseModel):
    count: int
    href: str


class BodyModel(BaseModel):
    """A body (:func:`body_view`) and its mandates (:func:`mandate_items`)."""

    iri: str
    key: str | None
    label: str | None
    acronym: str | None
    type: str | None
    href: str | None
    names: list[str]
    acronyms: list[str]
    parents: list[BodyLinkModel]
    children: list[BodyLinkModel]
    established_by: BodyLinkModel | None
    established: list[BodyLinkModel]
    resolutions_adopted: AdoptedModel
    mandates_received: MandatesModel
    mandates_given: MandatesModel
