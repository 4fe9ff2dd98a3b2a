"""The graph copies kept beside the store (unkg.graph.graphcopy): what a user reads through them
is what the engine holds, after an ingest of real files, a re-ingest, a drop, a SPARQL update and
a rebuild; and a resolution page read from a copy is the page read from the engine."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from unkg.api.app import create_app
from unkg.api.settings import Settings
from unkg.graph import graphcopy
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.query_processes import encode
from unkg.graph.textindex import INDEX_FILE

from tests.conftest import SEED
from unkg.load import ingest_paths

# Real files of each kind the pipeline reads (paths under the corpus folder).
FILES = [
    "akn/ga/77/A_RES_77_1-2223391E.xml",            # a General Assembly resolution (AKN)
    "akn/sc/2021/SC_2561_2021-E.xml",               # a Security Council resolution (AKN)
    "akn/hrc/55/A_HRC_RES_55_10E.xml",              # a Human Rights Council resolution (AKN)
    "text/unsc-1946-1994/S_RES_0004_1946_EN_GOLD.txt",  # an old Council text (OCR)
    "pdf/ga-73/A_RES_73_8-EN.pdf",                  # a real PDF
]


def engine_triples(store: EmbeddedStore, graph: str) -> set[tuple[object, ...]]:
    """The graph as the engine gives it back, as plain values."""
    rows = store.quads_encoded(None, None, None, graph, max_rows=None).rows
    return {tuple(row[:3]) for row in rows}


def copied_triples(store: EmbeddedStore, graph: str) -> set[tuple[object, ...]] | None:
    index = store.graph_index(graph)
    return None if index is None else set(graphcopy.triples(index))


@pytest.fixture
def inputs(corpus: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in FILES:
        shutil.copy(corpus / name, folder / Path(name).name)
    shutil.copy(SEED, folder / SEED.name)
    return folder


def test_ingest_keeps_a_copy_equal_to_the_engine(inputs: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store", timeout=None, max_rows=None)
    try:
        report = ingest_paths(store, [inputs], Iris(), workers=2)
        assert report.failures == []
        graphs = store.graphs()
        assert len(graphs) == len(FILES) + 1
        for graph in graphs:
            # Term for term what the engine holds, typed literals included (the ingest time is
            # written in the engine's canonical xsd:dateTime form).
            assert copied_triples(store, graph) == engine_triples(store, graph), graph
    finally:
        store.close()


def test_writes_keep_the_copy_in_step(inputs: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store", timeout=None, max_rows=None)
    try:
        ingest_paths(store, [inputs / SEED.name], Iris())
        (graph,) = store.graphs()
        # Re-ingest (replace_graph): the copy is the new graph.
        ingest_paths(store, [inputs / SEED.name], Iris(), force=True)
        assert copied_triples(store, graph) == engine_triples(store, graph)
        # A SPARQL update: the copies are dropped (readers read the engine) ...
        store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <https://example.org/x> "
                     f"<https://example.org/p> \"added\" }} }}")
        assert copied_triples(store, graph) is None
        # ... and `unkg reindex` makes them again, with the update in them.
        store.rebuild_text_index()
        copied = copied_triples(store, graph)
        assert copied == engine_triples(store, graph)
        assert ("https://example.org/x", "https://example.org/p", ("added", "")) in copied
        # A dropped graph has no copy.
        store.drop_graph(graph)
        assert copied_triples(store, graph) is None
    finally:
        store.close()


def test_a_page_from_the_copy_is_the_page_from_the_engine(inputs: Path, tmp_path: Path) -> None:
    location = tmp_path / "store"
    store = EmbeddedStore(location, timeout=None, max_rows=None)
    ingest_paths(store, [inputs], Iris(), workers=2)
    store.close()
    ids = ["A/RES/77/1", "S/RES/2561(2021)", "A/HRC/RES/55/10", "S/RES/4(1946)",
           "A/RES/73/8", "E_CN.15_RES_22_7"]

    def pages() -> dict[str, object]:
        settings = Settings.from_env()
        with TestClient(create_app(str(location), settings=settings)) as client:
            answers = {}
            for symbol in ids:
                response = client.get(f"/resolutions/{symbol}", params={"format": "json"})
                assert response.status_code == 200, (symbol, response.text)
                answers[symbol] = response.json()
            return answers

    from_copies = pages()
    index = sqlite3.connect(location / INDEX_FILE)
    with index:
        assert index.execute("SELECT count(*) FROM graph_copy").fetchone()[0] == len(FILES) + 1
        index.execute("DELETE FROM graph_copy")  # as a store made before the copies existed
    index.close()
    assert pages() == from_copies


def test_a_copy_of_another_layout_is_not_used() -> None:
    triples = [("https://example.org/s", "https://example.org/p", ("v", "@en"))]
    copy = graphcopy.pack(triples + triples)  # a triple given twice is kept once
    index = graphcopy.unpack(copy)
    assert index is not None and list(graphcopy.triples(index)) == triples
    assert graphcopy.unpack(b"unkg-copy-0\n" + copy[len(graphcopy.MAGIC):]) is None
    assert graphcopy.unpack(graphcopy.MAGIC + b"not zlib") is None


def test_copy_from_ntriples_and_from_quads_agree() -> None:
    text = ('<https://example.org/s> <https://example.org/p> "2026-11-28T21:05:09.1234Z"'
            '^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n'
            '<https://example.org/s> <https://example.org/q> "dit"@fr .\n')
    engine = ox.Store()
    engine.load(text.encode(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("https://g.example/"))
    from_engine = graphcopy.unpack(graphcopy.from_quads(engine))
    from_text = graphcopy.unpack(graphcopy.from_ntriples(text))
    assert from_engine is not None and from_text is not None
    assert set(graphcopy.triples(from_engine)) == set(graphcopy.triples(from_text))
    assert encode(ox.Literal("dit", language="fr")) in [
        o for _, _, o in graphcopy.triples(from_text)]


def test_a_graph_taken_from_a_copy_reads_as_one_filled_triple_by_triple() -> None:
    from rdflib import URIRef
    from unkg.api.indexed_graph import IndexedGraph
    from unkg.ontology import UNKG

    store = EmbeddedStore(None, timeout=None, max_rows=None)
    try:
        ingest_paths(store, [SEED], Iris())
        (graph,) = store.graphs()
        rows = store.quads_encoded(None, None, None, graph, max_rows=None).rows
    finally:
        store.close()
    filled = IndexedGraph()
    for s, p, o, _ in rows:
        filled.add_encoded(s, p, o)
    index = graphcopy.unpack(graphcopy.pack((s, p, o) for s, p, o, _ in rows))
    assert index is not None
    taken = IndexedGraph.of_index(index)  # type: ignore[arg-type]
    assert len(taken) == len(filled) == len(rows)
    assert set(taken) == set(filled)
    # the references of each paragraph, read by value (the index made for that predicate)
    owners = {o for _, _, o in filled.triples((None, UNKG.citingParagraph, None))}
    assert len(owners) > 5
    for node in owners:
        assert set(taken.subjects_of(UNKG.citingParagraph, node)) == set(
            filled.subjects_of(UNKG.citingParagraph, node))
    # a triple added afterwards is read by subject and by value
    extra = (URIRef("https://example.org/r"), UNKG.citingParagraph, URIRef("https://example.org/p"))
    taken.add(extra)
    assert taken.subjects_of(extra[1], extra[2]) == [extra[0]] and len(taken) == len(rows) + 1


def test_a_page_from_the_copy_is_the_page_rdflib_reads(inputs: Path, tmp_path: Path) -> None:
    # The page of each ingested resolution, made from its copy (IndexedGraph, values read from
    # the plain terms), is the page made from the same triples in rdflib's own Graph.
    from rdflib import Graph, URIRef
    from unkg.api.views import Facts, resolution_view

    store = EmbeddedStore(tmp_path / "store", timeout=None, max_rows=None)
    try:
        ingest_paths(store, [inputs], Iris(), workers=1)
        from unkg.api.resources import Reader

        reader = Reader(store)
        documents = [
            str(row[0]) for row in store.query(
                "SELECT DISTINCT ?d { GRAPH ?g { ?d <http://www.w3.org/ns/prov#wasGeneratedBy> "
                "?a } }").rows]
        assert len(documents) == len(FILES) + 1
        for document in documents:
            own = reader.own_graph(document)
            assert own is not None
            name, indexed = own
            plain = Graph()
            for triple in indexed:
                plain.add(triple)
            assert resolution_view(URIRef(document), name, Facts(indexed, Iris())) == \
                resolution_view(URIRef(document), name, Facts(plain, Iris())), document
    finally:
        store.close()
