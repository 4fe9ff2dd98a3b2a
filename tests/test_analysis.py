"""unkg.analysis checked against direct SPARQL on the same store, over both backends.

The store holds what the real pipeline makes of the seed (CCPCJ resolution 22/7) and of real
General Assembly resolutions from AKN4UN, chosen because they form yearly series: "Strengthening
the United Nations crime prevention and criminal justice programme ..." (75/196 to 78/229), "The
rule of law at the national and international levels" (75/141 to 79/126), the follow-up to the
Fourteenth Crime Congress (76/181 to 79/186), the two cybercrime resolutions (75/282, 79/243) and
"Situation of human rights in the Democratic People’s Republic of Korea" (75/190, 76/177: a
curly apostrophe in the title). Two stores are written from the same triples: ``unkg.open``
opens one, the other is served by the real application, which ``unkg.connect`` reaches.
"""

from __future__ import annotations

import doctest
import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from rdflib import URIRef
from unkg.api.app import create_app
from unkg.api.settings import Settings
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.store import Triple

import unkg
from tests.conftest import ROOT, SEED
from tests.servers import serve
from unkg import analysis
from unkg.analysis.citations import MOST_CITED_COLUMNS, PERIOD_COLUMNS
from unkg.analysis.clusters import CLUSTER_COLUMNS
from unkg.analysis.diff import DIFF_COLUMNS
from unkg.analysis.mandates import MANDATE_COLUMNS
from unkg.analysis.series import LINEAGE_COLUMNS, SERIES_DIFF_COLUMNS
from unkg.analysis.topics import TIMELINE_COLUMNS, TOPIC_CITATION_COLUMNS
from unkg.client import KnowledgeGraph, NotFoundError
from unkg.errors import QueryError

pytestmark = pytest.mark.corpus

DOCS = ROOT / "docs" / "analysis.md"

GA_FILES = (
    "75/75_196_E.xml", "76/A_RES_76_187-2119242E.xml", "77/A_RES_77_237-2229003E.xml",
    "78/A_RES_78_229-2325976E.xml",  # crime prevention and criminal justice programme
    "75/75_141_E.xml", "76/A_RES_76_117-2118674E.xml", "77/A_RES_77_110-2228256E.xml",
    "78/A_RES_78_112-2324947E.xml", "79/A_RES_79_126-2423502E.xml",  # the rule of law
    "76/A_RES_76_181-2119220E.xml", "77/A_RES_77_231-2228997E.xml",
    "78/A_RES_78_223-2325990E.xml", "79/A_RES_79_186-2424146E.xml",  # the Crime Congress
    "75/75_282_E.xml", "79/A_RES_79_243-2424621E.xml",  # cybercrime
    "75/75_190_E.xml", "76/A_RES_76_177-2119213E.xml",  # human rights in the DPRK
)
WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
ID = "https://w3id.org/unkg/id/"
HEAD = """PREFIX unkg:    <https://w3id.org/unkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov:    <http://www.w3.org/ns/prov#>
"""
PROGRAMME = ["A/RES/75/196", "A/RES/76/187", "A/RES/77/237", "A/RES/78/229"]
RULE_OF_LAW = ["A/RES/75/141", "A/RES/76/117", "A/RES/77/110", "A/RES/78/112", "A/RES/79/126"]


# -- the two stores and the server --------------------------------------------------------------


@pytest.fixture(scope="module")
def graphs(corpus: Path) -> dict[str, list[Triple]]:
    """The named graphs of the seed and the GA resolutions, as `unkg ingest` writes them."""
    from unkg.ingest.pipeline import parse_file
    from unkg.ingest.to_rdf import graph_slug, resolution_to_rdf

    found: dict[str, list[Triple]] = {}
    for path in (SEED, *(corpus / "akn" / "ga" / name for name in GA_FILES)):
        resolution = parse_file(path)
        found[Iris().graph(graph_slug(resolution))] = list(
            resolution_to_rdf(resolution, Iris(), generated_at=WHEN))
    return found


@pytest.fixture(scope="module")
def stores(graphs: dict[str, list[Triple]], tmp_path_factory: pytest.TempPathFactory,
           ) -> dict[str, Path]:
    """Two store folders with the same content (one process opens each: RocksDB's lock); the
    second is a copy of the first, closed, which is quicker than writing it again."""
    embedded = tmp_path_factory.mktemp("embedded") / "store"
    with EmbeddedStore(embedded) as store:
        for graph, triples in graphs.items():
            store.replace_graph(graph, triples)
    served = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(embedded, served)
    return {"embedded": embedded, "served": served}


@pytest.fixture(scope="module")
def kg(stores: dict[str, Path]) -> Iterator[KnowledgeGraph]:
    with unkg.open(stores["embedded"]) as graph:
        yield graph


@pytest.fixture(scope="module")
def served(stores: dict[str, Path]) -> Iterator[KnowledgeGraph]:
    """`unkg serve` over the second store, reached by `unkg.connect`."""
    app = create_app(str(stores["served"]), settings=Settings())
    with serve(app) as origin, unkg.connect(origin) as graph:
        yield graph


def column(kg: KnowledgeGraph, sparql: str, name: str) -> list[Any]:
    return list(kg.query(HEAD + sparql)[name])


def assert_columns(frame: pd.DataFrame, columns: dict[str, str]) -> None:
    assert list(frame.columns) == list(columns)
    assert [str(t) for t in frame.dtypes] == list(columns.values())


# -- most cited ----------------------------------------------------------------------------------

#: How many distinct resolutions cite each work, straight from the unkg:cites shortcut.
CITERS = """SELECT ?work (COUNT(DISTINCT ?resolution) AS ?citing) WHERE {
  GRAPH ?g { ?resolution unkg:cites ?work ; dcterms:date ?date ; unkg:adoptedBy ?body }
  FILTER(STRSTARTS(STR(?work), "%s") && YEAR(?date) >= %d && STR(?body) != "%s")
} GROUP BY ?work"""
#: The same, undated resolutions included.
ANY_DATE = """SELECT ?work (COUNT(DISTINCT ?r) AS ?citing) WHERE {
  GRAPH ?g { ?r unkg:cites ?work } FILTER(STRSTARTS(STR(?work), "%s"))
} GROUP BY ?work"""


@pytest.mark.parametrize(("options", "prefix", "since", "not_body"), [
    # instruments cited by every resolution of the store (the seed, undated, too)
    ({}, ID + "instrument/", 0, ""),
    # every kind of work
    ({"kind": "any"}, ID, 0, ""),
    # resolutions cited since 2023 (the date restricts the CITING resolutions)
    ({"kind": "resolution", "since": 2023}, ID + "resolution/", 2023, ""),
    # documents cited by the General Assembly's resolutions (the seed is the CCPCJ's)
    ({"kind": "document", "body": "GA"}, ID + "document/", 0, ID + "body/ccpcj"),
])
def test_most_cited_in_degree_is_a_count_of_citing_resolutions(
        kg: KnowledgeGraph, options: dict[str, Any], prefix: str, since: int,
        not_body: str) -> None:
    top = analysis.most_cited(kg, top=15, **options)
    assert_columns(top, MOST_CITED_COLUMNS)
    assert list(top["rank"]) == list(range(1, len(top) + 1)) and len(top) == 15
    direct = kg.query(HEAD + CITERS % (prefix, since, not_body)).set_index("work")["citing"]
    if since == 0 and not not_body:  # undated resolutions count when no date bound is given
        direct = kg.query(HEAD + ANY_DATE % prefix).set_index("work")["citing"]
    assert {w: direct[w] for w in top["work"]} == dict(zip(top["work"], top["in_degree"],
                                                           strict=True))
    assert list(top["in_degree"]) == sorted(direct, reverse=True)[:15]
    assert top["work"].str.startswith(prefix).all()
    ordered = list(zip(top["in_degree"], top["pagerank"], strict=True))
    assert ordered == sorted(ordered, reverse=True)
    assert (top["pagerank"] > 0).all() and top["pagerank"].sum() < 1


def test_most_cited_works_agree_with_the_named_query(kg: KnowledgeGraph) -> None:
    named = kg.query("most-cited-works").set_index("work")["resolutions"]
    top = analysis.most_cited(kg, kind="any", top=None)
    in_degree = dict(zip(top["work"], top["in_degree"], strict=True))
    assert {work: in_degree[work] for work in named.index} == named.to_dict()
    # the Charter is cited by 14 of the 18 resolutions
    assert top.iloc[0][["label", "kind", "in_degree"]].tolist() == [
        "Charter of the United Nations", "instrument", 14]


def test_pagerank_is_that_of_the_restricted_citation_graph(kg: KnowledgeGraph) -> None:
    top = analysis.most_cited(kg, body="ga", since=2024, top=None)
    ranks = nx.pagerank(kg.citation_graph(body="ga", since=2024))
    assert top["pagerank"].tolist() == pytest.approx([ranks[w] for w in top["work"]])


def test_most_cited_by_period(kg: KnowledgeGraph) -> None:
    periods = analysis.most_cited_by_period(kg, years=2, top=3)
    assert_columns(periods, PERIOD_COLUMNS)
    assert list(dict.fromkeys(periods["period"])) == ["2020-2021", "2022-2023", "2024-2025"]
    for (period, start, end), rows in periods.groupby(["period", "start", "end"]):
        assert period == f"{start}-{end}" and list(rows["rank"]) == [1, 2, 3]
        alone = analysis.most_cited(kg, since=int(start), until=int(end), top=3)
        assert rows[list(MOST_CITED_COLUMNS)].reset_index(drop=True).equals(alone)
    yearly = analysis.most_cited_by_period(kg, years=1, kind="resolution", top=1)
    assert list(yearly["period"]) == ["2020", "2021", "2022", "2023", "2024"]


# -- series and diffs ----------------------------------------------------------------------------


@pytest.mark.parametrize(("symbol", "lineage"), [
    # the programme resolution, each recalling the year before
    ("A/RES/78/229", PROGRAMME),
    # the rule of law, five sessions
    ("A/RES/79/126", RULE_OF_LAW),
    # the Congress, then its "Follow-up to the Fourteenth ..." resolutions, whose title holds it
    ("A/RES/79/186", ["A/RES/76/181", "A/RES/77/231", "A/RES/78/223", "A/RES/79/186"]),
    # the Convention against Cybercrime cites 75/282 on ICTs for criminal purposes: another title
    ("A/RES/79/243", ["A/RES/79/243"]),
    # a title with a curly apostrophe (People’s)
    ("A/RES/76/177", ["A/RES/75/190", "A/RES/76/177"]),
    # the seed, undated, whose series is not in the store
    ("E/CN.15/RES/22/7", ["E/CN.15/RES/22/7"]),
])
def test_series_lineage(kg: KnowledgeGraph, symbol: str, lineage: list[str]) -> None:
    chain = analysis.series_lineage(kg, symbol)
    assert_columns(chain, LINEAGE_COLUMNS)
    assert list(chain["symbol"]) == lineage and list(chain["step"]) == list(range(len(lineage)))
    assert chain["date"].dropna().is_monotonic_increasing
    assert chain["title"].nunique() <= 2 and set(chain["body"]) <= {"ga", "ccpcj"}
    for older, newer in pairwise(lineage):
        cites = column(kg, f"""SELECT ?newer WHERE {{ GRAPH ?g {{
            ?newer dcterms:identifier "{newer}" ; unkg:cites ?older .
            ?older dcterms:identifier "{older}" }} }}""", "newer")
        assert cites, f"{newer} does not cite {older}"


def test_series_lineage_unicode_titles(kg: KnowledgeGraph) -> None:
    chain = analysis.series_lineage(kg, "A/RES/76/177")
    assert set(chain["title"]) == {
        "Situation of human rights in the Democratic People’s Republic of Korea"}


def paragraph_count(kg: KnowledgeGraph, symbol: str) -> int:
    counts = column(kg, f"""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ GRAPH ?g {{
        ?r dcterms:identifier "{symbol}" ; unkg:hasParagraph ?p . ?p a unkg:Paragraph }} }}""", "n")
    return int(counts[0])


@pytest.mark.parametrize(("older", "newer"), [
    # consecutive resolutions of the programme series
    ("A/RES/77/237", "A/RES/78/229"),
    # the rule of law, one year apart
    ("A/RES/75/141", "A/RES/76/117"),
    # two unrelated resolutions: almost everything added and dropped
    ("E/CN.15/RES/22/7", "A/RES/79/243"),
])
def test_paragraph_diff_accounts_for_every_paragraph(kg: KnowledgeGraph, older: str,
                                                      newer: str) -> None:
    diff = analysis.paragraph_diff(kg, older, newer)
    counts = diff.summary()
    assert list(counts) == ["kept", "changed", "added", "dropped"]
    assert counts["kept"] + counts["changed"] + counts["dropped"] == paragraph_count(kg, older)
    assert counts["kept"] + counts["changed"] + counts["added"] == paragraph_count(kg, newer)
    frame = diff.to_frame()
    assert_columns(frame, DIFF_COLUMNS)
    assert frame["status"].value_counts().to_dict() == {k: n for k, n in counts.items() if n}
    kept = frame[frame["status"] == "kept"]
    assert (kept["older_text"] == kept["newer_text"]).all() and (kept["similarity"] == 1).all()
    changed = frame[frame["status"] == "changed"]
    assert changed["similarity"].between(0.5, 1).all()
    assert frame[frame["status"] == "added"]["older_number"].isna().all()
    assert list(frame["kind"]) == sorted(frame["kind"], key=lambda k: k == "operative")


def test_paragraph_diff_of_the_programme_resolution(kg: KnowledgeGraph) -> None:
    diff = analysis.paragraph_diff(kg, "A/RES/77/237", "A/RES/78/229")
    frame = diff.to_frame()
    # 78/229 adds a preambular paragraph on resolution 78/223, whose theme is in curly quotes
    added = frame[(frame["status"] == "added") & (frame["newer_number"] == "p5")]
    assert added["newer_text"].str.startswith("Reaffirming its resolution 78/223").all()
    assert "“Accelerating crime prevention" in added["newer_text"].iloc[0]
    # its first preambular paragraph lists one more resolution of the series
    first = frame.iloc[0]
    assert (first["status"], first["older_number"], first["newer_number"]) == (
        "changed", "p1", "p1")
    text = diff.to_text()
    assert text.startswith("--- A/RES/77/237\n+++ A/RES/78/229\n@@ preambular paragraphs @@\n")
    assert "{+2021 and 77/237 of 15 December 2022,+}" in text
    # operative paragraphs carry their printed numbers
    assert set(frame[frame["kind"] == "operative"]["newer_number"].dropna()) >= {"1", "2", "3"}


def test_a_resolution_against_itself_is_all_kept(kg: KnowledgeGraph) -> None:
    diff = analysis.paragraph_diff(kg, "E/CN.15/RES/22/7", "E/CN.15/RES/22/7")
    assert diff.summary() == {"kept": 13, "changed": 0, "added": 0, "dropped": 0}


def test_series_diffs(kg: KnowledgeGraph) -> None:
    diffs = analysis.series_diffs(kg, "A/RES/78/229")
    assert_columns(diffs, SERIES_DIFF_COLUMNS)
    assert list(zip(diffs["older"], diffs["newer"], strict=True)) == list(
        pairwise(PROGRAMME))
    for row in diffs.itertuples():
        counts = analysis.paragraph_diff(kg, row.older, row.newer).summary()
        assert (row.kept, row.changed, row.added, row.dropped) == tuple(counts.values())
    alone = analysis.series_diffs(kg, "A/RES/79/243")  # a lineage of one: no pair
    assert alone.empty
    assert_columns(alone, SERIES_DIFF_COLUMNS)


def test_the_doctests_of_the_series_module() -> None:
    from unkg.analysis import series

    assert doctest.testmod(series).failed == 0


# -- mandates ------------------------------------------------------------------------------------

#: The mandates addressed to a body or any body under it, per year and adopting body.
MANDATES = """SELECT ?year ?by (COUNT(DISTINCT ?mandate) AS ?n) (COUNT(DISTINCT ?r) AS ?rs) WHERE {
  GRAPH ?g {
    ?mandate a unkg:Mandate ; unkg:addressee ?addressee ; unkg:inParagraph ?p .
    ?addressee unkg:subOrganizationOf* <%s> .
    ?r unkg:hasParagraph ?p .
    OPTIONAL { ?r dcterms:date ?date } OPTIONAL { ?r unkg:adoptedBy ?body }
  }
  BIND(YEAR(?date) AS ?year) BIND(STRAFTER(STR(?body), "/body/") AS ?by)
} GROUP BY ?year ?by ORDER BY ?year ?by"""


@pytest.mark.parametrize("body", [
    # the Secretary-General and UNODC are under the Secretariat; the seed (CCPCJ, undated) too
    "secretariat",
    # by acronym
    "UNODC",
    # the International Court of Justice, under the rule of law resolutions
    "icj",
])
def test_mandates_over_time_match_a_direct_count(kg: KnowledgeGraph, body: str) -> None:
    frame = analysis.mandates_over_time(kg, body)
    assert_columns(frame, MANDATE_COLUMNS)
    key = body.lower()
    direct = kg.query(HEAD + MANDATES % (ID + "body/" + key))
    assert frame["mandates"].sum() == direct["n"].sum() > 0
    mine = {(None if pd.isna(y) else int(y), b, int(n), int(r))
            for y, b, n, r in frame.itertuples(index=False)}
    theirs = {(None if pd.isna(y) else int(y), b, int(n), int(r))
              for y, b, n, r in direct.itertuples(index=False)}
    assert mine == theirs


def test_mandates_without_sub_bodies_are_what_kg_mandates_lists(kg: KnowledgeGraph) -> None:
    only = analysis.mandates_over_time(kg, "secretariat", sub_bodies=False)
    assert only["mandates"].sum() == len(kg.mandates("secretariat"))
    by_ga = analysis.mandates_over_time(kg, "secretariat", adopted_by="ga")
    everyone = analysis.mandates_over_time(kg, "secretariat")
    assert set(by_ga["adopted_by"]) == {"ga"}
    assert by_ga.equals(everyone[everyone["adopted_by"] == "ga"].reset_index(drop=True))
    # the seed has no adoption date and its symbol no year: its mandates count in a <NA> year
    undated = everyone[everyone["year"].isna()]
    assert list(undated["adopted_by"]) == ["ccpcj"]


# -- co-citation ---------------------------------------------------------------------------------


def test_co_citation_graph_matches_the_named_query(kg: KnowledgeGraph, tmp_path: Path) -> None:
    named = kg.query("co-cited-instruments")
    expected = {(a, b): n for a, b, n in zip(named["instrument"], named["other"],
                                             named["resolutions"], strict=True)}
    every = analysis.co_citation_graph(kg, min_weight=1)
    assert {tuple(sorted(e)): w for *e, w in every.edges(data="weight")} == expected
    strong = analysis.co_citation_graph(kg)
    assert {tuple(sorted(e)) for e in strong.edges} == {p for p, n in expected.items() if n >= 2}
    assert all(isinstance(w, int) for *_, w in strong.edges(data="weight"))
    nx.write_graphml(strong, tmp_path / "co-citation.graphml")
    nx.write_gexf(strong, tmp_path / "co-citation.gexf")
    assert nx.read_graphml(tmp_path / "co-citation.graphml").number_of_edges() == len(strong.edges)


def test_co_citation_clusters(kg: KnowledgeGraph) -> None:
    clusters = analysis.co_citation_clusters(kg)
    assert_columns(clusters, CLUSTER_COLUMNS)
    graph = analysis.co_citation_graph(kg)
    assert sorted(clusters["work"]) == sorted(graph.nodes)
    sizes = clusters.groupby("cluster").size()
    assert list(sizes.index) == list(range(len(sizes))) and sizes.is_monotonic_decreasing
    for row in clusters.itertuples():
        assert row.degree == graph.degree(row.work)
        assert row.weight == graph.degree(row.work, weight="weight")
    assert clusters.equals(analysis.co_citation_clusters(kg))  # seeded: the same every time
    # the Charter and the 2030 Agenda are cited together, in one cluster
    by_label = clusters.set_index("label")["cluster"]
    assert by_label["Charter of the United Nations"] == by_label[
        "Transforming our world: the 2030 Agenda for Sustainable Development"]


# -- topics --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("topic", "expected"), [
    # the rule of law series: each cites the year before
    ("Rule of Law", [(b, a) for a, b in pairwise(RULE_OF_LAW)]),
    # a phrase with a curly apostrophe
    ("democratic people’s republic", [("A/RES/76/177", "A/RES/75/190")]),
])
def test_topic_citations_match_direct_sparql(kg: KnowledgeGraph, topic: str,
                                             expected: list[tuple[str, str]]) -> None:
    frame = analysis.topic_citations(kg, topic)
    assert_columns(frame, TOPIC_CITATION_COLUMNS)
    assert list(zip(frame["citing"], frame["cited"], strict=True)) == expected
    direct = kg.query(HEAD + """SELECT DISTINCT ?citing ?cited ?topic WHERE {
      GRAPH ?g { ?a unkg:cites ?b ; dcterms:identifier ?citing ; dcterms:title ?t1 }
      GRAPH ?h { ?b prov:wasGeneratedBy ?x ; dcterms:identifier ?cited ; dcterms:title ?t2 }
      FILTER(CONTAINS(LCASE(?t1), LCASE(?topic)) && CONTAINS(LCASE(?t2), LCASE(?topic)))
    }""", topic=topic)
    assert set(zip(direct["citing"], direct["cited"], strict=True)) == set(expected)
    assert (frame["gap"] == frame["citing_year"] - frame["cited_year"]).all()


def test_topic_timeline(kg: KnowledgeGraph) -> None:
    timeline = analysis.topic_timeline(kg, "crime")
    assert_columns(timeline, TIMELINE_COLUMNS)
    assert list(timeline["year"]) == [2020, 2021, 2022, 2023, 2024]
    titled = column(kg, """SELECT DISTINCT ?r WHERE { GRAPH ?g {
        ?r prov:wasGeneratedBy ?a ; dcterms:title ?t ; dcterms:date ?d }
        FILTER(CONTAINS(LCASE(?t), "crime")) }""", "r")
    assert timeline["resolutions"].sum() == len(titled)
    citations = analysis.topic_citations(kg, "crime")
    assert timeline["citations_within_topic"].sum() == len(citations)
    out = column(kg, """SELECT (COUNT(DISTINCT CONCAT(STR(?r), " ", STR(?w))) AS ?n) WHERE {
        GRAPH ?g { ?r prov:wasGeneratedBy ?a ; dcterms:title ?t ; dcterms:date ?d ;
                      unkg:cites ?w }
        FILTER(CONTAINS(LCASE(?t), "crime")) }""", "n")
    assert timeline["citations_within_topic"].sum() + timeline["citations_out"].sum() == out[0]


def test_a_topic_by_subject_keyword(kg: KnowledgeGraph) -> None:
    subject = "http://metadata.un.org/thesaurus/1001893"
    symbols = set(kg.query(HEAD + """SELECT DISTINCT ?symbol ?subject WHERE { GRAPH ?g {
        ?r dcterms:subject ?subject ; dcterms:identifier ?symbol } }""",
                           subject=URIRef(subject))["symbol"])
    timeline = analysis.topic_timeline(kg, subject)
    assert timeline["resolutions"].sum() == len(symbols) > 0
    cites = analysis.topic_citations(kg, subject)
    assert set(cites["citing"]) | set(cites["cited"]) <= symbols


# -- both backends, empty results, bad arguments -------------------------------------------------


@pytest.mark.parametrize(("call", "kwargs"), [
    (analysis.most_cited, {"kind": "any", "top": 30}),
    (analysis.series_diffs, {"symbol": "A/RES/79/186"}),
    (analysis.mandates_over_time, {"body": "secretariat"}),
    (analysis.co_citation_clusters, {}),
    (analysis.topic_citations, {"topic": "democratic people’s republic"}),
])
def test_a_served_store_gives_the_same_frames(kg: KnowledgeGraph, served: KnowledgeGraph,
                                              call: Callable[..., pd.DataFrame],
                                              kwargs: dict[str, Any]) -> None:
    pd.testing.assert_frame_equal(call(served, **kwargs), call(kg, **kwargs))


def test_a_served_store_gives_the_same_diff_and_graph(kg: KnowledgeGraph,
                                                     served: KnowledgeGraph) -> None:
    remote_diff = analysis.paragraph_diff(served, "A/RES/75/141", "A/RES/76/117")
    local_diff = analysis.paragraph_diff(kg, "A/RES/75/141", "A/RES/76/117")
    pd.testing.assert_frame_equal(remote_diff.to_frame(), local_diff.to_frame())
    assert remote_diff.to_text() == local_diff.to_text()
    remote, local = analysis.co_citation_graph(served), analysis.co_citation_graph(kg)
    assert nx.utils.graphs_equal(remote, local)


@pytest.mark.parametrize(("call", "kwargs", "columns"), [
    # no Security Council resolution in the store
    (analysis.most_cited, {"body": "sc"}, MOST_CITED_COLUMNS),
    (analysis.most_cited_by_period, {"body": "sc"}, PERIOD_COLUMNS),
    # nothing cited after 2100
    (analysis.most_cited, {"since": 2100}, MOST_CITED_COLUMNS),
    # the CCPCJ gave the International Court of Justice nothing to do
    (analysis.mandates_over_time, {"body": "icj", "adopted_by": "ccpcj"}, MANDATE_COLUMNS),
    # no pair of instruments is cited together by a thousand resolutions
    (analysis.co_citation_clusters, {"min_weight": 1000}, CLUSTER_COLUMNS),
    # a topic no title mentions, in unicode
    (analysis.topic_citations, {"topic": "Côte d’Ivoire"}, TOPIC_CITATION_COLUMNS),
    (analysis.topic_timeline, {"topic": "Côte d’Ivoire"}, TIMELINE_COLUMNS),
])
def test_empty_results_keep_their_columns(kg: KnowledgeGraph, call: Callable[..., pd.DataFrame],
                                          kwargs: dict[str, Any], columns: dict[str, str]) -> None:
    frame = call(kg, **kwargs)
    assert frame.empty
    assert_columns(frame, columns)


def test_an_empty_diff_frame_keeps_its_columns() -> None:
    assert_columns(analysis.ParagraphDiff("A/RES/1/1", "A/RES/1/2", ()).to_frame(), DIFF_COLUMNS)


@pytest.mark.parametrize(("call", "kwargs", "error", "message"), [
    (analysis.most_cited, {"kind": "treaty"}, QueryError, "kind='treaty'"),
    (analysis.most_cited, {"top": 0}, QueryError, "top=0"),
    # a body key is lower-case words joined by hyphens, or an acronym
    (analysis.most_cited, {"body": "General Assembly"}, QueryError, "body='General Assembly'"),
    (analysis.most_cited, {"since": "last year"}, QueryError, "since='last year'"),
    (analysis.most_cited_by_period, {"years": 0}, QueryError, "years=0"),
    (analysis.co_citation_graph, {"min_weight": 0}, QueryError, "min_weight=0"),
    (analysis.co_citation_clusters, {"kind": 3}, QueryError, "kind=3"),
    (analysis.mandates_over_time, {"body": "the UN"}, QueryError, "body='the UN'"),
    (analysis.mandates_over_time, {"body": "ga", "adopted_by": ""}, QueryError, "adopted_by"),
    (analysis.topic_citations, {"topic": " "}, QueryError, "topic"),
    (analysis.series_lineage, {"symbol": "not a symbol"}, QueryError, "symbol='not a symbol'"),
    (analysis.paragraph_diff, {"older": "A/RES/75/141", "newer": 76}, QueryError, "newer=76"),
    # a symbol the store has never heard of
    (analysis.series_lineage, {"symbol": "A/RES/12/3456"}, NotFoundError, "A_RES_12_3456"),
    # cited by the seed, but its text is not in the store
    (analysis.series_diffs, {"symbol": "A/RES/65/230"}, NotFoundError, "does not hold the text"),
    (analysis.paragraph_diff, {"older": "A/RES/65/230", "newer": "E/CN.15/RES/22/7"},
     NotFoundError, "older='A/RES/65/230'"),
])
def test_bad_arguments_are_named(kg: KnowledgeGraph, call: Callable[..., Any],
                                 kwargs: dict[str, Any], error: type[Exception],
                                 message: str) -> None:
    with pytest.raises(error, match=message):
        call(kg, **kwargs)


# -- the documentation ---------------------------------------------------------------------------


def test_the_analysis_doc_runs(stores: dict[str, Path], tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Every python block of docs/analysis.md, in order, against the embedded test store."""
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 5
    code = "\n".join(blocks)
    assert '"data/store"' in code
    code = code.replace('"data/store"', repr(str(stores["embedded"])))
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile(code, str(DOCS), "exec"), {"__name__": "analysis_doc"})
    assert (tmp_path / "co-citation.graphml").stat().st_size > 0
