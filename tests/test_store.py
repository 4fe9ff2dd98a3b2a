"""The store: atomic graph replacement, bound queries, limits, exports, locking, on real snippets.

The graph under test is a hand-written slice of CCPCJ resolution 22/7 (the seed): its title, its
first preambular paragraph (with a line break and quotes) and its citation of A/RES/65/230, so
the tests do not depend on the extractor.
"""

from __future__ import annotations

import doctest
import io
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import unkg.graph.embedded
import unkg.graph.store
import unkg.graph.terms
from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef, Variable
from rdflib.compare import isomorphic
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.store import (
    META_GRAPH,
    ExportFormat,
    QueryKind,
    Triple,
    open_store,
)
from unkg.graph.terms import TermError, from_oxigraph, to_ntriples, to_oxigraph

from unkg.errors import (
    QueryError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
    StoreLockedError,
)

UN = Namespace("https://w3id.org/unkg/")
SEED = URIRef(UN["E/CN.15/RES/22/7"])
SEED_GRAPH = str(UN["graph/E_CN.15_RES_22_7"])
OTHER_GRAPH = str(UN["graph/A_RES_65_230"])
SALVADOR = URIRef(UN["A/RES/65/230"])
PP1 = URIRef(UN["E/CN.15/RES/22/7/pp/1"])
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
META = {"sha256": "9f2c" * 16, "extractor_version": "unkg-extractor/0.1.0"}


def seed_triples() -> list[Triple]:
    span = BNode()
    return [
        (SEED, RDF.type, UN.Resolution),
        (SEED, UN.symbol, Literal("E/CN.15/RES/22/7")),
        (SEED, UN.title, Literal("Strengthening international cooperation to combat cybercrime",
                                 lang="en")),
        (SEED, UN.paragraph, PP1),
        (PP1, RDF.type, UN.Paragraph),
        (PP1, UN.text, Literal('Recalling General Assembly resolution 65/230 of 21 December\n'
                               '2010, in which the Assembly endorsed the "Salvador Declaration"')),
        (PP1, UN.cites, SALVADOR),
        (PP1, UN.span, span),
        (span, UN.start, Literal(57)),
        (span, UN.end, Literal(343)),
        (SALVADOR, RDF.type, UN.Resolution),
        (SALVADOR, UN.adopted, Literal("2010-12-21", datatype=XSD_DATE)),
    ]


def salvador_triples() -> list[Triple]:
    return [
        (SALVADOR, RDF.type, UN.Resolution),
        (SALVADOR, UN.symbol, Literal("A/RES/65/230")),
    ]


def graph_of(store: EmbeddedStore, graph: str) -> Graph:
    """The graph's content, read back through a CONSTRUCT."""
    result = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": URIRef(graph)}
    )
    out = Graph()
    for triple in result.triples:
        out.add(triple)
    return out


@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    with EmbeddedStore.in_memory() as opened:
        opened.replace_graph(SEED_GRAPH, seed_triples(), meta=META)
        opened.replace_graph(OTHER_GRAPH, salvador_triples())
        yield opened


# -- graphs ---------------------------------------------------------------------------------------


def test_persists_across_reopen(tmp_path: Path) -> None:
    folder = tmp_path / "nested" / "store"
    with open_store(folder) as first:
        assert first.replace_graph(SEED_GRAPH, seed_triples(), meta=META) == 12
    with open_store(folder) as again:
        assert again.graphs() == [SEED_GRAPH]
        assert again.graph_meta(SEED_GRAPH) == META
        assert again.graph_length(SEED_GRAPH) == 12
        assert len(again) == 12 + len(META)
    with open_store(folder, read_only=True) as snapshot:
        rows = snapshot.query("SELECT ?t { ?r <https://w3id.org/unkg/title> ?t }").rows
        assert rows == [(Literal("Strengthening international cooperation to combat cybercrime",
                                 lang="en"),)]
        with pytest.raises(StoreError, match="read-only"):
            snapshot.drop_graph(SEED_GRAPH)


def test_replace_is_idempotent(store: EmbeddedStore) -> None:
    before = graph_of(store, SEED_GRAPH)
    total = len(store)
    assert store.replace_graph(SEED_GRAPH, seed_triples() + seed_triples()[:3], meta=META) == 12
    assert len(store) == total
    assert isomorphic(graph_of(store, SEED_GRAPH), before)
    assert store.graph_meta(SEED_GRAPH) == META
    assert store.graphs() == sorted([SEED_GRAPH, OTHER_GRAPH])


def failing_after(n: int) -> Iterator[Triple]:
    yield from seed_triples()[:n]
    raise RuntimeError("extractor crashed")


def test_failed_replace_leaves_the_old_graph(store: EmbeddedStore) -> None:
    before, total = graph_of(store, SEED_GRAPH), len(store)
    with pytest.raises(RuntimeError, match="extractor crashed"):
        store.replace_graph(SEED_GRAPH, failing_after(5), meta={"sha256": "new"})
    bad = [*seed_triples(), (SEED, UN.seeAlso, URIRef("https://undocs.org/E/CN.15/2013/L.4 rev"))]
    with pytest.raises(StoreError, match="triple 12: not an absolute IRI"):
        store.replace_graph(SEED_GRAPH, bad, meta={"sha256": "new"})
    assert isomorphic(graph_of(store, SEED_GRAPH), before)
    assert store.graph_meta(SEED_GRAPH) == META
    assert len(store) == total
    assert store.graphs() == sorted([SEED_GRAPH, OTHER_GRAPH])  # no temporary graph lingers


def test_readers_never_see_a_partial_graph(store: EmbeddedStore) -> None:
    small = seed_triples()
    large = small + [(PP1, UN.keyword, Literal(f"cybercrime {i}")) for i in range(500)]
    seen: set[int] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.add(store.graph_length(SEED_GRAPH))

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(20):
        store.replace_graph(SEED_GRAPH, large)
        store.replace_graph(SEED_GRAPH, small)
    done.set()
    reader.join()
    assert seen <= {12, 512}


def test_empty_graph_and_drop(store: EmbeddedStore) -> None:
    assert store.replace_graph(SEED_GRAPH, [], meta=META) == 0
    assert store.has_graph(SEED_GRAPH) and store.graph_length(SEED_GRAPH) == 0
    assert store.graph_meta(SEED_GRAPH) == META
    store.drop_graph(SEED_GRAPH)
    assert not store.has_graph(SEED_GRAPH)
    assert store.graph_meta(SEED_GRAPH) == {}
    assert store.graphs() == [OTHER_GRAPH]


def test_stats_counts_instances_per_class(store: EmbeddedStore) -> None:
    # SALVADOR is typed in both graphs and counts once
    assert store.stats() == {str(UN.Resolution): 2, str(UN.Paragraph): 1}


# -- queries --------------------------------------------------------------------------------------

INJECTION = Literal('"} ; DROP ALL ; {"')

BINDINGS = [
    # an IRI binding finds the paragraphs citing the Salvador Declaration
    ("SELECT ?p ?r { ?p <https://w3id.org/unkg/cites> ?r }", {"r": SALVADOR}, [(PP1, SALVADOR)]),
    # names may carry their sigil, as in the CLI's --param ?r=...
    ("SELECT ?p ?r { ?p <https://w3id.org/unkg/cites> ?r }", {"?r": SALVADOR}, [(PP1, SALVADOR)]),
    # a hostile literal is a value: it matches no symbol and changes nothing
    ("SELECT ?r ?s { ?r <https://w3id.org/unkg/symbol> ?s }", {"s": INJECTION}, []),
    # SELECT * projects every variable, so each can be bound
    ("SELECT * { ?p <https://w3id.org/unkg/cites> ?r }", {"r": SALVADOR}, [(PP1, SALVADOR)]),
    # a typed literal binding matches the stored date
    ("SELECT ?r ?d { ?r <https://w3id.org/unkg/adopted> ?d }",
     {"d": Literal("2010-12-21", datatype=XSD_DATE)}, [(SALVADOR, Literal("2010-12-21",
                                                                          datatype=XSD_DATE))]),
]


@pytest.mark.parametrize(("sparql", "bindings", "rows"), BINDINGS)
def test_bindings_are_values(store: EmbeddedStore, sparql: str, bindings: dict[str, URIRef],
                             rows: list[tuple[URIRef, ...]]) -> None:
    total = len(store)
    assert store.query(sparql, bindings=bindings).rows == rows
    assert len(store) == total


def test_updates_take_no_bindings(store: EmbeddedStore) -> None:
    total = len(store)
    with pytest.raises(QueryError, match="updates take no bindings"):
        store.update(
            "INSERT { GRAPH ?g { ?r <https://w3id.org/unkg/note> ?v } } WHERE {}",
            bindings={"g": URIRef(OTHER_GRAPH), "r": SALVADOR, "v": INJECTION},
        )
    assert len(store) == total


QUERY_ERRORS = [
    # a binding for a variable the query does not have
    ("SELECT ?r { ?r a ?c }", {"nosuch": SALVADOR}, QueryError, r"unknown binding \?nosuch"),
    # a variable the query does not return cannot be bound: values are never pasted into text
    ("SELECT ?p { ?p <https://w3id.org/unkg/cites> ?r }", {"r": SALVADOR}, QueryError,
     r"cannot bind \?r: .* add \?r to the SELECT clause"),
    # ... not even a hostile one
    ("SELECT ?r { ?r <https://w3id.org/unkg/symbol> ?s }", {"s": INJECTION}, QueryError,
     r"cannot bind \?s"),
    # a binding must be data
    ("SELECT ?r { ?r a ?c }", {"c": Variable("d")}, QueryError, r"binding \?c: .*not an IRI"),
    # a word in a string is not a variable
    ('SELECT ?r { ?r ?p "?c" }', {"c": UN.Resolution}, QueryError, r"unknown binding \?c"),
    # a syntax error on the third line is located
    ("SELECT ?r\nWHERE {\n  ?r a ?c FILTER( }", None, QuerySyntaxError, r"line 3, column \d+"),
    # an undeclared prefix gets a hint, the parser's own message is poor
    ("SELECT ?r { ?r un:cites ?c }", None, QuerySyntaxError, r"undeclared prefix un:"),
    # SERVICE would make the server fetch URLs
    ("SELECT * { SERVICE <http://127.0.0.1:8890/sparql> { ?s ?p ?o } }", None, QueryError,
     "SERVICE"),
]


@pytest.mark.parametrize(("sparql", "bindings", "error", "message"), QUERY_ERRORS)
def test_query_errors(store: EmbeddedStore, sparql: str, bindings: dict[str, URIRef] | None,
                      error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        store.query(sparql, bindings=bindings)


def test_result_kinds(store: EmbeddedStore) -> None:
    ask = store.query("ASK { ?p <https://w3id.org/unkg/cites> ?r }", bindings={"r": SALVADOR})
    assert (ask.kind, ask.boolean) == (QueryKind.ASK, True)
    rows = store.query("SELECT ?r ?t { ?r a <https://w3id.org/unkg/Resolution> "
                       "OPTIONAL { ?r <https://w3id.org/unkg/title> ?t } } ORDER BY ?r")
    assert rows.kind is QueryKind.SELECT and rows.variables == ["r", "t"]
    assert rows.rows[0] == (SALVADOR, None)  # unbound is None
    default_only = store.query("ASK { ?s ?p ?o }", default_graph_as_union=False)
    assert default_only.boolean is False  # everything lives in named graphs


TRUNCATION = [
    # (cap, rows returned, truncated): 4 resolution-typed rows exist over the two graphs
    (2, 2, True),
    (4, 4, False),  # exactly the cap: nothing was left out
    (10, 4, False),
    (0, 0, True),
]


@pytest.mark.parametrize(("cap", "count", "truncated"), TRUNCATION)
def test_row_cap(store: EmbeddedStore, cap: int, count: int, truncated: bool) -> None:
    sparql = "SELECT ?g ?s { GRAPH ?g { ?s a ?c } }"
    result = store.query(sparql, max_rows=cap)
    assert (len(result.rows), result.truncated) == (count, truncated)
    construct = store.query("CONSTRUCT WHERE { ?s a ?c }", max_rows=cap)
    assert len(construct.triples) == min(cap, 3)


@pytest.fixture(scope="module")
def numbers() -> Iterator[EmbeddedStore]:
    with EmbeddedStore.in_memory() as opened:
        triples = [(URIRef(UN[f"n/{i}"]), UN.value, Literal(i)) for i in range(3000)]
        opened.replace_graph(str(UN["graph/numbers"]), triples)
        small = [(URIRef(UN[f"m/{i}"]), UN.value, Literal(i)) for i in range(1200)]
        opened.replace_graph(str(UN["graph/small"]), small)
        yield opened


SLOW = [
    # a streaming cross join of 9 million rows: the worker stops at the deadline
    ("SELECT * { GRAPH <https://w3id.org/unkg/graph/numbers> { ?a ?p ?x . ?b ?q ?y } }"),
    # a sort of 1.44 million rows works 0.6 s before its first row: the caller stops waiting
    ("SELECT * { GRAPH <https://w3id.org/unkg/graph/small> { ?a ?p ?x . ?b ?q ?y } } "
     "ORDER BY DESC(?y) ?x"),
]


@pytest.mark.parametrize("sparql", SLOW)
def test_timeout(numbers: EmbeddedStore, sparql: str) -> None:
    # Untimed, the cross join gives 9 million rows (many seconds). The caller hears of the time
    # limit once its thread runs again: within 0.4 s on a quiet machine, a few tenths of a second
    # later on a loaded one (0.64 s seen once in CI, cause not pinned down), hence the margin.
    started = time.perf_counter()
    with pytest.raises(QueryTimeoutError, match=r"time limit of 0\.2 s"):
        numbers.query(sparql, timeout=0.2, max_rows=10**9)
    assert time.perf_counter() - started < 1.5


# -- files ----------------------------------------------------------------------------------------


def expected_dataset() -> Dataset:
    dataset = Dataset()
    for graph, triples in ((SEED_GRAPH, seed_triples()), (OTHER_GRAPH, salvador_triples())):
        for triple in triples:
            dataset.graph(URIRef(graph)).add(triple)
    meta = dataset.graph(URIRef(META_GRAPH))
    for key, value in META.items():
        meta.add((URIRef(SEED_GRAPH), URIRef(f"{META_GRAPH}:{key}"), Literal(value)))
    return dataset


EXPORTS = [
    # the whole dataset keeps its graph names, the admin graph included
    (ExportFormat.NQUADS, None),
    (ExportFormat.TRIG, None),
    # one graph as quads or triples
    (ExportFormat.NQUADS, SEED_GRAPH),
    (ExportFormat.TRIG, SEED_GRAPH),
    (ExportFormat.TURTLE, SEED_GRAPH),
    (ExportFormat.NTRIPLES, SEED_GRAPH),
    # the union of all graphs as one graph
    (ExportFormat.TURTLE, None),
    (ExportFormat.NTRIPLES, None),
]


@pytest.mark.parametrize(("fmt", "graph"), EXPORTS)
def test_export_round_trips_through_rdflib(store: EmbeddedStore, fmt: ExportFormat,
                                           graph: str | None) -> None:
    out = io.BytesIO()
    store.export(out, fmt, graph=graph)
    expected = expected_dataset()
    rdflib_format = {"NQUADS": "nquads", "TRIG": "trig", "TURTLE": "turtle", "NTRIPLES": "nt"}
    if fmt.has_graphs:
        parsed = Dataset()
        parsed.parse(data=out.getvalue(), format=rdflib_format[fmt.name])
        names = [URIRef(graph)] if graph else [URIRef(g) for g in (SEED_GRAPH, OTHER_GRAPH,
                                                                      META_GRAPH)]
        assert {g.identifier for g in parsed.graphs() if len(g)} == set(names)
        for name in names:
            assert isomorphic(parsed.graph(name), expected.graph(name)), name
    else:
        parsed_graph = Graph().parse(data=out.getvalue(), format=rdflib_format[fmt.name])
        want = Graph()
        for name in [graph] if graph else [SEED_GRAPH, OTHER_GRAPH, META_GRAPH]:
            for triple in expected.graph(URIRef(name)):
                want.add(triple)
        assert isomorphic(parsed_graph, want)


def test_bulk_load_an_export(store: EmbeddedStore) -> None:
    out = io.BytesIO()
    store.export(out, ExportFormat.NQUADS)
    with EmbeddedStore.in_memory() as copy:
        assert copy.bulk_load(io.BytesIO(out.getvalue()), ExportFormat.NQUADS) == len(store)
        assert copy.graphs() == store.graphs()
        assert copy.graph_meta(SEED_GRAPH) == META
        with pytest.raises(StoreError, match="needs a target graph"):
            copy.bulk_load(io.BytesIO(b""), ExportFormat.TURTLE)
        with pytest.raises(StoreError, match=r"input: .*line 1"):
            copy.bulk_load(io.BytesIO(b"<a> <b> ."), ExportFormat.NQUADS)


# -- opening --------------------------------------------------------------------------------------

HOLDER = """
import sys
from unkg.graph.store import open_store
store = open_store(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
store.close()
"""


def test_second_process_gets_a_lock_error(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(folder) as first:
        first.replace_graph(SEED_GRAPH, seed_triples())
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError, match=f"{folder}: .*another unkg process"):
            open_store(folder)
        with open_store(folder, read_only=True) as snapshot:
            assert snapshot.graph_length(SEED_GRAPH) == 12
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)


OPEN_ERRORS = [
    # remote engines come later
    ("https://example.org/sparql", False, "remote stores are not supported yet"),
    # nothing to read in a folder that holds no store
    ("{tmp}/missing", True, "no store here"),
]


@pytest.mark.parametrize(("location", "read_only", "message"), OPEN_ERRORS)
def test_open_errors(tmp_path: Path, location: str, read_only: bool, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        open_store(location.format(tmp=tmp_path), read_only=read_only)


def test_same_process_gets_a_lock_error(tmp_path: Path) -> None:
    with open_store(tmp_path) as first:
        with pytest.raises(StoreLockedError, match="this process already has the store open"):
            open_store(tmp_path)
        first.replace_graph(SEED_GRAPH, seed_triples())
    with open_store(tmp_path) as again:  # closing released the lock
        assert again.graphs() == [SEED_GRAPH]


def test_a_store_reopens_at_once_after_timed_queries(tmp_path: Path) -> None:
    # Timed queries run on worker threads; an idle one kept the last query's engine alive, so
    # the folder stayed locked after close() and reopening it in the same process failed.
    with open_store(tmp_path) as store:
        store.replace_graph(SEED_GRAPH, seed_triples())
    for _ in range(5):
        store = EmbeddedStore(tmp_path, timeout=5)
        for _ in range(8):  # every worker thread runs one
            assert store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows
        store.close()
    with open_store(tmp_path) as again:
        assert again.graphs() == [SEED_GRAPH]


def test_closed_store_says_so() -> None:
    store = EmbeddedStore.in_memory()
    store.close()
    store.close()
    with pytest.raises(StoreError, match=":memory:: the store is closed"):
        len(store)


# -- terms ----------------------------------------------------------------------------------------

TERMS = [
    URIRef("https://undocs.org/A/RES/65/230"),
    Literal("Strengthening international cooperation to combat cybercrime"),
    Literal("Renforcement de la coopération internationale", lang="fr"),
    Literal("2010-12-21", datatype=XSD_DATE),
    Literal("07", datatype=XSD_INTEGER),  # the lexical form is kept, not normalized to 7
    BNode("span1"),
]


@pytest.mark.parametrize("term", TERMS)
def test_terms_round_trip(term: URIRef) -> None:
    back = from_oxigraph(to_oxigraph(term))
    assert back == term and str(back) == str(term)


BAD_TERMS = [
    # an IRI that would close itself in N-Triples text
    (URIRef("https://w3id.org/unkg/a> <b"), "not an absolute IRI"),
    # a relative IRI (a symbol is not an IRI)
    (URIRef("A/RES/65/230"), "not an absolute IRI"),
    # a datatype that is not an IRI
    (Literal("2010-12-21", datatype=URIRef("date")), "not an absolute IRI"),
    # a query variable is not data
    (Variable("r"), "not an IRI, blank node or literal"),
]


@pytest.mark.parametrize(("term", "message"), BAD_TERMS)
def test_bad_terms_are_refused(term: URIRef, message: str) -> None:
    with pytest.raises(TermError, match=message):
        to_ntriples(term)


@pytest.mark.parametrize("module", [unkg.graph.store, unkg.graph.embedded, unkg.graph.terms])
def test_docstring_examples(module: object) -> None:
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failures == 0
