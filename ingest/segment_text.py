"""What the parts of the ``segment`` stage share: lines, pieces and the names of bodies.

The stage reads a cleaned text as :class:`Line` ranges, gathers a paragraph being read as a
:class:`Block` of pieces (ranges of the cleaned text), and folds pieces into one line of text
with its offset map to the original (:func:`fold`). It also owns the small readers that every
part uses: dates, symbols, the ``STRUCTURE`` items made of pieces, and the body that a formula
line ("The General Assembly,") names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from unkg.graph.bodies import BODIES, EntityKind
from unkg.graph.symbols import Symbol
from unkg.ingest import regexes_structure as rx
from unkg.ingest.models import CleanText, ParagraphKind, Span, Unresolved, UnresolvedKind

from unkg.errors import SymbolError

_ORGANS = (EntityKind.PRINCIPAL_ORGAN, EntityKind.SUBSIDIARY_BODY)
_BODY_NAMES = {
    " ".join(name.lower().split()): body.key
    for body in BODIES.values() if body.kind in _ORGANS for name in body.names
}

Pieces = list[tuple[int, int]]  # ranges of the cleaned text, one per line or part of a line


@dataclass
class Line:
    start: int  # offsets into the cleaned text, line break excluded
    end: int

    def text(self, clean: CleanText) -> str:
        return clean.text[self.start : self.end]


@dataclass
class Block:
    """A paragraph being read: its pieces of cleaned text and where its sub-paragraphs start."""

    kind: ParagraphKind
    number: str | None
    pieces: Pieces
    items: list[tuple[int, str, int]] = field(default_factory=list)  # (piece, label, depth)
    labels: list[tuple[str, str]] = field(default_factory=list)  # open levels: (kind, last)


def split_lines(text: str, start: int, end: int) -> list[Line]:
    lines = []
    while start < end:
        stop = text.find("\n", start, end)
        stop = end if stop < 0 else stop
        lines.append(Line(start, stop))
        start = stop + 1
    return lines


def fold(clean: CleanText, pieces: Pieces) -> tuple[str, tuple[int, ...]]:
    """The pieces joined by single spaces, runs of whitespace folded and the ends trimmed, with
    the map from each character to the original text (and one extra final entry). A joining
    space maps to the line break it replaces."""
    chars: list[str] = []
    offsets: list[int] = []
    for start, end in pieces:
        for k in range(start, min(end + 1, len(clean.text))):
            char = clean.text[k] if k < end else " "
            if not char.isspace():
                chars.append(char)
                offsets.append(clean.offsets[k])
            elif chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(clean.offsets[k])
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    final = offsets[-1] + 1 if offsets else (clean.offsets[pieces[0][0]] if pieces else 0)
    return "".join(chars), (*offsets, final)


def span_of(offsets: tuple[int, ...]) -> Span:
    if len(offsets) < 2:
        return Span(offsets[0], offsets[0]) if offsets else Span(0, 0)
    return Span(offsets[0], offsets[-2] + 1)


def structure(clean: CleanText, pieces: Pieces, reason: str) -> Unresolved:
    text, offsets = fold(clean, pieces)
    return Unresolved(UnresolvedKind.STRUCTURE, text, span_of(offsets), reason)


def parse_date(text: str) -> date | None:
    match = rx.DATE.search(text)
    if not match:
        return None
    try:
        month = rx.MONTHS.index(match.group("month")) + 1
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:  # "31 February"
        return None


def parse_symbol(text: str) -> Symbol | None:
    try:
        return Symbol.parse(text)
    except (SymbolError, ValueError):
        return None


def body_key(name: str) -> str | None:
    return _BODY_NAMES.get(" ".join(name.lower().split()))


def formula_body(text: str) -> str | None:
    match = rx.FORMULA.match(text)
    return body_key(match.group("body")) if match else None
