"""Clean and segment all 902 old Security Council texts (1946-1994, hand-corrected OCR).

The whole folder must go through without an exception, and nearly every text must come out as
what it is: a Security Council resolution with a number and at least one operative paragraph.
A few real files are then checked paragraph by paragraph (counts checked by eye on the files).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from unkg.ingest.clean import clean_text
from unkg.ingest.models import Resolution
from unkg.ingest.segment import segment_resolution
from unkg.ingest.sources import read_text_source

pytestmark = pytest.mark.corpus

FOLDER = Path("text") / "unsc-1946-1994"


def read(path: Path) -> Resolution:
    source = read_text_source(path)
    return segment_resolution(clean_text(source.text), source)


@pytest.fixture(scope="module")
def resolutions(corpus: Path) -> dict[str, Resolution]:
    files = sorted((corpus / FOLDER).glob("*.txt"))
    assert len(files) == 902
    return {path.name: read(path) for path in files}


def test_every_text_is_a_security_council_resolution(resolutions: dict[str, Resolution]) -> None:
    failures = [
        (name, r.body, r.number, len(r.preamble), len(r.operative))
        for name, r in resolutions.items()
        if not (r.body == "sc" and r.number and r.operative)
    ]
    share = 1 - len(failures) / len(resolutions)
    print(f"\n{share:.1%} of {len(resolutions)} texts: body sc, a number, an operative paragraph")
    for failure in failures:
        print("  not recognised:", failure)
    assert share >= 0.95


def test_symbols_and_spans_hold(resolutions: dict[str, Resolution]) -> None:
    for name, resolution in resolutions.items():
        if resolution.number and resolution.body == "sc":
            assert str(resolution.symbol) == f"S/RES/{resolution.number}", name
        text = resolution.source.text
        for paragraph in resolution.paragraphs:
            assert paragraph.text and not paragraph.text[0].isspace(), (name, paragraph.id)
            assert 0 <= paragraph.span.start < paragraph.span.end <= len(text), name
            first = paragraph.text.split()[0]
            start = paragraph.span_at(0, len(first)).start
            assert text[start : start + len(first)] == first, (name, paragraph.id)
        for paragraph in resolution.paragraphs:  # the adoption statement is never a paragraph
            assert not paragraph.text.startswith("Adopted "), (name, paragraph.id)


@pytest.mark.parametrize(
    ("name", "preamble", "operative", "openings"),
    [
        # 242 (1967): three preambular paragraphs, four numbered operative ones, (a)-(c) in o2
        ("S_RES_0242_1967_EN_GOLD.txt", 3, 4,
         ["Expressing its continuing concern", "Emphasizing", "Emphasizing further", "Affirms",
          "Affirms further", "Requests", "Requests"]),
        # 100 (1953): "Having taken note of ... 1953, 6" and "Relies on * the Chief of Staff"
        ("S_RES_0100_1953_EN_GOLD.txt", 2, 3,
         ["Having taken note of", "Desirous", "Deems", "Notes with satisfaction", "Relies"]),
        # 1 (1946): no formula line; "1. The Security Council requests ..."
        ("S_RES_0001_1946_EN_GOLD.txt", 0, 3, ["requests", "directs", "directs"]),
        # 429 (1978): one unnumbered operative paragraph, "Decides:" with (a), (b), (c)
        ("S_RES_0429_1978_EN_GOLD.txt", 3, 1,
         ["Having considered", "Having noted", "Expressing concern", "Decides"]),
        # 484 (1980): paragraph 2 lost its number in print
        ("S_RES_0484_1980_EN_GOLD.txt", 3, 4,
         ["Recalling", "Taking note of", "Expressing its grave concern", "Reaffirms",
          "Calls upon", "Declares", "Requests"]),
        # 15 (1946): "Whereas ..." before the formula, then "Resolves:" and its "That ..." clauses
        ("S_RES_0015_1946_EN_GOLD.txt", 1, 1, ["Whereas", "Resolves"]),
        # 34 (1947): an operative part lettered (a), (b)
        ("S_RES_0034_1947_EN_GOLD.txt", 0, 2, ["Resolves", "Requests"]),
        # 855 (1993): seven preambular paragraphs, volume-wide markers "of 20 127 and 23 July"
        ("S_RES_0855_1993_EN_GOLD.txt", 7, 4,
         ["Taking note of", "Also taking note of", "Deeply concerned", "Bearing in mind",
          "Reaffirming", "Determined", "Stressing its commitment", "Endorses", "Calls upon",
          "Also calls upon", "Decides"]),
    ],
)
def test_spot_checks(
    resolutions: dict[str, Resolution], name: str, preamble: int, operative: int,
    openings: list[str],
) -> None:
    resolution = resolutions[name]
    assert (len(resolution.preamble), len(resolution.operative)) == (preamble, operative)
    assert [p.opening for p in resolution.paragraphs] == openings
    assert resolution.adoption is not None and resolution.adoption.startswith("Adopted")


def test_spot_check_sub_paragraphs_and_footnotes(resolutions: dict[str, Resolution]) -> None:
    s242 = resolutions["S_RES_0242_1967_EN_GOLD.txt"]
    assert [s.label for s in s242.operative[1].subparagraphs] == ["(a)", "(b)", "(c)"]
    s855 = resolutions["S_RES_0855_1993_EN_GOLD.txt"]
    assert [(f.marker, f.paragraph) for f in s855.footnotes] == [
        ("127", "p1"), ("128", "p1"), ("129", "p2"), ("130", "p2")
    ]
    assert s855.preamble[0].text.startswith("Taking note of the letters of 20 and 23 July 1993")
    s687 = resolutions["S_RES_0687_1991_EN_GOLD.txt"]
    (_, b) = s687.operative[8].subparagraphs
    assert [s.label for s in b.subparagraphs] == ["(i)", "(ii)", "(iii)"]
