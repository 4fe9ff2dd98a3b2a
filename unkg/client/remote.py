"""A read-only :class:`~unkg.graph.store.Store` over a remote SPARQL 1.1 endpoint.

Owns talking to an endpoint with the SPARQL 1.1 Protocol: ``unkg serve``'s ``/sparql``, or any
endpoint serving this ontology (an Oxigraph server, Virtuoso). Every query is one ``POST`` of the
form ``query=...`` asking for SPARQL JSON results (SELECT, ASK) or N-Triples (CONSTRUCT,
DESCRIBE), with httpx (installed with the ``notebooks`` extra). Results come back as the rdflib
terms every store returns, so the rest of the client (and :mod:`unkg.graph.projection`) cannot
tell the two engines apart.

What differs from the embedded engine:

* bindings are written into the query as ``VALUES`` blocks (:mod:`unkg.client.values`), the only
  place the client builds query text; any variable of the query can be bound, not only returned
  ones;
* the server holds the limits: its time limit and row cap apply first (``unkg serve`` says when
  it cut a result with ``X-SPARQL-Truncated``); ``timeout`` here is how long the client waits,
  and ``max_rows`` cuts what the server sent;
* the default graph is whatever the server makes it (``unkg serve``: the union of all graphs), so
  ``default_graph_as_union`` is ignored; ``default_graph`` and ``named_graphs`` become the
  protocol's ``default-graph-uri`` and ``named-graph-uri``;
* writes are refused (:class:`~unkg.errors.StoreError`): the store is read-only, and so is
  ``export`` (ask the server for a dump instead).

Errors: a ``unkg serve`` error keeps its class (``query_syntax`` is a
:class:`~unkg.errors.QuerySyntaxError`, ``query_timeout`` a
:class:`~unkg.errors.QueryTimeoutError`); another server's 4xx is a
:class:`~unkg.errors.QueryError` with its message, and a server that cannot be reached or answers
5xx is a :class:`~unkg.errors.StoreError`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from rdflib import Graph
from rdflib.term import BNode, Literal, Node, URIRef

from unkg.client.values import bind_values
from unkg.errors import (
    QueryError,
    QueryMemoryError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
)
from unkg.graph.store import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT,
    META_GRAPH,
    META_PREFIX,
    ExportFormat,
    QueryKind,
    QueryResult,
    Store,
    Triple,
)

__all__ = ["TRUNCATED_HEADER", "RemoteStore"]

#: The response header in which ``unkg serve`` says that its row cap cut a result short.
TRUNCATED_HEADER = "X-SPARQL-Truncated"

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
#: ``unkg serve``'s error names (see ``unkg.api.errors``) and the client error each one is.
_ERRORS: dict[str, type[QueryError]] = {
    "query_syntax": QuerySyntaxError,
    "query_timeout": QueryTimeoutError,
    "query_memory": QueryMemoryError,
    "query_error": QueryError,
    "bad_request": QueryError,
}


class RemoteStore(Store):
    """The endpoint at ``endpoint`` (its full URL, ``http://127.0.0.1:8000/sparql``), read-only.

    ``timeout`` is how long to wait for an answer, in seconds; ``max_rows`` the rows kept at most
    (``None``: no limit besides the server's); ``headers`` go with every request (an
    ``Authorization`` header for a protected endpoint).
    """

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        try:
            import httpx
        except ImportError as error:
            raise ImportError(
                "unkg.connect needs httpx: pip install 'unkg[notebooks]'"
            ) from error
        if not endpoint.lower().startswith(("http://", "https://")):
            raise StoreError(f"{endpoint!r}: a SPARQL endpoint is an http(s) URL")
        self._endpoint = endpoint
        self._timeout = timeout
        self._max_rows = max_rows
        self._http: Any = httpx.Client(headers={"Accept": _ACCEPT, **(headers or {})},
                                       follow_redirects=True)
        self._httpx: Any = httpx

    @property
    def location(self) -> str:
        return self._endpoint

    @property
    def read_only(self) -> bool:
        return True

    # -- reading ---------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
        default_graph_as_union: bool = True,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a query on the endpoint; see the module docstring for what differs."""
        text = bind_values(sparql, bindings or {})
        wait = self._timeout if timeout is None else timeout
        cap = self._max_rows if max_rows is None else max_rows
        form: dict[str, str | list[str]] = {"query": text}
        if default_graph is not None:
            form["default-graph-uri"] = list(default_graph)
        if named_graphs is not None:
            form["named-graph-uri"] = list(named_graphs)
        started = time.perf_counter()
        response = self._post(form, wait)
        result = _decode(response.headers.get("content-type", ""), response.content, self)
        truncated = response.headers.get(TRUNCATED_HEADER, "").lower() == "true"
        if cap is not None and max(len(result.rows), len(result.triples)) > cap:
            truncated = True
            result = QueryResult(result.kind, result.variables, result.rows[:cap],
                                 result.boolean, result.triples[:cap])
        return QueryResult(result.kind, result.variables, result.rows, result.boolean,
                           result.triples, truncated, time.perf_counter() - started)

    def graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", max_rows=None).rows
        return sorted(str(g) for g, in rows if isinstance(g, URIRef) and str(g) != META_GRAPH)

    def has_graph(self, graph: str) -> bool:
        result = self.query("ASK { GRAPH ?g { } }", bindings={"g": URIRef(graph)})
        return bool(result.boolean)

    def graph_length(self, graph: str) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                          bindings={"g": URIRef(graph)}).rows
        return int(str(rows[0][0])) if rows and rows[0][0] is not None else 0

    def graph_meta(self, graph: str) -> dict[str, str]:
        rows = self.query(
            f"SELECT ?p ?o WHERE {{ GRAPH <{META_GRAPH}> {{ ?g ?p ?o }} }}",
            bindings={"g": URIRef(graph)},
        ).rows
        return {str(p)[len(META_PREFIX):]: str(o) for p, o in rows
                if str(p).startswith(META_PREFIX) and isinstance(o, Literal)}

    def __len__(self) -> int:
        """The quads of the named graphs (the admin graph included), as the endpoint counts."""
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return int(str(rows[0][0])) if rows and rows[0][0] is not None else 0

    def stats(self) -> dict[str, int]:
        rows = self.query("SELECT ?class (COUNT(DISTINCT ?s) AS ?n) "
                          "WHERE { GRAPH ?g { ?s a ?class } } GROUP BY ?class", max_rows=None).rows
        return {str(cls): int(str(n)) for cls, n in rows if cls is not None and n is not None}

    def close(self) -> None:
        self._http.close()

    # -- writing is refused ----------------------------------------------------------------------

    def replace_graph(self, graph: str, triples: Iterable[Triple], *,
                      meta: Mapping[str, str] | None = None) -> int:
        raise self._read_only_error("replace a graph")

    def drop_graph(self, graph: str) -> None:
        raise self._read_only_error("drop a graph")

    def update(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> None:
        raise self._read_only_error("run an update")

    def bulk_load(self, source: str | Path | BinaryIO, fmt: ExportFormat, *,
                  graph: str | None = None) -> int:
        raise self._read_only_error("load data")

    def export(self, out: BinaryIO, fmt: ExportFormat, *, graph: str | None = None,
               prefixes: Mapping[str, str] | None = None) -> None:
        raise StoreError(f"{self._endpoint}: a remote endpoint is not exported by the client; "
                         "ask its server for a dump (`unkg export` beside the store)")

    # -- internals -------------------------------------------------------------------------------

    def _read_only_error(self, what: str) -> StoreError:
        return StoreError(f"{self._endpoint}: cannot {what}: a remote endpoint is read-only here")

    def _post(self, form: dict[str, str | list[str]], wait: float | None) -> Any:
        """POST the form (UTF-8, ``application/x-www-form-urlencoded``); an error answer raises."""
        try:
            response = self._http.post(self._endpoint, data=form, timeout=wait)
        except self._httpx.TimeoutException as error:
            raise QueryTimeoutError(f"{self._endpoint}: no answer within {wait:g} s") from error
        except self._httpx.HTTPError as error:
            raise StoreError(f"{self._endpoint}: cannot reach the endpoint: {error}") from error
        if response.status_code >= 400:
            raise _error(self._endpoint, response.status_code, response.text)
        return response


def _error(endpoint: str, status: int, text: str) -> Exception:
    """The client error for an error response: ``unkg serve``'s JSON shape keeps its class."""
    try:
        shape = json.loads(text)
    except ValueError:
        shape = None
    if isinstance(shape, dict) and isinstance(shape.get("error"), str):
        detail = str(shape.get("detail", ""))
        cls = _ERRORS.get(shape["error"])
        if cls is not None:
            return cls(detail)
        if status < 500:
            return QueryError(f"{endpoint}: {status} {shape['error']}: {detail}")
        return StoreError(f"{endpoint}: {status} {shape['error']}: {detail}")
    message = " ".join(text.split())[:500]
    if status in (503, 504) and "timeout" in message.lower():
        return QueryTimeoutError(f"{endpoint}: {message}")
    if status < 500:
        return QueryError(f"{endpoint}: {status}: {message}")
    return StoreError(f"{endpoint}: {status}: {message}")


def _decode(content_type: str, body: bytes, store: RemoteStore) -> QueryResult:
    media = content_type.split(";")[0].strip().lower()
    if media in ("application/sparql-results+json", "application/json"):
        try:
            data = json.loads(body)
        except ValueError as error:
            raise StoreError(f"{store.location}: the answer is not JSON: {error}") from error
        if "boolean" in data:
            return QueryResult(QueryKind.ASK, boolean=bool(data["boolean"]))
        names: list[str] = list(data.get("head", {}).get("vars", []))
        rows = [tuple(_term(b[n]) if n in b else None for n in names)
                for b in data.get("results", {}).get("bindings", [])]
        return QueryResult(QueryKind.SELECT, names, rows)
    formats = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle"}
    if media in formats:
        graph = Graph()
        try:
            graph.parse(data=body.decode("utf-8"), format=formats[media])
        except (ValueError, SyntaxError) as error:
            raise StoreError(f"{store.location}: cannot read the graph it sent: {error}") from error
        return QueryResult(QueryKind.CONSTRUCT, triples=list(graph))
    raise StoreError(f"{store.location}: unexpected answer of type {media or 'unknown'}")


def _term(cell: Mapping[str, str]) -> Node:
    """One cell of SPARQL JSON results as an rdflib term, the lexical form kept."""
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    language = cell.get("xml:lang")
    if language:
        return Literal(value, lang=language)
    datatype = cell.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value, datatype=URIRef(datatype), normalize=False)
    return Literal(value)  # "literal", and Virtuoso's "typed-literal"
