"""The unkg vocabulary and its SHACL shapes: the single source of truth for terms.

``unkg.ttl`` declares every class and property the extractor writes, with a label, a comment and
its alignment to ELI, CiTO, W3C ORG, PROV-O, Dublin Core and SKOS; ``shapes.ttl`` states what a
well-formed ingested resolution looks like. This module gives Python their namespaces, their
locations inside the installed package, and the prefixes the store and the SPARQL endpoint use::

    >>> str(UNKG.Resolution)
    'https://w3id.org/unkg/ontology#Resolution'
    >>> PREFIXES["eli"]
    'http://data.europa.eu/eli/ontology#'
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

__all__ = [
    "CITO",
    "DCTERMS",
    "DCTYPE",
    "ELI",
    "ONTOLOGY_IRI",
    "ONTOLOGY_TTL",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SHAPES_TTL",
    "SKOS",
    "UNKG",
    "XSD",
    "bind_prefixes",
    "load_ontology",
    "load_shapes",
]

#: The unkg vocabulary (classes and properties, and the SKOS concepts of its two schemes).
UNKG = Namespace("https://w3id.org/unkg/ontology#")
#: The IRI of the ontology itself (``owl:Ontology``).
ONTOLOGY_IRI = "https://w3id.org/unkg/ontology"
#: European Legislation Identifier ontology.
ELI = Namespace("http://data.europa.eu/eli/ontology#")
#: Citation Typing Ontology.
CITO = Namespace("http://purl.org/spar/cito/")
#: DCMI Type vocabulary (``dctype:Event``).
DCTYPE = Namespace("http://purl.org/dc/dcmitype/")

#: The vocabulary file, inside the installed package.
ONTOLOGY_TTL: Traversable = files("unkg.ontology") / "unkg.ttl"
#: The SHACL shapes file, inside the installed package.
SHAPES_TTL: Traversable = files("unkg.ontology") / "shapes.ttl"

#: Prefix -> namespace, for Turtle output, the store and the SPARQL endpoint.
PREFIXES: dict[str, str] = {
    "unkg": str(UNKG),
    "eli": str(ELI),
    "cito": str(CITO),
    "org": str(ORG),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "dctype": str(DCTYPE),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every prefix of :data:`PREFIXES` in ``graph``, over rdflib's defaults; returns it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _parse(resource: Traversable) -> Graph:
    graph = bind_prefixes(Graph())
    graph.parse(data=resource.read_text(encoding="utf-8"), format="turtle")
    return graph


def load_ontology() -> Graph:
    """A fresh graph holding the unkg vocabulary."""
    return _parse(ONTOLOGY_TTL)


def load_shapes() -> Graph:
    """A fresh graph holding the SHACL shapes of ingested data."""
    return _parse(SHAPES_TTL)
