"""Bodies and actors: which entity each name in a resolution means, and the entities listed once.

Paragraphs are built by hand from real text (one paragraph per line, as the segmenter folds them),
so these tests do not depend on the cleaning and segmenting stages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest
from unkg.graph.bodies import EntityKind
from unkg.ingest.clean import clean_text
from unkg.ingest.entities import resolve_entities
from unkg.ingest.models import (
    Footnote,
    Paragraph,
    ParagraphKind,
    Resolution,
    Source,
    Span,
)
from unkg.ingest.segment import segment_resolution


def build(body: str | None, preamble: Sequence[str] = (), operative: Sequence[str] = (),
          footnotes: Sequence[str] = (), source: str | None = None) -> Resolution:
    """A resolution whose paragraphs are lines of ``source`` (by default the paragraphs
    themselves, one per line), with offsets mapping each character back to that line."""
    lines = [*preamble, *operative, *footnotes]
    text = source if source is not None else "\n".join(lines) + "\n"
    pos = 0

    def located(line: str) -> tuple[Span, tuple[int, ...]]:
        nonlocal pos
        start = text.index(line, pos)
        pos = start + len(line)
        return Span(start, start + len(line)), tuple(range(start, start + len(line) + 1))

    paragraphs: list[Paragraph] = []
    for n, line in enumerate([*preamble, *operative]):
        kind = ParagraphKind.PREAMBULAR if n < len(preamble) else ParagraphKind.OPERATIVE
        index = n + 1 if n < len(preamble) else n - len(preamble) + 1
        span, offsets = located(line)
        number = str(index) if kind is ParagraphKind.OPERATIVE else None
        paragraphs.append(Paragraph(kind, index, line.split(" ", 1)[0], line, span, number=number,
                                    offsets=offsets))
    notes = []
    for n, line in enumerate(footnotes, start=1):
        span, offsets = located(line)
        notes.append(Footnote(str(n), line, span, offsets=offsets))
    source_ = Source("<test>", hashlib.sha256(text.encode()).hexdigest(), "text/plain", text)
    return Resolution(source_, None, None, body, None,
                      preamble=tuple(p for p in paragraphs if p.kind is ParagraphKind.PREAMBULAR),
                      operative=tuple(p for p in paragraphs if p.kind is ParagraphKind.OPERATIVE),
                      footnotes=tuple(notes))


# CCPCJ resolution 22/7, each paragraph on one line as the segmenter folds it.
SEED_PREAMBLE = (
    "Recalling General Assembly resolution 65/230 of 21 December 2010, in which the Assembly endorsed the Salvador Declaration on Comprehensive Strategies for Global Challenges: Crime Prevention and Criminal Justice Systems and Their Development in a Changing World and requested the Commission on Crime Prevention and Criminal Justice to establish, in line with paragraph 42 of the Salvador Declaration, an open-ended intergovernmental expert group to conduct a comprehensive study of the problem of cybercrime and responses to it by Member States, the international community and the private sector, including the exchange of information on national legislation, best practices, technical assistance and international cooperation, with a view to examining options to strengthen existing and to propose new national and international legal or other responses to cybercrime,",  # noqa: E501
    "Recalling also General Assembly resolution 67/189 of 20 December 2012, in which the Assembly noted with appreciation the work of the open-ended intergovernmental expert group to conduct a comprehensive study of the problem of cybercrime and encouraged it to enhance its efforts to complete its work and to present the outcome of the study to the Commission on Crime Prevention and Criminal Justice in due course,",  # noqa: E501
    "Bearing in mind that in the Salvador Declaration, Member States noted that the development of information and communications technologies and the increasing use of the Internet created new opportunities for offenders and facilitated the growth of crime,",  # noqa: E501
    "Underlining the need for enhanced coordination and cooperation among States in combating cybercrime, and, in that context, stressing the role that can be played by the United Nations, in particular the Commission on Crime Prevention and Criminal Justice,",  # noqa: E501
    "Recognizing with appreciation the work conducted in the area of combating cybercrime by the Commission on Crime Prevention and Criminal Justice, under whose aegis the open-ended intergovernmental Expert Group to Conduct a Comprehensive Study on Cybercrime was established,",  # noqa: E501
)
SEED_OPERATIVE = (
    "Takes note of the comprehensive study on cybercrime prepared by the United Nations Office on Drugs and Crime under the auspices of the open-ended intergovernmental Expert Group to Conduct a Comprehensive Study on Cybercrime and the discussion on its content at the Expert Group’s second meeting of the group, held in Vienna from 25 to 28 February 2013, at which diverse views were expressed regarding the content, findings and options presented in the study;",  # noqa: E501
    "Expresses its appreciation for the work done thus far by the open-ended intergovernmental Expert Group;",  # noqa: E501
    "Invites Member States to continue to consider the problem of cybercrime under the aegis of the Commission on Crime Prevention and Criminal Justice, building, inter alia, on the work of the open-ended intergovernmental Expert Group to Conduct a Comprehensive Study on Cybercrime established by the Commission;",  # noqa: E501
    "Requests the Secretariat to translate the comprehensive study on cybercrime into all six official languages of the United Nations and to disseminate it in due time to Member States, for their comments, in order to assist the open-ended intergovernmental Expert Group in the performance of its mandate;",  # noqa: E501
    "Requests the open-ended intergovernmental Expert Group, with the assistance of the Secretariat, as appropriate, to continue its work towards fulfilling its mandate;",  # noqa: E501
    "Invites the open-ended intergovernmental Expert Group to finalize summary reports of the deliberations of its first and second meetings and requests the Secretariat to disseminate those reports to Member States in all six official languages of the United Nations, for adoption by the Group;",  # noqa: E501
    "Invites Member States and other donors to provide extrabudgetary resources for the purposes of facilitating the work of the open-ended intergovernmental Expert Group, in accordance with the rules and procedures of the United Nations;",  # noqa: E501
    "Requests the open-ended intergovernmental Expert Group to report to the Commission on Crime Prevention and Criminal Justice on progress in its work.",  # noqa: E501
)
SEED_FOOTNOTES = (
    "See UNODC/CCPCJ/EG.4/2011/3 and UNODC/CCPCJ/EG.4/2013/3.",
    "General Assembly resolution 65/230, annex, para. 42.",
)


def seed() -> Resolution:
    return build("ccpcj", SEED_PREAMBLE, SEED_OPERATIVE, SEED_FOOTNOTES)


def segmented_seed(seed_text: str) -> Resolution:
    """The seed as the cleaning and segmenting stages read it."""
    digest = hashlib.sha256(seed_text.encode()).hexdigest()
    source = Source("data/ccpcj-resolution-22-7.txt", digest, "text/plain", seed_text)
    return segment_resolution(clean_text(seed_text), source)


@pytest.fixture(scope="module")
def resolved() -> Resolution:
    return resolve_entities(seed())


def _group_key(resolution: Resolution) -> str:
    groups = [e for e in resolution.entities if e.kind is EntityKind.EXPERT_GROUP]
    assert len(groups) == 1, groups
    return groups[0].key


def test_seed_expert_group_is_one_entity_however_written(resolved: Resolution) -> None:
    key = _group_key(resolved)
    written = {m.text for p in resolved.paragraphs for m in p.mentions if m.entity == key}
    assert written == {
        # the descriptive name of the request to establish it (p1) and of 67/189 (p2)
        "open-ended intergovernmental expert group to conduct a comprehensive study of the "
        "problem of cybercrime",
        # its proper name (p5, o1, o3)
        "open-ended intergovernmental Expert Group to Conduct a Comprehensive Study on Cybercrime",
        "open-ended intergovernmental Expert Group",  # "the open-ended ... Expert Group", o2, o4-o8
        "Expert Group",  # o1, "the Expert Group’s second meeting"
        "group",  # o1, "second meeting of the group"
        "Group",  # o6, "for adoption by the Group"
    }
    assert sum(m.entity == key for p in resolved.paragraphs for m in p.mentions) == 14


def test_seed_expert_group_entity(resolved: Resolution) -> None:
    group = resolved.entity(_group_key(resolved))
    assert group is not None
    assert group.key == "expert-group-to-conduct-a-comprehensive-study-on-cybercrime"
    assert group.name == ("open-ended intergovernmental Expert Group to Conduct a Comprehensive "
                          "Study on Cybercrime")
    assert group.parent == "ccpcj"


def test_seed_entities_are_listed_once_with_their_parents(resolved: Resolution) -> None:
    keys = [e.key for e in resolved.entities]
    assert len(keys) == len(set(keys))
    assert keys[0] == "ccpcj"  # the adopting body first
    assert set(keys) == {
        "ccpcj", "ecosoc", "ga", "member-states", "states", "international-community",
        "private-sector", "unodc", "secretariat", "donors", _group_key(resolved)}
    ccpcj = resolved.entity("ccpcj")
    assert ccpcj is not None and ccpcj.parent == "ecosoc"


def test_seed_short_names_resolve_by_context(resolved: Resolution) -> None:
    first, _, _, _, _ = resolved.preamble
    # "in which the Assembly endorsed": the General Assembly named just before.
    assert [(m.text, m.entity) for m in first.mentions][:2] == [
        ("General Assembly", "ga"), ("Assembly", "ga")]
    # "established by the Commission": the Commission on Crime Prevention and Criminal Justice.
    assert (resolved.operative[2].mentions[-1].text,
            resolved.operative[2].mentions[-1].entity) == ("Commission", "ccpcj")


def test_seed_mentions_point_at_the_original_text(resolved: Resolution) -> None:
    text = resolved.source.text
    for item in (*resolved.paragraphs, *resolved.footnotes):
        for mention in item.mentions:
            assert text[mention.span.start:mention.span.end] == mention.text


def test_seed_footnotes(resolved: Resolution) -> None:
    first, second = resolved.footnotes
    assert first.mentions == ()  # UNODC inside UNODC/CCPCJ/EG.4/2011/3 is a symbol, not a name
    assert [(m.text, m.entity) for m in second.mentions] == [("General Assembly", "ga")]


def test_real_segmented_seed(seed_text: str) -> None:
    resolved = resolve_entities(segmented_seed(seed_text))
    key = _group_key(resolved)
    assert sum(m.entity == key for p in resolved.paragraphs for m in p.mentions) == 14
    assert resolved.entity(key) == resolve_entities(seed()).entity(key)
    for item in (*resolved.paragraphs, *resolved.footnotes):
        for mention in item.mentions:
            # The original keeps its line breaks ("open-\n\nended"); the words are the same.
            written = seed_text[mention.span.start:mention.span.end]
            assert "".join(written.split()) == "".join(mention.text.split())


def test_resolving_twice_changes_nothing(resolved: Resolution) -> None:
    assert resolve_entities(resolved) == resolved


MENTIONS = [
    # Registry names, the longest first: the Office on Drugs and Crime is one name, not two.
    ("ga", "Requests the United Nations Office on Drugs and Crime to continue to provide "
     "technical assistance to Member States;",
     [("United Nations Office on Drugs and Crime", "unodc"), ("Member States", "member-states")]),
    # "United States" and "nuclear-weapon States": a bare "States" inside a longer name is not
    # the actor; at the start of a paragraph ("Urges States") it is.
    ("ga", "Noting the new strategic arms reduction treaty between the Russian Federation and the "
     "United States of America, in order to achieve further cuts in their deployed and "
     "non-deployed strategic nuclear weapons,", []),
    ("ga", "Reaffirming the need to mainstream sustainable development at all levels, so as to "
     "enable small island developing States to achieve sustainable development in all its "
     "dimensions,", []),
    ("hrc", "Urges States to cooperate fully with the Working Group on the use of mercenaries in "
     "the fulfilment of its mandate;",
     [("States", "states"), ("Working Group on the use of mercenaries",
                             "working-group-on-the-use-of-mercenaries")]),
    # "the Council" after the Economic and Social Council is that Council, in a GA text.
    ("ga", "Recalling Economic and Social Council resolution 2013/40 of 25 July 2013, in which "
     "the Council encouraged Member States to make illicit trafficking in protected species of "
     "wild fauna and flora involving organized criminal groups a serious crime,",
     [("Economic and Social Council", "ecosoc"), ("Council", "ecosoc"),
      ("Member States", "member-states")]),
    # "the Council" with no Council named before: the adopting Human Rights Council.
    ("hrc", "Also requests the Office of the High Commissioner to present a comprehensive report "
     "to the Council at its sixty-second session;",
     [("Office of the High Commissioner", "ohchr"), ("Council", "hrc")]),
    # "the Assembly" with no Assembly named: the General Assembly, whoever adopts.
    ("hrc", "Decides to transmit the report to the Assembly;", [("Assembly", "ga")]),
    # "the Council of Europe" is not a Council of the registry.
    ("ga", "Welcoming the reports of the Commissioner for Human Rights of the Council of Europe,",
     []),
    # Old Security Council style: "the parties concerned", the Secretary-General.
    ("sc", "(a) To call upon the parties concerned to implement immediately Security Council "
     "resolution 598 (1987);",
     [("the parties concerned", "parties"), ("Security Council", "sc")]),
    ("sc", "Calls upon all Governments to take all possible steps;",
     [("all Governments", "governments")]),
    # "the Group of 77 and China" is not a group anaphor.
    ("ga", "Taking note of the Summit on Science, Technology and Innovation of the Group of 77 "
     "and China, held in Havana on 15 and 16 September 2023,", []),
    # Coordinated actors: "Member States and other donors" gives two.
    ("ccpcj", "Invites Member States and other donors to provide extrabudgetary resources;",
     [("Member States", "member-states"), ("other donors", "donors")]),
    # Acronyms stand alone, but not inside a symbol.
    ("ga", "Encourages UNODC to assist States, see UNODC/CCPCJ/EG.4/2013/3;",
     [("UNODC", "unodc"), ("States", "states")]),
    # An "expert group meeting" is a meeting, not a group.
    ("ga", "Expresses its gratitude and appreciation to the Government of Thailand for hosting "
     "the expert group meeting on integrating sport into youth crime prevention and criminal "
     "justice strategies, convened by the United Nations Office on Drugs and Crime in Bangkok "
     "from 16 to 18 December 2019;",
     [("United Nations Office on Drugs and Crime", "unodc")]),
]


@pytest.mark.parametrize(("body", "paragraph", "expected"), MENTIONS)
def test_mentions(body: str, paragraph: str, expected: list[tuple[str, str]]) -> None:
    resolved = resolve_entities(build(body, operative=[paragraph]))
    assert [(m.text, m.entity) for m in resolved.operative[0].mentions] == expected


GROUPS = [
    # A capitalised proper name, with the body it belongs to after "of": the Human Rights Council.
    ("ga", ["Noting the continuing efforts of the open-ended Working Group on the Right to "
            "Development of the Human Rights Council, and reaffirming in particular its criteria,"],
     "open-ended Working Group on the Right to Development", "hrc"),
    # A group the adopting body establishes, named after its body: "of the Human Rights Council".
    ("hrc", ["Decides to establish an open-ended intergovernmental working group of the Human "
             "Rights Council with the mandate of exploring the possibility of elaborating a draft "
             "optional protocol;"],
     "open-ended intergovernmental working group", "hrc"),
    # A group the adopting body establishes ("Decides to establish"): the adopting body's.
    ("ga", ["Decides to establish an open-ended working group to elaborate a set of political "
            "commitments as a new global framework that will address existing gaps;"],
     "open-ended working group to elaborate a set of political commitments", "ga"),
    # "established by the Commission" names the parent even when another body adopts.
    ("ga", ["Recalling the work of the Commission on Crime Prevention and Criminal Justice, and of "
            "the open-ended intergovernmental Expert Group to Conduct a Comprehensive Study on "
            "Cybercrime established by the Commission,"],
     "open-ended intergovernmental Expert Group to Conduct a Comprehensive Study on Cybercrime",
     "ccpcj"),
    # A long capitalised name runs through "to", "on", "of" and "for".
    ("ga", ["Recalling its resolution 74/247 of 27 December 2019, in which it decided that the Ad "
            "Hoc Committee to Elaborate a Comprehensive International Convention on Countering "
            "the Use of Information and Communications Technologies for Criminal Purposes should "
            "convene a three-day organizational session,",
            "Decides that the Ad Hoc Committee shall convene at least six sessions;"],
     "Ad Hoc Committee to Elaborate a Comprehensive International Convention on Countering the "
     "Use of Information and Communications Technologies for Criminal Purposes", "ga"),
    # A Security Council panel named by its head only, with a mandate.
    ("sc", ["Encourages the Panel of Experts established pursuant to resolution 2374 (2017) to "
            "identify parties responsible for potential lack of implementation;"],
     "Panel of Experts", "sc"),
]


@pytest.mark.parametrize(("body", "paragraphs", "name", "parent"), GROUPS)
def test_groups(body: str, paragraphs: list[str], name: str, parent: str) -> None:
    resolved = resolve_entities(build(body, operative=paragraphs))
    groups = [e for e in resolved.entities if e.kind is EntityKind.EXPERT_GROUP]
    assert [(g.name, g.parent) for g in groups] == [(name, parent)]
    # Every paragraph mentions it; its parent is listed among the entities too.
    assert all(any(m.entity == groups[0].key for m in p.mentions) for p in resolved.operative)
    assert resolved.entity(parent) is not None


def test_two_groups_with_different_names_stay_two() -> None:
    # HRC texts name several working groups side by side.
    resolved = resolve_entities(build("hrc", operative=[
        "Requests the Working Group on Arbitrary Detention and the Working Group on Enforced or "
        "Involuntary Disappearances to give due attention to the present resolution;",
        "Invites the Working Group on Arbitrary Detention to report to the Council;"]))
    groups = [e for e in resolved.entities if e.kind is EntityKind.EXPERT_GROUP]
    assert [g.name for g in groups] == [
        "Working Group on Arbitrary Detention",
        "Working Group on Enforced or Involuntary Disappearances"]
    assert resolved.operative[1].mentions[0].entity == groups[0].key


def test_group_keys_are_iri_safe() -> None:
    resolved = resolve_entities(build("ga", operative=[
        "Welcomes the work of the Working Group on Children’s Rights: Ends & Means (Phase II);"]))
    for entity in resolved.entities:
        assert entity.key.replace("-", "").isalnum() and entity.key.islower()


def test_a_text_without_paragraphs_lists_its_adopting_body() -> None:
    assert [e.key for e in resolve_entities(build("cnd")).entities] == ["cnd", "ecosoc"]
    assert resolve_entities(build(None)).entities == ()
