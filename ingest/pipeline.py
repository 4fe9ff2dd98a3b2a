"""The text pipeline, assembled: a source file in, a :class:`~unkg.ingest.models.Resolution` out.

Each stage is a pure function over the model and lives in its own module::

    read_text_source | read_pdf_source -> clean_text -> segment_resolution -> read_adoption
        -> resolve_entities -> find_references -> find_mandates -> find_meetings

A text or PDF that holds several resolutions (a volume of resolutions, a session report, files
put together) is cut by :func:`~unkg.ingest.split.split_resolutions` and each piece read on its
own (:func:`parse_documents`); every span stays an offset into the whole text.

Nothing here touches the store; :mod:`unkg.load` writes the result.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from unkg.ingest.adoption import read_adoption
from unkg.ingest.akn import parse_akn, read_akn_source
from unkg.ingest.clean import clean_text
from unkg.ingest.entities import resolve_entities
from unkg.ingest.mandates import find_mandates
from unkg.ingest.meetings import find_meetings
from unkg.ingest.models import CleanText, Resolution, Source
from unkg.ingest.pdf import read_pdf_source
from unkg.ingest.references import find_references
from unkg.ingest.segment import segment_resolution
from unkg.ingest.sources import read_text_source
from unkg.ingest.split import clean_piece, mask_outside, split_resolutions

from unkg.errors import SourceError

#: File endings the pipeline reads, and what it reads them as.
TEXT_SUFFIXES = frozenset({".txt", ".text"})
#: AKN4UN XML files, read by :func:`~unkg.ingest.akn.parse_akn` (not by the text stages above).
AKN_SUFFIXES = frozenset({".xml"})
#: PDF files with a text layer, read by :func:`~unkg.ingest.pdf.read_pdf_source`.
PDF_SUFFIXES = frozenset({".pdf"})


def parse_source(source: Source) -> Resolution:
    """Run every stage over an already read source, read whole as one resolution."""
    return _parse_clean(clean_text(source.text), source)


def parse_resolutions(source: Source) -> list[Resolution]:
    """Every resolution of an already read source: one for an ordinary file, several for a text
    that holds more (see :mod:`unkg.ingest.split`). Each shares ``source``, and its spans are
    offsets into the whole ``source.text``.

    A piece under a heading that holds no resolution (a stray heading at the foot of a page) is
    read with the resolution before it.
    """
    ranges = split_resolutions(source.text)
    if len(ranges) == 1:
        return [parse_source(source)]
    parsed: list[tuple[int, int, Resolution]] = []
    pending: int | None = None  # the start of pieces that hold no resolution, before the first
    for start, end in ranges:
        start = start if pending is None else pending
        try:
            parsed.append((start, end, _parse_piece(source, start, end)))
            pending = None
        except SourceError:
            if not parsed:
                pending = start
                continue
            first, _, _ = parsed.pop()
            parsed.append((first, end, _parse_piece(source, first, end)))
    if not parsed:
        raise SourceError(source.path, "no resolution found: no preambular or operative paragraphs")
    return [resolution for _, _, resolution in parsed]


def _parse_piece(source: Source, start: int, end: int) -> Resolution:
    """The resolution in ``source.text[start:end]``; the stages see only that piece (the rest is
    blanked), the result points to the whole source."""
    masked = replace(source, text=mask_outside(source.text, start, end))
    return replace(_parse_clean(clean_piece(source.text, start, end), masked), source=source)


def _parse_clean(clean: CleanText, source: Source) -> Resolution:
    resolution = segment_resolution(clean, source)
    if not resolution.paragraphs:
        raise SourceError(source.path, "no resolution found: no preambular or operative paragraphs")
    if resolution.body is None and resolution.number is None:
        raise SourceError(
            source.path,
            "no resolution found: neither a resolution number nor an adopting body "
            "(a formula such as 'The General Assembly,')",
        )
    resolution = _with_record(resolution)
    resolution = resolve_entities(resolution)
    resolution = find_references(resolution)
    resolution = find_mandates(resolution)
    return find_meetings(resolution)


def parse_text(text: str, *, path: str = "<text>") -> Resolution:
    """Parse a resolution given as a string (``path`` is only recorded as its provenance)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return parse_source(Source(path=path, sha256=digest, media_type="text/plain", text=text))


def parse_file(path: str | Path) -> Resolution:
    """Read and parse one file holding one resolution; raises :class:`~unkg.errors.SourceError`
    naming the file when it cannot be read, is of a kind the pipeline does not handle, or holds
    several resolutions (read those with :func:`parse_documents`)."""
    path = Path(path)
    if path.suffix.lower() in AKN_SUFFIXES:
        return parse_akn(read_akn_source(path))
    resolutions = parse_documents(path)
    if len(resolutions) > 1:
        symbols = ", ".join(str(r.symbol or r.number or "?") for r in resolutions)
        raise SourceError(path, f"holds {len(resolutions)} resolutions ({symbols}); "
                                "read it with parse_documents")
    return resolutions[0]


def parse_documents(path: str | Path) -> list[Resolution]:
    """Read and parse every resolution of one file: one for an ordinary file, several for a text
    or PDF that holds more, each with spans into the whole file's text. Raises
    :class:`~unkg.errors.SourceError` as :func:`parse_file` does."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in AKN_SUFFIXES:
        return [parse_akn(read_akn_source(path))]
    if suffix in PDF_SUFFIXES:
        return parse_resolutions(read_pdf_source(path))
    if suffix in TEXT_SUFFIXES:
        return parse_resolutions(read_text_source(path))
    raise SourceError(
        path, f"unsupported file type {path.suffix or '(none)'!r}; expected .txt, .pdf or .xml"
    )


def is_supported(path: Path) -> bool:
    """Whether :func:`parse_file` reads files like ``path``."""
    return path.suffix.lower() in TEXT_SUFFIXES | AKN_SUFFIXES | PDF_SUFFIXES


def _with_record(resolution: Resolution) -> Resolution:
    """Fill ``record`` from the adoption statement, unless metadata gave it already."""
    if resolution.record is not None or not resolution.adoption:
        return resolution
    record = read_adoption(resolution.adoption)
    if record is None:
        return resolution
    if record.draft is None and resolution.draft is not None:
        record = replace(record, draft=resolution.draft)
    return replace(resolution, record=record)
