"""The text pipeline, assembled: a source file in, a :class:`~unkg.ingest.models.Resolution` out.

Each stage is a pure function over the model and lives in its own module::

    read_text_source -> clean_text -> segment_resolution -> resolve_entities
                     -> find_references -> find_mandates -> find_meetings

Nothing here touches the store; :mod:`unkg.load` writes the result.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from unkg.errors import SourceError
from unkg.ingest.clean import clean_text
from unkg.ingest.entities import resolve_entities
from unkg.ingest.mandates import find_mandates
from unkg.ingest.meetings import find_meetings
from unkg.ingest.models import Resolution, Source
from unkg.ingest.references import find_references
from unkg.ingest.segment import segment_resolution
from unkg.ingest.sources import read_text_source

#: File endings the pipeline reads, and what it reads them as.
TEXT_SUFFIXES = frozenset({".txt", ".text"})


def parse_source(source: Source) -> Resolution:
    """Run every stage over an already read source."""
    resolution = segment_resolution(clean_text(source.text), source)
    if not resolution.paragraphs:
        raise SourceError(source.path, "no resolution found: no preambular or operative paragraphs")
    resolution = resolve_entities(resolution)
    resolution = find_references(resolution)
    resolution = find_mandates(resolution)
    return find_meetings(resolution)


def parse_text(text: str, *, path: str = "<text>") -> Resolution:
    """Parse a resolution given as a string (``path`` is only recorded as its provenance)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return parse_source(Source(path=path, sha256=digest, media_type="text/plain", text=text))


def parse_file(path: str | Path) -> Resolution:
    """Read and parse one file; raises :class:`~unkg.errors.SourceError` naming the file when it
    cannot be read or is of a kind the pipeline does not handle."""
    path = Path(path)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise SourceError(path, f"unsupported file type {path.suffix or '(none)'!r}; expected .txt")
    return parse_source(read_text_source(path))


def is_supported(path: Path) -> bool:
    """Whether :func:`parse_file` reads files like ``path``."""
    return path.suffix.lower() in TEXT_SUFFIXES
