"""The HTTP application: health, and a first read-only SPARQL query route.

This is the seed of the API: ``/health`` reports the store, and ``/sparql`` answers SELECT and ASK
queries as SPARQL 1.1 JSON results, each with the store's timeout and row cap. The full SPARQL 1.1
protocol and the browsing API are built on top of this module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Form, HTTPException, Query
from fastapi.responses import JSONResponse
from rdflib.term import BNode, Literal, Node

from unkg import EXTRACTOR_VERSION, __version__
from unkg.errors import QuerySyntaxError, QueryTimeoutError
from unkg.graph.store import QueryResult, Store, open_store

#: Limits of the public endpoint; a caller cannot raise them.
QUERY_TIMEOUT_S = 10.0
MAX_ROWS = 10_000


def create_app(store_location: str, *, store: Store | None = None) -> FastAPI:
    """The application over the store at ``store_location`` (or over an already open ``store``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store if store is not None else open_store(store_location)
        app.state.store = opened
        try:
            yield
        finally:
            if store is None:
                opened.close()

    app = FastAPI(title="unkg", version=__version__, lifespan=lifespan)

    @app.get("/health")
    def health() -> dict[str, Any]:
        current: Store = app.state.store
        return {
            "status": "ok",
            "version": __version__,
            "extractor_version": EXTRACTOR_VERSION,
            "store": store_location,
            "quads": len(current),
            "graphs": len(current.graphs()),
        }

    def run(query: str) -> JSONResponse:
        current: Store = app.state.store
        try:
            result = current.query(query, timeout=QUERY_TIMEOUT_S, max_rows=MAX_ROWS)
        except QuerySyntaxError as error:
            raise HTTPException(status_code=400, detail=str(error)) from error
        except QueryTimeoutError as error:
            raise HTTPException(status_code=503, detail=str(error)) from error
        if result.triples:
            raise HTTPException(status_code=406, detail="only SELECT and ASK are served here yet")
        headers = {"X-Unkg-Truncated": "true"} if result.truncated else {}
        return JSONResponse(
            _sparql_json(result), media_type="application/sparql-results+json", headers=headers
        )

    @app.get("/sparql")
    def sparql_get(query: str = Query(..., description="a SPARQL SELECT or ASK query")) -> JSONResponse:
        return run(query)

    @app.post("/sparql")
    def sparql_post(query: str = Form(...)) -> JSONResponse:
        return run(query)

    return app


def _term(term: Node) -> dict[str, str]:
    if isinstance(term, Literal):
        data = {"type": "literal", "value": str(term)}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype:
            data["datatype"] = str(term.datatype)
        return data
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    return {"type": "uri", "value": str(term)}


def _sparql_json(result: QueryResult) -> dict[str, Any]:
    if result.boolean is not None:
        return {"head": {}, "boolean": result.boolean}
    bindings = [
        {var: _term(value) for var, value in zip(result.variables, row, strict=True) if value is not None}
        for row in result.rows
    ]
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
