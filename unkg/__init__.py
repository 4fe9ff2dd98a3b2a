"""unkg: a knowledge graph of United Nations resolutions.

The package is assembled from the project's top-level folders: ``unkg.ingest`` (source text to
RDF), ``unkg.graph`` (identifiers, the store and its engines), ``unkg.api`` (HTTP),
``unkg.ontology`` (the vocabulary and SHACL shapes) and ``unkg.queries`` (the named SPARQL queries).
"""

from __future__ import annotations

__version__ = "0.1.0"

#: The version of the extractor, recorded in the provenance of every ingested resolution.
#: Bump it whenever a change to ``unkg.ingest`` can change what is extracted.
EXTRACTOR_VERSION = f"unkg-extractor/{__version__}"

__all__ = ["EXTRACTOR_VERSION", "__version__"]
