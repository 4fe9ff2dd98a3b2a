"""The notebook client (``unkg.open``, ``unkg.connect``): the same tests over both backends.

The store holds what the real pipeline makes of the seed (CCPCJ resolution 22/7, which recalls
General Assembly resolution 65/230, never ingested), four Security Council resolutions of 1948
from the OCR corpus (49 cites 48, 48 cites 46, 46 cites 43) and General Assembly resolution
75/223 from AKN4UN with its published metadata (sponsors "CÔTE D'IVOIRE", "TÜRKİYE"). Two stores
are written in a temporary folder from the same triples: ``unkg.open`` opens one, the other is
served by the real application under uvicorn on 127.0.0.1, which ``unkg.connect`` reaches. Every
test taking ``kg`` runs against both; the code of docs/notebooks.md runs against both too.
"""

from __future__ import annotations

import doctest
import re
import socket
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from unkg.api.app import create_app
from unkg.api.settings import Settings
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.store import Triple

import unkg
from tests.conftest import ROOT, SEED
from tests.servers import oxigraph_server, serve
from unkg.client import KnowledgeGraph, NotFoundError, values
from unkg.client.values import bind_values
from unkg.errors import QueryError, StoreError

DOCS = ROOT / "docs" / "notebooks.md"
SC_TEXTS = ("S_RES_0043_1948_EN_GOLD.txt", "S_RES_0046_1948_EN_GOLD.txt",
            "S_RES_0048_1948_EN_GOLD.txt", "S_RES_0049_1948_EN_GOLD.txt")
GA_75_223 = Path("akn") / "ga" / "75" / "75_223_E.xml"
WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
RES = "https://w3id.org/unkg/id/resolution/"
SEED_IRI = RES + "E_CN.15_RES_22_7"
SC = {n: RES + f"S_RES_{n}(1948)" for n in (43, 46, 48, 49)}
HEAD = """PREFIX unkg:    <https://w3id.org/unkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov:    <http://www.w3.org/ns/prov#>
"""

pytestmark = pytest.mark.corpus


# -- the two stores and the server --------------------------------------------------------------


@pytest.fixture(scope="module")
def graphs(corpus: Path) -> dict[str, list[Triple]]:
    """The named graphs of the six resolutions, as `unkg ingest` writes them."""
    from unkg.ingest.pipeline import parse_file
    from unkg.ingest.to_rdf import graph_slug, resolution_to_rdf

    files = [SEED, *(corpus / "text" / "unsc-1946-1994" / n for n in SC_TEXTS), corpus / GA_75_223]
    found: dict[str, list[Triple]] = {}
    for path in files:
        resolution = parse_file(path)
        found[Iris().graph(graph_slug(resolution))] = list(
            resolution_to_rdf(resolution, Iris(), generated_at=WHEN))
    return found


@pytest.fixture(scope="module")
def stores(graphs: dict[str, list[Triple]], tmp_path_factory: pytest.TempPathFactory,
           ) -> dict[str, Path]:
    """Two store folders with the same content: one process opens each (RocksDB's lock)."""
    folders = {}
    for name in ("embedded", "served", "oxigraph"):
        folder = tmp_path_factory.mktemp(name) / "store"
        with EmbeddedStore(folder) as store:
            for graph, triples in graphs.items():
                store.replace_graph(graph, triples)
        folders[name] = folder
    return folders


@pytest.fixture(scope="module")
def server(stores: dict[str, Path]) -> Iterator[str]:
    """`unkg serve` over the second store: uvicorn on 127.0.0.1 (a free port) in a thread."""
    app = create_app(str(stores["served"]), settings=Settings())
    with serve(app) as origin:
        yield origin


@pytest.fixture(scope="module")
def oxigraph(stores: dict[str, Path]) -> Iterator[str]:
    """The Oxigraph server over the third store: a plain SPARQL 1.1 endpoint, not ours."""
    with oxigraph_server(stores["oxigraph"], "the client's tests over a SPARQL endpoint") as url:
        yield url


@pytest.fixture(scope="module", params=["embedded", "served", "oxigraph"])
def make(request: pytest.FixtureRequest, stores: dict[str, Path],
         ) -> Callable[..., KnowledgeGraph]:
    """Opens the backend under test: ``unkg.open`` on a folder, ``unkg.connect`` on a running
    ``unkg serve``, or ``unkg.connect(..., endpoint=True)`` on any SPARQL 1.1 endpoint."""
    if request.param == "embedded":
        return lambda **options: unkg.open(stores["embedded"], **options)
    if request.param == "oxigraph":
        endpoint = request.getfixturevalue("oxigraph")
        return lambda **options: unkg.connect(endpoint, endpoint=True, **options)
    url = request.getfixturevalue("server")
    return lambda **options: unkg.connect(url, **options)


@pytest.fixture(scope="module")
def kg(make: Callable[..., KnowledgeGraph]) -> Iterator[KnowledgeGraph]:
    with make() as graph:
        yield graph


# -- DataFrames ----------------------------------------------------------------------------------

RESOLUTIONS = HEAD + """
SELECT ?resolution ?symbol ?date ?ended ?paragraphs ?perParagraph ?dated ?title WHERE {
  GRAPH ?g {
    ?resolution prov:wasGeneratedBy ?activity ;
                dcterms:identifier ?symbol .
    ?activity prov:endedAtTime ?ended .
    OPTIONAL { ?resolution dcterms:date ?date }
    OPTIONAL { ?resolution dcterms:title ?title }
    { SELECT ?resolution (COUNT(?paragraph) AS ?paragraphs)
      WHERE { GRAPH ?h { ?resolution unkg:hasParagraph ?paragraph } } GROUP BY ?resolution }
  }
  BIND(BOUND(?date) AS ?dated)
  BIND(?paragraphs / 2 AS ?perParagraph)
} ORDER BY ?symbol
"""


@pytest.mark.parametrize(("column", "dtype", "sc_43", "seed"), [
    # an IRI: a string column of str
    ("resolution", "string", SC[43], SEED_IRI),
    # a plain literal; the symbol as printed, with its space
    ("symbol", "string", "S/RES/43 (1948)", "E/CN.15/RES/22/7"),
    # xsd:date -> datetime64; the seed's text gives no adoption date: NaT
    ("date", "datetime64[ns]", pd.Timestamp("1948-04-01"), pd.NaT),
    # xsd:dateTime with a time zone -> datetime64 in UTC
    ("ended", "datetime64[ns, UTC]", None, None),
    # COUNT gives xsd:integer -> Int64 (13 paragraphs: 5 preambular, 8 operative)
    ("paragraphs", "Int64", None, 13),
    # integer / integer is an xsd:decimal -> float64
    ("perParagraph", "float64", None, 6.5),
    # BOUND() is an xsd:boolean -> boolean
    ("dated", "boolean", True, False),
    # dcterms:title: the old SC texts have none, so <NA> in a string column
    ("title", "string", pd.NA, "Strengthening international cooperation to combat cybercrime"),
])
def test_columns_take_the_dtype_of_their_values(kg: KnowledgeGraph, column: str, dtype: str,
                                                sc_43: Any, seed: Any) -> None:
    df = kg.query(RESOLUTIONS)
    assert list(df["symbol"]) == ["A/RES/75/223", "E/CN.15/RES/22/7", "S/RES/43 (1948)",
                                  "S/RES/46 (1948)", "S/RES/48 (1948)", "S/RES/49 (1948)"]
    assert str(df[column].dtype) == dtype
    by_symbol = df.set_index("symbol")
    for symbol, expected in (("S/RES/43 (1948)", sc_43), ("E/CN.15/RES/22/7", seed)):
        value = by_symbol.loc[symbol, column] if column != "symbol" else symbol
        if expected is None:
            continue
        if expected is pd.NaT or expected is pd.NA:
            assert pd.isna(value)
        else:
            assert value == expected and type(value) is not Literal
    if dtype == "string":
        assert all(type(v) is str for v in df[column].dropna())


def test_timestamps_come_back_in_utc(kg: KnowledgeGraph) -> None:
    ended = kg.query(RESOLUTIONS)["ended"]
    assert (ended == pd.Timestamp(WHEN)).all()  # every graph was written "at" WHEN


@pytest.mark.parametrize(("query", "params", "columns", "dtypes"), [
    # no resolution dated after 2100: the columns stay, typed from the shapes of the data
    (HEAD + """SELECT ?symbol ?date ?index ?resolution WHERE { GRAPH ?g {
       ?resolution dcterms:identifier ?symbol ; dcterms:date ?date ;
                   unkg:hasParagraph ?p . ?p unkg:index ?index }
       FILTER(?date > "2100-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) }""", {},
     ["symbol", "date", "index", "resolution"], ["string", "datetime64[ns]", "Int64", "string"]),
    # a named query with no answer: its integer parameters give Int64 columns
    ("resolutions-by-body-in-years", {"body": "ga", "from_": 1946, "to": 1950},
     ["body", "from", "to", "resolution", "symbol", "date", "title"],
     ["string", "Int64", "Int64", "string", "string", "datetime64[ns]", "string"]),
    # a variable nothing types: the column is there, of object dtype
    ("SELECT ?anything WHERE { FILTER(false) }", {}, ["anything"], ["object"]),
])
def test_an_empty_result_keeps_its_columns(kg: KnowledgeGraph, query: str,
                                           params: dict[str, Any], columns: list[str],
                                           dtypes: list[str]) -> None:
    df = kg.query(query, **params)
    assert df.empty
    assert list(df.columns) == columns
    assert [str(t) for t in df.dtypes] == dtypes


@pytest.mark.parametrize("sponsor", [
    "CÔTE D'IVOIRE",      # a circumflex, as the GA metadata writes it
    "T\u00dcRKI\u0307YE",  # TÜRKİYE, the dot above the I a combining character (U+0307)
])
def test_unicode_values_round_trip(kg: KnowledgeGraph, sponsor: str) -> None:
    df = kg.query(HEAD + """SELECT ?symbol ?sponsor WHERE { GRAPH ?g {
        ?resolution dcterms:identifier ?symbol ; unkg:adoption ?adoption .
        ?adoption unkg:sponsor ?sponsor } }""", sponsor=sponsor)
    assert list(df["symbol"]) == ["A/RES/75/223"]
    assert df["sponsor"][0] == sponsor


def test_unicode_in_the_query_text(kg: KnowledgeGraph) -> None:
    # operative paragraph 1 of the seed: "... at the Expert Group’s second meeting ..."
    df = kg.query(HEAD + """SELECT ?paragraph WHERE { GRAPH ?g {
        ?paragraph unkg:text ?text FILTER(CONTAINS(?text, "Expert Group’s second meeting")) } }""")
    assert list(df["paragraph"]) == [SEED_IRI + "/o1"]


def test_a_named_query_with_typed_parameters(kg: KnowledgeGraph) -> None:
    recalls = kg.query("who-recalls", resolution="A/RES/65/230")
    assert set(recalls["recalledBy"]) == {SEED_IRI}
    assert "p1" in {p.rsplit("/", 1)[1] for p in recalls["paragraph"]}
    years = kg.query("resolutions-by-body-in-years", body="SC", from_=1948, to=1948)
    assert list(years["symbol"]) == [f"S/RES/{n} (1948)" for n in (43, 46, 48, 49)]
    assert list(years["date"].dt.month) == [4, 4, 4, 5]
    assert list(years["from"]) == [1948] * 4


@pytest.mark.parametrize(("name", "params", "message"), [
    # a query that does not exist: the error lists those that do
    ("who-recalled", {}, "the named queries are: .*who-recalls"),
    # a parameter the query does not take
    ("who-recalls", {"resolution": "A/RES/65/230", "since": 2000}, "no parameter 'since'"),
    # a required parameter left out
    ("who-recalls", {}, "needs parameter resolution"),
    # a value its type refuses
    ("resolutions-by-body-in-years", {"body": "sc", "from_": "nineteen"}, "is not an integer"),
    # a symbol that is not one
    ("who-recalls", {"resolution": "not a symbol"}, "is not a UN document symbol"),
])
def test_named_query_errors_say_what_is_wrong(kg: KnowledgeGraph, name: str,
                                              params: dict[str, Any], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        kg.query(name, **params)


def test_queries_that_are_not_tables_are_refused(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"kg\.store\.query"):
        kg.query("ASK { ?s ?p ?o }")
    assert kg.store.query("ASK { ?s ?p ?o }").boolean is True


def test_a_truncated_result_warns(make: Callable[..., KnowledgeGraph]) -> None:
    with make(max_rows=2) as small, pytest.warns(UserWarning, match="cut at 2 rows"):
        assert len(small.query(RESOLUTIONS)) == 2


# -- the common questions ------------------------------------------------------------------------


def test_an_ingested_resolution(kg: KnowledgeGraph) -> None:
    seed = kg.resolution("E/CN.15/RES/22/7")
    assert (seed.iri, seed.symbol, seed.body, seed.ingested) == (
        SEED_IRI, "E/CN.15/RES/22/7", "ccpcj", True)
    assert seed.title == "Strengthening international cooperation to combat cybercrime"
    assert (seed.paragraphs, seed.preambular, seed.operative, seed.footnotes) == (13, 5, 8, 2)
    first = seed.references[0]  # "Recalling General Assembly resolution 65/230 of 21 December 2010"
    assert (first.work_symbol, first.relation, first.paragraph, first.start) == (
        "A/RES/65/230", "recalls", "p1", 168)
    pinpoints = {(c.paragraph, c.pinpoint) for c in seed.references if c.pinpoint}
    assert ("fn/2", "annex, para. 42") in pinpoints
    sc_48 = kg.resolution("S/RES/48 (1948)")
    assert (sc_48.date, sc_48.body) == (date(1948, 4, 23), "sc")


def test_a_resolution_known_only_as_cited(kg: KnowledgeGraph) -> None:
    cited = kg.resolution("A/RES/65/230")
    assert (cited.ingested, cited.date, cited.body, cited.paragraphs, cited.references) == (
        False, date(2010, 12, 21), "ga", 0, ())
    with pytest.raises(NotFoundError, match="A_RES_1_1"):
        kg.resolution("A/RES/1/1")


@pytest.mark.parametrize(("work", "citations"), [
    # S/RES/48 (1948) cites 46 in its preamble and in operative paragraph 1
    ("S/RES/46 (1948)", [("S/RES/48 (1948)", "p1", "cites"), ("S/RES/48 (1948)", "o1", "cites")]),
    # the seed recalls 65/230 in p1, and cites its annex in footnote 2
    ("A/RES/65/230", [("E/CN.15/RES/22/7", "p1", "recalls"),
                      ("E/CN.15/RES/22/7", "fn/2", "cites")]),
    # the last of the chain: nobody cites 49
    ("S/RES/49 (1948)", []),
])
def test_cited_by(kg: KnowledgeGraph, work: str, citations: list[tuple[str, str, str]]) -> None:
    found = kg.cited_by(work)
    assert [(c.citing_symbol, c.paragraph, c.relation) for c in found] == citations
    assert all(isinstance(c.citing_date, date | None) and isinstance(c.text_as_written, str)
               for c in found)


def test_mandates(kg: KnowledgeGraph) -> None:
    secretariat = kg.mandates(body="secretariat")
    assert [(m.symbol, m.paragraph, m.verb) for m in secretariat] == [
        ("E/CN.15/RES/22/7", "o4", "requests"), ("E/CN.15/RES/22/7", "o6", "requests")]
    assert secretariat[0].addressee_as_written == "the Secretariat"
    assert secretariat[0].action.startswith("to translate the comprehensive study on cybercrime")
    # Member States are invited by both the dated GA resolution and the undated seed: dated first
    states = kg.mandates(body="member-states")
    assert [m.symbol for m in states] == ["A/RES/75/223", "E/CN.15/RES/22/7", "E/CN.15/RES/22/7"]
    assert {m.adopted_by for m in kg.mandates(adopted_by="SC")} == {"sc"}
    with pytest.raises(QueryError, match="not a body key"):
        kg.mandates(body="the Secretariat")


# -- the citation graph --------------------------------------------------------------------------


@pytest.mark.parametrize(("options", "edges"), [
    # the Security Council's chain
    ({"body": "sc"}, {(49, 48), (48, 46), (46, 43)}),
    # adopted from 20 April 1948 on: 48 (23 April) and 49 (22 May)
    ({"body": "sc", "since": "1948-04-20"}, {(49, 48), (48, 46)}),
    # adopted up to 20 April 1948: 43 (1 April, cites nothing here) and 46 (17 April)
    ({"until": date(1948, 4, 20)}, {(46, 43)}),
    # a year is its whole year
    ({"since": 1948, "until": 1948}, {(49, 48), (48, 46), (46, 43)}),
])
def test_the_citation_graph_filtered(kg: KnowledgeGraph, options: dict[str, Any],
                                     edges: set[tuple[int, int]]) -> None:
    graph = kg.citation_graph(**options)
    number = {iri: n for n, iri in SC.items()}
    assert {(number[u], number[v]) for u, v in graph.edges} == edges


def test_the_citation_graph_is_built_again_after_a_write(
        graphs: dict[str, list[Triple]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The graph is kept between calls, and rebuilt once the store changed (or on refresh)."""
    from unkg.client import kg as client_kg

    builds: list[object] = []
    real_build = client_kg.build_citation_graph

    def counted(*args: Any, **kwargs: Any) -> Any:
        builds.append(args)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(client_kg, "build_citation_graph", counted)
    seed_graph = next(g for g, triples in graphs.items()
                      if any(str(s) == SEED_IRI for s, _, _ in triples))
    with unkg.open(tmp_path / "store", read_only=False) as writable:
        writable.store.replace_graph(seed_graph, graphs[seed_graph])
        first = writable.citation_graph()
        assert SEED_IRI in first and RES + "A_RES_65_230" in first
        assert writable.citation_graph(body="ccpcj").edges == first.edges
        assert len(builds) == 1  # kept between calls, filtered or not
        writable.store.drop_graph(seed_graph)
        assert SEED_IRI not in writable.citation_graph()  # the write is seen
        assert len(builds) == 2
        writable.citation_graph(refresh=True)
        assert len(builds) == 3


def test_the_citation_graph_exports_to_graphml_and_gexf(kg: KnowledgeGraph,
                                                       tmp_path: Path) -> None:
    graph = kg.citation_graph()
    assert {SEED_IRI, RES + "A_RES_65_230", *SC.values()} <= set(graph.nodes)
    for _, data in graph.nodes(data=True):
        assert all(type(v) in (str, int, float, bool) for v in data.values())
    assert graph.nodes[SC[48]]["date"] == "1948-04-23" and graph.nodes[SC[48]]["year"] == 1948
    graph.add_node("scratch")  # a copy: changing it changes nothing in the store
    assert "scratch" not in kg.citation_graph()
    graph.remove_node("scratch")
    nx.write_graphml(graph, tmp_path / "citations.graphml")
    nx.write_gexf(graph, tmp_path / "citations.gexf")
    for back in (nx.read_graphml(tmp_path / "citations.graphml"),
                 nx.read_gexf(tmp_path / "citations.gexf")):
        assert set(back.nodes) == set(graph.nodes)
        assert set(back.edges) == set(graph.edges)
        assert back.nodes[SEED_IRI]["label"] == "E/CN.15/RES/22/7"
        assert back.nodes[SC[48]]["year"] == 1948 and back.nodes[SC[48]]["ingested"] is True
        assert back.edges[SEED_IRI, RES + "A_RES_65_230"]["relation"] == "recalls"


# -- binding parameters on a remote endpoint -----------------------------------------------------

X = Literal("v")


@pytest.mark.parametrize(("query", "bindings", "expected"), [
    # the WHERE group, and the nested group whose FILTER uses the parameter
    ("SELECT ?a WHERE { GRAPH ?g { ?a ?p ?o FILTER(?o > ?x) } }", {"x": Literal(3)},
     'SELECT ?a WHERE { VALUES (?x) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) } '
     'GRAPH ?g { VALUES (?x) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) } '
     "?a ?p ?o FILTER(?o > ?x) } }"),
    # a CONSTRUCT template takes no block; braces in strings, IRIs and comments are not groups
    ('CONSTRUCT { ?s <http://x/p> ?x } WHERE { ?s ?p "{" } # {',
     {"x": X}, 'CONSTRUCT { ?s <http://x/p> ?x } WHERE { VALUES (?x) { ("v") } ?s ?p "{" } # {'),
    # the data of a VALUES block takes none either; two parameters share one block
    ("SELECT * { VALUES ?y { 1 } ?y ?p ?x }", {"x": X, "y": Literal("w")},
     'SELECT * { VALUES (?x ?y) { ("v" "w") } VALUES ?y { 1 } ?y ?p ?x }'),
    # a sub-SELECT's group takes none, its own WHERE group does
    ("SELECT ?x { { SELECT ?x { ?x ?p ?o } } }", {"x": URIRef("http://x/a")},
     "SELECT ?x { VALUES (?x) { (<http://x/a>) } { SELECT ?x { VALUES (?x) { (<http://x/a>) } "
     "?x ?p ?o } } }"),
    # a string with quotes, a backslash and a line break stays ONE escaped literal
    ('SELECT ?x { ?s ?p ?x }', {"x": Literal('a" } ; DROP ALL ; \\\n')},
     'SELECT ?x { VALUES (?x) { ("a\\" } ; DROP ALL ; \\\\\\n") } ?s ?p ?x }'),
    # no bindings: the text is left as it is
    ("SELECT ?x { ?s ?p ?x }", {}, "SELECT ?x { ?s ?p ?x }"),
])
def test_bind_values_writes_one_row_blocks(query: str, bindings: dict[str, Node],
                                           expected: str) -> None:
    assert bind_values(query, bindings) == expected


@pytest.mark.parametrize(("bindings", "message"), [
    # an IRI that would close itself and become syntax
    ({"x": URIRef("http://x/a> . } DROP ALL #")}, "not an absolute IRI"),
    # a variable the query does not have
    ({"nope": X}, "unknown binding"),
    # a blank node cannot be written in VALUES
    ({"x": BNode()}, "blank node"),
])
def test_bind_values_refuses_what_could_escape(bindings: dict[str, Node], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        bind_values("SELECT ?x { ?s ?p ?x }", bindings)


def test_values_doctests() -> None:
    assert doctest.testmod(values).failed == 0


# -- opening -------------------------------------------------------------------------------------


def test_import_unkg_stays_light() -> None:
    code = ("import sys, unkg; loaded = set(sys.modules); "
            "assert not {'pandas', 'httpx', 'unkg.client', 'pyoxigraph'} & loaded, loaded; "
            "assert callable(unkg.open) and callable(unkg.connect)")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(("call", "message"), [
    # a URL given to open: the error says to connect
    (lambda: unkg.open("http://127.0.0.1:8000"), "use unkg.connect"),
    # a folder without a store: read-only opening never creates one
    (lambda: unkg.open(ROOT / "docs"), "no store here"),
])
def test_open_errors(call: Callable[[], Any], message: str) -> None:
    with pytest.raises(StoreError, match=message):
        call()


def test_a_server_that_is_not_there() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens on this port now
    with unkg.connect(f"http://127.0.0.1:{port}") as kg:
        assert kg.store.location == f"http://127.0.0.1:{port}/sparql"
        with pytest.raises(StoreError, match="cannot reach"):
            kg.query("SELECT * { ?s ?p ?o }")


# -- the documentation ---------------------------------------------------------------------------


def test_the_notebooks_doc_runs(stores: dict[str, Path], server: str, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """Every python block of docs/notebooks.md, in order, against the two test stores."""
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 6
    code = "\n".join(blocks)
    assert '"data/store"' in code and '"http://127.0.0.1:8000"' in code
    code = code.replace('"data/store"', repr(str(stores["embedded"])))
    code = code.replace('"http://127.0.0.1:8000"', repr(server))
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile(code, str(DOCS), "exec"), {"__name__": "notebooks_doc"})
    assert (tmp_path / "citations.graphml").is_file() and (tmp_path / "citations.gexf").is_file()
    assert "E/CN.15/RES/22/7 o4 requests" in capsys.readouterr().out


# -- the two backends agree ----------------------------------------------------------------------

#: Parameter values for every named query: one set about the Security Council's chain of 1948,
#: one about the seed and what it recalls.
PARAM_SETS = [
    {"resolution": "S/RES/49 (1948)", "work": SC[46], "body": "sc", "relation": "cites",
     "before": "1948-05-01"},
    {"resolution": "A/RES/65/230", "work": RES + "A_RES_65_230", "body": "secretariat",
     "relation": "recalls"},
    {"resolution": "E/CN.15/RES/22/7", "body": "ccpcj"},
]


def test_every_named_query_gives_the_same_rows_on_both_backends(
        stores: dict[str, Path], server: str) -> None:
    answered = 0
    with unkg.open(stores["embedded"]) as embedded, unkg.connect(server) as served:
        for name, named in embedded.named_queries().items():
            for values_set in PARAM_SETS:
                params = {p.name + "_": values_set[p.name] for p in named.params
                          if p.name in values_set}
                if any(p.required and p.name + "_" not in params for p in named.params):
                    continue
                here, there = embedded.query(name, **params), served.query(name, **params)
                pd.testing.assert_frame_equal(here, there, obj=f"{name} {params}")
                answered += not here.empty
    assert answered >= 15  # most queries find rows in this store


def test_the_store_underneath(kg: KnowledgeGraph, graphs: dict[str, list[Triple]]) -> None:
    store = kg.store
    assert store.graphs() == sorted(graphs)
    seed_graph = Iris().graph("E_CN.15_RES_22_7")
    assert store.has_graph(seed_graph) and not store.has_graph(seed_graph + "-not")
    assert store.graph_length(seed_graph) == len(set(graphs[seed_graph]))
    assert store.read_only
    assert store.stats()["https://w3id.org/unkg/ontology#Resolution"] >= 6
    with pytest.raises(StoreError, match="read-only"):
        store.drop_graph(seed_graph)
