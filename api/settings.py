"""The settings of the HTTP application, read once from the environment.

Every setting has a default and one environment variable (see :data:`ENV_VARS`); a value that does
not parse stops the application at start with a message naming the variable::

    UNKG_QUERY_TIMEOUT   seconds a SPARQL query may run (default 10)
    UNKG_MAX_ROWS        rows (or triples) a SPARQL query returns at most (default 10000)
    UNKG_UPDATE_TOKEN    bearer token that enables SPARQL Update (default: unset, updates are off)
    UNKG_QUERY_WORKERS   worker processes that run queries and are killed at the time limit
                         (default 2; 0 runs queries on threads of the server process)
    UNKG_QUERY_MEMORY    megabytes of memory a query worker may use before it is killed
                         (default 2048; 0 for no limit)
    UNKG_CORS_ORIGINS    comma-separated origins allowed by CORS, ``*`` for any (default ``*``;
                         set it empty to turn CORS off)

A caller of the API cannot raise the limits; they are the server's.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

__all__ = ["ENV_VARS", "Settings"]

#: Environment variable -> the :class:`Settings` field it sets.
ENV_VARS = {
    "UNKG_QUERY_TIMEOUT": "query_timeout",
    "UNKG_MAX_ROWS": "max_rows",
    "UNKG_UPDATE_TOKEN": "update_token",
    "UNKG_CORS_ORIGINS": "cors_origins",
    "UNKG_QUERY_WORKERS": "query_workers",
    "UNKG_QUERY_MEMORY": "query_memory_mb",
}
_INTEGERS = ("UNKG_MAX_ROWS", "UNKG_QUERY_WORKERS", "UNKG_QUERY_MEMORY")


@dataclass(frozen=True)
class Settings:
    """What the operator configures; :meth:`from_env` reads it from ``UNKG_*`` variables.

    >>> settings = Settings.from_env({"UNKG_MAX_ROWS": "50", "UNKG_QUERY_WORKERS": "4"})
    >>> settings.max_rows, settings.query_workers, settings.query_timeout, settings.update_token
    (50, 4, 10.0, None)
    >>> Settings.from_env({"UNKG_CORS_ORIGINS": "https://a.org, https://b.org"}).cors_origins
    ('https://a.org', 'https://b.org')
    """

    #: Seconds a query may run before it is stopped (503).
    query_timeout: float = 10.0
    #: Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) returned at most; more are cut (truncated).
    max_rows: int = 10_000
    #: The bearer token SPARQL Update requires; ``None`` turns updates off.
    update_token: str | None = None
    #: Origins allowed to read responses from a browser; empty turns CORS off.
    cors_origins: tuple[str, ...] = ("*",)
    #: Worker processes that run queries (killed and replaced at the time limit); 0: threads.
    query_workers: int = 2
    #: Resident megabytes a query worker may use before it is killed (503); 0: no limit.
    query_memory_mb: int = 2048

    def __post_init__(self) -> None:
        if not (self.query_timeout > 0 and math.isfinite(self.query_timeout)):
            raise ValueError(
                f"the query timeout must be a positive number of seconds, got {self.query_timeout}"
            )
        if self.max_rows < 1:
            raise ValueError(f"the row cap must be at least 1, got {self.max_rows}")
        if self.query_workers < 0:
            raise ValueError(f"the query workers must be 0 or more, got {self.query_workers}")
        if self.query_memory_mb < 0:
            raise ValueError(
                f"the query memory limit must be 0 or more megabytes, got {self.query_memory_mb}"
            )

    @property
    def query_memory_bytes(self) -> int | None:
        """The memory limit of a query worker in bytes; ``None`` for no limit."""
        return self.query_memory_mb << 20 if self.query_memory_mb else None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings from ``environ`` (default ``os.environ``); unset variables keep defaults."""
        env = os.environ if environ is None else environ
        settings = cls(update_token=env.get("UNKG_UPDATE_TOKEN") or None)
        origins = env.get("UNKG_CORS_ORIGINS")
        if origins is not None:
            listed = tuple(o.strip() for o in origins.split(",") if o.strip())
            settings = replace(settings, cors_origins=listed)
        for variable in ("UNKG_QUERY_TIMEOUT", *_INTEGERS):
            text = env.get(variable, "").strip()
            if not text:
                continue
            try:
                if variable == "UNKG_QUERY_TIMEOUT":
                    settings = replace(settings, query_timeout=float(text))
                elif variable == "UNKG_MAX_ROWS":
                    settings = replace(settings, max_rows=int(text))
                elif variable == "UNKG_QUERY_WORKERS":
                    settings = replace(settings, query_workers=int(text))
                else:
                    settings = replace(settings, query_memory_mb=int(text))
            except ValueError as error:
                raise ValueError(f"{variable}={text!r}: {error}") from None
        return settings
