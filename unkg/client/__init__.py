"""The Python client researchers use in Jupyter: one interface over three backends.

* :func:`open` (``unkg.open("data/store")``): the embedded store in a folder, read-only by
  default, so that ``unkg ingest`` or ``unkg serve`` can keep it open for writing meanwhile;
* :func:`connect` (``unkg.connect("http://127.0.0.1:8000")``): a running ``unkg serve``, through
  its SPARQL endpoint ``/sparql``;
* :func:`connect` with ``endpoint=True``: any SPARQL 1.1 endpoint serving this ontology (an
  Oxigraph server, Virtuoso), by the endpoint's own URL.

Each gives a :class:`~unkg.client.kg.KnowledgeGraph`: ``kg.query(...)`` (a DataFrame),
``kg.resolution(...)``, ``kg.cited_by(...)``, ``kg.mandates(...)`` and ``kg.citation_graph(...)``.
The modules: :mod:`~unkg.client.kg` (the interface), :mod:`~unkg.client.frames` (results as
DataFrames), :mod:`~unkg.client.facts` (the dataclasses), :mod:`~unkg.client.remote` (the
remote store) and :mod:`~unkg.client.values` (binding parameters for a remote endpoint). pandas
and httpx are imported when first needed: ``pip install 'unkg[notebooks]'``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from unkg.client.facts import Citation, MandateInfo, NotFoundError, ResolutionInfo
from unkg.client.kg import KnowledgeGraph
from unkg.errors import StoreError
from unkg.graph.iris import Iris
from unkg.graph.store import DEFAULT_TIMEOUT, open_store

__all__ = [
    "MAX_ROWS",
    "Citation",
    "KnowledgeGraph",
    "MandateInfo",
    "NotFoundError",
    "ResolutionInfo",
    "connect",
    "open",
]

#: The rows (or triples) a query returns at most unless ``max_rows`` says otherwise: room for
#: a whole corpus's worth of rows, while a runaway cross product still stops.
MAX_ROWS = 1_000_000


def open(
    location: str | os.PathLike[str],
    *,
    read_only: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = MAX_ROWS,
    base_iri: str | None = None,
) -> KnowledgeGraph:
    """The embedded store in the folder ``location`` (what ``unkg ingest --store`` wrote).

    ``read_only`` (the default) opens a snapshot beside any writer; ``read_only=False`` takes
    the store's write lock, which ``unkg ingest`` and ``unkg serve`` then wait for. ``timeout``
    (seconds) and ``max_rows`` limit every query (``None``: no limit). ``base_iri`` is the base
    the IRIs were minted under (default: ``$UNKG_BASE_IRI``, else ``https://w3id.org/unkg/``).
    """
    text = os.fspath(location)
    if re.match(r"https?://", text, re.IGNORECASE):
        raise StoreError(f"{text} is a URL: use unkg.connect({text!r}) for a server")
    store = open_store(text, read_only=read_only, timeout=timeout, max_rows=max_rows)
    return KnowledgeGraph(store, iris=_iris(base_iri))


def connect(
    url: str,
    *,
    endpoint: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = MAX_ROWS,
    headers: Mapping[str, str] | None = None,
    base_iri: str | None = None,
) -> KnowledgeGraph:
    """A running ``unkg serve`` at ``url`` (``http://127.0.0.1:8000``; its ``/sparql`` is
    added unless the URL ends with it), or, with ``endpoint=True``, the SPARQL 1.1 endpoint
    whose URL is ``url`` exactly (``http://localhost:7878/query`` for an Oxigraph server).

    ``timeout`` is how long to wait for each answer, ``max_rows`` the rows kept at most (the
    server's own limits apply first), ``headers`` go with every request (``Authorization``).
    Nothing is sent until the first query.
    """
    from unkg.client.remote import RemoteStore

    target = url if endpoint else _sparql_url(url)
    store = RemoteStore(target, timeout=timeout, max_rows=max_rows, headers=headers)
    return KnowledgeGraph(store, iris=_iris(base_iri))


def _sparql_url(url: str) -> str:
    """``http://host:8000`` -> ``http://host:8000/sparql``; a URL ending in /sparql is kept."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not path.endswith("/sparql"):
        path += "/sparql"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _iris(base_iri: str | None) -> Iris:
    return Iris(base_iri) if base_iri else Iris.from_env()
