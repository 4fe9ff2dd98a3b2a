"""PDF ingest: the four official GA resolution PDFs of the corpus read into resolutions, and the
PDFs the pipeline must refuse (scans, encrypted and broken files), each with its reason."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from unkg.graph.symbols import Symbol
from unkg.ingest.models import ReferenceKind, Resolution
from unkg.ingest.pdf import PAGE_BREAK, read_pdf_source
from unkg.ingest.pipeline import is_supported, parse_documents, parse_file

from unkg.errors import SourceError


@pytest.fixture(scope="module")
def ga73(corpus: Path) -> dict[str, Resolution]:
    """The four GA-73 PDFs, parsed once: ``{"73/3": resolution, ...}``."""
    return {
        f"73/{n}": parse_file(corpus / "pdf" / "ga-73" / f"A_RES_73_{n}-EN.pdf")
        for n in (3, 6, 7, 8)
    }


def _resolution_refs(resolution: Resolution) -> list[str]:
    return [str(ref.target) for p in resolution.paragraphs for ref in p.references
            if ref.kind is ReferenceKind.RESOLUTION]


# Counted by eye in the text pypdf extracts from each PDF (its paragraphs, not its footnotes):
# preambular paragraphs (one per italic opening phrase), numbered operative paragraphs, and the
# resolutions the paragraphs cite.
@pytest.mark.parametrize(
    ("number", "preambular", "operative", "cited"),
    [
        # "The General Assembly / Adopts the following political declaration" and the
        # declaration's 53 numbered paragraphs; it cites GA 71/3 (twice), 70/266, 68/300, 72/139,
        # 70/175 and HRC 33/11 (WHA resolutions 69.2 and 67.1 are of another organization).
        ("73/3", 0, 54, 7),
        # 25 preambular paragraphs; "Recalling its resolutions 2453 A (XXIII) ..., 37/90 ...,
        # 54/68 ..., 59/2 ... and 72/79" and "General Assembly resolution 51/122": 6 citations.
        ("73/6", 25, 14, 6),
        # 13 preambular paragraphs; "resolution 72/3" and "resolution 58/318" twice: 3.
        ("73/7", 13, 28, 3),
        # 8 preambular paragraphs; 47/19 ... 72/4 (26 resolutions) listed in "Recalling its
        # resolutions" and again in "Concerned that, since the adoption of its resolutions", and
        # "resolution 72/4" in operative paragraph 1: 26 + 26 + 1 = 53.
        ("73/8", 8, 5, 53),
    ],
)
def test_ga73_pdfs_parse_into_their_resolutions(
    ga73: dict[str, Resolution], number: str, preambular: int, operative: int, cited: int
) -> None:
    resolution = ga73[number]
    assert resolution.symbol == Symbol.parse(f"A/RES/{number}")
    assert resolution.body == "ga"
    assert len(resolution.preamble) == preambular
    assert len(resolution.operative) == operative
    assert len(_resolution_refs(resolution)) == cited
    assert resolution.source.media_type == "application/pdf"


def test_pdf_spans_point_into_the_extracted_text(ga73: dict[str, Resolution]) -> None:
    resolution = ga73["73/8"]
    text = resolution.source.text
    # The pages are joined by form feeds; 73/8 has two pages.
    assert text.count(PAGE_BREAK) == 1
    first = resolution.operative[0]
    assert text[first.span.start : first.span.end] == (
        "Takes note of the report of the Secretary-General on the implementation of \n"
        "resolution 72/4;"
    )
    recalled = [r for r in resolution.preamble[5].references if str(r.target) == "A/RES/47/19"]
    assert [text[r.span.start : r.span.end] for r in recalled] == [
        "resolutions 47/19 of 24 November 1992"
    ]
    # The adoption statement below the text, read into the record with the draft of the masthead.
    assert resolution.adoption == "30th plenary meeting 1 November 2018"
    assert resolution.record is not None
    assert resolution.record.meeting_number == 30
    assert str(resolution.record.draft) == "A/73/L.3"


def test_pdf_source_is_fingerprinted_by_its_bytes(corpus: Path) -> None:
    path = corpus / "pdf" / "ga-73" / "A_RES_73_8-EN.pdf"
    source = read_pdf_source(path)
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source.path == str(path)
    assert is_supported(path)
    assert len(parse_documents(path)) == 1


def _write(pdf: PdfWriter, path: Path) -> Path:
    with path.open("wb") as out:
        pdf.write(out)
    return path


def test_a_pdf_without_text_layer_is_refused_as_a_scan(tmp_path: Path) -> None:
    scan = PdfWriter()
    scan.add_blank_page(width=595, height=842)  # an A4 page with no text, as a scan's image page
    scan.add_blank_page(width=595, height=842)
    path = _write(scan, tmp_path / "scan.pdf")
    with pytest.raises(SourceError) as error:
        parse_file(path)
    assert error.value.path == str(path)
    assert error.value.problem == "no text layer: this PDF looks like a scan; run OCR first"


def test_an_encrypted_pdf_is_refused_by_name(corpus: Path, tmp_path: Path) -> None:
    locked = PdfWriter()
    for page in PdfReader(corpus / "pdf" / "ga-73" / "A_RES_73_8-EN.pdf").pages:
        locked.add_page(page)
    locked.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = _write(locked, tmp_path / "locked.pdf")
    with pytest.raises(SourceError, match=r"locked\.pdf: is encrypted: it needs a password"):
        read_pdf_source(path)


def test_a_pdf_protected_with_an_empty_password_is_read(corpus: Path, tmp_path: Path) -> None:
    protected = PdfWriter()
    for page in PdfReader(corpus / "pdf" / "ga-73" / "A_RES_73_8-EN.pdf").pages:
        protected.add_page(page)
    protected.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = _write(protected, tmp_path / "protected.pdf")
    assert parse_file(path).symbol == Symbol.parse("A/RES/73/8")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        # a PDF cut short after its header: no cross-reference table, no pages
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "is damaged or not a valid PDF"),
        # a text file given a .pdf name
        (b"The Security Council,\n\n1. Decides ...\n", "is not a PDF file"),
        # an empty file
        (b"", "is not a PDF file"),
    ],
)
def test_a_broken_pdf_is_refused_by_name(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(SourceError) as error:
        read_pdf_source(path)
    assert error.value.path == str(path)
    assert error.value.problem.startswith(problem)
