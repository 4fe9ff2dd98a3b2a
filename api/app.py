"""The HTTP application: assembles the routes, the error handlers, CORS and the store.

``create_app`` opens the store when the application starts (or takes an open one) and closes what
it opened when it stops. Routes:

* ``GET /health``: the version, where the store is and whether it is read-only, in constant
  time (the store's size is in the VoID description);
* ``/sparql``: the SPARQL 1.1 Protocol endpoint (:mod:`unkg.api.sparql`), whose plain query
  requests are answered before FastAPI's routing (:mod:`unkg.api.sparql_lean`); a browser
  visiting it gets the query page (:mod:`unkg.api.page`), whose assets are under ``/static``;
* the browsing routes: ``/resolutions``, ``/documents``, ``/instruments``, ``/bodies``, ``/id/...``
  and ``/context.jsonld`` (:mod:`unkg.api.browse`), ``/graph/...`` (:mod:`unkg.api.graphview`);
* ``GET /search``: full-text search of paragraphs and footnotes (:mod:`unkg.api.search`);
* ``GET /queries`` and ``GET /queries/{name}``: the named queries, one route each
  (:mod:`unkg.api.queries_routes`);
* ``GET /.well-known/void`` (and ``/void``), ``/prefixes``, ``/examples``: the dataset's VoID
  description, its prefixes and example queries (:mod:`unkg.api.void`);
* ``/store``: the SPARQL 1.1 Graph Store HTTP Protocol (:mod:`unkg.api.graphstore`).

An opened store runs its timed queries in ``UNKG_QUERY_WORKERS`` worker processes, killed at the
time limit (:mod:`unkg.graph.query_processes`).

Settings come from the environment (:mod:`unkg.api.settings`) unless given. Every error answers
the one JSON shape of :mod:`unkg.api.errors`. The OpenAPI schema (``/openapi.json``) declares what
each route answers (statuses, media types, the shape of its JSON), and each operation has its own
id (FastAPI gives ``GET`` and ``HEAD /store``, one route, the same).
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, Field
from unkg.api import browse, graphstore, graphview, page, queries_routes, search, sparql, void
from unkg.api.errors import install_error_handlers
from unkg.api.settings import Settings
from unkg.api.sparql_lean import LeanApplication
from unkg.graph.store import Store, open_store
from unkg.graph.streaming import warm_up

from unkg import EXTRACTOR_VERSION, __version__

__all__ = ["HealthModel", "create_app"]


class HealthModel(BaseModel):
    """What ``GET /health`` answers."""

    status: str = Field(description="ok")
    version: str
    extractor_version: str
    store: str = Field(description="Where the store is")
    read_only: bool = Field(description="Whether the store refuses writes")


def create_app(
    store_location: str, *, store: Store | None = None, settings: Settings | None = None,
    read_only: bool = False,
) -> FastAPI:
    """The application over the store at ``store_location`` (or over an already open ``store``).

    ``settings`` default to :meth:`Settings.from_env`. ``read_only`` opens the store read-only
    (writes answer 403), so that several server processes can share it.
    """
    config = settings if settings is not None else Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = (
            store
            if store is not None
            else open_store(
                store_location,
                read_only=read_only,
                timeout=config.query_timeout,
                max_rows=config.max_rows,
                query_processes=config.query_workers,
                query_memory=config.query_memory_bytes,
            )
        )
        app.state.store = opened
        _settle_heap()
        try:
            yield
        finally:
            if store is None:
                opened.close()

    # SPARQL query requests take the lean path in front of FastAPI's routing (sparql_lean).
    app = LeanApplication(
        title="unkg",
        version=__version__,
        description="A knowledge graph of United Nations resolutions, with a SPARQL 1.1 endpoint.",
        lifespan=lifespan,
        vary_origin=bool(config.cors_origins),
    )
    app.state.settings = config
    install_error_handlers(app)
    if config.cors_origins:
        # Browsers may read query results from these origins. Authorization is not an allowed
        # header, so a page on another origin cannot send an update token.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "HEAD", "POST"],
            expose_headers=[sparql.TRUNCATED_HEADER],
        )

    @app.get("/health", responses={200: {"model": HealthModel}})
    def health() -> dict[str, Any]:
        # Constant time: counting the quads of a large store takes seconds in the engine, which
        # holds the interpreter meanwhile (a supervised worker would miss its pings and be
        # restarted). The counts are in the VoID description, computed in query processes.
        current: Store = app.state.store
        return {
            "status": "ok",
            "version": __version__,
            "extractor_version": EXTRACTOR_VERSION,
            "store": store_location,
            "read_only": current.read_only,
        }

    # The page's route comes first: it matches only a browser's plain visit, the rest falls through.
    app.include_router(page.router)
    app.include_router(sparql.router)
    app.include_router(browse.router)
    app.include_router(graphview.router)
    app.include_router(search.router)
    app.include_router(queries_routes.build_router())
    app.include_router(void.router)
    app.include_router(graphstore.router)
    app.mount(page.STATIC_PATH, page.static_files(), name="static")

    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            with warnings.catch_warnings():
                # FastAPI warns of the ids it repeats; _unique_operation_ids makes them unique.
                warnings.filterwarnings("ignore", "Duplicate Operation ID", UserWarning)
                app.openapi_schema = _with_query_page(_unique_operation_ids(generate()))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _settle_heap() -> None:
    """Spare the server's requests the garbage collector's full passes over what lives as long as
    the server: the modules, the store, rdflib's SPARQL parser (which
    :mod:`unkg.graph.streaming` would otherwise load on first use, :func:`warm_up
    <unkg.graph.streaming.warm_up>`). A full pass over them took 65 ms, a pause in the middle of
    some request every few hundred; frozen (:func:`gc.freeze`), they are never scanned again.
    Once per process (a test process starts many applications)."""
    if _settled:
        return
    warm_up()
    gc.collect()
    gc.freeze()
    _settled.append(True)


#: Whether this process has settled its heap (:func:`_settle_heap`).
_settled: list[bool] = []


def _with_query_page(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` saying that ``GET /sparql`` also answers the query page (HTML), which the page's
    own route (hidden from the schema, as it shares the path) serves to a browser's plain visit."""
    operation = schema.get("paths", {}).get("/sparql", {}).get("get")
    if operation is not None:
        ok = operation["responses"].setdefault("200", {"description": "OK"})
        ok.setdefault("content", {})["text/html"] = {"schema": {"type": "string"}}
        ok["description"] += "; a browser's visit without a query gets the query page (HTML)"
    return schema


def _unique_operation_ids(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with an operation id per operation: one route serving two methods (``GET`` and
    ``HEAD /store``) gets one id from FastAPI, so each after the first is suffixed with its
    method, as OpenAPI requires them unique."""
    seen: set[str] = set()
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            name = operation.get("operationId")
            if name is None:
                continue
            if name in seen:
                operation["operationId"] = name = f"{name}_{method}"
            seen.add(name)
    return schema
