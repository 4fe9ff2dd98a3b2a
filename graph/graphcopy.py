"""A compact copy of each named graph's triples, kept beside the store for reading a graph whole.

Reading one resolution's graph from the engine costs about 10 us a quad (each term is looked up
in RocksDB's string table): 5-10 ms for a resolution, most of ``GET /resolutions/{id}``. The same
triples as plain values (:data:`~unkg.graph.query_processes.Encoded` terms) packed with
:mod:`marshal` and compressed with :mod:`zlib` decode in 0.1-0.3 ms. The copies live in the text
index's SQLite file (:mod:`unkg.graph.textindex`, table ``graph_copy``) and are written in the
same transactions as a graph's passages, so they follow the store exactly as the passages do:

* a graph written through the store (``replace_graph``, ``add_new_graphs``, ``bulk_load`` of one
  graph) gets its copy with its passages: from the N-Triples lines written (:func:`from_ntriples`),
  from the triples the ingest workers made (:func:`pack`), or read back from the store;
* a dropped graph loses its copy;
* a rebuild of the index (after a SPARQL update, or of a file that is missing or stale) drops
  every copy: readers then read the engine, as they do for any graph without a copy, until
  ``unkg reindex`` makes them again.

A copy holds what the engine gives back for the graph, term for term: the writer writes every
literal in the engine's canonical form (see :func:`~unkg.ingest.to_rdf.canonical_datetime`),
and ``tests/test_graphcopy.py`` compares copies with the engine's read on real files.

A copy is the graph's triples as a subject-predicate-object index (:data:`Index`: every subject
once, with its predicates, each with its values in a dict), the form
:class:`~unkg.api.indexed_graph.IndexedGraph` reads: decoding it builds the index, nothing is
added triple by triple. It starts with :data:`MAGIC`; a copy of another layout is not used
(``None``: read the engine).
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Iterable, Iterator
from typing import TypeAlias

import pyoxigraph as ox
from unkg.graph.query_processes import Encoded, encode

__all__ = ["MAGIC", "EncodedTriple", "Index", "from_ntriples", "from_quads", "pack", "triples",
           "unpack"]

#: The first bytes of a copy, naming its layout: marshal (version 4) of an :data:`Index`,
#: compressed with zlib.
MAGIC = b"unkg-copy-2\n"
_MARSHAL_VERSION = 4
_LEVEL = 1  # zlib: 7 KB for a synthetic resolution's 80 KB, at 200+ MB/s
#: A triple as plain values.
EncodedTriple: TypeAlias = tuple[Encoded, Encoded, Encoded]
#: Triples by subject, then predicate; the values of each in a dict (keys only, in the order
#: first given).
Index: TypeAlias = dict[Encoded, dict[Encoded, dict[Encoded, None]]]


def pack(triples: Iterable[EncodedTriple]) -> bytes:
    """The copy of ``triples`` (a triple given twice is kept once)."""
    index: Index = {}
    for subject, predicate, value in triples:
        index.setdefault(subject, {}).setdefault(predicate, {})[value] = None
    return MAGIC + zlib.compress(marshal.dumps(index, _MARSHAL_VERSION), _LEVEL)


def unpack(copy: bytes) -> Index | None:
    """The index a copy holds; ``None`` for bytes that are not a copy of this layout."""
    if not copy.startswith(MAGIC):
        return None
    try:
        index = marshal.loads(zlib.decompress(copy[len(MAGIC):]))
    except (zlib.error, ValueError, EOFError, TypeError):
        return None
    return index if isinstance(index, dict) else None


def triples(index: Index) -> Iterator[EncodedTriple]:
    """The triples of an index."""
    for subject, by_predicate in index.items():
        for predicate, values in by_predicate.items():
            for value in values:
                yield subject, predicate, value


def from_ntriples(text: str) -> bytes:
    """The copy of a graph written as N-Triples ``text`` (parsed by the engine's parser).

    Raises :class:`SyntaxError` for text that is not N-Triples."""
    return pack(
        (encode(t.subject), encode(t.predicate), encode(t.object))
        for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
    )


def from_quads(quads: Iterable[ox.Quad]) -> bytes:
    """The copy of a graph read from the engine (its quads, whatever their graph name)."""
    return pack((encode(q.subject), encode(q.predicate), encode(q.object)) for q in quads)
