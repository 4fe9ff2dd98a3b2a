"""The HTTP application: assembles the routes, the error handlers, CORS and the store.

``create_app`` opens the store when the application starts (or takes an open one) and closes what
it opened when it stops. Routes:

* ``GET /health``: the version and the size of the store;
* ``/sparql``: the SPARQL 1.1 Protocol endpoint (:mod:`unkg.api.sparql`); a browser visiting it
  gets the query page (:mod:`unkg.api.page`), whose assets are under ``/static``;
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
the one JSON shape of :mod:`unkg.api.errors`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from unkg.api import browse, graphstore, graphview, page, queries_routes, search, sparql, void
from unkg.api.errors import install_error_handlers
from unkg.api.settings import Settings
from unkg.graph.store import Store, open_store

from unkg import EXTRACTOR_VERSION, __version__

__all__ = ["create_app"]


def create_app(
    store_location: str, *, store: Store | None = None, settings: Settings | None = None
) -> FastAPI:
    """The application over the store at ``store_location`` (or over an already open ``store``).

    ``settings`` default to :meth:`Settings.from_env`.
    """
    config = settings if settings is not None else Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = (
            store
            if store is not None
            else open_store(
                store_location,
                timeout=config.query_timeout,
                max_rows=config.max_rows,
                query_processes=config.query_workers,
                query_memory=config.query_memory_bytes,
            )
        )
        app.state.store = opened
        try:
            yield
        finally:
            if store is None:
                opened.close()

    app = FastAPI(
        title="unkg",
        version=__version__,
        description="A knowledge graph of United Nations resolutions, with a SPARQL 1.1 endpoint.",
        lifespan=lifespan,
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
    return app
