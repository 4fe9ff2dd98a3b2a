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
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from unkg.api.app import create_app
from unkg.api.settings import Settings
from unkg.graph.cheap import MAX_TEXT, MOST, SHARE, Cost, KnownCosts, QueryKey
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.store import ExportFormat

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


def key(text: str, generation_free: str = "") -> QueryKey:
    return (text + generation_free, True, (), None, None, 10_000)


# -- the records alone ---------------------------------------------------------------------------


def test_a_cost_is_kept_for_its_generation_and_its_time_limit() -> None:
    costs = KnownCosts()
    costs.learn(key(GROUPED), 3, Cost(0.002, 1), limit=30.0)
    assert costs.cost(key(GROUPED), 3, limit=30.0) == Cost(0.002, 1)
    # Under a tighter limit the same cost is too large a share of it (0.002 s > 0.02 / 20).
    assert costs.cost(key(GROUPED), 3, limit=0.02) is None
    # The store changed: the record is stale, and gone.
    assert costs.cost(key(GROUPED), 4, limit=30.0) is None
    assert costs.cost(key(GROUPED), 3, limit=30.0) is None and len(costs) == 0


def test_a_dear_or_failed_query_is_forgotten() -> None:
    costs = KnownCosts()
    costs.learn(key(GROUPED), 1, Cost(0.002, 1), limit=30.0)
    # The same query later took longer than MOST seconds: forgotten.
    costs.learn(key(GROUPED), 1, Cost(MOST * 2, 1), limit=30.0)
    assert costs.cost(key(GROUPED), 1, limit=30.0) is None
    costs.learn(key(GROUPED), 1, Cost(0.002, 1), limit=30.0)
    costs.learn(key(GROUPED), 1, None, limit=30.0)  # it failed, or the row cap cut it
    assert costs.cost(key(GROUPED), 1, limit=30.0) is None
    # More than 1/SHARE of its own time limit: never kept.
    costs.learn(key(GROUPED), 1, Cost(0.011, 1), limit=0.2)
    assert 0.2 / SHARE < 0.011 and costs.cost(key(GROUPED), 1, limit=30.0) is None


def test_the_records_are_bounded() -> None:
    costs = KnownCosts(size=3)
    for n in range(5):
        costs.learn(key(GROUPED, f"# {n}"), 1, Cost(0.001, 1), limit=30.0)
    assert len(costs) == 3
    assert costs.cost(key(GROUPED, "# 0"), 1, limit=30.0) is None
    assert costs.cost(key(GROUPED, "# 4"), 1, limit=30.0) == Cost(0.001, 1)
    long = "#" * MAX_TEXT + "\n" + GROUPED  # a text too long to keep
    costs.learn(key(long), 1, Cost(0.001, 1), limit=30.0)
    assert costs.cost(key(long), 1, limit=30.0) is None


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
    # Another row cap, another dataset: a worker.
    assert routes(store, lambda: count(store, max_rows=50)) == (1, 0)
    assert routes(store, lambda: count(store, default_graph=[GRAPH])) == (1, 0)
    # Under a time limit that its cost is more than 1/SHARE of, it would go to a worker too.
    known = store.known_cost(GROUPED)
    assert known is not None and known.rows == 1
    assert store.known_cost(GROUPED, timeout=known.seconds * SHARE / 2) is None


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


def test_a_cut_answer_is_never_known(store: EmbeddedStore) -> None:
    every = f"SELECT ?para {{ ?para ?p <{A65_230}> . <{R22_7}> ?q ?target }}"
    for _ in range(2):
        assert routes(store, lambda: store.query(every, max_rows=10)) == (1, 0)


def test_a_query_built_to_run_forever_is_never_known(store: EmbeddedStore) -> None:
    # 2,000 cubed rows to count: stopped in a worker at the time limit, each time.
    for _ in range(2):
        with pytest.raises(QueryTimeoutError):
            routes(store, lambda: store.query(RUNAWAY, timeout=0.3))
    assert store.known_cost(RUNAWAY, timeout=0.3) is None


def test_the_event_loop_way_learns_too(store: EmbeddedStore) -> None:
    text = GROUPED + "\n# asked from an event loop"

    async def twice() -> list[int]:
        results = [await store.query_async(text) for _ in range(2)]
        return [len(result.rows) for result in results]

    assert routes(store, lambda: asyncio.run(twice())) == (1, 1)
    assert store.known_cost(text) is not None


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
        assert routes(store, lambda: bodies.extend(ask() for _ in range(2))) == (0, 2)
    assert len(set(bodies)) == 1 and b'"value":"2000"' in bodies[0].replace(b" ", b"")
