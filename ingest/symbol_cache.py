"""Symbols read once per process: :class:`~unkg.graph.symbols.Symbol` parsing costs 0.1-0.3 ms,
and a corpus cites the same symbols again and again (the UN's links, the citations of the text).

Each function gives what the :class:`~unkg.graph.symbols.Symbol` method it names gives (a symbol
is frozen, so one object serves every caller) and raises what it raises: a text that is not a
symbol is not remembered and fails again each time.
"""

from __future__ import annotations

from functools import lru_cache

from unkg.graph.symbols import Symbol

__all__ = ["parse_symbol", "resolution_symbol", "undocs_symbol"]

#: Symbols remembered by each function (a few MB at most).
CACHED = 1 << 14


@lru_cache(maxsize=CACHED)
def parse_symbol(text: str) -> Symbol:
    """:meth:`Symbol.parse`."""
    return Symbol.parse(text)


@lru_cache(maxsize=CACHED)
def resolution_symbol(body_key: str, number: str, *, decision: bool = False) -> Symbol:
    """:meth:`Symbol.for_resolution`."""
    return Symbol.for_resolution(body_key, number, decision=decision)


@lru_cache(maxsize=CACHED)
def undocs_symbol(url: str) -> Symbol:
    """:meth:`Symbol.from_undocs_url`."""
    return Symbol.from_undocs_url(url)
