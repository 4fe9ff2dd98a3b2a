"""The text source reader and the ``clean`` stage, on real snippets.

Each row is text as an extractor or OCR gives it (the seed, the GA resolution PDFs of session 73
as pypdf reads them, the old Security Council texts), and what a reader should see after
cleaning. Every row also checks that each character of the result maps back to the same
character of the original.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from unkg.ingest.clean import clean_text, footnote_marker
from unkg.ingest.models import CleanText
from unkg.ingest.sources import read_text_source

from unkg.errors import SourceError

SEED_RULE = " " * 59  # what is left of the footnote rule in the seed


def assert_maps_back(clean: CleanText) -> None:
    """Every cleaned character is the original character it maps to (a space or a line break
    may stand for any whitespace it replaces)."""
    assert len(clean.offsets) == len(clean.text) + 1
    for i, char in enumerate(clean.text):
        source = clean.original[clean.offsets[i]]
        assert char == source or (char in " \n" and source.isspace()), (i, char, source)
    for call in clean.footnote_calls:
        assert clean.original[call.span.start : call.span.end] == call.marker


# (what the row shows, the original text, the cleaned text, the footnote markers called)
CASES = [
    (
        "seed: the blank line after every line and the page-break run go; the real hyphen of "
        "'open-' / 'ended' stays; 'Commission;1' loses its marker; the footnote follows the body",
        " 2. Expresses its appreciation for the work done thus far by the \n\n"
        "open-ended intergovernmental Expert Group; \n\n\n\n"
        " 3. Invites Member States to continue to consider the problem \n\n"
        "of cybercrime under the aegis of the Commission on Crime Prevention \n\n"
        "and Criminal Justice, building, inter alia, on the work of the open-\n\n"
        "ended intergovernmental Expert Group to Conduct a Comprehensive \n\n"
        "Study on Cybercrime established by the Commission;1 \n\n \n\n"
        f"{SEED_RULE}\n 1  See UNODC/CCPCJ/EG.4/2011/3 and UNODC/CCPCJ/EG.4/2013/3. \n\n",
        " 2. Expresses its appreciation for the work done thus far by the\n"
        "open-ended intergovernmental Expert Group;\n"
        " 3. Invites Member States to continue to consider the problem\n"
        "of cybercrime under the aegis of the Commission on Crime Prevention\n"
        "and Criminal Justice, building, inter alia, on the work of the open-ended "
        "intergovernmental Expert Group to Conduct a Comprehensive\n"
        "Study on Cybercrime established by the Commission;\n"
        " 1  See UNODC/CCPCJ/EG.4/2011/3 and UNODC/CCPCJ/EG.4/2013/3.",
        ["1"],
    ),
    (
        "A/RES/73/6 pages 1-2 (pypdf): the page's footnotes move after the body, the running "
        "symbol and '18-17962 2/5' go, and the sentence runs on across the page break",
        "nations, to increase capacity-building efforts for developing countries and to continue \n"
        "__________________ \n 1  See A/AC.105/1137. \nA/RES/73/6  \n \n18-17962 2/5 \n \n"
        "to shape the global governance of outer space activities to benefit people and the \n"
        "planet, \n",
        "nations, to increase capacity-building efforts for developing countries and to continue\n"
        "to shape the global governance of outer space activities to benefit people and the\n"
        "planet,\n 1  See A/AC.105/1137.",
        [],
    ),
    (
        "A/RES/73/3 pages 2-3: the running title beside the running symbol goes too, as it repeats "
        "the title printed under the heading",
        " 73/3. Political declaration of the high-level meeting of the \n"
        "General Assembly on the fight against tuberculosis \n \n \n The General Assembly \n"
        " Adopts the following political declaration approved by the high-level meeting \n"
        "A/RES/73/3 \nPolitical declaration of the high-level meeting of the General Assembly \n"
        " on the fight against tuberculosis \n \n18-16895 2/10 \n \n"
        "determinants of the epidemic and that protects and fulfils the human rights and dignity \n"
        "by the rise of multidrug-resistant tuberculosis and the heavy burden of tuberculosis, \n"
        "Political declaration of the high-level meeting of the General Assembly  \n"
        "on the fight against tuberculosis A/RES/73/3 \n \n3/10 18-16895 \n \n"
        "HIV and AIDS, and other co-morbidities such as diabetes, that one quarter of the \n",
        " 73/3. Political declaration of the high-level meeting of the\n"
        "General Assembly on the fight against tuberculosis\n\n The General Assembly\n"
        " Adopts the following political declaration approved by the high-level meeting\n"
        "determinants of the epidemic and that protects and fulfils the human rights and dignity\n"
        "by the rise of multidrug-resistant tuberculosis and the heavy burden of tuberculosis,\n"
        "HIV and AIDS, and other co-morbidities such as diabetes, that one quarter of the",
        [],
    ),
    (
        "A/RES/73/3 page 1: the masthead symbol, 'Distr.: General', the job number "
        "'18-16895 (E)    241018' and the barcode '*1816895*' go",
        " United Nations  A/RES/73/3 \n  \nGeneral Assembly \n \nDistr.: General \n"
        "18 October 2018 \n \n \n18-16895 (E)    241018     \n*1816895*   \n"
        "Seventy-third session \nAgenda item 129 \n",
        "General Assembly\n18 October 2018\nSeventy-third session\nAgenda item 129",
        [],
    ),
    (
        "report job numbers 'V.13-83942 (E)', '25-18301 (E)' with '*2518301*' and a bare page "
        "number '2/10' between two lines of the seed",
        "of the study to the Commission on Crime Prevention and Criminal \n"
        "V.13-83942 (E)\n25-18301 (E)\n*2518301*\n2/10\nJustice in due course, \n",
        "of the study to the Commission on Crime Prevention and Criminal\nJustice in due course,",
        [],
    ),
    (
        "a split word is joined: 'inter-' + 'national' is a plain word",
        "Stresses the inter-\nnational character of the Court",
        "Stresses the international character of the Court",
        [],
    ),
    (
        "compounds keep their hyphen: 'non-governmental', 'follow-up', 'Secretary-General'",
        "intergovernmental and non-\ngovernmental organizations, the follow-\nup to the "
        "Secretary-\nGeneral",
        "intergovernmental and non-governmental organizations, the follow-up to the "
        "Secretary-General",
        [],
    ),
    (
        "A/RES/73/6: 'twenty-' / 'first'; A/RES/73/3: pypdf's 'drug -' / 'resistant'",
        "and capacity-building for the twenty-\nfirst century, \n"
        "including its drug -\nresistant forms, is a critical challenge",
        "and capacity-building for the twenty-first century,\n"
        "including its drug-resistant forms, is a critical challenge",
        [],
    ),
    (
        "S/RES/26 (1947) and 37 (1947), OCR: 'meet-' / 'ing' and 'member-' / 'ship' are split",
        "Adopted at the 127th meet-\ning by 8 votes to none,\n"
        "concerning an application for member-\nship subsequent to the expiration",
        "Adopted at the 127th meeting by 8 votes to none,\n"
        "concerning an application for membership subsequent to the expiration",
        [],
    ),
    (
        "A/RES/73/6 (pypdf): markers glued to a year range '2015–20303', to a word 'Goals2', "
        "and standing apart 'Agreement 4  requires'",
        "Development,2 of the Sendai Framework for Disaster Risk Reduction 2015–20303 and \n"
        "of the commitments by States parties to the Paris Agreement 4  requires stronger \n"
        "Sustainable Development Goals2 for the benefit of all countries; \n"
        "__________________ \n 2  Resolution 70/1. \n 3  Resolution 69/283, annex II. \n"
        " 4  See FCCC/CP/2015/10/Add.1, decision 1/CP.21, annex. ",
        "Development, of the Sendai Framework for Disaster Risk Reduction 2015–2030 and\n"
        "of the commitments by States parties to the Paris Agreement  requires stronger\n"
        "Sustainable Development Goals for the benefit of all countries;\n"
        " 2  Resolution 70/1.\n 3  Resolution 69/283, annex II.\n"
        " 4  See FCCC/CP/2015/10/Add.1, decision 1/CP.21, annex.",
        ["2", "3", "4", "2"],
    ),
    (
        "A/RES/73/3: a marker after a closing quote ('Health”,3'); 'resolution 33/11' and "
        "'paragraph 3' stay whole although footnote 3 exists",
        "entitled “Committing to implementation of the Global Strategy for Women’s, \n"
        "Children’s and Adolescents’ Health”,3 and Human Rights Council resolution 33/11 of \n"
        "29 September 2016, as recalled in paragraph 3 of its resolution \n"
        "__________________ \n3 See World Health Organization, document WHA69/2016/REC/1. ",
        "entitled “Committing to implementation of the Global Strategy for Women’s,\n"
        "Children’s and Adolescents’ Health”, and Human Rights Council resolution 33/11 of\n"
        "29 September 2016, as recalled in paragraph 3 of its resolution\n"
        "3 See World Health Organization, document WHA69/2016/REC/1.",
        ["3"],
    ),
    (
        "S/RES/100 (1953): markers standing apart, '1953, 6' and 'Relies on * the'; the "
        "footnotes printed after the adoption statement",
        "in Palestine dated 23 October 1953, 6\n\n"
        "3. Relies on * the Chief of Staff of the Truce Supervision\n"
        "that undertaking.\n\nAdopted unanimously at the\n631st meeting.\n\n"
        "6 fbid., document S/3122.\n* Paragraph 3 of the English text of the draft resolution",
        "in Palestine dated 23 October 1953,\n\n"
        "3. Relies on the Chief of Staff of the Truce Supervision\n"
        "that undertaking.\n\nAdopted unanimously at the\n631st meeting.\n"
        "6 fbid., document S/3122.\n* Paragraph 3 of the English text of the draft resolution",
        ["6", "*"],
    ),
    (
        "S/RES/429 (1978): '14 votes' is a count, '30' after the full stop a marker",
        "Adopted at the 2079th meeting by 14 votes to none. 30\n\n\n"
        "29 Ibid., document S/12710.\n30 One member (China) did not participate in the voting.",
        "Adopted at the 2079th meeting by 14 votes to none.\n"
        "29 Ibid., document S/12710.\n30 One member (China) did not participate in the voting.",
        ["30"],
    ),
    (
        "S/RES/84 (1950): an old volume-wide marker in mid-line, 'Korea 11 that'",
        "Having noted from the report of the United Nations\n"
        "Commission on Korea 11 that the authorities in North\n\n"
        "Adopted at the 474th meeting by 7 votes to 1.\n\n"
        "11 Official Records of the Security Council, Fifth Year, No. 16,\n"
        "474th meeting, p. 2 (document S/1507).",
        "Having noted from the report of the United Nations\n"
        "Commission on Korea that the authorities in North\n\n"
        "Adopted at the 474th meeting by 7 votes to 1.\n"
        "11 Official Records of the Security Council, Fifth Year, No. 16,\n"
        "474th meeting, p. 2 (document S/1507).",
        ["11"],
    ),
    (
        "A/RES/75/128 as a typesetter may break it: a marker wrapped onto a line of its own",
        "to graduating countries and the 2030 Agenda for Sustainable Development,\n1 \n"
        " Giving due consideration to the destruction caused on the northern\n"
        "__________________ \n 1  Resolution 70/1. ",
        "to graduating countries and the 2030 Agenda for Sustainable Development,\n"
        " Giving due consideration to the destruction caused on the northern\n"
        " 1  Resolution 70/1.",
        ["1"],
    ),
    (
        "A/RES/73/8: the adoption date '1 November 2018' is not footnote 1; the footnote after "
        "the rule is",
        "resolution 72/4;1 \n 2. Reiterates its call \n\n30th plenary meeting  \n"
        "1 November 2018 \n \n__________________ \n 1  A/73/85. ",
        "resolution 72/4;\n 2. Reiterates its call\n\n30th plenary meeting\n1 November 2018\n"
        " 1  A/73/85.",
        ["1"],
    ),
]


@pytest.mark.parametrize(
    ("original", "expected", "markers"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_clean_text(original: str, expected: str, markers: list[str]) -> None:
    clean = clean_text(original)
    assert clean.text == expected
    assert [call.marker for call in clean.footnote_calls] == markers
    assert_maps_back(clean)


def test_footnotes_are_gathered_after_the_body() -> None:
    # The footnotes of A/RES/73/6 page 1 sit between two pages; after cleaning they follow the
    # body, and notes_start says where.
    clean = clean_text(CASES[1][1])
    assert clean.notes_start is not None
    assert clean.text[clean.notes_start :] == " 1  See A/AC.105/1137."
    assert clean_text("Recalling its resolution 72/3,\n").notes_start is None


def test_footnote_call_points_into_cleaned_and_original_text() -> None:
    clean = clean_text(CASES[0][1])
    (call,) = clean.footnote_calls
    assert clean.text[call.position - len("Commission;") : call.position] == "Commission;"
    assert clean.original[call.span.start - 1 : call.span.end] == ";1"


@pytest.mark.parametrize(
    ("line", "marker"),
    [
        (" 1  See UNODC/CCPCJ/EG.4/2011/3 and UNODC/CCPCJ/EG.4/2013/3. ", "1"),  # the seed
        ("6 fbid., document S/3122.", "6"),  # S/RES/100 (1953), OCR
        ("* Paragraph 3 of the English text of the draft resolution as adopted", "*"),
        ("17See Official Records of the Security Council, Fourth Year,", "17"),  # OCR, no space
        ("1 November 2018", None),  # the date under "30th plenary meeting"
        ("40 per cent of people newly affected by tuberculosis are missed", None),  # A/RES/73/3
        (" 1. Takes note of the comprehensive study on cybercrime", None),  # a paragraph
    ],
)
def test_footnote_marker(line: str, marker: str | None) -> None:
    assert footnote_marker(line) == marker


def test_seed_cleans_exactly(seed_text: str) -> None:
    clean = clean_text(seed_text)
    assert_maps_back(clean)
    assert "open-ended intergovernmental Expert Group to Conduct" in clean.text
    assert "\n\n" not in clean.text  # the blank line after every line is an artefact
    assert [c.marker for c in clean.footnote_calls] == ["1", "2"]
    assert clean.notes_start is not None
    assert clean.text[clean.notes_start :].startswith(" 1  See UNODC/CCPCJ/EG.4/2011/3")


# --- reading text sources ------------------------------------------------------------------


def test_read_text_source_keeps_the_text_as_it_is(tmp_path: Path) -> None:
    data = "Resolution 22/7 \r\n\r\n  Strengthening international cooperation\u00a0\r\n".encode()
    path = tmp_path / "seed.txt"
    path.write_bytes(data)
    source = read_text_source(path)
    assert source.text == data.decode("utf-8")  # nothing normalised: spans point into this
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.media_type == "text/plain"
    assert source.path == str(path)


def test_read_text_source_falls_back_to_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Franco r\u00e9gime \u201cRelies on\u201d".encode("cp1252"))
    assert read_text_source(path).text == "Franco r\u00e9gime \u201cRelies on\u201d"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "is empty"),  # an empty file
        (b" \n\n \n", "is empty"),  # only page-break blank lines
        (b"\x81\x8d\x8f", "neither UTF-8"),  # bytes undefined in UTF-8 and Windows-1252
        (b"%PDF-1.7\n\x00\x00", "NUL"),  # a binary file given as text
    ],
)
def test_read_text_source_errors(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError) as error:
        read_text_source(path)
    assert error.value.path == str(path)
    assert problem in error.value.problem


def test_read_text_source_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot be read"):
        read_text_source(tmp_path / "missing.txt")
