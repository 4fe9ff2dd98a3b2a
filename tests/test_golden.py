"""The seed's RDF against a reviewed expected graph, compared by isomorphism with a readable diff,
and checked against the SHACL shapes.

After a deliberate change to the extractor or the mapping, regenerate the expected graph with
``UNKG_REGEN_GOLDEN=1 pytest tests/test_golden.py``, then review ``git diff tests/golden``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic
from unkg.graph.iris import Iris
from unkg.ingest.models import Source
from unkg.ingest.pipeline import parse_source
from unkg.ingest.to_rdf import resolution_to_rdf
from unkg.ontology import bind_prefixes, load_ontology, load_shapes

from tests.conftest import ROOT, SEED

GOLDEN = ROOT / "tests" / "golden" / "ccpcj-resolution-22-7.ttl"
#: Fixed, so the expected graph does not depend on the clock or on where the checkout lives.
GENERATED_AT = datetime(2026, 1, 1, tzinfo=UTC)
SOURCE_PATH = "data/ccpcj-resolution-22-7.txt"


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    import hashlib

    raw = SEED.read_bytes()
    source = Source(SOURCE_PATH, hashlib.sha256(raw).hexdigest(), "text/plain", raw.decode("utf-8"))
    graph = Graph()
    bind_prefixes(graph)
    for triple in resolution_to_rdf(parse_source(source), Iris(), generated_at=GENERATED_AT):
        graph.add(triple)
    return graph


def _parse_as_written(path: os.PathLike[str]) -> Graph:
    """The graph of a Turtle file with every literal as written: rdflib would rewrite the
    canonical ``...Z`` of an xsd:dateTime as ``+00:00``, and the lexical forms are what is
    pinned here."""
    import rdflib

    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        return Graph().parse(path, format="turtle")
    finally:
        rdflib.NORMALIZE_LITERALS = normalize


def _readable(graph: Graph) -> str:
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph)
    return "\n".join(lines[:60]) + ("\n…" if len(lines) > 60 else "")


def test_seed_matches_the_reviewed_graph(seed_graph: Graph) -> None:
    if os.environ.get("UNKG_REGEN_GOLDEN"):
        GOLDEN.write_text(seed_graph.serialize(format="turtle"), encoding="utf-8")
    expected = _parse_as_written(GOLDEN)
    if to_isomorphic(seed_graph) != to_isomorphic(expected):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(seed_graph))
        pytest.fail(
            f"the seed's RDF differs from {GOLDEN.name}\n"
            f"--- expected but missing ({len(missing)}):\n{_readable(missing)}\n"
            f"+++ produced but not expected ({len(extra)}):\n{_readable(extra)}",
            pytrace=False,
        )


def test_seed_conforms_to_the_shapes(seed_graph: Graph) -> None:
    from pyshacl import validate

    conforms, _, report = validate(
        seed_graph, shacl_graph=load_shapes(), ont_graph=load_ontology(), inference="none"
    )
    assert conforms, report
