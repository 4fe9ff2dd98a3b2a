"""The ``segment`` stage: the seed resolution in full, then a table of real snippets.

The snippets come from the old Security Council texts (OCR), the GA resolution PDFs of session 73
as pypdf extracts them, and the Human Rights Council texts; each row names what it shows.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from unkg.ingest.clean import clean_text
from unkg.ingest.models import ParagraphKind, Resolution, Source, UnresolvedKind
from unkg.ingest.regexes_structure import read_opening
from unkg.ingest.segment import segment_resolution


def segment(text: str) -> Resolution:
    source = Source(path="snippet.txt", sha256="0" * 64, media_type="text/plain", text=text)
    return segment_resolution(clean_text(text), source)


def fold(original: str) -> str:
    """What a reader sees in a slice of the original: a word broken after its hyphen is one word,
    and any run of whitespace is one space."""
    return " ".join(re.sub(r"(?<=[A-Za-z]-)\s*\n\s*(?=[a-z])", "", original).split())


# --- the seed ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Resolution:
    return segment(seed_text)


def test_seed_heading(seed: Resolution) -> None:
    assert seed.number == "22/7"
    assert seed.title == "Strengthening international cooperation to combat cybercrime"
    assert seed.body == "ccpcj"
    assert str(seed.symbol) == "E/CN.15/RES/22/7"
    assert seed.date is None  # the seed does not state it
    assert seed.clean is not None and seed.clean.original == seed.source.text
    assert seed.unresolved == ()
    assert seed.title_span is not None
    assert fold(seed.source.text[seed.title_span.start : seed.title_span.end]) == seed.title


def test_seed_paragraphs(seed: Resolution) -> None:
    assert len(seed.preamble) == 5
    assert len(seed.operative) == 8
    assert [p.opening for p in seed.preamble] == [
        "Recalling", "Recalling also", "Bearing in mind", "Underlining",
        "Recognizing with appreciation",
    ]
    assert [p.opening for p in seed.operative] == [
        "Takes note of", "Expresses its appreciation for", "Invites", "Requests", "Requests",
        "Invites", "Invites", "Requests",
    ]
    assert [p.number for p in seed.operative] == [str(n) for n in range(1, 9)]
    assert [p.id for p in seed.paragraphs] == [f"p{n}" for n in range(1, 6)] + [
        f"o{n}" for n in range(1, 9)
    ]
    assert all(p.kind is ParagraphKind.PREAMBULAR for p in seed.preamble)
    assert seed.operative[0].text.startswith("Takes note of the comprehensive study on cybercrime")
    assert seed.operative[7].text.endswith("on progress in its work.")


def test_seed_footnotes(seed: Resolution) -> None:
    first, second = seed.footnotes
    assert (first.marker, first.paragraph) == ("1", "o3")
    assert first.text == "See UNODC/CCPCJ/EG.4/2011/3 and UNODC/CCPCJ/EG.4/2013/3."
    assert (second.marker, second.paragraph) == ("2", "o5")
    assert second.text == "General Assembly resolution 65/230, annex, para. 42."
    assert seed.operative[2].footnotes == ("1",)
    assert seed.operative[4].footnotes == ("2",)
    assert seed.operative[2].text.endswith("established by the Commission;")  # marker gone
    assert seed.source.text[first.span.start : first.span.end] == first.text


def test_seed_open_ended_keeps_its_hyphen(seed: Resolution) -> None:
    # In o3 "open-" ends a line and "ended" opens the next (with a blank line between).
    assert "on the work of the open-ended intergovernmental Expert Group" in seed.operative[2].text


def test_seed_spans_give_back_the_paragraph_text(seed: Resolution) -> None:
    for paragraph in seed.paragraphs:
        original = seed.source.text[paragraph.span.start : paragraph.span.end]
        marker_free = re.sub(r"(?<=;)\d\s*$", "", original)
        assert fold(marker_free) == paragraph.text, paragraph.id


def test_seed_span_at_maps_every_word_to_the_original(seed: Resolution) -> None:
    for paragraph in seed.paragraphs:
        for word in re.finditer(r"\w+", paragraph.text):
            span = paragraph.span_at(word.start(), word.end())
            assert seed.source.text[span.start : span.end] == word.group(), (paragraph.id, word)
    o4 = seed.operative[3]
    at = o4.text.index("Secretariat")
    span = o4.span_at(at, at + len("Secretariat"))
    assert seed.source.text[span.start : span.end] == "Secretariat"


# --- real snippets -------------------------------------------------------------------------

OLD_SC = (  # S/RES/100 (1953): the old heading, the draft symbol, a spaced marker, a "*" note
    "100 (1953). Resolution of 27 October 1953\n[S/3128]\n\nThe Security Council,\n\n"
    "Having taken note of the report of the Chief of Staff\nof the United Nations Truce "
    "Supervision Organization\nin Palestine dated 23 October 1953, 6\n\n"
    "Desirous of facilitating the consideration of the\nquestion, without however prejudicing "
    "the rights, claims\nor position of the parties concerned,\n\n"
    "1. Deems it desirable to that end that the works\nstarted in the demilitarized zone on "
    "2 September 1953\nshould be suspended during the urgent examination of\nthe question by "
    "the Security Council;\n\n"
    "3. Relies on * the Chief of Staff of the Truce Supervision\nOrganization to inform it "
    "regarding the fulfilment of\nthat undertaking.\n\n"
    "Adopted unanimously at the\n631st meeting.\n\n6 fbid., document S/3122.\n"
    "* Paragraph 3 of the English text of the draft resolution as adopted\n"
    "began with the word “Requests...”."
)

GA_PYPDF = (  # A/RES/73/8 as pypdf extracts it: masthead, heading, first and last paragraphs
    " United Nations  A/RES/73/8 \n  \nGeneral Assembly \n \nDistr.: General \n"
    "5 November 2018 \n \n \n18-18418 (E)    071118  \n*1818418*   \nSeventy-third session \n"
    "Agenda item 43 \n \n \n \n  Resolution adopted by the General Assembly \n"
    "on 1 November 2018 \n \n \n  [without reference to a Main Committee (A/73/L.3)] \n \n \n"
    " 73/8. Necessity of ending the economic, commercial and financial \n"
    "embargo imposed by the United States of America \nagainst Cuba \n \n \n"
    " The General Assembly, \n"
    " Determined to encourage strict compliance with the purposes and principles \n"
    "enshrined in the Charter of the United Nations, \n"
    " 1. Takes note of the report of the Secretary-General on the implementation of \n"
    "resolution 72/4;1 \n"
    " 2. Reiterates its call upon all States to refrain from promulgating and \n"
    "applying laws and measures of the kind referred to in the preamble to the present \n"
    "resolution; \n \n30th plenary meeting  \n1 November 2018 \n \n__________________ \n"
    " 1  A/73/85. "
)

NESTED = (  # S/RES/687 (1991), paragraph 9: lettered sub-paragraphs, roman ones inside (b)
    "Resolution 687 (1991)\nof 3 April 1991\n\nThe Security Council,\n\n"
    "9. Decides also, for the implementation of paragraph 8, the following:\n\n"
    "(a) Iraq shall submit to the Secretary-General, within fifteen days of the adoption of\n"
    "the present resolution, a declaration of the locations, amounts and types of all items\n"
    "specified in paragraph 8 and agree to urgent, on-site inspection\nas specified below;\n\n"
    "(b) The Secretary-General, in consultation with the\nappropriate Governments shall\n"
    "develop and submit to the Council for approval a plan calling\n"
    "for the completion of the following acts within forty-five days\nof such approval:\n\n"
    "(i) The forming of a special commission which shall\ncarry out immediate on-site "
    "inspection of Iraq’s\nbiological, chemical and missile capabilities;\n\n"
    "(ii) The yielding by Iraq of possession to the Special\nCommission for destruction;\n\n"
    "10. Decides further that Iraq shall unconditionally undertake not to use, develop, "
    "construct or acquire any of the items\nspecified in paragraphs 8 and 9;\n\n"
    "Adopted at the 2981st meeting by 12 votes to 1 (Cuba), with 2 abstentions (Ecuador, "
    "Yemen)."
)

HRC = (  # A/HRC/RES/54/10 as text: masthead with the agenda item, the Council's formula
    "Human Rights Council\nFifty-fourth session\n11 September–13 October 2023\nAgenda item 3\n"
    "Promotion and protection of all human rights, civil, political, economic, social and\n"
    "cultural rights, including the right to development\n"
    "Resolution adopted by the Human Rights Council on 11 October 2023\n"
    "54/10. Mandate of Special Rapporteur on the implications for human rights of the\n"
    "environmentally sound management and disposal of hazardous substances and wastes\n"
    "The Human Rights Council,\n"
    "Guided by the Charter of the United Nations, the Universal Declaration of Human Rights,\n"
    "Bearing in mind paragraph 6 of General Assembly resolution 60/251 of 15 March 2006,\n"
    "1. Takes note of the report submitted by the Special Rapporteur, and requests the Special\n"
    "Rapporteur to continue to provide detailed, up-to-date information, which may include\n"
    "information on:\n(a) The adverse consequences for persons in vulnerable situations;\n"
    "(b) The science-policy interface with regard to transparency about the risks;\n"
    "2. Decides to extend the mandate of Special Rapporteur for a period of three years;\n"
    "40th meeting\n11 October 2023\n[Adopted without a vote.]\n"
)


def test_old_security_council_text() -> None:
    resolution = segment(OLD_SC)
    assert resolution.number == "100 (1953)"
    assert str(resolution.symbol) == "S/RES/100 (1953)"
    assert resolution.body == "sc"
    assert resolution.date == date(1953, 10, 27)
    assert str(resolution.draft) == "S/3128"
    assert resolution.title is None
    assert [p.opening for p in resolution.preamble] == ["Having taken note of", "Desirous"]
    assert [(p.number, p.opening) for p in resolution.operative] == [
        ("1", "Deems"), ("3", "Relies")  # paragraph 2 left out of the snippet
    ]
    assert resolution.adoption == "Adopted unanimously at the 631st meeting."
    assert resolution.adoption_span is not None
    assert [(f.marker, f.paragraph) for f in resolution.footnotes] == [("6", "p1"), ("*", "o2")]
    assert resolution.operative[1].text.startswith("Relies on the Chief of Staff")
    assert all("Adopted" not in p.text for p in resolution.paragraphs)


def test_general_assembly_pdf_text() -> None:
    resolution = segment(GA_PYPDF)
    assert (resolution.number, str(resolution.symbol), resolution.body) == (
        "73/8", "A/RES/73/8", "ga"
    )
    assert resolution.title == (
        "Necessity of ending the economic, commercial and financial embargo imposed by the "
        "United States of America against Cuba"
    )
    assert resolution.date == date(2018, 11, 1)
    assert str(resolution.draft) == "A/73/L.3"
    assert [p.opening for p in resolution.paragraphs] == [
        "Determined", "Takes note of", "Reiterates its call upon"
    ]
    assert resolution.adoption == "30th plenary meeting 1 November 2018"
    assert [(f.marker, f.paragraph, f.text) for f in resolution.footnotes] == [
        ("1", "o1", "A/73/85.")
    ]
    assert resolution.unresolved == ()  # the masthead is known, not unresolved


def test_nested_sub_paragraphs() -> None:
    resolution = segment(NESTED)
    o9, o10 = resolution.operative
    assert (o9.number, o9.opening, o10.number) == ("9", "Decides also", "10")
    assert [s.label for s in o9.subparagraphs] == ["(a)", "(b)"]
    b = o9.subparagraphs[1]
    assert [s.label for s in b.subparagraphs] == ["(i)", "(ii)"]
    assert b.subparagraphs[1].text == (
        "The yielding by Iraq of possession to the Special Commission for destruction;"
    )
    assert b.text.startswith("The Secretary-General, in consultation with the appropriate")
    assert "(i) The forming of a special commission" in b.text
    assert "(ii) The yielding" in o9.text  # the paragraph holds its sub-paragraphs
    span = b.subparagraphs[0].span
    assert fold(resolution.source.text[span.start : span.end]) == b.subparagraphs[0].text
    assert resolution.adoption is not None and resolution.adoption.endswith("(Ecuador, Yemen).")


def test_human_rights_council_text() -> None:
    resolution = segment(HRC)
    assert (resolution.number, resolution.body) == ("54/10", "hrc")
    assert str(resolution.symbol) == "A/HRC/RES/54/10"
    assert resolution.date == date(2023, 10, 11)
    assert resolution.title is not None and resolution.title.endswith("substances and wastes")
    assert [p.opening for p in resolution.preamble] == ["Guided by", "Bearing in mind"]
    assert [s.label for s in resolution.operative[0].subparagraphs] == ["(a)", "(b)"]
    assert resolution.adoption == "40th meeting 11 October 2023 [Adopted without a vote.]"
    assert resolution.unresolved == ()


@pytest.mark.parametrize(
    ("text", "number", "operative"),
    [
        (  # S/RES/290 (1970): no year in the heading; the symbol takes it from the date
            "Resolution 290\nof 8 December 1970\n\nThe Security Council,\n\n"
            "Having heard further statements by the Permanent\nRepresentative of the Republic "
            "of Guinea,\n\n1. Demands the immediate withdrawal of all external armed forces;\n",
            "290 (1970)", [("1", "Demands")],
        ),
        (  # S/RES/484 (1980): the number of paragraph 2 was lost; the verb still opens it
            "Resolution 484 (1980)\nof 19 December 1980\n\nThe Security Council,\n"
            "Recalling its resolutions 468 (1980) and 469 (1980),\n\n"
            "1. Reaffirms the applicability of the Geneva Convention;\n\n"
            "Calls upon Israel, the occupying Power, to\nadhere to the provisions of the "
            "Convention;\n\n3. Declares it imperative that the Mayor of Hebron\nbe enabled to "
            "return;\n",
            "484 (1980)", [("1", "Reaffirms"), (None, "Calls upon"), ("3", "Declares")],
        ),
        (  # S/RES/34 (1947): the operative part is lettered, not numbered
            "34 (1947). Resolution of 15 September 1947\n[S/555]\n\nThe Security Council\n\n"
            "(a) Resolves that the dispute between Greece, on\nthe one hand, and Albania, "
            "Yugoslavia and Bulgaria,\non the other, be taken off the list ; and\n\n"
            "(b) Requests that the Secretary-General be instructed to place all records\n",
            "34 (1947)", [("a", "Resolves"), ("b", "Requests")],
        ),
        (  # S/RES/97 (1952): an unnumbered operative verb outside any list, set off by blanks
            "97 (1952). Resolution of 30 January 1952\n[S/2506]\n\nThe Security Council,\n\n"
            "In view of the recommendation contained in paragraph 2\nof resolution 502 (VI),\n\n"
            "Dissolves the Commission for Conventional Armaments.\n\n"
            "Adopted at the 571st meeting. 10\n\n\n10 No details of the vote are given.",
            "97 (1952)", [(None, "Dissolves")],
        ),
        (  # S/RES/781 (1992): no formula line; the adoption statement under the heading
            "RESOLUTION 781 (1992)\n\n\nAdopted by the Security Council at its 3122nd meeting, "
            "on 9 October 1992\n\nReaffirming its resolution 713 (1991) and all subsequent "
            "relevant\nresolutions,\n\n1. Decides to establish a ban on military flights;\n",
            "781 (1992)", [("1", "Decides")],
        ),
        (  # S/RES/1 (1946): the body is the subject of each paragraph
            "1 (1946) Resolution of 25 January 1946\n\nTherefore\n\n"
            "1. The Security Council requests the permanent members of the Security Council ;\n\n"
            "2. The Security Council directs that the Chiefs of Staff shall constitute the "
            "Committee ;\n",
            "1 (1946)", [("1", "requests"), ("2", "directs")],
        ),
    ],
)
def test_security_council_forms(
    text: str, number: str, operative: list[tuple[str | None, str]]
) -> None:
    resolution = segment(text)
    assert resolution.body == "sc"
    assert resolution.number == number
    assert str(resolution.symbol) == f"S/RES/{number}"
    assert [(p.number, p.opening) for p in resolution.operative] == operative


def test_what_fits_nowhere_is_unresolved() -> None:
    # S/RES/1 (1946): a subject heading above the resolution and a clause before its paragraphs;
    # S/RES/242-like text followed by an annex.
    resolution = segment(
        "MILITARY STAFF COMMITTEE\n\n1 (1946) Resolution of 25 January 1946\n\n"
        "By Article 47 of the Charter, the United Nations have agreed ;\n\n"
        "1. The Security Council requests the permanent members ;\n\n"
        "Adopted at the 2nd meeting.\n\nANNEX\n\nRules of procedure of the Committee\n"
    )
    assert [(u.kind, u.reason) for u in resolution.unresolved] == [
        (UnresolvedKind.STRUCTURE, "text before the resolution heading"),
        (UnresolvedKind.STRUCTURE, "text outside any paragraph"),
        (UnresolvedKind.STRUCTURE, "annex (not segmented)"),
    ]
    assert resolution.unresolved[0].text == "MILITARY STAFF COMMITTEE"
    assert len(resolution.operative) == 1


def test_section_headings_and_a_recorded_vote() -> None:
    # A/RES/77/205: a section "I" with its title above paragraph 1; A/HRC/RES/54/18: the vote
    # in brackets after the meeting and date, over several lines and blank lines.
    resolution = segment(
        "77/205. A global call for concrete action for the elimination of racism\n\n"
        "The General Assembly,\n"
        "Reaffirming that the elimination of racism is a matter of priority for the "
        "international\ncommunity,\n\nI\nInternational Convention on the Elimination of All "
        "Forms of Racial\nDiscrimination\n\n"
        "1. Reaffirms the paramount importance of universal adherence to and the full and\n"
        "effective implementation of the International Convention;\n"
        "2. Calls upon States that have not done so to accede to and/or ratify the Convention;\n"
        "\n47th meeting\n12 October 2023\n"
        "[Adopted by a recorded vote of 29 to 13, with 5 abstentions. The voting was as follows:"
        "\n\nIn favour:\nAlgeria, Bangladesh, Benin, Bolivia (Plurinational State of), "
        "Cameroon\n\nAgainst:\nBelgium, Czechia, Finland\n\nAbstaining:\n"
        "Argentina, Chile, Costa Rica, Mexico and Paraguay]\n"
    )
    assert [p.opening for p in resolution.paragraphs] == ["Reaffirming", "Reaffirms", "Calls upon"]
    assert [u.text for u in resolution.unresolved] == [
        "I International Convention on the Elimination of All Forms of Racial Discrimination"
    ]
    assert resolution.adoption is not None
    assert resolution.adoption.startswith("47th meeting 12 October 2023 [Adopted by a recorded")
    assert resolution.adoption.endswith("Mexico and Paraguay]")
    assert resolution.date == date(2023, 10, 12)


@pytest.mark.parametrize(
    ("text", "openings", "numbers", "labels"),
    [
        (  # A/RES/78/256: "Resolves that:" belongs to the formula, not a paragraph
            "78/256. Working Capital Fund for 2024\n\nThe General Assembly\n\nResolves that:\n\n"
            "1. The Working Capital Fund shall be established for 2024 in the amount of 250 "
            "million\nUnited States dollars;\n2. Member States shall make advances to the Working "
            "Capital Fund;\n",
            ["The", "Member"], ["1", "2"], [],
        ),
        (  # S/RES/2713 (2023): sub-paragraphs lettered "a.", "b."
            "Resolution 2713 (2023)\n\nThe Security Council,\n\n19. Decides that:\n"
            "a. prior to transferring any items in Part 1 of Annex C to Somalia, the supplying "
            "Member\nState of the items should notify the GFRS for its awareness;\n"
            "b. where an item in part I of Annex C to this resolution is directly or indirectly "
            "sold,\nthe State shall notify the GFRS;\n",
            ["Decides"], ["19"], ["(a)", "(b)"],
        ),
        (  # S/RES/2713 (2023), typeset: a heading on two lines between blank lines
            "  Resolution 2713 (2023) \n \n  Adopted by the Security Council at its 9490th "
            "meeting, on1 December 2023\n \n \n The Security Council,\n"
            " Recalling all its previous resolutions and statements of its President on \n"
            "the situation in Somalia, \n"
            " Reaffirming its respect for the sovereignty, territorial integrity, \n"
            "political independence and unity of Somalia,\n"
            " Emphasising that the purpose of this resolution is to degrade the threat \n"
            "posed by Al-Shabaab, \n \n"
            " Degrading the threat posed by Al-Shabaab, and the Arms Embargo on\nAl‑Shabaab \n \n"
            " Expressing grave concern that Al-Shabaab continues to pose a serious threat \n"
            "to the peace, security and stability of Somalia and the region,\n"
            " Condemning in the strongest possible terms Al-Shabaab’s terrorist attacks,\n",
            ["Recalling", "Reaffirming", "Emphasising", "Expressing grave concern",
             "Condemning in the strongest possible terms"], [], [],
        ),
        (  # S/RES/2553 (2020): a verb in the third person slipped into the preamble
            "Resolution 2553 (2020)\n\nThe Security Council,\n\n"
            "Recalling its resolutions 2250 (2015), 2419 (2018) and 2535 (2020) on youth,\n"
            "Recognizes the role of United Nations peacekeeping operations and special political\n"
            "missions in supporting national authorities,\n"
            "Recalling reports of the Special Committee on Peacekeeping Operations,\n"
            "1. Decides to remain seized of the matter.\n",
            ["Recalling", "Recognizes", "Recalling", "Decides"], ["1"], [],
        ),
        (  # S/RES/2592 (2021): paragraph 11 opens with its first sub-paragraph
            "Resolution 2592 (2021)\n\nThe Security Council,\n\n"
            "10. Condemns all violations;\n11.\n(a) Expresses concern about the high number of "
            "instances of the “six grave violations” against children;\n(b) Demands all parties "
            "to end and prevent violations;\n",
            ["Condemns", "Expresses concern"], ["10", "11"], ["(a)", "(b)"],
        ),
    ],
)
def test_more_layouts(
    text: str, openings: list[str], numbers: list[str], labels: list[str]
) -> None:
    resolution = segment(text)
    assert [p.opening for p in resolution.paragraphs] == openings
    assert [p.number for p in resolution.operative] == numbers
    assert [s.label for p in resolution.paragraphs for s in p.subparagraphs] == labels


def test_resumed_meeting_and_annex() -> None:
    # A/RES/79/233: "55th (resumed) plenary meeting" ends the resolution; the annex follows.
    resolution = segment(
        "79/233. Programme of Action for Landlocked Developing Countries\n\n"
        "The General Assembly\nAdopts the Programme of Action for Landlocked Developing "
        "Countries for the Decade\n2024–2034, as contained in the annex to the present "
        "resolution;\n\n55th (resumed) plenary meeting\n24 December 2024\nAnnex\n"
        "Programme of Action for Landlocked Developing Countries for the Decade 2024–2034\n"
        "1. We are at a defining moment in history.\n"
    )
    assert [p.opening for p in resolution.paragraphs] == ["Adopts"]
    assert resolution.adoption == "55th (resumed) plenary meeting 24 December 2024"
    assert resolution.date == date(2024, 12, 24)
    assert [u.reason for u in resolution.unresolved] == ["annex (not segmented)"]


def test_a_text_that_is_no_resolution_has_no_paragraphs() -> None:
    # No heading, no formula line, no numbered paragraph: "Shopping" is no "Recalling".
    resolution = segment("Shopping list: milk, bread.\n")
    assert resolution.paragraphs == ()
    assert [u.reason for u in resolution.unresolved] == [
        "no heading or formula line: not a resolution"
    ]


@pytest.mark.parametrize(
    "text",
    ["", "\n\n \n", "12345", "Adopted unanimously at the 631st meeting.", "1  See A/73/85.",
     "(a) (b) (c)\n(a)\n(ii)", "The Security Council,", "Resolution 22/7", "“Unclosed quote,\n",
     "__________________\n 1  Resolution 70/1.\n", "\f\f\x0c", "Recalling\n" * 3],
)
def test_odd_text_never_raises(text: str) -> None:
    resolution = segment(text)
    assert resolution.source.text == text


@pytest.mark.parametrize(
    ("text", "phrase", "kind"),
    [
        ("Recalling also General Assembly resolution 67/189", "Recalling also", "preambular"),
        ("Bearing in mind that in the Salvador Declaration", "Bearing in mind", "preambular"),
        ("Deeply concerned at the refusal of the authorities", "Deeply concerned", "preambular"),
        ("Noting with appreciation the outstanding work", "Noting with appreciation",
         "preambular"),
        ("Having considered the report of the Secretary-General", "Having considered",
         "preambular"),
        ("Taking note of the letter dated 8 April 1980", "Taking note of", "preambular"),
        ("Convinced that ending impunity is essential", "Convinced", "preambular"),
        ("Aware of the use by Iraq of ballistic missiles", "Aware", "preambular"),
        ("Guided by the Charter of the United Nations", "Guided by", "preambular"),
        ("Seized of the danger of the use of weapons", "Seized", "preambular"),
        ("Expressing its grave concern at the expulsion", "Expressing its grave concern",
         "preambular"),
        ("Takes note of the comprehensive study on cybercrime", "Takes note of", "operative"),
        ("Expresses its appreciation for the work done", "Expresses its appreciation for",
         "operative"),
        ("Takes note with appreciation of the report", "Takes note with appreciation of",
         "operative"),
        ("Calls upon all parties, movements and factions", "Calls upon", "operative"),
        ("Once again urges States that have and continue", "Once again urges", "operative"),
        ("Reaffirms its commitment to the sovereignty", "Reaffirms its commitment", "operative"),
        ("Decides to remain actively seized of the matter.", "Decides", "operative"),
        ("Hereby records its approval of the three following", "Hereby records", "operative"),
        ("Reaffirm the 2030 Agenda for Sustainable Development", "Reaffirm", None),
        ("United Nations agencies and programmes", "United", None),  # a name, not a participle
        ("Beijing Declaration and Platform for Action", "Beijing", None),
    ],
)
def test_read_opening(text: str, phrase: str, kind: str | None) -> None:
    opening = read_opening(text)
    assert opening is not None
    assert opening.phrase == phrase
    assert (opening.kind.value if opening.kind else None) == kind


@pytest.mark.corpus
def test_general_assembly_pdfs(corpus: Path) -> None:
    # The four A/RES/73 PDFs as pypdf reads them: page headers, job numbers and the footnotes
    # at the foot of each page never leak into a paragraph. Counts checked against the PDFs.
    import pypdf

    expected = {"6": (25, 14, 6), "7": (13, 28, 9), "8": (8, 5, 1)}
    for number, (preamble, operative, footnotes) in expected.items():
        reader = pypdf.PdfReader(corpus / "pdf" / "ga-73" / f"A_RES_73_{number}-EN.pdf")
        text = "\n".join(page.extract_text() for page in reader.pages)
        resolution = segment(text)
        assert str(resolution.symbol) == f"A/RES/73/{number}"
        counts = (len(resolution.preamble), len(resolution.operative), len(resolution.footnotes))
        assert counts == (preamble, operative, footnotes), number
        assert all(f.paragraph for f in resolution.footnotes), number
        for paragraph in resolution.paragraphs:
            assert not re.search(r"\d\d-\d{5}|A/RES/73/\d|_{5}", paragraph.text), paragraph.id
