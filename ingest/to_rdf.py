"""The last stage of the pipeline: a parsed :class:`~unkg.ingest.models.Resolution` as RDF triples.

:func:`resolution_to_rdf` returns plain rdflib triples in the unkg vocabulary
(``ontology/unkg.ttl``); the store writes them into the resolution's named graph, whose name comes
from :func:`graph_slug`. The output conforms to ``ontology/shapes.ttl`` and is deterministic: the
same resolution, IRIs and time give the same triples in the same order, and every node has a minted
IRI (no blank nodes), so that a graph can be replaced or diffed as a whole.

Nodes carry every unkg: class they belong to (``unkg:OperativeParagraph`` and ``unkg:Paragraph``),
read from the ontology, and each citation is stated twice on the resolution: with its typed
shortcut property (``unkg:recalls``) and with ``unkg:cites``. Queries need no inference.

:func:`resolution_ntriples` gives the same triples as N-Triples lines, exactly as
:func:`~unkg.graph.terms.ntriples_lines` writes those of :func:`resolution_to_rdf`, without making
an rdflib term for each (what corpus ingest runs: 3-4x faster). The mapping below works on plain
values for that: IRIs as :class:`_Iri` strings, namespace terms made once (:class:`_Names`), and
literals as the Python values they are made from (``str``, ``int``, ``date``), and the one
``xsd:dateTime`` as an rdflib literal already in the engine's canonical form
(:func:`canonical_datetime`: UTC as ``Z``, no trailing zeros in the seconds), so that the text
written is the text the store gives back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import PurePath
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node
from unkg.graph.bodies import BODIES, EntityKind
from unkg.graph.graphcopy import EncodedTriple
from unkg.graph.iris import Iris
from unkg.graph.query_processes import Encoded
from unkg.graph.symbols import Symbol, SymbolKind
from unkg.graph.terms import TermError, ntriples_lines, to_ntriples
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
from unkg.ontology import CITO as CITO_NAMESPACE
from unkg.ontology import DCTERMS as DCTERMS_NAMESPACE
from unkg.ontology import PROV as PROV_NAMESPACE
from unkg.ontology import RDF as RDF_NAMESPACE
from unkg.ontology import RDFS as RDFS_NAMESPACE
from unkg.ontology import SKOS as SKOS_NAMESPACE
from unkg.ontology import UNKG as UNKG_NAMESPACE
from unkg.ontology import load_ontology

from unkg import EXTRACTOR_VERSION

__all__ = ["Triple", "graph_slug", "mandate_verb_concept", "relation_concept",
           "relation_property", "resolution_lines_and_triples", "resolution_ntriples",
           "resolution_to_rdf"]

Triple = tuple[Node, Node, Node]


class _Iri(str):
    """An IRI inside the mapping: a plain string, cheap to make, hash and compare, that becomes a
    ``URIRef`` in :func:`resolution_to_rdf` and ``<...>`` in :func:`resolution_ntriples`."""

    __slots__ = ()


class _Names:
    """A namespace whose terms are :class:`_Iri`, each made once (an rdflib ``Namespace`` makes
    a new ``URIRef`` on every attribute lookup)."""

    def __init__(self, namespace: Namespace | type) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> _Iri:
        if name.startswith("__"):
            raise AttributeError(name)
        term = _Iri(self._namespace[name])  # type: ignore[index]
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> _Iri:
        return self.__getattr__(name)


#: A triple inside the mapping: IRIs, and an object that is an IRI or a literal's Python value.
_Raw = tuple[_Iri, _Iri, "_Iri | str | int | date | Literal"]

CITO = _Names(CITO_NAMESPACE)
DCTERMS = _Names(DCTERMS_NAMESPACE)
PROV = _Names(PROV_NAMESPACE)
RDF = _Names(RDF_NAMESPACE)
RDFS = _Names(RDFS_NAMESPACE)
SKOS = _Names(SKOS_NAMESPACE)
UNKG = _Names(UNKG_NAMESPACE)

_ENTITY_CLASS: dict[EntityKind, _Iri] = {
    EntityKind.PRINCIPAL_ORGAN: UNKG.PrincipalOrgan,
    EntityKind.SUBSIDIARY_BODY: UNKG.SubsidiaryBody,
    EntityKind.EXPERT_GROUP: UNKG.ExpertGroup,
    EntityKind.OFFICE: UNKG.Office,
    EntityKind.SECRETARIAT: UNKG.Secretariat,
    EntityKind.MEMBER_STATES: UNKG.MemberStates,
    EntityKind.DONORS: UNKG.Donors,
    EntityKind.OTHER_ACTOR: UNKG.Actor,
}

_INSTRUMENT_CLASS: dict[InstrumentKind, _Iri] = {
    InstrumentKind.DECLARATION: UNKG.Declaration,
    InstrumentKind.CONVENTION: UNKG.Convention,
    InstrumentKind.CHARTER: UNKG.Charter,
    InstrumentKind.PROGRAMME: UNKG.Programme,
    InstrumentKind.STATUTE: UNKG.Statute,
    InstrumentKind.RULES: UNKG.Rules,
    InstrumentKind.REPORT: UNKG.Report,
}

_SYMBOL_CLASS: dict[SymbolKind, _Iri] = {
    SymbolKind.RESOLUTION: UNKG.Resolution,
    SymbolKind.DECISION: UNKG.Decision,
    SymbolKind.PRESIDENTIAL_STATEMENT: UNKG.PresidentialStatement,
    SymbolKind.DOCUMENT: UNKG.Document,
}

#: Characters kept in the slug of a file stem; anything else becomes "-".
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def relation_concept(relation: Relation) -> URIRef:
    """The SKOS concept of ``relation`` in ``unkg:relations`` (``unkg:relation-recalls``)."""
    return URIRef(_relation_concept(relation))


def relation_property(relation: Relation) -> URIRef:
    """The shortcut property of ``relation``, a sub-property of ``cito:cites``: the enum value in
    lower camel case (``takes-note-of`` gives ``unkg:takesNoteOf``)."""
    return URIRef(_relation_property(relation))


def mandate_verb_concept(verb: MandateVerb) -> URIRef:
    """The SKOS concept of ``verb`` in ``unkg:mandateVerbs`` (``unkg:verb-calls-upon``)."""
    return URIRef(_mandate_verb_concept(verb))


@cache
def _relation_concept(relation: Relation) -> _Iri:
    return UNKG[f"relation-{relation.value}"]


@cache
def _relation_property(relation: Relation) -> _Iri:
    head, *rest = relation.value.split("-")
    return UNKG[head + "".join(word.capitalize() for word in rest)]


@cache
def _mandate_verb_concept(verb: MandateVerb) -> _Iri:
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
    raw = _triples(resolution, iris, generated_at, extractor_version)
    return list(dict.fromkeys((URIRef(s), URIRef(p), _term(o)) for s, p, o in raw))


def resolution_ntriples(
    resolution: Resolution,
    iris: Iris,
    *,
    generated_at: datetime,
    extractor_version: str = EXTRACTOR_VERSION,
) -> list[str]:
    """The lines of ``ntriples_lines(resolution_to_rdf(...))``, the same text in the same order
    (each IRI validated once, literals escaped alike), made without rdflib terms.

    Raises :class:`~unkg.graph.terms.TermError` as :func:`~unkg.graph.terms.ntriples_lines` does.
    """
    return resolution_lines_and_triples(
        resolution, iris, generated_at=generated_at, extractor_version=extractor_version)[0]


def resolution_lines_and_triples(
    resolution: Resolution,
    iris: Iris,
    *,
    generated_at: datetime,
    extractor_version: str = EXTRACTOR_VERSION,
) -> tuple[list[str], list[EncodedTriple] | None]:
    """:func:`resolution_ntriples`, and the same triples as plain values, one per line, in the
    same order: what :func:`unkg.graph.graphcopy.pack` keeps of the graph (``None`` in the rare
    case the lines come from the rdflib path)."""
    raw = _triples(resolution, iris, generated_at, extractor_version)
    written: dict[str, str] = {}  # IRI -> <IRI>, validated
    lines: dict[str, EncodedTriple] = {}
    try:
        for s, p, o in raw:
            subject = written.get(s) or _written_iri(s, written)
            predicate = written.get(p) or _written_iri(p, written)
            kind = type(o)
            encoded: Encoded
            if kind is _Iri:
                value = written.get(o) or _written_iri(o, written)  # type: ignore[arg-type]
                encoded = str.__str__(o)
            elif kind is str:
                value = '"' + _escape(o) + '"'  # type: ignore[arg-type]
                encoded = (o, "")  # type: ignore[assignment]
            elif kind is int:
                value = f'"{o}"^^<{_XSD_INTEGER}>'
                encoded = (str(o), _XSD_INTEGER)
            else:
                literal = o if isinstance(o, Literal) else Literal(o)
                value = to_ntriples(literal)
                encoded = _encoded_literal(literal)
            line = f"{subject} {predicate} {value} .\n"
            if line not in lines:
                lines[line] = (str.__str__(s), str.__str__(p), encoded)
    except TermError:
        # Name the triple as ntriples_lines does.
        return ntriples_lines(resolution_to_rdf(
            resolution, iris, generated_at=generated_at, extractor_version=extractor_version)), None
    return list(lines), list(lines.values())


def _encoded_literal(literal: Literal) -> Encoded:
    """A literal as :data:`~unkg.graph.query_processes.Encoded` values, as the engine gives it
    back (the writer writes canonical forms: see :func:`canonical_datetime`)."""
    if literal.language:
        return (str(literal), "@" + literal.language)
    datatype = "" if literal.datatype is None else str(literal.datatype)
    return (str(literal), "" if datatype == _XSD_STRING else datatype)


_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


_XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
XSD_DATETIME = URIRef(_XSD_DATETIME)


def _written_iri(iri: str, written: dict[str, str]) -> str:
    text = written[iri] = to_ntriples(URIRef(iri))
    return text


def _escape(value: str) -> str:
    """A string literal's text as :func:`~unkg.graph.terms.to_ntriples` escapes it."""
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:
        return (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                .replace("\r", "\\r"))
    return value


def _term(value: _Iri | str | int | date | Literal) -> Node:
    if type(value) is _Iri:
        return URIRef(value)
    return value if isinstance(value, Literal) else Literal(value)


def canonical_datetime(value: datetime) -> Literal:
    """``value`` as an ``xsd:dateTime`` literal in the canonical form the engine stores and gives
    back (``2026-11-28T21:05:09.1234Z``): seconds without trailing zeros, a zero offset as ``Z``,
    another offset as ``+HH:MM``, none for a naive time. Writing any other form (Python's
    ``isoformat``: ``+00:00``, six digits) would make the text written differ from what a read
    of the store returns."""
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    offset = value.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        hours, rest = divmod(abs(minutes), 60)
        text += "Z" if minutes == 0 else f"{sign}{hours:02d}:{rest:02d}"
    return Literal(text, datatype=XSD_DATETIME, normalize=False)  # rdflib would write +00:00


def _literal(value: str | int | date | Literal) -> str | int | date | Literal:
    """A literal's value, as the mapping passes it on (see the module docstring)."""
    return value


def _triples(
    resolution: Resolution, iris: Iris, generated_at: datetime, extractor_version: str
) -> list[_Raw]:
    context = _Context(resolution, iris)
    triples: list[_Raw] = [
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
    return triples


@dataclass
class _Context:
    """What every part of the mapping needs: the resolution, its IRI and the nodes still owed."""

    resolution: Resolution
    iris: Iris
    subject: _Iri = field(init=False)
    label: str = field(init=False)
    #: Entity keys that some triple points to, each becomes a labelled, typed node at the end; the
    #: value says whether the key must be a body (an adopting body, a parent).
    actors: dict[str, bool] = field(default_factory=dict)
    #: Cited works already given a date (and AKN work IRI) by a reference.
    dated: set[_Iri] = field(default_factory=set)
    #: References that resolve to nothing, reported as unresolved passages.
    dangling: list[Unresolved] = field(default_factory=list)

    def __post_init__(self) -> None:
        symbol = self.resolution.symbol
        if symbol is not None:
            self.subject = _Iri(self.iris.symbol(symbol))
            self.label = str(symbol)
        else:
            self.subject = _Iri(self.iris.resolution_without_symbol(_stem(self.resolution)))
            self.label = self.resolution.title or _stem(self.resolution)


def _document(context: _Context) -> Iterator[_Raw]:
    resolution, subject = context.resolution, context.subject
    symbol = resolution.symbol
    yield from _typed(subject, _document_class(symbol.kind if symbol else SymbolKind.RESOLUTION))
    yield subject, RDFS.label, _literal(context.label)
    if symbol is not None:
        # The AKN work IRI the publisher's file states wins over the one derived from the symbol.
        yield from _symbol(subject, symbol, None if resolution.akn_work else resolution.date)
    if resolution.akn_work:
        yield subject, UNKG.aknFRBRuri, _literal(resolution.akn_work)
    if resolution.number:
        yield subject, UNKG.number, _literal(resolution.number)
    if resolution.title:
        yield subject, DCTERMS.title, _literal(resolution.title)
    if resolution.date is not None:
        yield subject, DCTERMS.date, _literal(resolution.date)
    if resolution.body is not None and _is_body(context, resolution.body):
        yield subject, UNKG.adoptedBy, _actor(context, resolution.body, body=True)
    for keyword in resolution.subjects:
        yield subject, DCTERMS.subject, _Iri(keyword)


def _adoption(context: _Context) -> Iterator[_Raw]:
    """How the resolution was adopted (from metadata or its adoption statement): one node."""
    record = context.resolution.record
    if record is None:
        return
    node = _Iri(f"{context.subject}/adoption")
    yield context.subject, UNKG.adoption, node
    yield from _typed(node, UNKG.Adoption)
    yield node, RDFS.label, _literal(f"adoption of {context.label}")
    if record.meeting:
        yield node, UNKG.meetingAsWritten, _literal(record.meeting)
    if record.meeting_number is not None:
        yield node, UNKG.meetingNumber, _literal(record.meeting_number)
    if record.date is not None:
        yield node, DCTERMS.date, _literal(record.date)
    for prop, document in ((UNKG.draft, record.draft), (UNKG.meetingRecord, record.record)):
        if document is not None:
            work = _Iri(context.iris.symbol(document))
            yield node, prop, work
            if work != context.subject:
                yield from _typed(work, _document_class(document.kind))
                yield work, RDFS.label, _literal(str(document))
                yield from _symbol(work, document, None)
    if record.agenda_item:
        yield node, UNKG.agendaItem, _literal(record.agenda_item)
    if record.committee:
        yield node, UNKG.committee, _literal(record.committee)
    for sponsor in record.sponsors:
        yield node, UNKG.sponsor, _literal(sponsor)
    vote = record.vote
    if vote is not None:
        yield node, UNKG.voteKind, _literal(vote.kind.value)
        for prop, count in ((UNKG.votesInFavour, vote.in_favour),
                            (UNKG.votesAgainst, vote.against),
                            (UNKG.abstentions, vote.abstaining)):
            if count is not None:
                yield node, prop, _literal(count)
        for prop, states in ((UNKG.votedInFavour, vote.states_in_favour),
                             (UNKG.votedAgainst, vote.states_against),
                             (UNKG.abstained, vote.states_abstaining)):
            for state in states:
                yield node, prop, _literal(state)


def _symbol(subject: _Iri, symbol: Symbol, when: date | None) -> Iterator[_Raw]:
    """What a symbol says about the document it identifies."""
    yield subject, DCTERMS.identifier, _literal(str(symbol))
    yield subject, RDFS.seeAlso, _Iri(symbol.undocs_url)
    akn = symbol.akn_work_iri(when) if when is not None else None
    if akn:
        yield subject, UNKG.aknFRBRuri, _literal(akn)


def _provenance(context: _Context, generated_at: datetime, version: str) -> Iterator[_Raw]:
    source = context.resolution.source
    file = _Iri(context.iris.source(source.sha256))
    activity = _Iri(context.iris.activity(source.sha256, version))
    # Iris has no method for the agent: one node per extractor version, under the base.
    agent = _Iri(f"{context.iris.base}agent/{quote(version, safe='')}")
    yield context.subject, PROV.wasDerivedFrom, file
    yield context.subject, PROV.wasGeneratedBy, activity
    yield from _typed(file, UNKG.SourceFile)
    yield file, RDFS.label, _literal(source.path)
    yield file, UNKG.sha256, _literal(source.sha256)
    yield file, UNKG.path, _literal(source.path)
    yield file, DCTERMS["format"], _literal(source.media_type)
    yield from _typed(activity, UNKG.IngestActivity)
    yield activity, RDFS.label, _literal(f"ingest of {source.path}")
    yield activity, PROV.used, file
    yield activity, PROV.wasAssociatedWith, agent
    yield activity, PROV.endedAtTime, canonical_datetime(generated_at)
    yield from _typed(agent, UNKG.Extractor)
    yield agent, RDFS.label, _literal(version)
    yield agent, UNKG.extractorVersion, _literal(version)


def _paragraph(context: _Context, paragraph: Paragraph) -> Iterator[_Raw]:
    node = _Iri(context.iris.paragraph(str(context.subject), paragraph.id))
    operative = paragraph.kind is ParagraphKind.OPERATIVE
    kind = "operative" if operative else "preambular"
    yield context.subject, UNKG.hasParagraph, node
    yield from _typed(node, UNKG.OperativeParagraph if operative else UNKG.PreambularParagraph)
    yield node, RDFS.label, _literal(
        f"{context.label}, {kind} paragraph {paragraph.number or paragraph.index}")
    yield node, UNKG["index"], _literal(paragraph.index)
    if paragraph.number is not None:
        yield node, UNKG.number, _literal(paragraph.number)
    if paragraph.opening:
        yield node, UNKG.openingPhrase, _literal(paragraph.opening)
    yield node, UNKG.text, _literal(paragraph.text)
    yield from _span(node, paragraph.span)
    yield from _subparagraphs(context, node, paragraph.subparagraphs)
    yield from _mentions(context, node, paragraph.mentions)
    for n, reference in enumerate(paragraph.references, start=1):
        yield from _reference(context, node, n, reference)
    for n, mandate in enumerate(paragraph.mandates, start=1):
        yield from _mandate(context, node, n, mandate)


def _subparagraphs(
    context: _Context, parent: _Iri, subparagraphs: tuple[SubParagraph, ...]
) -> Iterator[_Raw]:
    for index, sub in enumerate(subparagraphs, start=1):
        node = _Iri(context.iris.subparagraph(str(parent), sub.label))
        yield parent, UNKG.hasSubParagraph, node
        yield from _typed(node, UNKG.SubParagraph)
        yield node, UNKG.label, _literal(sub.label)
        yield node, UNKG["index"], _literal(index)
        yield node, UNKG.text, _literal(sub.text)
        yield from _span(node, sub.span)
        yield from _subparagraphs(context, node, sub.subparagraphs)


def _footnote(context: _Context, footnote: Footnote) -> Iterator[_Raw]:
    node = _Iri(context.iris.footnote(str(context.subject), footnote.marker))
    yield context.subject, UNKG.hasFootnote, node
    yield from _typed(node, UNKG.Footnote)
    yield node, RDFS.label, _literal(f"{context.label}, footnote {footnote.marker}")
    yield node, UNKG.marker, _literal(footnote.marker)
    yield node, UNKG.text, _literal(footnote.text)
    yield from _span(node, footnote.span)
    ids = {paragraph.id for paragraph in context.resolution.paragraphs}
    if footnote.paragraph is not None and footnote.paragraph in ids:
        paragraph = context.iris.paragraph(str(context.subject), footnote.paragraph)
        yield node, UNKG.attachedTo, _Iri(paragraph)
    yield from _mentions(context, node, footnote.mentions)
    for n, reference in enumerate(footnote.references, start=1):
        yield from _reference(context, node, n, reference)


def _reference(context: _Context, owner: _Iri, n: int, reference: Reference) -> Iterator[_Raw]:
    work = _cited_work(context, reference)
    if work is None:
        context.dangling.append(Unresolved(
            UnresolvedKind.CITATION, reference.text, reference.span,
            "the reference names neither a symbol nor an instrument"))
        return
    node = _Iri(context.iris.reference(str(owner), n))
    yield from _typed(node, UNKG.Reference)
    yield node, UNKG.citingParagraph, owner
    yield node, UNKG.citedWork, work
    yield node, UNKG.relation, _relation_concept(reference.relation)
    yield node, CITO.hasCitationCharacterization, _relation_property(reference.relation)
    yield node, UNKG.textAsWritten, _literal(reference.text)
    yield node, UNKG.origin, _literal(reference.origin.value)
    if reference.pinpoint:
        yield node, UNKG.pinpoint, _literal(reference.pinpoint)
    yield from _span(node, reference.span)
    yield context.subject, _relation_property(reference.relation), work
    yield context.subject, UNKG.cites, work
    if work != context.subject:
        yield from _describe_work(context, work, reference)


def _cited_work(context: _Context, reference: Reference) -> _Iri | None:
    if reference.target is not None:
        return _Iri(context.iris.symbol(reference.target))
    if reference.instrument is not None:
        return _Iri(context.iris.instrument(reference.instrument))
    return None


def _describe_work(context: _Context, work: _Iri, reference: Reference) -> Iterator[_Raw]:
    """Type and label a cited work: a document from its symbol, an instrument from the gazetteer."""
    if reference.target is not None:
        yield from _typed(work, _document_class(reference.target.kind))
        yield work, RDFS.label, _literal(str(reference.target))
        # The date a citation gives ("of 21 December 2010") is the adoption date of a resolution
        # or decision; the first citation that gives one dates the work.
        dated = None if reference.target.kind is SymbolKind.DOCUMENT else reference.date
        if work in context.dated:
            dated = None
        yield from _symbol(work, reference.target, dated)
        if dated is not None:
            context.dated.add(work)
            yield work, DCTERMS.date, _literal(dated)
    elif reference.instrument is not None and not _has_instrument(context, reference.instrument):
        # A key the gazetteer of this resolution does not describe: keep the node valid.
        yield from _typed(work, UNKG.Instrument)
        yield work, RDFS.label, _literal(reference.instrument)


def _has_instrument(context: _Context, key: str) -> bool:
    return any(instrument.key == key for instrument in context.resolution.instruments)


def _instrument(context: _Context, instrument: Instrument) -> Iterator[_Raw]:
    node = _Iri(context.iris.instrument(instrument.key))
    yield from _typed(node, _INSTRUMENT_CLASS[instrument.kind])
    yield node, RDFS.label, _literal(instrument.name)
    if instrument.adopted is not None:
        yield node, DCTERMS.date, _literal(instrument.adopted)
    if instrument.author is not None:
        yield node, DCTERMS.creator, _actor(context, instrument.author)
    if instrument.symbol is not None:
        carrier = _Iri(context.iris.symbol(instrument.symbol))
        yield node, UNKG.carriedBy, carrier
        if carrier != context.subject:
            yield from _typed(carrier, _document_class(instrument.symbol.kind))
            yield carrier, RDFS.label, _literal(str(instrument.symbol))
            yield from _symbol(carrier, instrument.symbol, None)


def _mandate(context: _Context, paragraph: _Iri, n: int, mandate: Mandate) -> Iterator[_Raw]:
    node = _Iri(context.iris.mandate(str(paragraph), n))
    yield from _typed(node, UNKG.Mandate)
    yield node, UNKG.inParagraph, paragraph
    yield node, UNKG.addressee, _actor(context, mandate.addressee)
    if mandate.addressee_text:
        yield node, UNKG.addresseeAsWritten, _literal(mandate.addressee_text)
    yield node, UNKG.verb, _mandate_verb_concept(mandate.verb)
    yield node, UNKG.action, _literal(mandate.action)
    yield from _span(node, mandate.span)


def _meeting(context: _Context, meeting: Meeting) -> Iterator[_Raw]:
    node = _Iri(context.iris.meeting(meeting.key))
    yield context.subject, UNKG.mentions, node
    yield from _typed(node, UNKG.Meeting)
    yield node, RDFS.label, _literal(meeting.text)
    yield node, UNKG.textAsWritten, _literal(meeting.text)
    if meeting.body is not None and _is_body(context, meeting.body):
        yield node, UNKG.ofBody, _actor(context, meeting.body, body=True)
    if meeting.ordinal is not None:
        yield node, UNKG.ordinal, _literal(meeting.ordinal)
    if meeting.place:
        yield node, UNKG.place, _literal(meeting.place)
    if meeting.start is not None:
        yield node, UNKG.startDate, _literal(meeting.start)
    if meeting.end is not None:
        yield node, UNKG.endDate, _literal(meeting.end)
    yield from _span(node, meeting.span)


def _mentions(context: _Context, node: _Iri, mentions: tuple[Mention, ...]) -> Iterator[_Raw]:
    for mention in mentions:
        yield node, UNKG.mentions, _actor(context, mention.entity)


def _unresolved(context: _Context) -> Iterator[_Raw]:
    items = [*context.resolution.unresolved, *context.dangling]
    yield context.subject, UNKG.unresolvedCount, _literal(len(items))
    for n, item in enumerate(items, start=1):
        node = _Iri(f"{context.subject}/unresolved/{n}")
        yield context.subject, UNKG.hasUnresolved, node
        yield from _typed(node, UNKG.Unresolved)
        yield node, UNKG.unresolvedKind, _literal(item.kind.value)
        yield node, UNKG.text, _literal(item.text)
        yield node, UNKG.reason, _literal(item.reason)
        yield from _span(node, item.span)


def _actor(context: _Context, key: str, *, body: bool = False) -> _Iri:
    """The IRI of an entity, remembering that the node must be described (as a body, when ``body``
    and the key is known nowhere)."""
    context.actors[key] = context.actors.get(key, False) or body
    return _Iri(context.iris.body(key))


def _actors(context: _Context) -> Iterator[_Raw]:
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
        node = _Iri(context.iris.body(key))
        entity = _entity(context, key)
        if entity is None:
            # Known neither to the resolution nor to the registry: a bare, labelled node.
            yield from _typed(node, UNKG.Body if context.actors.get(key) else UNKG.Actor)
            yield node, RDFS.label, _literal(key)
            continue
        cls = _ENTITY_CLASS[entity.kind]
        if entity.kind is EntityKind.SUBSIDIARY_BODY and entity.parent == "ecosoc":
            cls = UNKG.FunctionalCommission
        yield from _typed(node, cls)
        yield node, RDFS.label, _literal(entity.name)
        if entity.acronym:
            yield node, SKOS.altLabel, _literal(entity.acronym)
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


def _document_class(kind: SymbolKind) -> _Iri:
    return _SYMBOL_CLASS.get(kind, UNKG.Document)


def _typed(node: _Iri, cls: _Iri) -> Iterator[_Raw]:
    for each in _unkg_classes(cls):
        yield node, RDF.type, each


def _span(node: _Iri, span: Span) -> Iterable[_Raw]:
    return ((node, UNKG.start, _literal(span.start)), (node, UNKG.end, _literal(span.end)))


def _stem(resolution: Resolution) -> str:
    return PurePath(resolution.source.path).stem or "resolution"


@cache
def _ontology() -> Graph:
    return load_ontology()


@cache
def _unkg_classes(cls: _Iri) -> tuple[_Iri, ...]:
    """``cls`` and its unkg: superclasses, from the ontology, sorted."""
    found = {URIRef(cls)}
    for superclass in _ontology().transitive_objects(URIRef(cls), RDFS_NAMESPACE.subClassOf):
        if isinstance(superclass, URIRef) and superclass.startswith(str(UNKG_NAMESPACE)):
            found.add(superclass)
    return tuple(_Iri(each) for each in sorted(found))
