"""The fast paths of corpus ingest give exactly what the slow ones give: N-Triples written without
rdflib terms (``resolution_ntriples``) are the lines rdflib's terms give, and new graphs added
through the engine's bulk loader make the same store and text index as one atomic write each,
with a file the engine refuses reported by name and leaving the store as it was."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.store import ExportFormat
from unkg.graph.terms import ntriples_lines
from unkg.ingest.pipeline import parse_documents
from unkg.ingest.to_rdf import resolution_ntriples, resolution_to_rdf

from tests.conftest import SEED
from unkg.load import FileReport, Outcome, ParsedFile, ParsedGraph, _Writer, parse_to_ntriples

# Real files, one of each kind the pipeline reads (paths under the corpus folder).
FILES = [
    "akn/ga/77/A_RES_77_1-2223391E.xml",            # a General Assembly resolution
    "akn/sc/2021/SC_2561_2021-E.xml",               # a Security Council resolution
    "akn/hrc/55/A_HRC_RES_55_10E.xml",              # a Human Rights Council resolution
    "text/unsc-1946-1994/S_RES_0004_1946_EN_GOLD.txt",  # an old Council text (OCR)
]
# An ingest time with microseconds and a time zone: the one xsd:dateTime literal of a graph.
WHEN = datetime(2026, 11, 28, 21, 5, 9, 123456, tzinfo=UTC)


@pytest.mark.parametrize("name", ["seed", *FILES])
def test_ntriples_without_rdflib_terms_are_rdflibs_lines(name: str, corpus: Path) -> None:
    path = SEED if name == "seed" else corpus / name
    for resolution in parse_documents(path):
        expected = ntriples_lines(resolution_to_rdf(resolution, Iris(), generated_at=WHEN))
        assert resolution_ntriples(resolution, Iris(), generated_at=WHEN) == expected


def _dump(store: EmbeddedStore) -> list[str]:
    out = Path(store.location) / "dump.nq"
    with open(out, "wb") as f:
        store.export(f, ExportFormat.NQUADS)
    return sorted(line for line in out.read_text(encoding="utf-8").splitlines()
                  if "endedAtTime" not in line)


def _write(store: EmbeddedStore, parsed: list[ParsedFile]) -> list[FileReport]:
    reports: list[FileReport] = []
    writer = _Writer(store, lambda path, got, whole=True: reports.extend(got), force=False)
    for each in parsed:
        writer.add(each)
    writer.finish()
    return reports


def test_bulk_added_graphs_make_the_same_store_as_atomic_writes(corpus: Path,
                                                                tmp_path: Path) -> None:
    parsed = [parse_to_ntriples(path, Iris()) for path in (SEED, *(corpus / f for f in FILES))]
    graphs = [graph for each in parsed for graph in each.graphs]
    assert all(graph.passages for graph in graphs)  # picked by the worker
    with EmbeddedStore(tmp_path / "one-by-one") as store:
        for graph in graphs:
            store.replace_graph_ntriples(graph.graph, graph.lines(),
                                         meta={"sha256": graph.sha256, "extractor_version": "x"})
        expected = {line for line in _dump(store) if "extractor_version" not in line}
        expected_index = len(store.text_index)
    with EmbeddedStore(tmp_path / "batched") as store:
        reports = _write(store, parsed)
        assert [r.outcome for r in reports] == [Outcome.INGESTED] * len(graphs)
        assert {line for line in _dump(store) if "extractor_version" not in line} == expected
        assert len(store.text_index) == expected_index
        hits = store.text_index.search("crime prevention", limit=5)
        assert hits.total > 0
        # A second run finds every graph stored and skips it.
        assert {r.outcome for r in _write(store, parsed)} == {Outcome.SKIPPED}


def test_a_batch_the_engine_refuses_is_written_one_by_one_naming_the_bad_file(
        corpus: Path, tmp_path: Path) -> None:
    good = parse_to_ntriples(corpus / FILES[0], Iris())
    # N-Triples whose literal never ends: the engine's parser refuses it part way.
    broken = ParsedFile("bad.txt", (ParsedGraph(
        "https://w3id.org/unkg/graph/bad", None, "ab",
        '<https://w3id.org/unkg/id/bad> <https://w3id.org/unkg/ontology#text> "never ends .\n',
        1),))
    with EmbeddedStore(tmp_path / "store") as store:
        reports = _write(store, [good, broken])
        assert [(r.path, r.outcome) for r in reports] == [
            (good.path, Outcome.INGESTED), ("bad.txt", Outcome.FAILED)]
        assert "not N-Triples" in (reports[1].reason or "")
        # The good graph is stored whole, nothing of the bad one, and the index follows.
        assert store.graphs() == [good.graphs[0].graph]
        assert store.graph_length(good.graphs[0].graph) == good.graphs[0].triples
        assert len(store.text_index) == len(good.graphs[0].passages or ())
