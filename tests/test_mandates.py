"""Mandates: whom each operative paragraph asks to do what.

Paragraphs are real text built by hand (see ``tests.test_entities.build``); the seed's
expectations come first, then a table of snippets from the AKN corpus and old Security Council
texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from defusedxml import ElementTree
from unkg.ingest.entities import resolve_entities
from unkg.ingest.mandates import find_mandates
from unkg.ingest.models import MandateVerb, Resolution, UnresolvedKind

from tests.test_entities import build, seed, segmented_seed

GROUP = "expert-group-to-conduct-a-comprehensive-study-on-cybercrime"


@pytest.fixture(scope="module")
def mandated() -> Resolution:
    return find_mandates(resolve_entities(seed()))


def _asked(resolution: Resolution, number: int) -> list[tuple[str, str]]:
    return [(m.verb.value, m.addressee) for m in resolution.operative[number - 1].mandates]


def test_seed_addressees_by_paragraph(mandated: Resolution) -> None:
    assert [_asked(mandated, n) for n in range(1, 9)] == [
        [],  # 1. Takes note of
        [],  # 2. Expresses its appreciation for
        [("invites", "member-states")],
        [("requests", "secretariat")],
        [("requests", GROUP)],  # not the Secretariat "with the assistance of" which it works
        [("invites", GROUP), ("requests", "secretariat")],
        [("invites", "member-states"), ("invites", "donors")],
        [("requests", GROUP)],
    ]
    assert mandated.unresolved == ()


def test_seed_paragraph_4_action_runs_to_the_end_of_the_request(mandated: Resolution) -> None:
    (mandate,) = mandated.operative[3].mandates
    assert mandate.addressee_text == "the Secretariat"
    assert mandate.action == (
        "to translate the comprehensive study on cybercrime into all six official languages of the "
        "United Nations and to disseminate it in due time to Member States, for their comments, in "
        "order to assist the open-ended intergovernmental Expert Group in the performance of its "
        "mandate")


def test_seed_paragraph_6_holds_two_requests(mandated: Resolution) -> None:
    invites, requests = mandated.operative[5].mandates
    assert invites.verb is MandateVerb.INVITES
    assert invites.addressee_text == "the open-ended intergovernmental Expert Group"
    assert invites.action == ("to finalize summary reports of the deliberations of its first and "
                              "second meetings")
    assert requests.verb is MandateVerb.REQUESTS
    assert requests.addressee_text == "the Secretariat"
    assert requests.action.startswith("to disseminate those reports to Member States")
    assert requests.action.endswith("for adoption by the Group")
    text = mandated.source.text
    assert text[invites.span.start:invites.span.end].startswith("Invites the open-ended")
    assert text[requests.span.start:requests.span.end].startswith("requests the Secretariat")
    assert text[requests.span.start:requests.span.end].endswith("by the Group")


def test_seed_paragraph_7_asks_two_addressees_the_same(mandated: Resolution) -> None:
    states, donors = mandated.operative[6].mandates
    assert (states.addressee_text, donors.addressee_text) == ("Member States", "other donors")
    assert states.action == donors.action
    assert states.action.startswith("to provide extrabudgetary resources")


def test_real_segmented_seed(seed_text: str, mandated: Resolution) -> None:
    real = find_mandates(resolve_entities(segmented_seed(seed_text)))
    assert [_asked(real, n) for n in range(1, 9)] == [_asked(mandated, n) for n in range(1, 9)]
    assert [m.action for p in real.operative for m in p.mandates] == [
        m.action for p in mandated.operative for m in p.mandates]


def test_finding_mandates_twice_changes_nothing(mandated: Resolution) -> None:
    assert find_mandates(mandated) == mandated


def test_entities_are_resolved_first_when_missing() -> None:
    assert _asked(find_mandates(seed()), 4) == [("requests", "secretariat")]


MANDATES = [
    # The commonest request of all.
    ("ga", "Requests the Secretary-General to report to the General Assembly at its "
     "seventy-seventh session on the implementation of the present resolution;",
     [("requests", "secretary-general", "the Secretary-General",
       "to report to the General Assembly at its seventy-seventh session on the implementation "
       "of the present resolution")]),
    # A restrictive clause stays with its addressee; "or acceding" is not a second addressee.
    ("ga", "Calls upon States that have not yet done so to consider acceding to or ratifying the "
     "Second Optional Protocol to the International Covenant on Civil and Political Rights;",
     [("calls-upon", "states", "States that have not yet done so",
       "to consider acceding to or ratifying the Second Optional Protocol to the International "
       "Covenant on Civil and Political Rights")]),
    # "Calls once again upon", then a second request in the same paragraph, then "and stresses",
    # which asks nothing and ends the action.
    ("ga", "Calls once again upon the administering Power to take into consideration the expressed "
     "will of the CHamoru people, encourages the administering Power and the territorial "
     "Government to enter into negotiations on the matter, and stresses the need for continued "
     "close monitoring of the overall situation;",
     [("calls-upon", "administering-powers", "the administering Power",
       "to take into consideration the expressed will of the CHamoru people"),
      ("encourages", "administering-powers", "the administering Power",
       "to enter into negotiations on the matter")]),
    # "pursuant to resolution" is no infinitive; the request is "to identify".
    ("sc", "Encourages the Panel of Experts established pursuant to resolution 2374 (2017) to "
     "identify parties responsible for potential lack of implementation;",
     [("encourages", "panel-of-experts",
       "the Panel of Experts established pursuant to resolution 2374 (2017)",
       "to identify parties responsible for potential lack of implementation")]),
    # "Demands that": the subject of the that-clause is the addressee.
    ("sc", "Demands that all parties to armed conflicts engage immediately in a durable, "
     "extensive, and sustained humanitarian pause;",
     [("demands", "parties", "all parties",
       "that all parties to armed conflicts engage immediately in a durable, extensive, and "
       "sustained humanitarian pause")]),
    # Old Security Council style: "Recommends to the General Assembly that ...".
    ("sc", "Recommends to the General Assembly that the Gambia be admitted to membership in the "
     "United Nations.",
     [("recommends", "ga", "the General Assembly",
       "that the Gambia be admitted to membership in the United Nations")]),
    # Old Security Council style: an adverb between the addressee and its "to".
    ("sc", "Calls upon the parties concerned forthwith to consult with each other;",
     [("calls-upon", "parties", "the parties concerned", "to consult with each other")]),
    # Old Security Council sub-items of "Decides:".
    ("sc", "(a) To call upon the parties concerned to implement immediately Security Council "
     "resolution 598 (1987);",
     [("calls-upon", "parties", "the parties concerned",
       "to implement immediately Security Council resolution 598 (1987)")]),
    ("sc", "(c) To request the Secretary-General to submit, at the end of this period, a report on "
     "the developments in the situation;",
     [("requests", "secretary-general", "the Secretary-General",
       "to submit, at the end of this period, a report on the developments in the situation")]),
    # "Appeals to": the "to" belongs to the verb; "particularly in and around" is a parenthesis.
    ("sc", "Appeals to all Governments and peoples, particularly in and around Palestine, to take "
     "all possible action to prevent or reduce such disorders as are now occurring in Palestine.",
     [("appeals", "governments", "all Governments",
       "to take all possible action to prevent or reduce such disorders as are now occurring in "
       "Palestine")]),
    # A registry name with "and" inside stays one addressee.
    ("ga", "Encourages the United Nations Office on Drugs and Crime and Member States to promote "
     "their global campaign;",
     [("encourages", "unodc", "the United Nations Office on Drugs and Crime",
       "to promote their global campaign"),
      ("encourages", "member-states", "Member States", "to promote their global campaign")]),
    # A non-breaking hyphen ("non‑governmental", U+2011) as the AKN texts write it.
    ("ga", "Calls upon States, relevant international organizations and non\u2011governmental "
     "organizations to support and embark on intercultural initiatives on human rights;",
     [("calls-upon", "states", "States", "to support and embark on intercultural initiatives on "
       "human rights"),
      ("calls-upon", "international-organizations", "relevant international organizations",
       "to support and embark on intercultural initiatives on human rights"),
      ("calls-upon", "civil-society", "non\u2011governmental organizations",
       "to support and embark on intercultural initiatives on human rights")]),
    # Not mandates: "Decides that all States shall", "Takes note", "Welcomes", and encouraging a
    # thing rather than someone.
    ("sc", "Decides that all States shall cease forthwith any trade with the territory;", []),
    ("ga", "Takes note of the report of the Secretary-General;", []),
    ("ga", "Welcomes the efforts of Member States to strengthen cooperation;", []),
    ("ga", "Encourages efforts to provide quality education in safe learning environments for "
     "all, especially for boys, girls and youth;", []),
    ("ga", "Invites voluntary contributions to the Force in cash and in the form of services and "
     "supplies acceptable to the Secretary-General, to be administered, as appropriate;", []),
    # A passive that-clause addresses no one.
    ("ga", "Requests that the report be issued as a document of the General Assembly;", []),
]


@pytest.mark.parametrize(("body", "paragraph", "expected"), MANDATES)
def test_mandates(body: str, paragraph: str,
                  expected: list[tuple[str, str, str, str]]) -> None:
    resolved = find_mandates(resolve_entities(build(body, operative=[paragraph])))
    assert [(m.verb.value, m.addressee, m.addressee_text, m.action)
            for m in resolved.operative[0].mandates] == expected


UNRESOLVED = [
    # An officer the registry does not list (the President of the General Assembly, now listed,
    # is tested in tests/test_mandate_addressees.py).
    ("ga", "Requests the Chair of the Special Committee to deepen cooperation with the President "
     "of the Economic and Social Council;",
     [], ["the Chair of the Special Committee"]),
    # Known and unknown addressees side by side; "as appropriate" is a parenthesis.
    ("ga", "Calls upon Member States, the United Nations and other relevant organizations, as "
     "appropriate, to address non-communicable diseases;",
     ["member-states"], ["the United Nations", "other relevant organizations"]),
    # "humanitarian and development organizations": "humanitarian" shares the head that follows.
    ("ga", "Urges Member States, the United Nations and humanitarian and development organizations "
     "to prioritize risk management and shift towards an anticipatory approach;",
     ["member-states"], ["the United Nations", "development organizations"]),
    # An addressee no registry knows beside one it does.
    ("ga", "Calls once again upon the administering Power and the territorial Government to enter "
     "into negotiations;",
     ["administering-powers"], ["the territorial Government"]),
]


@pytest.mark.parametrize(("body", "paragraph", "known", "unknown"), UNRESOLVED)
def test_unknown_addressees_are_unresolved(body: str, paragraph: str, known: list[str],
                                           unknown: list[str]) -> None:
    resolved = find_mandates(resolve_entities(build(body, operative=[paragraph])))
    assert [m.addressee for m in resolved.operative[0].mandates] == known
    assert [u.text for u in resolved.unresolved] == unknown
    for item in resolved.unresolved:
        assert item.kind is UnresolvedKind.MANDATE
        assert resolved.source.text[item.span.start:item.span.end] == item.text


_NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
# Opening phrases of AKN operative paragraphs and the mandate each must give first.
_OPENINGS = {
    "Requests the Secretary-General to ": ("requests", "secretary-general"),
    "Also requests the Secretary-General to ": ("requests", "secretary-general"),
    "Urges Member States to ": ("urges", "member-states"),
    "Calls upon all States to ": ("calls-upon", "states"),
    "Encourages Member States to ": ("encourages", "member-states"),
    "Invites Member States to ": ("invites", "member-states"),
}


@pytest.mark.corpus
def test_corpus_common_requests(corpus: Path) -> None:
    """Over the General Assembly's seventy-ninth session, every operative paragraph that opens
    with a common request gives that mandate first, and every mention points at its text."""
    checked = 0
    for path in sorted((corpus / "akn" / "ga" / "79").glob("*.xml"))[::3]:
        root = ElementTree.parse(path).getroot()
        body = root.find(f".//{_NS}mainBody")
        texts = [" ".join("".join(p.itertext()).split())
                 for p in (body.findall(f"{_NS}paragraph") if body is not None else [])]
        texts = [t.split(" ", 1)[1] if t[:1].isdigit() and " " in t else t for t in texts]
        resolved = find_mandates(resolve_entities(build("ga", operative=texts)))
        for paragraph in resolved.operative:
            for mention in paragraph.mentions:
                span = mention.span
                assert resolved.source.text[span.start:span.end] == mention.text
            expected = next((v for k, v in _OPENINGS.items() if paragraph.text.startswith(k)), None)
            if expected is not None:
                checked += 1
                first = paragraph.mandates[0]
                assert (first.verb.value, first.addressee) == expected, paragraph.text
    assert checked > 100
