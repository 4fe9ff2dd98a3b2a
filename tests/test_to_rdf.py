"""The RDF of a resolution: conforms to the SHACL shapes, is deterministic and traceable.

Two resolutions are built by hand from real text, with spans into that text: part of the seed
(CCPCJ resolution 22/7: references, a named declaration carried by a resolution, footnotes, a
meeting, mandates, an expert group under a functional commission of ECOSOC) and Security Council
resolution 11 (1946) from the OCR corpus (sub-paragraphs, a dated resolution with an AKN work IRI,
an uninterpreted passage). The seed golden-file test comes with the assembled pipeline.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from unkg.graph.bodies import EntityKind
from unkg.graph.iris import Iris
from unkg.graph.symbols import Symbol
from unkg.ingest.models import (
    AdoptionRecord,
    Entity,
    Footnote,
    Instrument,
    InstrumentKind,
    Mandate,
    MandateVerb,
    Meeting,
    Mention,
    Paragraph,
    ParagraphKind,
    Reference,
    ReferenceKind,
    ReferenceOrigin,
    Relation,
    Resolution,
    Source,
    Span,
    SubParagraph,
    Unresolved,
    UnresolvedKind,
    Vote,
    VoteKind,
)
from unkg.ingest.to_rdf import Triple, graph_slug, resolution_to_rdf
from unkg.ontology import CITO, DCTERMS, PROV, RDF, RDFS, UNKG, bind_prefixes, load_shapes

from unkg import EXTRACTOR_VERSION

IRIS = Iris()
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SEED_IRI = "https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7"
GA_65_230 = URIRef("https://w3id.org/unkg/id/resolution/A_RES_65_230")
SC_11_IRI = "https://w3id.org/unkg/id/resolution/S_RES_11(1946)"

# Security Council resolution 11 (1946), exactly as the OCR corpus has it
# (text/unsc-1946-1994/S_RES_0011_1946_EN_GOLD.txt).
SC_11_TEXT = """\
11 (1946). Resolution of 15 November 1946

The Security Council

Recommends that the General Assembly, in accordance with Article 93, paragraph 2, of the Charter, \
determine the conditions on which Switzerland may become a party to the Statute of the \
International Court of Justice, as follows:

Switzerland will become a party to the Statute on the date of the deposit with the Secretary-General
of the United Nations of an instrument, signed on behalf of the Government of Switzerland and \
ratified as may be required by Swiss constitutional law, containing :

(a) Acceptance of the provisions of the Statute of the International Court of Justice;

(b) Acceptance of all the obligations of a Member of the United Nations under Article 94 of the \
Charter ;

(c) An undertaking to contribute to the expenses of the Court such equitable amount as the General
Assembly shall assess from time to time, after consultation with the Swiss Government.

Adopted at the 80th meeting 25

25 Adopted without vote."""


def span(text: str, first: str, last: str | None = None, *, after: str = "") -> Span:
    """The span from ``first`` to the end of ``last`` (both single-line snippets of ``text``),
    searching from the first occurrence of ``after``."""
    start = text.index(first, text.index(after) if after else 0)
    end = text.index(last, start) + len(last) if last else start + len(first)
    return Span(start, end)


def source(text: str, path: str) -> Source:
    return Source(path, hashlib.sha256(text.encode()).hexdigest(), "text/plain", text)


def seed_resolution(text: str) -> Resolution:
    """Part of CCPCJ resolution 22/7 as the pipeline should understand it."""
    ga_65_230 = Symbol.parse("A/RES/65/230")
    p1 = Paragraph(
        ParagraphKind.PREAMBULAR, 1, "Recalling",
        "Recalling General Assembly resolution 65/230 of 21 December 2010, in which the Assembly "
        "endorsed the Salvador Declaration on Comprehensive Strategies for Global Challenges: "
        "Crime Prevention and Criminal Justice Systems and Their Development in a Changing World "
        "and requested the Commission on Crime Prevention and Criminal Justice to establish ...",
        span(text, "Recalling General Assembly", "to cybercrime,"),
        references=(
            Reference("General Assembly resolution 65/230 of 21 December 2010",
                      span(text, "General Assembly resolution 65/230", "2010"),
                      ReferenceKind.RESOLUTION, Relation.RECALLS, target=ga_65_230,
                      date=date(2010, 12, 21)),
            Reference("Salvador Declaration on Comprehensive Strategies for Global Challenges",
                      span(text, "Salvador Declaration on", "World"), ReferenceKind.INSTRUMENT,
                      Relation.RECALLS, instrument="salvador-declaration"),
        ),
        mentions=(Mention("ga", "General Assembly", span(text, "General Assembly")),),
    )
    o1 = Paragraph(
        ParagraphKind.OPERATIVE, 1, "Takes note of",
        "Takes note of the comprehensive study on cybercrime prepared by the United Nations "
        "Office on Drugs and Crime under the auspices of the open-ended intergovernmental Expert "
        "Group to Conduct a Comprehensive Study on Cybercrime and the discussion on its content "
        "at the Expert Group\u2019s second meeting of the group, held in Vienna from 25 to 28 "
        "February 2013, at which diverse views were expressed regarding the content, findings "
        "and options presented in the study;",
        span(text, "Takes note of the comprehensive", "study;"), number="1",
        references=(Reference("the comprehensive study on cybercrime",
                              span(text, "comprehensive study on cybercrime"),
                              ReferenceKind.REPORT, Relation.TAKES_NOTE,
                              instrument="unodc-cybercrime-study"),),
    )
    o3 = Paragraph(
        ParagraphKind.OPERATIVE, 3, "Invites",
        "Invites Member States to continue to consider the problem of cybercrime under the aegis "
        "of the Commission on Crime Prevention and Criminal Justice, building, inter alia, on the "
        "work of the open-ended intergovernmental Expert Group to Conduct a Comprehensive Study on "
        "Cybercrime established by the Commission;",
        span(text, "Invites Member States to continue", "by the Commission;"), number="3",
        footnotes=("1",),
        mandates=(Mandate(MandateVerb.INVITES, "member-states", "Member States",
                          "to continue to consider the problem of cybercrime",
                          span(text, "Invites Member States to continue", "by the Commission;")),),
        mentions=(Mention("member-states", "Member States",
                          span(text, "Member States", after="Invites Member States")),
                  Mention("ccpcj", "Commission on Crime Prevention",
                          span(text, "Commission on Crime Prevention", after="3. Invites"))),
    )
    o5 = Paragraph(
        ParagraphKind.OPERATIVE, 5, "Requests",
        "Requests the open-ended intergovernmental Expert Group, with the assistance of the "
        "Secretariat, as appropriate, to continue its work towards fulfilling its mandate;",
        span(text, "Requests the open-ended intergovernmental Expert Group,", "its mandate;2"),
        number="5", footnotes=("2",),
        mandates=(Mandate(MandateVerb.REQUESTS, "expert-group-cybercrime",
                          "the open-ended intergovernmental Expert Group",
                          "to continue its work towards fulfilling its mandate",
                          span(text, "Requests the open-ended intergovernmental Expert Group,",
                               "its mandate;")),),
    )
    fn1 = Footnote(
        "1", "See UNODC/CCPCJ/EG.4/2011/3 and UNODC/CCPCJ/EG.4/2013/3.",
        span(text, "See UNODC/CCPCJ/EG.4/2011/3", "2013/3."), paragraph="o3",
        references=tuple(
            Reference(symbol, span(text, symbol), ReferenceKind.DOCUMENT, Relation.CITES,
                      target=Symbol.parse(symbol))
            for symbol in ("UNODC/CCPCJ/EG.4/2011/3", "UNODC/CCPCJ/EG.4/2013/3")),
    )
    fn2 = Footnote(
        "2", "General Assembly resolution 65/230, annex, para. 42.",
        span(text, "General Assembly resolution 65/230, annex", "para. 42."), paragraph="o5",
        references=(Reference("General Assembly resolution 65/230, annex, para. 42",
                              span(text, "General Assembly resolution 65/230, annex", "para. 42"),
                              ReferenceKind.RESOLUTION, Relation.CITES, target=ga_65_230,
                              pinpoint="annex, para. 42"),),
    )
    return Resolution(
        source=source(text, "data/ccpcj-resolution-22-7.txt"),
        symbol=Symbol.parse("E/CN.15/RES/22/7"), number="22/7", body="ccpcj",
        title="Strengthening international cooperation to combat cybercrime",
        preamble=(p1,), operative=(o1, o3, o5), footnotes=(fn1, fn2),
        entities=(
            Entity("ccpcj", "Commission on Crime Prevention and Criminal Justice",
                   EntityKind.SUBSIDIARY_BODY, parent="ecosoc", acronym="CCPCJ"),
            Entity("ga", "General Assembly", EntityKind.PRINCIPAL_ORGAN, acronym="GA"),
            Entity("member-states", "Member States", EntityKind.MEMBER_STATES),
            Entity("unodc", "United Nations Office on Drugs and Crime", EntityKind.OFFICE,
                   parent="secretariat", acronym="UNODC"),
            Entity("expert-group-cybercrime", "open-ended intergovernmental Expert Group to "
                   "Conduct a Comprehensive Study on Cybercrime", EntityKind.EXPERT_GROUP,
                   parent="ccpcj"),
        ),
        instruments=(
            Instrument("salvador-declaration", "Salvador Declaration on Comprehensive Strategies "
                       "for Global Challenges: Crime Prevention and Criminal Justice Systems and "
                       "Their Development in a Changing World", InstrumentKind.DECLARATION,
                       symbol=ga_65_230),
            Instrument("unodc-cybercrime-study", "Comprehensive Study on Cybercrime",
                       InstrumentKind.REPORT, author="unodc"),
        ),
        meetings=(Meeting("expert-group-cybercrime-2",
                          "second meeting of the group, held in Vienna from 25 to 28 February 2013",
                          span(text, "second meeting of the group", "February 2013"),
                          body="expert-group-cybercrime", ordinal=2, place="Vienna",
                          start=date(2013, 2, 25), end=date(2013, 2, 28)),),
    )


def sc_11_resolution(text: str = SC_11_TEXT) -> Resolution:
    """Security Council resolution 11 (1946): one operative paragraph with (a) to (c)."""
    subs = tuple(
        SubParagraph(label, body, span(text, f"({label}) {body[:20]}", body[-12:]))
        for label, body in (
            ("a", "Acceptance of the provisions of the Statute of the International Court of "
                  "Justice;"),
            ("b", "Acceptance of all the obligations of a Member of the United Nations under "
                  "Article 94 of the Charter ;"),
            ("c", "An undertaking to contribute to the expenses of the Court such equitable amount "
                  "as the General Assembly shall assess from time to time, after consultation "
                  "with the Swiss Government."),
        )
    )
    o1 = Paragraph(
        ParagraphKind.OPERATIVE, 1, "Recommends",
        "Recommends that the General Assembly, in accordance with Article 93, paragraph 2, of the "
        "Charter, determine the conditions on which Switzerland may become a party to the Statute "
        "of the International Court of Justice, as follows: ...",
        span(text, "Recommends that", "Swiss Government."),
        subparagraphs=subs,
        references=(
            Reference("Article 93, paragraph 2, of the Charter",
                      span(text, "Article 93", "of the Charter"), ReferenceKind.INSTRUMENT,
                      Relation.IMPLEMENTS, instrument="un-charter", pinpoint="Article 93, para. 2"),
            Reference("the Statute of the International Court of Justice",
                      span(text, "the Statute of the International Court of Justice"),
                      ReferenceKind.INSTRUMENT, Relation.CITES, instrument="icj-statute"),
        ),
        mandates=(Mandate(MandateVerb.RECOMMENDS, "ga", "the General Assembly",
                          "determine the conditions on which Switzerland may become a party to "
                          "the Statute of the International Court of Justice",
                          span(text, "Recommends that", "as follows:")),),
    )
    return Resolution(
        source=source(text, "S_RES_0011_1946_EN_GOLD.txt"),
        symbol=Symbol.parse("S/RES/11 (1946)"), number="11 (1946)", body="sc", title=None,
        date=date(1946, 11, 15), operative=(o1,),
        footnotes=(Footnote("25", "Adopted without vote.", span(text, "Adopted without vote.")),),
        entities=(Entity("sc", "Security Council", EntityKind.PRINCIPAL_ORGAN, acronym="SC"),
                  Entity("ga", "General Assembly", EntityKind.PRINCIPAL_ORGAN, acronym="GA")),
        instruments=(Instrument("un-charter", "Charter of the United Nations",
                                InstrumentKind.CHARTER, adopted=date(1945, 6, 26)),
                     Instrument("icj-statute", "Statute of the International Court of Justice",
                                InstrumentKind.STATUTE)),
        meetings=(Meeting("sc-80", "the 80th meeting", span(text, "80th meeting"), body="sc",
                          ordinal=80),),
        unresolved=(Unresolved(UnresolvedKind.STRUCTURE, "Switzerland will become a party",
                               span(text, "Switzerland will become a party"),
                               "text between a paragraph and its sub-paragraphs"),),
    )


def to_graph(triples: list[Triple]) -> Graph:
    graph = bind_prefixes(Graph())
    for triple in triples:
        graph.add(triple)
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def seed_graph(seed_text: str) -> Graph:
    return to_graph(resolution_to_rdf(seed_resolution(seed_text), IRIS, generated_at=WHEN))


@pytest.fixture(scope="module")
def sc_graph() -> Graph:
    return to_graph(resolution_to_rdf(sc_11_resolution(), IRIS, generated_at=WHEN))


def assert_conforms(graph: Graph, shapes: Graph) -> None:
    conforms, _, report = validate(graph, shacl_graph=shapes, advanced=True)
    assert conforms, report


def test_seed_conforms_to_shapes(seed_graph: Graph, shapes: Graph) -> None:
    assert_conforms(seed_graph, shapes)


def test_sc_11_conforms_to_shapes(sc_graph: Graph, shapes: Graph) -> None:
    assert_conforms(sc_graph, shapes)


def test_shapes_catch_a_reference_without_cited_work(seed_graph: Graph, shapes: Graph) -> None:
    broken = to_graph(list(seed_graph))
    broken.remove((None, UNKG.citedWork, None))
    assert not validate(broken, shacl_graph=shapes, advanced=True)[0]


def test_shapes_catch_a_span_that_ends_before_it_starts(sc_graph: Graph, shapes: Graph) -> None:
    broken = to_graph(list(sc_graph))
    paragraph = URIRef(f"{SC_11_IRI}/o1")
    broken.set((paragraph, UNKG.end, Literal(0)))
    assert not validate(broken, shacl_graph=shapes, advanced=True)[0]


def test_shapes_catch_an_unresolved_count_out_of_step(sc_graph: Graph, shapes: Graph) -> None:
    broken = to_graph(list(sc_graph))
    broken.set((URIRef(SC_11_IRI), UNKG.unresolvedCount, Literal(5)))
    assert not validate(broken, shacl_graph=shapes, advanced=True)[0]


S = URIRef(SEED_IRI)
P1, O3, O5 = URIRef(f"{SEED_IRI}/p1"), URIRef(f"{SEED_IRI}/o3"), URIRef(f"{SEED_IRI}/o5")
BODY = "https://w3id.org/unkg/id/body/"
INSTRUMENT = "https://w3id.org/unkg/id/instrument/"
MEETING = URIRef("https://w3id.org/unkg/id/meeting/expert-group-cybercrime-2")

SEED_FACTS = [
    # the resolution: its symbol, number, title, adopting body and undocs link
    (S, RDF.type, UNKG.Resolution),
    (S, DCTERMS.identifier, Literal("E/CN.15/RES/22/7")),
    (S, UNKG.number, Literal("22/7")),
    (S, DCTERMS.title, Literal("Strengthening international cooperation to combat cybercrime")),
    (S, UNKG.adoptedBy, URIRef(BODY + "ccpcj")),
    (S, RDFS.seeAlso, URIRef("https://undocs.org/E/CN.15/RES/22/7")),
    # paragraphs in order, with their kind, opening phrase and number
    (S, UNKG.hasParagraph, P1),
    (P1, RDF.type, UNKG.PreambularParagraph),
    (P1, RDF.type, UNKG.Paragraph),
    (P1, UNKG.openingPhrase, Literal("Recalling")),
    (O3, UNKG["index"], Literal(3)),
    (O3, UNKG.number, Literal("3")),
    # "Recalling General Assembly resolution 65/230": a reference node and the shortcut triples
    (URIRef(f"{SEED_IRI}/p1/ref/1"), UNKG.citingParagraph, P1),
    (URIRef(f"{SEED_IRI}/p1/ref/1"), UNKG.citedWork, GA_65_230),
    (URIRef(f"{SEED_IRI}/p1/ref/1"), UNKG.relation, UNKG["relation-recalls"]),
    (URIRef(f"{SEED_IRI}/p1/ref/1"), CITO.hasCitationCharacterization, UNKG.recalls),
    # found in the running text (the seed has no publisher's markup)
    (URIRef(f"{SEED_IRI}/p1/ref/1"), UNKG.origin, Literal("text")),
    (S, UNKG.recalls, GA_65_230),
    (S, UNKG.cites, GA_65_230),
    # the cited resolution: typed, dated, labelled, linked to undocs and to its AKN work
    (GA_65_230, RDF.type, UNKG.Resolution),
    (GA_65_230, DCTERMS.identifier, Literal("A/RES/65/230")),
    (GA_65_230, DCTERMS.date, Literal(date(2010, 12, 21))),
    (GA_65_230, UNKG.aknFRBRuri, Literal("/akn/un/statement/deliberation/unga/2010-12-21/65-230/")),
    # the Salvador Declaration: a named instrument carried by resolution 65/230
    (URIRef(INSTRUMENT + "salvador-declaration"), RDF.type, UNKG.Declaration),
    (URIRef(INSTRUMENT + "salvador-declaration"), UNKG.carriedBy, GA_65_230),
    (S, UNKG.recalls, URIRef(INSTRUMENT + "salvador-declaration")),
    # "Takes note of the comprehensive study": a report by UNODC
    (S, UNKG.takesNoteOf, URIRef(INSTRUMENT + "unodc-cybercrime-study")),
    (URIRef(INSTRUMENT + "unodc-cybercrime-study"), DCTERMS.creator, URIRef(BODY + "unodc")),
    # footnote 2 is attached to operative paragraph 5 and cites 65/230 with a pinpoint
    (URIRef(f"{SEED_IRI}/fn/2"), UNKG.attachedTo, O5),
    (URIRef(f"{SEED_IRI}/fn/2/ref/1"), UNKG.pinpoint, Literal("annex, para. 42")),
    # footnote 1 cites a document of the expert group by symbol
    (URIRef("https://w3id.org/unkg/id/document/UNODC_CCPCJ_EG.4_2013_3"), RDF.type,
     UNKG.Document),
    # the body hierarchy: expert group -> CCPCJ -> ECOSOC (from the registry)
    (URIRef(BODY + "expert-group-cybercrime"), UNKG.establishedBy, URIRef(BODY + "ccpcj")),
    (URIRef(BODY + "expert-group-cybercrime"), UNKG.subOrganizationOf, URIRef(BODY + "ccpcj")),
    (URIRef(BODY + "ccpcj"), UNKG.subOrganizationOf, URIRef(BODY + "ecosoc")),
    (URIRef(BODY + "ccpcj"), RDF.type, UNKG.FunctionalCommission),
    (URIRef(BODY + "ccpcj"), RDF.type, UNKG.Body),
    (URIRef(BODY + "ecosoc"), RDFS.label, Literal("Economic and Social Council")),
    (URIRef(BODY + "ecosoc"), RDF.type, UNKG.PrincipalOrgan),
    (URIRef(BODY + "unodc"), UNKG.subOrganizationOf, URIRef(BODY + "secretariat")),
    # "Invites Member States to continue ...": a mandate
    (URIRef(f"{SEED_IRI}/o3/mandate/1"), UNKG.addressee, URIRef(BODY + "member-states")),
    (URIRef(f"{SEED_IRI}/o3/mandate/1"), UNKG.verb, UNKG["verb-invites"]),
    (URIRef(f"{SEED_IRI}/o3/mandate/1"), UNKG.inParagraph, O3),
    (O3, UNKG.mentions, URIRef(BODY + "ccpcj")),
    # "the Expert Group's second meeting ..., held in Vienna from 25 to 28 February 2013"
    (S, UNKG.mentions, MEETING),
    (MEETING, UNKG.ofBody, URIRef(BODY + "expert-group-cybercrime")),
    (MEETING, UNKG.ordinal, Literal(2)),
    (MEETING, UNKG.place, Literal("Vienna")),
    (MEETING, UNKG.startDate, Literal(date(2013, 2, 25))),
    (MEETING, UNKG.endDate, Literal(date(2013, 2, 28))),
    # nothing uninterpreted
    (S, UNKG.unresolvedCount, Literal(0)),
]


@pytest.mark.parametrize("triple", SEED_FACTS, ids=lambda t: " ".join(x.n3()[-40:] for x in t))
def test_seed_facts(seed_graph: Graph, triple: Triple) -> None:
    assert triple in seed_graph


def test_seed_date_unknown_means_no_akn_iri_and_no_date(seed_graph: Graph) -> None:
    # the seed text does not print its adoption date, and CCPCJ resolutions have no AKN4UN form
    assert (S, UNKG.aknFRBRuri, None) not in seed_graph
    assert (S, DCTERMS.date, None) not in seed_graph


def test_one_cited_work_described_once(seed_graph: Graph) -> None:
    # 65/230 is cited in p1 with its date and in footnote 2 without: one date, one AKN IRI
    assert len(list(seed_graph.objects(GA_65_230, DCTERMS.date))) == 1
    assert len(list(seed_graph.objects(GA_65_230, UNKG.aknFRBRuri))) == 1


SC = URIRef(SC_11_IRI)

SC_FACTS = [
    # adopted on 15 November 1946: dated, and linked to its AKN4UN work
    (SC, DCTERMS.date, Literal(date(1946, 11, 15))),
    (SC, UNKG.aknFRBRuri, Literal("/akn/un/statement/deliberation/unsc/1946-11-15/11-1946/")),
    (SC, UNKG.adoptedBy, URIRef(BODY + "sc")),
    # sub-paragraphs (a) to (c), in order
    (URIRef(f"{SC_11_IRI}/o1"), UNKG.hasSubParagraph, URIRef(f"{SC_11_IRI}/o1/a")),
    (URIRef(f"{SC_11_IRI}/o1/a"), UNKG.label, Literal("a")),
    (URIRef(f"{SC_11_IRI}/o1/a"), UNKG["index"], Literal(1)),
    (URIRef(f"{SC_11_IRI}/o1/c"), UNKG["index"], Literal(3)),
    # "in accordance with Article 93 ... of the Charter": the legal basis
    (SC, UNKG.implements, URIRef(INSTRUMENT + "un-charter")),
    (URIRef(INSTRUMENT + "un-charter"), RDF.type, UNKG.Charter),
    (URIRef(INSTRUMENT + "un-charter"), DCTERMS.date, Literal(date(1945, 6, 26))),
    # "Recommends that the General Assembly ... determine the conditions"
    (URIRef(f"{SC_11_IRI}/o1/mandate/1"), UNKG.verb, UNKG["verb-recommends"]),
    (URIRef(f"{SC_11_IRI}/o1/mandate/1"), UNKG.addressee, URIRef(BODY + "ga")),
    # the footnote calls no paragraph; one passage left uninterpreted, counted
    (URIRef(f"{SC_11_IRI}/fn/25"), UNKG.marker, Literal("25")),
    (SC, UNKG.unresolvedCount, Literal(1)),
    (URIRef(f"{SC_11_IRI}/unresolved/1"), UNKG.unresolvedKind, Literal("structure")),
]


@pytest.mark.parametrize("triple", SC_FACTS, ids=lambda t: " ".join(x.n3()[-40:] for x in t))
def test_sc_11_facts(sc_graph: Graph, triple: Triple) -> None:
    assert triple in sc_graph


def test_footnote_without_paragraph_is_not_attached(sc_graph: Graph) -> None:
    assert (URIRef(f"{SC_11_IRI}/fn/25"), UNKG.attachedTo, None) not in sc_graph


def test_output_is_deterministic(seed_text: str) -> None:
    first = resolution_to_rdf(seed_resolution(seed_text), IRIS, generated_at=WHEN)
    second = resolution_to_rdf(seed_resolution(seed_text), IRIS, generated_at=WHEN)
    assert first == second
    assert len(first) == len(set(first))


def test_no_blank_nodes(seed_graph: Graph, sc_graph: Graph) -> None:
    for graph in (seed_graph, sc_graph):
        assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


def test_span_literals_are_integers(seed_graph: Graph, sc_graph: Graph) -> None:
    for graph in (seed_graph, sc_graph):
        offsets = list(graph.objects(None, UNKG.start)) + list(graph.objects(None, UNKG.end))
        assert offsets
        assert {o.datatype for o in offsets if isinstance(o, Literal)} == {XSD_INTEGER}


def test_spans_point_at_the_cited_text(seed_text: str, seed_graph: Graph) -> None:
    node = URIRef(f"{SEED_IRI}/p1/ref/1")
    start, end = (seed_graph.value(node, p) for p in (UNKG.start, UNKG.end))
    assert isinstance(start, Literal) and isinstance(end, Literal)
    cited = seed_text[start.toPython():end.toPython()]
    assert " ".join(cited.split()) == "General Assembly resolution 65/230 of 21 December 2010"


def test_provenance(seed_text: str, seed_graph: Graph) -> None:
    sha = hashlib.sha256(seed_text.encode()).hexdigest()
    file = URIRef(f"https://w3id.org/unkg/source/{sha}")
    activity = seed_graph.value(S, PROV.wasGeneratedBy)
    assert (S, PROV.wasDerivedFrom, file) in seed_graph
    assert (file, UNKG.sha256, Literal(sha)) in seed_graph
    assert (file, UNKG.path, Literal("data/ccpcj-resolution-22-7.txt")) in seed_graph
    assert (file, DCTERMS["format"], Literal("text/plain")) in seed_graph
    assert (activity, PROV.used, file) in seed_graph
    # Written in the canonical form the engine gives back (Z, not +00:00), the same instant.
    assert (activity, PROV.endedAtTime,
            Literal("2024-05-01T12:00:00Z", datatype=XSD_DATETIME, normalize=False)) in seed_graph
    agent = seed_graph.value(activity, PROV.wasAssociatedWith)
    assert (agent, UNKG.extractorVersion, Literal(EXTRACTOR_VERSION)) in seed_graph
    ended = seed_graph.value(activity, PROV.endedAtTime)
    assert isinstance(ended, Literal) and ended.datatype == XSD_DATETIME
    assert ended.toPython() == WHEN


def test_extractor_version_is_recorded(seed_text: str) -> None:
    graph = to_graph(resolution_to_rdf(seed_resolution(seed_text), IRIS, generated_at=WHEN,
                                       extractor_version="unkg-extractor/9.9.9"))
    assert len(set(graph.subjects(UNKG.extractorVersion, Literal("unkg-extractor/9.9.9")))) == 1


def test_resolution_without_symbol_is_named_by_its_file(shapes: Graph) -> None:
    resolution = sc_11_resolution()
    anonymous = Resolution(resolution.source, None, None, None, None,
                           operative=resolution.operative, entities=resolution.entities,
                           instruments=resolution.instruments)
    assert graph_slug(anonymous) == "file-S_RES_0011_1946_EN_GOLD"
    graph = to_graph(resolution_to_rdf(anonymous, IRIS, generated_at=WHEN))
    subject = URIRef("https://w3id.org/unkg/id/resolution/file/S_RES_0011_1946_EN_GOLD")
    assert (subject, RDF.type, UNKG.Resolution) in graph
    assert (subject, DCTERMS.identifier, None) not in graph
    assert_conforms(graph, shapes)


def test_graph_slug_is_the_symbol_slug(seed_text: str) -> None:
    assert graph_slug(seed_resolution(seed_text)) == "E_CN.15_RES_22_7"


def test_reference_to_nothing_becomes_an_unresolved_passage(shapes: Graph) -> None:
    resolution = sc_11_resolution()
    paragraph = resolution.operative[0]
    dangling = Reference("the Statute", span(SC_11_TEXT, "the Statute on the date"),
                         ReferenceKind.INSTRUMENT, Relation.CITES)
    changed = Resolution(resolution.source, resolution.symbol, resolution.number,
                         resolution.body, None, resolution.date,
                         operative=(Paragraph(paragraph.kind, 1, paragraph.opening, paragraph.text,
                                              paragraph.span, references=(dangling,)),),
                         unresolved=resolution.unresolved)
    graph = to_graph(resolution_to_rdf(changed, IRIS, generated_at=WHEN))
    assert (SC, UNKG.unresolvedCount, Literal(2)) in graph
    assert (URIRef(f"{SC_11_IRI}/unresolved/2"), UNKG.unresolvedKind, Literal("citation")) in graph
    assert (None, RDF.type, UNKG.Reference) not in graph
    assert_conforms(graph, shapes)


# General Assembly resolution 79/97 as AKN4UN marks up its first preambular paragraph, exactly as
# akn/ga/79/A_RES_79_97-2423552E.xml has it (line ends and the no-break space kept), with the
# adoption record of its row in akn/ga/metadata/79.jsonl and two of its subject keywords.
GA_79_97_XML = (
    '<container name="Recalling" eId="container_2">\r\n        <p xml:space="preserve">\t'
    '<span class="italic">Recalling</span> its resolution '
    '<a href="https://undocs.org/en/A/RES/78/84">78/84</a> of 7\xa0December 2023,</p>\r\n'
    "      </container>"
)
GA_79_97_IRI = "https://w3id.org/unkg/id/resolution/A_RES_79_97"


def ga_79_97_resolution() -> Resolution:
    text = GA_79_97_XML
    recalling = Paragraph(
        ParagraphKind.PREAMBULAR, 1, "Recalling",
        "Recalling its resolution 78/84 of 7\xa0December 2023,",
        span(text, "Recalling</span>", "2023,"),
        references=(Reference("resolution 78/84 of 7\xa0December 2023",
                              span(text, "resolution <a", "2023"), ReferenceKind.RESOLUTION,
                              Relation.RECALLS, target=Symbol.parse("A/RES/78/84"),
                              date=date(2023, 12, 7), origin=ReferenceOrigin.BOTH),),
    )
    record = AdoptionRecord(
        meeting="47th plenary meeting", meeting_number=47, date=date(2024, 12, 4),
        draft=Symbol.parse("A/79/430"), record=Symbol.parse("A/79/PV.47"), agenda_item="57",
        committee="Fourth Committee", sponsors=("CANADA", "CUBA"),
        vote=Vote(VoteKind.WITHOUT_VOTE),
    )
    return Resolution(
        source=Source("akn/ga/79/A_RES_79_97-2423552E.xml",
                      hashlib.sha256(text.encode()).hexdigest(), "application/akn+xml", text),
        symbol=Symbol.parse("A/RES/79/97"), number="79/97", body="ga",
        title="Offers by Member States of study and training facilities for inhabitants of "
              "Non-Self-Governing Territories",
        date=date(2024, 12, 4), preamble=(recalling,), record=record, draft=record.draft,
        subjects=("http://metadata.un.org/sdg/4", "http://metadata.un.org/thesaurus/1001893"),
        akn_work="/akn/un/statement/deliberation/unga/2024-12-04/79-97/",
    )


@pytest.fixture(scope="module")
def akn_graph() -> Graph:
    return to_graph(resolution_to_rdf(ga_79_97_resolution(), IRIS, generated_at=WHEN))


GA = URIRef(GA_79_97_IRI)
ADOPTION = URIRef(f"{GA_79_97_IRI}/adoption")
DOCUMENT = "https://w3id.org/unkg/id/document/"

AKN_FACTS = [
    # the reference the UN linked and the text finder read: origin "both"
    (URIRef(f"{GA_79_97_IRI}/p1/ref/1"), UNKG.origin, Literal("both")),
    (GA, UNKG.recalls, URIRef("https://w3id.org/unkg/id/resolution/A_RES_78_84")),
    # subject keywords as IRIs
    (GA, DCTERMS.subject, URIRef("http://metadata.un.org/sdg/4")),
    (GA, DCTERMS.subject, URIRef("http://metadata.un.org/thesaurus/1001893")),
    # the work IRI the file states
    (GA, UNKG.aknFRBRuri, Literal("/akn/un/statement/deliberation/unga/2024-12-04/79-97/")),
    # the adoption: meeting, day, report and meeting record, agenda item, committee, sponsors
    (GA, UNKG.adoption, ADOPTION),
    (ADOPTION, RDF.type, UNKG.Adoption),
    (ADOPTION, UNKG.meetingAsWritten, Literal("47th plenary meeting")),
    (ADOPTION, UNKG.meetingNumber, Literal(47)),
    (ADOPTION, DCTERMS.date, Literal(date(2024, 12, 4))),
    (ADOPTION, UNKG.draft, URIRef(DOCUMENT + "A_79_430")),
    (URIRef(DOCUMENT + "A_79_430"), RDF.type, UNKG.Document),
    (URIRef(DOCUMENT + "A_79_430"), DCTERMS.identifier, Literal("A/79/430")),
    (ADOPTION, UNKG.meetingRecord, URIRef(DOCUMENT + "A_79_PV.47")),
    (ADOPTION, UNKG.agendaItem, Literal("57")),
    (ADOPTION, UNKG.committee, Literal("Fourth Committee")),
    (ADOPTION, UNKG.sponsor, Literal("CANADA")),
    (ADOPTION, UNKG.sponsor, Literal("CUBA")),
    (ADOPTION, UNKG.voteKind, Literal("without-vote")),
]


@pytest.mark.parametrize("triple", AKN_FACTS, ids=lambda t: " ".join(x.n3()[-40:] for x in t))
def test_akn_facts(akn_graph: Graph, triple: Triple) -> None:
    assert triple in akn_graph


def test_akn_conforms_and_has_one_work_iri(akn_graph: Graph, shapes: Graph) -> None:
    assert_conforms(akn_graph, shapes)
    # the stated work IRI replaces the derived one (which would carry the same date here)
    assert len(list(akn_graph.objects(GA, UNKG.aknFRBRuri))) == 1
    # without a vote: no counts
    assert (ADOPTION, UNKG.votesInFavour, None) not in akn_graph


def test_recorded_vote_counts_and_states(shapes: Graph) -> None:
    # Human Rights Council resolution 55/1: "Adopted by a recorded vote of 21 to 8, with 18
    # abstentions" (akn/hrc/metadata/55.jsonl), the States against by name
    against = ("ALGERIA", "BURUNDI", "CHINA", "CÔTE D'IVOIRE", "CUBA", "ERITREA", "SOMALIA",
               "SUDAN")
    resolution = ga_79_97_resolution()
    recorded = AdoptionRecord(meeting="53rd meeting", meeting_number=53,
                              vote=Vote(VoteKind.RECORDED, 21, 8, 18, states_against=against))
    graph = to_graph(resolution_to_rdf(Resolution(
        resolution.source, Symbol.parse("A/HRC/RES/55/1"), "55/1", "hrc", None,
        date(2024, 4, 3), record=recorded), IRIS, generated_at=WHEN))
    adoption = URIRef("https://w3id.org/unkg/id/resolution/A_HRC_RES_55_1/adoption")
    assert (adoption, UNKG.voteKind, Literal("recorded-vote")) in graph
    assert (adoption, UNKG.votesInFavour, Literal(21)) in graph
    assert (adoption, UNKG.votesAgainst, Literal(8)) in graph
    assert (adoption, UNKG.abstentions, Literal(18)) in graph
    assert set(graph.objects(adoption, UNKG.votedAgainst)) == {Literal(s) for s in against}
    assert_conforms(graph, shapes)


def test_shapes_catch_an_unknown_vote_kind_and_a_second_meeting(akn_graph: Graph,
                                                                shapes: Graph) -> None:
    broken = to_graph(list(akn_graph))
    broken.set((ADOPTION, UNKG.voteKind, Literal("acclamation")))
    assert not validate(broken, shacl_graph=shapes, advanced=True)[0]
    broken = to_graph(list(akn_graph))
    broken.add((ADOPTION, UNKG.meetingNumber, Literal(48)))
    assert not validate(broken, shacl_graph=shapes, advanced=True)[0]


def test_shapes_catch_a_reference_of_unknown_origin(akn_graph: Graph, shapes: Graph) -> None:
    broken = to_graph(list(akn_graph))
    broken.set((URIRef(f"{GA_79_97_IRI}/p1/ref/1"), UNKG.origin, Literal("guess")))
    assert not validate(broken, shacl_graph=shapes, advanced=True)[0]
