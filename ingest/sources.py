"""Reading source files into :class:`~unkg.ingest.models.Source` objects.

:func:`read_text_source` owns plain-text sources: it decodes the bytes (UTF-8, or Windows-1252 for
older extractions), fingerprints them with SHA-256 and changes nothing else, so that every span the
pipeline records points into exactly the text that was read. Cleaning is the next stage's job.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from unkg.ingest.models import Source

from unkg.errors import SourceError

__all__ = ["read_text_source"]

TEXT_PLAIN = "text/plain"


def read_text_source(path: Path) -> Source:
    """Read the text file at ``path``.

    The text is decoded as UTF-8 (a leading byte-order mark is kept as a character, like any
    other), or as Windows-1252 when it is not valid UTF-8. Raises :class:`SourceError` naming the
    file when it cannot be read, cannot be decoded or holds no text.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot be read ({error.strerror or error})") from error
    if not data.strip():
        raise SourceError(path, "is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise SourceError(
                path,
                f"is neither UTF-8 (byte {utf8_error.start}: {utf8_error.reason}) nor Windows-1252 "
                f"(byte {error.start}: {error.reason})",
            ) from error
    if "\x00" in text:
        raise SourceError(path, "holds NUL characters: not a text file")
    if not text.strip():
        raise SourceError(path, "holds no text")
    return Source(
        path=str(path), sha256=hashlib.sha256(data).hexdigest(), media_type=TEXT_PLAIN, text=text
    )
