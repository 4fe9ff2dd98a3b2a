"""Finding the resolutions of a text that holds more than one.

:func:`split_resolutions` owns the boundaries between consecutive resolutions printed one after the
other: a volume of *Resolutions and Decisions of the Security Council*, the resolutions chapter of
a General Assembly, ECOSOC, HRC or functional-commission session report, or files concatenated by
hand. It recognises a resolution by the heading the Official Records print above it:

* old Security Council volumes: "100 (1953). Resolution of 27 October 1953", "Resolution 500
  (1982)" over "of 28 January 1982", "RESOLUTION 800 (1993)" over "Adopted by the Security
  Council at its 3157th meeting";
* session reports: "Resolution 22/7", "22/7. Title", "2013/40. Title", "S-30/1. Title", each
  confirmed by the formula that opens a resolution ("The General Assembly,", "The Commission on
  Crime Prevention and Criminal Justice,") a few lines below, before any numbered paragraph.

A subject heading in capitals just above a heading ("MILITARY STAFF COMMITTEE", "THE PALESTINE
QUESTION") is taken into the resolution it introduces; a "Decision 22/101" heading ends the
resolution before it.

Each piece is then read by the ordinary pipeline (:func:`unkg.ingest.pipeline.parse_documents`)
on its own, so that nothing of one resolution leaks into another, while its spans stay offsets
into the whole text: :func:`clean_piece` cleans one piece and maps it back into the whole, and
:func:`mask_outside` blanks the rest of the text for the stages that read the source text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from unkg.ingest.clean import clean_text
from unkg.ingest.models import CleanText, Span

__all__ = ["clean_piece", "mask_outside", "split_resolutions"]

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December)")
_DATE = rf"\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"

# "100 (1953). Resolution of 27 October 1953", "1 (1946) Resolution of 25 January 1946".
_OLD_SC = re.compile(
    r"""
    ^[ \t]*\d{1,4}[ \t]*\([ \t]*\d{4}[ \t]*\)      # 100 (1953)
    [ \t]*\.?[ \t]*Resolution[ \t]+of\b            # . Resolution of
    """,
    re.VERBOSE,
)

# "Resolution 500 (1982)", "RESOLUTION 800 (1993)", "Resolution 242 (1967) of 22 November 1967",
# OCR "Resolution 361 (197-4)", alone on its line (a citation in running text is written
# "resolution 242 (1967)" inside a line). The year is lost in a few OCR texts ("Resolution 290").
_NUMBERED_SC = re.compile(
    rf"""
    ^[ \t]*(?:Resolution|RESOLUTION)[ \t]+\d{{1,4}}           # Resolution 500
    (?P<year>[ \t]*\([ \t]*\d[\d \t\-]{{2,6}}\d[ \t]*\))?    # (1982), OCR (197-4)
    [ \t]*(?P<date>of[ \t]+{_DATE})?[ \t]*\.?[ \t]*$          # of 28 January 1982, same line
    """,
    re.VERBOSE,
)

# The date line under "Resolution 500 (1982)": "of 28 January 1982", OCR "ef 6 June", "Of".
_SC_DATE_LINE = re.compile(r"^[ \t]*(?:[oOe0][fF][ \t]+)?\d{1,2}\w*[ \t]+[A-Z][a-z]+")
# Else what may follow it: the adoption line, the draft, the formula or a preambular participle.
_SC_FOLLOWER = re.compile(
    r"""
    ^[ \t]*(?:
        Adopted[ \t]+by[ \t]+the                            # Adopted by the Security Council ...
      | [\[(]S/                                             # [S/3128]
      | The[ \t]+Security[ \t]+Council                      # the formula
      | [A-Z][a-z]+ing\b                                    # Having considered ...
    )
    """,
    re.VERBOSE,
)

# A session-report number: 22/7, 2013/40, ES-10/19, 75/101 A.
_SESSION_NUMBER = r"(?:[A-Z]{1,2}-)?\d{1,4}/\d{1,4}(?:[ \t]+[A-Z](?:-[A-Z])?)?"
# "Resolution 22/7" alone on its line, or "22/7. Title" / "2013/40." (the title below).
_SESSION = re.compile(
    rf"""
    ^[ \t]*(?:
        (?:Resolution|RESOLUTION)[ \t]+(?P<number>{_SESSION_NUMBER})[ \t]*\.?[ \t]*$  # Res. 22/7
      | (?P<numbered>{_SESSION_NUMBER})\.(?:[ \t]+\S.*)?$                           # 22/7. Title
    )
    """,
    re.VERBOSE,
)

# The formula that opens a resolution: "The General Assembly,", "The Commission on Narcotic
# Drugs,", "The Security Council" (the comma is sometimes lost).
_FORMULA = re.compile(
    r"""
    ^[ \t]*The[ \t]+[A-Z][\w’'\-]*                          # The General
    (?:[ \t]+(?:[A-Z][\w’'\-]*|on|of|and|for|the|in|to))*   # Assembly, on Crime Prevention and ...
    [ \t]*[,:]?[ \t]*$
    """,
    re.VERBOSE,
)
# How far below a session-report heading the formula may stand: the title, the masthead lines
# ("Resolution adopted by the General Assembly on ...", "[without reference to a Main Committee
# (A/73/L.3)]") and the formula fit in this many non-blank lines.
_FORMULA_WINDOW = 12
# A numbered paragraph: once one is reached, no formula can belong to the heading above.
_NUMBERED_PARAGRAPH = re.compile(r"^[ \t]*\d{1,3}[ \t]?\.[ \t]+[A-Z]")

# "Decision 22/101": a decision, which is not part of the resolution before it.
_DECISION = re.compile(r"^[ \t]*(?:Decision|DECISION)[ \t]+[\w/\-() ]{1,20}\.?[ \t]*$")

# The masthead of a resolution issued as its own document, printed above the number and title:
# "United Nations  A/RES/73/8", "Resolution adopted by the General Assembly on 1 November 2018",
# "[without reference to a Main Committee (A/73/L.3)]". How far above the heading it may start.
_MASTHEAD = re.compile(r"^[ \t]*(?:Resolution[ \t]+adopted[ \t]+by\b|\[(?:without[ \t]+reference"
                       r"|on[ \t]+the[ \t]+(?:report|recommendation)))")
_MASTHEAD_WINDOW = 40

# A subject heading in capitals over a resolution: "MILITARY STAFF COMMITTEE".
_CAPITALS = re.compile(r"^[ \t]*(?=.*[A-Z]{3})[^a-z]+$")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # past the line terminator
    text: str  # without the terminator

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_resolutions(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets in ``text`` of each resolution it holds, in order.

    A text with one resolution (or none that can be recognised) gives ``[(0, len(text))]``, so
    that it is read whole as before. With several, each range starts at a resolution's heading
    (or the subject heading above it) and ends where the next resolution or a decision starts; text
    before the first heading (a cover page, a table of contents) belongs to none.
    """
    lines = _lines(text)
    starts = [i for i in range(len(lines)) if _is_heading(lines, i)]
    if len(starts) < 2:
        return [(0, len(text))]
    stops = [i for i, line in enumerate(lines) if _DECISION.match(line.text)]
    firsts = [_first_line(lines, i, floor) for i, floor in
              zip(starts, [0, *(s + 1 for s in starts)], strict=False)]
    ranges = []
    for n, first in enumerate(firsts):
        end_line = firsts[n + 1] if n + 1 < len(firsts) else len(lines)
        end_line = min([end_line, *(s for s in stops if starts[n] < s < end_line)])
        end = lines[end_line].start if end_line < len(lines) else len(text)
        ranges.append((lines[first].start, end))
    return ranges


def clean_piece(text: str, start: int, end: int) -> CleanText:
    """The cleaned text of ``text[start:end]``, its offsets and footnote calls pointing into
    ``text`` and its ``original`` the whole text with everything else blanked
    (:func:`mask_outside`)."""
    clean = clean_text(text[start:end])
    return replace(
        clean,
        original=mask_outside(text, start, end),
        offsets=tuple(offset + start for offset in clean.offsets),
        footnote_calls=tuple(
            replace(call, span=Span(call.span.start + start, call.span.end + start))
            for call in clean.footnote_calls
        ),
    )


def mask_outside(text: str, start: int, end: int) -> str:
    """``text`` with every character outside ``[start, end)`` replaced by a space: same length,
    same offsets, nothing of the other resolutions."""
    return " " * start + text[start:end] + " " * (len(text) - end)


def _lines(text: str) -> list[_Line]:
    """The lines of ``text``, split where the cleaner splits them (any line break, form feed)."""
    lines, start = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029")
        lines.append(_Line(start, start + len(raw), body))
        start += len(raw)
    return lines


def _is_heading(lines: list[_Line], i: int) -> bool:
    text = lines[i].text
    if _OLD_SC.match(text):
        return True
    if found := _NUMBERED_SC.match(text):
        if found["date"]:
            return True
        follower = _next_text(lines, i) or ""
        if found["year"] is None:  # "Resolution 290": only with its date line below
            return _SC_DATE_LINE.match(follower) is not None
        return _SC_DATE_LINE.match(follower) is not None or _SC_FOLLOWER.match(follower) is not None
    if _SESSION.match(text):
        return _formula_follows(lines, i)
    return False


def _next_text(lines: list[_Line], i: int) -> str | None:
    return next((line.text for line in lines[i + 1 :] if not line.blank), None)


def _formula_follows(lines: list[_Line], i: int) -> bool:
    """Whether the formula stands a few lines below the session-report heading at ``i``."""
    seen = 0
    for line in lines[i + 1 :]:
        if line.blank:
            continue
        if _FORMULA.match(line.text):
            return True
        seen += 1
        if (seen >= _FORMULA_WINDOW or _SESSION.match(line.text) or _OLD_SC.match(line.text)
                or _NUMBERED_PARAGRAPH.match(line.text)):
            return False
    return False


def _first_line(lines: list[_Line], i: int, floor: int) -> int:
    """The first line of the resolution headed at ``i``, not above line ``floor``: its masthead
    (:func:`_masthead_start`), or the subject headings in capitals just above the heading."""
    masthead = _masthead_start(lines, i, floor)
    return masthead if masthead is not None else _subject_heading_start(lines, i, floor)


def _masthead_start(lines: list[_Line], i: int, floor: int) -> int | None:
    """Where the masthead above the session-report heading at ``i`` starts: the highest line of
    the few above that names the resolution's own symbol ("A/RES/73/8") or says by whom it was
    adopted. ``None`` when there is none (a heading in a report, not a document of its own)."""
    found = _SESSION.match(lines[i].text)
    if found is None:
        return None
    number = re.escape(found["number"] or found["numbered"])
    own_symbol = re.compile(rf"/RES/{number}(?![\d/])")
    first = None
    for j in range(i - 1, max(floor, i - _MASTHEAD_WINDOW) - 1, -1):
        if own_symbol.search(lines[j].text) or _MASTHEAD.match(lines[j].text):
            first = j
    return first


def _subject_heading_start(lines: list[_Line], i: int, floor: int) -> int:
    """The heading at ``i``, or the subject headings in capitals just above it (blank lines
    between them allowed), but not above line ``floor``."""
    first = i
    j = i - 1
    while j >= floor:
        if lines[j].blank:
            j -= 1
            continue
        if not _CAPITALS.match(lines[j].text):
            break
        first = j
        j -= 1
    return first
