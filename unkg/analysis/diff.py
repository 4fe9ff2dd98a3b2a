"""Paragraph-level diffs between two resolutions: what a later resolution of a series kept,
changed, added and dropped.

Owns :func:`paragraph_diff`, its answer :class:`ParagraphDiff` (rows of :class:`DiffRow`) and
the alignment behind it (:func:`align`): paragraphs are compared within their kind (preambular
with preambular, operative with operative), by their text with whitespace folded.

1. A paragraph of the newer resolution whose text equals one of the older is **kept** (wherever
   it moved to; identical texts pair in document order).
2. Among the rest, pairs are taken greedily from the most similar down (word-level
   :class:`difflib.SequenceMatcher` ratio, ties by nearest position, then document order) while
   the similarity is at least :data:`CHANGED_SIMILARITY`: each such pair is **changed**.
3. What remains of the older resolution is **dropped**, of the newer **added**.

So kept + changed + dropped is the number of paragraphs of the older resolution, and kept +
changed + added that of the newer.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd
from rdflib import URIRef

from unkg.analysis.base import HEAD, Resolution, catalogue, find, typed_frame
from unkg.client.kg import KnowledgeGraph

__all__ = [
    "CHANGED_SIMILARITY",
    "DIFF_COLUMNS",
    "DiffRow",
    "DiffStatus",
    "Paragraph",
    "ParagraphDiff",
    "ParagraphKind",
    "align",
    "paragraph_diff",
    "paragraphs",
]

#: The least word-level similarity at which two paragraphs are the same paragraph, changed.
CHANGED_SIMILARITY = 0.5

#: The columns of :meth:`ParagraphDiff.to_frame`, with their dtypes.
DIFF_COLUMNS = {
    "status": "string",
    "kind": "string",
    "older_number": "string",
    "newer_number": "string",
    "similarity": "float64",
    "older_text": "string",
    "newer_text": "string",
}

#: The preambular and operative paragraphs of one resolution, in its own graph.
PARAGRAPHS_QUERY = HEAD + """
SELECT DISTINCT ?resolution ?paragraph ?class ?index ?number ?text
WHERE {
  GRAPH ?g {
    ?resolution unkg:hasParagraph ?paragraph .
    ?paragraph a ?class ;
               unkg:index ?index ;
               unkg:text ?text .
    FILTER(?class IN (unkg:PreambularParagraph, unkg:OperativeParagraph))
    OPTIONAL { ?paragraph unkg:number ?number }
  }
}
"""

#: Runs of whitespace, folded to one space before paragraphs are compared.
_SPACE = re.compile(r"\s+")
#: A word or a single punctuation mark: the units the similarity counts.
_WORD = re.compile(r"\w+|[^\w\s]")


class DiffStatus(StrEnum):
    """What became of a paragraph between the older and the newer resolution."""

    KEPT = "kept"
    CHANGED = "changed"
    ADDED = "added"
    DROPPED = "dropped"


class ParagraphKind(StrEnum):
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"


_CLASSES = {"PreambularParagraph": ParagraphKind.PREAMBULAR,
            "OperativeParagraph": ParagraphKind.OPERATIVE}


@dataclass(frozen=True)
class Paragraph:
    """A paragraph to compare: its kind, 1-based ``index`` among those of its kind, ``number``
    (the printed number of an operative paragraph, else its id: ``"p3"``) and text."""

    kind: ParagraphKind
    index: int
    number: str
    text: str


@dataclass(frozen=True)
class DiffRow:
    """One paragraph's fate: ``older_*`` is ``None`` for an added paragraph, ``newer_*`` for a
    dropped one; ``similarity`` is 1.0 for a kept paragraph, the ratio for a changed one and NaN
    for an added or dropped one."""

    status: DiffStatus
    kind: ParagraphKind
    older_number: str | None
    newer_number: str | None
    similarity: float
    older_text: str | None
    newer_text: str | None


@dataclass(frozen=True)
class ParagraphDiff:
    """The paragraph-level diff from ``older`` to ``newer`` (symbols): preambular rows first,
    then operative, each in the newer resolution's order, a dropped paragraph after the row of
    the older paragraph before it."""

    older: str
    newer: str
    rows: tuple[DiffRow, ...]

    def to_frame(self) -> pd.DataFrame:
        """The rows as a DataFrame: status, kind, older_number, newer_number, similarity,
        older_text, newer_text."""
        return typed_frame(DIFF_COLUMNS, (
            (r.status.value, r.kind.value, r.older_number, r.newer_number, r.similarity,
             r.older_text, r.newer_text) for r in self.rows))

    def summary(self) -> dict[str, int]:
        """How many paragraphs were kept, changed, added and dropped (every status, zeros too)."""
        counts = dict.fromkeys((s.value for s in DiffStatus), 0)
        for row in self.rows:
            counts[row.status.value] += 1
        return counts

    def to_text(self, *, width: int = 100) -> str:
        """A readable diff, like a unified diff: ``  `` kept (cut to ``width`` characters),
        ``-`` dropped, ``+`` added, ``~`` changed with the words removed in ``[-...-]`` and those
        added in ``{+...+}``; each line names the paragraph numbers."""
        lines = [f"--- {self.older}", f"+++ {self.newer}"]
        kind = None
        for row in self.rows:
            if row.kind is not kind:
                kind = row.kind
                lines.append(f"@@ {kind.value} paragraphs @@")
            if row.status is DiffStatus.KEPT:
                where = f"{row.older_number}={row.newer_number}"
                line = textwrap.shorten(f"{where} {row.newer_text}", max(width - 2, 20),
                                        placeholder=" …")
                lines.append(f"  {line}")
            elif row.status is DiffStatus.DROPPED:
                lines.append(f"- {row.older_number} {row.older_text}")
            elif row.status is DiffStatus.ADDED:
                lines.append(f"+ {row.newer_number} {row.newer_text}")
            else:
                where = f"{row.older_number}->{row.newer_number} ({row.similarity:.2f})"
                lines.append(f"~ {where} {word_diff(row.older_text or '', row.newer_text or '')}")
        return "\n".join(lines) + "\n"


def paragraph_diff(kg: KnowledgeGraph, older: str, newer: str) -> ParagraphDiff:
    """The paragraph-level diff between the resolutions ``older`` and ``newer`` (symbols as
    printed, or IRIs), both ingested; see the module docstring for how paragraphs are aligned.

    Footnotes and sub-paragraph structure are not compared (a paragraph's text includes its
    sub-paragraphs). :class:`~unkg.client.NotFoundError` when the store does not hold the text of
    either resolution, :class:`~unkg.errors.QueryError` when one is not a symbol.
    """
    known = catalogue(kg)
    first, second = find(kg, older, "older", known), find(kg, newer, "newer", known)
    return diff_resolutions(kg, first, second)


def diff_resolutions(kg: KnowledgeGraph, older: Resolution, newer: Resolution) -> ParagraphDiff:
    """:func:`paragraph_diff` of two resolutions already found."""
    rows = align(paragraphs(kg, older.iri), paragraphs(kg, newer.iri))
    return ParagraphDiff(older.symbol, newer.symbol, tuple(rows))


def paragraphs(kg: KnowledgeGraph, iri: str) -> list[Paragraph]:
    """The preambular and operative paragraphs of the resolution ``iri``, in document order."""
    frame = kg.query(PARAGRAPHS_QUERY, resolution=URIRef(iri))
    found: dict[str, Paragraph] = {}
    for row in frame.itertuples(index=False):
        kind = _CLASSES[str(row[2]).rpartition("#")[2]]
        iri_text = str(row.paragraph)
        own_id = iri_text[len(iri) + 1:] if iri_text.startswith(iri + "/") else iri_text
        number = own_id if pd.isna(row.number) else str(row.number)
        text = _SPACE.sub(" ", str(row.text)).strip()
        found[iri_text] = Paragraph(kind, int(row.index), number, text)
    return sorted(found.values(), key=lambda p: (p.kind is ParagraphKind.OPERATIVE, p.index))


def align(older: Sequence[Paragraph], newer: Sequence[Paragraph]) -> list[DiffRow]:
    """The rows of the diff from ``older`` to ``newer`` (paragraphs in document order)."""
    rows: list[DiffRow] = []
    for kind in ParagraphKind:
        rows += _align_kind([p for p in older if p.kind is kind],
                            [p for p in newer if p.kind is kind], kind)
    return rows


def word_diff(older: str, newer: str) -> str:
    """``newer`` with the words of ``older`` it removed in ``[-...-]`` and its own new words in
    ``{+...+}`` (the notation of ``git diff --word-diff``)."""
    a, b = older.split(), newer.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


# -- internals -----------------------------------------------------------------------------------


def _align_kind(older: list[Paragraph], newer: list[Paragraph], kind: ParagraphKind,
                ) -> list[DiffRow]:
    pairs: dict[int, tuple[int, float]] = {}  # newer position -> (older position, similarity)
    by_text: dict[str, deque[int]] = defaultdict(deque)
    for i, paragraph in enumerate(older):
        by_text[paragraph.text].append(i)
    for j, paragraph in enumerate(newer):
        if by_text[paragraph.text]:
            pairs[j] = (by_text[paragraph.text].popleft(), 1.0)
    taken = {i for i, _ in pairs.values()}
    left = [i for i in range(len(older)) if i not in taken]
    right = [j for j in range(len(newer)) if j not in pairs]
    words = {("o", i): _WORD.findall(older[i].text.lower()) for i in left}
    words |= {("n", j): _WORD.findall(newer[j].text.lower()) for j in right}
    scored: list[tuple[float, int, int, int]] = []
    for j in right:
        # one matcher per newer paragraph: SequenceMatcher indexes its second sequence once
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(words["n", j])
        for i in left:
            matcher.set_seq1(words["o", i])
            if matcher.real_quick_ratio() < CHANGED_SIMILARITY:
                continue
            if matcher.quick_ratio() < CHANGED_SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= CHANGED_SIMILARITY:
                scored.append((-ratio, abs(i - j), i, j))
    used_old: set[int] = set()
    for negative, _, i, j in sorted(scored):
        if i not in used_old and j not in pairs:
            pairs[j] = (i, -negative)
            used_old.add(i)
    matched_old = {i: j for j, (i, _) in pairs.items()}
    keyed: list[tuple[tuple[float, int, int], DiffRow]] = []
    for j, paragraph in enumerate(newer):
        if j in pairs:
            i, similarity = pairs[j]
            status = DiffStatus.KEPT if similarity == 1.0 and older[i].text == paragraph.text \
                else DiffStatus.CHANGED
            row = DiffRow(status, kind, older[i].number, paragraph.number, similarity,
                          older[i].text, paragraph.text)
        else:
            row = DiffRow(DiffStatus.ADDED, kind, None, paragraph.number, float("nan"), None,
                          paragraph.text)
        keyed.append(((j, 0, -1), row))
    for i, paragraph in enumerate(older):
        if i in matched_old:
            continue
        before = [k for k in range(i) if k in matched_old]
        anchor = matched_old[before[-1]] if before else -1
        keyed.append(((anchor + 0.5, 1, i), DiffRow(
            DiffStatus.DROPPED, kind, paragraph.number, None, float("nan"), paragraph.text, None)))
    return [row for _, row in sorted(keyed, key=lambda pair: pair[0])]
