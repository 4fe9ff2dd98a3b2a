"""The references stage on the seed resolution, on hand-built paragraphs, and against the UN's own
links in the Akoma Ntoso corpus."""

from __future__ import annotations

import hashlib
import re
import time
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as ET
import pytest
from unkg.graph.symbols import Symbol, SymbolKind
from unkg.ingest.clean import clean_text
from unkg.ingest.models import (
    Footnote,
    InstrumentKind,
    Paragraph,
    ParagraphKind,
    Reference,
    ReferenceKind,
    Relation,
    Resolution,
    Source,
    Span,
    UnresolvedKind,
)
from unkg.ingest.references import find_in_text, find_references
from unkg.ingest.segment import segment_resolution

from unkg.errors import SymbolError

# -- the seed, through the real pipeline ---------------------------------------------------------


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Resolution:
    digest = hashlib.sha256(seed_text.encode()).hexdigest()
    source = Source("data/ccpcj-resolution-22-7.txt", digest, "text/plain", seed_text)
    return find_references(segment_resolution(clean_text(seed_text), source))


def _refs(item: Paragraph | Footnote) -> list[Reference]:
    return list(item.references)


def test_seed_recalls_the_assembly_resolutions(seed: Resolution, seed_text: str) -> None:
    p1, p2 = seed.preamble[0], seed.preamble[1]
    first = [r for r in _refs(p1) if r.kind is ReferenceKind.RESOLUTION]
    assert [(str(r.target), r.date, r.relation) for r in first] == [
        ("A/RES/65/230", date(2010, 12, 21), Relation.RECALLS)]
    cited = seed_text[first[0].span.start:first[0].span.end]
    assert cited == "General Assembly resolution 65/230 of 21 December \n\n2010"
    second = [r for r in _refs(p2) if r.kind is ReferenceKind.RESOLUTION]
    assert [(str(r.target), r.date, r.relation) for r in second] == [
        ("A/RES/67/189", date(2012, 12, 20), Relation.RECALLS)]


def test_seed_salvador_declaration_is_one_instrument(seed: Resolution, seed_text: str) -> None:
    p1, p3 = seed.preamble[0], seed.preamble[2]
    in_p1 = [r for r in _refs(p1) if r.kind is ReferenceKind.INSTRUMENT]
    in_p3 = [r for r in _refs(p3) if r.kind is ReferenceKind.INSTRUMENT]
    assert {r.instrument for r in in_p1} == {r.instrument for r in in_p3} == {
        "salvador-declaration"}
    # The full name across four page-break lines, then "paragraph 42 of the Salvador Declaration",
    # which is a pinpoint into the Declaration, not a resolution.
    assert [" ".join(seed_text[r.span.start:r.span.end].split()) for r in in_p1] == [
        "Salvador Declaration on Comprehensive Strategies for Global Challenges: Crime Prevention "
        "and Criminal Justice Systems and Their Development in a Changing World",
        "paragraph 42 of the Salvador Declaration",
    ]
    assert [r.pinpoint for r in in_p1] == [None, "paragraph 42"]
    assert in_p3[0].relation is Relation.BEARS_IN_MIND
    salvador = next(i for i in seed.instruments if i.key == "salvador-declaration")
    assert str(salvador.symbol) == "A/RES/65/230"


def test_seed_footnotes(seed: Resolution) -> None:
    notes = {f.marker: f for f in seed.footnotes}
    assert [(str(r.target), r.kind, r.relation) for r in notes["1"].references] == [
        ("UNODC/CCPCJ/EG.4/2011/3", ReferenceKind.DOCUMENT, Relation.CITES),
        ("UNODC/CCPCJ/EG.4/2013/3", ReferenceKind.DOCUMENT, Relation.CITES),
    ]
    assert [(str(r.target), r.pinpoint) for r in notes["2"].references] == [
        ("A/RES/65/230", "annex, para. 42")]


def test_seed_study_of_unodc(seed: Resolution) -> None:
    o1, o4 = seed.operative[0], seed.operative[3]
    study = [r for r in _refs(o1) if r.kind is ReferenceKind.REPORT]
    assert [(r.instrument, r.relation) for r in study] == [
        ("unodc-comprehensive-study-on-cybercrime", Relation.TAKES_NOTE)]
    # Operative paragraph 4 names the same study again, without its author.
    assert [r.instrument for r in _refs(o4)] == ["unodc-comprehensive-study-on-cybercrime"]
    report = next(i for i in seed.instruments if i.kind is InstrumentKind.REPORT)
    assert (report.name, report.author) == ("Comprehensive study on cybercrime", "unodc")


def test_seed_spans_slice_the_original_text(seed: Resolution, seed_text: str) -> None:
    every = [r for item in (*seed.paragraphs, *seed.footnotes) for r in item.references]
    assert len(every) == 10
    for reference in every:
        written = seed_text[reference.span.start:reference.span.end]
        assert " ".join(written.split()) == " ".join(reference.text.split())
    assert {i.key for i in seed.instruments} == {
        "salvador-declaration", "unodc-comprehensive-study-on-cybercrime"}
    assert not [u for u in seed.unresolved
                if u.kind in (UnresolvedKind.CITATION, UnresolvedKind.SYMBOL)]


# -- hand-built paragraphs: offsets shifted into a larger original --------------------------------


def _paragraph(text: str, start: int, opening: str, index: int = 1) -> Paragraph:
    """A paragraph whose text starts at ``start`` of the original, character for character."""
    end = start + len(text)
    return Paragraph(ParagraphKind.PREAMBULAR, index, opening, text, Span(start, end),
                     offsets=tuple(range(start, end + 1)))


def test_hand_built_council_resolution() -> None:
    # akn/hrc/55/A_HRC_RES_55_10E.xml, as one Human Rights Council paragraph at offset 100
    text = ("Recalling relevant resolutions adopted by the General Assembly and the Human Rights "
            "Council, including Assembly resolution 76/227 of 24 December 2021, and Council "
            "resolutions 44/12 of 16 July 2020 and 50/15 of 8 July 2022")
    original = " " * 100 + text
    resolution = Resolution(Source("x", "0", "text/plain", original), None, None, "hrc", None,
                            preamble=(_paragraph(text, 100, "Recalling"),))
    found = find_references(resolution).preamble[0].references
    assert [str(r.target) for r in found] == [
        "A/RES/76/227", "A/HRC/RES/44/12", "A/HRC/RES/50/15"]
    assert [original[r.span.start:r.span.end] for r in found] == [
        "Assembly resolution 76/227 of 24 December 2021",
        "Council resolutions 44/12 of 16 July 2020", "50/15 of 8 July 2022"]


def test_unresolved_items_carry_spans() -> None:
    # akn/ga/75/75_89_E.xml, a footnote of an Assembly resolution at offset 40
    text = "Indian Ocean Tuna Commission, resolutions 12/07 and 13/07."
    original = " " * 40 + text
    note = Footnote("3", text, Span(40, 40 + len(text)), offsets=tuple(range(40, 41 + len(text))))
    resolution = Resolution(Source("x", "0", "text/plain", original), None, None, "ga", None,
                            footnotes=(note,))
    result = find_references(resolution)
    assert result.footnotes[0].references == ()
    assert [(u.kind, original[u.span.start:u.span.end]) for u in result.unresolved] == [
        (UnresolvedKind.CITATION, "resolutions 12/07"), (UnresolvedKind.CITATION, "13/07")]


# -- the corpus: found symbols against the undocs.org links the UN put in its own XML ------------

_AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
_NOTE = _AKN + "authorialNote"


def _text_and_links(p: Element) -> tuple[str, list[str]]:
    """The text of a ``<p>`` (the text of its ``<a>`` kept, its footnotes left out), and the
    targets of its links."""
    parts: list[str] = []
    links: list[str] = []

    def walk(element: Element) -> None:
        parts.append(element.text or "")
        if element.tag == _AKN + "a":
            links.append(element.get("href", ""))
        for child in element:
            if child.tag != _NOTE:
                walk(child)
            parts.append(child.tail or "")

    walk(p)
    return " ".join("".join(parts).split()), links


def _key(symbol: Symbol) -> str:
    """What a link and a found symbol are compared on: undocs.org's compact form, without the part
    letters and volume qualifiers that the UN's links give or omit at will."""
    path = symbol.undocs_url.split("undocs.org/", 1)[1]
    path = re.sub(r"\((?:Part|Parts|Vol|Introduction)[^)]*\)", "", path)
    if symbol.kind is SymbolKind.RESOLUTION and "(" not in path:
        path = re.sub(r"(?<=\d)[A-Z](?:-[A-Z])?$", "", path)
    return path


def _linked(href: str) -> str | None:
    href = re.sub(r"^https?://docs\.un\.org/", "https://undocs.org/", href)
    if "undocs.org/" not in href:
        return None
    try:
        return _key(Symbol.from_undocs_url(re.sub(r"\(supp\)$", "", href, flags=re.IGNORECASE)))
    except SymbolError:
        return None


def _compared(symbol: Symbol) -> bool:
    """The UN's XML links resolutions and documents but not decisions, nor most resolutions of
    the functional commissions ("E/CN.15/RES/..."): those are left out of the comparison."""
    return symbol.kind is not SymbolKind.DECISION and not re.match(r"E/CN\.\d+/RES/", str(symbol))


def _files(corpus: Path, count: int) -> list[Path]:
    # The Human Rights Council files are left out: the UN linked almost nothing in them.
    files = sorted(f for body in ("ga", "sc") for f in (corpus / "akn" / body).glob("*/*.xml")
                   if not f.name.endswith("F.xml"))  # English texts only
    step = max(1, len(files) // count)
    return files[::step][:count]


@pytest.mark.corpus
def test_found_symbols_match_the_uns_links(corpus: Path) -> None:
    started = time.monotonic()
    tp = fp = fn = 0
    for path in _files(corpus, 300):
        tree = ET.parse(path)
        body = "sc" if "/sc/" in path.as_posix() else "ga"
        gold: set[str] = set()
        found: set[str] = set()
        for part in ("preamble", "mainBody"):
            for section in tree.iter(_AKN + part):
                for p in section.iter(_AKN + "p"):
                    text, links = _text_and_links(p)
                    gold |= {k for k in map(_linked, links) if k}
                    found |= {_key(f.target) for f in find_in_text(
                        text, citing_body=body, relation=Relation.CITES)
                        if f.target is not None and _compared(f.target)}
        tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\nreferences vs undocs.org links: precision {precision:.4f} recall {recall:.4f} "
          f"({tp} found, {fp} not linked, {fn} missed) in {time.monotonic() - started:.1f} s")
    assert precision >= 0.95
    assert recall >= 0.9
