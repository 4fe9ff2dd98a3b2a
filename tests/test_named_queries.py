"""The named queries: every ``queries/*.rq`` file run against real resolutions, its header grammar,
the typing of its parameters, the CLI around them and their documentation.

The store holds CCPCJ resolution 22/7 (the seed) and Security Council resolutions 48 (1948) and
49 (1948) from the OCR corpus: 49 cites 48, which cites 46, so a citation lineage runs two steps
deep. They go through the real pipeline when it can be imported; until then through hand-built
models of the same texts (spans into the real text), extending the seed model of
``tests/test_to_rdf.py``. Every query file has at least one row in :data:`CASES`.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from unkg.graph.bodies import EntityKind
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.named_queries import (
    NamedQuery,
    ParamType,
    QueryHeaderError,
    load_named_queries,
    parse_named_query,
)
from unkg.graph.store import Store, open_store
from unkg.graph.symbols import Symbol
from unkg.ingest.models import (
    Entity,
    Mandate,
    MandateVerb,
    Meeting,
    Paragraph,
    ParagraphKind,
    Reference,
    ReferenceKind,
    Relation,
    Resolution,
    Span,
    Unresolved,
    UnresolvedKind,
)
from unkg.ingest.to_rdf import graph_slug, resolution_to_rdf

from tests.conftest import CORPUS, ROOT, SEED
from tests.test_to_rdf import seed_resolution, source, span
from unkg.cli import main
from unkg.errors import QueryError

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SC_FOLDER = "text/unsc-1946-1994"
SC_48 = "S_RES_0048_1948_EN_GOLD.txt"
SC_49 = "S_RES_0049_1948_EN_GOLD.txt"
TRUCE = "truce-commission-palestine"
XSD = "http://www.w3.org/2001/XMLSchema#"


# -- the three resolutions and the store ---------------------------------------------------------

def pipeline() -> Callable[[Path], Resolution] | None:
    """The real pipeline's ``parse_file``, or ``None`` while one of its stages is missing."""
    try:
        from unkg.ingest.pipeline import parse_file
    except ImportError:
        return None
    return parse_file


def fixture_resolutions(corpus: Path) -> list[Resolution]:
    """The seed and SC 48, 49 (1948): parsed when the pipeline is there, else hand-built."""
    sc_48, sc_49 = corpus / SC_FOLDER / SC_48, corpus / SC_FOLDER / SC_49
    parse = pipeline()
    if parse is not None:
        return [parse(SEED), parse(sc_48), parse(sc_49)]
    return [
        seed(SEED.read_text(encoding="utf-8")),
        sc_48_resolution(sc_48.read_text(encoding="utf-8")),
        sc_49_resolution(sc_49.read_text(encoding="utf-8")),
    ]


def build_store(resolutions: list[Resolution], store: Store | None = None) -> Store:
    """Each resolution in its own named graph, as ingest writes it."""
    store = EmbeddedStore.in_memory() if store is None else store
    iris = Iris()
    for resolution in resolutions:
        triples = resolution_to_rdf(resolution, iris, generated_at=WHEN)
        store.replace_graph(iris.graph(graph_slug(resolution)), triples)
    return store


def snippet(text: str, first: str, last: str) -> tuple[str, Span]:
    """The text from ``first`` to the end of ``last``, line breaks folded, and its span."""
    where = span(text, first, last)
    return " ".join(text[where.start:where.end].split()), where


def seed(text: str) -> Resolution:
    """The seed model of test_to_rdf, plus what the queries ask about: the second preambular
    paragraph (Recalling also 67/189) and operative paragraphs 4 and 6 (the Secretariat)."""
    base = seed_resolution(text)
    p2_text, p2_span = snippet(text, "Recalling also", "due course,")
    p2 = Paragraph(
        ParagraphKind.PREAMBULAR, 2, "Recalling also", p2_text, p2_span,
        references=(Reference("General Assembly resolution 67/189 of 20 December 2012",
                              span(text, "General Assembly resolution 67/189", "2012"),
                              ReferenceKind.RESOLUTION, Relation.RECALLS,
                              target=Symbol.parse("A/RES/67/189"), date=date(2012, 12, 20)),),
    )
    o4_text, o4_span = snippet(text, "Requests the Secretariat to translate", "its mandate;")
    o4 = Paragraph(
        ParagraphKind.OPERATIVE, 4, "Requests", o4_text, o4_span, number="4",
        mandates=(Mandate(MandateVerb.REQUESTS, "secretariat", "the Secretariat",
                          "to translate the comprehensive study on cybercrime into all six "
                          "official languages of the United Nations and to disseminate it",
                          o4_span),),
    )
    o6_text, o6_span = snippet(text, "Invites the open-ended intergovernmental Expert Group to",
                              "by the Group;")
    o6 = Paragraph(
        ParagraphKind.OPERATIVE, 6, "Invites", o6_text, o6_span, number="6",
        mandates=(
            Mandate(MandateVerb.INVITES, "expert-group-cybercrime",
                    "the open-ended intergovernmental Expert Group",
                    "to finalize summary reports of the deliberations of its first and second "
                    "meetings", o6_span),
            Mandate(MandateVerb.REQUESTS, "secretariat", "the Secretariat",
                    "to disseminate those reports to Member States", o6_span),
        ),
    )
    o1, o3, o5 = base.operative
    return replace(base, preamble=(*base.preamble, p2), operative=(o1, o3, o4, o5, o6))


def _sc(text: str, number: str, adopted: date, meeting: str, *,
        preamble: tuple[Paragraph, ...], operative: tuple[Paragraph, ...],
        unresolved: tuple[Unresolved, ...] = ()) -> Resolution:
    """A Security Council resolution of 1948 that names the Truce Commission for Palestine."""
    ordinal = int("".join(c for c in meeting if c.isdigit()))
    return Resolution(
        source=source(text, f"{SC_FOLDER}/S_RES_{int(number.split()[0]):04d}_1948_EN_GOLD.txt"),
        symbol=Symbol.parse(f"S/RES/{number}"), number=number, body="sc", title=None,
        date=adopted, preamble=preamble, operative=operative,
        entities=(Entity("sc", "Security Council", EntityKind.PRINCIPAL_ORGAN, acronym="SC"),
                  Entity(TRUCE, "Truce Commission for Palestine", EntityKind.EXPERT_GROUP,
                         parent="sc")),
        meetings=(Meeting(f"sc-{ordinal}", f"the {meeting}", span(text, meeting), body="sc",
                          ordinal=ordinal),),
        unresolved=unresolved,
    )


def _resolution_ref(text: str, first: str, last: str, relation: Relation, cited: str,
                    on: date | None, after: str = "") -> Reference:
    where = span(text, first, last, after=after)
    return Reference(" ".join(text[where.start:where.end].split()), where,
                     ReferenceKind.RESOLUTION, relation, target=Symbol.parse(cited), date=on)


def sc_48_resolution(text: str) -> Resolution:
    """"Referring to its resolution 46 (1948) of 17 April 1948 ...": establishes the Truce
    Commission and requests it to report."""
    p1_text, p1_span = snippet(text, "Referring to", "in Palestine,")
    p1 = Paragraph(ParagraphKind.PREAMBULAR, 1, "Referring to", p1_text, p1_span, references=(
        _resolution_ref(text, "resolution 46 (1948)", "April\n1948", Relation.CITES,
                        "S/RES/46 (1948)", date(1948, 4, 17), after="Referring"),))
    o1_text, o1_span = snippet(text, "Establishes a Truce", "46 (1948) ;")
    o1 = Paragraph(ParagraphKind.OPERATIVE, 1, "Establishes", o1_text, o1_span, references=(
        _resolution_ref(text, "resolution 46 (1948)", "(1948)", Relation.CITES, "S/RES/46 (1948)",
                        None, after="Establishes"),))
    o2_text, o2_span = snippet(text, "Requests the Commission", "thereto.")
    o2 = Paragraph(ParagraphKind.OPERATIVE, 2, "Requests", o2_text, o2_span, mandates=(
        Mandate(MandateVerb.REQUESTS, TRUCE, "the Commission",
                "to report to the President of the Security Council within four days", o2_span),))
    return _sc(text, "48 (1948)", date(1948, 4, 23), "287th meeting", preamble=(p1,),
               operative=(o1, o2))


def sc_49_resolution(text: str) -> Resolution:
    """Calls upon Governments and the parties, directs the Truce Commission "established ... by
    its resolution 48 (1948) of 23 April 1948", and names a General Assembly resolution whose
    symbol, 186 (S-2), does not parse."""
    p1_text, p1_span = snippet(text, "Taking into consideration", "in Palestine,")
    p1 = Paragraph(ParagraphKind.PREAMBULAR, 1, "Taking into consideration", p1_text, p1_span)
    paragraphs = [p1]
    asks = {
        "1": ("Calls upon all Governments", "22 May 1948;",
              [(MandateVerb.CALLS_UPON, "governments", "all Governments",
                "to abstain from any hostile military action in Palestine")]),
        "2": ("Calls upon the Truce", "City\nof Jerusalem ;",
              [(MandateVerb.CALLS_UPON, TRUCE, "the Truce Commission",
                "to give the highest priority to the negotiation and maintenance of a truce"),
               (MandateVerb.CALLS_UPON, "parties", "all parties concerned",
                "to give the highest priority to the negotiation and maintenance of a truce")]),
        "3": ("Directs the Truce", "present\nresolution ;",
              [(MandateVerb.DIRECTS, TRUCE, "the Truce Commission",
                "to report to the Council on the compliance with the two preceding paragraphs")]),
        "4": ("Calls upon all parties concerned to facilitate", "14 May 1948.",
              [(MandateVerb.CALLS_UPON, "parties", "all parties concerned",
                "to facilitate by all means in their power the task of the United Nations "
                "mediator")]),
    }
    for number, (first, last, mandates) in asks.items():
        body, where = snippet(text, first, last)
        references: tuple[Reference, ...] = ()
        if number == "3":
            references = (_resolution_ref(text, "resolution 48 (1948)", "April 1948",
                                          Relation.CITES, "S/RES/48 (1948)", date(1948, 4, 23)),)
        paragraphs.append(Paragraph(
            ParagraphKind.OPERATIVE, int(number), "Directs" if number == "3" else "Calls upon",
            body, where, number=number,
            references=references,
            mandates=tuple(Mandate(verb, key, written, action, where)
                           for verb, key, written, action in mandates)))
    ga_186 = span(text, "General Assembly", "(S-2)", after="mediator")
    unresolved = (Unresolved(UnresolvedKind.SYMBOL, text[ga_186.start:ga_186.end], ga_186,
                             "resolution 186 (S-2): an Arabic special-session number is not a "
                             "symbol"),)
    return _sc(text, "49 (1948)", date(1948, 5, 22), "302nd meeting", preamble=(p1,),
               operative=tuple(paragraphs[1:]), unresolved=unresolved)


@pytest.fixture(scope="module")
def store(corpus: Path) -> Iterator[Store]:
    with build_store(fixture_resolutions(corpus)) as built:
        yield built


# -- what each query answers ---------------------------------------------------------------------

Row = dict[str, str]
Check = Callable[[list[Row]], None]

ID = "https://w3id.org/unkg/id/"
SEED_RES = "resolution/E_CN.15_RES_22_7"
RES_48, RES_49 = "resolution/S_RES_48(1948)", "resolution/S_RES_49(1948)"
RES_46, GA_65_230 = "resolution/S_RES_46(1948)", "resolution/A_RES_65_230"
SALVADOR = "instrument/salvador-declaration"
SALVADOR_NAME = ("Salvador Declaration on Comprehensive Strategies for Global Challenges: "
                 "Crime Prevention and Criminal Justice Systems and Their Development in a "
                 "Changing World")
P1_START = "Recalling General Assembly resolution 65/230 of 21 December 2010, in which the Assembly"


def rows(columns: str, *expected: tuple[str, ...]) -> Check:
    """Exactly these rows, in this order, on these columns (unbound is "")."""
    names = columns.split()

    def check(got: list[Row]) -> None:
        assert [tuple(row[n] for n in names) for row in got] == list(expected)
    return check


def includes(columns: str, *expected: tuple[str, ...]) -> Check:
    """These rows, in this order, among others."""
    names = columns.split()

    def check(got: list[Row]) -> None:
        projected = iter([tuple(row[n] for n in names) for row in got])
        missing = [row for row in expected if row not in projected]
        assert not missing, f"missing or out of order: {missing} in {got}"
    return check


def holds(what: str, predicate: Callable[[list[Row]], bool]) -> Check:
    def check(got: list[Row]) -> None:
        assert predicate(got), f"{what}: {got}"
    return check


def folded(text: str) -> str:
    return " ".join(text.split())


def descending(got: list[Row], *columns: str) -> bool:
    keys = [tuple(int(row[c]) for c in columns) for row in got]
    return keys == sorted(keys, reverse=True)


def body_row(got: list[Row], key: str) -> Row:
    return next(row for row in got if row["body"] == f"body/{key}")


def bodies_form_a_tree(got: list[Row]) -> bool:
    ccpcj, ecosoc = body_row(got, "ccpcj"), body_row(got, "ecosoc")
    group = next(r for r in got if r["kind"] == "ExpertGroup" and "Cybercrime" in r["label"])
    return (
        (ccpcj["parent"], ccpcj["top"], ccpcj["depth"], ccpcj["kind"])
        == ("body/ecosoc", "body/ecosoc", "1", "FunctionalCommission")
        and (ecosoc["parent"], ecosoc["depth"], ecosoc["kind"]) == ("", "0", "PrincipalOrgan")
        and (group["parent"], group["top"], group["depth"]) == ("body/ccpcj", "body/ecosoc", "2")
        and body_row(got, "secretariat")["kind"] == "Secretariat"
        and all(row["body"] != "body/member-states" for row in got)
    )


def unresolved_add_up(got: list[Row]) -> bool:
    totals: dict[str, int] = {}
    for row in got:
        totals[row["symbol"]] = totals.get(row["symbol"], 0) + int(row["items"])
    return (
        set(totals) == {"E/CN.15/RES/22/7", "S/RES/48 (1948)", "S/RES/49 (1948)"}
        and all(int(row["total"]) == totals[row["symbol"]] for row in got)
        and descending(got, "total")
    )


def passages_match_source(got: list[Row]) -> bool:
    text = (CORPUS / SC_FOLDER / SC_49).read_text(encoding="utf-8")
    starts = [int(row["start"]) for row in got]
    return (
        starts == sorted(starts)
        and all(folded(text[int(r["start"]):int(r["end"])]) == folded(r["text"]) for r in got)
        and any("resolution 186" in folded(row["text"]) for row in got)
    )


def salvador_and_study(got: list[Row]) -> bool:
    return any(SALVADOR_NAME in (r["label"], r["otherLabel"])
               and "ybercrime" in r["label"] + r["otherLabel"] and r["resolutions"] == "1"
               for r in got)


@dataclass(frozen=True)
class Case:
    query: str
    params: dict[str, str]
    check: Check
    extra: tuple[Check, ...] = field(default=())


CASES = [
    # "Recalling General Assembly resolution 65/230" (p1), then footnote 2 with its pinpoint
    Case("cites-work", {"work": ID + GA_65_230},
         rows("resolution citedIn relation pinpoint",
              (SEED_RES, f"{SEED_RES}/p1", "recalls", ""),
              (SEED_RES, f"{SEED_RES}/fn/2", "cites", "annex, para. 42"))),
    # an IRI in angle brackets: 49 (1948) cites 48 (1948) in operative paragraph 3
    Case("cites-work", {"work": f"<{ID}{RES_48}>"},
         rows("resolution citedIn", (RES_49, f"{RES_49}/o3"))),
    # 46 (1948) is cited by 48 directly and by 49 through 48
    Case("cites-work-transitively", {"work": ID + RES_46},
         rows("resolution direct via", (RES_48, "true", RES_48), (RES_49, "false", RES_48))),
    # cited twice each: 65/230 (p1, footnote 2) and 46 (1948) (48's preamble and paragraph 1)
    Case("most-cited-works", {},
         includes("work kind resolutions citations",
                  (GA_65_230, "Resolution", "1", "2"), (RES_46, "Resolution", "1", "2")),
         (holds("most cited first", lambda got: descending(got, "resolutions", "citations")),)),
    # the CCPCJ cites the Salvador Declaration and the UNODC study; the 1948 texts name none
    Case("most-cited-instruments-by-body", {},
         includes("body instrument label kind resolutions",
                  ("body/ccpcj", SALVADOR, SALVADOR_NAME, "Declaration", "1")),
         (holds("the study on cybercrime is a report",
                lambda got: any(r["kind"] == "Report" and "ybercrime" in r["label"] for r in got)),
          holds("only the CCPCJ", lambda got: {r["body"] for r in got} == {"body/ccpcj"}))),
    # "Requests the Secretariat to translate ..." (4) and "... requests the Secretariat" (6)
    Case("mandates-to-body", {"body": "secretariat"},
         rows("resolution number verb addressee",
              (SEED_RES, "4", "requests", "body/secretariat"),
              (SEED_RES, "6", "requests", "body/secretariat"))),
    # by acronym: the CCPCJ's expert group is asked in paragraphs 5 and 6 (it sits under the CCPCJ)
    Case("mandates-to-body", {"body": "CCPCJ"},
         includes("number verb", ("5", "requests"), ("6", "invites")),
         (holds("only the expert group",
                lambda got: all("Expert Group" in r["addresseeLabel"] for r in got)),)),
    # the Security Council calls upon all Governments (1) and the parties (4) in 49 (1948)
    Case("mandates-by-body", {"body": "sc"},
         includes("symbol number verb addressee",
                  ("S/RES/49 (1948)", "1", "calls-upon", "body/governments"),
                  ("S/RES/49 (1948)", "4", "calls-upon", "body/parties")),
         (holds("Security Council resolutions only",
                lambda got: all(r["symbol"].startswith("S/RES/") for r in got)),)),
    # the first preambular paragraph, with its whole text
    Case("paragraphs-recalling", {"work": ID + GA_65_230},
         rows("paragraph opening relation", (f"{SEED_RES}/p1", "Recalling", "recalls")),
         (holds("the paragraph's text", lambda got: got[0]["text"].startswith(P1_START)),)),
    # another relation: footnote 2 cites 65/230 plainly
    Case("paragraphs-recalling", {"work": ID + GA_65_230, "relation": "cites"},
         rows("paragraph", (f"{SEED_RES}/fn/2",))),
    # 49 (1948) <- 48 (1948) <- 46 (1948), most recent first, with the dates the citations give
    Case("resolution-lineage", {"resolution": "S/RES/49 (1948)"},
         rows("earlier date citedBy",
              (RES_48, "1948-04-23", RES_49), (RES_46, "1948-04-17", RES_48))),
    # the seed cites only General Assembly resolutions: no CCPCJ lineage
    Case("resolution-lineage", {"resolution": "E/CN.15/RES/22/7"}, rows("earlier")),
    # ECOSOC > CCPCJ > expert group; the Secretariat; Member States are not a body
    Case("bodies", {}, holds("the hierarchy", bodies_form_a_tree)),
    # footnote 1 (called by paragraph 3) cites two documents, footnote 2 (paragraph 5) 65/230
    Case("footnote-citations", {"resolution": "E/CN.15/RES/22/7"},
         rows("marker attachedTo workIdentifier pinpoint",
              ("1", f"{SEED_RES}/o3", "UNODC/CCPCJ/EG.4/2011/3", ""),
              ("1", f"{SEED_RES}/o3", "UNODC/CCPCJ/EG.4/2013/3", ""),
              ("2", f"{SEED_RES}/o5", "A/RES/65/230", "annex, para. 42"))),
    # the seed prints no adoption date; the Security Council adopted both in 1948
    Case("resolutions-per-body-per-year", {},
         rows("body year resolutions", ("body/ccpcj", "", "1"), ("body/sc", "1948", "2"))),
    # p1 names 65/230 and the Salvador Declaration it carries: two rows, the same paragraph
    Case("who-recalls", {"resolution": "A/RES/65/230"},
         rows("recalledBy paragraph via adoptedBy",
              (SEED_RES, f"{SEED_RES}/p1", GA_65_230, "body/ccpcj"),
              (SEED_RES, f"{SEED_RES}/p1", SALVADOR, "body/ccpcj")),
         (holds("the paragraph's text", lambda got: got[0]["text"].startswith(P1_START)),)),
    # "Recalling also General Assembly resolution 67/189 of 20 December 2012"
    Case("who-recalls", {"resolution": "A/RES/67/189"},
         rows("recalledBy paragraph via", (SEED_RES, f"{SEED_RES}/p2", "resolution/A_RES_67_189"))),
    # footnotes cite plainly; the preamble recalls; paragraph 1 takes note of the study
    Case("references-by-relation", {"resolution": "E/CN.15/RES/22/7"},
         includes("relation label places",
                  ("cites", "A/RES/65/230", "1"), ("cites", "UNODC/CCPCJ/EG.4/2011/3", "1"),
                  ("cites", "UNODC/CCPCJ/EG.4/2013/3", "1"), ("recalls", "A/RES/65/230", "1"),
                  ("recalls", "A/RES/67/189", "1"), ("recalls", SALVADOR_NAME, "1")),
         (holds("the study is taken note of", lambda got: any(
             r["relation"] == "takes-note-of" and "ybercrime" in r["label"] for r in got)),)),
    # "the Expert Group's second meeting ..., held in Vienna from 25 to 28 February 2013"
    Case("meetings", {},
         includes("place startDate endDate ordinal symbol",
                  ("Vienna", "2013-02-25", "2013-02-28", "2", "E/CN.15/RES/22/7")),
         (holds("earliest first", lambda got: [r["startDate"] for r in got]
                == sorted(r["startDate"] for r in got)),)),
    # one or more rows per resolution; the kinds add up to the resolution's count
    Case("unresolved-items", {}, holds("counts add up, worst first", unresolved_add_up)),
    # "General Assembly resolution 186 (S-2)" is not understood; offsets point into the source
    Case("unresolved-passages", {"resolution": "S/RES/49 (1948)"},
         holds("passages in order, spans match the text", passages_match_source)),
    # the seed cites the Salvador Declaration and the study together
    Case("co-cited-instruments", {},
         holds("the Salvador Declaration with the study", salvador_and_study)),
    # by acronym, 1948 only: both Security Council resolutions, in order of adoption
    Case("resolutions-by-body-in-years", {"body": "SC", "from": "1948", "to": "1948"},
         rows("symbol date", ("S/RES/48 (1948)", "1948-04-23"), ("S/RES/49 (1948)", "1948-05-22"))),
    # the defaults: from 1946 to 9999
    Case("resolutions-by-body-in-years", {"body": "sc"},
         rows("from to symbol", ("1946", "9999", "S/RES/48 (1948)"),
              ("1946", "9999", "S/RES/49 (1948)"))),
    # from 1949 on, nothing: the undated seed never matches a year range
    Case("resolutions-by-body-in-years", {"body": "ccpcj", "from": "1949"}, rows("symbol")),
    # the default day, 1990-01-01: 46 (1948) cited twice by 48, 48 (1948) once by 49
    Case("works-cited-before", {},
         rows("before work workDate resolution citations",
              ("1990-01-01", RES_46, "1948-04-17", RES_48, "2"),
              ("1990-01-01", RES_48, "1948-04-23", RES_49, "1"))),
    # before 2011: 65/230 of 21 December 2010 too, but not 67/189 of 20 December 2012
    Case("works-cited-before", {"before": "2011-01-01"},
         rows("work workDate resolution",
              (RES_46, "1948-04-17", RES_48), (RES_48, "1948-04-23", RES_49),
              (GA_65_230, "2010-12-21", SEED_RES))),
]


def short(cell: object) -> str:
    return "" if cell is None else str(cell).removeprefix(ID)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.query}-{'-'.join(c.params.values())}")
def test_named_query_answers(store: Store, case: Case) -> None:
    query = load_named_queries()[case.query]
    result = store.query(query.sparql, bindings=query.bind(case.params, Iris()))
    assert not result.truncated
    got = [dict(zip(result.variables, map(short, row), strict=True)) for row in result.rows]
    for check in (case.check, *case.extra):
        check(got)


@pytest.fixture(scope="module")
def copied_store(corpus: Path) -> Iterator[Store]:
    """The same three graphs, and 20 copies of each under other graph names."""
    resolutions = fixture_resolutions(corpus)
    with build_store(resolutions) as built:
        iris = Iris()
        for resolution in resolutions:
            triples = resolution_to_rdf(resolution, iris, generated_at=WHEN)
            for n in range(20):
                built.replace_graph(iris.graph(f"{graph_slug(resolution)}-copy-{n}"), triples)
        yield built


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.query}-{'-'.join(c.params.values())}")
def test_a_fact_in_many_graphs_counts_once(store: Store, copied_store: Store, case: Case) -> None:
    # the union of the graphs repeats a triple once per graph holding it: answers must not change,
    # and must not slow down with the number of copies
    query = load_named_queries()[case.query]
    bindings = query.bind(case.params, Iris())
    once = store.query(query.sparql, bindings=bindings)
    copied = copied_store.query(query.sparql, bindings=bindings, timeout=5)
    assert copied.rows == once.rows


def test_every_query_has_a_test_row() -> None:
    assert set(load_named_queries()) - {case.query for case in CASES} == set()


# -- typed parameters ----------------------------------------------------------------------------

QUERIES = load_named_queries()
IRIS = Iris()

BOUND = [
    # a symbol becomes the IRI of the resolution it names, in any spelling of the symbol
    ("who-recalls", {"resolution": "a/res/65/230"}, "resolution", URIRef(ID + GA_65_230)),
    # a Security Council symbol with its year
    ("resolution-lineage", {"resolution": "S/RES/49(1948)"}, "resolution", URIRef(ID + RES_49)),
    # a body key, and an acronym in any case, become the body's IRI
    ("mandates-to-body", {"body": "secretariat"}, "body", URIRef(ID + "body/secretariat")),
    ("mandates-to-body", {"body": "ccpcj"}, "body", URIRef(ID + "body/ccpcj")),
    ("mandates-by-body", {"body": "ECOSOC"}, "body", URIRef(ID + "body/ecosoc")),
    # an expert group the extractor made from the text: any key of that shape
    ("mandates-to-body", {"body": "expert-group-cybercrime"}, "body",
     URIRef(ID + "body/expert-group-cybercrime")),
    # an IRI with or without angle brackets, a leading '?' on the name
    ("cites-work", {"?work": f"<{ID}{SALVADOR}>"}, "work", URIRef(ID + SALVADOR)),
    # integers and dates are typed literals
    ("resolutions-by-body-in-years", {"body": "sc", "from": "1948"}, "from", Literal(1948)),
    ("works-cited-before", {"before": "2013-02-25"}, "before", Literal(date(2013, 2, 25))),
    # defaults are applied: the last year, the relation
    ("resolutions-by-body-in-years", {"body": "sc"}, "to", Literal(9999)),
    ("paragraphs-recalling", {"work": ID + GA_65_230}, "relation", Literal("recalls")),
]


@pytest.mark.parametrize(("name", "values", "param", "expected"), BOUND)
def test_bind_converts_by_type(name: str, values: dict[str, str], param: str,
                               expected: URIRef | Literal) -> None:
    bound = QUERIES[name].bind(values, IRIS)[param]
    assert bound == expected
    if isinstance(expected, Literal):
        assert isinstance(bound, Literal) and bound.datatype == expected.datatype


def test_typed_literals_have_xsd_datatypes() -> None:
    year = QUERIES["resolutions-by-body-in-years"].bind({"body": "sc"}, IRIS)["from"]
    day = QUERIES["works-cited-before"].bind({}, IRIS)["before"]
    assert isinstance(year, Literal) and year.datatype == URIRef(XSD + "integer")
    assert isinstance(day, Literal) and day.datatype == URIRef(XSD + "date")


def test_bind_uses_the_base_iri() -> None:
    bound = QUERIES["who-recalls"].bind({"resolution": "A/RES/65/230"},
                                        Iris("https://example.org/kg/"))
    assert bound["resolution"] == URIRef("https://example.org/kg/id/resolution/A_RES_65_230")


REFUSED = [
    # a required parameter left out: named, with how to give it
    ("who-recalls", {}, ["resolution", "--param resolution="]),
    # not a symbol
    ("who-recalls", {"resolution": "resolution 65/230"}, ["resolution", "'resolution 65/230'"]),
    # a symbol where an IRI is wanted: the message gives the IRI
    ("cites-work", {"work": "A/RES/65/230"}, ["work", "not an absolute IRI", ID + GA_65_230]),
    # an IRI with a space
    ("cites-work", {"work": "https://example.org/a b"}, ["work", "not an absolute IRI"]),
    # not an integer
    ("resolutions-by-body-in-years", {"body": "sc", "from": "nineteen"}, ["from", "'nineteen'"]),
    ("resolutions-by-body-in-years", {"body": "sc", "to": "1948.5"}, ["to", "not an integer"]),
    # not a date, and not a day of the calendar
    ("works-cited-before", {"before": "21 December 2010"}, ["before", "YYYY-MM-DD"]),
    ("works-cited-before", {"before": "2013-02-30"}, ["before", "'2013-02-30'"]),
    # not a body key
    ("mandates-to-body", {"body": "the Secretariat"}, ["body", "'the Secretariat'"]),
    # a parameter the query does not take: the message lists those it does
    ("who-recalls", {"resolution": "A/RES/65/230", "body": "ga"}, ["'body'", "resolution"]),
]


@pytest.mark.parametrize(("name", "values", "says"), REFUSED)
def test_bind_refuses_bad_values(name: str, values: dict[str, str], says: list[str]) -> None:
    with pytest.raises(QueryError) as raised:
        QUERIES[name].bind(values, IRIS)
    for words in says:
        assert words in str(raised.value)


# -- the header grammar --------------------------------------------------------------------------

BODY = "SELECT ?work ?n WHERE { ?r <http://example.org/cites> ?work ; <http://example.org/n> ?n }"


def header(*lines: str) -> str:
    return "\n".join(lines) + "\n" + BODY + "\n"


def test_header_fields_and_continuations() -> None:
    query = parse_named_query("example", header(
        "# title: An example",
        "# description: What it asks,",
        "#   over two lines.",
        "#",
        "# param: work iri  The cited work",
        "# param: n integer = 3",
        "#   How many, the description on the next line",
    ))
    assert (query.title, query.description) == ("An example", "What it asks, over two lines.")
    work, n = query.params
    assert (work.name, work.type, work.default) == ("work", ParamType.IRI, None)
    assert work.required and not n.required
    assert (n.name, n.type, n.default, n.description) == (
        "n", ParamType.INTEGER, "3", "How many, the description on the next line")
    assert query.usage() == "unkg query example --param work=IRI"


def test_a_symbol_default_may_hold_single_spaces() -> None:
    query = parse_named_query("example", header(
        "# title: t", "# description: d",
        "# param: work symbol = S/RES/1373 (2001)  A resolution"))
    assert query.params[0].default == "S/RES/1373 (2001)"
    assert query.bind({}, IRIS)["work"] == URIRef(ID + "resolution/S_RES_1373(2001)")


MALFORMED = [
    # no title at all: reported at line 1
    (("# description: d",), 1, "no 'title'"),
    # a field the grammar does not know
    (("# title: t", "# author: me", "# description: d"), 2, "unknown header field 'author'"),
    # two titles
    (("# title: t", "# title: u", "# description: d"), 2, "a second 'title'"),
    # free text in the header
    (("# title: t", "# description: d", "# Note that this is free text"), 3, "expected"),
    # a continuation after a blank comment line continues nothing
    (("# title: t", "#", "#   more"), 3, "expected"),
    # a type that does not exist
    (("# title: t", "# description: d", "# param: work float  x"), 3, "unknown type 'float'"),
    # a parameter without a description (one space is not the separator)
    (("# title: t", "# description: d", "# param: work iri The work"), 3, "NAME TYPE"),
    # a parameter that is no variable of the query
    (("# title: t", "# description: d", "# param: year integer  x"), 3, "has no ?year"),
    # a variable of the query that the SELECT clause does not project
    (("# title: t", "# description: d", "# param: r iri  x"), 3, "SELECT clause"),
    # a default of the wrong type
    (("# title: t", "# description: d", "# param: n integer = many  x"), 3, "bad default"),
    # declared twice
    (("# title: t", "# description: d", "# param: n integer  x", "# param: n integer  y"), 4,
     "declared twice"),
]


@pytest.mark.parametrize(("lines", "line", "says"), MALFORMED)
def test_header_errors_name_file_and_line(lines: tuple[str, ...], line: int, says: str) -> None:
    with pytest.raises(QueryHeaderError) as raised:
        parse_named_query("example", header(*lines), source="queries/example.rq")
    assert raised.value.line == line
    assert str(raised.value).startswith(f"queries/example.rq, line {line}: ")
    assert says in str(raised.value)


def test_select_star_and_aggregates_project_enough() -> None:
    # SELECT * projects every variable; COUNT(*) is no SELECT *; a grouped parameter is projected
    star = "# title: t\n# description: d\n# param: r iri  x\nSELECT * WHERE { ?r ?p ?o }\n"
    assert parse_named_query("star", star).params[0].name == "r"
    counted = ("# title: t\n# description: d\n# param: r iri  x\n"
               "SELECT ?r (COUNT(*) AS ?n) WHERE { ?r ?p ?o } GROUP BY ?r\n")
    assert parse_named_query("counted", counted).params[0].name == "r"
    hidden = counted.replace("SELECT ?r (COUNT(*)", "SELECT (COUNT(*)")
    with pytest.raises(QueryHeaderError, match=r"line 3: parameter r: \?r must be in the SELECT"):
        parse_named_query("hidden", hidden)


def test_loading_a_folder_names_the_bad_file(tmp_path: Path) -> None:
    (tmp_path / "good-one.rq").write_text(header("# title: t", "# description: d"))
    (tmp_path / "bad-one.rq").write_text(header("# title: t", "# descripton: d"))
    with pytest.raises(QueryHeaderError, match=r"bad-one\.rq, line 2: unknown header field"):
        load_named_queries(tmp_path)
    (tmp_path / "bad-one.rq").unlink()
    assert list(load_named_queries(tmp_path)) == ["good-one"]


def test_a_file_name_must_be_a_query_name(tmp_path: Path) -> None:
    (tmp_path / "Bad_Name.rq").write_text(header("# title: t", "# description: d"))
    with pytest.raises(QueryHeaderError, match="lower-case words joined by hyphens"):
        load_named_queries(tmp_path)


def test_packaged_queries_are_self_contained() -> None:
    for query in QUERIES.values():
        # PREFIX lines for every prefix, ORDER BY for a stable answer
        assert not _undeclared(query), query.name
        assert re.search(r"^ORDER BY ", query.sparql, re.MULTILINE), query.name


def _undeclared(query: NamedQuery) -> tuple[str, ...]:
    from unkg.graph.store import scan_sparql

    return scan_sparql(query.sparql).undeclared_prefixes


# -- the command line ----------------------------------------------------------------------------

def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def store_folder(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    with open_store(folder) as on_disk:
        build_store(fixture_resolutions(corpus), on_disk)
    return folder


def test_cli_lists_the_named_queries() -> None:
    code, out, _ = run_cli("queries")
    assert code == 0
    for query in QUERIES.values():
        assert f"{query.name}  {query.title}" in out
    assert "--param resolution=<symbol>" in out
    assert "--param from=<integer>" in out and "(default 1946)" in out


def test_cli_runs_a_named_query_with_typed_params(store_folder: Path) -> None:
    code, out, _ = run_cli("query", "mandates-to-body", "--param", "body=secretariat",
                           "--store", str(store_folder), "--format", "json")
    assert code == 0
    answer = json.loads(out)
    assert [row["number"] for row in answer["rows"]] == ["4", "6"]


def test_cli_names_a_bad_parameter(store_folder: Path) -> None:
    code, _, err = run_cli("query", "resolutions-by-body-in-years", "--param", "body=sc",
                           "--param", "from=last year", "--store", str(store_folder))
    assert code == 1
    assert "parameter from (integer): 'last year' is not an integer" in err


def test_cli_refuses_an_unknown_name(store_folder: Path) -> None:
    code, _, err = run_cli("query", "who-recals", "--store", str(store_folder))
    assert code == 1
    assert "who-recals: no such file, and no named query" in err and "who-recalls" in err


def test_cli_still_runs_a_file(store_folder: Path, tmp_path: Path) -> None:
    text = QUERIES["who-recalls"].sparql
    path = tmp_path / "mine.rq"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("query", str(path), "--param", f"resolution=<{ID}{GA_65_230}>",
                           "--store", str(store_folder), "--format", "csv")
    assert code == 0
    assert out.count(f"{ID}{SEED_RES}/p1") == 2


# -- the documentation ---------------------------------------------------------------------------

def test_docs_list_every_query() -> None:
    docs = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for query in QUERIES.values():
        section = docs.partition(f"\n## `{query.name}`")[2].partition("\n## ")[0]
        assert section, f"docs/queries.md has no section for {query.name}"
        assert query.title in section
        assert f"unkg query {query.name}" in section
        for param in query.params:
            assert f"`{param.name}`" in section, (query.name, param.name)
