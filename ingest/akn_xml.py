"""XML with offsets: the elements of an AKN4UN file and their text, traced to the file.

:func:`xml_tree` reads the raw text of an XML file (already checked safe and well-formed by
``defusedxml``, see :mod:`unkg.ingest.akn`) into light :class:`Node` elements that know where their
tags stand in the text, with the text between tags decoded (``&amp;`` gives ``&``, mapped to the
offset of its ``&``). :func:`fold` joins the text under some nodes into one line, whitespace runs
folded into single spaces, with the offset of every character it keeps: the offset maps of the
pipeline model (:mod:`unkg.ingest.models`) are made from it.

ElementTree cannot do this: it keeps no positions, and it decodes entities and line ends before
anyone can count them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from unkg.ingest.models import Span

__all__ = ["NOTE", "Chunk", "Folded", "Node", "XmlTree", "fold", "plain_text", "xml_tree"]

#: The markup between two runs of text. Tags come first: they are nearly all of it.
_TOKEN = re.compile(
    r"""
    <(?P<close>/)?(?P<name>[^\s/>!?]+)   # a start or an end tag and its name (with any prefix),
      (?P<attrs>[^>]*?)(?P<empty>/)?>    #   its attributes, '/>' for an empty element
    | <!--.*?-->                         # a comment
    | <!\[CDATA\[(?P<cdata>.*?)\]\]>     # a CDATA section: its content is text
    | <\?.*?\?>                          # the XML declaration, a processing instruction
    """,
    re.VERBOSE | re.DOTALL,
)
#: A start tag read with care, for the rare quoted attribute value that holds a '>'.
_QUOTED_TAG = re.compile(
    r"""<(?P<name>[^\s/>!?]+)(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*?)(?P<empty>/)?>""")
_ENTITY = re.compile(
    r"""
    &(?:
        \#x(?P<hex>[0-9a-fA-F]+)           # a character reference in hexadecimal: &#x9;
      | \#(?P<dec>[0-9]+)                  # a character reference in decimal: &#39;
      | (?P<named>amp|lt|gt|quot|apos)     # the five entities XML predefines (no DTD: no others)
    );
    """,
    re.VERBOSE,
)
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ATTRIBUTE = re.compile(r"""(?P<name>[^\s=]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
_SPACE = re.compile(r"\s+")
_LONG_SPACE = re.compile(r"\s\s+")
#: Elements that run inside a line of text; any other element stands for a space at its tags.
#: (AKN's ``vote`` and ``outcome`` are inline too, but the UN sets each on a line of its own.)
_INLINE = frozenset({"a", "abbr", "b", "date", "def", "docDate", "docNumber", "docTitle", "em",
                     "entity", "event", "i", "inline", "location", "mref", "noteRef",
                     "organization", "person", "quantity", "ref", "role", "span", "sub", "sup",
                     "term", "u"})
#: Footnotes sit inside the text that calls them but are not part of it.
NOTE = "authorialNote"


class Chunk:
    """Text between two tags, decoded; ``offsets`` is ``None`` when it is the raw text as is."""

    __slots__ = ("offsets", "start", "text")

    def __init__(self, start: int, text: str, offsets: tuple[int, ...] | None = None) -> None:
        self.start = start
        self.text = text
        self.offsets = offsets


class Node:
    """An element: its local name (prefix dropped), raw attributes and where its tags stand:
    ``start`` at the '<' of the start tag, ``inner`` just past it, ``close`` at the '<' of the
    end tag (``inner`` for an empty element), ``end`` just past it."""

    __slots__ = ("children", "close", "end", "inner", "name", "raw_attrs", "start")

    def __init__(self, name: str, raw_attrs: str, start: int, inner: int) -> None:
        self.name = name
        self.raw_attrs = raw_attrs
        self.start = start
        self.inner = inner
        self.close = inner
        self.end = inner
        # Text is a Chunk; text that is only whitespace, the usual indentation between tags, is
        # just the offset where it starts.
        self.children: list[Node | Chunk | int] = []

    def attr(self, name: str) -> str | None:
        for m in _ATTRIBUTE.finditer(self.raw_attrs):
            if m["name"] == name:
                return _decode(m["dq"] if m["dq"] is not None else m["sq"])
        return None

    def elements(self, name: str | None = None) -> Iterator[Node]:
        """The child elements (named ``name``)."""
        for child in self.children:
            if isinstance(child, Node) and (name is None or child.name == name):
                yield child

    def find(self, name: str) -> Node | None:
        for child in self.children:
            if type(child) is Node and child.name == name:
                return child
        return None

    def iter(self, name: str) -> Iterator[Node]:
        """The descendants named ``name``, in document order."""
        for child in self.elements():
            if child.name == name:
                yield child
            yield from child.iter(name)


class XmlTree:
    """The elements of a file under a ``#document`` root, and the elements of the names asked
    for, in document order (collected while reading, so that nobody walks the tree for them)."""

    __slots__ = ("collected", "root")

    def __init__(self, root: Node, collected: list[Node]) -> None:
        self.root = root
        self.collected = collected


def xml_tree(text: str, *, skip: frozenset[str] = frozenset(),
             collect: frozenset[str] = frozenset()) -> XmlTree:
    """The elements of the well-formed XML ``text``; the elements named in ``skip`` are kept
    empty, their content passed over unread; those named in ``collect`` are listed."""
    root = Node("#document", "", 0, 0)
    root.close = root.end = len(text)
    stack = [root]
    children = root.children
    collected: list[Node] = []
    pos = 0
    tokens = _TOKEN.finditer(text)
    while True:
        for m in tokens:
            start = m.start()
            if start > pos:
                raw = text[pos:start]
                children.append(pos if raw.isspace() else _chunk(raw, pos))
            pos = m.end()
            name = m["name"]
            if name is None:
                if m["cdata"] is not None:
                    children.append(Chunk(m.start("cdata"), m["cdata"]))
                continue  # a comment or a processing instruction
            if m["close"]:
                node = stack.pop()
                node.close, node.end = start, pos
                children = stack[-1].children
                continue
            attrs, empty = m["attrs"], m["empty"]
            careful = None
            if ('"' in attrs or "'" in attrs) and (attrs.count('"') % 2 or attrs.count("'") % 2):
                careful = _QUOTED_TAG.match(text, start)  # a quoted value holds a '>'
                if careful is not None:
                    attrs, empty, pos = careful["attrs"], careful["empty"], careful.end()
            local = name.rpartition(":")[2] if ":" in name else name
            node = Node(local, attrs, start, pos)
            children.append(node)
            if local in collect:
                collected.append(node)
            closing = None
            if not empty and local in skip:
                closing = re.compile(rf"</{re.escape(name)}\s*>").search(text, pos)
                if closing is not None:
                    node.close, node.end, pos = closing.start(), closing.end(), closing.end()
            elif not empty:
                stack.append(node)
                children = node.children
            if careful is not None or closing is not None:
                tokens = _TOKEN.finditer(text, pos)  # read on from where the tag or skip ended
                break
        else:
            return XmlTree(root, collected)


def _chunk(raw: str, start: int) -> Chunk:
    end = start + len(raw)
    if "&" not in raw:
        return Chunk(start, raw)
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(raw):
        parts += [raw[pos:m.start()], _entity(m)]
        offsets += [*range(start + pos, start + m.start()), start + m.start()]
        pos = m.end()
    parts.append(raw[pos:])
    offsets += range(start + pos, end)
    return Chunk(start, "".join(parts), tuple(offsets))


def _entity(m: re.Match[str]) -> str:
    if m["named"]:
        return _NAMED[m["named"]]
    return chr(int(m["hex"], 16) if m["hex"] else int(m["dec"]))


def _decode(value: str) -> str:
    return _ENTITY.sub(_entity, value) if "&" in value else value


class Folded:
    """A folded text with the file offset of each of its characters (increasing), and what the
    walk met on the way: the links (``a`` elements) and the footnotes it left out, in order, and
    the first span set in italics (where a paragraph's opening phrase stands)."""

    __slots__ = ("anchors", "italic", "notes", "offsets", "text")

    def __init__(self, text: str, offsets: list[int], anchors: list[Node], notes: list[Node],
                 italic: Node | None = None) -> None:
        self.text = text
        self.offsets = offsets
        self.anchors = anchors
        self.notes = notes
        self.italic = italic

    @property
    def span(self) -> Span | None:
        return Span(self.offsets[0], self.offsets[-1] + 1) if self.offsets else None

    def located(self, i: int, j: int) -> tuple[int, ...]:
        """The offset map of ``text[i:j]`` in the model's form (one extra final entry)."""
        return (*self.offsets[i:j], self.offsets[j - 1] + 1) if i < j else ()

    def range(self, start: int, end: int) -> tuple[int, int]:
        """The characters that come from ``[start, end)`` of the file, spaces at the ends
        trimmed, as ``(i, j)`` for ``text[i:j]``."""
        lo = bisect_left(self.offsets, start)
        hi = bisect_left(self.offsets, end)
        while lo < hi and self.text[lo] == " ":
            lo += 1
        while hi > lo and self.text[hi - 1] == " ":
            hi -= 1
        return lo, hi


class _Collector:
    def __init__(self, skip: frozenset[int]) -> None:
        self.parts: list[str] = []
        self.raw: list[int] = []
        self.skip = skip
        self.anchors: list[Node] = []
        self.notes: list[Node] = []
        self.italic: Node | None = None

    def gap(self, at: int) -> None:
        self.parts.append(" ")
        self.raw.append(at)

    def walk(self, node: Node) -> None:
        parts, raw, skip = self.parts, self.raw, self.skip
        for child in node.children:
            if type(child) is int:
                parts.append(" ")
                raw.append(child)
            elif type(child) is Chunk:
                parts.append(child.text)
                if child.offsets is None:
                    raw += range(child.start, child.start + len(child.text))
                else:
                    raw += child.offsets
            elif type(child) is Node:
                name = child.name
                if name == NOTE:
                    self.notes.append(child)
                elif id(child) not in skip:
                    if name == "a":
                        self.anchors.append(child)
                    elif self.italic is None and name == "span" and "italic" in child.raw_attrs:
                        self.italic = child
                    if name in _INLINE:
                        self.walk(child)
                    else:
                        parts.append(" ")
                        raw.append(child.start)
                        self.walk(child)
                        parts.append(" ")
                        raw.append(child.close)


def fold(nodes: list[Node], skip: frozenset[int] = frozenset()) -> Folded:
    """The text under ``nodes`` (footnotes and the nodes whose ``id`` is in ``skip`` left out) on
    one line: each whitespace run becomes one space, at the offset of its first character, and
    the ends are trimmed. A block element (not in the inline set) stands for a space at its tags;
    a node of ``nodes`` that is itself a footnote is read."""
    collector = _Collector(skip)
    for node in nodes:
        collector.gap(node.start)
        collector.walk(node)
        collector.gap(node.close)
    raw_text, raw = "".join(collector.parts), collector.raw
    offsets: list[int] = []
    pos = 0
    for m in _LONG_SPACE.finditer(raw_text):  # a run of two or more keeps its first offset
        offsets += raw[pos:m.start() + 1]
        pos = m.end()
    offsets += raw[pos:]
    text = _SPACE.sub(" ", raw_text)
    if text.startswith(" "):
        text, offsets = text[1:], offsets[1:]
    if text.endswith(" "):
        text, offsets = text[:-1], offsets[:-1]
    return Folded(text, offsets, collector.anchors, collector.notes, collector.italic)


def plain_text(node: Node | None) -> str:
    """The text under ``node`` with its whitespace folded, footnotes included, no offsets (for
    labels, names and headings); empty for ``None``."""
    if node is None:
        return ""
    parts: list[str] = []
    _gather(node, parts)
    return " ".join("".join(parts).split())


def _gather(node: Node, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, int):
            parts.append(" ")
        elif isinstance(child, Chunk):
            parts.append(child.text)
        else:
            if child.name not in _INLINE:
                parts.append(" ")
            _gather(child, parts)
            if child.name not in _INLINE:
                parts.append(" ")
