"""The researcher notebooks (notebooks/*.ipynb) run top to bottom, as a user would run them.

The store holds the seed (CCPCJ resolution 22/7) and the whole corpus at ../shared/corpus (AKN,
the Security Council OCR texts, the GA PDFs), ingested once per session with
``unkg.load.ingest_paths``. Each notebook runs in a fresh kernel of the interpreter running the
tests (a kernelspec written to a temporary ``JUPYTER_PATH`` names ``sys.executable``, so an
installed ``python3`` kernel of another Python cannot be picked up), with ``UNKG_STORE``,
``UNKG_FIGURES`` and, for the fourth, ``UNKG_ENDPOINT`` pointing at ``unkg serve`` (the real
application under uvicorn on 127.0.0.1). A failing cell fails the test with the cell and its
error. Then each figure the notebook writes must be a real PNG or SVG file, and the numbers it
shows must be those that direct SPARQL on the same store gives: a cell appended to the run prints
the notebook's own tables as JSON.

The check that the notebooks are committed without outputs needs no corpus.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from rdflib import URIRef
from unkg.api.app import create_app
from unkg.api.settings import Settings
from unkg.graph.iris import Iris
from unkg.graph.store import open_store

import unkg
from tests.conftest import ROOT, SEED
from tests.servers import serve
from unkg.client import KnowledgeGraph
from unkg.load import Outcome, ingest_paths

NOTEBOOKS = ROOT / "notebooks"
#: A notebook cell may take this long (a whole-corpus analysis on a loaded 2-core machine).
CELL_TIMEOUT = 1200
#: The figures each notebook writes into ``$UNKG_FIGURES``.
FIGURES = {
    "01-seed-tour.ipynb": ["01-seed-references-by-relation.png", "01-seed-mandates.png",
                           "01-seed-cited-works.png", "01-seed-neighbourhood.png"],
    "02-cybercrime-lineage.ipynb": ["02-topic-timeline.png", "02-citation-gaps.png",
                                    "02-series-changes.png", "02-unodc-mandates.png"],
    "03-citation-network.ipynb": ["03-most-cited-instruments.png", "03-most-cited-by-period.png",
                                  "03-co-citation-network.svg", "03-co-citation-network.png"],
    "04-remote-endpoint.ipynb": ["04-resolutions-per-body.png", "04-unodc-mandates.png",
                                 "04-bodies-paragraphs.png"],
}
#: What each notebook showed, as the expression a cell appended to its run prints as JSON.
SHOWN = {
    "01-seed-tour.ipynb": """{
        "references": len(seed.references), "mandates": len(seed_mandates),
        "relations": relation_counts.to_dict(), "cited_works": cited_works,
        "around": around.to_dict("records")}""",
    "02-cybercrime-lineage.ipynb": """{
        "lineage": lineage["symbol"].tolist(), "changes": changes.to_dict("records"),
        "timeline": timeline.to_dict("records"), "within": len(within),
        "unodc": unodc.to_dict("records")}""",
    "03-citation-network.ipynb": """{
        "top": top[["work", "in_degree"]].to_dict("records"),
        "edges": sorted(([a, b, w] for a, b, w in network.edges(data="weight")),
                        key=lambda e: -e[2])[:5],
        "clusters": int(clusters["cluster"].nunique())}""",
    "04-remote-endpoint.ipynb": """{
        "per_body": per_body.to_dict("records"), "bodies": bodies.to_dict("records"),
        "agree": bool(same.equals(ours)), "unodc": unodc.to_dict("records"),
        "references": len(seed.references)}""",
}
HEAD = """PREFIX unkg:    <https://w3id.org/unkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov:    <http://www.w3.org/ns/prov#>
"""
IRIS = Iris()
SEED_IRI = IRIS.base + "id/resolution/E_CN.15_RES_22_7"


# -- stored without outputs ----------------------------------------------------------------------


def test_notebooks_are_stored_without_outputs() -> None:
    found = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))
    assert found == sorted(FIGURES), "every notebook is run and checked below"
    for name in found:
        notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
        nbformat.validate(notebook)
        assert notebook.metadata["kernelspec"]["name"] == "python3", name
        for number, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                assert cell.execution_count is None, f"{name} cell {number} has a run count"
                assert cell.outputs == [], f"{name} cell {number} has outputs: clear them"


# -- the store, the kernel and the server --------------------------------------------------------


@pytest.fixture(scope="session")
def notebook_store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and every folder of the corpus but its own copy of the seed, ingested once
    (a few minutes); ``UNKG_NOTEBOOK_STORE`` names a store already built so, to reuse it."""
    if os.environ.get("UNKG_NOTEBOOK_STORE"):
        return Path(os.environ["UNKG_NOTEBOOK_STORE"])
    folder = tmp_path_factory.mktemp("notebook-store") / "store"
    sources = [SEED, *(path for path in sorted(corpus.iterdir())
                       if path.is_dir() and path.name != "seed")]
    with open_store(folder) as store:
        report = ingest_paths(store, sources, IRIS, workers=os.cpu_count() or 1, bulk=True)
    assert not report.failures, report.summary()
    assert report.count(Outcome.INGESTED) > 2500, report.summary()
    return folder


@pytest.fixture(scope="session")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python3``, a kernel of the interpreter running the tests (its ``sys.executable``),
    whatever ``python3`` kernel is installed elsewhere: ``JUPYTER_PATH`` comes first."""
    home = tmp_path_factory.mktemp("jupyter")
    spec = home / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (unkg tests)",
        "language": "python",
    }), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(home))
        patch.setenv("MPLBACKEND", "Agg")
        yield "python3"


@pytest.fixture(scope="session")
def server(notebook_store: Path) -> Iterator[str]:
    """``unkg serve`` over the notebook store, read-only, with room for whole-corpus analyses."""
    settings = Settings(query_timeout=600, max_rows=1_000_000, query_workers=0)
    with serve(create_app(str(notebook_store), settings=settings, read_only=True)) as origin:
        yield origin


@pytest.fixture(scope="session")
def kg(notebook_store: Path) -> Iterator[KnowledgeGraph]:
    """The same store in this process, for direct SPARQL."""
    with unkg.open(notebook_store, timeout=600) as graph:
        yield graph


def run_notebook(name: str, kernel: str, folder: Path, env: dict[str, str]) -> dict[str, Any]:
    """Run ``notebooks/<name>`` top to bottom in ``folder`` with ``env`` set; what it showed.

    A failing cell fails the test with the cell's source and error (nbclient's message)."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        f"import json as _json\nprint(_json.dumps({SHOWN[name]}, default=str))"))
    with pytest.MonkeyPatch.context() as patch:
        for variable, value in env.items():
            patch.setenv(variable, value)
        client = NotebookClient(notebook, kernel_name=kernel, timeout=CELL_TIMEOUT,
                                resources={"metadata": {"path": str(folder)}})
        try:
            client.execute()
        except CellExecutionError as error:
            pytest.fail(f"{name}: a cell failed\n{error}", pytrace=False)
    shown = "".join(output.get("text", "") for output in notebook.cells[-1].outputs
                    if output.output_type == "stream" and output.name == "stdout")
    return json.loads(shown)


def check_figures(folder: Path, name: str) -> None:
    """Each figure of notebook ``name`` was written, as a real PNG or SVG of some size."""
    for figure in FIGURES[name]:
        path = folder / figure
        assert path.is_file(), f"{name} did not write {figure}"
        data = path.read_bytes()
        assert len(data) > 5_000, f"{figure} is nearly empty ({len(data)} bytes)"
        if figure.endswith(".png"):
            assert data.startswith(b"\x89PNG\r\n\x1a\n"), f"{figure} is not a PNG"
        else:
            assert b"<svg" in data[:2_000] and data.rstrip().endswith(b"</svg>"), figure


def rows(kg: KnowledgeGraph, query: str, **params: Any) -> list[dict[str, Any]]:
    return kg.query(HEAD + query, **params).to_dict("records")


def count(kg: KnowledgeGraph, query: str, **params: Any) -> int:
    return int(kg.query(HEAD + query, **params)["n"][0])


#: The mandates to UNODC and the bodies under it, per year and adopting body, as kg.mandates
#: lists them (a request with its verb and action); a resolution without a date counts under
#: the year of its symbol, so years are compared over dated resolutions only.
UNODC_MANDATES = """
SELECT ?year ?by (COUNT(DISTINCT ?mandate) AS ?mandates) (COUNT(DISTINCT ?resolution) AS ?n)
WHERE {
  GRAPH ?g {
    ?mandate a unkg:Mandate ; unkg:inParagraph ?paragraph ; unkg:addressee ?addressee ;
             unkg:verb ?verb ; unkg:action ?action .
    ?addressee unkg:subOrganizationOf* ?unodc .
    ?resolution unkg:hasParagraph ?paragraph ; unkg:adoptedBy ?body ; dcterms:date ?date .
  }
  BIND(YEAR(?date) AS ?year)
  BIND(STRAFTER(STR(?body), "/id/body/") AS ?by)
}
GROUP BY ?year ?by
"""


def unodc_by_year(kg: KnowledgeGraph) -> dict[tuple[int, str], tuple[int, int]]:
    found = kg.query(HEAD + UNODC_MANDATES.replace("?unodc", f"<{IRIS.body('unodc')}>"))
    return {(int(r["year"]), str(r["by"])): (int(r["mandates"]), int(r["n"]))
            for r in found.to_dict("records")}


def shown_by_year(shown: list[dict[str, Any]]) -> dict[tuple[int, str], tuple[int, int]]:
    return {(int(r["year"]), str(r["adopted_by"])): (int(r["mandates"]), int(r["resolutions"]))
            for r in shown if r["year"] is not None and str(r["year"]) not in ("<NA>", "None")}


# -- the notebooks -------------------------------------------------------------------------------


def test_the_seed_tour(notebook_store: Path, kernel: str, kg: KnowledgeGraph,
                       tmp_path: Path) -> None:
    figures = tmp_path / "figures"
    name = "01-seed-tour.ipynb"
    shown = run_notebook(name, kernel, tmp_path,
                         {"UNKG_STORE": str(notebook_store), "UNKG_FIGURES": str(figures)})
    check_figures(figures, name)
    # the references of 22/7, its mandates, and how many resolutions cite each work it cites
    assert shown["references"] == count(kg, """SELECT (COUNT(DISTINCT ?reference) AS ?n) WHERE {
        GRAPH ?g { ?seed unkg:hasParagraph|unkg:hasFootnote ?in .
                   ?reference a unkg:Reference ; unkg:citingParagraph ?in } }
        """.replace("?seed", f"<{SEED_IRI}>")) == 10
    assert sum(shown["relations"].values()) == shown["references"]
    assert shown["mandates"] == count(kg, """SELECT (COUNT(DISTINCT ?mandate) AS ?n) WHERE {
        GRAPH ?g { ?seed unkg:hasParagraph ?paragraph .
                   ?mandate a unkg:Mandate ; unkg:inParagraph ?paragraph } }
        """.replace("?seed", f"<{SEED_IRI}>")) == 8
    labels = {label: work for work, label in shown["cited_works"].items()}
    assert "A/RES/65/230" in labels
    for row in shown["around"]:
        citing = count(kg, """SELECT ?work (COUNT(DISTINCT ?resolution) AS ?n) WHERE {
            GRAPH ?g { ?reference unkg:citedWork ?work ; unkg:citingParagraph ?in .
                       ?resolution unkg:hasParagraph|unkg:hasFootnote ?in } } GROUP BY ?work
            """, work=URIRef(labels[row["work"]]))
        assert row["citing resolutions"] == citing, row


def test_the_lineage_study(notebook_store: Path, kernel: str, kg: KnowledgeGraph,
                           tmp_path: Path) -> None:
    figures = tmp_path / "figures"
    name = "02-cybercrime-lineage.ipynb"
    shown = run_notebook(name, kernel, tmp_path,
                         {"UNKG_STORE": str(notebook_store), "UNKG_FIGURES": str(figures)})
    check_figures(figures, name)
    # the GA resolutions with "crime prevention" in the title, per year
    per_year = {int(r["year"]): int(r["n"]) for r in rows(kg, """
        SELECT ?year (COUNT(DISTINCT ?resolution) AS ?n) WHERE {
          GRAPH ?g { ?resolution unkg:adoptedBy ?ga ; dcterms:title ?title ; dcterms:date ?date
                     FILTER(CONTAINS(LCASE(?title), "crime prevention")) }
          BIND(YEAR(?date) AS ?year) } GROUP BY ?year
        """.replace("?ga", f"<{IRIS.body('ga')}>"))}
    assert {int(r["year"]): int(r["resolutions"]) for r in shown["timeline"]
            if r["resolutions"]} == per_year
    assert sum(per_year.values()) >= 8
    assert shown["within"] > 0
    # the lineage: the crime prevention programme series, each citing the one before it
    lineage = shown["lineage"]
    assert lineage[-1] == "A/RES/78/229" and len(lineage) >= 3
    for older, newer in pairwise(lineage):
        assert count(kg, """SELECT (COUNT(*) AS ?n) WHERE {
            GRAPH ?g { ?newer unkg:cites ?older } }""".replace(
            "?newer", f"<{IRIS.base}id/resolution/{newer.replace('/', '_')}>").replace(
            "?older", f"<{IRIS.base}id/resolution/{older.replace('/', '_')}>")) > 0, (older, newer)
    # each diff accounts for every paragraph of both resolutions
    paragraphs = """SELECT (COUNT(DISTINCT ?paragraph) AS ?n) WHERE {
        GRAPH ?g { ?resolution unkg:hasParagraph ?paragraph .
                   ?paragraph a ?kind FILTER(?kind IN (unkg:PreambularParagraph,
                                                        unkg:OperativeParagraph)) } }"""
    assert [(c["older"], c["newer"]) for c in shown["changes"]] == list(
        pairwise(lineage))
    for change in shown["changes"]:
        older, newer = (paragraphs.replace(
            "?resolution", f"<{IRIS.base}id/resolution/{change[side].replace('/', '_')}>")
            for side in ("older", "newer"))
        assert change["kept"] + change["changed"] + change["dropped"] == count(kg, older), change
        assert change["kept"] + change["changed"] + change["added"] == count(kg, newer), change
    # the mandates to UNODC, per year and adopting body
    assert shown_by_year(shown["unodc"]) == unodc_by_year(kg)


def test_the_citation_network(notebook_store: Path, kernel: str, kg: KnowledgeGraph,
                              tmp_path: Path) -> None:
    figures = tmp_path / "figures"
    name = "03-citation-network.ipynb"
    shown = run_notebook(name, kernel, tmp_path,
                         {"UNKG_STORE": str(notebook_store), "UNKG_FIGURES": str(figures)})
    check_figures(figures, name)
    assert (figures / "03-co-citation-network.graphml").is_file()
    # the in-degree of the most cited instruments: distinct ingested resolutions citing them
    cited_by = """SELECT ?work (COUNT(DISTINCT ?resolution) AS ?n) WHERE {
        GRAPH ?g { ?resolution prov:wasGeneratedBy ?activity ; unkg:cites ?work } }
        GROUP BY ?work"""
    assert shown["top"][0]["work"] == IRIS.instrument("un-charter")
    for row in shown["top"]:
        assert row["in_degree"] == count(kg, cited_by, work=URIRef(row["work"])), row
    # the heaviest co-citation links: resolutions citing both instruments
    for first, second, weight in shown["edges"]:
        assert weight == count(kg, """SELECT (COUNT(DISTINCT ?resolution) AS ?n) WHERE {
            GRAPH ?g { ?resolution unkg:cites ?first , ?second } }""".replace(
            "?first", f"<{first}>").replace("?second", f"<{second}>")), (first, second)
    assert shown["clusters"] >= 2


def test_the_remote_endpoint(notebook_store: Path, kernel: str, kg: KnowledgeGraph,
                             server: str, tmp_path: Path) -> None:
    figures = tmp_path / "figures"
    name = "04-remote-endpoint.ipynb"
    shown = run_notebook(name, kernel, tmp_path, {
        "UNKG_ENDPOINT": server, "UNKG_SPARQL_ENDPOINT": f"{server}/sparql",
        "UNKG_FIGURES": str(figures)})
    check_figures(figures, name)
    # the resolutions per body: the named query over the server, plain SPARQL over /sparql
    # and SPARQLWrapper agree with the store itself
    total = count(kg, """SELECT (COUNT(DISTINCT ?resolution) AS ?n) WHERE {
        GRAPH ?g { ?resolution prov:wasGeneratedBy ?activity ; unkg:adoptedBy ?body } }""")
    assert sum(int(r["resolutions"]) for r in shown["per_body"]) == total
    direct = {str(r["body"]): int(r["n"]) for r in rows(kg, """
        SELECT ?body (COUNT(DISTINCT ?resolution) AS ?n) WHERE {
          GRAPH ?g { ?resolution unkg:adoptedBy ?body ; unkg:hasParagraph ?paragraph } }
        GROUP BY ?body""")}
    assert {str(r["body"]): int(r["resolutions"]) for r in shown["bodies"]} == direct
    assert shown["agree"] is True
    assert shown["references"] == 10
    assert shown_by_year(shown["unodc"]) == unodc_by_year(kg)
