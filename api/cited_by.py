"""Who cites a work, read as one-pattern lookups: the rows of the citations query without a query.

Owns ``_CitedBy``, which :meth:`~unkg.api.resources.Reader.cited_by` uses for ``GET
/resolutions/{id}``: the rows of :data:`~unkg.api.resources.CITED_BY_QUERY` for one work, read
reference by reference with :meth:`~unkg.graph.store.Store.quads_encoded` on the request's own
thread (the references are capped at :data:`MAX_ROWS`, the time limit is checked between them),
and :data:`MAX_ROWS`, the row cap of the browsing reads. Split out of :mod:`unkg.api.resources`;
see its docstring and docs/benchmarks.md ("Browsing API") for the speed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from unkg.api.indexed_graph import _Terms
from unkg.graph.store import Store
from unkg.ontology import DCTERMS, PREFIXES, RDFS

from unkg.errors import QueryTimeoutError

if TYPE_CHECKING:
    from unkg.api.resources import Row

__all__ = [
    "MAX_ROWS",
]

#: Rows an internal query may return; the lists the routes build are capped further.
MAX_ROWS = 1_000_000


_UNKG = PREFIXES["unkg"]
_CITED_WORK, _CITING_PARAGRAPH = _UNKG + "citedWork", _UNKG + "citingParagraph"
_RELATION, _TEXT_AS_WRITTEN = _UNKG + "relation", _UNKG + "textAsWritten"
_RDF_TYPE = PREFIXES["rdf"] + "type"
_OWNER_CLASSES = {_UNKG + name for name in
                  ("PreambularParagraph", "OperativeParagraph", "Footnote")}
_PARTS = (URIRef(_UNKG + "hasParagraph"), URIRef(_UNKG + "hasFootnote"))
#: The optional values of CITED_BY_QUERY: (variable, predicate), of the owner, the reference
#: and the citing document.
_OF_OWNER = (("text", _UNKG + "text"), ("marker", _UNKG + "marker"))
_OF_REFERENCE = (("pinpoint", _UNKG + "pinpoint"), ("start", _UNKG + "start"),
                 ("end", _UNKG + "end"))
_OF_CITING = (("symbol", DCTERMS.identifier), ("citingLabel", RDFS.label),
              ("title", DCTERMS.title), ("date", DCTERMS.date))
_CITED_BY_ORDER = ("work", "reference", "citing", "symbol", "citingLabel", "title", "date",
                   "owner", "ownerClass", "text", "marker", "relation", "textAsWritten",
                   "pinpoint", "start", "end")


class _CitedBy:
    """The rows of :data:`~unkg.api.resources.CITED_BY_QUERY` for one work, read as one-pattern
    lookups on the request's thread rather than as a SPARQL query in a query process (which costs
    a process round trip): the references to the work (``?reference unkg:citedWork <work>``, at most
    :data:`MAX_ROWS`), then, in each reference's graph, the triples of the reference, of its
    paragraph or footnote and of the document that holds it: each a lookup of one node, bounded
    by one document's size. The time limit is checked between references (a
    :class:`~unkg.errors.QueryTimeoutError`, as the query would give); the rows are those of the
    query (the same bindings, without duplicates), in the order of their projection."""

    def __init__(self, store: Store, timeout: float | None, *, compact: bool = False) -> None:
        self.store = store
        self.timeout = timeout
        self.term = _Terms()
        self._citing: dict[tuple[str, str], list[Row]] = {}
        #: Only what the compact list of a resource's page shows (citing document, its symbol
        #: and date, relation, citing paragraph, start): half the lookups of the whole rows.
        self.compact = compact

    def rows(self, iri: str) -> list[Row]:
        deadline = (None if self.timeout is None or math.isinf(self.timeout)
                    else time.monotonic() + self.timeout)
        work = URIRef(iri)
        found: dict[tuple[Node | None, ...], Row] = {}
        references = self.store.quads_encoded(None, URIRef(_CITED_WORK), work,
                                                max_rows=MAX_ROWS)
        for reference, _, _, graph in references.rows:
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTimeoutError(f"the query ran past its time limit of "
                                        f"{self.timeout:g} s and was stopped")
            if not isinstance(graph, str):
                continue
            for row in self._of_reference(work, self.term(reference), graph):
                key = tuple(row.get(name) for name in _CITED_BY_ORDER)
                if key not in found and len(found) < MAX_ROWS:
                    found[key] = row
        return list(found.values())

    def _values(self, node: Node, graph: str) -> dict[str, list[Node]]:
        """The values of every predicate of ``node`` in ``graph``, by predicate IRI."""
        values: dict[str, list[Node]] = {}
        for _, p, o, _ in self.store.quads_encoded(node, None, None, graph,
                                                   max_rows=MAX_ROWS).rows:
            if isinstance(p, str):
                values.setdefault(p, []).append(self.term(o))
        return values

    def _of_reference(self, work: URIRef, reference: Node, graph: str) -> list[Row]:
        """The rows of one reference, each value joined in the order of the query's patterns
        (the engine's order: a later pattern varies faster)."""
        of_reference = self._values(reference, graph)
        rows: list[Row] = []
        for owner in dict.fromkeys(of_reference.get(_CITING_PARAGRAPH, [])):
            heads: list[Row] = [{"work": work, "reference": reference, "owner": owner}]
            heads = _expand(heads, "concept", of_reference.get(_RELATION, []), optional=False)
            heads = _expand(heads, "textAsWritten", of_reference.get(_TEXT_AS_WRITTEN, []),
                            optional=False)
            heads = _expand(heads, "citing", self._holders(owner, graph), optional=False)
            if not self.compact:
                of_owner = self._values(owner, graph)
                classes = [c for c in of_owner.get(_RDF_TYPE, [])
                           if isinstance(c, URIRef) and str(c) in _OWNER_CLASSES]
                heads = _expand(heads, "ownerClass", classes, optional=False)
                for name, predicate in _OF_OWNER:
                    heads = _expand(heads, name, of_owner.get(predicate, []), optional=True)
            for name, predicate in _OF_REFERENCE:
                heads = _expand(heads, name, of_reference.get(predicate, []), optional=True)
            for head in heads:
                rows += [{**head, **extra} for extra in self._of_citing(head["citing"], graph)]
        for row in rows:
            concept = row.pop("concept")
            if not isinstance(concept, BNode):
                row["relation"] = Literal(str(concept).partition("#relation-")[2])
        return rows

    def _holders(self, owner: Node, graph: str) -> list[Node]:
        """The documents that hold the paragraph or footnote ``owner`` (one, in practice); the
        compact rows look for a footnote's holder only when no paragraph's is found."""
        holders: list[Node] = []
        for predicate in _PARTS:
            holders += [self.term(s) for s, *_ in self.store.quads_encoded(
                None, predicate, owner, graph, max_rows=MAX_ROWS).rows]
            if holders and self.compact:
                break
        return holders

    def _of_citing(self, document: Node, graph: str) -> list[Row]:
        """The citing document's symbol, label, title and date (every combination; symbol and
        date only for the compact rows)."""
        key = (str(document), graph)
        if key not in self._citing:
            extras: list[Row] = [{}]
            for name, predicate in _OF_CITING:
                if self.compact and name not in ("symbol", "date"):
                    continue
                values = [self.term(o) for _, _, o, _ in self.store.quads_encoded(
                    document, predicate, None, graph, max_rows=MAX_ROWS).rows]
                extras = _expand(extras, name, values, optional=True)
            self._citing[key] = extras
        return self._citing[key]


def _expand(rows: list[Row], name: str, values: Sequence[Node], *,
            optional: bool) -> list[Row]:
    """Each row once per value of ``name`` (the join of a triple pattern); left as it is when
    there is no value and the pattern is OPTIONAL, dropped when it is not."""
    if not values:
        return rows if optional else []
    if len(values) == 1:
        return [{**row, name: values[0]} for row in rows]
    return [{**row, name: value} for row in rows for value in dict.fromkeys(values)]

