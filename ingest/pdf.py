"""Reading PDF files into :class:`~unkg.ingest.models.Source` objects.

:func:`read_pdf_source` owns PDF sources: it extracts the text layer of every page with pypdf, in
reading order, and joins the pages with a form feed so that the cleaner sees each page break as a
line break followed by a blank line (and drops the page headers and footers around it).

For a PDF, ``Source.text`` is the *extracted* text, not the file: every span the pipeline records
is an offset into that text, and ``Source.sha256`` fingerprints the PDF's bytes. The extraction is
deterministic for a given pypdf version, so the same file gives the same text and spans.

pypdf's plain extraction is used, not ``extraction_mode="layout"``: on the official GA resolution
PDFs (A/RES/73/3, 6, 7 and 8) the layout mode splits words at kerning gaps ("the Unit ed States"),
pads lines with hundreds of spaces and blank lines, and loses the draft symbol and three
preambular paragraphs of 73/7, while the plain mode gives one line per printed line, paragraphs
that start with their indent, and footnotes at the foot of each page, as the cleaner expects.

A PDF without a text layer (a scan) is refused with a :class:`~unkg.errors.SourceError` asking
for OCR first, and so are encrypted and broken files; the error names the file and the problem.
"""

from __future__ import annotations

import hashlib
import logging
import struct
import zlib
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError
from unkg.ingest.models import Source

from unkg.errors import SourceError

__all__ = ["APPLICATION_PDF", "PAGE_BREAK", "read_pdf_source"]

APPLICATION_PDF = "application/pdf"
#: What ends each page in ``Source.text``: a form feed, which the cleaner reads as a line break.
PAGE_BREAK = "\f"
#: A page with fewer letters and digits than this has no real text layer: a scanned page, or a
#: blank one, or one with only a stamp or a page number.
_MIN_PAGE_CHARS = 25

# What pypdf raises, besides its own errors, on a damaged file: bad numbers and keys in the
# object tables, truncated streams, broken compression.
_BROKEN = (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError,
           RecursionError, struct.error, zlib.error)


def read_pdf_source(path: Path) -> Source:
    """Read the text layer of the PDF at ``path`` (see the module docstring).

    Raises :class:`SourceError` naming the file when it cannot be read, is not a PDF, is
    encrypted, is damaged, or has no text layer.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot be read ({error.strerror or error})") from error
    if b"%PDF-" not in data[:1024]:
        raise SourceError(path, "is not a PDF file (no %PDF- header)")
    pages = _extract_pages(path, data)
    if not pages:
        raise SourceError(path, "has no pages")
    if all(_text_chars(page) < _MIN_PAGE_CHARS for page in pages):
        raise SourceError(path, "no text layer: this PDF looks like a scan; run OCR first")
    text = PAGE_BREAK.join(page if page.endswith("\n") else page + "\n" for page in pages)
    return Source(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=APPLICATION_PDF,
        text=text,
    )


def _extract_pages(path: Path, data: bytes) -> list[str]:
    """The text of each page, in order; pypdf's warnings about odd but readable files are muted."""
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        # An encrypted PDF is opened with the empty password, which is how most "protected"
        # PDFs are published; one that needs a real password fails on its first page.
        reader = PdfReader(BytesIO(data))
        return [page.extract_text() for page in reader.pages]
    except FileNotDecryptedError as error:
        raise SourceError(path, "is encrypted: it needs a password to be read") from error
    except DependencyError as error:
        raise SourceError(path, f"is encrypted and cannot be decrypted here ({error})") from error
    except _BROKEN as error:
        raise SourceError(path, f"is damaged or not a valid PDF ({type(error).__name__}: "
                                f"{error})") from error
    finally:
        pypdf_log.setLevel(level)


def _text_chars(page: str) -> int:
    return sum(1 for char in page if char.isalnum())
