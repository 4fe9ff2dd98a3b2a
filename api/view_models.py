"""The JSON documents of :mod:`unkg.api.views`, as models for the OpenAPI schema.

One model per shape the views build (:func:`~unkg.api.views.resolution_view` is
:class:`ResolutionModel`, :func:`~unkg.api.views.cited_by_view` :class:`CitingModel`, ...), field
for field: the routes of :mod:`unkg.api.browse` declare them as their 200 answers, and
tests/test_openapi_fuzz.py checks every answer against them. The models only describe; the views
build plain dicts. A change to a view's shape changes its model here.
"""

from __future__ import annotations

from typing import Annotated
from typing import Literal as Exactly

from pydantic import BaseModel, Field

__all__ = [
    "ActorCardModel",
    "CitedByModel",
    "CitedWorkModel",
    "CitingModel",
    "DocumentModel",
    "InstrumentModel",
    "ReferencesModel",
    "ResolutionModel",
    "WorkCardModel",
    "WorkModel",
]

#: ``[start, end)`` offsets into the source file, or ``null``.
Span = Annotated[list[int], Field(min_length=2, max_length=2)] | None
#: What kind of passage holds a paragraph id.
PassageKindName = Exactly["preambular", "operative", "footnote", "paragraph"]


class WorkCardModel(BaseModel):
    """A cited or citing document or instrument, as a link (:func:`work_card`)."""

    iri: str
    label: str | None
    symbol: str | None
    type: str | None
    href: str | None


class ActorCardModel(BaseModel):
    """A body or actor, as a link (:func:`actor_card`)."""

    iri: str
    key: str | None
    label: str | None
    acronym: str | None
    type: str | None
    href: str | None


class ReferenceModel(BaseModel):
    relation: str | None
    work: WorkCardModel | None
    text_as_written: str | None
    pinpoint: str | None
    span: Span


class MandateModel(BaseModel):
    verb: str | None
    addressee: ActorCardModel | None
    addressee_as_written: str | None
    action: str | None
    span: Span


class SubParagraphModel(BaseModel):
    label: str | None
    text: str | None
    span: Span
    subparagraphs: list[SubParagraphModel]


class ParagraphModel(BaseModel):
    id: str = Field(description="p1, o3: the paragraph's id within the resolution")
    iri: str
    kind: PassageKindName
    index: int | None
    number: str | None
    opening: str | None
    text: str | None
    span: Span
    subparagraphs: list[SubParagraphModel]
    footnotes: list[str] = Field(description="The markers of the footnotes it carries")
    references: list[ReferenceModel]
    mandates: list[MandateModel]
    mentions: list[ActorCardModel]


class FootnoteModel(BaseModel):
    marker: str | None
    iri: str
    text: str | None
    span: Span
    paragraph: str | None = Field(description="The id of the paragraph carrying its marker")
    references: list[ReferenceModel]
    mentions: list[ActorCardModel]


class MeetingModel(BaseModel):
    iri: str
    label: str | None
    body: ActorCardModel | None
    ordinal: int | None
    place: str | None
    start_date: str | None
    end_date: str | None
    span: Span


class UnresolvedItemModel(BaseModel):
    kind: str | None
    text: str | None
    reason: str | None
    span: Span


class UnresolvedModel(BaseModel):
    count: int
    items: list[UnresolvedItemModel]


class SourceModel(BaseModel):
    iri: str
    path: str | None
    sha256: str | None
    format: str | None


class ProvenanceModel(BaseModel):
    graph: str = Field(description="The named graph holding the resolution")
    source: SourceModel | None
    activity: str | None
    generated_at: str | None
    extractor_version: str | None


class CitingLinkModel(BaseModel):
    """A resolution citing the document, and the ids of its citing paragraphs."""

    iri: str
    symbol: str | None
    href: str | None
    relations: list[str]
    paragraphs: list[str]


class LinksModel(BaseModel):
    """The related URLs; the last three only for a resolution or decision."""

    neighbourhood: str
    undocs: str | None
    references: str | None = None
    cited_by: str | None = None
    lineage: str | None = None


class WorkModel(BaseModel):
    """A document as the graphs know it (:func:`work_view`)."""

    iri: str
    id: str | None = Field(description="The symbol slug: A_RES_65_230")
    href: str | None
    symbol: str | None
    label: str | None
    type: str | None
    undocs: str | None
    akn_work: str | None
    ingested: bool
    title: str | None
    date: str | None


class CitedWorkModel(WorkModel):
    """A resolution the store knows only because others cite it, and who cites it."""

    cited_by: list[CitingLinkModel]
    links: LinksModel


class ResolutionModel(CitedWorkModel):
    """An ingested resolution (:func:`resolution_view`), and who cites it."""

    number: str | None
    body: ActorCardModel | None
    paragraphs: list[ParagraphModel]
    footnotes: list[FootnoteModel]
    meetings: list[MeetingModel]
    subjects: list[str]
    unresolved: UnresolvedModel
    provenance: ProvenanceModel


class DocumentModel(CitedWorkModel):
    resolution: str | None = Field(description="The full description, for an ingested resolution")


class CitationModel(BaseModel):
    paragraph: str = Field(description="The citing paragraph's or footnote's id: o3, fn/2")
    text_as_written: str | None
    pinpoint: str | None
    span: Span


class CitedInGroupModel(WorkCardModel):
    citations: list[CitationModel]


class RelationGroupModel(BaseModel):
    relation: str
    count: int
    works: list[CitedInGroupModel]


class ReferencesModel(BaseModel):
    """What a resolution cites (:func:`references_view`)."""

    resolution: WorkModel
    total: int
    relations: list[RelationGroupModel]


class CitingPassageModel(CitationModel):
    kind: PassageKindName
    relation: str
    text: str | None


class CitingModel(BaseModel):
    """One resolution citing the work (:func:`cited_by_view`)."""

    iri: str
    symbol: str | None
    label: str | None
    title: str | None
    date: str | None
    href: str | None
    relations: list[str]
    citations: list[CitingPassageModel]


class CitedByModel(BaseModel):
    work: WorkModel
    total: int = Field(description="Citing resolutions, all of them")
    citations: int = Field(description="Their citations, all of them")
    cited_by: list[CitingModel]


class InstrumentModel(BaseModel):
    """A named instrument (:func:`instrument_view`) and who cites it."""

    iri: str
    key: str | None
    href: str | None
    label: str | None
    type: str | None
    date: str | None
    creator: ActorCardModel | None
    carried_by: WorkCardModel | None
    cited_by_total: int
    cited_by: list[CitingModel]
