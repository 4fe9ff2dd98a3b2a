"""Adoption details read from the adoption statements printed with real resolutions: the meeting,
its number, the date and the vote, then the same over every old Security Council text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from unkg.ingest.adoption import read_adoption
from unkg.ingest.models import VoteKind
from unkg.ingest.pipeline import parse_file

# statement, meeting as written, meeting number, date, vote kind, (in favour, against,
# abstaining), States against, States abstaining.
ROWS = [
    # S/RES/100 (1953): the commonest statement of the old texts
    ("Adopted unanimously at the 631st meeting.",
     "631st meeting", 631, None, VoteKind.UNANIMOUS, (None, None, None), (), ()),
    # S/RES/500 (1982): counts and the abstaining States
    ("Adopted at the 2330th meeting by 13 votes to none, with 2 abstentions (United Kingdom of "
     "Great Britain and Northern Ireland, United States of America).",
     "2330th meeting", 2330, None, VoteKind.VOTE, (13, 0, 2), (),
     ("United Kingdom of Great Britain and Northern Ireland", "United States of America")),
    # S/RES/36 (1948): States against and abstaining
    ("Adopted at the 219th meeting by 7 votes to 1 (Poland), with 3 abstentions (Colombia, "
     "Syria, Union of Soviet Socialist Republics).",
     "219th meeting", 219, None, VoteKind.VOTE, (7, 1, 3), ("Poland",),
     ("Colombia", "Syria", "Union of Soviet Socialist Republics")),
    # S/RES/54 (1948): OCR "I" for 1
    ("Adopted at the 338th meeting by 7 votes to I (Syria), with 3 abstentions (Argentina, "
     "Ukrainian Soviet Socialist Republic, Union of Soviet Socialist Republics).",
     "338th meeting", 338, None, VoteKind.VOTE, (7, 1, 3), ("Syria",),
     ("Argentina", "Ukrainian Soviet Socialist Republic", "Union of Soviet Socialist Republics")),
    # S/RES/666 (1990): "and" before the last State
    ("Adopted at the 2939th meeting by 13 votes to 2 (Cuba and Yemen).",
     "2939th meeting", 2939, None, VoteKind.VOTE, (13, 2, 0), ("Cuba", "Yemen"), ()),
    # S/RES/541 (1983): "to 1 against"
    ("Adopted at the 2500th meeting by 13 votes to 1 against (Pakistan), with 1 abstention "
     "(Jordan).",
     "2500th meeting", 2500, None, VoteKind.VOTE, (13, 1, 1), ("Pakistan",), ("Jordan",)),
    # S/RES/305 (1971): no abstention named, so none
    ("Adopted at the 1612th meeting by 14 votes to none.",
     "1612th meeting", 1612, None, VoteKind.VOTE, (14, 0, 0), (), ()),
    # S/RES/3 (1946): the note after the count names no State that voted against
    ("Adopted at the 30th meeting by 9 votes (Australia, present and not voting; Union of Soviet "
     "Socialist Republics, absent).",
     "30th meeting", 30, None, VoteKind.VOTE, (9, None, None), (), ()),
    # S/RES/437 (1978): an inverted State name keeps its comma
    ("Adopted at the 2090th meeting by 11 votes to none, with 4 abstentions (Canada, Germany, "
     "Federal Republic of, United Kingdom of Great Britain and Northern Ireland, United States "
     "of America).",
     "2090th meeting", 2090, None, VoteKind.VOTE, (11, 0, 4), (),
     ("Canada", "Germany, Federal Republic of",
      "United Kingdom of Great Britain and Northern Ireland", "United States of America")),
    # S/RES/351 (1974): without a vote
    ("Adopted without a vote at the 1776th meeting.",
     "1776th meeting", 1776, None, VoteKind.WITHOUT_VOTE, (None, None, None), (), ()),
    # S/RES/365 (1974): consensus is an adoption without a vote
    ("Adopted at the 1810th meeting by consensus.",
     "1810th meeting", 1810, None, VoteKind.WITHOUT_VOTE, (None, None, None), (), ()),
    # S/RES/407 (1977): unanimously and without a vote
    ("Adopted unanimously, without a vote, at the 2009th meeting.",
     "2009th meeting", 2009, None, VoteKind.WITHOUT_VOTE, (None, None, None), (), ()),
    # S/RES/1 (1946): no vote stated
    ("Adopted at the 2nd meeting.", "2nd meeting", 2, None, None, (None, None, None), (), ()),
    # S/RES/521 (1982): a resumed meeting
    ("Adopted unanimously at the resumed 2396th meeting.",
     "resumed 2396th meeting", 2396, None, VoteKind.UNANIMOUS, (None, None, None), (), ()),
    # S/RES/720 (1991): a closed meeting
    ("Adopted unanimously at the 3017th (closed) meeting.",
     "3017th (closed) meeting", 3017, None, VoteKind.UNANIMOUS, (None, None, None), (), ()),
    # S/RES/571 (1985): a separate vote on one paragraph does not make it a vote
    ("Adopted unanimously at the 2607th meeting, following a separate vote on operative "
     "paragraph 5.",
     "2607th meeting", 2607, None, VoteKind.UNANIMOUS, (None, None, None), (), ()),
    # S/RES/100 (1953), S/RES/719 (1991), S/RES/381 (1975): OCR slips in the meeting number
    ("Adopted unanimously at the 63lst meeting.",
     "63lst meeting", 631, None, VoteKind.UNANIMOUS, (None, None, None), (), ()),
    ("Adopted unanimously at the 30i6th meeting.",
     "30i6th meeting", 3016, None, VoteKind.UNANIMOUS, (None, None, None), (), ()),
    ("Adopted at the ]8S6ih meeting by 13 votes to none.",
     "]8S6th meeting", 1856, None, VoteKind.VOTE, (13, 0, 0), (), ()),
    # S/RES/594 (1987): a space inside the number
    ("Adopted unanimously at the 273 1st meeting.",
     "273 1st meeting", 2731, None, VoteKind.UNANIMOUS, (None, None, None), (), ()),
    # S/RES/738 (1992): OCR "vate ai the"
    ("Adopted without a vate ai the 3044th meeting.",
     "3044th meeting", 3044, None, VoteKind.WITHOUT_VOTE, (None, None, None), (), ()),
    # S/RES/22 (1947): a word broken across lines
    ("Adopted at the 127th meet- ing by 8 votes to none, with 2 abstentions (Poland, Union of "
     "Soviet Socialist Republics).",
     "127th meeting", 127, None, VoteKind.VOTE, (8, 0, 2), (),
     ("Poland", "Union of Soviet Socialist Republics")),
    # S/RES/800 (1993): the later form, with the date
    ("Adopted by the Security Council at its 3157th meeting, on 8 January 1993",
     "3157th meeting", 3157, date(1993, 1, 8), None, (None, None, None), (), ()),
    # A/RES/73/8 (PDF): the GA meeting line and date under the text
    ("30th plenary meeting 1 November 2018",
     "30th plenary meeting", 30, date(2018, 11, 1), None, (None, None, None), (), ()),
    # A/HRC/RES/54/15 (AKN text): a recorded vote; the lists are checked below
    ("46th meeting 11 October 2023 [Adopted by a recorded vote of 32 to 13, with 2 abstentions. "
     "The voting was as follows: In favour: Algeria, Argentina, Bolivia (Plurinational State of) "
     "and Viet Nam Against: Belgium, United Kingdom of Great Britain and Northern Ireland and "
     "United States of America Abstaining: Costa Rica and Mexico]",
     "46th meeting", 46, date(2023, 10, 11), VoteKind.RECORDED, (32, 13, 2),
     ("Belgium", "United Kingdom of Great Britain and Northern Ireland",
      "United States of America"),
     ("Costa Rica", "Mexico")),
    # A/HRC/RES/54/1: without a vote
    ("41st meeting 12 October 2023 [Adopted without a vote.]",
     "41st meeting", 41, date(2023, 10, 12), VoteKind.WITHOUT_VOTE, (None, None, None), (), ()),
]


@pytest.mark.parametrize(
    ("statement", "meeting", "number", "when", "kind", "counts", "against", "abstaining"), ROWS
)
def test_read_adoption(
    statement: str,
    meeting: str,
    number: int,
    when: date | None,
    kind: VoteKind | None,
    counts: tuple[int | None, int | None, int | None],
    against: tuple[str, ...],
    abstaining: tuple[str, ...],
) -> None:
    record = read_adoption(statement)
    assert record is not None
    assert (record.meeting, record.meeting_number, record.date) == (meeting, number, when)
    if kind is None:
        assert record.vote is None
        return
    vote = record.vote
    assert vote is not None
    assert vote.kind is kind
    assert (vote.in_favour, vote.against, vote.abstaining) == counts
    assert (vote.states_against, vote.states_abstaining) == (against, abstaining)


def test_a_recorded_vote_lists_the_states_in_favour() -> None:
    record = read_adoption(ROWS[-2][0])
    assert record is not None and record.vote is not None
    assert record.vote.states_in_favour == (
        "Algeria", "Argentina", "Bolivia (Plurinational State of)", "Viet Nam"
    )


@pytest.mark.parametrize(
    "statement",
    [
        "Adopted at the meeting.",  # S/RES/270 (1969): the number was lost in the source
        "",  # nothing at all
    ],
)
def test_a_statement_with_nothing_to_read_gives_none(statement: str) -> None:
    assert read_adoption(statement) is None


def test_the_pipeline_fills_the_record(corpus: Path) -> None:
    old = corpus / "text" / "unsc-1946-1994"
    resolution = parse_file(old / "S_RES_0100_1953_EN_GOLD.txt")
    record = resolution.record
    assert record is not None and record.vote is not None
    assert (record.meeting, record.meeting_number, record.vote.kind) == (
        "631st meeting", 631, VoteKind.UNANIMOUS
    )
    assert str(record.draft) == "S/3128"  # "[S/3128]" under the heading


# A statement in the raw text: a line that opens with "Adopted" (OCR "Adapted"), up to the next
# blank line.
_STATEMENT = re.compile(r"(?m)^[ \t]*Ad[ao]pted\b.*(?:\n(?![ \t]*\n).*)*")
# One that gives a meeting number: digits (or an OCR slip among them) before "meeting".
_WITH_NUMBER = re.compile(r"\d\S*\s+(?:\(\w+\)\s+)?meet", re.IGNORECASE)
# A plain ordinal, which must be read exactly (not the "1st" of "273 1st", split by OCR).
_PLAIN = re.compile(r"(?<!\d )\b(\d{1,4})(?:st|nd|rd|th) meeting\b")


def test_reads_the_adoption_statements_of_the_old_security_council(corpus: Path) -> None:
    statements = []
    for path in sorted((corpus / "text" / "unsc-1946-1994").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        statements += [" ".join(m.group().split()) for m in _STATEMENT.finditer(text)]
    numbered = [s.replace("meet- ing", "meeting") for s in statements]
    numbered = [s for s in numbered if _WITH_NUMBER.search(s)]
    assert len(numbered) > 850  # about one per resolution
    records = [(s, read_adoption(s)) for s in numbered]
    read = [(s, r) for s, r in records if r is not None and r.meeting_number is not None]
    assert len(read) >= 0.95 * len(numbered), [s for s, r in records if (s, r) not in read]
    # Where the number is printed plainly, it is read exactly.
    for statement, record in read:
        if plain := _PLAIN.search(statement):
            assert record.meeting_number == int(plain.group(1)), statement
    # A statement that speaks of the vote gets a vote.
    voted = [(s, r) for s, r in read if re.search(r"unanimous|votes|without a vote|consensus", s)]
    assert sum(1 for _, r in voted if r.vote is not None) >= 0.95 * len(voted)
