"""The AKN4UN stage: a resolution published in Akoma Ntoso XML, read into the pipeline model.

:func:`read_akn` reads one AKN4UN file (General Assembly, Security Council, Human Rights Council)
into a :class:`~unkg.ingest.models.Resolution`, which is what the text stages ``clean`` and
``segment`` do for a plain text:

* identity: the FRBR work IRI, adoption date (``FRBRdate[@name='adoption']``), adopting body (the
  actor of the work IRI, ``unga`` / ``unga-hrc`` / ``unsc``: the Human Rights Council's files name
  the Assembly as FRBR author), symbol (printed on the cover, else the preface number with the
  part letters of a collection, else the work IRI's number), number and title (``preface``);
* preambular paragraphs: one per ``preamble/container`` (its ``name`` is the opening phrase), and
  the section preambles of omnibus texts (``crossHeading[@refersTo='#preamble']``);
* operative paragraphs: ``mainBody//paragraph``, numbered by their printed ``<num>`` (the ``eId``
  values do not follow it), with ``list/point`` sub-paragraphs (a ``sublist`` belongs to the point
  before it; an unnumbered paragraph "(a) ..." to the paragraph before it). Headings are skipped;
  an ``attachment``, or what follows an "Annex" heading, is one ``Unresolved`` annex, not
  segmented, as in the text pipeline; so is a table;
* footnotes: every ``authorialNote``, with its marker, attached to the paragraph that holds it;
* references: every ``<a href="https://undocs.org/...">`` (or ``docs.un.org``) of a paragraph or
  footnote, origin ``MARKUP``, related to its paragraph as the opening phrase says;
* the subject keywords' IRIs, and the adoption record of the metadata beside the file
  (:mod:`unkg.ingest.akn_metadata`), else of the adoption statement printed at the end.

:func:`parse_akn` then runs the text stages over the same paragraphs (entities, references,
mandates, meetings) and merges what the text reference finder reads with the UN's links.

Every text keeps the offset of each character in the file as read (see
:mod:`unkg.ingest.akn_xml`). The file is first parsed with ``defusedxml``, which refuses any DTD:
no entity is expanded, nothing is fetched; a malformed or hostile file is a
:class:`~unkg.errors.SourceError` naming it.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from unkg.graph.symbols import Symbol, SymbolKind
from unkg.ingest.adoption import read_adoption
from unkg.ingest.akn_metadata import Work, adoption_record_for, read_work
from unkg.ingest.akn_xml import NOTE, Folded, Node, fold, plain_text, xml_tree
from unkg.ingest.entities import resolve_entities
from unkg.ingest.mandates import find_mandates
from unkg.ingest.meetings import find_meetings
from unkg.ingest.models import (
    Footnote,
    Paragraph,
    ParagraphKind,
    Reference,
    ReferenceKind,
    ReferenceOrigin,
    Relation,
    Resolution,
    Source,
    Span,
    SubParagraph,
    Unresolved,
    UnresolvedKind,
)
from unkg.ingest.references import find_references, relation_for
from unkg.ingest.regexes_structure import read_opening

from unkg.errors import SourceError, SymbolError

__all__ = ["AKN_MEDIA_TYPE", "parse_akn", "read_akn", "read_akn_source"]

AKN_MEDIA_TYPE = "application/akn+xml"

#: Hierarchical containers of the main body, read through (their num and headings skipped).
_HIERARCHY = frozenset({"section", "part", "chapter", "title", "subsection", "division",
                        "subchapter", "subpart", "subtitle", "hcontainer", "article", "clause",
                        "book", "tome", "level"})
_HEADINGS = frozenset({"num", "heading", "subheading"})
#: Metadata the reader does not use (the vote lists, the TLC references, the page furniture):
#: the tokenizer passes over them. (The adoption record comes from the session metadata.)
_UNREAD = frozenset({"references", "presentation", "analysis", "workflow", "proprietary",
                     "lifecycle", "temporalData", "notes"})
#: Where no point can be: inside a line of text.
_INLINE_OR_P = frozenset({"p", "span", "a", "i", "b", "u", "sup", "sub", "inline", "ref", "num",
                          "docDate", "docNumber", "docTitle", "organization", "location", "term"})
#: The children that give a ``paragraph`` text; one with none of them is a heading.
_TEXT_PARTS = frozenset({"content", "list", "alinea", "p", "point", "intro", "blockList"})
#: A heading that opens an annex: "Annex", "Annex I", "Annex A – Items subject to ...".
_ANNEX = re.compile(r"(?:ANNEX|Annex|APPENDIX|Appendix)(?:ES|es)?\b")
#: A sub-paragraph marked up as a paragraph of its own: "(a) To take all measures ...".
_SUB_LABEL = re.compile(r"\((?:[a-z]{1,2}|[ivxl]{1,6})\)(?=\s)")
#: A label that may be a roman numeral: "(iv)"; "(i)" after "(h)" is a letter all the same.
_ROMAN = re.compile(r"\((?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})\)")
#: The class of a paragraph styled as a heading: "H1", "H23", "HCh", "BLUEHeadingH2".
_HEADING_STYLE = re.compile(r"H\w*$|.*Heading")
#: A link to the UN's Official Document System, old host or new.
_ODS_LINK = re.compile(r"https?://(?:www\.)?(?:undocs\.org|docs\.un\.org)/", re.IGNORECASE)


def read_akn_source(path: str | Path) -> Source:
    """Read an AKN4UN file as a :class:`Source`: its text exactly as stored (``\\r\\n`` kept, so
    that offsets count the file's characters)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot read the file: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(path, f"not UTF-8 text: {error.reason} at byte {error.start}") from None
    return Source(str(path), hashlib.sha256(raw).hexdigest(), AKN_MEDIA_TYPE, text)


def parse_akn(source: Source) -> Resolution:
    """The resolution in the AKN4UN file ``source``, with every stage run: :func:`read_akn`,
    then entities, references (the UN's links merged with what the text finder reads), mandates
    and meetings."""
    read = read_akn(source)
    resolution = _merge_links(find_references(resolve_entities(read)), read)
    return _meetings_in_text(find_meetings(find_mandates(resolution)))


def read_akn(source: Source) -> Resolution:
    """The structure, the UN's links, the subjects and the adoption record of the AKN4UN file
    ``source`` (see the module docstring); raises :class:`SourceError` naming the file when it is
    not well-formed XML, declares a DTD or entities, or is not an Akoma Ntoso document."""
    _check_safe(source)
    tree = xml_tree(source.text, skip=_UNREAD, collect=frozenset({NOTE}))
    # The document, and the components of a collection beside it, are the root's children.
    akoma_ntoso = tree.root.find("akomaNtoso")
    document = akoma_ntoso.find("statement") or next(akoma_ntoso.elements(), None) \
        if akoma_ntoso is not None else None
    if akoma_ntoso is None or document is None:
        raise SourceError(source.path, "not an Akoma Ntoso document: no <akomaNtoso> element")
    reader = _Reader(source)
    reader.read(akoma_ntoso)
    return reader.resolution(document, tree.collected)


class _Discard:
    """A parser target that keeps nothing: the text goes to a C-level sink, and with no
    ``start``/``end`` the parser builds no elements (the tokenizer does that, with offsets)."""

    data: Callable[[str], None] = deque[str](maxlen=0).append

    def close(self) -> None:
        return None


def _check_safe(source: Source) -> None:
    """Parse ``source`` with defusedxml (no DTD, no entity declaration, nothing external); a
    :class:`SourceError` naming the file when it is refused or not well-formed."""
    parser = DefusedXMLParser(target=_Discard(), forbid_dtd=True)
    try:
        parser.feed(source.text)
        parser.close()
    except DefusedXmlException as error:
        raise SourceError(source.path, f"refused: the XML declares a DTD or entities ({error!r})"
                          ) from None
    except ParseError as error:
        raise SourceError(source.path, f"not well-formed XML: {error}") from None


@dataclass
class _Block:
    """A paragraph being read: its nodes (a sub-paragraph marked up as a paragraph of its own
    joins the paragraph before it) and what the markup says of it."""

    kind: ParagraphKind
    nodes: list[Node]
    number: str | None = None
    name: str | None = None  # a container's name attribute: its opening phrase
    skip: frozenset[int] = frozenset()  # the paragraph's own <num>


@dataclass
class _Item:
    """A sub-paragraph being read: its label and the file offsets of its text."""

    label: str
    start: int
    end: int
    children: list[_Item] = field(default_factory=list)


class _Reader:
    """Walks an AKN document once and keeps what the resolution is made of."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.blocks: list[_Block] = []
        self.unresolved: list[Unresolved] = []
        self.excluded: list[tuple[int, int]] = []  # annexes and tables: their notes are not read
        self.preface: Node | None = None
        self.parts: list[str] = []  # the part letters of a collection: "A", "B"
        self.conclusions: Node | None = None

    def read(self, node: Node) -> None:
        for child in node.elements():
            name = child.name
            if name in ("meta", "coverPage", "collectionBody"):
                self.excluded.append((child.start, child.end))  # no footnote is read there
                continue
            if name == "preface":
                if self.preface is None:
                    self.preface = child
                else:  # the preface of one part of a collection: "A"
                    self.parts.append(plain_text(child).rstrip(". "))
            elif name == "preamble":  # a bare <p> there is a heading in bold, or a decoration
                self.blocks += [_Block(ParagraphKind.PREAMBULAR, [c], name=c.attr("name"))
                                for c in child.elements() if c.name not in ("formula", "p")]
            elif name == "mainBody":
                self._body(child, child)
            elif name == "conclusions":
                self.conclusions = self.conclusions or child
            elif name == "attachments":
                for attachment in child.elements():
                    self._set_aside(attachment, attachment.end, "annex (not segmented)")
            else:
                self.read(child)

    def _body(self, node: Node, body: Node) -> bool:
        """Read the main body under ``node``; False once an annex heading has ended it."""
        for child in node.elements():
            name = child.name
            if name in _HEADINGS or (name == "paragraph" and _is_heading(child)) \
                    or (name == "crossHeading" and child.attr("refersTo") != "#preamble"):
                if _ANNEX.match(plain_text(child)):
                    self._set_aside(child, body.close, "annex (not segmented)")
                    return False
            elif name == "crossHeading":  # a section's own preamble in an omnibus resolution
                self.blocks.append(_Block(ParagraphKind.PREAMBULAR, [child]))
            elif name in _HIERARCHY:
                if not self._body(child, body):
                    return False
            elif name == "container" and child.find("table") is not None:
                self._set_aside(child, child.end, "table (not segmented)")
            elif name == "paragraph":
                self._paragraph(child)
            elif name != NOTE:
                self.blocks.append(_Block(ParagraphKind.OPERATIVE, [child]))
        return True

    def _paragraph(self, node: Node) -> None:
        num = node.find("num")
        label = plain_text(num) if num is not None else plain_text(node)[:12]
        previous = self.blocks[-1] if self.blocks else None
        if previous is not None and previous.kind is ParagraphKind.OPERATIVE \
                and _SUB_LABEL.match(label + " "):
            previous.nodes.append(node)  # "(a) ...": a sub-paragraph of the paragraph before
        elif num is not None:
            self.blocks.append(_Block(ParagraphKind.OPERATIVE, [node],
                                      number=label.rstrip(". ") or None, skip=frozenset({id(num)})))
        else:
            self.blocks.append(_Block(ParagraphKind.OPERATIVE, [node]))

    def _set_aside(self, node: Node, end: int, reason: str) -> None:
        """An annex or a table: one ``Unresolved`` item, its text not read further."""
        folded = fold([node])
        self.excluded.append((node.start, end))
        if folded.offsets:
            text = folded.text if len(folded.text) <= 200 else \
                folded.text[:200].rsplit(" ", 1)[0] + " …"
            self.unresolved.append(Unresolved(UnresolvedKind.STRUCTURE, text,
                                              Span(folded.offsets[0], end), reason))

    # -- the model -------------------------------------------------------------------------------

    def resolution(self, document: Node, notes: list[Node]) -> Resolution:
        """The resolution read; ``document`` holds the identity, ``notes`` are the footnotes of
        the whole file in order."""
        work = read_work(document.find("meta"))
        number, symbol = self._identity(document.find("coverPage"), work)
        # The actor of the work IRI, else the symbol's body: the Human Rights Council's files and
        # a Council presidential statement name the Assembly as FRBR author.
        body = work.actor or (symbol.body if symbol is not None else None) or work.author
        paragraphs, owners = self._paragraphs()
        title = next(self.preface.iter("docTitle"), None) if self.preface is not None else None
        heading = fold([title]) if title is not None else None
        adoption = fold([self.conclusions]) if self.conclusions is not None else None
        record = adoption_record_for(Path(self.source.path), symbol)
        if record is None and adoption is not None and adoption.text:
            record = read_adoption(adoption.text)  # no metadata: the printed statement says less
        return Resolution(
            source=self.source, symbol=symbol, number=number, body=body,
            title=heading.text or None if heading else None, date=work.adopted,
            preamble=tuple(p for p, _ in paragraphs if p.kind is ParagraphKind.PREAMBULAR),
            operative=tuple(p for p, _ in paragraphs if p.kind is ParagraphKind.OPERATIVE),
            footnotes=tuple(self._footnotes(notes, owners)),
            unresolved=tuple(self.unresolved), title_span=heading.span if heading else None,
            adoption=adoption.text or None if adoption else None,
            adoption_span=adoption.span if adoption else None,
            draft=record.draft if record else None, record=record, subjects=work.subjects,
            akn_work=work.iri,
        )

    def _identity(self, cover: Node | None, work: Work) -> tuple[str | None, Symbol | None]:
        """The number and symbol: the symbol printed on the cover, else the preface's number
        (with the part letters of a collection), else the work IRI's number."""
        printed = next(cover.iter("docNumber"), None) if cover is not None else None
        number = ""
        if self.preface is not None:
            number = plain_text(next(self.preface.iter("docNumber"), None)).rstrip(". ")
        if number and self.parts and all(len(p) == 1 and p.isupper() for p in self.parts):
            number += f" {self.parts[0]}" + (f"-{self.parts[-1]}" if len(self.parts) > 1 else "")
        candidates = [_printed_symbol(plain_text(printed)) if printed is not None else None]
        body = work.actor or work.author
        if body is not None:
            candidates += [_numbered(body, number), _numbered(body, work.number)]
        symbol = next((s for s in candidates if s is not None), None)
        if symbol is None:
            return number or None, None
        if number and symbol.number and not symbol.number.startswith(number.split()[0]):
            preface = fold([self.preface]) if self.preface is not None else None
            self.unresolved.append(Unresolved(
                UnresolvedKind.SYMBOL, number, preface.span if preface and preface.span
                else Span(0, 0), f"the preface's number differs from the symbol {symbol}"))
        return symbol.number or number or None, symbol

    def _paragraphs(self) -> tuple[list[tuple[Paragraph, list[Reference]]], dict[int, str]]:
        """The paragraphs with the UN's links in each, and the paragraph id of every footnote
        they hold (by the footnote node's id)."""
        paragraphs: list[tuple[Paragraph, list[Reference]]] = []
        owners: dict[int, str] = {}
        counts = {ParagraphKind.PREAMBULAR: 0, ParagraphKind.OPERATIVE: 0}
        for block in self.blocks:
            folded = fold(block.nodes, block.skip)
            if not any(c.isalnum() for c in folded.text):
                continue  # "* * *": a decoration
            counts[block.kind] += 1
            opening = _opening(block, folded)
            links = self._links(folded, relation_for(opening))
            paragraph = Paragraph(
                kind=block.kind, index=counts[block.kind], opening=opening, text=folded.text,
                span=folded.span or Span(0, 0), number=block.number,
                subparagraphs=_subparagraphs(block, folded),
                footnotes=tuple(dict.fromkeys(_marker(n) for n in folded.notes)),
                references=tuple(links), offsets=folded.located(0, len(folded.text)),
            )
            owners.update((id(n), paragraph.id) for n in folded.notes)
            paragraphs.append((paragraph, links))
        return paragraphs, owners

    def _footnotes(self, notes: list[Node], owners: dict[int, str]) -> list[Footnote]:
        footnotes: list[Footnote] = []
        seen: dict[str, int] = {}
        for note in notes:
            folded = fold([note])
            if not folded.text or any(s <= note.start < e for s, e in self.excluded):
                continue
            marker = _marker(note)
            seen[marker] = seen.get(marker, 0) + 1
            if seen[marker] > 1:  # "*" printed again for another note: keep their IRIs apart
                marker = f"{marker} ({seen[marker]})"
            links = self._links(folded, Relation.CITES)
            footnotes.append(Footnote(marker, folded.text, folded.span or Span(0, 0),
                                      owners.get(id(note)), tuple(links),
                                      offsets=folded.located(0, len(folded.text))))
        return footnotes

    def _links(self, folded: Folded, relation: Relation) -> list[Reference]:
        """The UN's links in a folded text as references; a link whose symbol does not parse
        becomes an ``Unresolved`` item. Links to one document that touch ("<a>7</a><a>8</a>
        <a>/11</a><a>2</a>" for 78/112) are one link."""
        spans: list[tuple[str, int, int]] = []
        for link in folded.anchors:
            href = link.attr("href") or ""
            i, j = folded.range(link.inner, link.close)
            if not _ODS_LINK.match(href) or i >= j:
                continue
            if spans and spans[-1][0] == href and spans[-1][2] == i:
                spans[-1] = (href, spans[-1][1], j)
            else:
                spans.append((href, i, j))
        found: list[Reference] = []
        for href, i, j in spans:
            written, span = folded.text[i:j], Span(folded.offsets[i], folded.offsets[j - 1] + 1)
            try:
                target = _link_target(href)
            except SymbolError as error:
                self.unresolved.append(Unresolved(UnresolvedKind.SYMBOL, written, span,
                                                  f"the link {href} names no symbol: {error}"))
                continue
            found.append(Reference(written, span, _kind(target), relation, target=target,
                                   origin=ReferenceOrigin.MARKUP))
        return found


def _marker(note: Node) -> str:
    return " ".join((note.attr("marker") or "").split()) or "*"


def _is_heading(paragraph: Node) -> bool:
    """A ``paragraph`` that heads what follows: styled as a heading, or with no text part."""
    return bool(_HEADING_STYLE.match(paragraph.attr("class") or "")) \
        or not any(child.name in _TEXT_PARTS for child in paragraph.elements())


def _opening(block: _Block, folded: Folded) -> str:
    """The opening phrase: the container's name, else the italic words the paragraph opens
    with, else the phrase :func:`read_opening` reads, else the first word."""
    text = folded.text
    name = " ".join((block.name or "").split())
    if name and text.startswith(name):
        return name
    words = plain_text(folded.italic).rstrip(" ,;:")
    if words and text.startswith(words):
        return words
    opening = read_opening(text)
    return opening.phrase if opening else name or text.split()[0]


def _subparagraphs(block: _Block, folded: Folded) -> tuple[SubParagraph, ...]:
    items = _points(block.nodes[0])
    for node in block.nodes[1:]:  # "(a) ...", "(b) ..." marked up as paragraphs of their own
        num = node.find("num")
        if num is not None:
            items.append(_Item(plain_text(num), num.end, node.end, _points(node)))
            continue
        i, j = folded.range(node.start, node.end)
        label = _SUB_LABEL.match(folded.text, i)
        if label is not None and label.end() < j:
            items.append(_Item(label.group(), folded.offsets[label.end()], node.end,
                               _points(node)))
    return _subs(_nest(items), folded)


def _nest(items: list[_Item]) -> list[_Item]:
    """Put roman items that follow a lettered one under it, as printed: markup that lists
    "(e)", "(i)", "(ii)", "(f)" side by side means "(i)" and "(ii)" of "(e)". A label that
    continues the letters ("(i)" after "(h)") is a letter."""
    nested: list[_Item] = []
    letter: _Item | None = None  # the last lettered item of this level
    for item in items:
        item.children = _nest(item.children)
        label = item.label.strip()
        continues = letter is not None and label == _next_letter(letter.label.strip())
        if letter is not None and not continues and _ROMAN.fullmatch(label):
            letter.children.append(item)
            letter.end = max(letter.end, item.end)
            continue
        nested.append(item)
        is_letter = re.fullmatch(r"\(([a-z])\1?\)", label) is not None
        letter = item if is_letter and (continues or not _ROMAN.fullmatch(label)) else None
    return nested


def _next_letter(label: str) -> str:
    """The label after a lettered one: "(a)" -> "(b)", "(z)" -> "(aa)", "(aa)" -> "(bb)"."""
    letters = label.strip("()")
    if not letters:
        return ""
    if letters[0] == "z":
        return f"({'a' * (len(letters) + 1)})"
    return f"({chr(ord(letters[0]) + 1) * len(letters)})"


def _points(node: Node) -> list[_Item]:
    """The sub-paragraphs under ``node``; a ``sublist`` belongs to the point before it."""
    found: list[_Item] = []
    for child in node.elements():
        if child.name == NOTE:
            continue
        if child.name in ("point", "item"):
            num = child.find("num")
            found.append(_Item(plain_text(num), num.end if num else child.inner, child.close,
                               _points(child)))
        elif child.name == "sublist" and found:
            found[-1].children += _points(child)
            found[-1].end = child.close
        elif child.name not in _INLINE_OR_P:
            found += _points(child)
    return found


def _subs(items: list[_Item], folded: Folded) -> tuple[SubParagraph, ...]:
    subs: list[SubParagraph] = []
    labels: set[str] = set()
    for n, item in enumerate(items, start=1):
        i, j = folded.range(item.start, item.end)
        if i >= j:
            continue
        key = item.label.strip("().")
        # A bullet, a dash or a repeated label does not tell siblings apart: number them.
        label = item.label if key.isalnum() and key not in labels else str(n)
        labels.add(label.strip("()."))
        subs.append(SubParagraph(label, folded.text[i:j],
                                 Span(folded.offsets[i], folded.offsets[j - 1] + 1),
                                 _subs(item.children, folded), offsets=folded.located(i, j)))
    return tuple(subs)


# -- identity and metadata -----------------------------------------------------------------------

@lru_cache(maxsize=8192)
def _link_target(href: str) -> Symbol:
    """The symbol a link to the Official Document System names (the same few thousand documents
    are linked again and again: each is parsed once)."""
    return Symbol.from_undocs_url(_ODS_LINK.sub("https://undocs.org/", href))


def _printed_symbol(text: str) -> Symbol | None:
    try:
        return Symbol.parse(text)
    except SymbolError:
        return None


def _numbered(body: str, number: str) -> Symbol | None:
    try:
        return Symbol.for_resolution(body, number) if number else None
    except SymbolError:
        return None


def _kind(target: Symbol) -> ReferenceKind:
    if target.kind is SymbolKind.RESOLUTION:
        return ReferenceKind.RESOLUTION
    if target.kind is SymbolKind.DECISION:
        return ReferenceKind.DECISION
    return ReferenceKind.DOCUMENT


# -- the UN's links and the text finder, together ------------------------------------------------

def _merge_links(found: Resolution, read: Resolution) -> Resolution:
    """Merge, in each paragraph and footnote, the UN's links (the references of ``read``, which
    :func:`find_references` replaced in ``found``) with what the text finder read: a citation
    found by both (one document, see :func:`_same_work`; overlapping spans) is one reference of
    origin ``BOTH``, with the finder's text, span, date and pinpoint; where the two disagree on
    what a stretch of text cites, the link wins. The finder's unresolved items inside a link are
    dropped."""
    items: list[Paragraph | Footnote] = [*read.paragraphs, *read.footnotes]
    links = {_key(item): item.references for item in items}
    spans = [r.span for refs in links.values() for r in refs]

    def merged(item: Paragraph | Footnote) -> tuple[Reference, ...]:
        markup = links.get(_key(item), ())
        texts = list(item.references)
        kept: list[Reference] = []
        for link in markup:
            both = next((f for f in texts if f.target is not None and link.target is not None
                         and _same_work(f.target, link.target) and _overlap(f.span, link.span)),
                        None)
            if both is None:
                kept.append(link)
                continue
            texts.remove(both)
            assert both.target is not None and link.target is not None
            # The text names the part ("217 A (III)") where the link goes to the whole document.
            target = both.target if _parts(both.target) else link.target
            kept.append(replace(both, target=target, kind=_kind(target),
                                origin=ReferenceOrigin.BOTH))
        kept += [f for f in texts
                 if f.target is None or not any(_overlap(f.span, m.span) for m in markup)]
        return tuple(sorted(kept, key=lambda r: (r.span, r.text)))

    own = set(read.unresolved)
    return replace(
        found,
        preamble=tuple(replace(p, references=merged(p)) for p in found.preamble),
        operative=tuple(replace(p, references=merged(p)) for p in found.operative),
        footnotes=tuple(replace(f, references=merged(f)) for f in found.footnotes),
        unresolved=tuple(u for u in found.unresolved
                         if u in own or not any(_overlap(u.span, s) for s in spans)),
    )


#: The part letters of a resolution number, "217 A (III)", "57/130 A-B".
_PARTS = re.compile(r"(?<=\d) (?P<parts>[A-Z](?:-[A-Z])?)(?= \(|$)")
#: A document symbol's qualifiers: "A/59/19/Rev.1(Supp)", "A/75/6(Sect.12)".
_QUALIFIERS = re.compile(r"(?:\([^()]*\))+$")


def _parts(symbol: Symbol) -> str:
    m = _PARTS.search(str(symbol)) if symbol.kind is not SymbolKind.DOCUMENT else None
    return m["parts"] if m else ""


def _same_work(a: Symbol, b: Symbol) -> bool:
    """Whether two symbols name one document as a link and a citation may: a resolution with or
    without its part letters (the UN links "217 A (III)" to the whole of 217 (III)), a document
    with or without a qualifier ("A/59/19/Rev.1" and its Supplement)."""
    return a == b or _base(a) == _base(b)


def _base(symbol: Symbol) -> str:
    if symbol.kind is SymbolKind.DOCUMENT:
        return _QUALIFIERS.sub("", str(symbol))
    return _PARTS.sub("", str(symbol)).replace("  ", " ")


def _key(item: Paragraph | Footnote) -> tuple[str, str]:
    return ("paragraph", item.id) if isinstance(item, Paragraph) else ("footnote", item.marker)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _meetings_in_text(resolution: Resolution) -> Resolution:
    """Keep the meetings named in a paragraph, a footnote or the adoption statement: the rest of
    an XML file is markup and metadata, which the meetings stage reads as gaps between them."""
    spans = [p.span for p in resolution.paragraphs] + [f.span for f in resolution.footnotes]
    if resolution.adoption_span is not None:
        spans.append(resolution.adoption_span)
    kept = tuple(m for m in resolution.meetings
                 if any(s.start <= m.span.start and m.span.end <= s.end for s in spans))
    return replace(resolution, meetings=kept)
