"""The ``segment`` stage: a cleaned text cut into heading, preambular and operative paragraphs.

:func:`segment_resolution` reads the heading (number, title, date, draft symbol), the formula
line that names the adopting body ("The Security Council,"), the preambular paragraphs (each
opens with a participle or an adjective: "Recalling also", "Deeply concerned"), the operative
paragraphs (numbered "1. Requests", or unnumbered in old texts: "Calls upon"), their lettered and
roman sub-paragraphs, the adoption statement ("Adopted unanimously at the 631st meeting.",
"18th plenary meeting") and the footnotes, each attached to the paragraph that calls it.

Paragraph texts are slices of the cleaned text with line breaks folded into single spaces, and
keep an offset map to the original. Text that fits nowhere becomes an ``Unresolved`` item of
kind ``STRUCTURE``; nothing here raises on odd text.

This module owns the entry point and the order of the reading; the parts are
:mod:`~unkg.ingest.segment_heading` (heading, formula line, body, number and symbol),
:mod:`~unkg.ingest.segment_paragraphs` (where paragraphs open),
:mod:`~unkg.ingest.segment_items` (sub-paragraphs, and the paragraphs built),
:mod:`~unkg.ingest.segment_closing` (adoption statement and footnotes) and
:mod:`~unkg.ingest.segment_text` (lines, pieces and the folding they share).
"""

from __future__ import annotations

from unkg.ingest import regexes_structure as rx
from unkg.ingest.models import CleanText, ParagraphKind, Resolution, Source, Unresolved
from unkg.ingest.segment_closing import adoption_statement, gather_footnotes
from unkg.ingest.segment_heading import (
    body_from_text,
    complete_number,
    find_formula,
    read_header,
    resolution_symbol,
)
from unkg.ingest.segment_items import build_paragraphs
from unkg.ingest.segment_paragraphs import ParagraphReader
from unkg.ingest.segment_text import split_lines, structure

__all__ = ["segment_resolution"]


def segment_resolution(clean: CleanText, source: Source) -> Resolution:
    """Segment ``clean`` (the cleaned text of ``source``) into a :class:`Resolution`."""
    body_end = clean.notes_start if clean.notes_start is not None else len(clean.text)
    lines = split_lines(clean.text, 0, body_end)
    unresolved: list[Unresolved] = []
    header = read_header(clean, lines, unresolved)
    _, formula_body = find_formula(clean, lines, header.start)
    first = header.start  # the reader steps over the formula line (a "Whereas" may precede it)
    reader = ParagraphReader(clean, unresolved)
    end = reader.read(lines[first:])
    adoption, adopted_on = header.adoption, None
    if end is not None and (found := adoption_statement(clean, lines[first + end :], unresolved)):
        adoption, adopted_on = (found[0], found[1]), found[2]
    if not (header.number or formula_body or any(b.number for b in reader.blocks)
            or any(rx.FORMULA.match(line.text(clean)) for line in lines)):
        _give_up(clean, reader, unresolved)  # no heading, formula or numbered paragraph
    body = formula_body or header.body or body_from_text(clean, header, reader.blocks)
    when = header.date or adopted_on
    number = complete_number(header.number, body, when)
    paragraphs = build_paragraphs(clean, reader.blocks)
    return Resolution(
        source=source,
        symbol=resolution_symbol(body, number),
        number=number,
        body=body,
        title=header.title,
        date=when,
        preamble=tuple(p for p in paragraphs if p.kind is ParagraphKind.PREAMBULAR),
        operative=tuple(p for p in paragraphs if p.kind is ParagraphKind.OPERATIVE),
        footnotes=gather_footnotes(clean, body_end, paragraphs, unresolved),
        unresolved=tuple(unresolved),
        title_span=header.title_span,
        clean=clean,
        adoption=adoption[0] if adoption else None,
        adoption_span=adoption[1] if adoption else None,
        draft=header.draft,
    )


def _give_up(clean: CleanText, reader: ParagraphReader, unresolved: list[Unresolved]) -> None:
    """A text with neither heading, formula line nor numbered paragraph is not read as a
    resolution, whatever its first words ("Shopping list: ..."): its paragraphs are unresolved."""
    pieces = [piece for block in reader.blocks for piece in block.pieces]
    if pieces:
        unresolved.append(structure(clean, pieces, "no heading or formula line: not a resolution"))
    reader.blocks = []
