"""Queries that provably stream run in process; every other query still goes to a killable worker.

First a table of real queries (lookups of the seed resolution, CCPCJ 22/7, and the named queries
of ``queries/``) and what :func:`~unkg.graph.streaming.streams` decides for each, from the algebra
rdflib's parser builds. Then an on-disk store with worker processes, as ``unkg serve`` opens it:
a lookup answers in process with the worker's rows, a query built to run forever is still
stopped at its time limit in a worker (also once its text is known), and a one-pattern scan of
60,000 triples stops at the deadline between rows. Then the endpoint's result writers, fed the
store's plain encoded rows, say what the rdflib terms say; and the endpoint, which answers known
lookups on its event loop with a small row cap, still returns a bigger result whole.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Literal, URIRef
from unkg.api.app import create_app
from unkg.api.formats import ResultFormat, serialize_result
from unkg.api.settings import Settings
from unkg.api.sparql import TRUNCATED_HEADER
from unkg.graph import streaming
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.named_queries import load_named_queries
from unkg.graph.store import ExportFormat, QueryKind, QueryResult, decode_term, encode_term
from unkg.graph.streaming import MAX_TEXT, StreamingCache, might_stream, streams

from unkg.errors import QueryTimeoutError

R22_7 = "https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7"
A65_230 = "https://w3id.org/unkg/id/resolution/A_RES_65_230"
UNKG = "PREFIX unkg: <https://w3id.org/unkg/ontology#>\n"

STREAMING_TABLE = [
    # The benchmark's outgoing references of a resolution: one pattern, a thread can stop it.
    (UNKG + f"SELECT ?work WHERE {{ <{R22_7}> unkg:cites ?work }}", True),
    # Incoming citations, the same shape the other way round.
    (UNKG + f"SELECT ?citing WHERE {{ ?citing unkg:cites <{A65_230}> }}", True),
    # Every triple about the seed, capped by LIMIT, SELECT *.
    (f"SELECT * {{ <{R22_7}> ?p ?o }} LIMIT 5", True),
    # Inside GRAPH: still one quad pattern.
    (UNKG + f"SELECT ?g ?work {{ GRAPH ?g {{ <{R22_7}> unkg:cites ?work }} }}", True),
    # ASK of one pattern, and the empty ASK clients send to see the endpoint is up.
    (f"ASK {{ <{R22_7}> ?p ?o }}", True),
    ("ASK {}", True),
    # OFFSET: the engine reads the skipped rows without handing them over.
    (f"SELECT * {{ <{R22_7}> ?p ?o }} OFFSET 100000", False),
    # DISTINCT may read the whole index before a new row comes.
    ("SELECT DISTINCT ?p { ?s ?p ?o }", False),
    # ORDER BY sorts everything before the first row.
    (f"SELECT ?p ?o {{ <{R22_7}> ?p ?o }} ORDER BY ?p ?o LIMIT 5", False),
    # A join (test_query_limits' runaway query, smaller).
    ("SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f", False),
    ("SELECT * { ?a ?b ?c . ?d ?e ?f }", False),
    # An aggregate reads every row first.
    ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", False),
    # FILTER over a scan may drop every row for a long time.
    (f'SELECT ?s {{ ?s ?p ?o FILTER(?o = "{R22_7}") }}', False),
    # A property path walks the graph.
    (UNKG + f"SELECT ?work {{ <{R22_7}> unkg:cites+ ?work }}", False),
    # The same variable twice: a full scan that keeps few rows.
    ("SELECT ?s { ?s ?p ?s }", False),
    # A subquery.
    ("SELECT ?s { { SELECT ?s { ?s ?p ?o } ORDER BY ?s } }", False),
    # VALUES joins with the pattern; BIND extends it.
    (f"SELECT ?o {{ ?s ?p ?o }} VALUES ?s {{ <{R22_7}> }}", False),
    (f"SELECT ?o ?x {{ <{R22_7}> ?p ?o BIND(1 AS ?x) }}", False),
    # A dataset of its own (FROM).
    (f"SELECT ?o FROM <{R22_7}> {{ ?s ?p ?o }}", False),
    # CONSTRUCT and DESCRIBE go to the workers.
    (f"CONSTRUCT WHERE {{ <{R22_7}> ?p ?o }}", False),
    (f"DESCRIBE <{R22_7}>", False),
    # What rdflib cannot parse is not known to stream.
    ("SELECT ?s WHERE { ?s ?p", False),
]


@pytest.mark.parametrize(("sparql", "expected"), STREAMING_TABLE)
def test_which_queries_stream(sparql: str, expected: bool) -> None:
    assert streams(sparql) is expected


def test_no_named_query_streams() -> None:
    # Every named query joins patterns inside GRAPH ?g: all of them go to the workers.
    assert [name for name, q in load_named_queries().items() if streams(q.sparql)] == []


def test_the_cache_parses_a_text_the_second_time_only() -> None:
    cache = StreamingCache(size=2)
    lookup = f"SELECT * {{ <{R22_7}> ?p ?o }}"
    assert cache.check(lookup) is False  # seen once: not examined
    assert cache.check(lookup) is True  # seen again: parsed, and kept
    assert cache.check(lookup) is True
    assert cache.check("x" * (MAX_TEXT + 1)) is False  # too long to examine
    assert cache.check("x" * (MAX_TEXT + 1)) is False


MIGHT_STREAM_TABLE = [
    # The lookups pass the light look (prefixed names, IRIs, LIMIT): rdflib decides.
    (UNKG + f"SELECT ?work WHERE {{ <{R22_7}> unkg:cites ?work }}", True),
    (UNKG + f"SELECT ?g ?work {{ GRAPH ?g {{ <{R22_7}> unkg:cites ?work }} }} LIMIT 5", True),
    # Keywords inside an IRI, a string or a comment are not keywords.
    ('SELECT ?s { ?s <http://example.org/order> "GROUP BY" } # ORDER BY ?s', True),
    # A join passes the look too (rdflib's algebra rules it out).
    ("SELECT * { ?a ?b ?c . ?d ?e ?f }", True),
    # Ruled out without parsing: an aggregate, OPTIONAL, ORDER BY, BIND (AS), a subquery's
    # braces, CONSTRUCT.
    ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", False),
    (UNKG + f"SELECT ?w {{ <{R22_7}> unkg:cites ?w OPTIONAL {{ ?w unkg:cites ?x }} }}", False),
    (f"SELECT ?p ?o {{ <{R22_7}> ?p ?o }} ORDER BY ?p", False),
    ("SELECT ?s { { SELECT ?s { ?s ?p ?o } } }", False),
    (f"CONSTRUCT WHERE {{ <{R22_7}> ?p ?o }}", False),
]


@pytest.mark.parametrize(("sparql", "expected"), MIGHT_STREAM_TABLE)
def test_the_light_look_before_parsing(sparql: str, expected: bool) -> None:
    assert might_stream(sparql) is expected
    if not expected:
        assert streams(sparql) is False  # never a shape that streams


def test_named_queries_are_decided_without_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    # rdflib took 20 to 70 ms to parse each of them, at their second sighting, in a request.
    def no_parsing(sparql: str) -> bool:
        raise AssertionError(f"parsed: {sparql[:60]}")

    monkeypatch.setattr(streaming, "_streams_apart", no_parsing)
    cache = StreamingCache()
    for query in load_named_queries().values():
        assert [cache.check(query.sparql) for _ in range(3)] == [False, False, False]


# -- an on-disk store with worker processes ------------------------------------------------------

ROWS = 60_000


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    folder = tmp_path_factory.mktemp("streaming") / "store"
    lines = [f"<{R22_7}/para/{i}> <https://w3id.org/unkg/ontology#recalls> <{A65_230}> .\n"
             for i in range(ROWS)]
    lines.append(f"<{R22_7}> <https://w3id.org/unkg/ontology#cites> <{A65_230}> .\n")
    with EmbeddedStore(folder) as filling:
        filling.bulk_load(io.BytesIO("".join(lines).encode()), ExportFormat.NTRIPLES,
                          graph="https://w3id.org/unkg/graph/E_CN.15_RES_22_7")
    with EmbeddedStore(folder, query_processes=1, timeout=10, max_rows=10_000) as opened:
        yield opened


def test_a_lookup_answers_in_process_with_the_workers_rows(store: EmbeddedStore) -> None:
    lookup = UNKG + f"SELECT ?work WHERE {{ <{R22_7}> unkg:cites ?work }}"
    before = store.query_routes.copy()
    first = store.query(lookup)  # unknown text: a worker answers
    second = store.query(lookup)  # known to stream: this thread answers
    assert first.rows == second.rows == [(URIRef(A65_230),)]
    assert store.query_routes["process"] == before["process"] + 1
    assert store.query_routes["thread"] == before["thread"] + 1


def test_a_query_built_to_run_forever_is_still_stopped(store: EmbeddedStore) -> None:
    # 60,000 squared rows to sort: it never ends by itself, and its first row never comes. Its
    # text is known after the first time, and it still goes to a worker, killed at the deadline.
    runaway = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
    for _ in range(2):
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError, match=r"time limit of 0\.5 s"):
            store.query(runaway, timeout=0.5)
        assert time.monotonic() - started < 0.5 + 3.0  # the grace, and a fresh worker's start
    assert store.query(f"ASK {{ <{R22_7}> ?p ?o }}").boolean is True  # the store still answers


def test_a_scan_in_process_stops_between_rows_at_the_deadline(store: EmbeddedStore) -> None:
    scan = "SELECT * { ?s ?p ?o }"
    store.query(scan, max_rows=1)
    store.query(scan, max_rows=1)  # now known to stream
    threads = store.query_routes["thread"]
    whole = store.query_encoded(scan, max_rows=10**6)
    assert len(whole.rows) == ROWS + 1 and store.query_routes["thread"] == threads + 1
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        store.query(scan, max_rows=10**6, timeout=0.05)
    assert time.monotonic() - started < 1.0
    capped = store.query(scan, max_rows=100)
    assert len(capped.rows) == 100 and capped.truncated


# -- writing results from encoded rows -----------------------------------------------------------

ROW = (
    URIRef(R22_7),  # an IRI
    Literal("Strengthening the rule of law", lang="en"),  # a title with its language
    Literal("2013-04-26", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),  # a date
    Literal('the "Doha Declaration"\tand\nmore'),  # a plain string with quotes, tab, line break
    BNode("b0"),  # a blank node
    None,  # unbound
)
NAMES = ["r", "title", "date", "text", "node", "none"]


def test_encoding_a_term_and_back_keeps_it() -> None:
    assert [decode_term(encode_term(term)) for term in ROW] == list(ROW)


@pytest.mark.parametrize("fmt", [ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV,
                                 ResultFormat.TSV])
def test_writers_say_the_same_from_encoded_rows(fmt: ResultFormat) -> None:
    result = QueryResult(QueryKind.SELECT, NAMES, [ROW])
    written = serialize_result(result, fmt).decode()
    if fmt is ResultFormat.JSON:
        binding = json.loads(written)["results"]["bindings"][0]
        assert binding == {
            "r": {"type": "uri", "value": R22_7},
            "title": {"type": "literal", "value": "Strengthening the rule of law",
                      "xml:lang": "en"},
            "date": {"type": "literal", "value": "2013-04-26",
                     "datatype": "http://www.w3.org/2001/XMLSchema#date"},
            "text": {"type": "literal", "value": 'the "Doha Declaration"\tand\nmore'},
            "node": {"type": "bnode", "value": "b0"},
        }
    elif fmt is ResultFormat.XML:
        assert '<literal xml:lang="en">Strengthening the rule of law</literal>' in written
        assert "<bnode>b0</bnode>" in written and '<binding name="none"' not in written
    elif fmt is ResultFormat.CSV:
        rows = list(csv.reader(io.StringIO(written)))
        assert rows[1] == [R22_7, "Strengthening the rule of law", "2013-04-26",
                           'the "Doha Declaration"\tand\nmore', "_:b0", ""]
    else:
        assert written.splitlines()[1].split("\t") == [
            f"<{R22_7}>", '"Strengthening the rule of law"@en',
            '"2013-04-26"^^<http://www.w3.org/2001/XMLSchema#date>',
            '"the \\"Doha Declaration\\"\\tand\\nmore"', "_:b0", ""]


def test_ask_json_from_the_store(store: EmbeddedStore) -> None:
    result = store.query_encoded(f"ASK {{ <{R22_7}> ?p ?o }}")
    assert json.loads(serialize_result(result, ResultFormat.JSON)) == {"head": {},
                                                                       "boolean": True}


# -- the endpoint answers lookups on its event loop -----------------------------------------------


def test_the_endpoint_answers_a_lookup_whole_past_the_inline_rows(store: EmbeddedStore) -> None:
    settings = Settings(max_rows=1000)
    app = create_app(store.location, store=store, settings=settings)
    scan = "SELECT * { ?s ?p ?o }"
    lookup = UNKG + f"SELECT ?work WHERE {{ <{R22_7}> unkg:cites ?work }}"
    with TestClient(app) as client:

        def ask(sparql: str) -> tuple[list[object], str]:
            response = client.post("/sparql", content=sparql, headers={
                "content-type": "application/sparql-query",
                "accept": "application/sparql-results+json"})
            assert response.status_code == 200
            return response.json()["results"]["bindings"], response.headers[TRUNCATED_HEADER]

        for _ in range(3):  # a worker, then parsed, then known: answered on the event loop
            assert ask(lookup) == ([{"work": {"type": "uri", "value": A65_230}}], "false")
            # More rows than INLINE_ROWS: run again on a thread, up to the row cap.
            rows, truncated = ask(scan)
            assert (len(rows), truncated) == (1000, "true")
    assert store.streams(lookup) and store.streams(scan)
