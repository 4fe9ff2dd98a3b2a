"""Ingest with worker processes, as a user runs `unkg ingest --workers N` over a corpus folder:
the store ends the same as with one worker, a re-run skips everything, a file that cannot be read
is reported by name without stopping the run, and files that are not documents are counted."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

import pytest
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris

from tests.conftest import SEED
from unkg.cli import main
from unkg.errors import StoreError
from unkg.load import ParsedFile, _Workers

# Real files of the corpus, copied into a folder of the test's own (never into the repository).
SC_TEXTS = [f"text/unsc-1946-1994/S_RES_{n:04d}_{year}_EN_GOLD.txt" for n, year in (
    (1, 1946),    # the first resolution: the Military Staff Committee
    (2, 1946),    # Iran: a short operative part
    (3, 1946),
    (4, 1946),    # Spain: a long preamble
    (5, 1946),
    (6, 1946),
    (7, 1946),
    (8, 1946),    # admission of new Members
    (9, 1946),
    (10, 1946),
)]
AKN_FILES = [
    "akn/ga/77/A_RES_77_1-2223391E.xml",   # a General Assembly resolution
    "akn/sc/2021/SC_2561_2021-E.xml",      # a Security Council resolution
    "akn/hrc/55/A_HRC_RES_55_10E.xml",     # a Human Rights Council resolution
]
NOT_DOCUMENTS = [
    ("README.md", "README.md"),                         # the corpus's own description
    ("akn/ga/metadata/77.jsonl", "akn/metadata.jsonl"),  # metadata read beside the AKN files
]
CORRUPT = "akn/broken.xml"  # an AKN file cut short: the worker's parser raises on it


def run(*argv: str) -> tuple[int, str]:
    """Exit status, and what went to stdout and stderr."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8") + err.getvalue()


def dump(store: Path) -> list[str]:
    """The store as sorted N-Quads, without the ingest time (the one triple that differs)."""
    code, out = run("export", "--format", "nquads", "--store", str(store))
    assert code == 0
    return sorted(q for q in out.splitlines() if q.strip() and "endedAtTime" not in q)


@pytest.fixture(scope="module")
def folder(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEED, root / SEED.name)
    for name in [*SC_TEXTS, *AKN_FILES]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus / name, root / name)
    for source, target in NOT_DOCUMENTS:
        shutil.copy(corpus / source, root / target)
    text = (corpus / AKN_FILES[0]).read_bytes()
    (root / CORRUPT).write_bytes(text[: len(text) // 2])
    return root


@pytest.fixture(scope="module")
def sequential(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    store = tmp_path_factory.mktemp("sequential") / "store"
    code, out = run("ingest", str(folder), "--store", str(store), "--workers", "1")
    assert code == 1  # the corrupt file
    return store, out


def test_summary_counts_documents_failures_and_not_documents(sequential: tuple[Path, str]) -> None:
    _, out = sequential
    first, timing, *rest = out.splitlines()
    # 1 seed + 10 SC texts + 3 AKN files; the cut file fails; README and JSONL are no documents.
    assert first.startswith("14 ingested, 0 skipped (unchanged), 1 failed, 2 not documents; ")
    assert "15 files in " in timing and "documents/s" in timing and "triples/s" in timing
    # The failure is named in the summary (and on stderr as it happens, without a terminal).
    failures = {line.split(": ")[0] for line in rest if line.startswith("FAILED ")}
    assert len(failures) == 1 and failures.pop().endswith(CORRUPT)


def test_two_workers_give_the_same_store_and_a_rerun_skips_everything(
    folder: Path, sequential: tuple[Path, str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    code, out = run("ingest", str(folder), "--store", str(store), "--workers", "2")
    assert code == 1
    assert out.startswith("14 ingested, 0 skipped (unchanged), 1 failed, 2 not documents; ")
    assert "with 2 workers" in out
    assert f"FAILED {folder / CORRUPT}: " in out
    expected = dump(sequential[0])
    assert len(expected) > 3000
    assert dump(store) == expected

    # Unchanged files are skipped before any worker sees them; the cut file fails again.
    code, out = run("ingest", str(folder), "--store", str(store), "--workers", "2")
    assert code == 1
    assert out.startswith("0 ingested, 14 skipped (unchanged), 1 failed, 2 not documents; ")
    assert dump(store) == expected


def test_bulk_load_gives_the_same_store_and_refuses_a_filled_one(
    folder: Path, sequential: tuple[Path, str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    code, out = run("ingest", str(folder), "--store", str(store), "--workers", "2", "--bulk")
    assert code == 1
    assert out.startswith("14 ingested, 0 skipped (unchanged), 1 failed, 2 not documents; ")
    assert dump(store) == dump(sequential[0])
    # The metadata went in with the graphs: an ordinary re-run skips every document.
    code, out = run("ingest", str(folder), "--store", str(store), "--workers", "1")
    assert out.startswith("0 ingested, 14 skipped (unchanged), 1 failed")
    # A bulk load adds and never replaces, so it is refused on a store that holds anything.
    code, out = run("ingest", str(folder), "--store", str(store), "--bulk")
    assert code == 1 and "--bulk loads into an empty store only" in out


def crash_on_poison(path: Path, iris: Iris) -> ParsedFile:
    """A stand-in for the parser, run in the workers: its process dies on one file."""
    if path.name == "poison.txt":
        os._exit(3)  # as a segfault or the out-of-memory killer would end it
    return ParsedFile(str(path))


def test_a_worker_that_dies_is_reported_by_file_and_the_run_goes_on(tmp_path: Path) -> None:
    names = ["a.txt", "b.txt", "poison.txt", "c.txt", "d.txt", "e.txt", "f.txt", "g.txt"]
    with _Workers(2, Iris(), crash_on_poison) as pool:
        results = list(pool.map(tmp_path / name for name in names))
    # Every file answered once, in order; only the one that killed its worker failed.
    assert [Path(r.path).name for r in results] == names
    failed = {Path(r.path).name: r.error for r in results if r.error}
    assert list(failed) == ["poison.txt"]
    assert "worker process died" in str(failed["poison.txt"])


# What the writer process is handed as one graph's N-Triples; each must be refused whole, since
# the text goes into the engine's update (or load) as it is.
NOT_NTRIPLES = [
    # a string closed early, then SPARQL that would drop every graph
    '<https://w3id.org/unkg/id/r> <https://w3id.org/unkg/ontology#text> "x" } ; DROP ALL ; '
    'INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> "c" .\n',
    # a raw line break inside a string (N-Triples escapes it as \n)
    '<https://w3id.org/unkg/id/r> <https://w3id.org/unkg/ontology#text> "Recalling\n" .\n',
    # a fourth term: the triple would land in another graph
    '<https://w3id.org/unkg/id/r> <https://w3id.org/unkg/ontology#text> "x" <urn:other>.\n',
    # a comment hiding a brace
    '<https://w3id.org/unkg/id/r> <https://w3id.org/unkg/ontology#text> "x" . # }\n',
]


@pytest.mark.parametrize("text", NOT_NTRIPLES)
def test_the_writer_refuses_text_that_is_not_ntriples_lines(text: str) -> None:
    graph = "https://w3id.org/unkg/graph/A_RES_65_230"
    good = '<https://w3id.org/unkg/id/r> <https://w3id.org/unkg/ontology#text> "a \\"}\\"" .\n'
    with EmbeddedStore.in_memory() as store:
        assert store.replace_graph_ntriples(graph, good, meta={"sha256": "ab"}) == 1
        with pytest.raises(StoreError, match="not N-Triples"):
            store.replace_graph_ntriples(graph, text, meta={"sha256": "cd"})
        # The store is as it was: the old graph and its metadata.
        assert len(store) == 2 and store.graph_meta(graph) == {"sha256": "ab"}
