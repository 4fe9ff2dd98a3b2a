"""The synthetic resolutions of bench/generate.py: deterministic, valid, and shaped like the UN's.

The benchmarks are only as good as their data: these tests pin that the generator gives the same
resolutions for a seed, that what it writes passes the SHACL shapes ingest output must pass, that
the citation graph only ever points back in time, and that bodies, years, paragraphs and citations
come in plausible numbers.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph
from unkg.graph.iris import Iris
from unkg.graph.store import META_GRAPH
from unkg.ingest.models import ReferenceKind, Resolution
from unkg.ingest.to_rdf import resolution_to_rdf
from unkg.ontology import bind_prefixes, load_shapes

from bench.generate import BODY_KEYS, FIRST_YEAR, LAST_YEAR, generate, main, write_nquads

WHEN = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample() -> list[Resolution]:
    return list(generate(400, 2))


def cited_resolutions(resolution: Resolution) -> list[tuple[str, str]]:
    """(citing symbol, cited symbol) of each resolution reference, paragraphs and footnotes."""
    references = [r for p in resolution.paragraphs for r in p.references]
    references += [r for f in resolution.footnotes for r in f.references]
    return [(str(resolution.symbol), str(r.target)) for r in references
            if r.kind is ReferenceKind.RESOLUTION]


def test_same_seed_same_resolutions() -> None:
    first = list(generate(30, 7))
    assert first == list(generate(30, 7))
    assert [r.source.text for r in first] == [r.source.text for r in generate(30, 7)]
    # another seed, other resolutions
    assert [r.source.sha256 for r in first] != [r.source.sha256 for r in generate(30, 8)]


def test_twenty_resolutions_conform_to_the_shapes() -> None:
    graph = bind_prefixes(Graph())
    for resolution in generate(20, 3):
        for triple in resolution_to_rdf(resolution, Iris(), generated_at=WHEN):
            graph.add(triple)
    # all twenty in one graph, so a cited resolution's description must agree with its own
    conforms, _, report = validate(graph, shacl_graph=load_shapes(), advanced=True)
    assert conforms, report


def test_citations_point_only_to_resolutions_adopted_earlier(sample: list[Resolution]) -> None:
    adopted = {str(r.symbol): r.date for r in sample}
    pairs = [pair for r in sample for pair in cited_resolutions(r)]
    assert len(pairs) > 3 * len(sample)
    for citing, cited in pairs:
        # every cited resolution is one of the generated, adopted on an earlier day
        assert cited in adopted, (citing, cited)
        citing_day, cited_day = adopted[citing], adopted[cited]
        assert citing_day is not None and cited_day is not None
        assert cited_day < citing_day, (citing, cited)


def test_bodies_years_and_paragraphs_are_plausible(sample: list[Resolution]) -> None:
    bodies = Counter(r.body for r in sample)
    assert set(bodies) == set(BODY_KEYS)
    # the General Assembly adopts the most, the Commission in Vienna the fewest
    assert bodies.most_common(1)[0][0] == "ga"
    assert 0.3 < bodies["ga"] / len(sample) < 0.6
    assert all(bodies[key] >= 10 for key in BODY_KEYS)
    for resolution in sample:
        assert resolution.date is not None and resolution.symbol is not None
        assert FIRST_YEAR <= resolution.date.year <= LAST_YEAR
        assert resolution.symbol.body == resolution.body
        # the Human Rights Council exists from 2006, the Commission from 1992
        assert resolution.body != "hrc" or resolution.date.year >= 2006
        assert resolution.body != "ccpcj" or resolution.date.year >= 1992
        assert 5 <= len(resolution.preamble) <= 10
        assert 8 <= len(resolution.operative) <= 15
        assert [p.number for p in resolution.operative] == [
            str(n) for n in range(1, len(resolution.operative) + 1)]
    assert len({r.symbol for r in sample}) == len(sample)


def test_spans_point_into_the_source_text(sample: list[Resolution]) -> None:
    for resolution in sample[:50]:
        text = resolution.source.text
        for paragraph in resolution.paragraphs:
            assert text[paragraph.span.start:paragraph.span.end] == paragraph.text
            located = [(x.span, x.text) for x in paragraph.references]
            located += [(x.span, x.text) for x in paragraph.mentions]
            located += [(x.span, x.text) for x in paragraph.subparagraphs]
            for span, written in located:
                assert text[span.start:span.end] == written
        for footnote in resolution.footnotes:
            assert text[footnote.span.start:footnote.span.end] == footnote.text
            assert footnote.paragraph in {p.id for p in resolution.paragraphs}
        for meeting in resolution.meetings:
            assert text[meeting.span.start:meeting.span.end] == meeting.text


def test_series_recall_their_predecessors_and_some_are_cited_a_lot(
    sample: list[Resolution],
) -> None:
    cited = Counter(target for r in sample for _, target in cited_resolutions(r))
    # preferential attachment: the most cited stand far above the average
    mean = sum(cited.values()) / len(cited)
    assert cited.most_common(1)[0][1] >= 4 * mean
    # most resolutions open by recalling earlier ones of their own body
    own = sum(any(ref.target is not None and ref.target.body == r.body
                  for ref in r.preamble[0].references) for r in sample)
    assert own > 0.6 * len(sample)


def test_nquads_hold_one_graph_per_resolution_and_its_metadata() -> None:
    resolutions = list(generate(5, 4))
    out = io.StringIO()
    written = write_nquads(resolutions, out)
    quads = list(ox.parse(out.getvalue().encode(), ox.RdfFormat.N_QUADS))
    graphs = Counter(q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode))
    names = {Iris().graph(r.symbol.slug) for r in resolutions if r.symbol is not None}
    assert set(graphs) == names | {META_GRAPH}
    # two metadata quads per graph, as ingest writes: sha256 and the extractor version
    assert graphs[META_GRAPH] == 2 * len(resolutions)
    assert written.triples == len(quads) - graphs[META_GRAPH]
    assert 300 < written.triples / written.resolutions < 600


def test_the_command_line_writes_the_file_and_says_how_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "three.nq"
    assert main(["--resolutions", "3", "--seed", "5", "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8").count("\n") > 900
    assert "resolutions/s" in capsys.readouterr().err
