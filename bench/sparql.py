"""SPARQL endpoint benchmark: the same queries over the same data in three servers, in one run.

The servers, each started here on 127.0.0.1 and always stopped here:

* ``unkg``: our ``/sparql`` (``unkg serve``) over an embedded store bulk-loaded from the data;
* ``oxigraph``: the Oxigraph server from PyPI (``oxigraph serve-read-only --union-default-graph``)
  over the same file (``oxigraph load``, ``oxigraph optimize``): the raw engine, and the limit;
* ``rdflib-endpoint``: rdflib-endpoint's ``SparqlEndpoint`` over an rdflib ``Dataset`` of the same
  file, as ``rdflib-endpoint serve FILE.nq`` builds it (:mod:`bench.rdflib_server`), the peer a
  Python user would otherwise pick.

The data is :mod:`bench.generate`'s, the queries :mod:`bench.sparql_mix`'s, each sent as an
``application/sparql-query`` POST asking for SPARQL JSON. Before anything is timed the answers of
oxigraph are compared with ours, case by case (rdflib-endpoint's as it answers, below). Then:

* micro: ``ASK {}`` (the fixed cost of a request), one lookup and one named query
  (``references-by-relation``), ``--micro`` times each, unkg and oxigraph alternating request by
  request; then the same named query with a comment that makes each text new, so that our server
  sends every one to a worker process (what a query costs the first time it is asked);
* latency: each case ``--rounds`` times, unkg and oxigraph alternating request by request so that
  background load hits both alike, the order of the cases shuffled each round. Every case was
  asked once before (to compare the answers), so these are queries asked again, as clients do:
  our server runs them in process (:mod:`unkg.graph.cheap`);
* rdflib-endpoint, alone and last (it parses the file while the other two load, then waits
  idle): each case once, then again (up to ``--rdflib-rounds`` times in all) within
  ``--rdflib-budget`` seconds. It evaluates queries one at a time on its event loop, and some take
  minutes, so a request that passes ``--rdflib-timeout`` counts as "more than the timeout" and
  the server is restarted (see :mod:`bench.rdflib_server`); the later rounds skip the queries
  that timed out;
* throughput: the whole mix with 1, 4 and 8 concurrent clients (threads, one keep-alive connection
  each) for ``--duration`` seconds per server.

Latency is summed up three ways: the median over all samples of unkg and oxigraph (``overall``:
the mix as a client sends it), the median over the cases (each case once, by its own median: the
one figure the three servers share, since rdflib-endpoint cannot be asked as often), and the
geometric mean of the per-query ratios.

The generated file is kept in ``build/bench/`` (named after the options and the generator's
source) and reused by the next run. Figures are printed as markdown and written to
``build/bench/sparql.json``::

    python bench/sparql.py --resolutions 2500 --seed 1
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from unkg.graph.embedded import EmbeddedStore  # noqa: E402
from unkg.graph.store import ExportFormat  # noqa: E402

from bench.common import (  # noqa: E402
    BenchError,
    Connection,
    free_port,
    machine,
    percentile,
    round_the_mix,
)
from bench.generate import generate, write_nquads  # noqa: E402
from bench.sparql_mix import Answer, Case, answer, build_cases  # noqa: E402

UNKG, OXIGRAPH, RDFLIB = "unkg", "oxigraph", "rdflib-endpoint"
CONCURRENCY = (1, 4, 8)
_HEADERS = {"Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json"}


# -- servers and clients -----------------------------------------------------------------------


@dataclass
class Server:
    """A SPARQL server this run started: its name, port, query path and process."""

    name: str
    port: int
    path: str
    process: subprocess.Popen[bytes]
    log: Path
    started: float = field(default_factory=time.perf_counter)


class Client:
    """One keep-alive connection to a server; :meth:`ask` returns (seconds, response body)."""

    def __init__(self, server: Server, timeout: float) -> None:
        self.server = server
        self.connection = Connection(server.port, timeout, name=server.name)

    def ask(self, sparql: str) -> tuple[float, bytes]:
        return self.connection.send("POST", self.server.path, sparql.encode("utf-8"), _HEADERS)

    def close(self) -> None:
        self.connection.close()


def launch(name: str, command: list[str], path: str, port: int, log: Path, *,
           restartable: bool = False) -> Server:
    """Start a server, its output to ``log``; :func:`wait_ready` waits until it answers."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.PIPE if restartable else subprocess.DEVNULL)
    return Server(name, port, path, process, log)


def wait_ready(server: Server, within: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < within:
        if server.process.poll() is not None:
            raise BenchError(f"{server.name} exited with {server.process.returncode}; "
                             f"see {server.log}")
        client = Client(server, timeout=5)
        try:
            client.ask("ASK {}")
            return time.perf_counter() - started
        except (OSError, http.client.HTTPException, BenchError):
            time.sleep(0.2)
        finally:
            client.close()
    raise BenchError(f"{server.name} did not answer within {within:.0f} s; see {server.log}")


def restart(server: Server) -> float:
    """Have :mod:`bench.rdflib_server` fork a fresh server; seconds until it answers."""
    stdin: IO[bytes] | None = server.process.stdin
    if stdin is None:
        raise BenchError(f"{server.name} cannot be restarted")
    stdin.write(b"restart\n")
    stdin.flush()
    time.sleep(0.5)  # let the old child go before polling the port
    return wait_ready(server, 60)


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=15)


def executable(name: str) -> str:
    """A console script of this environment (beside the interpreter), else from ``PATH``."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise BenchError(f"no `{name}` command: pip install -e '.[bench]'")
    return found


# -- measuring -----------------------------------------------------------------------------------


def latency(clients: dict[str, Client], cases: list[Case], rounds: int, seed: int
            ) -> dict[str, dict[str, list[float]]]:
    """Seconds per case (:attr:`Case.key`) per server; the servers alternate request by request
    (who goes first rotates), the order of the cases is shuffled each round."""
    rng = random.Random(seed)
    samples: dict[str, dict[str, list[float]]] = {name: {} for name in clients}
    names = list(clients)
    for _ in range(rounds):
        order = list(cases)
        rng.shuffle(order)
        for n, case in enumerate(order):
            for name in names[n % len(names):] + names[:n % len(names)]:
                seconds, _ = clients[name].ask(case.sparql)
                samples[name].setdefault(case.key, []).append(seconds)
    return samples


def by_query(samples: dict[str, list[float]], cases: list[Case]) -> dict[str, list[float]]:
    """Per-case samples pooled per query (the rows of the latency table)."""
    pooled: dict[str, list[float]] = {}
    for case in cases:
        if case.key in samples:
            pooled.setdefault(case.query, []).extend(samples[case.key])
    return pooled


def case_medians(samples: dict[str, list[float]], cases: list[Case], floor_ms: float | None = None
                 ) -> dict[str, Any]:
    """The median over the cases, each case counted once by its own median: the same 28
    questions for every server, however many times each could be asked. A case that timed out
    counts as more than ``floor_ms``; a median that lands on one is a lower bound."""
    medians = [statistics.median(samples[case.key]) for case in cases if case.key in samples]
    median = statistics.median(medians)
    bound = math.isinf(median)
    value = floor_ms if bound else round(median * 1000, 3)
    return {"cases": len(medians), "timed_out": sum(math.isinf(m) for m in medians),
            "median_ms": value, "at_least": bound}


def micro(clients: dict[str, Client], queries: dict[str, str | Callable[[int], str]],
          repeat: int) -> dict[str, dict[str, float]]:
    """Median ms of each query sent ``repeat`` times to each server, alternating request by
    request, after 50 unmeasured rounds: the fixed cost of a request (``ASK {}``) and of a
    lookup, over keep-alive connections. A query given as a function gets the turn's number and
    makes the text of that turn (each one new to the server)."""
    out: dict[str, dict[str, float]] = {}
    names = list(clients)
    for label, query in queries.items():
        times: dict[str, list[float]] = {name: [] for name in names}
        for turn in range(50 + repeat):
            sparql = query if isinstance(query, str) else query(turn)
            for name in names[turn % 2:] + names[:turn % 2]:
                seconds, _ = clients[name].ask(sparql)
                if turn >= 50:
                    times[name].append(seconds)
        out[label] = {name: round(statistics.median(xs) * 1000, 3) for name, xs in times.items()}
    return out


def latency_capped(server: Server, cases: list[Case], reference: dict[str, Answer],
                   args: argparse.Namespace
                   ) -> tuple[dict[str, list[float]], list[str], list[str]]:
    """rdflib-endpoint's latency per case, capped: a timed-out request counts as ``inf`` (more
    than the timeout) and restarts the server. The first round asks every case once; the later
    rounds stop when the budget is spent and skip the queries that timed out. The first answer to
    each case is compared with ours. Returns the samples, the cases whose answers differ from
    ours, and the cases not answered in time."""
    samples: dict[str, list[float]] = {}
    problems: list[str] = []
    unanswered: list[str] = []
    given_up: set[str] = set()
    started = time.perf_counter()
    client = Client(server, args.rdflib_timeout)
    try:
        for turn in range(args.rdflib_rounds):
            for case in cases:
                if turn > 0 and (case.query in given_up
                                 or time.perf_counter() - started > args.rdflib_budget):
                    continue
                try:
                    seconds, body = client.ask(case.sparql)
                except TimeoutError:
                    samples.setdefault(case.key, []).append(math.inf)
                    unanswered.append(f"{server.name}: {case.key}: no answer within "
                                      f"{args.rdflib_timeout:g} s")
                    given_up.add(case.query)
                    restart(server)
                    continue
                samples.setdefault(case.key, []).append(seconds)
                if turn == 0 and answer(body) != reference[case.key]:
                    problems.append(f"{server.name}: {case.key}: answers differ from unkg's")
    finally:
        client.close()
    return samples, problems, unanswered


def throughput(server: Server, cases: list[Case], clients: int, duration: float,
               timeout: float) -> dict[str, float]:
    """Queries per second of the mix with ``clients`` threads for ``duration`` seconds; requests
    in flight at the end finish (or time out) and count as done (or failed)."""
    def ask(client: Client, turn: int) -> float:
        started = time.perf_counter()
        client.ask(cases[turn % len(cases)].sparql)
        return time.perf_counter() - started

    seconds, elapsed, failed = round_the_mix(clients, duration, 2 * timeout + 10,
                                             lambda: Client(server, timeout), ask)
    return {"queries": len(seconds), "failed": failed, "seconds": round(elapsed, 2),
            "qps": round(len(seconds) / elapsed, 2)}


def summarize(samples: dict[str, list[float]]) -> dict[str, dict[str, Any]]:
    """Median and p95 in ms per query and over all samples (``overall``); a sample of ``inf`` (a
    timeout) is counted in ``timed_out`` and makes a statistic it reaches ``None``."""
    def row(xs: list[float]) -> dict[str, Any]:
        median, p95 = statistics.median(xs), percentile(xs, 95)
        return {"n": len(xs), "timed_out": sum(math.isinf(x) for x in xs),
                "median_ms": None if math.isinf(median) else round(median * 1000, 3),
                "p95_ms": None if math.isinf(p95) else round(p95 * 1000, 3)}

    table = {query: row(xs) for query, xs in samples.items()}
    table["overall"] = row([x for xs in samples.values() for x in xs])
    return table


def ratios(top: dict[str, dict[str, Any]], bottom: dict[str, dict[str, Any]],
           floor_ms: float | None = None) -> dict[str, dict[str, Any]]:
    """``top`` median over ``bottom`` median per query, ``overall`` (pooled medians) and the
    geometric mean of the per-query ratios. A median past a timeout counts as ``floor_ms`` and
    makes the ratio a lower bound (``at_least``). With ``floor_ms`` (a capped run, whose samples
    are not the mix's) there is no ``overall``."""
    out: dict[str, dict[str, Any]] = {}
    for query in bottom:
        if query not in top or (query == "overall" and floor_ms is not None):
            continue
        value, bound = top[query]["median_ms"], False
        if value is None:
            value, bound = floor_ms, True
        if value is not None and bottom[query]["median_ms"]:
            out[query] = {"ratio": round(value / bottom[query]["median_ms"], 3), "at_least": bound}
    per_query = [v for q, v in out.items() if q != "overall"]
    if per_query:
        mean = math.exp(statistics.mean(math.log(v["ratio"]) for v in per_query))
        out["geometric mean"] = {"ratio": round(mean, 3),
                                 "at_least": any(v["at_least"] for v in per_query)}
    return out


# -- the run ---------------------------------------------------------------------------------


@dataclass
class Run:
    """One benchmark run: its options, its folder, what it found and the servers it keeps."""

    args: argparse.Namespace
    report: dict[str, Any] = field(default_factory=dict)
    servers: list[Server] = field(default_factory=list)

    @property
    def work(self) -> Path:
        folder: Path = self.args.work
        return folder

    def phase(self, label: str, action: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        print(f"-- {label} ...", file=sys.stderr, flush=True)
        result = action()
        seconds = round(time.perf_counter() - started, 2)
        self.report.setdefault("phases_s", {})[label] = seconds
        print(f"   {label}: {seconds} s", file=sys.stderr, flush=True)
        return result

    def launch(self, name: str, command: list[str], path: str, *,
               restartable: bool = False) -> Server:
        """Start a server on a free port (see :func:`launch`); it is stopped with the run."""
        port = free_port()
        command = [part.replace("{port}", str(port)) for part in command]
        server = launch(name, command, path, port, self.work / f"{name}.log",
                        restartable=restartable)
        self.servers.append(server)
        return server

    def stop(self, server: Server) -> None:
        stop(server)
        self.servers.remove(server)

    def stop_all(self) -> None:
        while self.servers:
            stop(self.servers.pop())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--resolutions", type=int, default=2500, help="(default 2500: 1.08M "
                        "triples)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=10, help="latency rounds, unkg and oxigraph")
    parser.add_argument("--micro", type=int, default=400,
                        help="requests of each query of the micro phase per server")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per throughput run")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument("--rdflib-rounds", type=int, default=2)
    parser.add_argument("--rdflib-timeout", type=float, default=10.0)
    parser.add_argument("--rdflib-budget", type=float, default=90.0,
                        help="seconds of rdflib-endpoint latency rounds after the first at most")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench" / "sparql")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "sparql.json")
    args = parser.parse_args(argv)
    run = Run(args)
    shutil.rmtree(run.work, ignore_errors=True)
    run.work.mkdir(parents=True)
    run.report.update(command=" ".join(["python bench/sparql.py", *(argv or sys.argv[1:])]),
                      date=datetime.now(UTC).isoformat(timespec="seconds"), machine=machine(
                          ("pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "fastapi",
                           "starlette", "uvicorn", "httptools", "uvloop")))
    started = time.perf_counter()
    try:
        _run(run)
    finally:
        run.stop_all()
        run.report["total_s"] = round(time.perf_counter() - started, 1)
        run.report["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(run.report, indent=2) + "\n", encoding="utf-8")
    print(markdown(run.report))
    print(f"\nwritten: {args.out}", file=sys.stderr)
    return 1 if run.report.get("answer_problems") else 0


def _run(run: Run) -> None:
    args, report = run.args, run.report
    # The data file is kept between runs, named after the generator's source and the options.
    digest = hashlib.sha256((ROOT / "bench" / "generate.py").read_bytes()).hexdigest()[:8]
    data = run.work.parent / f"un-{args.resolutions}-seed{args.seed}-{digest}.nq"

    def make_data() -> None:
        if data.exists():
            print(f"   reusing {data}", file=sys.stderr)
            return
        partial = data.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            write_nquads(generate(args.resolutions, args.seed), out)
        partial.replace(data)

    run.phase("generate", make_data)
    report["data"] = {"file": data.name, "resolutions": args.resolutions,
                      "seed": args.seed, "megabytes": round(data.stat().st_size / 1e6, 1)}
    rdflib = None
    if not args.skip_rdflib:
        # rdflib-endpoint takes minutes to parse the file: it starts now, loads while the other
        # two load, and waits, idle, while they are measured.
        rdflib = run.launch(RDFLIB, [sys.executable, str(ROOT / "bench" / "rdflib_server.py"),
                                     str(data), "{port}"], "/", restartable=True)
    ours, theirs = run.work / "unkg-store", run.work / "oxigraph-store"

    def load_ours() -> list[Case]:
        store = EmbeddedStore(ours, timeout=None, max_rows=None)
        try:
            quads = store.bulk_load(data, ExportFormat.NQUADS)
            report["data"]["quads"] = quads
            report["data"]["triples"] = quads - 2 * args.resolutions  # less the graph metadata
            return build_cases(store, args.seed)
        finally:
            store.close()

    cases: list[Case] = run.phase("load unkg (bulk_load, optimize)", load_ours)
    oxigraph = executable("oxigraph")
    run.phase("load oxigraph (load, optimize)", lambda: [
        subprocess.run(command, check=True, capture_output=True) for command in (
            [oxigraph, "load", "--location", str(theirs), "--file", str(data)],
            [oxigraph, "optimize", "--location", str(theirs)])])
    report["cases"] = [{"query": c.query, "about": c.about} for c in cases]
    if rdflib is not None:
        run.phase("load rdflib-endpoint (Dataset.parse), the rest of it",
                  lambda: wait_ready(rdflib, 1200))
        report["rdflib_ready_s"] = round(time.perf_counter() - rdflib.started, 1)

    servers = {
        # No access log: the other two write none either (it costs ours about 0.2 ms a request).
        UNKG: run.launch(UNKG, [executable("unkg"), "serve", "--store", str(ours), "--host",
                                "127.0.0.1", "--port", "{port}", "--no-access-log"], "/sparql"),
        OXIGRAPH: run.launch(OXIGRAPH, [oxigraph, "serve-read-only", "--location", str(theirs),
                                        "--bind", "127.0.0.1:{port}", "--union-default-graph"],
                             "/query"),
    }
    for server in servers.values():
        wait_ready(server, 60)
    clients = {name: Client(server, args.timeout) for name, server in servers.items()}
    reference = {case.key: answer(clients[UNKG].ask(case.sparql)[1]) for case in cases}
    report["rows"] = {key: len(value) if isinstance(value, list) else 1
                      for key, value in reference.items()}
    problems = [f"oxigraph: {case.key}: answers differ from unkg's" for case in cases
                if answer(clients[OXIGRAPH].ask(case.sparql)[1]) != reference[case.key]]
    lookup = next(case for case in cases if case.query == "outgoing references")
    named = next(case for case in cases if case.query == "references-by-relation")

    def first_sighting(turn: int) -> str:
        # A comment makes each text new to our server: it goes to a worker process every time.
        return f"{named.sparql}\n# first sighting {turn}"

    report["micro"] = run.phase("micro: ASK {}, one lookup, a named query", lambda: micro(
        clients, {"ASK {}": "ASK {}", "one-pattern lookup": lookup.sparql,
                  "named query, asked before": named.sparql,
                  "named query, each text new": first_sighting}, args.micro))
    samples = run.phase("latency: unkg and oxigraph", lambda: latency(
        clients, cases, args.rounds, args.seed))
    table = {name: summarize(by_query(by_case, cases)) for name, by_case in samples.items()}
    over_cases = {name: case_medians(by_case, cases) for name, by_case in samples.items()}
    tput: dict[str, dict[str, Any]] = {}
    for name, server in servers.items():

        def levels(server: Server = server) -> dict[str, dict[str, float]]:
            return {str(n): throughput(server, cases, n, args.duration, args.timeout)
                    for n in CONCURRENCY}

        tput[name] = run.phase(f"throughput: {name}", levels)
    for name, server in servers.items():
        clients[name].close()
        run.stop(server)
    report["answer_problems"] = problems
    report["latency"], report["throughput"] = table, tput
    report["ratios"] = {"unkg/oxigraph": ratios(table[UNKG], table[OXIGRAPH])}
    report["case_medians"] = over_cases
    report["ratios"]["unkg/oxigraph"]["median over the cases"] = _ratio(
        over_cases[UNKG], over_cases[OXIGRAPH])
    if rdflib is None:
        return

    rdflib_samples, rdflib_problems, unanswered = run.phase(
        "latency: rdflib-endpoint", lambda: latency_capped(rdflib, cases, reference, args))
    problems += rdflib_problems
    report["not_compared"] = unanswered
    table[RDFLIB] = summarize(by_query(rdflib_samples, cases))
    over_cases[RDFLIB] = case_medians(rdflib_samples, cases, floor_ms=args.rdflib_timeout * 1000)
    tput[RDFLIB] = {}
    for n in CONCURRENCY:

        def level(n: int = n) -> dict[str, float]:
            return throughput(rdflib, cases, n, args.duration, args.rdflib_timeout)

        tput[RDFLIB][str(n)] = run.phase(f"throughput: rdflib-endpoint, {n} clients", level)
        restart(rdflib)  # a request given up on would hold the next run
    report["ratios"]["rdflib-endpoint/unkg"] = ratios(
        table[RDFLIB], table[UNKG], floor_ms=args.rdflib_timeout * 1000)
    report["ratios"]["rdflib-endpoint/unkg"]["median over the cases"] = _ratio(
        over_cases[RDFLIB], over_cases[UNKG])


def _ratio(top: dict[str, Any], bottom: dict[str, Any]) -> dict[str, Any]:
    return {"ratio": round(top["median_ms"] / bottom["median_ms"], 3),
            "at_least": top["at_least"]}


def markdown(report: dict[str, Any]) -> str:
    """The figures as markdown: latency per query with the ratios, throughput, phase times."""
    table = report.get("latency", {})
    names = [n for n in (UNKG, OXIGRAPH, RDFLIB) if n in table]
    found = report.get("ratios", {})
    pairs = [(k, found[k]) for k in ("unkg/oxigraph", "rdflib-endpoint/unkg") if k in found]
    lines = ["| query | " + " | ".join(f"{n} median / p95 ms" for n in names) + " | "
             + " | ".join(k.replace("/", " / ") for k, _ in pairs) + " |",
             "|---" * (1 + len(names) + len(pairs)) + "|"]
    order = dict.fromkeys(case["query"] for case in report.get("cases", []))
    over_cases = report.get("case_medians", {})
    for query in [*order, "overall", "median over the cases", "geometric mean"]:
        cells = [_latency_cell(table[n].get(query)) for n in names]
        if query == "median over the cases":
            cells = [_case_cell(over_cases.get(n)) for n in names]
        elif query == "geometric mean":
            cells = ["" for _ in names]
        ratio_cells = []
        for _, values in pairs:
            value = values.get(query)
            ratio_cells.append("-" if value is None else
                               ("> " if value["at_least"] else "") + f"{value['ratio']:.2f}x")
        label = f"**{query}**" if query in ("overall", "median over the cases",
                                             "geometric mean") else query
        lines.append(f"| {label} | " + " | ".join(cells + ratio_cells) + " |")
    small = report.get("micro", {})
    if small:
        servers = list(next(iter(small.values())))
        lines += ["", "| median of repeated requests | " + " | ".join(
            f"{n} ms" for n in servers) + " | ratio |", "|---" * (len(servers) + 2) + "|"]
        for label, values in small.items():
            ratio = values[servers[0]] / values[servers[1]] if len(servers) > 1 else 1.0
            lines.append(f"| {label} | " + " | ".join(f"{values[n]:.3f}" for n in servers)
                         + f" | {ratio:.2f}x |")
    tput = report.get("throughput", {})
    lines += ["", "| concurrent clients | " + " | ".join(f"{n} queries/s" for n in tput) + " |",
              "|---" * (len(tput) + 1) + "|"]
    for n in CONCURRENCY:
        lines.append(f"| {n} | " + " | ".join(
            f"{tput[name][str(n)]['qps']:.1f}" if str(n) in tput[name] else "-" for name in tput)
            + " |")
    lines += ["", "| phase | seconds |", "|---|---|"]
    lines += [f"| {label} | {s} |" for label, s in report.get("phases_s", {}).items()]
    return "\n".join(lines)


def _case_cell(row: dict[str, Any] | None) -> str:
    if row is None:
        return "-"
    bound = "> " if row["at_least"] else ""
    timed_out = f", {row['timed_out']} timed out" if row["timed_out"] else ""
    return f"{bound}{row['median_ms']:.1f} ({row['cases']} cases{timed_out})"


def _latency_cell(row: dict[str, Any] | None) -> str:
    if row is None:
        return "-"

    def ms(value: float | None) -> str:
        return "timeout" if value is None else f"{value:.1f}" if value < 100 else f"{value:.0f}"

    timed_out = f", {row['timed_out']} timed out" if row["timed_out"] else ""
    return f"{ms(row['median_ms'])} / {ms(row['p95_ms'])} (n={row['n']}{timed_out})"


if __name__ == "__main__":
    raise SystemExit(main())
