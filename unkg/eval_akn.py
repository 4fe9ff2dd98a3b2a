"""The AKN4UN reader of ``unkg eval``: one file read into gold documents (:mod:`unkg.eval_gold`).

This is a small reading of the XML of its own, written apart from :mod:`unkg.ingest.akn` on
purpose: the gold must not share code with the extractor it judges. :func:`read_akn_documents`
parses one file safely (``defusedxml`` refuses DTDs and entity expansion) and gives one document
per resolution in it (a file of resolutions "A" and "B" gives two): the masthead lines, the
blocks (headings, formula, preambular and operative paragraphs, sub-items, tables, the adoption
lines, annexes) and the footnotes, then the gold derived from them
(:func:`~unkg.eval_gold.gold_from_blocks`).

Markup rules. A paragraph is a ``preamble/container`` or a section preamble
(``crossHeading[@refersTo='#preamble']``), or a ``mainBody`` ``paragraph`` numbered "1." or
without a number (see :func:`_unnumbered` for the unnumbered ones). A ``paragraph`` numbered (or
opening with) "(a)", "(iv)" is a sub-item of the paragraph before it, as are ``point`` and
``item`` elements; ``intro`` and ``wrapUp`` text belongs to the paragraph around it. Headings,
tables and annexes (``attachments``) belong to no paragraph. Files in another language than
English and statements that are not resolutions are marked ``Gold.skip``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from unkg.errors import SourceError
from unkg.eval_gold import (
    SUB_LABEL,
    Block,
    BlockKind,
    Document,
    Link,
    Note,
    NoteCall,
    Piece,
    gold_from_blocks,
    pieces_text,
)

__all__ = ["read_akn_documents"]

_AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
_ACTORS = {"unga": "ga", "unsc": "sc", "unga-hrc": "hrc"}
_NUMBER = re.compile(r"^(?P<n>\d{1,3})\s*\.?$")  # "1." of an operative paragraph
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_LEVELS = frozenset({"section", "part", "chapter", "title", "subsection", "division", "book",
                     "subchapter", "subpart", "subtitle", "hcontainer", "article", "clause",
                     "tome", "level"})


def read_akn_documents(path: str | Path) -> list[Document]:
    """The resolutions of one AKN4UN file; raises :class:`SourceError` naming the file when it is
    not well-formed XML, holds a DTD or is not Akoma Ntoso."""
    path = Path(path)
    try:
        root = safe_xml.parse(path).getroot()
    except (OSError, ParseError, DefusedXmlException) as error:
        raise SourceError(path, f"cannot read AKN XML: {error}") from None
    if _name(root) != "akomaNtoso" or len(root) == 0:
        raise SourceError(path, f"not Akoma Ntoso: root element <{_name(root)}>")
    top = root[0]
    statements = [top] if _name(top) == "statement" else [
        s for s in root.iter(f"{_AKN}statement")]
    cover = _cover(top.find(f"{_AKN}coverPage"))
    several = len(statements) > 1
    documents = []
    for k, statement in enumerate(statements):
        unit = f"{path}#{_unit_name(statement, k)}" if several else str(path)
        document = _Reader(unit, _body(statement, path), cover).read(statement)
        skip = _skip(statement)
        documents.append(replace(document, gold=replace(document.gold, skip=skip)) if skip
                         else document)
    return documents

def _name(element: Element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _plain(element: Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _body(statement: Element, path: Path) -> str:
    uri = statement.find(f"{_AKN}meta/{_AKN}identification/{_AKN}FRBRWork/{_AKN}FRBRuri")
    match = re.search(r"/deliberation/([^/]+)/", uri.get("value", "") if uri is not None else "")
    if match and match[1] in _ACTORS:
        return _ACTORS[match[1]]
    return next((part for part in reversed(path.parts) if part in ("ga", "sc", "hrc")), "ga")


def _skip(statement: Element) -> str | None:
    """Why ``statement`` cannot judge the text pipeline, which reads English resolutions."""
    identification = f"{_AKN}meta/{_AKN}identification"
    language = statement.find(f"{identification}/{_AKN}FRBRExpression/{_AKN}FRBRlanguage")
    if language is not None and language.get("language", "eng") != "eng":
        return f"written in {language.get('language')}"
    uri = statement.find(f"{identification}/{_AKN}FRBRWork/{_AKN}FRBRuri")
    work = uri.get("value", "") if uri is not None else ""
    if work and "/statement/deliberation/" not in work:
        return f"not a resolution: {work}"
    return None


def _unit_name(statement: Element, k: int) -> str:
    number = _plain(statement.find(f"{_AKN}preface//{_AKN}docNumber")).rstrip(".")
    return number if re.fullmatch(r"[A-Z]", number) else str(k + 1)


def _cover(cover: Element | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lines: list[str] = []
    titles: list[str] = []
    for p in cover.iter(f"{_AKN}p") if cover is not None else ():
        text = _plain(p)
        if not text:
            continue
        is_title = any(_name(e) in ("docTitle", "docProponent") for e in p.iter())
        (titles if is_title else lines).append(text)
    return tuple(lines), tuple(titles)


class _Reader:
    """Walks one ``statement`` into blocks and notes, then derives the gold from them."""

    def __init__(self, unit: str, body: str, cover: tuple[tuple[str, ...], tuple[str, ...]]):
        self.unit, self.body, self.cover = unit, body, cover
        self.blocks: list[Block] = []
        self.notes: list[Note] = []
        self.in_annex = False

    def read(self, statement: Element) -> Document:
        for part in statement:
            name = _name(part)
            if name == "preface":
                for p in part.iter(f"{_AKN}p"):
                    number = p.find(f"{_AKN}docNumber")
                    if number is not None and re.fullmatch(r"[A-Z]", _plain(number)):
                        self._add(BlockKind.HEADING, (_plain(number),))  # "B", then the title
                        title = p.find(f"{_AKN}docTitle")
                        p = title if title is not None else p
                    self._add(BlockKind.HEADING, self._pieces(p))
            elif name == "preamble":
                self._preamble(part)
            elif name == "mainBody":
                self._main(part)
            elif name == "conclusions":
                for p in part.iter(f"{_AKN}p"):
                    for line in self._lines(p):
                        self._add(BlockKind.CONCLUSION, line)
            elif name == "attachments":
                self.in_annex = True
                annexes = list(part.iter(f"{_AKN}doc"))
                for k, doc in enumerate(annexes):
                    heading = doc.get("name", "annex").capitalize()  # printed, not marked up
                    numeral = f" {_ROMAN[k]}" if 1 < len(annexes) <= len(_ROMAN) else ""
                    self._add(BlockKind.HEADING, (heading + numeral,))
                    self._annex(doc)
        lines, titles = self.cover
        return Document(self.unit, lines, titles, tuple(self.blocks), tuple(self.notes),
                        gold_from_blocks(self.unit, self.body, lines, self.blocks, self.notes))

    # --- the parts of a statement ---

    def _preamble(self, preamble: Element) -> None:
        for child in preamble:
            name = _name(child)
            if name == "formula":
                self._add(BlockKind.FORMULA, self._pieces(child))
            elif name == "container":
                pieces = self._joined([c for c in child if _name(c) != "blockList"])
                lists = list(child.iter(f"{_AKN}blockList"))
                intro = lists[0].find(f"{_AKN}listIntroduction") if lists else None
                if intro is not None and not pieces_text(pieces):  # the list's words open it
                    pieces = self._joined([intro])
                else:
                    intro = None
                self._add(BlockKind.PREAMBULAR, pieces)
                for block_list in lists:
                    self._list(block_list, 0, skip=intro)
            elif name == "blockList":
                self._list(child, 0)
            elif name == "p":
                self._add(BlockKind.HEADING, self._pieces(child))

    def _main(self, element: Element) -> None:
        for child in element:
            name = _name(child)
            if name == "paragraph":
                self._paragraph(child)
            elif name in ("num", "heading", "subheading"):
                self._add(BlockKind.HEADING, self._pieces(child))
            elif name == "crossHeading":
                preamble = child.get("refersTo") == "#preamble"
                self._add(BlockKind.PREAMBULAR if preamble else BlockKind.HEADING,
                          self._pieces(child))
            elif name == "container":
                self._container(child)
            elif name in ("p", "alinea", "content"):
                kind = BlockKind.HEADING if child.find(f"{_AKN}num") is not None else None
                self._add(kind or BlockKind.TEXT, self._joined([child]))
            elif name in ("list", "blockList", "point", "item"):
                self._list(child, 0)
            elif name in _LEVELS:
                self._main(child)

    def _paragraph(self, paragraph: Element) -> None:
        label = _plain(paragraph.find(f"{_AKN}num"))
        for child in paragraph:
            if _name(child) in ("heading", "subheading"):
                self._add(BlockKind.HEADING, self._pieces(child))
        texts = [c for c in paragraph if _name(c) in ("content", "alinea", "p")]
        pieces = self._joined(texts)
        lists = [c for c in paragraph if _name(c) in ("list", "blockList", "point")]
        intro = lists[0].find(f"{_AKN}intro") if lists and not pieces_text(pieces) else None
        if intro is not None:  # "36." whose words are the intro of its list
            pieces = self._joined([intro])
        number = _NUMBER.match(label)
        if number:
            self._add(BlockKind.OPERATIVE, pieces, label=f"{number['n']}.")
        elif SUB_LABEL.match(label):
            self._add(BlockKind.SUBITEM, pieces, label=label, depth=self._depth(label))
        elif label:  # "I." of a chapter, "A." of a part
            self._add(BlockKind.HEADING, pieces, label=label)
        elif pieces_text(pieces):
            opening = SUB_LABEL.match(pieces_text(pieces))
            if opening:
                stripped = _strip_label(pieces)
                sub = f"({opening['label']})"
                self._add(BlockKind.SUBITEM, stripped, label=sub, depth=self._depth(sub))
            else:
                self._add(_unnumbered(paragraph, pieces_text(pieces)), pieces)
        for child in lists:
            self._list(child, 0, skip=intro)

    def _list(self, element: Element, depth: int, skip: Element | None = None) -> None:
        name = _name(element)
        if name in ("point", "item"):
            label = _plain(element.find(f"{_AKN}num"))
            texts = [c for c in element if _name(c) in ("content", "p", "intro", "alinea")]
            self._add(BlockKind.SUBITEM, self._joined(texts), label=label, depth=depth)
            for child in element:
                if _name(child) in ("list", "sublist", "blockList"):
                    self._list(child, depth + 1)
            return
        for child in element:
            child_name = _name(child)
            if child is skip:
                continue
            if child_name in ("intro", "listIntroduction", "wrapUp", "listWrapUp"):
                self._add(BlockKind.TEXT, self._joined([child]))
            elif child_name in ("point", "item"):
                self._list(child, depth)
            elif child_name in ("list", "sublist", "blockList"):
                self._list(child, depth + 1)

    def _container(self, container: Element) -> None:
        rows = list(container.iter(f"{_AKN}tr"))
        if not rows:
            self._add(BlockKind.TEXT, self._joined(list(container)))
        for row in rows:
            cells = [self._pieces(cell) for cell in row]
            joined: list[Piece] = []
            for cell in cells:
                joined += [*cell, "   "]
            self._add(BlockKind.TABLE, tuple(joined))

    def _annex(self, doc: Element) -> None:
        """An annex, read like a resolution; every block of it is kind ANNEX (see :meth:`_add`)."""
        for part in doc:
            name = _name(part)
            if name == "mainBody":
                self._main(part)
            elif name == "preamble":
                self._preamble(part)
            elif name != "meta":
                for p in part.iter(f"{_AKN}p"):
                    self._add(BlockKind.HEADING, self._pieces(p))

    # --- inline text ---

    def _add(self, kind: BlockKind, pieces: tuple[Piece, ...], label: str = "",
             depth: int = 0) -> None:
        if self.in_annex:
            kind = BlockKind.ANNEX
        if pieces_text(pieces) or any(isinstance(p, NoteCall) for p in pieces) or label:
            self.blocks.append(Block(kind, pieces, " ".join(label.split()), depth))

    def _depth(self, label: str) -> int:
        """0 for "(a)", 1 for a roman "(ii)" under a lettered item ("(i)" after "(h)" is a
        letter)."""
        previous = next((b for b in reversed(self.blocks) if b.kind is not BlockKind.TEXT), None)
        if previous is None or previous.kind is not BlockKind.SUBITEM:
            return 0
        roman = re.fullmatch(r"\([ivx]+\)", label) is not None
        after_letter = (label, previous.label) in (("(i)", "(h)"), ("(v)", "(u)"), ("(x)", "(w)"))
        return 1 if roman and not after_letter else 0

    def _joined(self, elements: list[Element]) -> tuple[Piece, ...]:
        out: list[Piece] = []
        for element in elements:
            if _name(element) in ("num", "heading", "subheading"):
                continue
            out += [*self._pieces(element), " "]
        return tuple(out)

    def _pieces(self, element: Element) -> tuple[Piece, ...]:
        out: list[Piece] = []
        self._inline(element, out)
        return tuple(out)

    def _lines(self, element: Element) -> list[tuple[Piece, ...]]:
        """The lines of ``element``, split where it has an ``<eol/>``."""
        text = "".join(p for p in self._pieces(element) if isinstance(p, str))
        return [(line,) for line in text.split("\n")]

    def _inline(self, element: Element, out: list[Piece]) -> None:
        if element.text:
            out.append(element.text)
        for child in element:
            name = _name(child)
            if name == "authorialNote":
                note: list[Piece] = []
                for p in child:
                    self._inline(p, note)
                    note.append(" ")
                self.notes.append(Note(child.get("marker", "").strip(), tuple(note)))
                out.append(NoteCall(len(self.notes) - 1))
            elif name == "a":
                out.append(Link("".join(child.itertext()), child.get("href", "")))
            elif name in ("eol", "eop", "br"):
                out.append("\n")
            elif name not in ("img", "meta"):
                if name in ("p", "num", "heading", "subheading", "intro", "content"):
                    out.append(" ")
                self._inline(child, out)
            if child.tail:
                out.append(child.tail)


def _unnumbered(paragraph: Element, text: str) -> BlockKind:
    """What a ``paragraph`` without a number is: a heading when styled as one ("H1", "H23"),
    when it holds a subheading, or when it is a title without final punctuation ("Part I",
    "Reporting:"); a preambular paragraph the markup put in the main body when it ends with a
    comma, as preambular paragraphs do; a table's note; else an operative paragraph the text does
    not number."""
    style = paragraph.get("class") or ""
    if style == "FootnoteText":  # "Abbreviations: ...", "Note: ..." under a table
        return BlockKind.TABLE
    heading = style.startswith(("H", "BLUEHeading")) or any(
        _name(e) == "subheading" for e in paragraph.iter())
    if heading or text[-1] not in ".;:," or (text.endswith(":") and len(text.split()) <= 4):
        return BlockKind.HEADING
    return BlockKind.PREAMBULAR if text.endswith(",") else BlockKind.OPERATIVE


def _strip_label(pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
    """``pieces`` without the "(a)" label their text opens with."""
    out = list(pieces)
    for k, piece in enumerate(out):
        if isinstance(piece, str) and piece.strip():
            out[k] = re.sub(r"^\s*\([^()]*\)", "", piece)
            break
    return tuple(out)
