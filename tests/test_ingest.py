"""Ingest into the embedded store through the CLI, as a user runs it: idempotence, failures that
leave the store as it was, and the commands that read the store back."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED
from unkg.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8"), err.getvalue()


def dump(store: Path) -> list[str]:
    code, out, _ = run("export", "--format", "nquads", "--store", str(store))
    assert code == 0
    return sorted(line for line in out.splitlines() if line.strip())


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


def test_ingest_twice_leaves_the_store_unchanged(store: Path) -> None:
    code, out, _ = run("ingest", str(SEED), "--store", str(store))
    assert code == 0
    assert out.startswith("1 ingested, 0 skipped")
    first = dump(store)
    assert len(first) > 200

    code, out, _ = run("ingest", str(SEED), "--store", str(store))
    assert code == 0
    assert out.startswith("0 ingested, 1 skipped")
    assert dump(store) == first

    # Forcing a re-ingest rewrites the graph; only the ingest time may differ.
    code, out, _ = run("ingest", str(SEED), "--store", str(store), "--force")
    assert code == 0 and out.startswith("1 ingested")
    second = dump(store)
    assert len(second) == len(first)
    assert [q for q in second if "endedAtTime" not in q] == [
        q for q in first if "endedAtTime" not in q
    ]


def test_a_failing_file_is_reported_by_name_and_changes_nothing(
    store: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    copy = folder / "ccpcj-22-7.txt"
    shutil.copy(SEED, copy)
    assert run("ingest", str(folder), "--store", str(store))[0] == 0
    before = dump(store)

    copy.write_bytes(b"\xff\xfe\x00garbage \x81\x8d")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "notes.txt").write_text("Shopping list: milk, bread.\n", encoding="utf-8")
    code, out, _ = run("ingest", str(folder), "--store", str(store), "--force")
    assert code == 1
    assert "0 ingested, 0 skipped (unchanged), 3 failed" in out
    for name in ("ccpcj-22-7.txt", "empty.txt", "notes.txt"):
        assert f"FAILED {folder / name}:" in out
    assert dump(store) == before


def test_missing_path_is_a_reported_failure(store: Path, tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(tmp_path / "nope.txt"), "--store", str(store))
    assert code == 1
    assert f"FAILED {tmp_path / 'nope.txt'}: no such file or folder" in out


def test_query_with_bound_parameter_and_formats(store: Path, tmp_path: Path) -> None:
    assert run("ingest", str(SEED), "--store", str(store))[0] == 0
    rq = tmp_path / "cites.rq"
    rq.write_text(
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "SELECT ?resolution ?symbol WHERE { ?resolution dcterms:identifier ?symbol }\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        "query", str(rq), "--store", str(store), "--param", "symbol=E/CN.15/RES/22/7",
        "--format", "json",
    )
    assert code == 0
    rows = json.loads(out)["rows"]
    assert rows == [
        {
            "resolution": "https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7",
            "symbol": "E/CN.15/RES/22/7",
        }
    ]

    code, out, _ = run("query", str(rq), "--store", str(store), "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "resolution,symbol"

    code, _, err = run("query", str(rq), "--store", str(store), "--param", "nosuch=1")
    assert code == 1 and "nosuch" in err


def test_bad_query_names_line_and_column(store: Path, tmp_path: Path) -> None:
    assert run("ingest", str(SEED), "--store", str(store))[0] == 0
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT ?x WHERE {\n  ?x ?y \n}", encoding="utf-8")
    code, _, err = run("query", str(rq), "--store", str(store))
    assert code == 1
    assert "error" in err and ("line" in err.lower() or "3:" in err)


def test_stats_and_export_formats(store: Path, tmp_path: Path) -> None:
    assert run("ingest", str(SEED), "--store", str(store))[0] == 0
    code, out, _ = run("stats", "--store", str(store))
    assert code == 0
    assert "named graphs" in out.splitlines()[0]
    assert "Resolution" in out and "Reference" in out

    import rdflib

    for fmt, rdflib_format in [("trig", "trig"), ("turtle", "turtle"), ("nquads", "nquads")]:
        target = tmp_path / f"out.{fmt}"
        assert run("export", "--format", fmt, "-o", str(target), "--store", str(store))[0] == 0
        graph = rdflib.Dataset() if fmt != "turtle" else rdflib.Graph()
        graph.parse(target, format=rdflib_format)
        assert len(graph) > 0 or sum(len(g) for g in graph.graphs()) > 200
