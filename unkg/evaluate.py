"""``unkg eval``: the text pipeline measured against the UN's own AKN markup.

For every AKN4UN file, :mod:`unkg.eval_gold` reads the gold (paragraphs, sub-item labels,
footnotes and the symbols of the UN's ``undocs.org`` links), :mod:`unkg.eval_render` renders the
text a reader sees (``plain``) or what PDF extraction gives (``pdf``), and
:func:`~unkg.ingest.pipeline.parse_text` parses that text. :func:`score_resolution` compares:

* structure: preambular paragraphs aligned by index (by their opening words when the counts
  differ), operative paragraphs by number; the preamble count, the operative numbering, the
  sub-item labels of each aligned paragraph and the paragraph each footnote is attached to;
* references: for each *unit* (an aligned paragraph, or a footnote matched by its marker) the
  predicted symbols against the linked ones, true and false positives and false negatives, micro
  averaged over all units. A prediction the UN did not link is an *unlinked extra*, counted apart
  and not as a false positive, when it is a named instrument, a resolution or decision of a body
  other than the adopting one, or a symbol printed in full in the unit's text (docs/quality.md
  gives the exact rule). Resolution part letters are ignored ("74/255 B" matches a link to
  A/RES/74/255 A-B): the UN's own links write them either way.

:func:`evaluate_file` does one file (the unit of work of the process pool in
:func:`evaluate_paths`); each result is a plain JSON-ready dict, see :class:`FileResult`.
Summaries, saved runs and their comparison live in :mod:`unkg.eval_report`.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from enum import Enum
from pathlib import Path
from typing import Any

from unkg.errors import UnkgError
from unkg.eval_akn import read_akn_documents
from unkg.eval_gold import Gold, GoldParagraph
from unkg.eval_render import Rendering, render
from unkg.graph.symbols import Symbol, SymbolKind
from unkg.ingest.models import Footnote, Paragraph, Reference, ReferenceKind, Resolution

__all__ = ["Extra", "FileResult", "Rendering", "evaluate_file", "evaluate_paths",
           "iter_akn_files", "score_resolution", "symbol_family", "symbol_key"]


class Extra(Enum):
    """Why a prediction the UN did not link is not counted as a false positive."""

    INSTRUMENT = "named-instrument"  # a declaration, convention, report known by name
    DECISION = "decision"  # decisions are no documents of their own: the UN never links them
    OTHER_BODY = "other-body"  # a resolution of a body other than the adopting one
    VERBATIM = "verbatim-symbol"  # a symbol printed in full in the unit's text


@dataclass
class FileResult:
    """The score of one resolution in one rendering; every field is JSON-ready.

    ``families`` maps a symbol family (:func:`symbol_family`) to ``[tp, fp, fn]``; ``missed``,
    ``invented`` and ``extras`` list ``"unit symbol"`` strings (``"p3 A/RES/59/50"``, units are
    paragraph ids ``p3``/``o2`` and footnotes ``n1``); ``samples`` holds unlinked extras with
    their paragraph text, only when asked for.
    """

    unit: str
    rendering: str
    body: str
    error: str | None = None  # the pipeline failed on the text: it counts as wrong everywhere
    skipped: str | None = None  # why the file was not judged (not English, not a resolution)
    gold_preamble: int = 0
    pred_preamble: int = 0
    gold_numbers: list[str | None] = field(default_factory=list)
    pred_numbers: list[str | None] = field(default_factory=list)
    labeled: int = 0  # aligned paragraphs with sub-items on either side
    labels_exact: int = 0
    notes_gold: int = 0
    notes_found: int = 0  # gold footnotes with a predicted footnote of the same marker
    notes_attachable: int = 0  # gold footnotes called from a paragraph
    notes_attached: int = 0  # ... attached by the pipeline to the aligned paragraph
    tp: int = 0
    fp: int = 0
    fn: int = 0
    doc_tp: int = 0
    doc_fp: int = 0
    doc_fn: int = 0
    extras: dict[str, int] = field(default_factory=dict)
    families: dict[str, list[int]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    extra_items: list[str] = field(default_factory=list)
    links: int = 0  # the symbols the UN linked in paragraphs and footnotes
    bad_links: list[str] = field(default_factory=list)
    web_links: int = 0
    unscored_links: int = 0
    seconds: float = 0.0
    samples: list[dict[str, str]] = field(default_factory=list)

    @property
    def preamble_exact(self) -> bool:
        return self.error is None and self.gold_preamble == self.pred_preamble

    @property
    def numbering_exact(self) -> bool:
        return self.error is None and self.gold_numbers == self.pred_numbers

    @property
    def counts_exact(self) -> bool:
        return self.preamble_exact and len(self.gold_numbers) == len(self.pred_numbers)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileResult:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def iter_akn_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The AKN files under ``paths`` (files as given, folders searched), metadata left out."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.xml") if "metadata" not in p.parts)
        else:
            yield path


def evaluate_paths(paths: Iterable[str | Path], renderings: tuple[Rendering, ...], *,
                   workers: int = 0, samples: bool = False,
                   on_file: Callable[[Path], None] | None = None) -> Iterator[FileResult]:
    """Score every AKN file under ``paths`` in each rendering, in file order, on ``workers``
    processes (0: one per core; 1: in this process). Results stream: memory stays flat."""
    files = list(iter_akn_files(paths))
    names = tuple(r.value for r in renderings)
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        for path in files:
            yield from evaluate_file(str(path), names, samples)
            if on_file:
                on_file(path)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(16, len(files) // (workers * 8) or 1))
        jobs = pool.map(evaluate_file, [str(p) for p in files], [names] * len(files),
                        [samples] * len(files), chunksize=chunk)
        for path, results in zip(files, jobs, strict=True):
            yield from results
            if on_file:
                on_file(path)


def evaluate_file(path: str, renderings: tuple[str, ...] = ("plain",),
                  samples: bool = False) -> list[FileResult]:
    """Score each resolution of the AKN file ``path`` in each rendering (by name)."""
    try:
        documents = read_akn_documents(path)
    except UnkgError as error:
        return [FileResult(path, name, "", error=f"gold: {error}") for name in renderings]
    results = []
    for document in documents:
        gold = document.gold
        if gold.skip or not gold.paragraphs:
            why = gold.skip or "no paragraphs in the markup"
            results += [FileResult(gold.unit, name, gold.body, skipped=why) for name in renderings]
            continue
        for name in renderings:
            start = time.perf_counter()
            text = render(document, Rendering(name))
            try:
                resolution = _parse(text, gold.unit)
            except UnkgError as error:
                result = FileResult(gold.unit, name, gold.body, error=str(error))
            except ImportError:
                raise  # the pipeline itself is broken: no file can be judged
            except Exception as error:  # noqa: BLE001 - a crash of the judged pipeline is a score
                result = FileResult(gold.unit, name, gold.body,
                                    error=f"crash: {type(error).__name__}: {error}")
            else:
                result = score_resolution(gold, resolution, name, samples=samples)
            result.seconds = round(time.perf_counter() - start, 4)
            results.append(result)
    return results


def _parse(text: str, unit: str) -> Resolution:
    from unkg.ingest.pipeline import parse_text

    return parse_text(text, path=unit)


# --- scoring ---------------------------------------------------------------------------------


def symbol_key(symbol: Symbol) -> str:
    """The form in which two symbols are compared: the canonical one, resolution and decision
    part letters dropped ("A/RES/74/255 B" and "A/RES/74/255 A-B" are both "A/RES/74/255")."""
    if symbol.kind in (SymbolKind.RESOLUTION, SymbolKind.DECISION):
        return re.sub(r"(?<=\d) [A-Z](?:-[A-Z])?(?= \(|$)", "", symbol.value)
    return symbol.value


def symbol_family(symbol: Symbol) -> str:
    """The family a symbol is reported under: ``A/RES``, ``S/RES``, ``E/RES``, ``A/HRC/RES``,
    ``other RES``, ``decisions``, ``S/PRST``, or ``doc`` and the series prefix of any other
    document (``doc A``, ``doc A/HRC``, ``doc A/CONF``, ``doc S``)."""
    value = symbol.value
    if symbol.kind is SymbolKind.RESOLUTION:
        series = value.partition("/RES/")[0]
        return f"{series}/RES" if series in ("A", "S", "E", "A/HRC") else "other RES"
    if symbol.kind is SymbolKind.DECISION:
        return "decisions"
    if symbol.kind is SymbolKind.PRESIDENTIAL_STATEMENT:
        return "S/PRST"
    parts = value.split("/")
    prefix = parts[0]
    if len(parts) > 2 and re.match(r"[A-Z]", parts[1]):
        prefix += "/" + re.match(r"[A-Z]+", parts[1])[0]  # type: ignore[index]
    return f"doc {prefix}"


@dataclass
class _Unit:
    """One place references are compared: an aligned paragraph or a footnote."""

    name: str  # "p3", "o2", "n1"
    gold: frozenset[Symbol]
    text: str  # the gold text, for the verbatim rule
    predicted: tuple[Reference, ...]


def score_resolution(gold: Gold, resolution: Resolution, rendering: str = "plain", *,
                     samples: bool = False) -> FileResult:
    """Compare what the pipeline read from the rendered text with the gold."""
    result = FileResult(gold.unit, rendering, gold.body, links=gold.links,
                        bad_links=list(gold.bad_links), web_links=gold.web_links,
                        unscored_links=gold.unscored_links)
    result.gold_preamble, result.pred_preamble = len(gold.preamble), len(resolution.preamble)
    result.gold_numbers = [p.number for p in gold.operative]
    result.pred_numbers = [_number(p) for p in resolution.operative]
    pairs = (_align(gold.preamble, resolution.preamble, by_index=True)
             + _align(gold.operative, resolution.operative, by_index=False))
    ids = {g.id: p.id for g, p in pairs if g is not None and p is not None}
    units = []
    for g, p in pairs:
        if g is not None and p is not None and (g.labels or p.subparagraphs):
            result.labeled += 1
            result.labels_exact += g.labels == _labels(p)
        units.append(_Unit(g.id if g else f"+{p.id if p else ''}", g.symbols if g else frozenset(),
                           g.text if g else "", p.references if p else ()))
    predicted: dict[str, list[Footnote]] = {}
    for footnote in resolution.footnotes:
        predicted.setdefault(footnote.marker, []).append(footnote)
    for note in gold.notes:
        found = predicted.get(note.marker, [])
        match = found.pop(0) if found else None
        result.notes_gold += 1
        result.notes_found += match is not None
        if note.paragraph is not None:
            result.notes_attachable += 1
            result.notes_attached += match is not None and match.paragraph == ids.get(
                note.paragraph)
        units.append(_Unit(f"n{note.marker}", note.symbols, note.text,
                           match.references if match else ()))
    for rest in predicted.values():
        units += [_Unit(f"+n{f.marker}", frozenset(), "", f.references) for f in rest]
    _score_units(result, gold, units, samples)
    return result


def _number(paragraph: Paragraph) -> str | None:
    return paragraph.number.strip().rstrip(".").strip() if paragraph.number else None


def _labels(paragraph: Paragraph) -> tuple[str, ...]:
    out: list[str] = []
    stack = list(reversed(paragraph.subparagraphs))
    while stack:
        sub = stack.pop()
        out.append(sub.label.strip("() "))
        stack += reversed(sub.subparagraphs)
    return tuple(out)


def _opening(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", text.lower())[:5])


def _align(gold: tuple[GoldParagraph, ...], predicted: tuple[Paragraph, ...], *,
           by_index: bool) -> list[tuple[GoldParagraph | None, Paragraph | None]]:
    """Pairs of gold and predicted paragraphs: by position when the counts agree, else by the
    longest matching runs of keys (opening words, or operative numbers), position within a run."""
    if len(gold) == len(predicted):
        return list(zip(gold, predicted, strict=True))
    if by_index:
        keys_gold = [_opening(g.text) for g in gold]
        keys_pred = [_opening(p.text) for p in predicted]
    else:
        keys_gold = [g.number or _opening(g.text) for g in gold]
        keys_pred = [_number(p) or _opening(p.text) for p in predicted]
    pairs: list[tuple[GoldParagraph | None, Paragraph | None]] = []
    matcher = SequenceMatcher(None, keys_gold, keys_pred, autojunk=False)
    for _, g0, g1, p0, p1 in matcher.get_opcodes():
        for k in range(max(g1 - g0, p1 - p0)):
            pairs.append((gold[g0 + k] if g0 + k < g1 else None,
                          predicted[p0 + k] if p0 + k < p1 else None))
    return pairs


def _score_units(result: FileResult, gold: Gold, units: list[_Unit], samples: bool) -> None:
    doc_gold: set[str] = set()
    doc_pred: set[str] = set()
    doc_invented: set[str] = set()
    doc_extra: set[str] = set()
    for unit in units:
        expected = {symbol_key(s): s for s in unit.gold}
        found: dict[str, tuple[Symbol, Reference]] = {}
        for reference in unit.predicted:
            if reference.target is None:
                _extra(result, unit, reference.instrument or reference.text, Extra.INSTRUMENT,
                       reference, samples)
            else:
                found.setdefault(symbol_key(reference.target), (reference.target, reference))
        doc_gold.update(expected)
        doc_pred.update(found)
        for key, symbol in expected.items():
            family = result.families.setdefault(symbol_family(symbol), [0, 0, 0])
            if key in found:
                result.tp += 1
                family[0] += 1
            else:
                result.fn += 1
                family[2] += 1
                result.missed.append(f"{unit.name} {symbol}")
        for key, (symbol, reference) in found.items():
            if key in expected:
                continue
            why = _why_unlinked(symbol, reference, gold.body, unit.text)
            if why is not None:
                _extra(result, unit, str(symbol), why, reference, samples)
                doc_extra.add(key)
                continue
            result.fp += 1
            result.families.setdefault(symbol_family(symbol), [0, 0, 0])[1] += 1
            result.invented.append(f"{unit.name} {symbol}")
            doc_invented.add(key)
    result.doc_tp = len(doc_gold & doc_pred)
    result.doc_fn = len(doc_gold - doc_pred)
    result.doc_fp = len((doc_invented - doc_extra) - doc_gold)


def _why_unlinked(symbol: Symbol, reference: Reference, body: str, text: str) -> Extra | None:
    """The class of an unlinked prediction (docs/quality.md), or None for a false positive."""
    if reference.kind in (ReferenceKind.INSTRUMENT, ReferenceKind.REPORT):
        return Extra.INSTRUMENT
    if symbol.kind is SymbolKind.DECISION:
        return Extra.DECISION
    if symbol.kind is SymbolKind.RESOLUTION and symbol.body != body:
        return Extra.OTHER_BODY
    if _printed(symbol, text):
        return Extra.VERBATIM
    return None


def _printed(symbol: Symbol, text: str) -> bool:
    """Whether ``symbol`` is printed in full in ``text``: case aside, with any spaces where the
    canonical form has one and around its punctuation ("S/RES/1373 (2001)", "A/75/6 (Sect. 12)")."""
    value = symbol.value
    pattern = ""
    for k, char in enumerate(value):
        if char == " ":
            pattern += r"\s*"
            continue
        if k and (not char.isalnum() or not value[k - 1].isalnum()) and value[k - 1] != " ":
            pattern += r"\s?"
        pattern += re.escape(char)
    # Not inside a longer symbol; a joint symbol "A/79/302-S/2024/600" prints both in full.
    return re.search(rf"(?<![\w/.]){pattern}(?![\w/-]|\.\d)", text, re.IGNORECASE) is not None


def _extra(result: FileResult, unit: _Unit, what: str, why: Extra, reference: Reference,
           samples: bool) -> None:
    result.extras[why.value] = result.extras.get(why.value, 0) + 1
    result.extra_items.append(f"{unit.name} {what} ({why.value})")
    if samples:
        at = unit.text.find(reference.text[:30]) if unit.text else -1
        start = max(0, at - 250) if at >= 0 else 0
        context = unit.text[start : start + 600] if unit.text else ""
        result.samples.append({"unit": result.unit, "rendering": result.rendering,
                               "where": unit.name, "what": what, "class": why.value,
                               "reference": reference.text, "paragraph": context})
