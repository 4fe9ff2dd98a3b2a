"""The data model of the extraction pipeline.

Every stage of ``unkg.ingest`` is a pure function from one of these frozen dataclasses to another:
``clean`` gives a :class:`CleanText`, ``segment`` a :class:`Resolution` with paragraphs and
footnotes, ``references`` and ``mandates`` fill in what the paragraphs cite and ask, and ``to_rdf``
turns the result into triples. Nothing here touches a file or a store.

Every span is a pair of character offsets into the *original* source text, never into the cleaned
text, so that a fact can always be traced back to the characters it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from unkg.graph.bodies import EntityKind
from unkg.graph.symbols import Symbol

__all__ = [
    "AdoptionRecord", "CleanText", "Entity", "EntityKind", "Footnote", "FootnoteCall",
    "Instrument", "InstrumentKind", "Mandate", "MandateVerb", "Meeting", "Mention", "Paragraph",
    "ParagraphKind", "Reference", "ReferenceKind", "ReferenceOrigin", "Relation", "Resolution",
    "Source", "Span", "SubParagraph", "Unresolved", "UnresolvedKind", "Vote", "VoteKind",
]


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` in the original source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")


class _Located:
    """Mixin for text-bearing objects whose ``offsets`` map each character of ``text`` back to the
    original source (with one extra final entry, as in :class:`CleanText`)."""

    text: str
    offsets: tuple[int, ...]

    def span_at(self, start: int, end: int) -> Span:
        """The original-text span of ``self.text[start:end]``."""
        if not self.offsets:
            raise ValueError(f"{type(self).__name__} has no offset map")
        if start >= end:
            return Span(self.offsets[start], self.offsets[start])
        return Span(self.offsets[start], self.offsets[end - 1] + 1)


@dataclass(frozen=True)
class FootnoteCall:
    """A footnote marker found in the running text (``Commission;1``) and removed by cleaning.

    ``position`` is the offset in the cleaned text where the marker stood; ``span`` is the marker's
    place in the original text.
    """

    marker: str
    position: int
    span: Span


@dataclass(frozen=True)
class CleanText(_Located):
    """Text after cleaning, with a map from each of its characters back to the original.

    ``offsets[i]`` is the index in ``original`` of ``text[i]``; ``offsets`` has one extra final
    entry, the original index just past the last kept character, so that an end offset maps too.
    """

    original: str
    text: str
    offsets: tuple[int, ...] = field(repr=False)
    footnote_calls: tuple[FootnoteCall, ...] = ()
    # Where the footnotes gathered from the page bottoms and the end begin in ``text`` (None when
    # the text has none); the body is ``text[:notes_start]``.
    notes_start: int | None = None

    def to_original(self, start: int, end: int) -> Span:
        """Map the half-open range ``[start, end)`` of the cleaned text to the original text."""
        return self.span_at(start, end)


class ParagraphKind(Enum):
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"


@dataclass(frozen=True)
class Entity:
    """A body or actor, one per real-world thing however often and however it is written.

    ``key`` is stable and IRI-safe (``ccpcj``, ``secretariat``, ``member-states``); ``parent`` is
    the key of the body it belongs to or that established it (ECOSOC for the Commission on Crime
    Prevention and Criminal Justice, the Commission for an expert group it created).
    """

    key: str
    name: str
    kind: EntityKind
    parent: str | None = None
    acronym: str | None = None


@dataclass(frozen=True)
class Mention:
    """One place where the text names an :class:`Entity` ("the Expert Group", "the Group")."""

    entity: str  # Entity.key
    text: str
    span: Span


class ReferenceKind(Enum):
    RESOLUTION = "resolution"
    DECISION = "decision"
    DOCUMENT = "document"  # any other UN document identified by its symbol
    INSTRUMENT = "instrument"  # a named instrument: declaration, convention, the Charter, ...
    REPORT = "report"  # a report or study named by description rather than by symbol


class ReferenceOrigin(Enum):
    """Where a reference was found: in the running text by the extractor, in the publisher's own
    markup (an AKN4UN ``<a href>``), or in both."""

    TEXT = "text"
    MARKUP = "markup"
    BOTH = "both"


class Relation(Enum):
    """How a paragraph relates to what it cites, typed by the paragraph's opening phrase."""

    CITES = "cites"  # no more specific relation can be read from the opening phrase
    RECALLS = "recalls"
    REAFFIRMS = "reaffirms"
    TAKES_NOTE = "takes-note-of"
    NOTES = "notes"
    WELCOMES = "welcomes"
    ENDORSES = "endorses"
    ACKNOWLEDGES = "acknowledges"
    BEARS_IN_MIND = "bears-in-mind"
    APPRECIATES = "appreciates"  # "Expresses its appreciation for", "Noting with appreciation"
    APPROVES = "approves"
    ADOPTS = "adopts"
    GUIDED_BY = "guided-by"  # "Guided by the purposes and principles of the Charter"
    CONFIRMS = "confirms"  # "Reaffirming" is separate; "Confirms", "Considering", "Recognizing"
    RECOGNIZES = "recognizes"
    EMPHASIZES = "emphasizes"
    IMPLEMENTS = "implements"  # "Acting under Chapter VII", "pursuant to", "in accordance with"


class InstrumentKind(Enum):
    DECLARATION = "declaration"
    CONVENTION = "convention"  # conventions, covenants, treaties, protocols
    CHARTER = "charter"
    PROGRAMME = "programme"  # programmes of action, agendas, plans, strategies
    STATUTE = "statute"
    RULES = "rules"  # standard minimum rules, principles, guidelines
    REPORT = "report"  # a study or report known by description (the UNODC study on cybercrime)


@dataclass(frozen=True)
class Instrument:
    """A named instrument: an entry of the gazetteer, or a report named by its description.

    ``symbol`` is the UN document that carries it, where there is one (the Salvador Declaration is
    the annex of General Assembly resolution 65/230). ``author`` is an :class:`Entity` key.
    """

    key: str
    name: str
    kind: InstrumentKind
    symbol: Symbol | None = None
    adopted: date | None = None
    author: str | None = None


@dataclass(frozen=True)
class Reference:
    """A citation: the citing text as written, what it resolves to and how it is cited.

    ``target`` is the canonical symbol of a resolution, decision or document; it is ``None`` for a
    named instrument or report, which ``instrument`` names by its :class:`Instrument` key instead.
    ``pinpoint`` keeps a more precise location inside the target ("annex, para. 42").
    """

    text: str
    span: Span
    kind: ReferenceKind
    relation: Relation
    target: Symbol | None = None
    instrument: str | None = None
    date: date | None = None
    pinpoint: str | None = None
    origin: ReferenceOrigin = ReferenceOrigin.TEXT


class MandateVerb(Enum):
    REQUESTS = "requests"
    INVITES = "invites"
    URGES = "urges"
    CALLS_UPON = "calls-upon"
    ENCOURAGES = "encourages"
    AUTHORIZES = "authorizes"
    RECOMMENDS = "recommends"
    DIRECTS = "directs"
    APPEALS = "appeals"
    DEMANDS = "demands"


@dataclass(frozen=True)
class Mandate:
    """An operative request or invitation: who (an Entity key) is asked to do what."""

    verb: MandateVerb
    addressee: str
    addressee_text: str
    action: str
    span: Span


@dataclass(frozen=True)
class SubParagraph(_Located):
    """A lettered or roman sub-paragraph, ``(a)`` or ``(iv)``, possibly with its own sub-items."""

    label: str
    text: str
    span: Span
    subparagraphs: tuple[SubParagraph, ...] = ()
    offsets: tuple[int, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class Paragraph(_Located):
    """A preambular or operative paragraph.

    ``index`` is the 1-based position among the paragraphs of its kind; ``number`` is the number
    printed before an operative paragraph (``None`` when the text does not number it); ``opening``
    is the opening phrase or verb as written ("Recalling also", "Takes note of"); ``text`` is the
    whole paragraph, sub-paragraphs included, after cleaning and with its line breaks folded into
    spaces; ``footnotes`` lists the markers it calls. ``offsets`` maps each character of ``text`` to
    the original source (see :meth:`span_at`), so a stage that finds something at ``text[i:j]``
    records ``paragraph.span_at(i, j)``.
    """

    kind: ParagraphKind
    index: int
    opening: str
    text: str
    span: Span
    number: str | None = None
    subparagraphs: tuple[SubParagraph, ...] = ()
    footnotes: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    mandates: tuple[Mandate, ...] = ()
    mentions: tuple[Mention, ...] = ()
    offsets: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @property
    def id(self) -> str:
        """A short identifier, stable within the resolution: ``p2`` or ``o6``."""
        return f"{'p' if self.kind is ParagraphKind.PREAMBULAR else 'o'}{self.index}"


@dataclass(frozen=True)
class Footnote(_Located):
    """A footnote, with the paragraph that calls it (a :attr:`Paragraph.id`, or ``None``)."""

    marker: str
    text: str
    span: Span
    paragraph: str | None = None
    references: tuple[Reference, ...] = ()
    mentions: tuple[Mention, ...] = ()
    offsets: tuple[int, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class Meeting:
    """A meeting the text names: "the second meeting of the group, held in Vienna from 25 to 28
    February 2013". ``body`` is an Entity key."""

    key: str
    text: str
    span: Span
    body: str | None = None
    ordinal: int | None = None
    place: str | None = None
    start: date | None = None
    end: date | None = None


class UnresolvedKind(Enum):
    CITATION = "citation"  # looks like a citation but does not resolve to a symbol
    SYMBOL = "symbol"  # looks like a document symbol but does not parse
    STRUCTURE = "structure"  # text that fits no paragraph, title or footnote
    FOOTNOTE = "footnote"  # a footnote whose calling paragraph cannot be found
    MANDATE = "mandate"  # a request whose addressee cannot be identified


@dataclass(frozen=True)
class Unresolved:
    """Text the extractor could not interpret: counted and reported, never an exception."""

    kind: UnresolvedKind
    text: str
    span: Span
    reason: str


class VoteKind(Enum):
    WITHOUT_VOTE = "without-vote"
    UNANIMOUS = "unanimous"
    RECORDED = "recorded-vote"
    VOTE = "vote"  # a vote whose counts are given, not recorded by country


@dataclass(frozen=True)
class Vote:
    """How a resolution was adopted: counts, and the States by name where the source gives them."""

    kind: VoteKind
    in_favour: int | None = None
    against: int | None = None
    abstaining: int | None = None
    states_in_favour: tuple[str, ...] = ()
    states_against: tuple[str, ...] = ()
    states_abstaining: tuple[str, ...] = ()


@dataclass(frozen=True)
class AdoptionRecord:
    """The adoption details that metadata or the text state: meeting, draft, agenda, vote.

    ``meeting`` is as written ("3rd plenary meeting", "2330th meeting"); ``meeting_number`` its
    number; ``record`` the symbol of the meeting record (``A/79/PV.3``).
    """

    meeting: str | None = None
    meeting_number: int | None = None
    date: date | None = None
    draft: Symbol | None = None
    record: Symbol | None = None
    agenda_item: str | None = None
    committee: str | None = None
    sponsors: tuple[str, ...] = ()
    vote: Vote | None = None


@dataclass(frozen=True)
class Source:
    """The file a resolution was read from. ``text`` is its whole original text."""

    path: str
    sha256: str
    media_type: str
    text: str = field(repr=False)


@dataclass(frozen=True)
class Resolution:
    """A resolution as the pipeline understands it.

    ``body`` is the Entity key of the adopting body; ``entities`` holds every body and actor the
    text mentions, once each, the adopting body included; ``instruments`` holds the named
    instruments and reports that references point to.
    """

    source: Source
    symbol: Symbol | None
    number: str | None
    body: str | None
    title: str | None
    date: date | None = None
    preamble: tuple[Paragraph, ...] = ()
    operative: tuple[Paragraph, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    entities: tuple[Entity, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    title_span: Span | None = None
    clean: CleanText | None = field(default=None, repr=False, compare=False)
    # The adoption statement as printed ("Adopted unanimously at the 631st meeting.", "18th plenary
    # meeting 10 October 2018"), kept out of the paragraphs, and the draft it was adopted from
    # ("[S/3128]", "(A/73/L.4)").
    adoption: str | None = None
    adoption_span: Span | None = None
    draft: Symbol | None = None
    # Structured adoption details (from AKN metadata, or read from the adoption statement) and the
    # subject keywords as IRIs (UNBIS thesaurus, SDG, EuroVoc).
    record: AdoptionRecord | None = None
    subjects: tuple[str, ...] = ()
    # The AKN4UN FRBR work IRI as the publisher's file states it ("/akn/un/statement/deliberation/
    # unga/2024-09-22/79-1/"); None when the source is not AKN (the IRI is then derived from the
    # symbol and date, see Symbol.akn_work_iri).
    akn_work: str | None = None

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Preambular then operative paragraphs, in document order."""
        return self.preamble + self.operative

    def entity(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)
