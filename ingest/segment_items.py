"""The sub-paragraphs of the ``segment`` stage, and the paragraphs built from the blocks read.

:func:`next_sub_label` says whether a line opens a lettered or roman sub-paragraph ("(a)",
"(iv)", "(1)") of the paragraph being read, and at which depth; :func:`build_paragraphs` turns
the blocks read into :class:`Paragraph` objects with their nested :class:`SubParagraph` items,
their opening phrase and the footnotes they call.
"""

from __future__ import annotations

from unkg.ingest import regexes_structure as rx
from unkg.ingest.models import CleanText, Paragraph, ParagraphKind, SubParagraph
from unkg.ingest.regexes_structure import read_opening
from unkg.ingest.segment_text import Block, fold, span_of


def label_of(text: str) -> str | None:
    match = rx.SUB_LABEL.match(text)
    return rx.sub_label(match) if match else None


def coming_labels(labels: list[str | None], numbers: list[int | None], n: int) -> set[str]:
    """The sub-paragraph labels of the lines after ``n``, up to the next numbered line."""
    found: set[str] = set()
    for k in range(n + 1, min(len(labels), n + 60)):
        if numbers[k] is not None:
            break
        if labels[k]:
            found.add(labels[k] or "")
    return found


def next_sub_label(
    block: Block, text: str, boundary: bool, coming: set[str]
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


def build_paragraphs(clean: CleanText, blocks: list[Block]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    counts = {ParagraphKind.PREAMBULAR: 0, ParagraphKind.OPERATIVE: 0}
    for block in blocks:
        text, offsets = fold(clean, block.pieces)
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
            span=span_of(offsets), offsets=offsets, footnotes=tuple(markers),
            subparagraphs=_subparagraphs(clean, block, 0, len(block.items), 0),
        ))
    return paragraphs


def _subparagraphs(
    clean: CleanText, block: Block, first: int, last: int, depth: int
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
        text, offsets = fold(clean, [(start + skip, end), *block.pieces[piece + 1 : end_piece]])
        subs.append(SubParagraph(  # "(a)", however printed ("a." in some texts)
            label=f"({label})", text=text, span=span_of(offsets), offsets=offsets,
            subparagraphs=_subparagraphs(clean, block, k + 1, stop, depth + 1),
        ))
    return tuple(subs)
