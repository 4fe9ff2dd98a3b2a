"""AKN4UN XML read into the model (``unkg.ingest.akn``, ``akn_metadata``, ``akn_xml``).

Real files of each body are pinned: counts of preambular and operative paragraphs (checked by
counting the ``<container>`` and numbered ``<paragraph>`` elements of each file), printed numbers,
sub-paragraphs, footnotes and the paragraph that holds them, references with their origin (the
UN's link, the text finder, or both), subject keywords and the adoption record of the metadata
beside the file. Every span slices the XML file to the text it stands for. Hostile XML is refused,
the whole corpus is read, and the RDF of a sample conforms to the SHACL shapes.
"""

from __future__ import annotations

import html
import json
import random
import re
import shutil
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from unkg.graph.iris import Iris
from unkg.graph.symbols import Symbol
from unkg.ingest.akn import parse_akn, read_akn, read_akn_source
from unkg.ingest.akn_metadata import adoption_record_for, metadata_file
from unkg.ingest.akn_xml import fold, plain_text, xml_tree
from unkg.ingest.models import (
    Footnote,
    Paragraph,
    ReferenceOrigin,
    Relation,
    Resolution,
    UnresolvedKind,
    VoteKind,
)
from unkg.ingest.pipeline import parse_file
from unkg.ingest.to_rdf import resolution_to_rdf
from unkg.ontology import DCTERMS, UNKG, load_shapes

from unkg.errors import SourceError

GA_79_97 = "ga/79/A_RES_79_97-2423552E.xml"
GA_79_125 = "ga/79/A_RES_79_125-2423503E.xml"
GA_79_126 = "ga/79/A_RES_79_126-2423502E.xml"
GA_75_101 = "ga/75/75_101A-B_E.xml"  # a collection: resolutions 75/101 A and B in one file
SC_2561 = "sc/2021/SC_2561_2021-E.xml"
SC_2713 = "sc/2023/S_RES_2713-2323995E.xml"
HRC_55_1 = "hrc/55/A_HRC_RES_55_1E.xml"
SC_PRST = "sc/2020/S_PRST_2020_11.xml"


@pytest.fixture(scope="module")
def akn(corpus: Path) -> Path:
    return corpus / "akn"


@cache
def _parsed(path: Path) -> Resolution:
    return parse_akn(read_akn_source(path))


def parsed(akn: Path, name: str) -> Resolution:
    """The resolution of the corpus file ``name``, every stage run (each file parsed once)."""
    return _parsed(akn / name)


def _item(resolution: Resolution, name: str) -> Paragraph | Footnote:
    """A paragraph by id ("p2", "o6") or a footnote by marker ("fn1")."""
    if name.startswith("fn"):
        return next(f for f in resolution.footnotes if f.marker == name[2:])
    return next(p for p in resolution.paragraphs if p.id == name)


def _xml(resolution: Resolution, start: int, end: int) -> str:
    """What a span of the file reads as: tags dropped, entities decoded, whitespace folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", resolution.source.text[start:end]))
                    .split())


# -- structure ----------------------------------------------------------------------------------

STRUCTURE = [
    # GA 79/97: 4 preambular containers, 6 numbered operative paragraphs, 1 footnote
    (GA_79_97, "A/RES/79/97", "ga", date(2024, 12, 4), 4, 6, 1),
    # SC 2561 (2021): no preface; the symbol is printed on the cover
    (SC_2561, "S/RES/2561 (2021)", "sc", date(2021, 1, 29), 18, 18, 0),
    # HRC 55/1: the file names the Assembly as FRBR author; the work IRI's actor is unga-hrc
    (HRC_55_1, "A/HRC/RES/55/1", "hrc", date(2024, 4, 3), 18, 22, 3),
    # 75/101 A and B: one collection, paragraphs of both parts, operative numbers restart in B;
    # part A's one unnumbered paragraph holds (a)-(f) marked up as paragraphs of their own
    (GA_75_101, "A/RES/75/101 A-B", "ga", date(2020, 12, 10), 12, 136, 20),
    # SC 2713 (2023): a bold heading in the preamble is no paragraph; the annexes are set aside
    (SC_2713, "S/RES/2713 (2023)", "sc", date(2023, 12, 1), 21, 47, 1),
    # a presidential statement: no preamble, the Council's although its FRBR author says "ga"
    (SC_PRST, "S/PRST/2020/11", "sc", date(2020, 12, 4), 0, 20, 0),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "symbol", "body", "adopted", "preamble", "operative",
                          "footnotes"), STRUCTURE, ids=[row[1] for row in STRUCTURE])
def test_structure(akn: Path, name: str, symbol: str, body: str, adopted: date,
                   preamble: int, operative: int, footnotes: int) -> None:
    resolution = parsed(akn, name)
    assert str(resolution.symbol) == symbol
    assert resolution.body == body
    assert resolution.date == adopted
    assert (len(resolution.preamble), len(resolution.operative), len(resolution.footnotes)) == \
        (preamble, operative, footnotes)


PARAGRAPHS = [
    # the preambular container's name is the opening phrase
    (GA_79_97, "p2", None, "Having examined", "Having examined the report of the Secretary"),
    # operative paragraphs are numbered by <num>, not by eId (para_16 is paragraph 5)
    (GA_79_97, "o5", "5", "Requests", "Requests the Secretary-General to report"),
    (SC_2561, "p7", None, "Recalling", "Recalling its Presidential Statement (S/PRST/2020/9)"),
    (HRC_55_1, "o22", "22", "Decides", "Decides to remain seized of the matter"),
    # an unnumbered paragraph, the only one of part A of 75/101
    (GA_75_101, "o1", None, "Urges", "Urges all countries, organizations of the United Nations"),
    (GA_75_101, "o2", "1", "Requests", "Requests the Secretary-General, in respect of the global"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "paragraph", "number", "opening", "begins"), PARAGRAPHS,
                         ids=[f"{r[0].split('/')[-1]}-{r[1]}" for r in PARAGRAPHS])
def test_paragraphs(akn: Path, name: str, paragraph: str, number: str | None,
                    opening: str, begins: str) -> None:
    found = _item(parsed(akn, name), paragraph)
    assert isinstance(found, Paragraph)
    assert (found.number, found.opening) == (number, opening)
    assert found.text.startswith(begins)


@pytest.mark.corpus
def test_sub_paragraphs_nest_as_printed(akn: Path) -> None:
    # 75/101 A marks (a)-(f) and (i)-(iv) all as paragraphs side by side; in print (i)-(iv)
    # belong to (e), and (iii), (iv) carry a <num> of their own
    urges = _item(parsed(akn, GA_75_101), "o1")
    assert isinstance(urges, Paragraph)
    assert [s.label for s in urges.subparagraphs] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    e = urges.subparagraphs[4]
    assert [s.label for s in e.subparagraphs] == ["(i)", "(ii)", "(iii)", "(iv)"]
    assert e.text.startswith("To aim at, in addition to bilateral cooperation")
    assert e.subparagraphs[2].text.startswith("Assistance in establishing and promoting")
    # SC 2713 operative 6: <list>/<point> labelled "a.", "b.", "c."
    affirms = _item(parsed(akn, SC_2713), "o6")
    assert isinstance(affirms, Paragraph)
    assert [s.label for s in affirms.subparagraphs] == ["a.", "b.", "c."]


FOOTNOTES = [
    # GA 79/97 footnote 1 sits in the second preambular paragraph ("Having examined the report")
    (GA_79_97, "1", "p2", "A/79/71."),
    # a footnote of the title belongs to no paragraph
    ("ga/75/75_245B_E.xml", "1", None, "Resolution 75/245, in section VI of the Official Records"),
    (HRC_55_1, "3", "o11", "A/HRC/55/26."),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "marker", "paragraph", "begins"), FOOTNOTES)
def test_footnotes(akn: Path, name: str, marker: str, paragraph: str | None,
                   begins: str) -> None:
    resolution = parsed(akn, name)
    footnote = _item(resolution, "fn" + marker)
    assert isinstance(footnote, Footnote)
    assert footnote.paragraph == paragraph
    assert footnote.text.startswith(begins)
    if paragraph is not None:
        holder = _item(resolution, paragraph)
        assert isinstance(holder, Paragraph) and marker in holder.footnotes
        assert footnote.text not in holder.text  # the note is not part of the paragraph's text


# -- references ---------------------------------------------------------------------------------

REFERENCES = [
    # linked by the UN ("78/84") and read by the finder with its date: one reference, "both"
    (GA_79_97, "p1", "A/RES/78/84", ReferenceOrigin.BOTH, "resolution 78/84 of 7 December 2023",
     Relation.RECALLS),
    (GA_79_97, "fn1", "A/79/71", ReferenceOrigin.BOTH, "A/79/71", Relation.CITES),
    (SC_2561, "p7", "S/PRST/2020/9", ReferenceOrigin.BOTH, "S/PRST/2020/9", Relation.RECALLS),
    # only linked: in "Also recalls ... paragraphs 2 and 3 of the annex to resolution 71/146"
    # the finder reads "resolution 71/146" as part of a pinpoint
    (GA_79_125, "o6", "A/RES/71/146", ReferenceOrigin.MARKUP, "71/146", Relation.RECALLS),
    # "<a>7</a><a>8</a><a>/11</a><a>2</a>": four links that touch are one
    (GA_79_126, "p1", "A/RES/78/112", ReferenceOrigin.BOTH,
     "resolution 78/112 of 7 December 2023", Relation.RECALLS),
    # the UN links "217 A (III)" to the whole of 217 (III); the text names part A
    ("ga/79/A_RES_79_105-2423536E.xml", "fn10", "A/RES/217 A (III)", ReferenceOrigin.BOTH,
     "Resolution 217 A (III)", Relation.CITES),
    # not linked (the HRC files link almost nothing): found in the text only
    (HRC_55_1, "fn2", "S/PV.9564", ReferenceOrigin.TEXT, "S/PV.9564", Relation.CITES),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "where", "target", "origin", "text", "relation"), REFERENCES,
                         ids=[f"{r[0].split('/')[-1]}-{r[1]}-{r[2]}" for r in REFERENCES])
def test_references(akn: Path, name: str, where: str, target: str, origin: ReferenceOrigin,
                    text: str, relation: Relation) -> None:
    resolution = parsed(akn, name)
    found = [r for r in _item(resolution, where).references if r.target == Symbol.parse(target)]
    assert [(r.origin, r.text, r.relation) for r in found] == [(origin, text, relation)]
    assert _xml(resolution, found[0].span.start, found[0].span.end) == text


@pytest.mark.corpus
def test_named_instrument_found_in_the_text(akn: Path) -> None:
    # "Guided by the purposes and principles of the Charter of the United Nations": no link
    guided = _item(parsed(akn, HRC_55_1), "p1")
    assert [(r.instrument, r.origin) for r in guided.references] == \
        [("un-charter", ReferenceOrigin.TEXT)]


@pytest.mark.corpus
def test_markup_spans_slice_the_file_to_the_link_text(akn: Path) -> None:
    for name in (GA_79_97, SC_2561, GA_75_101, SC_2713, GA_79_126):
        resolution = read_akn(read_akn_source(akn / name))
        items: list[Paragraph | Footnote] = [*resolution.paragraphs, *resolution.footnotes]
        links = [r for item in items for r in item.references]
        assert links and all(r.origin is ReferenceOrigin.MARKUP for r in links)
        for ref in links:
            assert _xml(resolution, ref.span.start, ref.span.end) == ref.text, (name, ref)


@pytest.mark.corpus
def test_every_character_maps_into_the_file(akn: Path) -> None:
    resolution = parsed(akn, GA_75_101)
    items: list[Paragraph | Footnote] = [*resolution.paragraphs, *resolution.footnotes]
    for item in items:
        assert len(item.offsets) == len(item.text) + 1
        assert list(item.offsets) == sorted(set(item.offsets))
        for char, offset in zip(item.text, item.offsets, strict=False):
            source = resolution.source.text[offset]
            assert char == source or char == " " or source == "&", (item, char, source)


# -- subjects and the adoption record -----------------------------------------------------------

@pytest.mark.corpus
def test_subjects_are_the_keyword_iris_once_each_in_order(akn: Path) -> None:
    subjects = parsed(akn, GA_79_97).subjects
    assert subjects[:3] == ("http://metadata.un.org/sdg/4", "http://eurovoc.europa.eu/668",
                            "http://metadata.un.org/thesaurus/1001893")
    assert len(subjects) == len(set(subjects)) == 22


RECORDS = [
    # GA, from the Fourth Committee's report, without a vote (ga/metadata/79.jsonl)
    (GA_79_97, "47th plenary meeting", 47, date(2024, 12, 4), "A/79/430", "A/79/PV.47", "57",
     "Fourth Committee", VoteKind.WITHOUT_VOTE, (None, None, None)),
    # SC, voting by mail, unanimous: no meeting, so no meeting record (sc/metadata/2021.jsonl)
    (SC_2561, "Voting by mail", None, date(2021, 1, 29), "S/2021/86", None,
     "The situation in Cyprus", None, VoteKind.UNANIMOUS, (15, 0, 0)),
    # SC, adopted 14-0-1 at the 9490th meeting: the verbatim record is S/PV.9490
    (SC_2713, "9490th meeting", 9490, date(2023, 12, 1), "S/2023/937", "S/PV.9490",
     "Peace and security in Africa", None, VoteKind.VOTE, (14, 0, 1)),
    # HRC, a recorded vote of 21 to 8 with 18 abstentions (hrc/metadata/55.jsonl, whose lines
    # are wrapped in stray quotes)
    (HRC_55_1, "53rd meeting", 53, date(2024, 4, 3), "A/HRC/55/L.20/Rev.1", None, "2", None,
     VoteKind.RECORDED, (21, 8, 18)),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "meeting", "number", "adopted", "draft", "record", "agenda",
                          "committee", "kind", "counts"), RECORDS,
                         ids=[r[0].split("/")[-1] for r in RECORDS])
def test_adoption_record(akn: Path, name: str, meeting: str, number: int | None, adopted: date,
                         draft: str, record: str | None, agenda: str, committee: str | None,
                         kind: VoteKind, counts: tuple[int | None, ...]) -> None:
    found = parsed(akn, name).record
    assert found is not None and found.vote is not None
    assert (found.meeting, found.meeting_number, found.date) == (meeting, number, adopted)
    assert (str(found.draft), str(found.record) if found.record else None) == (draft, record)
    assert (found.agenda_item, found.committee) == (agenda, committee)
    assert found.vote.kind is kind
    assert (found.vote.in_favour, found.vote.against, found.vote.abstaining) == counts


@pytest.mark.corpus
def test_per_country_votes(akn: Path) -> None:
    vote = parsed(akn, HRC_55_1).record.vote
    assert len(vote.states_in_favour) == 21 and "ALBANIA" in vote.states_in_favour
    assert vote.states_against == ("ALGERIA", "BURUNDI", "CHINA", "CÔTE D'IVOIRE", "CUBA",
                                   "ERITREA", "SOMALIA", "SUDAN")
    assert parsed(akn, SC_2713).record.vote.states_abstaining == ("RUSSIAN FEDERATION",)


@pytest.mark.corpus
def test_no_metadata_row_means_the_printed_statement(akn: Path) -> None:
    # ga/metadata/78.jsonl has no row for 78/258: the record is read from the statement printed
    # at the end, "50th (resumed) plenary meeting 22 December 2023"
    resolution = parsed(akn, "ga/78/A_RES_78_258-2326254E.xml")
    assert resolution.adoption == "50th (resumed) plenary meeting 22 December 2023"
    assert resolution.record is not None and resolution.record.date == date(2023, 12, 22)


def _copy_with_metadata(akn: Path, tmp: Path, lines: list[str]) -> Path:
    """The GA 79/97 file copied into ``tmp``/ga/79 with a metadata file of ``lines`` beside it."""
    target = tmp / "ga" / "79" / Path(GA_79_97).name
    target.parent.mkdir(parents=True)
    shutil.copy(akn / GA_79_97, target)
    metadata_file(target).parent.mkdir(parents=True)
    metadata_file(target).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _real_row(akn: Path, symbol: str) -> str:
    for line in (akn / "ga" / "metadata" / "79.jsonl").read_text(encoding="utf-8").splitlines():
        if json.loads(line)["symbol"] == symbol:
            return line
    raise AssertionError(symbol)


@pytest.mark.corpus
def test_malformed_metadata_line_names_file_and_line(akn: Path, tmp_path: Path) -> None:
    row = _real_row(akn, "A/RES/79/97")
    target = _copy_with_metadata(akn, tmp_path, [row, row[: len(row) // 2]])
    with pytest.raises(SourceError) as error:
        parse_akn(read_akn_source(target))
    assert error.value.path == str(metadata_file(target))
    assert error.value.problem.startswith("line 2:")


@pytest.mark.corpus
def test_metadata_lines_in_stray_quotes_and_missing_rows(akn: Path, tmp_path: Path) -> None:
    # the HRC export's quirk, on a GA row: "{...}" lines with lone '"' lines between
    row = _real_row(akn, "A/RES/79/97")
    target = _copy_with_metadata(akn, tmp_path, ['"', f'"{row}"', '"'])
    record = adoption_record_for(target, Symbol.parse("A/RES/79/97"))
    assert record is not None and str(record.record) == "A/79/PV.47"
    assert adoption_record_for(target, Symbol.parse("A/RES/79/98")) is None
    assert adoption_record_for(tmp_path / "elsewhere.xml", Symbol.parse("A/RES/79/97")) is None


# -- the tokenizer ------------------------------------------------------------------------------

def test_entities_decode_and_map_to_their_ampersand() -> None:
    # a link of A/RES/79/1's footnotes, as the file has it (an &amp; in the attribute and text)
    raw = ('<p xml:space="preserve">\t\t<a href="https://digitallibrary.un.org/record/4061002?'
           'ln=en&amp;v=pdf">https://digitallibrary.un.org/record/4061002?ln=en&amp;v=pdf</a>.'
           "</p>")
    paragraph = xml_tree(raw).root.find("p")
    assert paragraph is not None
    link = paragraph.find("a")
    assert link is not None
    assert link.attr("href") == "https://digitallibrary.un.org/record/4061002?ln=en&v=pdf"
    folded = fold([paragraph])
    assert folded.text == "https://digitallibrary.un.org/record/4061002?ln=en&v=pdf."
    amp = folded.text.index("&")
    assert raw[folded.offsets[amp]:folded.offsets[amp] + 5] == "&amp;"
    assert raw[folded.offsets[amp + 1]] == "v"  # the character after the entity


def test_footnotes_are_left_out_of_the_text_that_calls_them() -> None:
    # GA 79/97, second preambular paragraph, exactly as the file has it
    raw = ('<container name="Having examined" eId="container_3">\r\n        <p xml:space="prese'
           'rve">\t<span class="italic">Having examined</span> the report of the Secretary-Gener'
           'al,<authorialNote marker="1" placement="bottom" eId="authorialNote_1"><p xml:space="'
           'preserve">\t \t<a href="https://undocs.org/en/A/79/71">A/79/71</a>.</p></authorialNo'
           'te> prepared pursuant to its resolution <a href="https://undocs.org/en/A/RES/845(IX)">'
           "845 (IX)</a> of 22 November 1954,</p>\r\n      </container>")
    tree = xml_tree(raw, collect=frozenset({"authorialNote"}))
    container = tree.root.find("container")
    assert container is not None
    folded = fold([container])
    assert folded.text == ("Having examined the report of the Secretary-General, prepared "
                           "pursuant to its resolution 845 (IX) of 22 November 1954,")
    assert [a.attr("href") for a in folded.anchors] == ["https://undocs.org/en/A/RES/845(IX)"]
    assert [n.attr("marker") for n in folded.notes] == [n.attr("marker") for n in tree.collected]
    assert fold(tree.collected).text == "A/79/71."
    assert plain_text(folded.italic) == "Having examined"


# -- safety -------------------------------------------------------------------------------------

HOSTILE = [
    # billion laughs: nested entity expansion
    ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
     '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
     '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
     '<akomaNtoso><statement name="resolution"><preamble><container name="Recalling">'
     "<p>&lol3;</p></container></preamble></statement></akomaNtoso>"),
    # an external entity that would read a local file
    ('<?xml version="1.0"?><!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
     "<akomaNtoso><statement><preamble><container><p>&xxe;</p></container></preamble>"
     "</statement></akomaNtoso>"),
    # an external DTD that would be fetched from the network
    ('<!DOCTYPE akomaNtoso SYSTEM "http://example.org/akn.dtd"><akomaNtoso/>'),
    # not well-formed
    "<akomaNtoso><statement></akomaNtoso>",
    # well-formed, but not Akoma Ntoso
    "<html><body><p>Recalling</p></body></html>",
]


@pytest.mark.parametrize("text", HOSTILE, ids=["billion-laughs", "external-entity",
                                               "external-dtd", "malformed", "not-akn"])
def test_hostile_or_broken_xml_is_refused_naming_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as error:
        parse_file(path)
    assert error.value.path == str(path)
    assert str(path) in str(error.value)


# -- the whole corpus ---------------------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.slow
def test_every_akn_file_reads(akn: Path) -> None:
    files = sorted(akn.glob("*/*/*.xml"))
    assert len(files) > 2000
    for path in files:
        resolution = read_akn(read_akn_source(path))
        assert resolution.symbol is not None, path
        assert resolution.paragraphs, path
        for ref in (r for p in resolution.paragraphs for r in p.references):
            assert ref.span.start < ref.span.end <= len(resolution.source.text), path


@pytest.mark.corpus
def test_rdf_of_a_sample_conforms_to_the_shapes(akn: Path) -> None:
    files = sorted(akn.glob("*/*/*.xml"))
    sample = random.Random(20240922).sample(files, 30)
    shapes = load_shapes()
    when = datetime(2026, 1, 1, tzinfo=UTC)
    for path in sample:
        graph = Graph()
        for triple in resolution_to_rdf(_parsed(path), Iris(), generated_at=when):
            graph.add(triple)
        conforms, _, report = validate(graph, shacl_graph=shapes, advanced=True)
        assert conforms, f"{path}\n{report}"


@pytest.mark.corpus
def test_rdf_of_the_adoption_subjects_and_origins(akn: Path) -> None:
    resolution = parsed(akn, SC_2713)
    graph = Graph()
    for triple in resolution_to_rdf(resolution, Iris(), generated_at=datetime.now(UTC)):
        graph.add(triple)
    subject = URIRef(Iris().symbol(Symbol.parse("S/RES/2713 (2023)")))
    adoption = URIRef(f"{subject}/adoption")
    assert (subject, UNKG.adoption, adoption) in graph
    assert (adoption, UNKG.voteKind, Literal("vote")) in graph
    assert (adoption, UNKG.abstentions, Literal(1)) in graph
    assert (adoption, UNKG.abstained, Literal("RUSSIAN FEDERATION")) in graph
    assert (adoption, UNKG.meetingRecord, URIRef(Iris().symbol(Symbol.parse("S/PV.9490")))) \
        in graph
    assert (subject, DCTERMS.subject, URIRef("http://metadata.un.org/sdg/16")) in graph
    assert (subject, UNKG.aknFRBRuri,
            Literal("/akn/un/statement/deliberation/unsc/2023-12-01/2713-2023/")) in graph
    # links the finder also read, and citations the UN left unlinked ("Chapter VII of the Charter")
    assert {"text", "both"} <= {str(o) for o in graph.objects(None, UNKG.origin)}


@pytest.mark.corpus
def test_annexes_are_set_aside_as_unresolved(akn: Path) -> None:
    # SC 2713's annexes A and B follow the heading "Annex A – Items subject to a no-objection
    # process": one unresolved passage, and their "*" footnotes are not read
    resolution = parsed(akn, SC_2713)
    annexes = [u for u in resolution.unresolved if u.kind is UnresolvedKind.STRUCTURE]
    assert [(u.reason, u.text[:7]) for u in annexes] == [("annex (not segmented)", "Annex A")]
    assert [f.marker for f in resolution.footnotes] == ["1"]
    assert all(p.span.end <= annexes[0].span.start for p in resolution.paragraphs)


@pytest.mark.corpus
def test_pipeline_reads_xml_with_the_akn_stage(akn: Path) -> None:
    resolution = parse_file(akn / GA_79_97)
    assert resolution.source.media_type == "application/akn+xml"
    assert resolution.akn_work == "/akn/un/statement/deliberation/unga/2024-12-04/79-97/"
