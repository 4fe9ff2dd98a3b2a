"""The paragraphs of a resolution, for the ``segment`` stage: where each one opens.

:class:`ParagraphReader` reads the lines after the formula line into paragraph blocks, up to
the adoption statement or an annex: preambular paragraphs (opening with a participle or an
adjective: "Recalling also", "Deeply concerned"), operative ones (numbered "1. Requests",
lettered "(a) Resolves" or unnumbered in old texts: "Calls upon"), the headings inside the text
("I", "A. Restoration of peace and order"), which become ``STRUCTURE`` items, and the text
outside any paragraph. The sub-paragraphs inside a block are :mod:`unkg.ingest.segment_items`.
"""

from __future__ import annotations

import re

from unkg.ingest import regexes_structure as rx
from unkg.ingest.models import CleanText, ParagraphKind, Span, Unresolved, UnresolvedKind
from unkg.ingest.regexes_structure import Opening, looks_like_verb, read_opening
from unkg.ingest.segment_items import coming_labels, label_of, next_sub_label
from unkg.ingest.segment_text import Block, Line, Pieces, formula_body, structure

# What ends a line after which a paragraph may open (never a colon: sub-items follow one), after
# which a sub-paragraph may open, and after which an unnumbered operative paragraph may open.
_ENDS = re.compile(r"[,;.—]\s*[”\"’)]*\s*$")
_LABEL_ENDS = re.compile(r"[,;:.—]\s*[”\"’)]*\s*$|\b(?:and|or)\s*$")
_HARD_ENDS = re.compile(r"[;:.]\s*[”\"’)]*\s*$")
_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s+(?=[A-Z])")


class ParagraphReader:
    """Reads the lines after the formula into paragraph blocks, up to the adoption statement."""

    def __init__(self, clean: CleanText, unresolved: list[Unresolved]) -> None:
        self.clean = clean
        self.unresolved = unresolved
        self.blocks: list[Block] = []
        self.last_number = 0
        self.part = 0  # the first block of the current part ("A", "B") of the resolution
        self.lettered: str | None = None  # the last letter of an operative part lettered "(a)"
        self.next_number: int | None = None  # the number of the next numbered line
        self.loose: Pieces = []

    def read(self, lines: list[Line]) -> int | None:
        """Fill ``blocks``; the index of the line that ends the paragraphs (adoption statement,
        annex), or None when they run to the end."""
        blank, ended, hard, label_ok = False, True, True, True
        quotes = 0  # quotation marks left open: inside a quotation nothing opens
        heading = False  # whether the line before was a heading ("I", "A")
        current: Block | None = None
        numbers = [_number_of(line.text(self.clean)) for line in lines]
        labels = [label_of(line.text(self.clean)) for line in lines]
        spaced = _spaced(self.clean, lines)
        for n, line in enumerate(lines):
            text = line.text(self.clean)
            self.next_number = next((k for k in numbers[n + 1 :] if k is not None), None)
            if not text.strip():
                blank = True
                continue
            boundary = blank or ended or current is None
            hard_boundary = blank or hard or current is None
            after_blank, blank = blank, False
            if boundary and (rx.ADOPTION.match(text) or rx.MEETING_LINE.match(text)
                             or (self.blocks and rx.ANNEX.match(text))):
                self._flush_loose()
                return n
            if hard_boundary and formula_body(text):  # the next part of a resolution in parts
                self.last_number, current, ended, hard = 0, None, True, True
                self.part = len(self.blocks)
                continue
            piece = (line.start, line.end)
            heading, was_heading = False, heading
            if was_heading and _heading_goes_on(self.clean, text, lines[n + 1 :]):
                self._extend_heading(piece)
                heading = True
                continue
            set_off = after_blank and not spaced  # a blank line before it means something
            if boundary and _is_heading(self.clean, text, lines[n + 1 :], set_off):
                self._flush_loose()
                self.unresolved.append(structure(self.clean, [piece], "heading inside the text"))
                ended = hard = heading = True
                self.part, self.last_number = len(self.blocks), 0  # a part may open its own
                continue
            start = self._start(text, boundary and quotes <= 0, hard_boundary, after_blank)
            if start is not None:
                kind, number, skip = start
                if number == "1":
                    self._drop_intro()
                self._flush_loose()
                current = Block(kind, number, [(line.start + skip, line.end)])
                self.blocks.append(current)
                quotes = 0
            elif current and (item := next_sub_label(
                current, text, after_blank or label_ok, coming_labels(labels, numbers, n)
            )):
                current.items.append((len(current.pieces), *item))
                current.pieces.append(piece)
            elif current is None:
                self.loose.append(piece)
            else:
                current.pieces.append(piece)
            quotes += text.count("“") - text.count("”")
            ended = bool(_ENDS.search(text))
            label_ok = bool(_LABEL_ENDS.search(text))
            hard = bool(_HARD_ENDS.search(text))
        self._flush_loose()
        return None

    def _start(
        self, text: str, boundary: bool, hard: bool, after_blank: bool
    ) -> tuple[ParagraphKind, str | None, int] | None:
        """Whether ``text`` opens a paragraph: its kind, its printed number and where its text
        starts in the line."""
        if numbered := rx.NUMBERED.match(text):
            n, last = int(numbered.group("number")), self.last_number
            # The next number, or a first one that the next numbered line continues ("7." opening
            # part B of a text numbered throughout, a text that starts at "9.").
            first = not last and (n == 1 or self.next_number in (None, n + 1))
            if n == last + 1 or (hard and (last < n <= last + 3 or first)):
                self.last_number = n
                return ParagraphKind.OPERATIVE, str(n), numbered.end()
        bare = _BARE_NUMBER.match(text)
        if bare and hard and int(bare.group(1)) == self.last_number + 1:
            opening = read_opening(text[bare.end() :])  # "3 Calls upon": the full stop was lost
            if opening is not None and opening.kind is ParagraphKind.OPERATIVE:
                self.last_number += 1
                return ParagraphKind.OPERATIVE, bare.group(1), bare.end()
        if not boundary:
            return None
        operative = any(b.kind is ParagraphKind.OPERATIVE for b in self.blocks[self.part :])
        if (lettered := self._lettered(text, operative)) is not None:
            return lettered
        opening = read_opening(text)
        if (opening is None or opening.kind is None) and after_blank and looks_like_verb(text):
            opening = Opening(text.split()[0], ParagraphKind.OPERATIVE)  # "Dissolves the ..."
        if opening is None or opening.kind is None:
            return None
        if opening.kind is ParagraphKind.PREAMBULAR and operative:
            previous = self.blocks[-1]
            end = self.clean.text[previous.pieces[-1][0] : previous.pieces[-1][1]].rstrip()
            if previous.number is not None or not end.endswith(","):
                return None  # a participle after the operative part began continues a paragraph
            previous.kind = ParagraphKind.PREAMBULAR  # "Recognizes ...," in a preamble: a slip
        if opening.kind is ParagraphKind.OPERATIVE and self.last_number and not hard:
            return None  # among numbered paragraphs, an unnumbered one needs a clear break
        return opening.kind, None, len(text) - len(text.lstrip())

    def _lettered(self, text: str, operative: bool) -> tuple[ParagraphKind, str, int] | None:
        """An operative part lettered instead of numbered (old Security Council texts):
        "(a) Resolves that ...", "(b) Requests that ..."."""
        match = rx.SUB_LABEL.match(text)
        if not match or self.last_number:
            return None
        label, last = rx.sub_label(match), self.lettered
        expected = "a" if last is None and not operative else None
        if last is not None:
            expected = rx.next_label("letter", last)
        opening = read_opening(text[match.end() :])
        if label != expected or opening is None or opening.kind is not ParagraphKind.OPERATIVE:
            return None
        self.lettered = label
        return ParagraphKind.OPERATIVE, label, match.end()

    def _drop_intro(self) -> None:
        """"Resolves that:" before paragraph 1 goes on the formula ("The General Assembly /
        Resolves that: / 1. ..."), as the UN's own markup has it: it is no paragraph."""
        if not self.blocks:
            return
        last = self.blocks[-1]
        text = " ".join(self.clean.text[a:b] for a, b in last.pieces).strip()
        if (last.kind is ParagraphKind.OPERATIVE and last.number is None and not last.items
                and text.endswith(":") and len(text.split()) <= 5):
            self.blocks.pop()

    def _extend_heading(self, piece: tuple[int, int]) -> None:
        """Add a line to the heading just read: "I" / "General guidelines"."""
        heading = self.unresolved[-1]
        title = structure(self.clean, [piece], heading.reason)
        self.unresolved[-1] = Unresolved(
            UnresolvedKind.STRUCTURE, f"{heading.text} {title.text}",
            Span(heading.span.start, title.span.end), heading.reason,
        )

    def _flush_loose(self) -> None:
        if self.loose:
            self.unresolved.append(structure(self.clean, self.loose, "text outside any paragraph"))
            self.loose = []


def _spaced(clean: CleanText, lines: list[Line]) -> bool:
    """Whether the text sets its paragraphs apart by blank lines (as the old Security Council
    texts do), so that a blank line before a line says nothing more."""
    starts = [k for k, line in enumerate(lines) if k and (
        rx.NUMBERED.match(line.text(clean)) or _opens(line.text(clean)))]
    after_blank = sum(1 for k in starts if not lines[k - 1].text(clean).strip())
    return after_blank >= 0.5 * len(starts) > 0


def _number_of(text: str) -> int | None:
    match = rx.NUMBERED.match(text)
    return int(match.group("number")) if match else None


def _is_heading(clean: CleanText, text: str, rest: list[Line], after_blank: bool) -> bool:
    """A heading inside the text ("I", "B", "A. Restoration of peace and order", or a short
    title: "Refugees", "Transport and transit corridors") stands on its own line after the end of
    a paragraph, ends without punctuation and is followed by a capital, a number or a label; a
    title that is not a numeral comes right before a paragraph that opens, or stands between
    blank lines (on up to three lines)."""
    stripped = text.strip()
    if (stripped[-1] in ",;:." or not stripped[0].isupper() or len(stripped.split()) > 12
            or rx.NUMBERED.match(text) or rx.SUB_LABEL.match(text)):
        return False
    following = next((line.text(clean).strip() for line in rest if line.text(clean).strip()), "")
    if not (not following or following[0].isupper() or following[0] in "“(\"0123456789"):
        return False
    if rx.SECTION_HEADING.match(stripped) or rx.NUMBERED.match(following):
        return True
    if _opens(following) and not _opens(text):
        return True
    block = [text, *(line.text(clean) for line in rest[:3])]
    size = next((k for k, line in enumerate(block) if not line.strip()), None)
    if not after_blank or size is None:  # set off by blank lines, before a paragraph
        return False
    after = next((line.text(clean) for line in rest[size:] if line.text(clean).strip()), "")
    words = sum(len(line.split()) for line in block[:size])
    return words <= 20 and not _ENDS.search(block[size - 1]) and (
        bool(rx.NUMBERED.match(after)) or _opens(after)
    )


def _heading_goes_on(clean: CleanText, text: str, rest: list[Line], depth: int = 0) -> bool:
    """Whether the line after a heading is its title ("Funding of operational activities"): a
    few words without final punctuation (on up to three lines), followed by a blank line or a
    paragraph that opens."""
    if (rx.NUMBERED.match(text) or _ENDS.search(text) or _HARD_ENDS.search(text)
            or len(text.split()) > 15 or depth > 2):
        return False
    if not rest or not rest[0].text(clean).strip():
        return True
    following = rest[0].text(clean)
    return (bool(rx.NUMBERED.match(following)) or _opens(following)
            or _heading_goes_on(clean, following, rest[1:], depth + 1))


def _opens(text: str) -> bool:
    opening = read_opening(text)
    return opening is not None and opening.kind is not None
