"""The one exception hierarchy of unkg.

Every error the project raises on purpose derives from :class:`UnkgError` and says what went wrong
and where::

    UnkgError
    ├── SourceError          a source file cannot be read or is not a resolution (names the file)
    ├── SymbolError          a UN document symbol does not parse (also a ValueError)
    ├── StoreError           the store cannot be opened or written
    │   └── StoreLockedError another process holds the store for writing
    └── QueryError           a SPARQL query is malformed, too slow or refers to unknown parameters
        ├── QuerySyntaxError
        ├── QueryTimeoutError
        └── QueryMemoryError

Text that the extractor cannot interpret is not an error: it becomes an ``Unresolved`` item in the
model (see :mod:`unkg.ingest.models`), counted and reported.
"""

from __future__ import annotations

from pathlib import Path


class UnkgError(Exception):
    """Root of every error raised by unkg."""


class SourceError(UnkgError):
    """A source file cannot be read or does not hold a resolution."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class SymbolError(UnkgError, ValueError):
    """A string is not a UN document symbol this project understands."""


class StoreError(UnkgError):
    """The store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process has the store open for writing."""


class QueryError(UnkgError):
    """A query cannot be run."""


class QuerySyntaxError(QueryError):
    """The SPARQL text does not parse; the message carries the parser's line and column."""


class QueryTimeoutError(QueryError):
    """The query ran past its time limit and was stopped."""


class QueryMemoryError(QueryError):
    """The query used more memory than the server allows and was stopped."""
