"""What closes a resolution, for the ``segment`` stage: the adoption statement and footnotes.

:func:`adoption_statement` reads the statement that ends the text ("Adopted unanimously at
the 631st meeting.", "28th plenary meeting / 29 October 2018"); an annex or stray text after it
becomes a ``STRUCTURE`` item. :func:`gather_footnotes` reads the footnotes gathered after the
body, each attached to the first paragraph calling it.
"""

from __future__ import annotations

import re
from datetime import date

from unkg.ingest import regexes_structure as rx
from unkg.ingest.clean import footnote_marker
from unkg.ingest.models import CleanText, Footnote, Paragraph, Span, Unresolved, UnresolvedKind
from unkg.ingest.segment_text import Line, Pieces, fold, parse_date, span_of, split_lines, structure


def adoption_statement(
    clean: CleanText, lines: list[Line], unresolved: list[Unresolved]
) -> tuple[str, Span, date | None] | None:
    """The adoption statement that ends the text ("Adopted unanimously at the 631st meeting.",
    "28th plenary meeting / 29 October 2018") and what follows it (an annex, stray text)."""
    taken: Pieces = []
    n = 0
    first = lines[0].text(clean) if lines else ""
    if rx.MEETING_LINE.match(first):
        taken.append((lines[0].start, lines[0].end))
        n = 1
        while n < len(lines) and not lines[n].text(clean).strip():
            n += 1
        if n < len(lines) and rx.DATE.fullmatch(lines[n].text(clean).strip()):
            taken.append((lines[n].start, lines[n].end))
            n += 1
    if rx.ADOPTION.match(first) or (n < len(lines) and lines[n].text(clean).lstrip()[:1] == "["):
        depth = 0  # brackets left open
        while n < len(lines):
            text = lines[n].text(clean)
            if not text.strip() and (depth > 0 or _continues(clean, taken, lines[n + 1 :])):
                n += 1
                continue
            if not text.strip() or (taken and rx.ANNEX.match(text)):
                break
            taken.append((lines[n].start, lines[n].end))
            depth += text.count("(") + text.count("[") - text.count(")") - text.count("]")
            n += 1
            if depth <= 0 and re.search(r"[.\]]\s*$", text):
                break
    rest = [(line.start, line.end) for line in lines[n:] if line.text(clean).strip()]
    if rest:
        annex = bool(rx.ANNEX.match(clean.text[rest[0][0] : rest[0][1]]))
        reason = "annex (not segmented)" if annex else "text after the adoption statement"
        unresolved.append(structure(clean, rest, reason))
    if not taken:
        return None
    text, offsets = fold(clean, taken)
    return text, span_of(offsets), parse_date(text)


def _continues(clean: CleanText, taken: Pieces, rest: list[Line]) -> bool:
    """Whether an adoption statement broken by a blank line goes on after it ("Adopted
    unanimously at the" / "2351st meeting.")."""
    if not taken or re.search(r"[.\]]\s*$", clean.text[taken[-1][0] : taken[-1][1]]):
        return False
    following = next((line.text(clean) for line in rest if line.text(clean).strip()), "")
    return bool(re.match(r"\s*(?:[a-z(]|\d+\s*(?:st|nd|rd|th))", following))


def gather_footnotes(
    clean: CleanText, body_end: int, paragraphs: list[Paragraph], unresolved: list[Unresolved]
) -> tuple[Footnote, ...]:
    """The footnotes gathered after the body, each attached to the first paragraph calling it."""
    groups: list[tuple[str, Pieces]] = []
    last: int | None = None
    for line in split_lines(clean.text, body_end, len(clean.text)):
        text = line.text(clean)
        if (marker := footnote_marker(text, last)) is not None:
            match = rx.FOOTNOTE_LINE.match(text) or rx.FOOTNOTE_LINE_LOOSE.match(text)
            skip = match.start("text") if match else 0
            groups.append((marker, [(line.start + skip, line.end)]))
            last = int(marker) if marker.isdigit() else last
        elif groups:
            groups[-1][1].append((line.start, line.end))
        elif text.strip():
            reason = "footnote text without a marker"
            unresolved.append(structure(clean, [(line.start, line.end)], reason))
    called = {call.marker for call in clean.footnote_calls}
    footnotes = []
    for marker, pieces in groups:
        text, offsets = fold(clean, pieces)
        caller = next((p.id for p in paragraphs if marker in p.footnotes), None)
        footnotes.append(Footnote(marker, text, span_of(offsets), caller, offsets=offsets))
        if marker not in called:
            reason = "nothing in the text calls this footnote"
            unresolved.append(Unresolved(UnresolvedKind.FOOTNOTE, text, span_of(offsets), reason))
    return tuple(footnotes)
