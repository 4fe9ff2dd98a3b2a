"""Marking up the text of a paragraph or footnote for the HTML pages: the opening phrase, the
references as links to the cited works, and the sub-paragraphs as indented lines.

Owns finding things in a paragraph's text. The JSON of a paragraph gives its ``text`` (cleaned,
line breaks folded into spaces) and its ``span`` in the source file; each reference gives its
``text_as_written`` and its ``span`` in the same source. The two spans do not index the folded
text, so a reference is found by its words as written (any run of white space between them),
taking the occurrence nearest where its span says it lies and never overlapping a reference
already placed. A reference whose words cannot be found, or only inside another one, is returned
unplaced, for the page to list under the paragraph. Every piece of text is HTML-escaped here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Mark", "find_written", "mark_text", "opening_mark", "place_references",
           "subparagraph_breaks"]

JSON = dict[str, Any]
#: The deepest sub-paragraph level the stylesheet indents (deeper ones stay at this level).
MAX_DEPTH = 4


@dataclass(frozen=True)
class Mark:
    """A run ``[start, end)`` of a text to wrap in ``open`` ... ``close`` (markup already
    escaped); ``item`` is what it marks (a reference's JSON), if anything."""

    start: int
    end: int
    open: str
    close: str
    item: JSON | None = None


def find_written(text: str, written: str, *, near: int = 0, after: int = 0,
                 taken: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """Where the words of ``written`` stand in ``text`` (white space between them may differ):
    of the occurrences at or after ``after`` that overlap nothing ``taken``, the one starting
    nearest ``near``; ``None`` if there is none.

    >>> find_written("Recalling its resolution  20/7 of 2011,", "resolution 20/7", near=5)
    (14, 30)
    """
    words = written.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    free = [(m.start(), m.end()) for m in pattern.finditer(text, after)
            if not any(m.start() < end and start < m.end() for start, end in taken)]
    return min(free, key=lambda run: (abs(run[0] - near), run[0])) if free else None


def place_references(text: str, span: Sequence[int] | None, references: Iterable[JSON],
                     link: Callable[[JSON], tuple[str, str] | None]
                     ) -> tuple[list[Mark], list[JSON]]:
    """The references of a paragraph (or footnote) whose ``text`` starts at ``span[0]`` in the
    source, as marks over ``text``; and those that could not be placed. ``link`` gives a
    reference's opening and closing markup, or ``None`` for one that cannot be a link (its work
    has no page)."""
    start = span[0] if span else 0
    marks: list[Mark] = []
    unplaced: list[JSON] = []
    ordered = sorted(references, key=lambda r: (r.get("span") or [0])[0])
    for reference in ordered:
        tags = link(reference)
        written = reference.get("text_as_written") or ""
        near = ((reference.get("span") or [start])[0] - start)
        run = find_written(text, written, near=max(near, 0),
                           taken=[(m.start, m.end) for m in marks]) if tags else None
        if tags is None or run is None:
            unplaced.append(reference)
            continue
        marks.append(Mark(run[0], run[1], tags[0], tags[1], reference))
    return sorted(marks, key=lambda m: m.start), unplaced


def opening_mark(text: str, opening: str | None) -> Mark | None:
    """The opening phrase ("Recalling also", "Takes note of") at the start of ``text``, as an
    ``<em>``; ``None`` when the text does not start with it."""
    if not opening:
        return None
    run = find_written(text, opening)
    if run is None or text[:run[0]].strip():
        return None
    return Mark(run[0], run[1], '<em class="opening">', "</em>")


def subparagraph_breaks(text: str, subparagraphs: Sequence[JSON]) -> list[tuple[int, int]]:
    """Where each sub-paragraph (``(a)``, ``(iv)``, nested) starts in the paragraph's ``text``,
    with its depth (1 for the first level): found by its label and first words, in order."""
    breaks: list[tuple[int, int]] = []

    def walk(items: Sequence[JSON], depth: int, after: int) -> int:
        for item in items:
            label = str(item.get("label") or "")
            first = " ".join(str(item.get("text") or "").split()[:4])
            run = find_written(text, f"{label} {first}".strip(), near=after, after=after)
            if run is None or run[0] == 0:
                continue
            breaks.append((run[0], min(depth, MAX_DEPTH)))
            after = walk(item.get("subparagraphs") or [], depth + 1, run[0] + len(label))
        return after

    walk(subparagraphs, 1, 0)
    return sorted(breaks)


def mark_text(text: str, marks: Sequence[Mark], breaks: Sequence[tuple[int, int]] = ()) -> str:
    """``text`` as HTML: escaped, each mark wrapped in its markup (marks must not overlap), and a
    new indented line (``<span class="sub depth-N">``) at each break; a mark running across a
    break is closed before it and opened again after it."""
    cuts = [(0, 0), *[b for b in breaks if 0 < b[0] < len(text)]]
    pieces: list[str] = []
    for index, (begin, depth) in enumerate(cuts):
        end = cuts[index + 1][0] if index + 1 < len(cuts) else len(text)
        body = _marked_run(text, begin, end, marks)
        pieces.append(body if depth == 0 else f'<span class="sub depth-{depth}">{body}</span>')
    return "".join(pieces)


def _marked_run(text: str, begin: int, end: int, marks: Sequence[Mark]) -> str:
    out: list[str] = []
    position = begin
    for mark in sorted(marks, key=lambda m: m.start):
        start, stop = max(mark.start, position), min(mark.end, end)
        if stop <= start:
            continue
        out.append(html.escape(text[position:start], quote=False))
        out.append(mark.open + html.escape(text[start:stop], quote=False) + mark.close)
        position = stop
    out.append(html.escape(text[position:end], quote=False))
    return "".join(out)
