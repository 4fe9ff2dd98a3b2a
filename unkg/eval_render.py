"""Renderings of a gold :class:`~unkg.eval_gold.Document` as the text the pipeline reads.

:func:`render_plain` gives the clean text a reader would copy: the masthead title lines, the
preface, the formula, one line per paragraph ("1. Decides ...", "(a) To ..."), headings between
blank lines, the adoption lines, any annex, and the footnotes at the end ("1 See A/79/302.").
Footnote markers stand right after the text that calls them ("organizations,1"), as the XML
places them.

:func:`render_pdf` reproduces what text extraction from the printed PDF gives (see the four
resolutions in ``corpus/pdf`` and the seed): the first page's masthead with the job number and
barcode ("24-21660 (E)    191124", "*2421660*"); hard line breaks at 70-80 columns; words
hyphenated across lines ("inter-" / "national") and compounds broken at their hyphen, sometimes
with a stray space ("drug -" / "resistant"); a page header every 42-48 lines ("A/RES/79/10",
"24-21660 2/5"); the footnotes called on a page at its foot under a rule; markers glued to the
word or punctuation before them ("Commission;1") or standing apart ("Agreement 4 requires"). The
mess is deterministic: the random choices are seeded by the file name.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from unkg.eval_gold import Block, BlockKind, Document, Link, Note, NoteCall, pieces_text

__all__ = ["Rendering", "render", "render_pdf", "render_plain"]


class Rendering(Enum):
    PLAIN = "plain"
    PDF = "pdf"


def render(document: Document, rendering: Rendering) -> str:
    return render_plain(document) if rendering is Rendering.PLAIN else render_pdf(document)


_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ")
_DIGRAPHS = frozenset({"ch", "sh", "th", "ph", "gh", "ck", "wh"})  # never broken
_SPACED = frozenset({BlockKind.HEADING, BlockKind.CONCLUSION})  # set off by blank lines


def render_plain(document: Document) -> str:
    """The clean text of ``document`` (see the module docstring)."""
    markers = [note.marker for note in document.notes]
    lines = [*document.titles, ""]
    previous: BlockKind | None = None
    for block in document.blocks:
        spaced = block.kind in _SPACED or (block.kind is BlockKind.ANNEX
                                           and previous is not BlockKind.ANNEX)
        if spaced and lines[-1] != "" and previous not in _SPACED:
            lines.append("")
        text = pieces_text(block.pieces, markers)
        lines.append(f"{block.label} {text}".strip())
        if block.kind is BlockKind.HEADING:
            lines.append("")
        previous = block.kind
    if document.notes:
        lines.append("")
        lines += [f"{note.marker} {pieces_text(note.pieces)}" for note in document.notes]
    return "\n".join(line for k, line in enumerate(lines)
                     if line or (k > 0 and lines[k - 1])).strip("\n") + "\n"


@dataclass
class _Token:
    text: str
    notes: list[int] = field(default_factory=list)  # footnotes called by this word


@dataclass
class _Page:
    lines: list[str] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    note_lines: int = 0


class _Typesetter:
    """Lays out one document on pages, as a PDF text extractor gives them back."""

    def __init__(self, document: Document) -> None:
        self.document = document
        seed = hashlib.sha256(Path(document.unit).name.encode("utf-8")).digest()
        self.rng = random.Random(seed)
        self.width = self.rng.randint(70, 80)
        self.capacity = self.rng.randint(42, 48)
        self.job, self.barcode = _job_number(document, self.rng)
        self.pages = [_Page()]
        self.placed: set[int] = set()
        self.note_cache: dict[int, list[str]] = {}

    def typeset(self) -> str:
        self._masthead()
        previous: BlockKind | None = None
        for block in self.document.blocks:
            if block.kind is BlockKind.ANNEX and previous is not BlockKind.ANNEX:
                self._new_page()
            if block.kind is not previous and (block.kind in _SPACED
                                               or block.kind is BlockKind.FORMULA):
                self._put(" ", [])
            self._paragraph(block)
            if block.kind is BlockKind.HEADING:
                self._put(" ", [])
            previous = block.kind
        unplaced = [k for k in range(len(self.document.notes)) if k not in self.placed]
        self.pages[-1].notes += unplaced
        return "\n".join(self._page_text(k) for k in range(len(self.pages))) + "\n"

    # --- layout ---

    def _masthead(self) -> None:
        cover = list(self.document.cover)
        if len(cover) >= 2 and "/" in cover[1]:
            cover[:2] = [f" {cover[0]}  {cover[1]} ", "  "]
        date_line = next((k for k, line in enumerate(cover) if re.search(r"\b\d{4}$", line)), 0)
        today = self.rng.randint(1, 28), self.rng.randint(1, 12)
        cover[date_line + 1 : date_line + 1] = [
            " ", " ", f"{self.job} (E)    {today[0]:02d}{today[1]:02d}{self.job[:2]}     ",
            f"*{self.barcode}*   "]
        for line in cover:
            short = len(line) <= self.width
            for wrapped in [line] if short else self._wrap([_Token(w) for w in line.split()], ""):
                self._put(wrapped, [])
        self._put(" ", [])
        for title in self.document.titles:
            self._put(" ", [])
            for wrapped in self._wrap([_Token(w) for w in title.split()], "  "):
                self._put(wrapped, [])
        self._put(" ", [])

    def _paragraph(self, block: Block) -> None:
        indent = " " * (1 + 2 * block.depth) if block.kind is not BlockKind.TABLE else ""
        tokens = ([_Token(block.label)] if block.label else []) + self._tokens(block)
        for line in self._wrap(tokens, indent):
            self._put(line, self._calls_in(line))

    def _tokens(self, block: Block) -> list[_Token]:
        """Words of ``block`` with each footnote call glued to the word before it or apart."""
        text, calls = "", []
        for piece in block.pieces:
            if isinstance(piece, NoteCall):
                calls.append((len(text.rstrip()), piece.index))
            else:
                text += piece.text if isinstance(piece, Link) else piece
        tokens: list[_Token] = []
        words = list(re.finditer(r"\S+", text))
        for k, word in enumerate(words):
            token = _Token(word[0])
            end = words[k + 1].start() if k + 1 < len(words) else len(text) + 1
            here = [(pos, index) for pos, index in calls if word.start() < pos <= end]
            apart: list[_Token] = []
            for pos, index in sorted(here, reverse=True):
                marker = self.document.notes[index].marker
                cut = min(pos - word.start(), len(token.text))
                if cut == len(token.text) and self.rng.random() < 0.3:
                    apart.insert(0, _Token(marker, [index]))
                else:
                    token.text = token.text[:cut] + marker + token.text[cut:]
                    token.notes.insert(0, index)
            tokens += [token, *apart]
        return tokens

    def _wrap(self, tokens: list[_Token], indent: str) -> list[str]:
        lines: list[str] = []
        line = indent
        notes: list[int] = []
        for token in tokens:
            room = self.width - len(line) - (1 if line.strip() else 0)
            if len(token.text) > room and line.strip():
                head, tail = self._hyphenate(token.text, room)
                if head:
                    line += (" " if line.strip() else "") + head
                    token = _Token(tail, token.notes)
                lines.append(self._end(line, notes))
                line, notes = "", []
            line += (" " if line.strip() else "") + token.text
            notes += token.notes
        if line.strip():
            lines.append(self._end(line, notes))
        return lines

    def _hyphenate(self, word: str, room: int) -> tuple[str, str]:
        """Break ``word`` at the end of a line: at its own hyphen, or between syllables."""
        rng = self.rng
        compound = re.match(r"[A-Za-z]{2,}-(?=[A-Za-z]{2})", word)  # never "(S-IV)", "ES-10/15"
        if compound:
            cut = compound.end()
            if cut <= room and rng.random() < 0.7:
                head = word[:cut]
                return (head[:-1] + " -" if rng.random() < 0.3 else head), word[cut:]
        letters = re.fullmatch(r"[A-Za-z]{8,}[,.;:]?", word)
        if letters and rng.random() < 0.15:
            # Between two consonants, three letters at least on each side: "inter-national".
            cuts = [k for k in range(3, len(word.rstrip(",.;:")) - 2)
                    if word[k - 1] in _CONSONANTS and word[k] in _CONSONANTS
                    and word[k - 1 : k + 1].lower() not in _DIGRAPHS and k + 1 <= room]
            if cuts:
                return word[: cuts[-1]] + "-", word[cuts[-1] :]
        return "", word

    def _end(self, line: str, notes: list[int]) -> str:
        trailing = " " if self.rng.random() < 0.5 and not line.endswith("-") else ""
        return line + trailing + "".join(f"\0{n}\0" for n in notes)

    @staticmethod
    def _calls_in(line: str) -> list[int]:
        return [int(n) for n in re.findall(r"\0(\d+)\0", line)]

    def _put(self, line: str, calls: list[int]) -> None:
        line = re.sub(r"\0\d+\0", "", line)
        new = [n for n in calls if n not in self.placed]
        page = self.pages[-1]
        extra = sum(len(self._note_lines(n)) for n in new) + (1 if new and not page.notes else 0)
        if page.lines and len(page.lines) + page.note_lines + extra + 1 > self.capacity:
            page = self._new_page()
            extra = sum(len(self._note_lines(n)) for n in new) + (1 if new else 0)
        page.lines.append(line)
        page.notes += new
        page.note_lines += extra
        self.placed.update(new)

    def _new_page(self) -> _Page:
        self.pages.append(_Page())
        return self.pages[-1]

    def _note_lines(self, index: int) -> list[str]:
        if index not in self.note_cache:
            self.note_cache[index] = self._typeset_note(self.document.notes[index])
        return self.note_cache[index]

    def _typeset_note(self, note: Note) -> list[str]:
        gap = "" if self.rng.random() < 0.3 else " "
        head = f" {note.marker}{gap}" if self.rng.random() < 0.8 else note.marker
        words = [_Token(w) for w in pieces_text(note.pieces).split()]
        lines = self._wrap(words, head)
        return [re.sub(r"\0\d+\0", "", line) for line in lines]

    def _page_text(self, k: int) -> str:
        page, total = self.pages[k], len(self.pages)
        symbol = self.document.gold.symbol or ""
        lines = []
        if k > 0:
            number = f"{k + 1}/{total}"
            lines = ([f"{symbol}  ", " ", f"{self.job} {number} ", " "] if k % 2 else
                     [f" {symbol} ", " ", f"{number} {self.job} ", " "])
        lines += page.lines
        if page.notes:
            lines.append("__________________ ")
            for index in page.notes:
                lines += self._note_lines(index)
        return "\n".join(lines)


def render_pdf(document: Document) -> str:
    """The text of ``document`` as PDF extraction gives it (see the module docstring)."""
    return _Typesetter(document).typeset()


def _job_number(document: Document, rng: random.Random) -> tuple[str, str]:
    """The job number of the document ("24-21660") and its barcode form ("2421660")."""
    match = re.search(r"[-_ ](\d{2})(\d{5})E", Path(document.unit.partition("#")[0]).name)
    if match:
        return f"{match[1]}-{match[2]}", match[1] + match[2]
    year = next((m[1] for line in document.cover if (m := re.search(r"\b\d\d(\d\d)$", line))),
                "24")
    serial = f"{rng.randint(0, 99999):05d}"
    return f"{year}-{serial}", year + serial
