"""The full-text index: kept in step by the store itself, searched the way a user searches.

The store holds what the real pipeline makes of the seed (CCPCJ resolution 22/7, about
cybercrime), of Security Council resolution 49 (1948) (the truce in Palestine) and of Security
Council resolution 1454 (2002), whose operative paragraph 5 reads "Where n>3, the chemical will
be referred for review": real text with a character HTML must escape.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.store import ExportFormat, Store
from unkg.graph.textindex import (
    INDEX_FILE,
    PassageKind,
    SearchPage,
    TextIndex,
    TextQueryError,
    fts_query,
)
from unkg.graph.textindex_tantivy import ENGINE_DIR, Engine
from unkg.ontology import UNKG

from tests.conftest import SEED
from unkg.cli import main

pytestmark = pytest.mark.corpus

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
RES = "https://w3id.org/unkg/id/resolution/"
SEED_IRI = RES + "E_CN.15_RES_22_7"
SC_49, SC_1454 = RES + "S_RES_49(1948)", RES + "S_RES_1454(2002)"
SC_FOLDER = "text/unsc-1946-1994"
FILES = ("S_RES_0049_1948_EN_GOLD.txt", "S_RES_1454_2002_EN_GOLD.txt")


def ingest(store: Store, path: Path) -> str:
    """Parse one file with the real pipeline and write its graph, as `unkg ingest` does."""
    from unkg.ingest.pipeline import parse_file
    from unkg.ingest.to_rdf import graph_slug, resolution_to_rdf

    resolution = parse_file(path)
    graph = Iris().graph(graph_slug(resolution))
    store.replace_graph(graph, resolution_to_rdf(resolution, Iris(), generated_at=WHEN))
    return graph


def fill(store: Store, corpus: Path) -> None:
    ingest(store, SEED)
    for name in FILES:
        ingest(store, corpus / SC_FOLDER / name)


def passages(store: Store) -> int:
    """How many paragraphs and footnotes the store holds, counted by SPARQL."""
    rows = store.query(
        f"SELECT (COUNT(DISTINCT ?node) AS ?n) {{ GRAPH ?g {{ ?r <{UNKG.hasParagraph}>|"
        f"<{UNKG.hasFootnote}> ?node . ?node <{UNKG.text}> ?text }} }}").rows
    return int(str(rows[0][0]))


def ids(page: SearchPage) -> list[str]:
    """The hits as `<resolution slug>/<paragraph id>`, best first."""
    return [hit.iri.removeprefix(RES) for hit in page.hits]


@pytest.fixture(scope="module")
def store(corpus: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore.in_memory() as store:
        fill(store, corpus)
        yield store


@pytest.fixture(scope="module")
def index(store: EmbeddedStore) -> TextIndex:
    return store.text_index


# -- searching -----------------------------------------------------------------------------------


def test_cybercrime_finds_the_seeds_paragraphs_best_first(index: TextIndex) -> None:
    page = index.search("cybercrime")
    # p1, p2, p4, p5 and o1, o3, o4 of the seed say "cybercrime"; the two SC resolutions do not
    assert page.total == 7
    assert sorted(ids(page)) == [f"E_CN.15_RES_22_7/{p}"
                                 for p in ("o1", "o3", "o4", "p1", "p2", "p4", "p5")]
    best = page.hits[0]
    assert (best.symbol, best.body, best.year) == ("E/CN.15/RES/22/7", "ccpcj", None)
    assert "<mark>cybercrime</mark>" in best.snippet
    assert [h.score for h in page.hits] == sorted((h.score for h in page.hits), reverse=True)


@pytest.mark.parametrize(("q", "expected"), [
    # an exact phrase: "Invites Member States to continue to consider the problem ..." (o3)
    ('"Member States to continue"', ["E_CN.15_RES_22_7/o3"]),
    # a prefix: "Truce Commission" in 49 (o2, o3), and 1454's "Trucks with any military attributes"
    ("truc*", ["S_RES_1454(2002)", "S_RES_49(1948)/o2", "S_RES_49(1948)/o3"]),
    # stemmed: "crimes" finds "Commission on Crime Prevention" (and p3's "crime"), never the
    # "crime" inside "cybercrime" (o4 says only "cybercrime")
    ("crimes", [f"E_CN.15_RES_22_7/{p}" for p in ("o1", "o3", "o8", "p1", "p2", "p3", "p4", "p5")]),
    # a symbol: p1 "Recalling General Assembly resolution 65/230" and footnote 2
    ("65/230", ["E_CN.15_RES_22_7/fn/2", "E_CN.15_RES_22_7/p1"]),
    # alternatives: the truce paragraphs and the seed's seven cybercrime paragraphs
    ("truce OR cybercrime", 9),
    # all words, any order: 1454's "chemical weapons" and "chemical weapons agent absorption"
    ("weapons chemical", ["S_RES_1454(2002)", "S_RES_1454(2002)"]),
    # accents and case fold: "PALESTINE" finds 49's "Palestine" (p1, o1)
    ("PALESTINE", ["S_RES_49(1948)/o1", "S_RES_49(1948)/p1"]),
])
def test_what_users_type(index: TextIndex, q: str, expected: list[str] | int) -> None:
    page = index.search(q, limit=50)
    if isinstance(expected, int):
        assert page.total == expected
    else:  # the seed and 49 by paragraph; 1454, whose annex is long, by resolution
        assert sorted(i if not i.startswith("S_RES_1454") else i.split("/")[0]
                      for i in ids(page)) == expected


@pytest.mark.parametrize(("filters", "expected"), [
    ({"body": "sc"}, {SC_49, SC_1454}),                        # both SC resolutions
    ({"body": "ccpcj"}, {SEED_IRI}),                            # the seed
    ({"year": 1948}, {SC_49}),                                  # 49 was adopted in 1948
    ({"year": 2013}, set()),                                    # the seed's text gives no date
    ({"kind": PassageKind.FOOTNOTE}, {SEED_IRI}),               # footnotes: the seed's only
])
def test_filters(index: TextIndex, filters: dict[str, object], expected: set[str]) -> None:
    # "resolution" is in paragraphs of all three, and in footnote 2 of the seed
    page = index.search("resolution", limit=100, **filters)
    assert {hit.resolution for hit in page.hits} == expected
    assert page.total == len(page.hits)


def test_kind_and_paging(index: TextIndex) -> None:
    footnotes = index.search("65/230", kind=PassageKind.FOOTNOTE)
    assert ids(footnotes) == ["E_CN.15_RES_22_7/fn/2"]
    # "General Assembly resolution 65/230, annex, para. 42."
    assert footnotes.hits[0].snippet.startswith("General Assembly resolution <mark>65/230</mark>")
    operative = index.search("cybercrime", kind=PassageKind.OPERATIVE)
    assert {h.kind for h in operative.hits} == {PassageKind.OPERATIVE} and operative.total == 3
    whole = ids(index.search("cybercrime", limit=50))
    pages = [ids(index.search("cybercrime", limit=3, offset=n)) for n in (0, 3, 6)]
    assert [i for page in pages for i in page] == whole


def test_snippets_are_html_with_the_text_escaped(index: TextIndex) -> None:
    # S/RES/1454 (2002): "... considered prohibited. Where n>3, the chemical will be referred"
    hit = index.search('"n>3"').hits[0]
    assert (hit.resolution, hit.kind, hit.year) == (SC_1454, PassageKind.OPERATIVE, 2002)
    assert "<mark>n&gt;3</mark>" in hit.snippet
    assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert index.search("Where n>3").total == 1
    # a prefix marks the whole word: "Truce Commission" in 49 o2
    truce = index.search("truc*", body="sc", year=1948).hits[0]
    assert "<mark>Truce</mark>" in truce.snippet


@pytest.mark.parametrize(("q", "hits"), [
    ("NEAR(cybercrime study)", 0),              # FTS5 NEAR is quoted: the words "near cybercrime"
    ("text:cybercrime", 0),                     # a column filter is quoted: "text cybercrime"
    ("cyber* OR truce", 9),                     # prefix and OR are kept
    ("-cybercrime", 7),                         # no NOT: the minus is punctuation
    ("cybercrime AND", 7),                      # AND is implicit and may be written
    ("'); DROP TABLE passage; --", 0),          # SQL is a bound parameter: just words
    ("^cybercrime", 7),                         # the initial-token operator is quoted
    ("+cybercrime", 7),                         # tantivy's must-operator is punctuation too
    ("cybercrime~2", 0),                        # no fuzzy search: the words "cybercrime 2"
    ('"cybercrime" "study"', 6),                # two phrases, both: six paragraphs of the seed
    ("cybercrime*", 7),
])
def test_hostile_search_syntax_is_only_words(store: EmbeddedStore, index: TextIndex, q: str,
                                             hits: int) -> None:
    assert index.search(q).total == hits
    assert len(index) == passages(store)  # nothing dropped


@pytest.mark.parametrize(("q", "problem"), [
    ('"cybercrime', "double quote is not closed"),
    ("OR cybercrime", "OR needs a term"),
    ("cybercrime OR", "OR needs a term"),
    ("cybercrime OR OR truce", "OR needs a term"),
    ("!!! ... *", "at least one word"),
    ("", "at least one word"),
    (" ".join(["word"] * 33), "at most 32"),
])
def test_malformed_searches_say_what_is_wrong(index: TextIndex, q: str, problem: str) -> None:
    with pytest.raises(TextQueryError, match=problem):
        index.search(q)


def test_the_fts_query_quotes_every_term() -> None:
    # an empty phrase has no word to look for and goes
    assert fts_query('say "it ""twice""" now*') == '"say" "it " "twice" "now"*'
    assert fts_query('"united nat"*') == '"united nat"*'


# -- kept in step --------------------------------------------------------------------------------


def test_re_ingest_and_drop_update_the_hits(corpus: Path) -> None:
    with EmbeddedStore.in_memory() as store:
        fill(store, corpus)
        index = store.text_index
        graph = ingest(store, corpus / SC_FOLDER / "S_RES_0048_1948_EN_GOLD.txt")
        assert {h.resolution for h in index.search("truce").hits} >= {SC_49, RES + "S_RES_48(1948)"}
        store.drop_graph(graph)
        assert RES + "S_RES_48(1948)" not in {h.resolution for h in index.search("truce").hits}
        # the seed again, o1 now on piracy: written as triples, then as N-Triples lines
        seed_graph = Iris().graph("E_CN.15_RES_22_7")
        rows = store.query("SELECT ?g ?s ?p ?o { GRAPH ?g { ?s ?p ?o } }",
                           bindings={"g": URIRef(seed_graph)}).rows
        edited = [(s, p, Literal(re.sub("(?i)cybercrime", "piracy", str(o))))
                  if p == UNKG.text and str(s) == SEED_IRI + "/o1" else (s, p, o)
                  for _, s, p, o in rows]
        store.replace_graph(seed_graph, edited)
        assert ids(store.text_index.search("piracy")) == ["E_CN.15_RES_22_7/o1"]
        assert store.text_index.search("cybercrime").total == 6
        buffer = BytesIO()
        store.export(buffer, ExportFormat.NTRIPLES, graph=seed_graph)
        lines = buffer.getvalue().decode("utf-8").replace("piracy", "cyberpiracy")
        store.replace_graph_ntriples(seed_graph, lines)
        assert ids(store.text_index.search("cyberpiracy")) == ["E_CN.15_RES_22_7/o1"]


def test_a_rebuild_from_the_store_gives_the_same_results(store: EmbeddedStore) -> None:
    searches = ("cybercrime", '"Member States"', "truce OR chemical", "65/230")

    def answers() -> list[SearchPage]:
        return [store.text_index.search(q, limit=100) for q in searches]

    before = answers()
    assert store.rebuild_text_index() == passages(store)
    assert answers() == before


def test_a_sparql_update_makes_the_index_rebuild(corpus: Path) -> None:
    with EmbeddedStore.in_memory() as store:
        fill(store, corpus)
        assert store.text_index.search("truce").total == 2
        store.update(f'DELETE WHERE {{ GRAPH ?g {{ <{SC_49}/o2> <{UNKG.text}> ?t }} }}')
        assert ids(store.text_index.search("truce")) == ["S_RES_49(1948)/o3"]


def test_bulk_loaded_graphs_are_indexed(store: EmbeddedStore) -> None:
    dump = BytesIO()
    store.export(dump, ExportFormat.NQUADS)
    with EmbeddedStore.in_memory() as copy:
        copy.bulk_load(BytesIO(dump.getvalue()), ExportFormat.NQUADS)
        assert len(copy.text_index) == len(store.text_index)
        assert copy.text_index.search("cybercrime") == store.text_index.search("cybercrime")


def test_the_index_file_lives_beside_the_store_and_survives(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "store"
    with EmbeddedStore(folder) as store:
        fill(store, corpus)
        expected = store.text_index.search("cybercrime")
    assert (folder / INDEX_FILE).is_file()
    rebuilds: list[int] = []
    original = TextIndex.rebuild

    def counted(self: TextIndex, source: EmbeddedStore, *, copies: bool = False) -> int:
        rebuilds.append(1)
        return original(self, source, copies=copies)

    monkeypatch.setattr(TextIndex, "rebuild", counted)
    with EmbeddedStore(folder) as store:  # in step: read as it is
        assert store.text_index.search("cybercrime") == expected and rebuilds == []
    # a crash after the RDF commit: the graph was noted pending, its rows are stale
    with sqlite3.connect(folder / INDEX_FILE) as db:
        db.execute("INSERT INTO pending VALUES (?)", (Iris().graph("S_RES_49(1948)"),))
        db.execute("DELETE FROM passage WHERE resolution = ?", (SC_49,))
    with EmbeddedStore(folder) as store:
        assert store.text_index.search("truce").total == 2 and rebuilds == []
    # a crash after the rows' commit, before tantivy's: the note makes it take them again
    Engine(folder / ENGINE_DIR).replace([Iris().graph("S_RES_49(1948)")], [])
    with sqlite3.connect(folder / INDEX_FILE) as db:
        db.execute("INSERT INTO engine_pending VALUES (?)", (Iris().graph("S_RES_49(1948)"),))
    with EmbeddedStore(folder) as store:
        assert store.text_index.search("truce").total == 2 and rebuilds == []
    # the tantivy index lost: made again from the rows, not from the store
    shutil.rmtree(folder / ENGINE_DIR)
    with EmbeddedStore(folder) as store:
        assert store.text_index.search("cybercrime") == expected and rebuilds == []
    assert (folder / ENGINE_DIR / "meta.json").is_file()
    # another format version, or no file at all: rebuilt from the store
    with sqlite3.connect(folder / INDEX_FILE) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    with EmbeddedStore(folder) as store:
        assert store.text_index.search("cybercrime") == expected and rebuilds == [1]
    (folder / INDEX_FILE).unlink()
    with EmbeddedStore(folder, read_only=True) as store:  # built in memory, the folder untouched
        assert store.text_index.search("cybercrime") == expected
        assert store.text_index.path is None and not (folder / INDEX_FILE).exists()
    assert main(["reindex", "--store", str(folder)]) == 0
    assert (folder / INDEX_FILE).is_file()


def test_the_engine_takes_the_writes_before_the_next_search(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "store"

    def noted() -> set[str]:
        with sqlite3.connect(folder / INDEX_FILE) as db:
            return {row[0] for row in db.execute("SELECT graph FROM engine_pending")}

    with EmbeddedStore(folder) as store:
        fill(store, corpus)
        graph = ingest(store, corpus / SC_FOLDER / "S_RES_0048_1948_EN_GOLD.txt")
        # the rows are committed and the graph noted; tantivy takes every noted graph at once
        assert graph in noted()
        assert RES + "S_RES_48(1948)" in {h.resolution for h in store.text_index.search(
            "truce").hits}
        assert noted() == set()
        store.drop_graph(graph)
    # closing takes the drop: the next process finds the engine in step
    assert noted() == set()
    with EmbeddedStore(folder, read_only=True) as store:
        assert store.text_index.search("truce").total == 2


def test_a_closed_store_has_no_index_to_search(corpus: Path) -> None:
    store = EmbeddedStore.in_memory()
    index = store.text_index
    store.close()
    from unkg.errors import StoreError

    with pytest.raises(StoreError, match="closed"):
        index.search("cybercrime")


def test_optimize_commits_the_search_engine_alongside(tmp_path: Path, corpus: Path) -> None:
    # After an ingest the store compacts its indexes; the passages written since the search
    # engine's last commit go to it meanwhile, so that a process opening the folder next finds
    # the engine in step (nothing noted pending) even without a search or a close in between.
    folder = tmp_path / "store"
    store = EmbeddedStore(folder)
    try:
        fill(store, corpus)
        store.optimize()
        with sqlite3.connect(folder / INDEX_FILE) as db:
            assert db.execute("SELECT count(*) FROM engine_pending").fetchone()[0] == 0
        assert len(Engine(folder / ENGINE_DIR, read_only=True)) == len(store.text_index) > 0
        assert store.text_index.search("cybercrime").total > 0
    finally:
        store.close()
