"""The ``unkg`` command line: ingest, parse, query, export, stats, reindex and serve.

Every command that touches the store takes ``--store`` (default ``data/store``, or the
``UNKG_STORE`` environment variable). Errors are printed as one line naming the file or the
problem, with exit status 1 (2 for bad usage, as argparse does).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rdflib.term import Literal, Node, URIRef

from unkg import EXTRACTOR_VERSION, __version__
from unkg.errors import StoreError, UnkgError
from unkg.graph.iris import Iris
from unkg.graph.store import ExportFormat, QueryResult, open_store

if TYPE_CHECKING:
    from fastapi import FastAPI

DEFAULT_STORE = "data/store"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.run(args)
    except UnkgError as error:
        print(f"unkg: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("unkg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (head, less) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unkg", description="A knowledge graph of United Nations resolutions."
    )
    parser.add_argument("--version", action="version", version=f"unkg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_store(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--store",
            default=os.environ.get("UNKG_STORE", DEFAULT_STORE),
            help="store folder (default: %(default)s)",
        )
        sub.add_argument(
            "--base-iri",
            default=None,
            help="base of minted IRIs (default: $UNKG_BASE_IRI or https://w3id.org/unkg/)",
        )

    ingest = commands.add_parser("ingest", help="ingest files or folders into the store")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--force", action="store_true", help="re-ingest unchanged files too")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.add_argument("--workers", type=int, default=0, metavar="N",
                        help="parsing processes (default: one a core; 1: no extra process)")
    ingest.add_argument("--bulk", action="store_true",
                        help="fill an EMPTY store through the engine's bulk loader: faster, but "
                             "NOT atomic (a crash part way leaves part of the files loaded)")
    with_store(ingest)
    ingest.set_defaults(run=_ingest)

    parse = commands.add_parser("parse", help="parse one file and print it, without the store")
    parse.add_argument("file", type=Path)
    parse.add_argument("--json", action="store_true", help="print the JSON contract (default)")
    parse.add_argument("--base-iri", default=None)
    parse.set_defaults(run=_parse)

    query = commands.add_parser(
        "query", help="run a SPARQL query from FILE.rq, - (stdin) or a named query (unkg queries)"
    )
    query.add_argument("file", metavar="FILE.rq")
    query.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind ?NAME to VALUE (<iri> for an IRI, otherwise a literal); repeatable",
    )
    query.add_argument("--format", choices=["table", "csv", "json"], default="table")
    query.add_argument("--timeout", type=float, default=30.0, help="seconds (default 30)")
    query.add_argument("--max-rows", type=int, default=10_000, help="row cap (default 10000)")
    with_store(query)
    query.set_defaults(run=_query)

    queries = commands.add_parser("queries", help="list the named queries and their parameters")
    queries.set_defaults(run=_queries)

    export = commands.add_parser("export", help="export the store as N-Quads, TriG or Turtle")
    export.add_argument(
        "--format", choices=[f.name.lower() for f in ExportFormat], default="nquads"
    )
    export.add_argument("--graph", default=None, help="one named graph only")
    export.add_argument("-o", "--output", default="-", help="file to write (default stdout)")
    with_store(export)
    export.set_defaults(run=_export)

    stats = commands.add_parser("stats", help="counts of resources by class")
    with_store(stats)
    stats.set_defaults(run=_stats)

    reindex = commands.add_parser(
        "reindex", help="rebuild the full-text index of paragraph and footnote text, and the "
                   "graph copies, from the store"
    )
    with_store(reindex)
    reindex.set_defaults(run=_reindex)

    serve = commands.add_parser("serve", help="serve the store over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-access-log", dest="access_log", action="store_false",
                       help="do not log each request (about 0.2 ms of each)")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="server processes (default 1); with more, each opens the store "
                            "read-only and writes are refused (403)")
    with_store(serve)
    serve.set_defaults(run=_serve)
    evaluate = commands.add_parser(
        "eval", help="measure the text pipeline against the UN's AKN markup (docs/quality.md)"
    )
    evaluate.add_argument("paths", nargs="*", metavar="PATH",
                          help="AKN files or folders (default: $UNKG_CORPUS/akn or %(default)s)",
                          default=[os.path.join(os.environ.get("UNKG_CORPUS", "../shared/corpus"),
                                                "akn")])
    evaluate.add_argument("--render", choices=["plain", "pdf", "both"], default="both")
    evaluate.add_argument("--worst", type=int, default=10, metavar="N", help="files to list")
    evaluate.add_argument("--sample-extras", type=int, default=0, metavar="N",
                          help="print N random unlinked extras with their paragraph")
    evaluate.add_argument("--workers", type=int, default=0, help="processes (default: one a core)")
    evaluate.add_argument("--json", action="store_true", help="print the run as JSON")
    evaluate.add_argument("--save", default="build/eval/last.json", metavar="FILE",
                          help="where to save the run (default %(default)s)")
    evaluate.add_argument("--no-save", action="store_true", help="do not save the run")
    evaluate.add_argument("--compare", default=None, metavar="FILE",
                          help="saved run to compare with (default: the --save file, if any)")
    evaluate.set_defaults(run=_eval)
    return parser


def _iris(args: argparse.Namespace) -> Iris:
    return Iris(args.base_iri) if args.base_iri else Iris.from_env()


def _ingest(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from unkg.load import FileReport, Outcome, ingest_paths, iter_source_files

    # Progress is by file: what is not a document is counted in the summary, not in the bar.
    total = sum(
        1 for item in iter_source_files(args.paths)
        if not (isinstance(item, FileReport) and item.outcome is Outcome.NOT_DOCUMENT)
    )
    quiet = args.quiet or not sys.stderr.isatty()
    counts = dict.fromkeys(Outcome, 0)
    with open_store(args.store) as store, Progress(
        TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), disable=quiet, transient=True,
    ) as progress:
        task = progress.add_task("", total=total)

        def on_file(report: FileReport) -> None:
            counts[report.outcome] += 1
            if report.outcome is Outcome.FAILED and quiet:
                print(f"FAILED {report.path}: {report.reason}", file=sys.stderr)

        def on_source(path: str, reports: list[FileReport]) -> None:
            if any(r.outcome is Outcome.NOT_DOCUMENT for r in reports):
                return
            progress.update(
                task, advance=1,
                description=f"{counts[Outcome.INGESTED]} ingested, {counts[Outcome.SKIPPED]} "
                            f"skipped, {counts[Outcome.FAILED]} failed  {Path(path).name}",
            )

        report = ingest_paths(
            store,
            args.paths,
            _iris(args),
            force=args.force,
            workers=args.workers if args.workers > 0 else os.cpu_count() or 1,
            bulk=args.bulk,
            on_file=on_file,
            on_source=on_source,
        )
    print(report.summary())
    return 1 if report.failures else 0


def _parse(args: argparse.Namespace) -> int:
    from unkg.ingest.pipeline import parse_documents
    from unkg.ingest.serialize import resolution_to_json

    iris = _iris(args)
    found = [resolution_to_json(r, iris) for r in parse_documents(args.file)]
    # One resolution prints as one object; a file holding several prints a list of them.
    json.dump(found[0] if len(found) == 1 else found, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


def _query(args: argparse.Namespace) -> int:
    if args.file != "-" and not Path(args.file).is_file():
        # Not a file: a named query, its parameters typed by its header.
        from unkg.errors import QueryError
        from unkg.graph.named_queries import named_query

        try:
            named = named_query(args.file)
        except QueryError as error:
            raise QueryError(f"{args.file}: no such file, and {error}") from None
        text = named.sparql
        raw = dict(_binding_text(p) for p in args.param)
        bindings = named.bind(raw, _iris(args))
    else:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        bindings = dict(_binding(p) for p in args.param)
    with open_store(args.store, read_only=True) as store:
        result = store.query(text, bindings=bindings, timeout=args.timeout, max_rows=args.max_rows)
    _print_result(result, args.format, sys.stdout)
    if result.truncated:
        print(f"unkg: result truncated at {args.max_rows} rows", file=sys.stderr)
    return 0


def _binding(param: str) -> tuple[str, Node]:
    name, value = _binding_text(param)
    if value.startswith("<") and value.endswith(">"):
        return name, URIRef(value[1:-1])
    return name, Literal(value)


def _binding_text(param: str) -> tuple[str, str]:
    name, sep, value = param.partition("=")
    if not sep or not name.strip():
        raise SystemExit(f"unkg: error: --param wants NAME=VALUE, got {param!r}")
    return name.strip().lstrip("?$"), value


def _queries(args: argparse.Namespace) -> int:
    from unkg.graph.named_queries import load_named_queries

    for query in load_named_queries().values():
        print(f"{query.name}  {query.title}")
        for param in query.params:
            default = "required" if param.required else f"default {param.default}"
            print(f"    --param {param.name}=<{param.type.value}>  {param.description} ({default})")
    return 0


def _cell(term: Node | None) -> str:
    return "" if term is None else str(term)


def _print_result(result: QueryResult, fmt: str, out: TextIO) -> None:
    if result.boolean is not None:
        answer = json.dumps({"boolean": result.boolean}) if fmt == "json" else str(result.boolean)
        out.write(answer + "\n")
        return
    if result.triples:
        for s, p, o in result.triples:
            out.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
        return
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(result.variables)
        writer.writerows([_cell(c) for c in row] for row in result.rows)
    elif fmt == "json":
        rows = [dict(zip(result.variables, map(_cell, row), strict=True)) for row in result.rows]
        json.dump({"variables": result.variables, "rows": rows, "truncated": result.truncated},
                  out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*result.variables, show_lines=False)
        for row in result.rows:
            table.add_row(*(_cell(c) for c in row))
        Console(file=out, width=200).print(table)
        out.write(f"{len(result.rows)} rows\n")


def _export(args: argparse.Namespace) -> int:
    fmt = ExportFormat[args.format.upper()]
    with open_store(args.store, read_only=True) as store:
        if args.output == "-":
            store.export(sys.stdout.buffer, fmt, graph=args.graph)
        else:
            with open(args.output, "wb") as out:
                store.export(out, fmt, graph=args.graph)
    return 0


def _reindex(args: argparse.Namespace) -> int:
    from unkg.graph.embedded import EmbeddedStore

    with open_store(args.store) as store:
        if not isinstance(store, EmbeddedStore):
            raise StoreError(f"{args.store}: this store keeps no text index")
        count = store.rebuild_text_index()
        where = store.text_index.path or "memory"
    print(f"{count} paragraphs and footnotes indexed in {where}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    with open_store(args.store, read_only=True) as store:
        counts = store.stats()
        total = len(store)
        graphs = len(store.graphs())
    from unkg.ontology import PREFIXES

    def compact(iri: str) -> str:
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    print(f"{total} quads in {graphs} named graphs (extractor {EXTRACTOR_VERSION})")
    names = {compact(cls): n for cls, n in counts.items()}
    width = max((len(k) for k in names), default=0)
    for cls, n in sorted(names.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{cls:<{width}}  {n:>8}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    import random

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from unkg import eval_report as report
    from unkg.evaluate import FileResult, Rendering, evaluate_paths, iter_akn_files

    renderings = tuple(Rendering) if args.render == "both" else (Rendering(args.render),)
    total = sum(1 for _ in iter_akn_files(args.paths))
    quiet = args.json or not sys.stderr.isatty()
    results: list[FileResult] = []
    pools: dict[str, list[dict[str, str]]] = {}  # a reservoir of extras per class
    seen: dict[str, int] = {}
    rng = random.Random(0)
    with Progress(TextColumn("eval"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), disable=quiet, transient=True) as progress:
        task = progress.add_task("", total=total)
        for result in evaluate_paths(
            args.paths, renderings, workers=args.workers, samples=args.sample_extras > 0,
            on_file=lambda path: progress.update(task, advance=1, description=path.name),
        ):
            for sample in result.samples:  # N drawn evenly from the extras of each class
                pool = pools.setdefault(sample["class"], [])
                seen[sample["class"]] = n = seen.get(sample["class"], 0) + 1
                if len(pool) < args.sample_extras:
                    pool.append(sample)
                elif (k := rng.randrange(n)) < args.sample_extras:
                    pool[k] = sample
            result.samples = []
            results.append(result)
    # Take the classes in turn, so that the rare ones show beside the named instruments.
    rounds = zip(*(p + [{}] * (args.sample_extras - len(p)) for p in pools.values()), strict=True)
    samples = [s for group in rounds for s in group if s][: args.sample_extras]
    command = f"unkg eval {' '.join(args.paths)} --render {args.render}"
    run = report.build_run(results, command)
    previous = args.compare or (args.save if Path(args.save).is_file() else None)
    diff = report.compare_runs(report.load_run(previous), run) if previous else None
    if not args.no_save:
        report.save_run(run, args.save)
    if args.json:
        json.dump({**run, "comparison": diff, "extras_sample": samples}, sys.stdout,
                  ensure_ascii=False)
        print()
        return 0
    print(report.format_report(run, worst=args.worst))
    for sample in samples:
        print(f"\n[{sample['class']}] {sample['what']} in {report.short_unit(sample['unit'])} "
              f"{sample['where']} ({sample['rendering']}): \"{sample['reference']}\"\n"
              f"    {sample['paragraph']}")
    if diff:
        print()
        print(report.format_comparison(diff, limit=args.worst))
    if not args.no_save:
        print(f"\nsaved {args.save}")
    return 0

def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from unkg.api.app import create_app

    if args.workers > 1:
        # Each worker process builds its own application (read_only_app), so the store it
        # opens is named by the environment, which the workers inherit.
        os.environ["UNKG_STORE"] = args.store
        uvicorn.run("unkg.cli:read_only_app", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level="info", access_log=args.access_log)
        return 0
    uvicorn.run(create_app(args.store), host=args.host, port=args.port, log_level="info",
                access_log=args.access_log)
    return 0


def read_only_app() -> FastAPI:
    """The application each process of ``unkg serve --workers N`` runs: the store named by
    ``UNKG_STORE``, opened read-only (one process only may open it for writing)."""
    from unkg.api.app import create_app

    return create_app(os.environ.get("UNKG_STORE", DEFAULT_STORE), read_only=True)


if __name__ == "__main__":
    raise SystemExit(main())
