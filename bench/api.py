"""Browsing API benchmark: latency of ``unkg serve`` over the AKN corpus plus synthetic resolutions.

The store (built once, then reused while its inputs are the same) holds:

* the AKN dev corpus (``../shared/corpus/akn``), ingested as ``unkg ingest`` does
  (:func:`unkg.load.ingest_paths`: one atomic replace per graph, the text index following);
* ``--resolutions`` synthetic resolutions of :mod:`bench.generate`, bulk-loaded by the engine
  from the N-Quads file that :mod:`bench.sparql` also uses
  (``build/bench/un-N-seedS-<generator digest>.nq``), their paragraphs and footnotes put into the
  full-text index as ingest picks them out of its N-Triples (``nquads_passages`` and
  ``TextIndex.add_loaded`` of :mod:`unkg.graph.textindex`) instead of the store's read-back
  query (over an hour at 100k resolutions). A synthetic resolution with the symbol of an AKN one
  shares its graph: those graphs' passages are read back from the store, and their ids are left
  out of the requests.

Generating and building run under ``nice -n 10`` in a child process (``--build-only``); they are
not the measurement. The store is kept in ``build/bench/api/`` under a name made of the data's
name and a digest of its inputs (the generator's source, the corpus files' names and sizes, the
extractor version; a text index of another format is rebuilt when the store opens it).
``--reindex-text`` only makes the text index's tantivy search engine again from the index's
rows (30 s at 100k resolutions), without the RDF store.

Then ``unkg serve --workers W`` (default 2: two server processes, each opening the store
read-only) is started on a free port of 127.0.0.1 and measured with plain HTTP/1.1 keep-alive
clients (one thread and one connection each), every request checked for a 200:

* ``resolution``: ``GET /resolutions/{id}`` as JSON, over a sample of AKN and synthetic ids;
* ``search``: ``GET /search?q=...`` over a mix of single words, phrases, prefixes, ``OR``, and
  body, year and kind filters (:data:`SEARCHES`); the table also lists each search's ``total``;
* ``cited-by`` and ``neighbourhood``: ``GET /resolutions/{id}/cited-by`` and
  ``GET /graph/neighbourhood/{id}`` over the same ids.

Each group is measured with 1 client (``--requests`` requests in a shuffled order) and, for each
of ``--clients``, for ``--duration`` seconds (requests/s with them). It prints a markdown table
and writes everything to ``build/bench/api.json``::

    python bench/api.py --resolutions 100000 --seed 1
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    BenchError,
    Connection,
    free_port,
    machine,
    percentile,
    round_the_mix,
)

#: The issue's targets: p50 in milliseconds.
TARGETS_MS = {"resolution": 10.0, "search": 50.0}
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "akn"
#: Seconds a request may take while warming up (the first builds the citation graph).
WARM_UP_TIMEOUT = 1200.0

#: The search mix: a label and the query string. Words and phrases of both the AKN texts and
#: the generator's; some rare, some very common, as people type them.
SEARCHES: tuple[tuple[str, dict[str, str]], ...] = (
    ("word", {"q": "cybercrime"}),
    ("word", {"q": "Somalia"}),
    ("word", {"q": "apartheid"}),
    ("word, common", {"q": "terrorism"}),
    ("two words", {"q": "death penalty"}),
    ("phrase", {"q": '"trafficking in persons"'}),
    ("phrase", {"q": '"small arms and light weapons"'}),
    ("phrase, very common", {"q": '"Member States"'}),
    ("prefix", {"q": "traffick*"}),
    ("OR", {"q": "piracy OR cybercrime"}),
    ("body", {"q": "terrorism", "body": "sc"}),
    ("year", {"q": '"human rights"', "year": "2015"}),
    ("body and year", {"q": "corruption", "body": "ccpcj", "year": "2019"}),
    ("kind", {"q": "refugees", "kind": "operative"}),
)
_ACCEPT_JSON = {"Accept": "application/json"}


# -- the store -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What the store is built from, and where it goes."""

    resolutions: int
    seed: int
    corpus: Path
    folder: Path  # build/bench/api

    @property
    def data(self) -> Path:
        """The synthetic N-Quads, named as :mod:`bench.sparql` names them (shared with it)."""
        digest = _sha256(ROOT / "bench" / "generate.py")[:8]
        return self.folder.parent / f"un-{self.resolutions}-seed{self.seed}-{digest}.nq"

    @property
    def store(self) -> Path:
        return self.folder / f"store-{self.resolutions}-seed{self.seed}-{self.digest()}"

    @property
    def manifest(self) -> Path:
        """Written last by the build: the store is complete when it exists."""
        return self.store.with_suffix(".json")

    def digest(self) -> str:
        from unkg import EXTRACTOR_VERSION

        parts = [self.data.name, EXTRACTOR_VERSION]
        parts += [f"{p.relative_to(self.corpus)}:{p.stat().st_size}"
                  for p in corpus_files(self.corpus)]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:10]


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file())


def prepare(inputs: Inputs) -> None:
    """Build the store if it is not complete; else bring its text index up to date (the store
    rebuilds an index of another format version when it opens it)."""
    if not inputs.manifest.exists():
        build(inputs)
        return
    from unkg.graph.embedded import EmbeddedStore

    manifest = json.loads(inputs.manifest.read_text(encoding="utf-8"))
    started = time.perf_counter()
    store = EmbeddedStore(inputs.store, timeout=None, max_rows=None)
    try:
        manifest["passages"] = len(store.text_index)
        manifest.setdefault("build_s", {})["text index check"] = _lap(started)
        if store.text_index.copies() < manifest["graphs"]:  # a store made before the copies
            started = time.perf_counter()
            manifest["copies"] = make_copies(inputs, store)
            manifest["build_s"]["graph copies"] = _lap(started)
    finally:
        store.close()
    inputs.manifest.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def reindex_text(inputs: Inputs) -> int:
    """Make the search engine of the store's text index again from the index's rows
    (:meth:`~unkg.graph.textindex.TextIndex.rebuild_engine`: 30 s at 100k resolutions, where
    ``unkg reindex`` reads every passage back from the store)."""
    from unkg.graph.textindex import TextIndex

    started = time.perf_counter()
    index = TextIndex(inputs.store)
    try:
        count = index.rebuild_engine()
    finally:
        index.close()
    print(f"{count} passages indexed in {_lap(started)} s", file=sys.stderr)
    return 0


def build(inputs: Inputs) -> dict[str, Any]:
    """Ingest the corpus, generate the data (unless kept), bulk-load it and index its text;
    returns the manifest. Each step is noted in ``<store>.state.json``, so that a build cut short
    goes on where it stopped (the ingest skips the files it has; a bulk load cut short starts
    the store again)."""
    import gc

    import pyoxigraph as ox
    from unkg.graph.embedded import EmbeddedStore
    from unkg.graph.iris import Iris
    from unkg.graph.store import META_GRAPH, META_PREFIX
    from unkg.graph.textindex import TextIndex, nquads_passages
    from unkg.ontology import DCTERMS

    from bench.generate import generate, write_nquads
    from unkg.load import ingest_paths

    state_file = inputs.store.with_suffix(".state.json")
    state: dict[str, Any] = (json.loads(state_file.read_text(encoding="utf-8"))
                             if state_file.exists() else {})
    if state.get("synthetic") == "loading":
        shutil.rmtree(inputs.store, ignore_errors=True)
        state = {}

    def save() -> None:
        state_file.write_text(json.dumps(state) + "\n", encoding="utf-8")

    phases: dict[str, float] = state.setdefault("build_s", {})
    inputs.store.parent.mkdir(parents=True, exist_ok=True)
    if "akn_symbols" not in state:
        # The corpus first, while the data may still be being generated by another run. (Not
        # again once the synthetic graphs are in: a write would have the store read every
        # passage back into the text index.)
        mark = time.perf_counter()
        store = EmbeddedStore(inputs.store, timeout=None, max_rows=None)
        try:
            report = ingest_paths(store, [inputs.corpus], Iris(), workers=os.cpu_count() or 1)
            state["akn_failed"] = len(report.failures)
            state["akn_quads"] = len(store)
            state["akn_symbols"] = sorted(_ingested_symbols(store))
        finally:
            store.close()
        phases["ingest AKN corpus"] = _lap(mark)
        save()
    partial = inputs.data.with_suffix(".partial")
    while not inputs.data.exists() and partial.exists() and (
            time.time() - partial.stat().st_mtime < 120):
        time.sleep(5)  # another run is writing it
    if not inputs.data.exists():
        mark = time.perf_counter()
        with partial.open("w", encoding="utf-8") as out:
            write_nquads(generate(inputs.resolutions, inputs.seed), out)
        partial.replace(inputs.data)
        phases["generate"] = _lap(mark)
    if state.get("synthetic") != "loaded":
        # The engine's bulk loader, as `unkg ingest --bulk` and EmbeddedStore.bulk_load use it,
        # but without the store's read-back of every passage into the text index (one SPARQL
        # query: over an hour at this size): the passages are picked from the file below.
        state["synthetic"] = "loading"
        save()
        mark = time.perf_counter()
        engine = ox.Store(str(inputs.store))
        engine.bulk_load(path=str(inputs.data), format=ox.RdfFormat.N_QUADS)
        engine.optimize()
        state["synthetic_quads"] = len(engine) - state["akn_quads"]
        del engine
        gc.collect()  # the folder's lock goes with the engine
        state["synthetic"] = "loaded"
        phases["bulk load and optimize"] = _lap(mark)
        save()
    if not state.get("indexed"):
        mark = time.perf_counter()
        index = TextIndex(inputs.store)
        try:
            state["synthetic_passages"] = index.add_loaded(
                nquads_passages(read_chunks(inputs.data), skip=frozenset({META_GRAPH})))
        finally:
            index.close()
        state["indexed"] = True
        phases["text index of the synthetic passages"] = _lap(mark)
        save()
    store = EmbeddedStore(inputs.store, timeout=None, max_rows=None)
    try:
        mark = time.perf_counter()
        passages = len(store.text_index)  # in step: not rebuilt
        phases["text index check"] = _lap(mark)
        if "merged_symbols" not in state:
            # A synthetic resolution with the symbol of an AKN one has its graph IRI: the bulk
            # load added its triples to that graph (two sha256 in its metadata). Their passages
            # are read back from the store, and the benchmark leaves these ids out.
            mark = time.perf_counter()
            merged = [str(row[0]) for row in store.query(
                f"SELECT ?g {{ GRAPH <{META_GRAPH}> {{ ?g <{META_PREFIX}sha256> ?h }} }} "
                "GROUP BY ?g HAVING (COUNT(DISTINCT ?h) > 1)", timeout=None, max_rows=None).rows]
            store.text_index.reread(store, merged)
            state["merged_symbols"] = sorted({
                str(row[0]) for row in store.query(
                    f"PREFIX dcterms: <{DCTERMS}> SELECT DISTINCT ?symbol ?g "
                    "{ GRAPH ?g { ?r dcterms:identifier ?symbol } }", timeout=None,
                    max_rows=None).rows if str(row[1]) in set(merged)})
            phases["text index of the merged graphs"] = _lap(mark)
            passages = len(store.text_index)
            save()
        if "copies" not in state:
            mark = time.perf_counter()
            state["copies"] = make_copies(inputs, store)
            phases["graph copies"] = _lap(mark)
            save()
        akn = state["akn_symbols"]
        manifest = {
            "store": inputs.store.name,
            "data": inputs.data.name,
            "resolutions": inputs.resolutions,
            "seed": inputs.seed,
            "data_megabytes": round(inputs.data.stat().st_size / 1e6, 1),
            "synthetic_quads": state["synthetic_quads"],
            "synthetic_passages": state["synthetic_passages"],
            "akn_documents": len(akn),
            "akn_failed": state["akn_failed"],
            "quads": len(store),
            "graphs": len(store.graphs()),
            "passages": passages,
            "copies": state["copies"],
            "merged_graphs": len(state["merged_symbols"]),
            "akn_symbols": akn,
            "merged_symbols": state["merged_symbols"],
            "synthetic_symbols": sorted(set(_ingested_symbols(store)) - set(akn)),
        }
    finally:
        store.close()
    manifest["store_megabytes"] = round(sum(
        p.stat().st_size for p in inputs.store.rglob("*") if p.is_file()) / 1e6, 1)
    manifest["build_s"] = phases
    inputs.manifest.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def make_copies(inputs: Inputs, store: Any, batch: int = 2000) -> int:
    """Keep a copy of every graph's triples beside the store (:mod:`unkg.graph.graphcopy`), as
    ingest keeps one of the graphs it writes; returns how many graphs have one.

    The synthetic graphs' copies come from the N-Quads file (parsed by the engine's parser,
    1-2 min at 100k resolutions, where reading them back from the store would take 17 min), with
    their one ``xsd:dateTime`` in the canonical form the store gives back (the file may come from
    a generator that wrote it as Python does); every other graph (the corpus's, and those the
    synthetic data was merged into) is read back from the store. A sample of the copies is then
    compared with the store: a difference stops the benchmark."""
    import random
    from datetime import datetime

    import pyoxigraph as ox
    from unkg.graph import graphcopy
    from unkg.graph.query_processes import encode
    from unkg.graph.store import META_GRAPH, META_PREFIX
    from unkg.ingest.to_rdf import canonical_datetime

    xsd_datetime = "http://www.w3.org/2001/XMLSchema#dateTime"
    index = store.text_index
    merged = {str(row[0]) for row in store.query(
        f"SELECT ?g {{ GRAPH <{META_GRAPH}> {{ ?g <{META_PREFIX}sha256> ?h }} }} "
        "GROUP BY ?g HAVING (COUNT(DISTINCT ?h) > 1)", timeout=None, max_rows=None).rows}

    def canonical(term: Any) -> Any:
        encoded = encode(term)
        if isinstance(encoded, tuple) and len(encoded) == 2 and encoded[1] == xsd_datetime:
            return (str(canonical_datetime(datetime.fromisoformat(encoded[0]))), xsd_datetime)
        return encoded

    def synthetic() -> Iterator[tuple[str, bytes]]:
        graph: str | None = None
        triples: list[tuple[Any, Any, Any]] = []
        done = 0
        for quad in ox.parse(path=str(inputs.data), format=ox.RdfFormat.N_QUADS):
            name = quad.graph_name
            if not isinstance(name, ox.NamedNode) or name.value == META_GRAPH:
                continue
            if name.value != graph:
                if graph is not None and graph not in merged:
                    yield graph, graphcopy.pack(triples)
                    done += 1
                    if done % 10_000 == 0:
                        print(f"   graph copies: {done} synthetic graphs", file=sys.stderr)
                graph, triples = name.value, []
            triples.append((encode(quad.subject), encode(quad.predicate),
                            canonical(quad.object)))
        if graph is not None and graph not in merged:
            yield graph, graphcopy.pack(triples)

    made: set[str] = set()
    pending: list[tuple[str, bytes]] = []
    for item in synthetic():
        pending.append(item)
        made.add(item[0])
        if len(pending) >= batch:
            index.add_copies(pending)
            pending = []
    index.add_copies(pending)
    rest = [graph for graph in store.graphs() if graph not in made]
    print(f"   graph copies: {len(made)} from the file, {len(rest)} read back from the store",
          file=sys.stderr)
    for start in range(0, len(rest), batch):
        index.add_copies((graph, store.read_copy(graph)) for graph in rest[start:start + batch])
    sample = random.Random(0).sample(sorted(made), min(50, len(made))) + rest[:20]
    for graph in sample:
        copied = graphcopy.unpack(index.graph_copy(graph) or b"")
        held = {tuple(row[:3]) for row in store.quads_encoded(None, None, None, graph,
                                                             max_rows=None).rows}
        if copied is None or set(graphcopy.triples(copied)) != held:
            raise SystemExit(f"the copy of graph {graph} differs from the store")
    return int(index.copies())


def read_chunks(path: Path, size: int = 1 << 22) -> Iterator[str]:
    """The text of a file in blocks of whole lines of about ``size`` characters."""
    with path.open(encoding="utf-8") as lines:
        while block := lines.readlines(size):
            yield "".join(block)


def _ingested_symbols(store: Any) -> list[str]:
    """The symbol of every ingested resolution (one with provenance in its own graph)."""
    from unkg.ontology import PREFIXES

    result = store.query(
        f"PREFIX prov: <{PREFIXES['prov']}> PREFIX dcterms: <{PREFIXES['dcterms']}>\n"
        "SELECT DISTINCT ?symbol { GRAPH ?g { ?r prov:wasGeneratedBy ?a ; "
        "dcterms:identifier ?symbol } }", timeout=None, max_rows=None)
    return [str(row[0]) for row in result.rows]


def _lap(started: float) -> float:
    return round(time.perf_counter() - started, 1)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- requests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One request of the mix: its group, a label for the table, and the path."""

    group: str
    label: str
    path: str


def slug(symbol: str) -> str:
    """The API id of a symbol (``A/RES/65/230`` -> ``A_RES_65_230``), as the API documents it:
    spaces dropped, ``/`` replaced by ``_``.

    >>> slug("S/RES/1373 (2001)")
    'S_RES_1373(2001)'
    """
    return symbol.replace(" ", "").replace("/", "_")


def sample_ids(manifest: dict[str, Any], per_kind: int, seed: int) -> list[tuple[str, str]]:
    """``per_kind`` AKN and ``per_kind`` synthetic resolution ids, as (kind, id)."""
    rng = random.Random(seed)
    chosen: list[tuple[str, str]] = []
    merged = set(manifest.get("merged_symbols", []))  # an AKN and a synthetic one in one graph
    for kind in ("akn", "synthetic"):
        symbols = [s for s in manifest[f"{kind}_symbols"] if "/RES/" in s and s not in merged]
        chosen += [(kind, slug(s)) for s in rng.sample(symbols, min(per_kind, len(symbols)))]
    return chosen


def build_cases(ids: list[tuple[str, str]], with_graph: bool) -> list[Case]:
    """The requests of each group (:data:`SEARCHES` for ``search``)."""
    cases = [Case("resolution", kind, f"/resolutions/{quote(id_, safe='()')}")
             for kind, id_ in ids]
    cases += [Case("search", label, "/search?" + urlencode(params)) for label, params in SEARCHES]
    cases += [Case("cited-by", kind, f"/resolutions/{quote(id_, safe='()')}/cited-by")
              for kind, id_ in ids]
    if with_graph:
        cases += [Case("neighbourhood", kind, f"/graph/neighbourhood/{quote(id_, safe='()')}")
                  for kind, id_ in ids]
    return cases


class Client:
    """One keep-alive connection; :meth:`get` returns (seconds, body) and insists on a 200."""

    def __init__(self, port: int, timeout: float) -> None:
        self.connection = Connection(port, timeout, name="unkg serve")

    def get(self, path: str) -> tuple[float, bytes]:
        return self.connection.send("GET", path, headers=_ACCEPT_JSON)

    def close(self) -> None:
        self.connection.close()


def summary(seconds: list[float], elapsed: float | None = None) -> dict[str, Any]:
    """n, p50 and p95 in ms (and requests/s over ``elapsed`` wall seconds).

    >>> summary([0.001, 0.002, 0.003], elapsed=1.0)
    {'n': 3, 'p50_ms': 2.0, 'p95_ms': 3.0, 'mean_ms': 2.0, 'rps': 3.0}
    """
    row: dict[str, Any] = {"n": len(seconds)}
    if seconds:
        row |= {"p50_ms": round(percentile(seconds, 50) * 1000, 2),
                "p95_ms": round(percentile(seconds, 95) * 1000, 2),
                "mean_ms": round(statistics.mean(seconds) * 1000, 2)}
    if elapsed:
        row["rps"] = round(len(seconds) / elapsed, 1)
    return row


def sequential(port: int, cases: list[Case], requests: int, seed: int, timeout: float
               ) -> dict[str, list[tuple[Case, float]]]:
    """One client: each group's cases in turn, shuffled, ``requests`` per group."""
    rng = random.Random(seed)
    by_group: dict[str, list[Case]] = {}
    for case in cases:
        by_group.setdefault(case.group, []).append(case)
    order = [(group, items[i % len(items)]) for group, items in by_group.items()
             for i in range(max(requests, len(items)))]
    rng.shuffle(order)
    client = Client(port, timeout)
    samples: dict[str, list[tuple[Case, float]]] = {}
    try:
        for group, case in order:
            samples.setdefault(group, []).append((case, client.get(case.path)[0]))
    finally:
        client.close()
    return samples


def concurrent(port: int, cases: list[Case], clients: int, duration: float, timeout: float
               ) -> tuple[list[float], float, int]:
    """``clients`` threads sending ``cases`` round the mix for ``duration`` seconds: every
    request's seconds, the wall seconds, and the failures."""
    return round_the_mix(clients, duration, timeout + 10, lambda: Client(port, timeout),
                         lambda client, turn: client.get(cases[turn % len(cases)].path)[0])


def warm_up(port: int, cases: list[Case], connections: int) -> dict[str, int]:
    """Every case once on each of ``connections`` connections at once (a keep-alive connection
    stays with one server process, so that each process builds what it caches: the citation
    graph of ``/graph``, pages of the store and of the text index); the ``total`` of each search.
    """
    totals: dict[str, int] = {}
    errors: list[BaseException] = []

    def work(index: int) -> None:
        client = Client(port, timeout=WARM_UP_TIMEOUT)
        try:
            for case in cases[index:] + cases[:index]:
                body = client.get(case.path)[1]
                if case.group == "search":
                    totals[case.path] = json.loads(body)["total"]
        except (OSError, http.client.HTTPException, BenchError) as error:
            errors.append(error)
        finally:
            client.close()

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise BenchError(f"warm-up: {errors[0]}")
    return totals


# -- the server ----------------------------------------------------------------------------------


def serve(store: Path, workers: int, port: int, log: Path) -> subprocess.Popen[bytes]:
    unkg = Path(sys.executable).parent / "unkg"
    command = [str(unkg) if unkg.exists() else "unkg", "serve", "--store", str(store),
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def wait_ready(process: subprocess.Popen[bytes], port: int, within: float, log: Path) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < within:
        if process.poll() is not None:
            raise BenchError(f"unkg serve exited with {process.returncode}; see {log}")
        client = Client(port, timeout=30)
        try:
            client.get("/health")
            return time.perf_counter() - started
        except (OSError, http.client.HTTPException, BenchError):
            time.sleep(0.3)
        finally:
            client.close()
    raise BenchError(f"unkg serve did not answer within {within:.0f} s; see {log}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and its worker processes (its own session, started here)."""
    if process.poll() is None:
        process.terminate()  # uvicorn's supervisor stops its workers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=15)


# -- the run -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--resolutions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2, help="server processes (default 2)")
    parser.add_argument("--ids", type=int, default=50, help="AKN and synthetic ids each")
    parser.add_argument("--requests", type=int, default=200,
                        help="requests per group with one client")
    parser.add_argument("--clients", default="4", help="concurrent clients, comma-separated")
    parser.add_argument("--duration", type=float, default=10.0,
                        help="seconds per group and number of concurrent clients")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    parser.add_argument("--skip-graph", action="store_true",
                        help="no /graph/neighbourhood (its first request in each server process "
                             "builds the citation graph: minutes at 100k resolutions)")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reindex-text", action="store_true",
                        help="only make the text index's search engine (tantivy) again from its "
                             "rows, without reading the RDF store, and exit (run it with nice)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench" / "api")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "api.json")
    args = parser.parse_args(argv)
    inputs = Inputs(args.resolutions, args.seed, args.corpus.resolve(), args.work)
    if args.build_only:
        prepare(inputs)
        return 0
    if args.reindex_text:
        return reindex_text(inputs)
    report: dict[str, Any] = {
        "command": " ".join(["python bench/api.py", *(sys.argv[1:] if argv is None else argv)]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": _machine(),
        "workers": args.workers,
    }
    print(f"-- {'checking' if inputs.manifest.exists() else 'building'} {inputs.store} "
          "(nice -n 10) ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    subprocess.run(["nice", "-n", "10", sys.executable, str(Path(__file__).resolve()),
                    "--build-only", "--resolutions", str(args.resolutions),
                    "--seed", str(args.seed), "--corpus", str(inputs.corpus),
                    "--work", str(args.work)], check=True)
    report["prepare_s"] = _lap(started)
    manifest = json.loads(inputs.manifest.read_text(encoding="utf-8"))
    report["data"] = {k: v for k, v in manifest.items() if not k.endswith("_symbols")}
    report["machine"]["loadavg_start"] = [round(x, 2) for x in os.getloadavg()]
    ids = sample_ids(manifest, args.ids, args.seed)
    cases = build_cases(ids, with_graph=not args.skip_graph)
    port = free_port()
    log = args.work / "serve.log"
    process = serve(inputs.store, args.workers, port, log)
    try:
        report["server_ready_s"] = round(wait_ready(process, port, 600, log), 1)
        measure(report, port, cases, args)
    finally:
        stop(process)
        report["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(markdown(report))
    print(f"\nwritten: {args.out}", file=sys.stderr)
    return 0 if all(report.get("targets_met", {}).values()) else 1


def measure(report: dict[str, Any], port: int, cases: list[Case], args: argparse.Namespace
            ) -> None:
    """Warm up, then one client, then concurrent clients."""
    started = time.perf_counter()
    totals = warm_up(port, cases, 2 * args.workers)
    report["warmup_s"] = _lap(started)
    print(f"   warm-up: {report['warmup_s']} s", file=sys.stderr, flush=True)
    groups = list(dict.fromkeys(case.group for case in cases))
    one = sequential(port, cases, args.requests, args.seed, args.timeout)
    results: dict[str, dict[str, Any]] = {}
    for group in groups:
        pairs = one[group]
        entry = {"1": summary([s for _, s in pairs])}
        kinds = dict.fromkeys(case.label for case, _ in pairs)
        entry["by_label"] = {label: summary([s for c, s in pairs if c.label == label])
                             for label in kinds}
        results[group] = entry
    search_rows = []
    for label, params in SEARCHES:
        path = "/search?" + urlencode(params)
        times = [s for c, s in one.get("search", []) if c.path == path]
        search_rows.append({"label": label, "params": params, "total": totals.get(path)}
                           | summary(times))
    report["searches"] = search_rows
    for level in [int(x) for x in args.clients.split(",") if x.strip()]:
        for group in groups:
            mine = [case for case in cases if case.group == group]
            seconds, elapsed, failed = concurrent(port, mine, level, args.duration, args.timeout)
            results[group][str(level)] = summary(seconds, elapsed) | {"failed": failed}
            print(f"   {group}, {level} clients: {results[group][str(level)]}", file=sys.stderr,
                  flush=True)
    report["results"] = results
    report["targets_ms"] = TARGETS_MS
    report["targets_met"] = {
        f"{group} p50 <= {limit:g} ms, {level} client(s)": row["p50_ms"] <= limit
        for group, limit in TARGETS_MS.items() if group in results
        for level, row in results[group].items() if level != "by_label" and "p50_ms" in row
    }


def _machine() -> dict[str, Any]:
    import sqlite3

    found = machine(("pyoxigraph", "tantivy", "fastapi", "starlette", "uvicorn", "httptools",
                     "uvloop"))
    found["versions"]["sqlite"] = sqlite3.sqlite_version
    return found


def markdown(report: dict[str, Any]) -> str:
    """The figures as markdown: p50 / p95 per group and number of clients, then the searches."""
    results = report.get("results", {})
    levels = sorted({level for entry in results.values() for level in entry
                     if level != "by_label"}, key=int)
    lines = ["| request | " + " | ".join(
        f"{n} client{'s' * (n != '1')}: p50 / p95 ms (req/s)" for n in levels) + " |",
        "|---" * (1 + len(levels)) + "|"]
    for group, entry in results.items():
        for label, row in [("", None), *entry["by_label"].items()]:
            if row is None:
                cells = [_cell(entry.get(level)) for level in levels]
                lines.append(f"| **{_ROUTE.get(group, group)}** | " + " | ".join(cells) + " |")
            elif len(entry["by_label"]) > 1 and group != "search":
                lines.append(f"| &nbsp; {label} ids | {_cell(row)} |" + " |" * (len(levels) - 1))
    lines += ["", "| search | q | filters | total | p50 / p95 ms (1 client) |", "|---" * 5 + "|"]
    for row in report.get("searches", []):
        params = dict(row["params"])
        q = params.pop("q").replace("|", "\\|")
        filters = ", ".join(f"{k}={v}" for k, v in params.items()) or "-"
        lines.append(f"| {row['label']} | `{q}` | {filters} | {row['total']} | {_cell(row)} |")
    lines += ["", "| target | met |", "|---|---|"]
    lines += [f"| {name} | {'yes' if met else '**no**'} |"
              for name, met in report.get("targets_met", {}).items()]
    return "\n".join(lines)


_ROUTE = {"resolution": "GET /resolutions/{id}", "search": "GET /search",
          "cited-by": "GET /resolutions/{id}/cited-by",
          "neighbourhood": "GET /graph/neighbourhood/{id}"}


def _cell(row: dict[str, Any] | None) -> str:
    if not row or "p50_ms" not in row:
        return "-"
    text = f"{row['p50_ms']:.1f} / {row['p95_ms']:.1f}"
    if "rps" in row:
        text += f" ({row['rps']:.0f})"
    return text


if __name__ == "__main__":
    raise SystemExit(main())
