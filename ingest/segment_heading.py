"""The heading of a resolution, for the ``segment`` stage: who adopted it, its number and title.

:func:`read_header` reads the masthead above the heading (body, date and draft symbol), the
heading itself ("Resolution 22/7", "73/3. Title", "100 (1953). Resolution of 27 October 1953")
and the lines under it up to the formula line: date, draft symbol, the adoption statement of a
Security Council text, the title. :func:`find_formula` finds the formula line ("The General
Assembly,") and :func:`body_from_text` the body when no formula names it;
:func:`complete_number` and :func:`resolution_symbol` give the number and symbol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from unkg.graph.symbols import Symbol
from unkg.ingest import regexes_structure as rx
from unkg.ingest.models import CleanText, Span, Unresolved
from unkg.ingest.regexes_structure import read_opening
from unkg.ingest.segment_text import (
    Block,
    Line,
    Pieces,
    body_key,
    fold,
    formula_body,
    parse_date,
    parse_symbol,
    span_of,
    structure,
)


@dataclass
class Header:
    number: str | None = None
    title: str | None = None
    title_span: Span | None = None
    date: date | None = None
    body: str | None = None
    draft: Symbol | None = None
    adoption: tuple[str, Span] | None = None
    start: int = 0  # the first line after the heading block
    title_allowed: bool = True  # "100 (1953). Resolution of ..." has no title under it


def read_header(clean: CleanText, lines: list[Line], unresolved: list[Unresolved]) -> Header:
    """The masthead, the heading ("Resolution 22/7", "73/3. Title", "100 (1953). Resolution of
    27 October 1953") and the lines under it up to the formula line."""
    header = Header()
    heading, match, form = _find_heading(clean, lines)
    _read_front(clean, lines[:heading] if heading else [], header, unresolved, heading is not None)
    if heading is None or match is None:
        return header
    header.number = _normalize_number(match.group("number"))
    header.title_allowed = form != "old"
    if match.groupdict().get("date"):
        header.date = parse_date(match.group("date"))
    title: Pieces = []
    if form == "numbered" and match.group("title"):
        title.append((lines[heading].start + match.start("title"), lines[heading].end))
    i = heading + 1
    limit = min(len(lines), heading + 12)
    formula = next((k for k in range(i, limit) if formula_body(lines[k].text(clean))), None)
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
        header.title, offsets = fold(clean, title)
        header.title_span = span_of(offsets)
    return header


def _find_heading(
    clean: CleanText, lines: list[Line]
) -> tuple[int | None, re.Match[str] | None, str]:
    forms = (("resolution", rx.HEADING_RESOLUTION), ("old", rx.HEADING_OLD_SC),
             ("numbered", rx.HEADING_NUMBERED_TITLE))
    for i, line in enumerate(lines[:200]):
        text = line.text(clean)
        for form, pattern in forms:
            if match := pattern.match(text):
                return i, match, form
        if formula_body(text):
            break
    return None, None, ""


def _read_front(
    clean: CleanText, front: list[Line], header: Header, unresolved: list[Unresolved],
    found: bool,
) -> None:
    """The masthead above the heading: who adopted the text and when, and the draft symbol."""
    pieces = [(line.start, line.end) for line in front if line.text(clean).strip()]
    if not pieces:
        return
    folded, _ = fold(clean, pieces)
    if (match := rx.ADOPTED_BY_HEADER.search(folded)) is not None:
        header.body = body_key(match.group("body"))
        header.date = parse_date(match.group("date"))
    if draft := re.search(r"without reference to a Main Committee \((?P<s>[^\s)]+)", folded):
        header.draft = parse_symbol(draft.group("s"))
    masthead = bool(match) or any(rx.MASTHEAD_LINE.match(clean.text[s:e]) for s, e in pieces)
    if found and not masthead:
        unresolved.append(structure(clean, pieces, "text before the resolution heading"))


def _starts_body(text: str) -> bool:
    opening = read_opening(text)
    return bool(rx.NUMBERED.match(text) or (opening and opening.kind is not None))


def _read_header_line(
    clean: CleanText, lines: list[Line], i: int, header: Header, title: Pieces
) -> int:
    """Read the line under the heading at ``i``: a date, the draft, the adoption statement of a
    Security Council text or a line of the title. Returns the index of the next line, or -1 when
    the line belongs to the text."""
    text = lines[i].text(clean)
    if match := rx.DATE_LINE.match(text):
        header.date = header.date or parse_date(match.group("date"))
        return i + 1
    if re.match(r"\s*of\s+\d{1,2}\s+\S+\s+\S+\s*$", text):
        return i + 1  # a date the OCR garbled: "of 3 Apri] 1991"
    if match := rx.DRAFT_LINE.match(text):
        header.draft = header.draft or parse_symbol(match.group("symbol"))
        return i + 1
    pair = text + " " + (lines[i + 1].text(clean) if i + 1 < len(lines) else "")
    if match := rx.ADOPTED_AT_MEETING_HEADER.match(pair.strip()):
        used = 2 if match.end() > len(text.strip()) and i + 1 < len(lines) else 1
        folded, offsets = fold(clean, [(line.start, line.end) for line in lines[i : i + used]])
        header.adoption = (folded, span_of(offsets))
        header.body = header.body or "sc"
        header.date = header.date or parse_date(folded)
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


def complete_number(number: str | None, body: str | None, when: date | None) -> str | None:
    """A Security Council number printed without its year ("Resolution 290") takes the year of
    adoption, as its symbol does: S/RES/290 (1970)."""
    if number and body == "sc" and when and number.isdigit():
        return f"{number} ({when.year})"
    return number


def resolution_symbol(body: str | None, number: str | None) -> Symbol | None:
    if body is None or number is None:
        return None
    try:
        return Symbol.for_resolution(body, number)
    except (KeyError, ValueError):  # the body has no resolution series, or no valid symbol
        return None


def find_formula(
    clean: CleanText, lines: list[Line], start: int
) -> tuple[int | None, str | None]:
    """The formula line "The General Assembly," (perhaps broken over two lines) and its body."""
    for i in range(start, min(len(lines), start + 40)):
        text = lines[i].text(clean)
        if (key := formula_body(text)) is not None:
            return i, key
        if i + 1 < len(lines) and text.strip().startswith("The "):
            joined = text.rstrip() + " " + lines[i + 1].text(clean).strip()
            if (key := formula_body(joined)) is not None:
                return i + 1, key
        if rx.NUMBERED.match(text):
            break
    return None, None


# "1. The Security Council requests ...": the body as the subject of the earliest texts.
_SUBJECT = re.compile(r"^\s*(?:Therefore\s+)?[Tt]he\s+(?P<name>(?:[A-Z][\w’'-]*\s+){1,8})[a-z]")


def body_from_text(clean: CleanText, header: Header, blocks: list[Block]) -> str | None:
    """The body when no formula line names it: the subject of "1. The Security Council requests
    ...", or the Security Council's own numbering "100 (1953)"."""
    for block in blocks:
        start, end = block.pieces[0]
        if match := _SUBJECT.match(clean.text[start:end]):
            words = match.group("name").split()
            for n in range(len(words), 0, -1):
                if key := body_key(" ".join(words[:n])):
                    return key
    if header.number and re.fullmatch(r"\d{1,4} \(\d{4}\)", header.number):
        return "sc"
    return None
