"""The pure helpers of bench/api.py (the browsing API benchmark), and the rdflib graph the API
reads a resolution into (api/indexed_graph.py).

Nothing here is timed: the benchmark itself is run by hand (docs/benchmarks.md). These tests pin
that the ids it requests are the API's own slugs, that its statistics are right, and that the
graph it made faster reads exactly as rdflib's own.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from rdflib import Graph, Literal, URIRef
from unkg.api.indexed_graph import IndexedGraph
from unkg.graph.symbols import Symbol
from unkg.ontology import DCTERMS, RDF, UNKG

from bench.api import SEARCHES, build_cases, markdown, sample_ids, slug, summary
from bench.common import percentile


@pytest.mark.parametrize("symbol", [
    "S/RES/2672 (2023)",  # the Council: number and year, the space dropped
    "A/RES/79/5",  # the Assembly
    "A/HRC/RES/55/10",  # the Human Rights Council
    "E/CN.15/RES/22/7",  # the seed: CCPCJ 22/7
    "S/RES/1 (2009)",  # the generator's Council numbers past 9999 start again at 1
])
def test_slug_is_the_apis_id(symbol: str) -> None:
    assert slug(symbol) == Symbol(symbol).slug


def test_percentiles_and_summary() -> None:
    seconds = [0.010, 0.002, 0.004, 0.003, 0.100]
    assert percentile(seconds, 50) == 0.004  # nearest rank: the 3rd of 5
    assert percentile(seconds, 95) == 0.100
    row = summary(seconds, elapsed=2.0)
    assert (row["n"], row["p50_ms"], row["p95_ms"], row["rps"]) == (5, 4.0, 100.0, 2.5)


def test_cases_cover_both_kinds_of_id_and_every_search() -> None:
    manifest = {"akn_symbols": ["S/RES/2672 (2023)", "A/RES/79/5", "A/DEC/79/501"],
                "synthetic_symbols": ["A/HRC/RES/1/1", "S/RES/660 (1990)"]}
    ids = sample_ids(manifest, 5, seed=1)
    assert sorted(ids) == sorted([("akn", "S_RES_2672(2023)"), ("akn", "A_RES_79_5"),
                                  ("synthetic", "A_HRC_RES_1_1"),
                                  ("synthetic", "S_RES_660(1990)")])  # decisions left out
    cases = build_cases(ids, with_graph=True)
    assert {c.group for c in cases} == {"resolution", "search", "cited-by", "neighbourhood"}
    assert "neighbourhood" not in {c.group for c in build_cases(ids, with_graph=False)}
    assert "/resolutions/S_RES_2672(2023)" in [c.path for c in cases]
    searched = [parse_qs(urlsplit(c.path).query) for c in cases if c.group == "search"]
    assert [{k: v[0] for k, v in q.items()} for q in searched] == [p for _, p in SEARCHES]


def test_markdown_names_the_targets() -> None:
    report = {
        "results": {"resolution": {"1": summary([0.008, 0.009]), "by_label": {}}},
        "searches": [{"label": "phrase", "params": {"q": '"Member States"', "body": "ga"},
                      "total": 12} | summary([0.02])],
        "targets_met": {"resolution p50 <= 10 ms, 1 client(s)": True},
    }
    text = markdown(report)
    assert "| **GET /resolutions/{id}** | 8.0 / 9.0 |" in text
    assert '| phrase | `"Member States"` | body=ga | 12 | 20.0 / 20.0 |' in text
    assert "| resolution p50 <= 10 ms, 1 client(s) | yes |" in text


def test_indexed_graph_reads_as_rdflibs_graph() -> None:
    r = URIRef("https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7")
    o1, o2 = URIRef(f"{r}/o1"), URIRef(f"{r}/o2")
    triples = [
        (r, RDF.type, UNKG.Resolution),
        (r, DCTERMS.identifier, Literal("E/CN.15/RES/22/7")),
        (r, UNKG.hasParagraph, o1),
        (r, UNKG.hasParagraph, o2),
        (o1, UNKG.text, Literal("Invites Member States to use the Salvador Declaration;")),
        (o1, UNKG.start, Literal(1204)),
        (o2, UNKG.start, Literal(1290)),
        (r, UNKG.hasParagraph, o2),  # twice: counted once
    ]
    ours, theirs = IndexedGraph(), Graph()
    for triple in triples:
        ours.add(triple)
        theirs.add(triple)
    assert len(ours) == len(theirs) == 7
    assert set(ours) == set(theirs)
    for pattern in [(r, None, None), (None, UNKG.start, None), (None, None, o2),
                    (r, UNKG.hasParagraph, None), (None, UNKG.hasParagraph, o1),
                    (o1, None, Literal(1204)), (r, RDF.type, UNKG.Resolution),
                    (o2, RDF.type, None)]:
        assert set(ours.triples(pattern)) == set(theirs.triples(pattern)), pattern
    assert (o1, UNKG.start, Literal(1204)) in ours
    assert ours.value(r, DCTERMS.identifier) == Literal("E/CN.15/RES/22/7")
    path = UNKG.hasParagraph / UNKG.start  # property paths are evaluated as rdflib does
    assert sorted(ours.objects(r, path)) == sorted(theirs.objects(r, path))


def test_passages_picked_from_nquads_are_those_the_store_reads_back() -> None:
    """bench/api.py indexes its bulk-loaded synthetic graphs from the N-Quads file, without the
    store's read-back query: the rows must be the same, and searchable."""
    import io
    import re

    from unkg.graph.embedded import EmbeddedStore
    from unkg.graph.store import META_GRAPH, ExportFormat
    from unkg.graph.textindex import TextIndex, _values, nquads_passages

    from bench.generate import generate, write_nquads

    text = io.StringIO()
    write_nquads(generate(6, 3), text)
    picked = list(nquads_passages([text.getvalue()], skip=frozenset({META_GRAPH})))
    with EmbeddedStore.in_memory() as store:
        store.bulk_load(io.BytesIO(text.getvalue().encode("utf-8")), ExportFormat.NQUADS)
        index = store.text_index
        read_back = set(index._db().execute(
            "SELECT graph, iri, resolution, symbol, body, year, kind, text FROM passage"))
        assert {g for g, _ in picked} == set(store.graphs())
    assert {_values(p) for _, found in picked for p in found} == read_back
    ours = TextIndex(None)
    assert ours.add_loaded(picked) == len(read_back)
    word = next(w for row in sorted(read_back) for w in re.findall(r"[A-Za-z]{5,}", row[7]))
    assert ours.search(word).total > 0
    ours.close()


def test_serve_workers_open_the_store_read_only(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """`unkg serve --workers 2` (what the benchmark starts) builds one application per process
    with `read_only_app`: the store named by UNKG_STORE, opened read-only, so two processes can
    share it, and writes are refused."""
    from fastapi.testclient import TestClient
    from unkg.graph.embedded import EmbeddedStore

    from unkg.cli import read_only_app

    folder = tmp_path / "store"
    with EmbeddedStore(folder) as store:
        store.replace_graph("https://w3id.org/unkg/graph/x", [
            (URIRef("https://w3id.org/unkg/id/resolution/A_RES_79_5"), RDF.type,
             UNKG.Resolution)])
    monkeypatch.setenv("UNKG_STORE", str(folder))
    monkeypatch.setenv("UNKG_UPDATE_TOKEN", "secret")
    monkeypatch.setenv("UNKG_QUERY_WORKERS", "0")
    with TestClient(read_only_app()) as one, TestClient(read_only_app()) as two:
        for client in (one, two):
            assert client.get("/health").json()["read_only"] is True
        refused = one.post("/sparql", content="CLEAR ALL", headers={
            "Content-Type": "application/sparql-update", "Authorization": "Bearer secret"})
        assert (refused.status_code, refused.json()["error"]) == (403, "read_only")
