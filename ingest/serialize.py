"""The JSON form of a parsed resolution: the stable contract of ``unkg parse --json``.

The shape is documented in ``docs/parse-json.md`` and pinned by ``tests/test_parse_json.py``; add
keys freely, but never rename or remove one without bumping :data:`JSON_VERSION`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from unkg.graph.iris import Iris
from unkg.ingest.models import (
    Entity,
    Footnote,
    Instrument,
    Mandate,
    Meeting,
    Mention,
    Paragraph,
    ParagraphKind,
    Reference,
    Resolution,
    SubParagraph,
    Unresolved,
)

from unkg import EXTRACTOR_VERSION

#: Version of the JSON contract below.
JSON_VERSION = 1

Json = dict[str, Any]


def resolution_to_json(resolution: Resolution, iris: Iris) -> Json:
    """The whole resolution as plain JSON-ready data."""
    return {
        "json_version": JSON_VERSION,
        "extractor_version": EXTRACTOR_VERSION,
        "source": {
            "path": resolution.source.path,
            "sha256": resolution.source.sha256,
            "media_type": resolution.source.media_type,
        },
        "symbol": str(resolution.symbol) if resolution.symbol else None,
        "iri": iris.symbol(resolution.symbol) if resolution.symbol else None,
        "number": resolution.number,
        "body": resolution.body,
        "title": resolution.title,
        "date": _date(resolution.date),
        "preamble": [_paragraph(p, iris) for p in resolution.preamble],
        "operative": [_paragraph(p, iris) for p in resolution.operative],
        "footnotes": [_footnote(f, iris) for f in resolution.footnotes],
        "entities": [_entity(e, iris) for e in resolution.entities],
        "instruments": [_instrument(i, iris) for i in resolution.instruments],
        "meetings": [_meeting(m, iris) for m in resolution.meetings],
        "unresolved": [_unresolved(u) for u in resolution.unresolved],
    }


def reference_iri(reference: Reference, iris: Iris) -> str | None:
    """The IRI a reference points to: its symbol's, else its named instrument's."""
    if reference.target is not None:
        return iris.symbol(reference.target)
    if reference.instrument is not None:
        return iris.instrument(reference.instrument)
    return None


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _paragraph(paragraph: Paragraph, iris: Iris) -> Json:
    data: Json = {
        "id": paragraph.id,
        "index": paragraph.index,
        "opening": paragraph.opening,
        "text": paragraph.text,
        "start": paragraph.span.start,
        "end": paragraph.span.end,
        "footnotes": list(paragraph.footnotes),
        "references": [_reference(r, iris) for r in paragraph.references],
        "mentions": [_mention(m) for m in paragraph.mentions],
    }
    if paragraph.kind is ParagraphKind.OPERATIVE:
        data["number"] = paragraph.number
        data["subparagraphs"] = [_subparagraph(s) for s in paragraph.subparagraphs]
        data["mandates"] = [_mandate(m, iris) for m in paragraph.mandates]
    return data


def _subparagraph(sub: SubParagraph) -> Json:
    return {
        "label": sub.label,
        "text": sub.text,
        "start": sub.span.start,
        "end": sub.span.end,
        "subparagraphs": [_subparagraph(s) for s in sub.subparagraphs],
    }


def _reference(reference: Reference, iris: Iris) -> Json:
    return {
        "text": reference.text,
        "target": str(reference.target) if reference.target else None,
        "instrument": reference.instrument,
        "iri": reference_iri(reference, iris),
        "kind": reference.kind.value,
        "relation": reference.relation.value,
        "date": _date(reference.date),
        "pinpoint": reference.pinpoint,
        "start": reference.span.start,
        "end": reference.span.end,
    }


def _mention(mention: Mention) -> Json:
    return {
        "entity": mention.entity,
        "text": mention.text,
        "start": mention.span.start,
        "end": mention.span.end,
    }


def _mandate(mandate: Mandate, iris: Iris) -> Json:
    return {
        "verb": mandate.verb.value,
        "addressee": mandate.addressee,
        "addressee_iri": iris.body(mandate.addressee),
        "addressee_text": mandate.addressee_text,
        "action": mandate.action,
        "start": mandate.span.start,
        "end": mandate.span.end,
    }


def _footnote(footnote: Footnote, iris: Iris) -> Json:
    return {
        "marker": footnote.marker,
        "text": footnote.text,
        "paragraph": footnote.paragraph,
        "start": footnote.span.start,
        "end": footnote.span.end,
        "references": [_reference(r, iris) for r in footnote.references],
        "mentions": [_mention(m) for m in footnote.mentions],
    }


def _entity(entity: Entity, iris: Iris) -> Json:
    return {
        "key": entity.key,
        "iri": iris.body(entity.key),
        "name": entity.name,
        "kind": entity.kind.value,
        "parent": entity.parent,
        "acronym": entity.acronym,
    }


def _instrument(instrument: Instrument, iris: Iris) -> Json:
    return {
        "key": instrument.key,
        "iri": iris.instrument(instrument.key),
        "name": instrument.name,
        "kind": instrument.kind.value,
        "symbol": str(instrument.symbol) if instrument.symbol else None,
        "adopted": _date(instrument.adopted),
        "author": instrument.author,
    }


def _meeting(meeting: Meeting, iris: Iris) -> Json:
    return {
        "key": meeting.key,
        "iri": iris.meeting(meeting.key),
        "text": meeting.text,
        "body": meeting.body,
        "ordinal": meeting.ordinal,
        "place": meeting.place,
        "start_date": _date(meeting.start),
        "end_date": _date(meeting.end),
        "start": meeting.span.start,
        "end": meeting.span.end,
    }


def _unresolved(item: Unresolved) -> Json:
    return {
        "kind": item.kind.value,
        "text": item.text,
        "reason": item.reason,
        "start": item.span.start,
        "end": item.span.end,
    }
