"""unkg: a knowledge graph of United Nations resolutions.

The package is assembled from the project's top-level folders: ``unkg.ingest`` (source text to
RDF), ``unkg.graph`` (identifiers, the store and its engines), ``unkg.api`` (HTTP),
``unkg.ontology`` (the vocabulary and SHACL shapes) and ``unkg.queries`` (the named SPARQL queries).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unkg.client import connect, open

__version__ = "0.1.0"

#: The version of the extractor, recorded in the provenance of every ingested resolution.
#: Bump it whenever a change to ``unkg.ingest`` can change what is extracted.
EXTRACTOR_VERSION = f"unkg-extractor/{__version__}"

__all__ = ["EXTRACTOR_VERSION", "__version__", "connect", "open"]


def __getattr__(name: str) -> Any:
    """``unkg.open`` and ``unkg.connect`` (the notebook client, :mod:`unkg.client`), imported on
    first use so that ``import unkg`` stays fast."""
    if name in ("open", "connect"):
        from unkg import client

        return getattr(client, name)
    raise AttributeError(f"module 'unkg' has no attribute {name!r}")
