"""The JSON the browsing API answers: resources shaped from the triples and rows of the store.

Owns the shape of every JSON document of ``/resolutions``, ``/documents``, ``/instruments`` and
``/bodies`` (reading them is :mod:`unkg.api.resources`, the routes :mod:`unkg.api.browse`). Every
resource and every node it points to carries ``iri`` (its identifier in the graph) and, where the
API describes it, ``href`` (the path of that description, :mod:`unkg.api.paths`). Literals become
JSON strings and numbers (dates as ``YYYY-MM-DD``); missing values are ``null``, missing lists
``[]``. Spans are ``[start, end)`` character offsets into the source file.

:mod:`unkg.api.view_models` says the same shapes to the OpenAPI schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from unkg.api.indexed_graph import IndexedGraph
from unkg.api.paths import href_of
from unkg.api.resources import Row
from unkg.graph.iris import Iris
from unkg.ontology import load_ontology

from unkg import ontology

__all__ = [
    "Facts",
    "actor_card",
    "cited_by_view",
    "instrument_view",
    "local_name",
    "most_specific",
    "plain",
    "references_view",
    "resolution_view",
    "work_card",
    "work_view",
]

JSON = dict[str, Any]


class _Fixed:
    """A namespace whose terms are made once each: rdflib's make a new ``URIRef`` (its IRI
    checked) on every access, 1-2.5 us, a few hundred times a page."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = URIRef(getattr(self._namespace, name))
        setattr(self, name, term)  # found in the instance from now on
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = URIRef(self._namespace[name])
        return term

    def __str__(self) -> str:
        return str(self._namespace)


DCTERMS, PROV, RDF, RDFS, SKOS, UNKG = (
    _Fixed(ontology.DCTERMS), _Fixed(ontology.PROV), _Fixed(ontology.RDF),
    _Fixed(ontology.RDFS), _Fixed(ontology.SKOS), _Fixed(ontology.UNKG))

_OWNER_KIND = {"PreambularParagraph": "preambular", "OperativeParagraph": "operative",
               "Footnote": "footnote"}


_XSD = "http://www.w3.org/2001/XMLSchema#"
#: The integer datatypes, whose literals rdflib reads as ``int``.
_INTEGERS = frozenset(_XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte"))


def _encoded_text(value: Any) -> str:
    """What ``str`` gives for the rdflib term of a plain value (its IRI, label or lexical form):
    the key :meth:`Facts.one` picks the smallest of several values by."""
    return value if isinstance(value, str) else str(value[0])


def plain(term: Node | None) -> Any:
    """A term as a JSON value: IRIs and strings as strings, numbers as numbers, dates as ISO."""
    if term is None:
        return None
    if not isinstance(term, Literal):
        return str(term)
    value = term.toPython()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(term)


def local_name(term: Node | str | None) -> str:
    """The local name of a unkg: term (``unkg:Resolution`` -> ``Resolution``), else ``""``."""
    text = str(term or "")
    return text[len(_UNKG):] if text.startswith(_UNKG) else ""


_UNKG = str(UNKG)


@cache
def _superclasses() -> dict[str, frozenset[str]]:
    """Each unkg class's unkg superclasses (transitively), by local name."""
    graph = load_ontology()
    found: dict[str, frozenset[str]] = {}
    for cls in set(graph.subjects(RDF.type, None)):
        name = local_name(cls)
        if name:
            found[name] = frozenset(local_name(s) for s in
                                    graph.transitive_objects(cls, RDFS.subClassOf)
                                    if local_name(s) and s != cls)
    return found


def most_specific(classes: Iterable[str]) -> str | None:
    """The most specific of the unkg class names ``classes`` (the first by name on a tie).

    >>> most_specific(["Body", "Actor", "FunctionalCommission", "SubsidiaryBody"])
    'FunctionalCommission'
    """
    return _most_specific(tuple(classes))


@lru_cache(maxsize=4096)
def _most_specific(classes: tuple[str, ...]) -> str | None:
    names = {c for c in classes if c}
    above = set().union(*(_superclasses().get(c, frozenset()) for c in names)) if names else set()
    candidates = sorted(names - above)
    return candidates[0] if candidates else None


class Facts:
    """The triples one resolution's graph (or several graphs) hold, read by subject (through
    :meth:`IndexedGraph.objects_of` when the graph is one, without rdflib's generators)."""

    def __init__(self, graph: Graph, iris: Iris) -> None:
        self.graph = graph
        self.iris = iris
        self._indexed = graph if isinstance(graph, IndexedGraph) else None

    def objects(self, subject: Node, predicate: URIRef) -> list[Node]:
        if self._indexed is not None:
            return self._indexed.objects_of(subject, predicate)
        return list(self.graph.objects(subject, predicate))

    def subjects(self, predicate: URIRef, value: Node) -> list[Node]:
        if self._indexed is not None:
            return self._indexed.subjects_of(predicate, value)
        return list(self.graph.subjects(predicate, value))

    def one(self, subject: Node, predicate: URIRef) -> Node | None:
        values = self.objects(subject, predicate)
        if len(values) < 2:
            return values[0] if values else None
        return min(values, key=str)

    def value(self, subject: Node, predicate: URIRef) -> Any:
        if self._indexed is None:
            return plain(self.one(subject, predicate))
        # From the plain values, without an rdflib term, for IRIs, strings and integers.
        values = self._indexed.encoded_objects(subject, predicate)
        if not values:
            return None
        found = next(iter(values)) if len(values) == 1 else min(values, key=_encoded_text)
        if isinstance(found, str):
            return found
        if found is not None and len(found) == 2:
            lexical, tag = found
            if not tag or tag[0] == "@":
                return lexical
            if tag in _INTEGERS:
                try:
                    return int(lexical)
                except ValueError:
                    return lexical  # rdflib keeps an ill-typed literal as its text
        return plain(self._indexed.term(found))

    def all(self, subject: Node, predicate: URIRef) -> list[Node]:
        return sorted(self.objects(subject, predicate), key=str)

    def type(self, subject: Node) -> str | None:
        return _most_specific(tuple(local_name(c) for c in self.objects(subject, RDF.type)))

    def span(self, subject: Node) -> list[int] | None:
        start, end = self.value(subject, UNKG.start), self.value(subject, UNKG.end)
        return [start, end] if isinstance(start, int) and isinstance(end, int) else None

    def by_start(self, nodes: Iterable[Node]) -> list[Node]:
        return sorted(nodes, key=lambda n: (self.value(n, UNKG.start) or 0, str(n)))


def work_card(iri: Node, facts: Facts) -> JSON:
    """A cited or citing document or instrument, as a link: IRI, label, symbol, type, href."""
    return {
        "iri": str(iri),
        "label": facts.value(iri, RDFS.label),
        "symbol": facts.value(iri, DCTERMS.identifier),
        "type": facts.type(iri),
        "href": href_of(str(iri), facts.iris),
    }


def actor_card(iri: Node, facts: Facts) -> JSON:
    """A body or actor, as a link: IRI, key, label, acronym, type, href."""
    parsed = facts.iris.parse(str(iri))
    return {
        "iri": str(iri),
        "key": parsed[1] if parsed is not None else None,
        "label": facts.value(iri, RDFS.label),
        "acronym": facts.value(iri, SKOS.altLabel),
        "type": facts.type(iri),
        "href": href_of(str(iri), facts.iris),
    }


def resolution_view(subject: URIRef, graph_name: str, facts: Facts) -> JSON:
    """An ingested resolution: its metadata, paragraphs in order (with sub-paragraphs, references,
    mandates, mentions and footnote markers), footnotes, meetings, subjects, what could not be
    interpreted, and provenance."""
    g = facts.graph
    adopted = facts.one(subject, UNKG.adoptedBy)
    footnotes = facts.by_start(facts.all(subject, UNKG.hasFootnote))
    markers: dict[str, list[str]] = {}
    for note in footnotes:
        attached = facts.one(note, UNKG.attachedTo)
        if attached is not None:
            markers.setdefault(str(attached), []).append(str(facts.value(note, UNKG.marker)))
    paragraphs = sorted(
        facts.all(subject, UNKG.hasParagraph),
        key=lambda p: (facts.type(p) != "PreambularParagraph", facts.value(p, UNKG["index"]) or 0),
    )
    unresolved = facts.by_start(facts.all(subject, UNKG.hasUnresolved))
    meetings = [m for m in facts.all(subject, UNKG.mentions) if (m, RDF.type, UNKG.Meeting) in g]
    return {
        **_document_head(subject, facts),
        "ingested": True,
        "number": facts.value(subject, UNKG.number),
        "title": facts.value(subject, DCTERMS.title),
        "date": facts.value(subject, DCTERMS.date),
        "body": actor_card(adopted, facts) if adopted is not None else None,
        "paragraphs": [_paragraph(subject, p, facts, markers.get(str(p), [])) for p in paragraphs],
        "footnotes": [_footnote(subject, n, facts) for n in footnotes],
        "meetings": [_meeting(m, facts) for m in facts.by_start(meetings)],
        "subjects": [str(s) for s in facts.all(subject, DCTERMS.subject)],
        "unresolved": {
            "count": facts.value(subject, UNKG.unresolvedCount) or len(unresolved),
            "items": [{"kind": facts.value(u, UNKG.unresolvedKind),
                       "text": facts.value(u, UNKG.text), "reason": facts.value(u, UNKG.reason),
                       "span": facts.span(u)} for u in unresolved],
        },
        "provenance": _provenance(subject, graph_name, facts),
    }


def work_view(subject: URIRef, facts: Facts) -> JSON:
    """A document known only as a cited work (or a document that is not a resolution): what the
    citing graphs say about it."""
    return {
        **_document_head(subject, facts),
        "ingested": False,
        "title": facts.value(subject, DCTERMS.title),
        "date": facts.value(subject, DCTERMS.date),
    }


def instrument_view(subject: URIRef, facts: Facts) -> JSON:
    """A named instrument: its name, kind, adoption date, who prepared it, the document that
    carries it."""
    parsed = facts.iris.parse(str(subject))
    creator = facts.one(subject, DCTERMS.creator)
    carrier = facts.one(subject, UNKG.carriedBy)
    return {
        "iri": str(subject),
        "key": parsed[1] if parsed is not None else None,
        "href": href_of(str(subject), facts.iris),
        "label": facts.value(subject, RDFS.label),
        "type": facts.type(subject),
        "date": facts.value(subject, DCTERMS.date),
        "creator": actor_card(creator, facts) if creator is not None else None,
        "carried_by": work_card(carrier, facts) if carrier is not None else None,
    }


def references_view(subject: URIRef, facts: Facts) -> list[JSON]:
    """What the resolution cites, grouped by relation (in order of first use), each cited work
    once per relation with every citation of it (paragraph, text as written, pinpoint, span)."""
    groups: dict[str, dict[str, JSON]] = {}
    owners = [*facts.all(subject, UNKG.hasParagraph), *facts.all(subject, UNKG.hasFootnote)]
    references = facts.by_start(
        r for owner in owners for r in facts.subjects(UNKG.citingParagraph, owner))
    for reference in references:
        relation = str(facts.one(reference, UNKG.relation) or "").partition("#relation-")[2]
        work = facts.one(reference, UNKG.citedWork)
        owner = facts.one(reference, UNKG.citingParagraph)
        if work is None or owner is None:
            continue
        works = groups.setdefault(relation or "cites", {})
        entry = works.setdefault(str(work), {**work_card(work, facts), "citations": []})
        entry["citations"].append({
            "paragraph": _part_id(subject, owner),
            "text_as_written": facts.value(reference, UNKG.textAsWritten),
            "pinpoint": facts.value(reference, UNKG.pinpoint),
            "span": facts.span(reference),
        })
    return [{"relation": relation, "count": sum(len(w["citations"]) for w in works.values()),
             "works": list(works.values())} for relation, works in groups.items()]


def cited_by_view(rows: list[Row], iris: Iris) -> list[JSON]:
    """Who cites a work, from the citation rows of :meth:`Reader.cited_by`: one entry per citing
    resolution (newest first), each with its citations in document order and the citing
    paragraph's or footnote's text."""
    citing: dict[str, JSON] = {}
    for row in sorted(rows, key=lambda r: (plain(r.get("start")) or 0, str(r["reference"]))):
        source = str(row["citing"])
        entry = citing.setdefault(source, {
            "iri": source,
            "symbol": plain(row.get("symbol")),
            "label": plain(row.get("citingLabel")),
            "title": plain(row.get("title")),
            "date": plain(row.get("date")),
            "href": href_of(source, iris),
            "relations": [],
            "citations": [],
        })
        relation = plain(row.get("relation")) or "cites"
        if relation not in entry["relations"]:
            entry["relations"].append(relation)
        kind = _OWNER_KIND.get(local_name(row.get("ownerClass")), "paragraph")
        entry["citations"].append({
            "paragraph": _part_id(URIRef(source), row["owner"]),
            "kind": kind,
            "relation": relation,
            "text": plain(row.get("text")),
            "text_as_written": plain(row.get("textAsWritten")),
            "pinpoint": plain(row.get("pinpoint")),
            "span": _row_span(row),
        })
    return sorted(citing.values(), key=lambda e: (e["date"] or "", e["symbol"] or e["iri"]),
                  reverse=True)


# -- parts of a resolution -----------------------------------------------------------------------


def _document_head(subject: URIRef, facts: Facts) -> JSON:
    parsed = facts.iris.parse(str(subject))
    return {
        "iri": str(subject),
        "id": parsed[1] if parsed is not None else None,
        "href": href_of(str(subject), facts.iris),
        "symbol": facts.value(subject, DCTERMS.identifier),
        "label": facts.value(subject, RDFS.label),
        "type": facts.type(subject),
        "undocs": facts.value(subject, RDFS.seeAlso),
        "akn_work": facts.value(subject, UNKG.aknFRBRuri),
    }


def _paragraph(subject: URIRef, node: Node, facts: Facts, markers: list[str]) -> JSON:
    kind = _OWNER_KIND.get(facts.type(node) or "", "paragraph")
    references = facts.by_start(facts.subjects(UNKG.citingParagraph, node))
    mandates = facts.by_start(facts.subjects(UNKG.inParagraph, node))
    return {
        "id": _part_id(subject, node),
        "iri": str(node),
        "kind": kind,
        "index": facts.value(node, UNKG["index"]),
        "number": facts.value(node, UNKG.number),
        "opening": facts.value(node, UNKG.openingPhrase),
        "text": facts.value(node, UNKG.text),
        "span": facts.span(node),
        "subparagraphs": _subparagraphs(node, facts),
        "footnotes": markers,
        "references": [_reference(r, facts) for r in references],
        "mandates": [_mandate(m, facts) for m in mandates],
        "mentions": [actor_card(a, facts) for a in facts.all(node, UNKG.mentions)],
    }


def _subparagraphs(node: Node, facts: Facts) -> list[JSON]:
    children = sorted(facts.all(node, UNKG.hasSubParagraph),
                      key=lambda s: facts.value(s, UNKG["index"]) or 0)
    return [{"label": facts.value(s, UNKG.label), "text": facts.value(s, UNKG.text),
             "span": facts.span(s), "subparagraphs": _subparagraphs(s, facts)} for s in children]


def _reference(node: Node, facts: Facts) -> JSON:
    work = facts.one(node, UNKG.citedWork)
    return {
        "relation": str(facts.one(node, UNKG.relation) or "").partition("#relation-")[2] or None,
        "work": work_card(work, facts) if work is not None else None,
        "text_as_written": facts.value(node, UNKG.textAsWritten),
        "pinpoint": facts.value(node, UNKG.pinpoint),
        "span": facts.span(node),
    }


def _mandate(node: Node, facts: Facts) -> JSON:
    addressee = facts.one(node, UNKG.addressee)
    return {
        "verb": str(facts.one(node, UNKG.verb) or "").partition("#verb-")[2] or None,
        "addressee": actor_card(addressee, facts) if addressee is not None else None,
        "addressee_as_written": facts.value(node, UNKG.addresseeAsWritten),
        "action": facts.value(node, UNKG.action),
        "span": facts.span(node),
    }


def _footnote(subject: URIRef, node: Node, facts: Facts) -> JSON:
    attached = facts.one(node, UNKG.attachedTo)
    references = facts.by_start(facts.subjects(UNKG.citingParagraph, node))
    return {
        "marker": facts.value(node, UNKG.marker),
        "iri": str(node),
        "text": facts.value(node, UNKG.text),
        "span": facts.span(node),
        "paragraph": _part_id(subject, attached) if attached is not None else None,
        "references": [_reference(r, facts) for r in references],
        "mentions": [actor_card(a, facts) for a in facts.all(node, UNKG.mentions)],
    }


def _meeting(node: Node, facts: Facts) -> JSON:
    body = facts.one(node, UNKG.ofBody)
    return {
        "iri": str(node),
        "label": facts.value(node, RDFS.label),
        "body": actor_card(body, facts) if body is not None else None,
        "ordinal": facts.value(node, UNKG.ordinal),
        "place": facts.value(node, UNKG.place),
        "start_date": facts.value(node, UNKG.startDate),
        "end_date": facts.value(node, UNKG.endDate),
        "span": facts.span(node),
    }


def _provenance(subject: URIRef, graph_name: str, facts: Facts) -> JSON:
    source = facts.one(subject, PROV.wasDerivedFrom)
    activity = facts.one(subject, PROV.wasGeneratedBy)
    agent = facts.one(activity, PROV.wasAssociatedWith) if activity is not None else None
    return {
        "graph": graph_name,
        "source": None if source is None else {
            "iri": str(source),
            "path": facts.value(source, UNKG.path),
            "sha256": facts.value(source, UNKG.sha256),
            "format": facts.value(source, DCTERMS["format"]),
        },
        "activity": None if activity is None else str(activity),
        "generated_at": None if activity is None else facts.value(activity, PROV.endedAtTime),
        "extractor_version": None if agent is None else facts.value(agent, UNKG.extractorVersion),
    }


def _part_id(subject: Node, part: Node) -> str:
    """A paragraph's or footnote's id within its resolution: ``p1``, ``o3``, ``fn/2``."""
    prefix = str(subject) + "/"
    text = str(part)
    return text[len(prefix):] if text.startswith(prefix) else text


def _row_span(row: Row) -> list[int] | None:
    start, end = plain(row.get("start")), plain(row.get("end"))
    return [start, end] if isinstance(start, int) and isinstance(end, int) else None

