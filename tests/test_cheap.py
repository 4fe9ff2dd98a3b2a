"""A query known to be cheap runs in process; anything else that does not stream goes to a worker.

First :class:`~unkg.graph.cheap.KnownCosts` alone: what it keeps, for which store generation and
which time limit. Then an on-disk store with a worker process, as ``unkg serve`` opens it: a
grouped query runs in a worker the first time and in process after, with the same rows; a write,
another dataset, another row cap or a cut answer send it back to a worker; a query built to run
forever is never known. Then the endpoint, whose answer from the event loop is the same bytes.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Literal, URIRef
from unkg.api.app import create_app
from unkg.api.formats import ResultFormat, serialize_result
from unkg.api.settings import Settings
from unkg.graph.cheap import MAX_TEXT, MOST, SHARE, Cost, KnownCosts, QueryKey
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.store import ExportFormat, scan_sparql

from unkg.errors import QueryTimeoutError

R22_7 = "https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7"
A65_230 = "https://w3id.org/unkg/id/resolution/A_RES_65_230"
GRAPH = "https://w3id.org/unkg/graph/E_CN.15_RES_22_7"
UNKG = "PREFIX unkg: <https://w3id.org/unkg/ontology#>\n"
# The paragraphs of a resolution that recall something, counted per target: a join and a group,
# so it never streams and goes to a worker until it is known.
GROUPED = UNKG + f"""SELECT ?target (COUNT(?para) AS ?n) WHERE {{
  ?para unkg:recalls ?target . <{R22_7}> unkg:cites ?target
}} GROUP BY ?target"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PARAGRAPHS = 2_000


def key(text: str, suffix: str = "") -> QueryKey:
    return (text + suffix, True, (), None, None)


# -- the records alone ---------------------------------------------------------------------------


def test_a_cost_is_kept_for_its_generation_and_its_time_limit() -> None:
    costs = KnownCosts()
    costs.learn(key(GROUPED), 3, Cost(0.002, 1), limit=30.0)
    assert costs.cost(key(GROUPED), 3, limit=30.0, max_rows=None) == Cost(0.002, 1)
    # Under a tighter limit the same cost is too large a share of it (0.002 s > 0.02 / 20).
    assert costs.cost(key(GROUPED), 3, limit=0.02, max_rows=None) is None
    # The store changed: the record is stale, and gone.
    assert costs.cost(key(GROUPED), 4, limit=30.0, max_rows=None) is None
    assert costs.cost(key(GROUPED), 3, limit=30.0, max_rows=None) is None and len(costs) == 0


def test_a_dear_or_failed_query_is_forgotten() -> None:
    costs = KnownCosts()
    costs.learn(key(GROUPED), 1, Cost(0.002, 1), limit=30.0)
    # The same query later took longer than MOST seconds: forgotten.
    costs.learn(key(GROUPED), 1, Cost(MOST * 2, 1), limit=30.0)
    assert costs.cost(key(GROUPED), 1, limit=30.0, max_rows=None) is None
    costs.learn(key(GROUPED), 1, Cost(0.002, 1), limit=30.0)
    costs.learn(key(GROUPED), 1, None, limit=30.0)  # it failed, or the row cap cut it
    assert costs.cost(key(GROUPED), 1, limit=30.0, max_rows=None) is None
    # More than 1/SHARE of its own time limit: never kept.
    costs.learn(key(GROUPED), 1, Cost(0.011, 1), limit=0.2)
    assert 0.2 / SHARE < 0.011 and costs.cost(key(GROUPED), 1, limit=30.0, max_rows=None) is None


def test_a_cost_holds_under_a_row_cap_its_rows_fit() -> None:
    costs = KnownCosts()
    costs.learn(key(GROUPED), 1, Cost(0.002, 40), limit=30.0)
    assert costs.cost(key(GROUPED), 1, limit=30.0, max_rows=40) == Cost(0.002, 40)
    assert costs.cost(key(GROUPED), 1, limit=30.0, max_rows=39) is None  # it would be cut


def test_volatile_functions_are_seen_by_the_scan() -> None:
    assert not scan_sparql(GROUPED).volatile
    assert scan_sparql("SELECT ?r { ?r ?p ?o FILTER(RAND() < 0.1) }").volatile
    assert scan_sparql("SELECT (now () AS ?t) {}").volatile  # any case, a space before the bracket
    assert scan_sparql("SELECT (SAMPLE(?o) AS ?one) { ?s ?p ?o }").volatile
    # Only a call counts: not a comment, a string or a variable of that name.
    assert not scan_sparql('SELECT ?now { ?s ?p "RAND()" } # UUID()').volatile


def test_the_records_are_bounded() -> None:
    costs = KnownCosts(size=3)
    for n in range(5):
        costs.learn(key(GROUPED, f"# {n}"), 1, Cost(0.001, 1), limit=30.0)
    assert len(costs) == 3
    assert costs.cost(key(GROUPED, "# 0"), 1, limit=30.0, max_rows=None) is None
    assert costs.cost(key(GROUPED, "# 4"), 1, limit=30.0, max_rows=None) == Cost(0.001, 1)
    long = "#" * MAX_TEXT + "\n" + GROUPED  # a text too long to keep
    costs.learn(key(long), 1, Cost(0.001, 1), limit=30.0)
    assert costs.cost(key(long), 1, limit=30.0, max_rows=None) is None


# -- an on-disk store with a worker process -------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    folder = tmp_path_factory.mktemp("cheap") / "store"
    lines = [f"<{R22_7}/para/{i}> <https://w3id.org/unkg/ontology#recalls> <{A65_230}> .\n"
             for i in range(PARAGRAPHS)]
    lines.append(f"<{R22_7}> <https://w3id.org/unkg/ontology#cites> <{A65_230}> .\n")
    with EmbeddedStore(folder) as filling:
        filling.bulk_load(io.BytesIO("".join(lines).encode()), ExportFormat.NTRIPLES, graph=GRAPH)
    with EmbeddedStore(folder, query_processes=1, timeout=10, max_rows=10_000) as opened:
        yield opened


def known_cost(store: EmbeddedStore, sparql: str, **limits: Any) -> Cost | None:
    known = store.known(sparql, **limits)
    return None if known is None else known.cost


def routes(store: EmbeddedStore, run: object) -> tuple[int, int]:
    """(queries sent to a worker, queries run in process as known) while ``run()`` ran."""
    before = store.query_routes.copy()
    assert callable(run)
    run()
    return (store.query_routes["process"] - before["process"],
            store.query_routes["known"] - before["known"])


def count(store: EmbeddedStore, **limits: object) -> int:
    result = store.query(GROUPED, **limits)  # type: ignore[arg-type]
    assert [str(cell) for cell in result.rows[0][:1]] == [A65_230]
    return int(result.rows[0][1])


def test_a_query_runs_in_a_worker_then_in_process_with_the_same_rows(store: EmbeddedStore) -> None:
    counts: list[int] = []
    assert routes(store, lambda: counts.append(count(store))) == (1, 0)
    assert routes(store, lambda: counts.extend(count(store) for _ in range(3))) == (0, 3)
    assert counts == [PARAGRAPHS] * 4
    # A smaller row cap that its one row fits: still known. Another dataset: a worker.
    assert routes(store, lambda: count(store, max_rows=1)) == (0, 1)
    assert routes(store, lambda: count(store, default_graph=[GRAPH])) == (1, 0)
    # Under a time limit that its cost is more than 1/SHARE of, it would go to a worker too.
    known = known_cost(store, GROUPED)
    assert known is not None and known.rows == 1
    assert known_cost(store, GROUPED, timeout=known.seconds * SHARE / 2) is None


def test_a_write_sends_the_query_back_to_a_worker(store: EmbeddedStore) -> None:
    count(store)
    assert routes(store, lambda: count(store)) == (0, 1)
    store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{R22_7}/para/new> "
                 f"<https://w3id.org/unkg/ontology#recalls> <{A65_230}> }} }}")
    counts: list[int] = []
    assert routes(store, lambda: counts.append(count(store))) == (1, 0)
    assert routes(store, lambda: counts.append(count(store))) == (0, 1)
    assert counts == [PARAGRAPHS + 1] * 2  # the write is seen both ways
    store.update(f"DELETE DATA {{ GRAPH <{GRAPH}> {{ <{R22_7}/para/new> "
                 f"<https://w3id.org/unkg/ontology#recalls> <{A65_230}> }} }}")


def test_a_known_query_that_a_write_overtakes_gives_way(store: EmbeddedStore) -> None:
    count(store)
    known = store.known(GROUPED)
    assert known is not None and known.json() is not None
    late = f"<{R22_7}/para/overtaking> <https://w3id.org/unkg/ontology#recalls> <{A65_230}>"
    store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {late} }} }}")
    try:
        # Known before the write: no answer from the record (the usual way gives one).
        assert known.json() is None and store.recheck(known) is None
        assert count(store) == PARAGRAPHS + 1
    finally:
        store.update(f"DELETE DATA {{ GRAPH <{GRAPH}> {{ {late} }} }}")


def test_a_known_query_gives_way_while_a_write_is_under_way(store: EmbeddedStore) -> None:
    # Between the engine's commit and the generation's step, the record no longer holds.
    count(store)
    known = store.known(GROUPED)
    assert known is not None
    with store._changing():
        assert store.known(GROUPED) is None and store.recheck(known) is None
        assert known.json() is None
    assert store.known(GROUPED) is not None and known.json() is not None


def test_a_cut_answer_is_never_known(store: EmbeddedStore) -> None:
    every = f"SELECT ?para {{ ?para ?p <{A65_230}> . <{R22_7}> ?q ?target }}"
    for _ in range(2):
        assert routes(store, lambda: store.query(every, max_rows=10)) == (1, 0)
    # Whole once, under a cap its rows fit: known then, for that cap, not for a smaller one.
    rows = PARAGRAPHS + 1  # the paragraphs, and the resolution that cites 65/230
    assert len(store.query(every, max_rows=rows).rows) == rows
    assert routes(store, lambda: store.query(every, max_rows=rows)) == (0, 1)
    assert routes(store, lambda: store.query(every, max_rows=10)) == (1, 0)
    assert known_cost(store, every, max_rows=rows) is not None  # the cut run kept it


def test_a_volatile_query_always_goes_to_a_worker(store: EmbeddedStore) -> None:
    sample = UNKG + f"SELECT (SAMPLE(?para) AS ?one) {{ ?para unkg:recalls <{A65_230}> }}"
    for _ in range(2):
        assert routes(store, lambda: store.query(sample)) == (1, 0)


def test_a_query_built_to_run_forever_is_never_known(store: EmbeddedStore) -> None:
    # 2,000 cubed rows to count: stopped in a worker at the time limit, each time.
    for _ in range(2):
        with pytest.raises(QueryTimeoutError):
            routes(store, lambda: store.query(RUNAWAY, timeout=0.3))
    assert known_cost(store, RUNAWAY, timeout=0.3) is None


def test_the_event_loop_way_learns_too(store: EmbeddedStore) -> None:
    text = GROUPED + "\n# asked from an event loop"

    async def twice() -> list[int]:
        results = [await store.query_async(text) for _ in range(2)]
        return [len(result.rows) for result in results]

    assert routes(store, lambda: asyncio.run(twice())) == (1, 1)
    assert known_cost(store, text) is not None


def test_the_endpoint_answers_the_same_bytes_in_process(store: EmbeddedStore) -> None:
    app = create_app(store.location, store=store, settings=Settings(max_rows=10_000))
    text = GROUPED + "\n# asked over HTTP"
    with TestClient(app) as client:

        def ask() -> bytes:
            response = client.post("/sparql", content=text, headers={
                "content-type": "application/sparql-query",
                "accept": "application/sparql-results+json"})
            assert response.status_code == 200
            return response.content

        bodies: list[bytes] = []
        assert routes(store, lambda: bodies.append(ask())) == (1, 0)
        # Known: the engine writes the JSON (the same bytes), and our writers the other formats.
        assert routes(store, lambda: bodies.extend(ask() for _ in range(2))) == (0, 2)
        csv = client.post("/sparql", content=text, headers={
            "content-type": "application/sparql-query", "accept": "text/csv"})
        assert store.query_routes["known"] and csv.status_code == 200
        assert csv.text.splitlines() == ["target,n", f"{A65_230},{PARAGRAPHS}"]
        # The third JSON request came back in the same shape as the second: answered from it.
        assert app.answered_from_shape == 1  # type: ignore[attr-defined]
    assert len(set(bodies)) == 1 and b'"value":"2000"' in bodies[0].replace(b" ", b"")


def test_a_remembered_request_sees_a_write(store: EmbeddedStore) -> None:
    app = create_app(store.location, store=store, settings=Settings(max_rows=10_000))
    text = GROUPED + "\n# asked before and after a write"
    new = (f"<{R22_7}/para/late> <https://w3id.org/unkg/ontology#recalls> <{A65_230}>")
    with TestClient(app) as client:

        def count_over_http() -> int:
            response = client.get("/sparql", params={"query": text},
                                  headers={"accept": "application/sparql-results+json"})
            assert response.status_code == 200
            return int(response.json()["results"]["bindings"][0]["n"]["value"])

        assert [count_over_http() for _ in range(3)] == [PARAGRAPHS] * 3
        assert app.answered_from_shape == 1  # type: ignore[attr-defined]
        store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {new} }} }}")
        try:
            # Not known over the new data: a worker answers; then known again (the lean path
            # remembers the shape anew), then answered from the shape twice.
            assert routes(store, count_over_http) == (1, 0)
            assert [count_over_http() for _ in range(3)] == [PARAGRAPHS + 1] * 3
            assert app.answered_from_shape == 3  # type: ignore[attr-defined]
        finally:
            store.update(f"DELETE DATA {{ GRAPH <{GRAPH}> {{ {new} }} }}")


# Titles and texts as the corpus has them, and the characters JSON writers disagree on.
TRICKY = [
    "Côte d'Ivoire",  # non-ASCII, written as UTF-8
    'the "Salvador Declaration"\tand\\more',  # quotes, a tab, a backslash
    "page 2\nof 3\r",  # line breaks
    "control \u0001\u001f",  # control characters, escaped
    "line\u2028separator </script>",  # a JavaScript line separator, a closing tag
    "\U0001F30D globe",  # outside the basic plane
]


def test_the_engine_writes_the_json_our_writer_writes() -> None:
    title, date = "http://purl.org/dc/terms/title", "http://purl.org/dc/terms/date"
    xsd_date = "http://www.w3.org/2001/XMLSchema#date"
    rows = [(f"{R22_7}/p{i}", title, Literal(text)) for i, text in enumerate(TRICKY)]
    rows += [(R22_7, title, Literal("Cybercrime", lang="en")),
             (R22_7, date, Literal("2013-04-26", datatype=URIRef(xsd_date))),
             (R22_7, title, URIRef(A65_230))]
    engine = ox.Store()
    for subject, predicate, obj in rows:
        term = (ox.NamedNode(str(obj)) if isinstance(obj, URIRef) else
                ox.Literal(str(obj), language=obj.language) if obj.language else
                ox.Literal(str(obj), datatype=ox.NamedNode(str(obj.datatype)))
                if obj.datatype else ox.Literal(str(obj)))
        engine.add(ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), term,
                           ox.NamedNode(GRAPH)))
    engine.add(ox.Quad(ox.BlankNode("b0"), ox.NamedNode(title), ox.NamedNode(A65_230),
                       ox.NamedNode(GRAPH)))
    select = "SELECT ?s ?o ?none { ?s ?p ?o OPTIONAL { ?s <urn:no> ?none } } ORDER BY ?o"
    with EmbeddedStore.in_memory() as ours:
        ours.replace_graph(GRAPH, [(URIRef(s), URIRef(p), o) for s, p, o in rows]
                           + [(BNode("b0"), URIRef(title), URIRef(A65_230))])
        for text in (select, "ASK { ?s ?p ?o }", "ASK { ?s <urn:no> ?o }"):
            theirs = engine.query(text, use_default_graph_as_union=True)
            assert not isinstance(theirs, ox.QueryTriples)
            mine = serialize_result(ours.query_encoded(text, timeout=None), ResultFormat.JSON)
            expected = theirs.serialize(format=ox.QueryResultsFormat.JSON)
            if text == select:  # blank node labels are the store's own: compare the rest
                mine, expected = _without_bnode(mine), _without_bnode(expected)
            assert mine == expected


def _without_bnode(body: bytes) -> bytes:
    return re.sub(rb'"type":"bnode","value":"[^"]*"', b'"type":"bnode"', body)
