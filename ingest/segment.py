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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from unkg.graph.bodies import BODIES, EntityKind
from unkg.graph.symbols import Symbol
from unkg.ingest import regexes_structure as rx
from unkg.ingest.clean import footnote_marker
from unkg.ingest.models import (
    CleanText,
    Footnote,
    Paragraph,
    ParagraphKind,
    Resolution,
    Source,
    Span,
    SubParagraph,
    Unresolved,
    UnresolvedKind,
)
from unkg.ingest.regexes_structure import Opening, looks_like_verb, read_opening

from unkg.errors import SymbolError

__all__ = ["segment_resolution"]

_ORGANS = (EntityKind.PRINCIPAL_ORGAN, EntityKind.SUBSIDIARY_BODY)
_BODY_NAMES = {
    " ".join(name.lower().split()): body.key
    for body in BODIES.values() if body.kind in _ORGANS for name in body.names
}

Pieces = list[tuple[int, int]]  # ranges of the cleaned text, one per line or part of a line


@dataclass
class _Line:
    start: int  # offsets into the cleaned text, line break excluded
    end: int

    def text(self, clean: CleanText) -> str:
        return clean.text[self.start : self.end]


@dataclass
class _Block:
    """A paragraph being read: its pieces of cleaned text and where its sub-paragraphs start."""

    kind: ParagraphKind
    number: str | None
    pieces: Pieces
    items: list[tuple[int, str, int]] = field(default_factory=list)  # (piece, label, depth)
    labels: list[tuple[str, str]] = field(default_factory=list)  # open levels: (kind, last)


@dataclass
class _Header:
    number: str | None = None
    title: str | None = None
    title_span: Span | None = None
    date: date | None = None
    body: str | None = None
    draft: Symbol | None = None
    adoption: tuple[str, Span] | None = None
    start: int = 0  # the first line after the heading block
    title_allowed: bool = True  # "100 (1953). Resolution of ..." has no title under it


def segment_resolution(clean: CleanText, source: Source) -> Resolution:
    """Segment ``clean`` (the cleaned text of ``source``) into a :class:`Resolution`."""
    body_end = clean.notes_start if clean.notes_start is not None else len(clean.text)
    lines = _lines(clean.text, 0, body_end)
    unresolved: list[Unresolved] = []
    header = _read_header(clean, lines, unresolved)
    _, formula_body = _find_formula(clean, lines, header.start)
    first = header.start  # the reader steps over the formula line (a "Whereas" may precede it)
    reader = _ParagraphReader(clean, unresolved)
    end = reader.read(lines[first:])
    adoption, adopted_on = header.adoption, None
    if end is not None and (found := _read_adoption(clean, lines[first + end :], unresolved)):
        adoption, adopted_on = (found[0], found[1]), found[2]
    if not (header.number or formula_body or any(b.number for b in reader.blocks)
            or any(rx.FORMULA.match(line.text(clean)) for line in lines)):
        _give_up(clean, reader, unresolved)  # no heading, formula or numbered paragraph
    body = formula_body or header.body or _body_from_text(clean, header, reader.blocks)
    when = header.date or adopted_on
    number = _complete_number(header.number, body, when)
    paragraphs = _paragraphs(clean, reader.blocks)
    return Resolution(
        source=source,
        symbol=_symbol(body, number),
        number=number,
        body=body,
        title=header.title,
        date=when,
        preamble=tuple(p for p in paragraphs if p.kind is ParagraphKind.PREAMBULAR),
        operative=tuple(p for p in paragraphs if p.kind is ParagraphKind.OPERATIVE),
        footnotes=_footnotes(clean, body_end, paragraphs, unresolved),
        unresolved=tuple(unresolved),
        title_span=header.title_span,
        clean=clean,
        adoption=adoption[0] if adoption else None,
        adoption_span=adoption[1] if adoption else None,
        draft=header.draft,
    )


def _give_up(clean: CleanText, reader: _ParagraphReader, unresolved: list[Unresolved]) -> None:
    """A text with neither heading, formula line nor numbered paragraph is not read as a
    resolution, whatever its first words ("Shopping list: ..."): its paragraphs are unresolved."""
    pieces = [piece for block in reader.blocks for piece in block.pieces]
    if pieces:
        unresolved.append(_structure(clean, pieces, "no heading or formula line: not a resolution"))
    reader.blocks = []


# --- text pieces ---------------------------------------------------------------------------


def _lines(text: str, start: int, end: int) -> list[_Line]:
    lines = []
    while start < end:
        stop = text.find("\n", start, end)
        stop = end if stop < 0 else stop
        lines.append(_Line(start, stop))
        start = stop + 1
    return lines


def _fold(clean: CleanText, pieces: Pieces) -> tuple[str, tuple[int, ...]]:
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


def _span(offsets: tuple[int, ...]) -> Span:
    if len(offsets) < 2:
        return Span(offsets[0], offsets[0]) if offsets else Span(0, 0)
    return Span(offsets[0], offsets[-2] + 1)


def _structure(clean: CleanText, pieces: Pieces, reason: str) -> Unresolved:
    text, offsets = _fold(clean, pieces)
    return Unresolved(UnresolvedKind.STRUCTURE, text, _span(offsets), reason)


def _parse_date(text: str) -> date | None:
    match = rx.DATE.search(text)
    if not match:
        return None
    try:
        month = rx.MONTHS.index(match.group("month")) + 1
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:  # "31 February"
        return None


def _parse_symbol(text: str) -> Symbol | None:
    try:
        return Symbol.parse(text)
    except (SymbolError, ValueError):
        return None


# --- heading -------------------------------------------------------------------------------


def _read_header(clean: CleanText, lines: list[_Line], unresolved: list[Unresolved]) -> _Header:
    """The masthead, the heading ("Resolution 22/7", "73/3. Title", "100 (1953). Resolution of
    27 October 1953") and the lines under it up to the formula line."""
    header = _Header()
    heading, match, form = _find_heading(clean, lines)
    _read_front(clean, lines[:heading] if heading else [], header, unresolved, heading is not None)
    if heading is None or match is None:
        return header
    header.number = _normalize_number(match.group("number"))
    header.title_allowed = form != "old"
    if match.groupdict().get("date"):
        header.date = _parse_date(match.group("date"))
    title: Pieces = []
    if form == "numbered" and match.group("title"):
        title.append((lines[heading].start + match.start("title"), lines[heading].end))
    i = heading + 1
    limit = min(len(lines), heading + 12)
    formula = next((k for k in range(i, limit) if _formula_body(lines[k].text(clean))), None)
    while i < limit and i != formula:
        text = lines[i].text(clean)
        if formula is None and _starts_body(text):
            break
        if not text.strip():
            i += 1
            if title and form == "numbered":
                break  # the title of "73/3. Title" ends at the first blank line
            continue
        if (after := _read_header_line(clean, lines, i, header, title)) < 0:
            break
        i = after
    header.start = i
    if title:
        header.title, offsets = _fold(clean, title)
        header.title_span = _span(offsets)
    return header


def _find_heading(
    clean: CleanText, lines: list[_Line]
) -> tuple[int | None, re.Match[str] | None, str]:
    forms = (("resolution", rx.HEADING_RESOLUTION), ("old", rx.HEADING_OLD_SC),
             ("numbered", rx.HEADING_NUMBERED_TITLE))
    for i, line in enumerate(lines[:200]):
        text = line.text(clean)
        for form, pattern in forms:
            if match := pattern.match(text):
                return i, match, form
        if _formula_body(text):
            break
    return None, None, ""


def _read_front(
    clean: CleanText, front: list[_Line], header: _Header, unresolved: list[Unresolved],
    found: bool,
) -> None:
    """The masthead above the heading: who adopted the text and when, and the draft symbol."""
    pieces = [(line.start, line.end) for line in front if line.text(clean).strip()]
    if not pieces:
        return
    folded, _ = _fold(clean, pieces)
    if (match := rx.ADOPTED_BY_HEADER.search(folded)) is not None:
        header.body = _body_key(match.group("body"))
        header.date = _parse_date(match.group("date"))
    if draft := re.search(r"without reference to a Main Committee \((?P<s>[^\s)]+)", folded):
        header.draft = _parse_symbol(draft.group("s"))
    masthead = bool(match) or any(rx.MASTHEAD_LINE.match(clean.text[s:e]) for s, e in pieces)
    if found and not masthead:
        unresolved.append(_structure(clean, pieces, "text before the resolution heading"))


def _starts_body(text: str) -> bool:
    opening = read_opening(text)
    return bool(rx.NUMBERED.match(text) or (opening and opening.kind is not None))


def _read_header_line(
    clean: CleanText, lines: list[_Line], i: int, header: _Header, title: Pieces
) -> int:
    """Read the line under the heading at ``i``: a date, the draft, the adoption statement of a
    Security Council text or a line of the title. Returns the index of the next line, or -1 when
    the line belongs to the text."""
    text = lines[i].text(clean)
    if match := rx.DATE_LINE.match(text):
        header.date = header.date or _parse_date(match.group("date"))
        return i + 1
    if re.match(r"\s*of\s+\d{1,2}\s+\S+\s+\S+\s*$", text):
        return i + 1  # a date the OCR garbled: "of 3 Apri] 1991"
    if match := rx.DRAFT_LINE.match(text):
        header.draft = header.draft or _parse_symbol(match.group("symbol"))
        return i + 1
    pair = text + " " + (lines[i + 1].text(clean) if i + 1 < len(lines) else "")
    if match := rx.ADOPTED_AT_MEETING_HEADER.match(pair.strip()):
        used = 2 if match.end() > len(text.strip()) and i + 1 < len(lines) else 1
        folded, offsets = _fold(clean, [(line.start, line.end) for line in lines[i : i + used]])
        header.adoption = (folded, _span(offsets))
        header.body = header.body or "sc"
        header.date = header.date or _parse_date(folded)
        return i + used
    if re.search(r"[,;:.]\s*$", text) or len(title) >= 4 or not header.title_allowed:
        return -1  # a title ends without punctuation: this is the text itself
    title.append((lines[i].start, lines[i].end))
    return i + 1


def _normalize_number(number: str) -> str:
    """ "100  (1953)" gives "100 (1953)"; the OCR slip "361 (197-4)" gives "361 (1974)"."""

    def year(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(1))
        return f" ({digits})" if len(digits) == 4 else match.group(0)

    return re.sub(r"\s*\(([\d\s\-]+)\)", year, " ".join(number.split())).strip()


def _complete_number(number: str | None, body: str | None, when: date | None) -> str | None:
    """A Security Council number printed without its year ("Resolution 290") takes the year of
    adoption, as its symbol does: S/RES/290 (1970)."""
    if number and body == "sc" and when and number.isdigit():
        return f"{number} ({when.year})"
    return number


def _symbol(body: str | None, number: str | None) -> Symbol | None:
    if body is None or number is None:
        return None
    try:
        return Symbol.for_resolution(body, number)
    except (KeyError, ValueError):  # the body has no resolution series, or no valid symbol
        return None


# --- formula and body ----------------------------------------------------------------------


def _body_key(name: str) -> str | None:
    return _BODY_NAMES.get(" ".join(name.lower().split()))


def _formula_body(text: str) -> str | None:
    match = rx.FORMULA.match(text)
    return _body_key(match.group("body")) if match else None


def _find_formula(
    clean: CleanText, lines: list[_Line], start: int
) -> tuple[int | None, str | None]:
    """The formula line "The General Assembly," (perhaps broken over two lines) and its body."""
    for i in range(start, min(len(lines), start + 40)):
        text = lines[i].text(clean)
        if (key := _formula_body(text)) is not None:
            return i, key
        if i + 1 < len(lines) and text.strip().startswith("The "):
            joined = text.rstrip() + " " + lines[i + 1].text(clean).strip()
            if (key := _formula_body(joined)) is not None:
                return i + 1, key
        if rx.NUMBERED.match(text):
            break
    return None, None


# "1. The Security Council requests ...": the body as the subject of the earliest texts.
_SUBJECT = re.compile(r"^\s*(?:Therefore\s+)?[Tt]he\s+(?P<name>(?:[A-Z][\w’'-]*\s+){1,8})[a-z]")


def _body_from_text(clean: CleanText, header: _Header, blocks: list[_Block]) -> str | None:
    """The body when no formula line names it: the subject of "1. The Security Council requests
    ...", or the Security Council's own numbering "100 (1953)"."""
    for block in blocks:
        start, end = block.pieces[0]
        if match := _SUBJECT.match(clean.text[start:end]):
            words = match.group("name").split()
            for n in range(len(words), 0, -1):
                if key := _body_key(" ".join(words[:n])):
                    return key
    if header.number and re.fullmatch(r"\d{1,4} \(\d{4}\)", header.number):
        return "sc"
    return None


# --- paragraphs ----------------------------------------------------------------------------

# What ends a line after which a paragraph may open (never a colon: sub-items follow one), after
# which a sub-paragraph may open, and after which an unnumbered operative paragraph may open.
_ENDS = re.compile(r"[,;.—]\s*[”\"’)]*\s*$")
_LABEL_ENDS = re.compile(r"[,;:.—]\s*[”\"’)]*\s*$|\b(?:and|or)\s*$")
_HARD_ENDS = re.compile(r"[;:.]\s*[”\"’)]*\s*$")
_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s+(?=[A-Z])")


class _ParagraphReader:
    """Reads the lines after the formula into paragraph blocks, up to the adoption statement."""

    def __init__(self, clean: CleanText, unresolved: list[Unresolved]) -> None:
        self.clean = clean
        self.unresolved = unresolved
        self.blocks: list[_Block] = []
        self.last_number = 0
        self.part = 0  # the first block of the current part ("A", "B") of the resolution
        self.lettered: str | None = None  # the last letter of an operative part lettered "(a)"
        self.next_number: int | None = None  # the number of the next numbered line
        self.loose: Pieces = []

    def read(self, lines: list[_Line]) -> int | None:
        """Fill ``blocks``; the index of the line that ends the paragraphs (adoption statement,
        annex), or None when they run to the end."""
        blank, ended, hard, label_ok = False, True, True, True
        quotes = 0  # quotation marks left open: inside a quotation nothing opens
        heading = False  # whether the line before was a heading ("I", "A")
        current: _Block | None = None
        numbers = [_number_of(line.text(self.clean)) for line in lines]
        labels = [_label_of(line.text(self.clean)) for line in lines]
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
            if hard_boundary and _formula_body(text):  # the next part of a resolution in parts
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
                self.unresolved.append(_structure(self.clean, [piece], "heading inside the text"))
                ended = hard = heading = True
                self.part, self.last_number = len(self.blocks), 0  # a part may open its own
                continue
            start = self._start(text, boundary and quotes <= 0, hard_boundary, after_blank)
            if start is not None:
                kind, number, skip = start
                if number == "1":
                    self._drop_intro()
                self._flush_loose()
                current = _Block(kind, number, [(line.start + skip, line.end)])
                self.blocks.append(current)
                quotes = 0
            elif current and (item := _sub_label(
                current, text, after_blank or label_ok, _coming(labels, numbers, n)
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
        title = _structure(self.clean, [piece], heading.reason)
        self.unresolved[-1] = Unresolved(
            UnresolvedKind.STRUCTURE, f"{heading.text} {title.text}",
            Span(heading.span.start, title.span.end), heading.reason,
        )

    def _flush_loose(self) -> None:
        if self.loose:
            self.unresolved.append(_structure(self.clean, self.loose, "text outside any paragraph"))
            self.loose = []


def _spaced(clean: CleanText, lines: list[_Line]) -> bool:
    """Whether the text sets its paragraphs apart by blank lines (as the old Security Council
    texts do), so that a blank line before a line says nothing more."""
    starts = [k for k, line in enumerate(lines) if k and (
        rx.NUMBERED.match(line.text(clean)) or _opens(line.text(clean)))]
    after_blank = sum(1 for k in starts if not lines[k - 1].text(clean).strip())
    return after_blank >= 0.5 * len(starts) > 0


def _label_of(text: str) -> str | None:
    match = rx.SUB_LABEL.match(text)
    return rx.sub_label(match) if match else None


def _coming(labels: list[str | None], numbers: list[int | None], n: int) -> set[str]:
    """The sub-paragraph labels of the lines after ``n``, up to the next numbered line."""
    found: set[str] = set()
    for k in range(n + 1, min(len(labels), n + 60)):
        if numbers[k] is not None:
            break
        if labels[k]:
            found.add(labels[k] or "")
    return found


def _number_of(text: str) -> int | None:
    match = rx.NUMBERED.match(text)
    return int(match.group("number")) if match else None


def _is_heading(clean: CleanText, text: str, rest: list[_Line], after_blank: bool) -> bool:
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


def _heading_goes_on(clean: CleanText, text: str, rest: list[_Line], depth: int = 0) -> bool:
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


def _sub_label(
    block: _Block, text: str, boundary: bool, coming: set[str]
) -> tuple[str, int] | None:
    """The label and depth of a sub-paragraph that ``text`` opens ("(a)", "(iv)"): it continues
    the labels of an open level, or opens a new level with "(a)", "(i)" or "(1)". ``coming``
    holds the labels of the lines that follow, up to the next numbered paragraph."""
    match = rx.SUB_LABEL.match(text)
    if not match:
        return None
    label = rx.sub_label(match)
    kinds = rx.label_kinds(label)
    stack = block.labels
    for depth in range(len(stack) - 1, -1, -1):
        kind, last = stack[depth]
        if kind in kinds and label == rx.next_label(kind, last):
            del stack[depth + 1 :]
            stack[depth] = (kind, label)
            return label, depth
    # A new level opens with "(a)", "(i)" or "(1)": after a colon or the like, under an item of
    # another kind ("(a) Support to ..." / "(i) to use ..."), or when its "(b)" follows.
    open_kinds = {kind for kind, _ in stack}
    for kind in kinds:
        first = label == rx.FIRST_LABELS[kind] and kind not in open_kinds
        if first and (boundary or stack or rx.next_label(kind, label) in coming):
            stack.append((kind, label))
            return label, len(stack) - 1
    return None


def _paragraphs(clean: CleanText, blocks: list[_Block]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    counts = {ParagraphKind.PREAMBULAR: 0, ParagraphKind.OPERATIVE: 0}
    for block in blocks:
        text, offsets = _fold(clean, block.pieces)
        if not text:
            continue
        counts[block.kind] += 1
        label = rx.SUB_LABEL.match(text)  # "11. (a) Expresses concern ...": read past "(a)"
        opening = read_opening(text[label.end() :] if label else text)
        markers: list[str] = []
        for call in clean.footnote_calls:
            inside = any(start <= call.position <= end for start, end in block.pieces)
            if inside and call.marker not in markers:
                markers.append(call.marker)
        paragraphs.append(Paragraph(
            kind=block.kind, index=counts[block.kind], number=block.number,
            opening=opening.phrase if opening else text.split()[0], text=text,
            span=_span(offsets), offsets=offsets, footnotes=tuple(markers),
            subparagraphs=_subparagraphs(clean, block, 0, len(block.items), 0),
        ))
    return paragraphs


def _subparagraphs(
    clean: CleanText, block: _Block, first: int, last: int, depth: int
) -> tuple[SubParagraph, ...]:
    """The sub-paragraphs of ``depth`` among ``block.items[first:last]``, with their own."""
    subs: list[SubParagraph] = []
    items = block.items
    for k in range(first, last):
        piece, label, level = items[k]
        if level != depth:
            continue
        stop = next((j for j in range(k + 1, last) if items[j][2] <= depth), last)
        end_piece = items[stop][0] if stop < len(items) else len(block.pieces)
        start, end = block.pieces[piece]
        label_match = rx.SUB_LABEL.match(clean.text[start:end])
        skip = label_match.end() if label_match else 0
        text, offsets = _fold(clean, [(start + skip, end), *block.pieces[piece + 1 : end_piece]])
        subs.append(SubParagraph(  # "(a)", however printed ("a." in some texts)
            label=f"({label})", text=text, span=_span(offsets), offsets=offsets,
            subparagraphs=_subparagraphs(clean, block, k + 1, stop, depth + 1),
        ))
    return tuple(subs)


# --- adoption and footnotes ----------------------------------------------------------------


def _read_adoption(
    clean: CleanText, lines: list[_Line], unresolved: list[Unresolved]
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
        unresolved.append(_structure(clean, rest, reason))
    if not taken:
        return None
    text, offsets = _fold(clean, taken)
    return text, _span(offsets), _parse_date(text)


def _continues(clean: CleanText, taken: Pieces, rest: list[_Line]) -> bool:
    """Whether an adoption statement broken by a blank line goes on after it ("Adopted
    unanimously at the" / "2351st meeting.")."""
    if not taken or re.search(r"[.\]]\s*$", clean.text[taken[-1][0] : taken[-1][1]]):
        return False
    following = next((line.text(clean) for line in rest if line.text(clean).strip()), "")
    return bool(re.match(r"\s*(?:[a-z(]|\d+\s*(?:st|nd|rd|th))", following))


def _footnotes(
    clean: CleanText, body_end: int, paragraphs: list[Paragraph], unresolved: list[Unresolved]
) -> tuple[Footnote, ...]:
    """The footnotes gathered after the body, each attached to the first paragraph calling it."""
    groups: list[tuple[str, Pieces]] = []
    last: int | None = None
    for line in _lines(clean.text, body_end, len(clean.text)):
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
            unresolved.append(_structure(clean, [(line.start, line.end)], reason))
    called = {call.marker for call in clean.footnote_calls}
    footnotes = []
    for marker, pieces in groups:
        text, offsets = _fold(clean, pieces)
        caller = next((p.id for p in paragraphs if marker in p.footnotes), None)
        footnotes.append(Footnote(marker, text, _span(offsets), caller, offsets=offsets))
        if marker not in called:
            reason = "nothing in the text calls this footnote"
            unresolved.append(Unresolved(UnresolvedKind.FOOTNOTE, text, _span(offsets), reason))
    return tuple(footnotes)
