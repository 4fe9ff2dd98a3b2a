"""The last stage of the pipeline: a parsed :class:`~unkg.ingest.models.Resolution` as RDF triples.

:func:`resolution_to_rdf` returns plain rdflib triples in the unkg vocabulary
(``ontology/unkg.ttl``); the store writes them into the resolution's named graph, whose name comes
from :func:`graph_slug`. The output conforms to ``ontology/shapes.ttl`` and is deterministic: the
same resolution, IRIs and time give the same triples in the same order, and every node has a minted
IRI (no blank nodes), so that a graph can be replaced or diffed as a whole.

Nodes carry every unkg: class they belong to (``unkg:OperativeParagraph`` and ``unkg:Paragraph``),
read from the ontology, and each citation is stated twice on the resolution: with its typed
shortcut property (``unkg:recalls``) and with ``unkg:cites``. Queries need no inference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import PurePath
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from unkg.graph.bodies import BODIES, EntityKind
from unkg.graph.iris import Iris
from unkg.graph.symbols import Symbol, SymbolKind
from unkg.ingest.models import (
    Entity,
    Footnote,
    Instrument,
    InstrumentKind,
    Mandate,
    MandateVerb,
    Meeting,
    Mention,
    Paragraph,
    ParagraphKind,
    Reference,
    Relation,
    Resolution,
    Span,
    SubParagraph,
    Unresolved,
    UnresolvedKind,
)
from unkg.ontology import CITO, DCTERMS, PROV, RDF, RDFS, SKOS, UNKG, load_ontology

from unkg import EXTRACTOR_VERSION

__all__ = ["Triple", "graph_slug", "mandate_verb_concept", "relation_concept",
           "relation_property", "resolution_to_rdf"]

Triple = tuple[Node, Node, Node]

_ENTITY_CLASS: dict[EntityKind, URIRef] = {
    EntityKind.PRINCIPAL_ORGAN: UNKG.PrincipalOrgan,
    EntityKind.SUBSIDIARY_BODY: UNKG.SubsidiaryBody,
    EntityKind.EXPERT_GROUP: UNKG.ExpertGroup,
    EntityKind.OFFICE: UNKG.Office,
    EntityKind.SECRETARIAT: UNKG.Secretariat,
    EntityKind.MEMBER_STATES: UNKG.MemberStates,
    EntityKind.DONORS: UNKG.Donors,
    EntityKind.OTHER_ACTOR: UNKG.Actor,
}

_INSTRUMENT_CLASS: dict[InstrumentKind, URIRef] = {
    InstrumentKind.DECLARATION: UNKG.Declaration,
    InstrumentKind.CONVENTION: UNKG.Convention,
    InstrumentKind.CHARTER: UNKG.Charter,
    InstrumentKind.PROGRAMME: UNKG.Programme,
    InstrumentKind.STATUTE: UNKG.Statute,
    InstrumentKind.RULES: UNKG.Rules,
    InstrumentKind.REPORT: UNKG.Report,
}

_SYMBOL_CLASS: dict[SymbolKind, URIRef] = {
    SymbolKind.RESOLUTION: UNKG.Resolution,
    SymbolKind.DECISION: UNKG.Decision,
    SymbolKind.PRESIDENTIAL_STATEMENT: UNKG.PresidentialStatement,
    SymbolKind.DOCUMENT: UNKG.Document,
}

#: Characters kept in the slug of a file stem; anything else becomes "-".
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def relation_concept(relation: Relation) -> URIRef:
    """The SKOS concept of ``relation`` in ``unkg:relations`` (``unkg:relation-recalls``)."""
    return UNKG[f"relation-{relation.value}"]


def relation_property(relation: Relation) -> URIRef:
    """The shortcut property of ``relation``, a sub-property of ``cito:cites``: the enum value in
    lower camel case (``takes-note-of`` gives ``unkg:takesNoteOf``)."""
    head, *rest = relation.value.split("-")
    return UNKG[head + "".join(word.capitalize() for word in rest)]


def mandate_verb_concept(verb: MandateVerb) -> URIRef:
    """The SKOS concept of ``verb`` in ``unkg:mandateVerbs`` (``unkg:verb-calls-upon``)."""
    return UNKG[f"verb-{verb.value}"]


def graph_slug(resolution: Resolution) -> str:
    """The slug of the resolution's named graph: its symbol's slug, else ``file-<source stem>``."""
    if resolution.symbol is not None:
        return resolution.symbol.slug
    return "file-" + _UNSAFE.sub("-", _stem(resolution)).strip("-")


def resolution_to_rdf(
    resolution: Resolution,
    iris: Iris,
    *,
    generated_at: datetime,
    extractor_version: str = EXTRACTOR_VERSION,
) -> list[Triple]:
    """Every triple of one resolution: the document, its paragraphs, footnotes, references, cited
    works, mandates, bodies, meetings, uninterpreted passages and provenance."""
    context = _Context(resolution, iris)
    triples: list[Triple] = [
        *_document(context),
        *_adoption(context),
        *_provenance(context, generated_at, extractor_version),
    ]
    for paragraph in resolution.paragraphs:
        triples += _paragraph(context, paragraph)
    for footnote in resolution.footnotes:
        triples += _footnote(context, footnote)
    for instrument in resolution.instruments:
        triples += _instrument(context, instrument)
    for meeting in resolution.meetings:
        triples += _meeting(context, meeting)
    # Last, in this order: dangling references found above join the unresolved passages, and
    # every entity pointed to so far gets its node.
    triples += _unresolved(context)
    triples += _actors(context)
    return list(dict.fromkeys(triples))


@dataclass
class _Context:
    """What every part of the mapping needs: the resolution, its IRI and the nodes still owed."""

    resolution: Resolution
    iris: Iris
    subject: URIRef = field(init=False)
    label: str = field(init=False)
    #: Entity keys that some triple points to, each becomes a labelled, typed node at the end; the
    #: value says whether the key must be a body (an adopting body, a parent).
    actors: dict[str, bool] = field(default_factory=dict)
    #: Cited works already given a date (and AKN work IRI) by a reference.
    dated: set[URIRef] = field(default_factory=set)
    #: References that resolve to nothing, reported as unresolved passages.
    dangling: list[Unresolved] = field(default_factory=list)

    def __post_init__(self) -> None:
        symbol = self.resolution.symbol
        if symbol is not None:
            self.subject = URIRef(self.iris.symbol(symbol))
            self.label = str(symbol)
        else:
            self.subject = URIRef(self.iris.resolution_without_symbol(_stem(self.resolution)))
            self.label = self.resolution.title or _stem(self.resolution)


def _document(context: _Context) -> Iterator[Triple]:
    resolution, subject = context.resolution, context.subject
    symbol = resolution.symbol
    yield from _typed(subject, _document_class(symbol.kind if symbol else SymbolKind.RESOLUTION))
    yield subject, RDFS.label, Literal(context.label)
    if symbol is not None:
        # The AKN work IRI the publisher's file states wins over the one derived from the symbol.
        yield from _symbol(subject, symbol, None if resolution.akn_work else resolution.date)
    if resolution.akn_work:
        yield subject, UNKG.aknFRBRuri, Literal(resolution.akn_work)
    if resolution.number:
        yield subject, UNKG.number, Literal(resolution.number)
    if resolution.title:
        yield subject, DCTERMS.title, Literal(resolution.title)
    if resolution.date is not None:
        yield subject, DCTERMS.date, Literal(resolution.date)
    if resolution.body is not None and _is_body(context, resolution.body):
        yield subject, UNKG.adoptedBy, _actor(context, resolution.body, body=True)
    for keyword in resolution.subjects:
        yield subject, DCTERMS.subject, URIRef(keyword)


def _adoption(context: _Context) -> Iterator[Triple]:
    """How the resolution was adopted (from metadata or its adoption statement): one node."""
    record = context.resolution.record
    if record is None:
        return
    node = URIRef(f"{context.subject}/adoption")
    yield context.subject, UNKG.adoption, node
    yield from _typed(node, UNKG.Adoption)
    yield node, RDFS.label, Literal(f"adoption of {context.label}")
    if record.meeting:
        yield node, UNKG.meetingAsWritten, Literal(record.meeting)
    if record.meeting_number is not None:
        yield node, UNKG.meetingNumber, Literal(record.meeting_number)
    if record.date is not None:
        yield node, DCTERMS.date, Literal(record.date)
    for prop, document in ((UNKG.draft, record.draft), (UNKG.meetingRecord, record.record)):
        if document is not None:
            work = URIRef(context.iris.symbol(document))
            yield node, prop, work
            if work != context.subject:
                yield from _typed(work, _document_class(document.kind))
                yield work, RDFS.label, Literal(str(document))
                yield from _symbol(work, document, None)
    if record.agenda_item:
        yield node, UNKG.agendaItem, Literal(record.agenda_item)
    if record.committee:
        yield node, UNKG.committee, Literal(record.committee)
    for sponsor in record.sponsors:
        yield node, UNKG.sponsor, Literal(sponsor)
    vote = record.vote
    if vote is not None:
        yield node, UNKG.voteKind, Literal(vote.kind.value)
        for prop, count in ((UNKG.votesInFavour, vote.in_favour),
                            (UNKG.votesAgainst, vote.against),
                            (UNKG.abstentions, vote.abstaining)):
            if count is not None:
                yield node, prop, Literal(count)
        for prop, states in ((UNKG.votedInFavour, vote.states_in_favour),
                             (UNKG.votedAgainst, vote.states_against),
                             (UNKG.abstained, vote.states_abstaining)):
            for state in states:
                yield node, prop, Literal(state)


def _symbol(subject: URIRef, symbol: Symbol, when: date | None) -> Iterator[Triple]:
    """What a symbol says about the document it identifies."""
    yield subject, DCTERMS.identifier, Literal(str(symbol))
    yield subject, RDFS.seeAlso, URIRef(symbol.undocs_url)
    akn = symbol.akn_work_iri(when) if when is not None else None
    if akn:
        yield subject, UNKG.aknFRBRuri, Literal(akn)


def _provenance(context: _Context, generated_at: datetime, version: str) -> Iterator[Triple]:
    source = context.resolution.source
    file = URIRef(context.iris.source(source.sha256))
    activity = URIRef(context.iris.activity(source.sha256, version))
    # Iris has no method for the agent: one node per extractor version, under the base.
    agent = URIRef(f"{context.iris.base}agent/{quote(version, safe='')}")
    yield context.subject, PROV.wasDerivedFrom, file
    yield context.subject, PROV.wasGeneratedBy, activity
    yield from _typed(file, UNKG.SourceFile)
    yield file, RDFS.label, Literal(source.path)
    yield file, UNKG.sha256, Literal(source.sha256)
    yield file, UNKG.path, Literal(source.path)
    yield file, DCTERMS["format"], Literal(source.media_type)
    yield from _typed(activity, UNKG.IngestActivity)
    yield activity, RDFS.label, Literal(f"ingest of {source.path}")
    yield activity, PROV.used, file
    yield activity, PROV.wasAssociatedWith, agent
    yield activity, PROV.endedAtTime, Literal(generated_at)
    yield from _typed(agent, UNKG.Extractor)
    yield agent, RDFS.label, Literal(version)
    yield agent, UNKG.extractorVersion, Literal(version)


def _paragraph(context: _Context, paragraph: Paragraph) -> Iterator[Triple]:
    node = URIRef(context.iris.paragraph(str(context.subject), paragraph.id))
    operative = paragraph.kind is ParagraphKind.OPERATIVE
    kind = "operative" if operative else "preambular"
    yield context.subject, UNKG.hasParagraph, node
    yield from _typed(node, UNKG.OperativeParagraph if operative else UNKG.PreambularParagraph)
    yield node, RDFS.label, Literal(
        f"{context.label}, {kind} paragraph {paragraph.number or paragraph.index}")
    yield node, UNKG["index"], Literal(paragraph.index)
    if paragraph.number is not None:
        yield node, UNKG.number, Literal(paragraph.number)
    if paragraph.opening:
        yield node, UNKG.openingPhrase, Literal(paragraph.opening)
    yield node, UNKG.text, Literal(paragraph.text)
    yield from _span(node, paragraph.span)
    yield from _subparagraphs(context, node, paragraph.subparagraphs)
    yield from _mentions(context, node, paragraph.mentions)
    for n, reference in enumerate(paragraph.references, start=1):
        yield from _reference(context, node, n, reference)
    for n, mandate in enumerate(paragraph.mandates, start=1):
        yield from _mandate(context, node, n, mandate)


def _subparagraphs(
    context: _Context, parent: URIRef, subparagraphs: tuple[SubParagraph, ...]
) -> Iterator[Triple]:
    for index, sub in enumerate(subparagraphs, start=1):
        node = URIRef(context.iris.subparagraph(str(parent), sub.label))
        yield parent, UNKG.hasSubParagraph, node
        yield from _typed(node, UNKG.SubParagraph)
        yield node, UNKG.label, Literal(sub.label)
        yield node, UNKG["index"], Literal(index)
        yield node, UNKG.text, Literal(sub.text)
        yield from _span(node, sub.span)
        yield from _subparagraphs(context, node, sub.subparagraphs)


def _footnote(context: _Context, footnote: Footnote) -> Iterator[Triple]:
    node = URIRef(context.iris.footnote(str(context.subject), footnote.marker))
    yield context.subject, UNKG.hasFootnote, node
    yield from _typed(node, UNKG.Footnote)
    yield node, RDFS.label, Literal(f"{context.label}, footnote {footnote.marker}")
    yield node, UNKG.marker, Literal(footnote.marker)
    yield node, UNKG.text, Literal(footnote.text)
    yield from _span(node, footnote.span)
    ids = {paragraph.id for paragraph in context.resolution.paragraphs}
    if footnote.paragraph is not None and footnote.paragraph in ids:
        paragraph = context.iris.paragraph(str(context.subject), footnote.paragraph)
        yield node, UNKG.attachedTo, URIRef(paragraph)
    yield from _mentions(context, node, footnote.mentions)
    for n, reference in enumerate(footnote.references, start=1):
        yield from _reference(context, node, n, reference)


def _reference(context: _Context, owner: URIRef, n: int, reference: Reference) -> Iterator[Triple]:
    work = _cited_work(context, reference)
    if work is None:
        context.dangling.append(Unresolved(
            UnresolvedKind.CITATION, reference.text, reference.span,
            "the reference names neither a symbol nor an instrument"))
        return
    node = URIRef(context.iris.reference(str(owner), n))
    yield from _typed(node, UNKG.Reference)
    yield node, UNKG.citingParagraph, owner
    yield node, UNKG.citedWork, work
    yield node, UNKG.relation, relation_concept(reference.relation)
    yield node, CITO.hasCitationCharacterization, relation_property(reference.relation)
    yield node, UNKG.textAsWritten, Literal(reference.text)
    yield node, UNKG.origin, Literal(reference.origin.value)
    if reference.pinpoint:
        yield node, UNKG.pinpoint, Literal(reference.pinpoint)
    yield from _span(node, reference.span)
    yield context.subject, relation_property(reference.relation), work
    yield context.subject, UNKG.cites, work
    if work != context.subject:
        yield from _describe_work(context, work, reference)


def _cited_work(context: _Context, reference: Reference) -> URIRef | None:
    if reference.target is not None:
        return URIRef(context.iris.symbol(reference.target))
    if reference.instrument is not None:
        return URIRef(context.iris.instrument(reference.instrument))
    return None


def _describe_work(context: _Context, work: URIRef, reference: Reference) -> Iterator[Triple]:
    """Type and label a cited work: a document from its symbol, an instrument from the gazetteer."""
    if reference.target is not None:
        yield from _typed(work, _document_class(reference.target.kind))
        yield work, RDFS.label, Literal(str(reference.target))
        # The date a citation gives ("of 21 December 2010") is the adoption date of a resolution
        # or decision; the first citation that gives one dates the work.
        dated = None if reference.target.kind is SymbolKind.DOCUMENT else reference.date
        if work in context.dated:
            dated = None
        yield from _symbol(work, reference.target, dated)
        if dated is not None:
            context.dated.add(work)
            yield work, DCTERMS.date, Literal(dated)
    elif reference.instrument is not None and not _has_instrument(context, reference.instrument):
        # A key the gazetteer of this resolution does not describe: keep the node valid.
        yield from _typed(work, UNKG.Instrument)
        yield work, RDFS.label, Literal(reference.instrument)


def _has_instrument(context: _Context, key: str) -> bool:
    return any(instrument.key == key for instrument in context.resolution.instruments)


def _instrument(context: _Context, instrument: Instrument) -> Iterator[Triple]:
    node = URIRef(context.iris.instrument(instrument.key))
    yield from _typed(node, _INSTRUMENT_CLASS[instrument.kind])
    yield node, RDFS.label, Literal(instrument.name)
    if instrument.adopted is not None:
        yield node, DCTERMS.date, Literal(instrument.adopted)
    if instrument.author is not None:
        yield node, DCTERMS.creator, _actor(context, instrument.author)
    if instrument.symbol is not None:
        carrier = URIRef(context.iris.symbol(instrument.symbol))
        yield node, UNKG.carriedBy, carrier
        if carrier != context.subject:
            yield from _typed(carrier, _document_class(instrument.symbol.kind))
            yield carrier, RDFS.label, Literal(str(instrument.symbol))
            yield from _symbol(carrier, instrument.symbol, None)


def _mandate(context: _Context, paragraph: URIRef, n: int, mandate: Mandate) -> Iterator[Triple]:
    node = URIRef(context.iris.mandate(str(paragraph), n))
    yield from _typed(node, UNKG.Mandate)
    yield node, UNKG.inParagraph, paragraph
    yield node, UNKG.addressee, _actor(context, mandate.addressee)
    if mandate.addressee_text:
        yield node, UNKG.addresseeAsWritten, Literal(mandate.addressee_text)
    yield node, UNKG.verb, mandate_verb_concept(mandate.verb)
    yield node, UNKG.action, Literal(mandate.action)
    yield from _span(node, mandate.span)


def _meeting(context: _Context, meeting: Meeting) -> Iterator[Triple]:
    node = URIRef(context.iris.meeting(meeting.key))
    yield context.subject, UNKG.mentions, node
    yield from _typed(node, UNKG.Meeting)
    yield node, RDFS.label, Literal(meeting.text)
    yield node, UNKG.textAsWritten, Literal(meeting.text)
    if meeting.body is not None and _is_body(context, meeting.body):
        yield node, UNKG.ofBody, _actor(context, meeting.body, body=True)
    if meeting.ordinal is not None:
        yield node, UNKG.ordinal, Literal(meeting.ordinal)
    if meeting.place:
        yield node, UNKG.place, Literal(meeting.place)
    if meeting.start is not None:
        yield node, UNKG.startDate, Literal(meeting.start)
    if meeting.end is not None:
        yield node, UNKG.endDate, Literal(meeting.end)
    yield from _span(node, meeting.span)


def _mentions(context: _Context, node: URIRef, mentions: tuple[Mention, ...]) -> Iterator[Triple]:
    for mention in mentions:
        yield node, UNKG.mentions, _actor(context, mention.entity)


def _unresolved(context: _Context) -> Iterator[Triple]:
    items = [*context.resolution.unresolved, *context.dangling]
    yield context.subject, UNKG.unresolvedCount, Literal(len(items))
    for n, item in enumerate(items, start=1):
        node = URIRef(f"{context.subject}/unresolved/{n}")
        yield context.subject, UNKG.hasUnresolved, node
        yield from _typed(node, UNKG.Unresolved)
        yield node, UNKG.unresolvedKind, Literal(item.kind.value)
        yield node, UNKG.text, Literal(item.text)
        yield node, UNKG.reason, Literal(item.reason)
        yield from _span(node, item.span)


def _actor(context: _Context, key: str, *, body: bool = False) -> URIRef:
    """The IRI of an entity, remembering that the node must be described (as a body, when ``body``
    and the key is known nowhere)."""
    context.actors[key] = context.actors.get(key, False) or body
    return URIRef(context.iris.body(key))


def _actors(context: _Context) -> Iterator[Triple]:
    """Every entity of the resolution and every one pointed to, with the bodies above them."""
    for listed in context.resolution.entities:
        context.actors.setdefault(listed.key, False)
    pending = list(context.actors)
    done: set[str] = set()
    while pending:
        key = pending.pop(0)
        if key in done:
            continue
        done.add(key)
        node = URIRef(context.iris.body(key))
        entity = _entity(context, key)
        if entity is None:
            # Known neither to the resolution nor to the registry: a bare, labelled node.
            yield from _typed(node, UNKG.Body if context.actors.get(key) else UNKG.Actor)
            yield node, RDFS.label, Literal(key)
            continue
        cls = _ENTITY_CLASS[entity.kind]
        if entity.kind is EntityKind.SUBSIDIARY_BODY and entity.parent == "ecosoc":
            cls = UNKG.FunctionalCommission
        yield from _typed(node, cls)
        yield node, RDFS.label, Literal(entity.name)
        if entity.acronym:
            yield node, SKOS.altLabel, Literal(entity.acronym)
        if entity.parent is not None:
            parent = _actor(context, entity.parent, body=True)
            yield node, UNKG.subOrganizationOf, parent
            if entity.kind is EntityKind.EXPERT_GROUP:
                yield node, UNKG.establishedBy, parent
            pending.append(entity.parent)


def _entity(context: _Context, key: str) -> Entity | None:
    """The entity for ``key``: from the resolution, else from the registry of bodies."""
    found = context.resolution.entity(key)
    if found is not None or key not in BODIES:
        return found
    row = BODIES[key]
    return Entity(row.key, row.name, row.kind, row.parent, row.acronym)


def _is_body(context: _Context, key: str) -> bool:
    """Whether ``key`` can be the object of a property whose range is ``unkg:Body`` (an unknown key
    is then typed as a body)."""
    entity = _entity(context, key)
    return entity is None or UNKG.Body in _unkg_classes(_ENTITY_CLASS[entity.kind])


def _document_class(kind: SymbolKind) -> URIRef:
    return _SYMBOL_CLASS.get(kind, UNKG.Document)


def _typed(node: URIRef, cls: URIRef) -> Iterator[Triple]:
    for each in _unkg_classes(cls):
        yield node, RDF.type, each


def _span(node: URIRef, span: Span) -> Iterable[Triple]:
    return ((node, UNKG.start, Literal(span.start)), (node, UNKG.end, Literal(span.end)))


def _stem(resolution: Resolution) -> str:
    return PurePath(resolution.source.path).stem or "resolution"


@cache
def _ontology() -> Graph:
    return load_ontology()


@cache
def _unkg_classes(cls: URIRef) -> tuple[URIRef, ...]:
    """``cls`` and its unkg: superclasses, from the ontology, sorted."""
    found = {cls}
    for superclass in _ontology().transitive_objects(cls, RDFS.subClassOf):
        if isinstance(superclass, URIRef) and superclass.startswith(str(UNKG)):
            found.add(superclass)
    return tuple(sorted(found))
