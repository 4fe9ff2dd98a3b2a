"""The gold of ``unkg eval``: a resolution as a reader sees it, and what the UN's markup says of it.

The model is filled by :mod:`unkg.eval_akn`, which reads the AKN4UN XML, and read by
:mod:`unkg.eval_render` (the text to parse) and :mod:`unkg.evaluate` (the scoring). A
:class:`Document` keeps the text as :data:`Piece` runs (text, links, footnote calls) so that a
renderer can place the footnote markers and drop the links; its :class:`Gold` says, per paragraph,
its kind, index, printed number, sub-item labels, the footnotes it calls and the symbols of its
``undocs.org`` links, and per footnote the paragraph that calls it and the symbols it links.
Links whose href gives no symbol are listed, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from unkg.errors import SymbolError
from unkg.graph.symbols import Symbol
from unkg.ingest.models import ParagraphKind

__all__ = ["SUB_LABEL", "Block", "BlockKind", "Document", "Gold", "GoldNote", "GoldParagraph",
           "Link", "Note", "NoteCall", "Piece", "gold_from_blocks", "pieces_text"]


@dataclass(frozen=True)
class NoteCall:
    """Where footnote ``Document.notes[index]`` is called."""

    index: int


@dataclass(frozen=True)
class Link:
    """An ``<a href>``: its text is what a reader sees."""

    text: str
    href: str


Piece = str | NoteCall | Link


class BlockKind(Enum):
    HEADING = "heading"  # preface, section numbers and headings, subheadings
    FORMULA = "formula"  # "The General Assembly,"
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    SUBITEM = "subitem"  # "(a) ..." of the paragraph before it
    TEXT = "text"  # a list's intro or wrap-up, part of the paragraph before it
    TABLE = "table"  # one row of a table
    CONCLUSION = "conclusion"  # "39th plenary meeting", "18 November 2024"
    ANNEX = "annex"  # any line of an annex


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    pieces: tuple[Piece, ...]
    label: str = ""  # as printed: "1." before an operative paragraph, "(a)" before a sub-item
    depth: int = 0  # nesting of a sub-item: (a) 0, (i) 1


@dataclass(frozen=True)
class Note:
    marker: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class GoldParagraph:
    kind: ParagraphKind
    index: int  # 1-based among the paragraphs of its kind, as Paragraph.index
    number: str | None  # "12", without the full stop; None when not numbered
    text: str  # what a reader sees, sub-items included, without footnote markers
    labels: tuple[str, ...]  # sub-item labels in document order, without brackets: ("a", "i")
    notes: tuple[str, ...]  # markers of the footnotes it calls
    symbols: frozenset[Symbol]

    @property
    def id(self) -> str:
        return f"{'p' if self.kind is ParagraphKind.PREAMBULAR else 'o'}{self.index}"


@dataclass(frozen=True)
class GoldNote:
    marker: str
    paragraph: str | None  # GoldParagraph.id of the caller; None when called from a heading
    text: str
    symbols: frozenset[Symbol]


@dataclass(frozen=True)
class Gold:
    unit: str  # the file path, with "#A" for one resolution of a file holding several
    body: str  # "ga", "sc" or "hrc"
    symbol: str | None  # as the masthead prints it
    preamble: tuple[GoldParagraph, ...]
    operative: tuple[GoldParagraph, ...]
    notes: tuple[GoldNote, ...]
    bad_links: tuple[str, ...]  # document links in paragraphs and notes that give no symbol
    web_links: int  # links to anything but a UN document, in paragraphs and notes
    unscored_links: int  # links in headings, tables and annexes
    links: int  # symbols linked in paragraphs and notes: what references are scored against
    skip: str | None = None  # why it cannot judge the pipeline: not English, not a resolution

    @property
    def paragraphs(self) -> tuple[GoldParagraph, ...]:
        return self.preamble + self.operative


@dataclass(frozen=True)
class Document:
    """One resolution as a reader sees it, and its gold."""

    unit: str
    cover: tuple[str, ...]  # masthead lines: "United Nations", "A/RES/79/10", "Distr.: General"
    titles: tuple[str, ...]  # the masthead's title lines: "Resolution 2675 (2023)", "[without ...]"
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...]
    gold: Gold


#: A sub-item label at the start of a text, "(a)", "(iv)", "(2)", and the space after it.
SUB_LABEL = re.compile(
    r"""
    ^\(\s*(?P<label>[a-z]{1,2}|[ivxlc]{1,6}|\d{1,2})\s*\)  # "(a)", "(iv)", "(2)"
    (?:\s+|$)                                            # then the text, or the end
    """,
    re.VERBOSE,
)
_ODS_MIRROR = re.compile(r"^https?://(?:www\.)?docs\.un\.org/", re.IGNORECASE)  # same documents
_ODS_LINK = re.compile(r"^https?://(?:www\.)?undocs\.org/", re.IGNORECASE)


def pieces_text(pieces: tuple[Piece, ...], markers: Sequence[str] | None = None) -> str:
    """The text of ``pieces``, whitespace folded, links as their text; footnote calls dropped, or
    printed right after the text that calls them as ``markers[index]``."""
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, Link):
            out.append(piece.text)
        elif markers is not None:
            out.append("\0" + markers[piece.index])
    text = " ".join("".join(out).split())
    return re.sub(r"\s*\0", "", text)

def _symbols(pieces: tuple[Piece, ...], bad: list[str], web: list[str]) -> set[Symbol]:
    """The symbols of the document links among ``pieces``; a link to the Official Document
    System that gives no symbol goes to ``bad``, a link anywhere else to ``web``."""
    found: set[Symbol] = set()
    for piece in pieces:
        if not isinstance(piece, Link):
            continue
        href = _ODS_MIRROR.sub("https://undocs.org/", piece.href.strip())
        if not _ODS_LINK.match(href):
            web.append(piece.href)
            continue
        try:
            found.add(Symbol.from_undocs_url(href))
        except SymbolError:
            bad.append(piece.href)
    return found


@dataclass
class _Open:
    """A paragraph being gathered from its blocks."""

    kind: ParagraphKind
    index: int
    number: str | None
    pieces: list[Piece] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def gold_from_blocks(unit: str, body: str, cover: tuple[str, ...], blocks: list[Block],
          notes: list[Note]) -> Gold:
    """The gold of one resolution: its blocks grouped into paragraphs (a sub-item or a list's
    text belongs to the paragraph before it; a heading, table, adoption line or annex line ends
    it), and what each paragraph and footnote links."""
    opened: list[_Open] = []
    caller: dict[int, str | None] = {}
    bad: list[str] = []
    web: list[str] = []
    unscored = 0
    current: _Open | None = None
    for block in blocks:
        if block.kind in (BlockKind.PREAMBULAR, BlockKind.OPERATIVE):
            kind = ParagraphKind(block.kind.value)
            index = 1 + sum(o.kind is kind for o in opened)
            current = _Open(kind, index, block.label.rstrip(".") or None)
            opened.append(current)
        elif block.kind in (BlockKind.SUBITEM, BlockKind.TEXT) and current is not None:
            if block.kind is BlockKind.SUBITEM and SUB_LABEL.match(block.label):
                current.labels.append(block.label.strip("() "))
        else:
            current = None
            unscored += sum(isinstance(p, Link) for p in block.pieces)
            continue
        current.pieces += [*block.pieces, " "]
    paragraphs = []
    for data in opened:
        pieces = tuple(data.pieces)
        paragraph = GoldParagraph(
            kind=data.kind, index=data.index, number=data.number, text=pieces_text(pieces),
            labels=tuple(data.labels),
            notes=tuple(notes[p.index].marker for p in pieces if isinstance(p, NoteCall)),
            symbols=frozenset(_symbols(pieces, bad, web)),
        )
        paragraphs.append(paragraph)
        caller.update((p.index, paragraph.id) for p in pieces if isinstance(p, NoteCall))
    gold_notes = tuple(
        GoldNote(note.marker, caller.get(k), pieces_text(note.pieces),
                 frozenset(_symbols(note.pieces, bad, web)))
        for k, note in enumerate(notes)
    )
    symbol = next((line for line in cover if re.match(r"^[A-Z]+(?:/[A-Z]+)*/", line)), None)
    return Gold(
        unit=unit, body=body, symbol=symbol,
        preamble=tuple(p for p in paragraphs if p.kind is ParagraphKind.PREAMBULAR),
        operative=tuple(p for p in paragraphs if p.kind is ParagraphKind.OPERATIVE),
        notes=gold_notes, bad_links=tuple(bad), web_links=len(web), unscored_links=unscored,
        links=sum(len(p.symbols) for p in paragraphs) + sum(len(n.symbols) for n in gold_notes),
    )
