"""The ``clean`` stage: text extracted from a PDF or by OCR, made readable with an exact offset map.

:func:`clean_text` owns what a reader skips without thinking: page headers and footers (job
numbers such as ``18-16895 (E)``, barcodes ``*1816895*``, page numbers ``2/10``, the running
symbol and title), the blank lines of page breaks (and the blank line some extractors put after
every line), words broken across lines, and footnote markers flattened into the running text
(``Commission;1``), which are removed and recorded as :class:`FootnoteCall`. The footnotes found
at the foot of each page and at the end are gathered, in order, after the body; ``notes_start``
says where they begin.

Lines stay lines: the segmenter reads line structure. Every character of the result maps to the
original character it came from (``CleanText.offsets``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise

from unkg.ingest import regexes_structure as rx
from unkg.ingest.models import CleanText, FootnoteCall, Span

__all__ = ["clean_text", "footnote_marker"]


class _Kind(Enum):
    TEXT = "text"
    BLANK = "blank"
    RULE = "rule"  # the rule above a page's footnotes
    FURNITURE = "furniture"  # page header or footer, masthead symbol, job number, barcode
    NOTE = "note"  # a line of a footnote


@dataclass
class _Line:
    start: int  # original offset of the first character
    end: int  # original offset just past the last character, line terminator excluded
    term: int | None  # original offset of the line terminator, None at the end of the text
    text: str
    kind: _Kind = _Kind.TEXT


# The soft hyphen, zero-width and direction marks: invisible in print.
_DROP = frozenset("\xad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")
_AS_SPACE = frozenset("\xa0\u2007\u202f\t")
_END_PUNCT = re.compile(r"[.;:!?)\]”\"’]\s*(?:\d{1,3}|\*{1,3})?\s*$")
_FOOTNOTE_DONE = re.compile(r"[.)\]”\"’]\s*$")
_ABBREVIATION_END = re.compile(  # "... 2024), p." / "Sales No.": the footnote goes on
    r"\b(?:" + "|".join(sorted(rx.NUMBER_ABBREVIATIONS, key=len, reverse=True)) + r")\.\s*$",
    re.IGNORECASE,
)


def clean_text(original: str) -> CleanText:
    """Clean ``original`` (see the module docstring); never raises on odd text."""
    lines = _split_lines(original)
    doubled = _is_doubled(lines)
    _mark_furniture(lines)
    notes = _footnote_regions(lines, doubled)
    markers = _markers(lines, notes)
    out = _Emitter(original)
    body = [i for i, line in enumerate(lines) if line.kind in (_Kind.TEXT, _Kind.BLANK)]
    _emit_stream(out, lines, _keep_blanks(lines, body, doubled), markers)
    notes_start: int | None = None
    if notes:
        if out.chars and out.chars[-1] != "\n":
            first = lines[notes[0]].start
            out.put("\n", first - 1 if first > 0 else 0)
        notes_start = len(out.chars)
        _emit_stream(out, lines, notes, set())
    while out.chars and out.chars[-1] in " \n":
        out.chars.pop()
        out.offsets.pop()
    text = "".join(out.chars)
    if notes_start is not None and notes_start >= len(text):
        notes_start = None
    final = out.offsets[-1] + 1 if out.offsets else 0
    return CleanText(
        original=original,
        text=text,
        offsets=(*out.offsets, final),
        footnote_calls=tuple(c for c in out.calls if c.position <= len(text)),
        notes_start=notes_start,
    )


# --- lines ---------------------------------------------------------------------------------


def _split_lines(original: str) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for match in re.finditer(r"\r\n|[\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]", original):
        lines.append(_Line(start, match.start(), match.start(), original[start : match.start()]))
        start = match.end()
    if start < len(original):
        lines.append(_Line(start, len(original), None, original[start:]))
    for line in lines:
        if not line.text.strip():
            line.kind = _Kind.RULE if rx.RULE_LINE.match(line.text) else _Kind.BLANK
        elif rx.RULE_LINE.match(line.text):
            line.kind = _Kind.RULE
    return lines


def _is_doubled(lines: list[_Line]) -> bool:
    """Whether the extractor put a blank line after every line (the seed's layout)."""
    text = [i for i, line in enumerate(lines) if line.kind is _Kind.TEXT]
    if len(text) < 4:
        return False
    followed = [
        i for i in text
        if i + 2 < len(lines) and lines[i + 1].kind is _Kind.BLANK
        and lines[i + 2].kind is not _Kind.BLANK
    ]
    # A text with one line per paragraph has a blank line after every line too, but its lines
    # end with the paragraph's punctuation; a doubled layout breaks sentences, and the line after
    # the blank often goes on in lower case.
    open_ended = sum(1 for i in followed if not re.search(r"[.,;:]\W*$", lines[i].text))
    going_on = sum(1 for i in followed if lines[i + 2].text.strip()[:1].islower())
    return (len(followed) >= 0.6 * len(text) and open_ended >= 0.5 * len(followed)
            and going_on >= 0.25 * len(followed))


def _mark_furniture(lines: list[_Line]) -> None:
    """Mark page headers and footers, including the running title beside the running symbol."""
    anchors = [i for i, line in enumerate(lines)
               if line.kind is _Kind.TEXT and rx.FURNITURE_LINE.match(line.text)]
    # A line holding only a symbol is a running header when it repeats, when it is the
    # masthead, or when it stands by a job or page number: not a symbol ending a footnote.
    alone = [i for i, line in enumerate(lines)
             if line.kind is _Kind.TEXT and rx.SYMBOL_LINE.match(line.text)]
    repeated = Counter(" ".join(lines[i].text.split()) for i in alone)
    anchors += [i for i in alone if repeated[" ".join(lines[i].text.split())] > 1
                or lines[i].text.strip().startswith("United") or _near(anchors, i, 4)]
    if not anchors:
        return
    symbols: set[str] = set()
    for i in anchors:
        lines[i].kind = _Kind.FURNITURE
        symbols.update(m.group(0) for m in rx.HEADER_SYMBOL.finditer(lines[i].text))
    anchors.sort()
    front, front_end = _front_text(lines)
    near = {i for anchor in anchors for step in (-1, 1) for i in _window(lines, anchor, step)}
    counts = Counter(_norm(lines[i].text, symbols) for i in near)
    for anchor in anchors:
        for step in (-1, 1):
            for i in _window(lines, anchor, step):
                title = front if i > front_end else ""
                if not _is_running_header(lines[i].text, symbols, title, counts):
                    break
                lines[i].kind = _Kind.FURNITURE


def _near(anchors: list[int], i: int, distance: int) -> bool:
    return any(abs(anchor - i) <= distance for anchor in anchors)


def _window(lines: list[_Line], anchor: int, step: int) -> list[int]:
    """The text lines next to a page header or footer line on one side, nearest first."""
    found: list[int] = []
    i = anchor + step
    while 0 <= i < len(lines) and len(found) < 4:
        if lines[i].kind is _Kind.TEXT:
            found.append(i)
        elif lines[i].kind not in (_Kind.BLANK, _Kind.FURNITURE):
            break
        i += step
    return found


def _norm(text: str, symbols: set[str]) -> str:
    for symbol in symbols:
        text = text.replace(symbol, " ")
    return " ".join(text.split())


def _front_text(lines: list[_Line]) -> tuple[str, int]:
    """The folded text of the first page's heading, where a running title is first printed, and
    the index of the line that ends it (the formula line "The General Assembly,")."""
    words: list[str] = []
    end = min(len(lines), 80) - 1
    for i, line in enumerate(lines[:80]):
        if line.kind is _Kind.TEXT:
            if rx.FORMULA.match(line.text) and words:
                end = i
                break
            words.append(line.text)
    return " ".join(" ".join(words).split()), end


def _is_running_header(text: str, symbols: set[str], front: str, counts: Counter[str]) -> bool:
    stripped = text.strip()
    if any(stripped.startswith(s) or stripped.endswith(s) for s in symbols):
        return True
    norm = _norm(text, symbols)
    if len(norm) < 15 or norm[-1] in ",;:.":
        return False  # a running title never ends with punctuation
    return counts[norm] >= 2 or norm in front


# --- footnotes -----------------------------------------------------------------------------


def footnote_marker(text: str, last: int | None = None, *, loose: bool = True) -> str | None:
    """The marker of a footnote's first line ("1  See A/73/85." gives "1"), or None when the line
    does not open a footnote, or would open one out of sequence after footnote ``last``.
    ``loose`` also accepts the OCR form "5. Ibid." (only safe inside a block of footnotes)."""
    match = rx.FOOTNOTE_LINE.match(text) or (loose and rx.FOOTNOTE_LINE_LOOSE.match(text)) or None
    if not match:
        return None
    first = re.match(r"[\w’']+", match.group("text"))
    if first and first.group(0).lower() in rx.QUANTITY_WORDS:
        return None  # "1 November 2018", "40 per cent of ..." are text, not footnotes
    marker = match.group("marker").translate(rx.SUPERSCRIPTS)
    return marker if _follows(marker, last) else None


def _markers(lines: list[_Line], notes: list[int]) -> set[str]:
    found: set[str] = set()
    last: int | None = None
    for i in notes:
        marker = footnote_marker(lines[i].text, last)
        if marker is not None:
            found.add(marker)
            last = int(marker) if marker.isdigit() else last
    return found


def _footnote_regions(lines: list[_Line], doubled: bool) -> list[int]:
    """Mark the footnote lines (after each page's rule, and at the end); their indexes, in order."""
    notes: list[int] = []
    last: list[int | None] = [None]  # the last numeric marker seen, across pages
    for i, line in enumerate(lines):
        if line.kind is _Kind.RULE:
            drawn = bool(line.text.strip())  # underscores, not a run of spaces
            notes.extend(_region_after(lines, i + 1, last, continuing=drawn and bool(notes)))
    if notes and notes[-1] >= _last_text(lines):
        return notes
    start = _trailing_start(lines, doubled, last[0])
    if start is not None:
        notes.extend(_region_after(lines, start, last, continuing=False, to_end=True))
    return notes


def _last_text(lines: list[_Line]) -> int:
    return max((i for i, line in enumerate(lines) if line.kind is _Kind.TEXT), default=-1)


def _region_after(
    lines: list[_Line], start: int, last: list[int | None], *, continuing: bool,
    to_end: bool = False,
) -> list[int]:
    """The footnote lines from ``start`` up to the next page header or body text (or, for the
    footnotes printed after the end of the text, up to the end)."""
    region: list[int] = []
    done = not continuing  # whether the footnote being read is complete
    for i in range(start, len(lines)):
        line = lines[i]
        if line.kind is _Kind.BLANK:
            continue
        if line.kind is not _Kind.TEXT:
            break
        marker = footnote_marker(line.text, last[0])
        if marker is not None:
            last[0] = int(marker) if marker.isdigit() else last[0]
        elif (not region and not continuing) or (done and not to_end and _body_like(line.text)):
            break
        line.kind = _Kind.NOTE
        region.append(i)
        done = bool(_FOOTNOTE_DONE.search(line.text)) and not _ABBREVIATION_END.search(line.text)
    return region


def _body_like(text: str) -> bool:
    """Whether a line after a complete footnote is the body going on (the next page, when no
    page header came between): it goes on in lower case or opens a paragraph. A footnote runs on
    after "Sales No." or "vol. 14," however."""
    opening = rx.read_opening(text)
    numbered = rx.NUMBERED.match(text)
    return (text.strip()[:1].islower() or bool(numbered and text[numbered.end() :].strip())
            or (opening is not None and opening.kind is not None))


def _follows(marker: str, last: int | None) -> bool:
    if not marker.isdigit():
        return True
    return last is None or last < int(marker) <= last + 10


def _trailing_start(lines: list[_Line], doubled: bool, last: int | None) -> int | None:
    """Where the footnotes printed after the end of the text start (the seed, old SC texts)."""
    text = [i for i, line in enumerate(lines) if line.kind is _Kind.TEXT]
    adopted = next((i for i in reversed(text) if rx.ADOPTION.match(lines[i].text)
                    or rx.MEETING_LINE.match(lines[i].text)), None)
    if adopted is not None:  # what opens with a marker after the adoption statement is a footnote
        return next((i for i in text if i > adopted and footnote_marker(lines[i].text, last)
                     and _breaks_before(lines, i, doubled)), None)
    candidates: list[tuple[int, str]] = []
    for i in reversed(text):
        if rx.NUMBERED.match(lines[i].text) or rx.FORMULA.match(lines[i].text):
            break
        marker = footnote_marker(lines[i].text, last, loose=False)
        if marker is not None and _breaks_before(lines, i, doubled):
            candidates.append((i, marker))
    if not candidates:
        return None
    first = candidates[-1][0]
    markers = {marker for _, marker in candidates}
    before = [line.text for line in lines[:first] if line.kind is _Kind.TEXT]
    return first if any(_calls_in_line(text, markers) for text in before) else None


def _breaks_before(lines: list[_Line], i: int, doubled: bool) -> bool:
    j = i - 1
    blanks = 0
    while j >= 0 and lines[j].kind is _Kind.BLANK:
        blanks += 1
        j -= 1
    if j < 0 or lines[j].kind in (_Kind.RULE, _Kind.FURNITURE, _Kind.NOTE):
        return True
    if blanks >= (2 if doubled else 1):
        return True
    return bool(_END_PUNCT.search(lines[j].text))


# --- footnote calls ------------------------------------------------------------------------

_GLUED = re.compile(r"(?<!\d)(?P<m>\d{1,3})(?=$|[\s,;:.)\]])")
_GLUED_TO_YEAR = re.compile(r"(?<![\d/.,])(?:19[4-9]\d|20[0-4]\d)(?P<m>\d{1,2})(?=$|[\s,;:.)\]])")
_YEAR_WORDS = frozenset(
    ["of", "in", "since", "until", "from", "and", "to", "by", "before", "after"]
    + [month.lower() for month in rx.MONTHS]
)
_AFTER_YEARS = re.compile(r"(?<=(?:19|20)\d\d[–-](?:19|20)\d\d)(?P<m>\d{1,2})(?=$|[\s,;:.)\]])")
_SPACED = re.compile(
    r"(?<=\S)(?P<gap>[ \t\xa0]+)(?P<m>\d{1,3}|\*{1,3})(?=$|[ \t\xa0]|[,;.](?:\s|$))"
)
_STARS = re.compile(r"(?<=\S)(?P<m>\*{1,3})(?=$|[\s,;:.)])")
_SUPER = re.compile(r"(?<=\S)(?P<m>[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})")
_WORD_BEFORE = re.compile(r"([^\s]*?)([A-Za-z]+)$")


def _calls_in_line(
    text: str, markers: set[str], after: int | None = None
) -> list[tuple[int, int, str]]:
    """Footnote markers in one body line: (start, end, marker), start including any space
    before a marker that stands apart from its word. Only markers in ``markers`` count; a lone
    digit after a word ("the Secretary-General 8 on") counts only as a new call, after the
    highest marker already called (``after``)."""
    if not markers:
        return []
    found: list[tuple[int, int, str]] = []
    for m in _GLUED.finditer(text):
        if m.group("m") in markers and _glued_ok(text, m.start(), m.end()):
            found.append((m.start(), m.end(), m.group("m")))
    for m in _AFTER_YEARS.finditer(text):  # "2015–20303": the Sendai Framework 2015–2030, note 3
        if m.group("m") in markers:
            found.append((m.start(), m.end(), m.group("m")))
    for m in _GLUED_TO_YEAR.finditer(text):  # "of 7 March 20082", "the declaration of 201619"
        before = text[: m.start()].split()
        if m.group("m") in markers and before and before[-1].lower() in _YEAR_WORDS:
            found.append((m.start("m"), m.end("m"), m.group("m")))
    for m in _STARS.finditer(text):
        if m.group("m") in markers:
            found.append((m.start(), m.end(), m.group("m")))
    for m in _SUPER.finditer(text):
        marker = m.group("m").translate(rx.SUPERSCRIPTS)
        if marker in markers:
            found.append((m.start(), m.end(), marker))
    taken = {(s, e) for s, e, _ in found}
    for m in _SPACED.finditer(text):
        if (m.start("m"), m.end("m")) in taken or m.group("m") not in markers:
            continue
        forward = after is not None and m.group("m").isdigit() and int(m.group("m")) > after
        if _spaced_ok(text, m.start(), m.end("m"), m.group("gap"), forward=forward):
            found.append((m.start(), m.end(), m.group("m")))
    return sorted(found)


def _glued_ok(text: str, start: int, end: int) -> bool:
    """A number glued to what precedes it is a marker: "Commission;1", "Goals2", "2015–20303"."""
    if start == 0:
        return False
    before = text[start - 1]
    if before in ",;:”’\"')]":
        after_digit = start >= 2 and text[start - 2].isdigit()
        thousands = before == "," and after_digit and end - start == 3
        return not (thousands or (before == ":" and after_digit))
    if before == ".":
        word = _WORD_BEFORE.search(text[: start - 1])
        after_ok = end == len(text) or text[end].isspace()
        return bool(
            word and after_ok and "/" not in word.group(1) and len(word.group(2)) >= 3
            and word.group(2).lower() not in rx.NUMBER_ABBREVIATIONS
            and not word.group(2).isupper()
        )
    if before.isalpha():  # "Goals2", "INTERPOL1"; never "G20", "CO2", "WHA69"
        word = _WORD_BEFORE.search(text[:start])  # also "Secretary-General1", "sixty-first2"
        plain = word is not None and re.fullmatch(r"[A-Za-z’'-]*", word.group(1)) is not None
        letters = word.group(2) if word and plain else ""
        return len(letters) >= 4 or (len(letters) == 3 and letters[-2:].islower())
    return False


def _spaced_ok(text: str, start: int, end: int, gap: str, *, forward: bool = False) -> bool:
    """A number standing apart is a marker only where no number belongs: "1953, 6", "Court 1"."""
    marker = text[start + len(gap) : end]
    before = text[:start].rstrip()
    rest = text[end:].strip()
    next_word = re.match(r"[\w’']*", rest)
    next_text = next_word.group(0) if next_word else ""
    if next_text.lower() in rx.QUANTITY_WORDS or (next_text.isdigit() and len(next_text) < 4):
        return False
    if rest.startswith(("/", "(")):
        return False
    if marker.startswith("*"):
        return True
    last = before[-1]
    words = before.split()
    prev = words[-1] if words else ""
    if re.fullmatch(r"\d{1,2}", prev) and len(marker) == 3:
        return True  # "the letters of 20 127 and 23 July": a day, then a volume-wide marker
    if prev in rx.MONTHS:  # a month is followed by a year, never by another number
        return bool(re.match(r"(?:19|20)\d\d\b", rest)) or len(marker) >= 2
    if re.match(r"(?:and|or|to)\s+\d", rest):
        return False  # "paragraphs 3, 4 and 5"
    if last in ",;:.)]”’\"":
        token = prev.rstrip(",;:.)]”’\"")
        if re.fullmatch(r"\d{1,3}", token):  # "paragraphs 1, 2", but "of Agenda 21, 3" at an end
            return not rest or text[end:].startswith("  ")
        if token.lower() in rx.NUMBER_ABBREVIATIONS:
            return False
        return not (last == "." and token.lower() in rx.NUMBER_WORDS)
    apart = text[end:].startswith("  ") and bool(rest)  # "Goals 6  and": pypdf's superscript
    lower_next = next_text[:1].islower()
    if re.fullmatch(r"(?:19|20)\d\d", prev):  # "of 17 May 1946 21", "December 1920 24 the"
        return apart or not rest or len(marker) >= 2 or (forward and lower_next)
    if apart and prev.lower() not in rx.NUMBER_WORDS_STRONG:
        return True
    if prev.lower() in rx.NUMBER_WORDS or not prev[-1:].isalpha():
        return False
    # At the end of a line, after two spaces, or (numbered through a whole volume, as in the
    # old Security Council texts) a number of two digits or more: "San Francisco 12 and".
    return not rest or len(gap) >= 2 or len(marker) >= 2 or (forward and lower_next)


# --- output --------------------------------------------------------------------------------


class _Emitter:
    def __init__(self, original: str) -> None:
        self.original = original
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.calls: list[FootnoteCall] = []
        self._vocabulary: tuple[set[str], set[str]] | None = None

    @property
    def vocabulary(self) -> tuple[set[str], set[str]]:
        """The words of the text, and the pairs it joins with a hyphen ("open-ended"), in lower
        case: what the text itself says about a word broken across lines."""
        if self._vocabulary is None:
            words: set[str] = set()
            pairs: set[str] = set()
            for token in re.findall(r"[A-Za-z]+(?:[-‐][A-Za-z]+)*", self.original):
                parts = re.split(r"[-‐]", token.lower())
                words.update(parts)
                pairs.update(f"{a}-{b}" for a, b in pairwise(parts))
            self._vocabulary = words, pairs
        return self._vocabulary

    def put(self, char: str, offset: int) -> None:
        self.chars.append(char)
        self.offsets.append(offset)


def _keep_blanks(lines: list[_Line], body: list[int], doubled: bool) -> list[int]:
    """The body lines with blank lines reduced to paragraph breaks: none in a doubled layout, and
    none where a page break (header, footer, footnotes) was taken out."""
    kept: list[int] = []
    for n, i in enumerate(body):
        if lines[i].kind is _Kind.TEXT:
            kept.append(i)
            continue
        if doubled or not kept or lines[kept[-1]].kind is _Kind.BLANK:
            continue
        nxt = next((j for j in body[n + 1 :] if lines[j].kind is _Kind.TEXT), None)
        if nxt is None:
            continue
        gap = any(lines[j].kind is not _Kind.BLANK for j in range(kept[-1] + 1, nxt))
        broken = re.search(r"[A-Za-z]-\s*$", lines[kept[-1]].text) and re.match(
            r"\s*[a-z]", lines[nxt].text
        )  # "open-" / "ended": a word broken over a page break
        if not gap and not broken:
            kept.append(i)
    return kept


def _emit_stream(out: _Emitter, lines: list[_Line], stream: list[int], markers: set[str]) -> None:
    joined = False  # whether the line before was joined to this one over a broken word
    highest = 0  # the highest footnote marker called so far
    for n, i in enumerate(stream):
        line = lines[i]
        if line.kind is _Kind.BLANK:
            out.put("\n", line.term if line.term is not None else line.start)
            continue
        lone = line.text.strip()
        if lone in markers and out.chars[-1:] == ["\n"] and not joined:
            # A marker wrapped onto a line of its own belongs to the end of the line before.
            at = line.start + line.text.index(lone)
            out.calls.append(FootnoteCall(lone, len(out.chars) - 1, Span(at, at + len(lone))))
            continue
        calls = _calls_in_line(line.text, markers, highest)
        highest = max([highest, *(int(m) for _, _, m in calls if m.isdigit())])
        text = line.text
        pos = len(text) - len(text.lstrip()) if joined else 0  # a joined line loses its indent
        for c_start, c_end, marker in calls:
            _put_text(out, line, pos, max(pos, c_start))
            where = Span(line.start + c_end - len(marker), line.start + c_end)
            out.calls.append(FootnoteCall(marker, len(out.chars), where))
            pos = max(pos, c_end)
        _put_text(out, line, pos, len(text.rstrip()))
        nxt = stream[n + 1] if n + 1 < len(stream) else None
        joined = nxt is not None and lines[nxt].kind is not _Kind.BLANK and _hyphen_join(
            out, lines[nxt].text
        )
        if not joined and line.term is not None:
            out.put("\n", line.term)


def _put_text(out: _Emitter, line: _Line, start: int, end: int) -> None:
    for k in range(start, end):
        char = line.text[k]
        if char in _DROP:
            continue
        out.put(" " if char in _AS_SPACE else char, line.start + k)


_HYPHEN_END = re.compile(r"(?P<left>[A-Za-z0-9]+)(?P<space> ?)[-‐]$")
_RIGHT_WORD = re.compile(r"\s*(?P<right>[A-Za-z0-9][a-z]*)")


def _hyphen_join(out: _Emitter, next_text: str) -> bool:
    """Join a word broken at the end of the line just emitted with the next line: keep the hyphen
    of a compound ("open-ended", "Secretary-General"), drop the one of a split word ("inter-" +
    "national"). Returns whether the line ended with a broken word."""
    tail = "".join(out.chars[-40:])
    match = _HYPHEN_END.search(tail)
    right = _RIGHT_WORD.match(next_text)
    if not match or not right or "\n" in tail[match.start() :]:
        return False
    left = match.group("left")
    if match.group("space") and not (left.islower() and right.group("right").islower()):
        return False  # "the Council -" is a dash; "drug -" + "resistant" a compound
    keep = _keeps_hyphen(left, right.group("right"), out.vocabulary)
    cut = len(match.group("space")) + 1  # the hyphen, and a stray space before it
    hyphen_at = out.offsets[-1]
    for _ in range(cut):
        out.chars.pop()
        out.offsets.pop()
    if keep:
        out.put("-", hyphen_at)
    return True


def _keeps_hyphen(left: str, right: str, vocabulary: tuple[set[str], set[str]]) -> bool:
    if not right[0].islower() or not left[-1].isalpha():
        return True  # "Secretary-General", "non-State", "2015-2030"
    lower_left, lower_right = left.lower(), right.lower()
    words, pairs = vocabulary
    if f"{lower_left}-{lower_right}" in pairs:
        return True  # the compound is printed whole elsewhere in the text
    if lower_left + lower_right in words:
        return False  # the joined word is printed whole elsewhere in the text
    if lower_left in rx.HYPHEN_PREFIXES or lower_right in rx.HYPHEN_SECONDS:
        return True
    if lower_left in rx.JOINED_PREFIXES:
        return False  # "inter-" + "national", "sub-" + "regional"
    # "meet-ing", "Commis-sion", "con-sideration": a split word; anything else a compound.
    return not (rx.WORD_TAIL.match(lower_right) or len(lower_left) <= 3)
