"""Meetings: which meetings a resolution names, whose they are, where and when they were held."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

import pytest
from unkg.ingest.entities import resolve_entities
from unkg.ingest.meetings import find_meetings, meeting_key, parse_dates, parse_ordinal
from unkg.ingest.models import Meeting, Resolution, Source, Span

from tests.test_entities import SEED_OPERATIVE, SEED_PREAMBLE, build, seed, segmented_seed

GROUP = "expert-group-to-conduct-a-comprehensive-study-on-cybercrime"

DATES = [
    ("25 to 28 February 2013", (date(2013, 2, 25), date(2013, 2, 28))),  # the seed, o1
    ("28 February to 2 March 2013", (date(2013, 2, 28), date(2013, 3, 2))),  # across a month
    ("30 December 2012 to 2 January 2013", (date(2012, 12, 30), date(2013, 1, 2))),  # a year
    ("5 May 2014", (date(2014, 5, 5), date(2014, 5, 5))),  # one day
    ("20 and 21 September 2016", (date(2016, 9, 20), date(2016, 9, 21))),  # "on 20 and 21"
    ("3–5 April 2018", (date(2018, 4, 3), date(2018, 4, 5))),  # an en dash
    ("25 to 28\nFebruary 2013", (date(2013, 2, 25), date(2013, 2, 28))),  # a line break
    ("31 February 2013", None),  # no such day
    ("28 to 25 February 2013", None),  # ends before it starts
    ("September 2018", None),  # a month is not a day
]


@pytest.mark.parametrize(("written", "expected"), DATES)
def test_parse_dates(written: str, expected: tuple[date, date] | None) -> None:
    assert parse_dates(written) == expected


ORDINALS = [
    ("second", 2),  # the seed's "second meeting of the group"
    ("First", 1),  # capitalised
    ("eleventh", 11),
    ("fortieth", 40),
    ("twenty-third", 23),
    ("ninety-ninth", 99),
    ("631st", 631),  # Security Council meetings, in figures
    ("2844th", 2844),
    ("1121st", 1121),
    ("sixty", None),  # a number, not an ordinal
]


@pytest.mark.parametrize(("written", "expected"), ORDINALS)
def test_parse_ordinal(written: str, expected: int | None) -> None:
    assert parse_ordinal(written) == expected


def test_meeting_keys_are_stable_and_iri_safe() -> None:
    assert meeting_key("sc", 631, None) == "sc-631"
    assert meeting_key(GROUP, 2, date(2013, 2, 25)) == f"{GROUP}-2-2013-02-25"
    assert meeting_key("ga", None, date(2016, 9, 20)) == "ga-2016-09-20"


@pytest.fixture(scope="module")
def met() -> Resolution:
    return find_meetings(resolve_entities(seed()))


def test_seed_second_meeting_in_vienna(met: Resolution) -> None:
    vienna = next(m for m in met.meetings if m.place == "Vienna")
    assert (vienna.body, vienna.ordinal, vienna.start, vienna.end) == (
        GROUP, 2, date(2013, 2, 25), date(2013, 2, 28))
    assert vienna.key == f"{GROUP}-2-2013-02-25"
    assert vienna.text == ("the Expert Group’s second meeting of the group, held in Vienna from 25 "
                           "to 28 February 2013")
    assert met.source.text[vienna.span.start:vienna.span.end] == vienna.text


def test_seed_first_and_second_meetings_are_listed_once(met: Resolution) -> None:
    # o6 "the deliberations of its first and second meetings": the Expert Group's; the second
    # is the Vienna meeting of o1, listed once with its place and dates.
    assert sorted((m.body, m.ordinal) for m in met.meetings) == [(GROUP, 1), (GROUP, 2)]
    first = next(m for m in met.meetings if m.ordinal == 1)
    assert (first.place, first.start, first.key) == (None, None, f"{GROUP}-1")


def test_real_segmented_seed(seed_text: str, met: Resolution) -> None:
    real = find_meetings(resolve_entities(segmented_seed(seed_text)))
    assert [replace(m, span=Span(0, 0)) for m in real.meetings] == [
        replace(m, span=Span(0, 0)) for m in met.meetings]
    vienna = next(m for m in real.meetings if m.place == "Vienna")
    written = seed_text[vienna.span.start:vienna.span.end]
    assert written.startswith("the Expert Group’s second meeting") and written.endswith("2013")


def test_entities_are_resolved_first_when_missing() -> None:
    keys = {m.key for m in find_meetings(seed()).meetings}
    assert keys == {f"{GROUP}-1", f"{GROUP}-2-2013-02-25"}


MEETINGS = [
    # A numbered meeting "of" a group named by its proper name.
    ("ga", "Notes with appreciation the holding of the sixth meeting of the open-ended "
     "intergovernmental Expert Group to Conduct a Comprehensive Study on Cybercrime and the "
     "responses to cybercrime by Member States;",
     [(GROUP, 6, None, None, None)]),
    # An unnumbered meeting of the General Assembly, held in New York on two days.
    ("ga", "Recalling the outcome document of the high-level plenary meeting of the General "
     "Assembly known as the World Conference on Indigenous Peoples, held in New York on 22 and 23 "
     "September 2014,",
     [("ga", None, "New York", date(2014, 9, 22), date(2014, 9, 23))]),
    # A meeting of a body outside the registry: no body, but a number, a place and dates.
    ("ga", "Recalling the Cancun Declaration, adopted at the high-level segment of the thirteenth "
     "meeting of the Conference of the Parties to the Convention on Biological Diversity, held in "
     "Cancun, Mexico, on 2 and 3 December 2016,",
     [(None, 13, "Cancun, Mexico", date(2016, 12, 2), date(2016, 12, 3))]),
    # "its" with nothing named before it in the clause: no body, but the date identifies it.
    ("sc", "Notes that the AUPSC, in paragraph 2 of its Communique adopted at its 1121st meeting "
     "held on 11 November 2022, reconfirmed the commitment;",
     [(None, 1121, None, date(2022, 11, 11), date(2022, 11, 11))]),
    # A list of meetings, each with its own place and dates; the twentieth, dated only after
    # "under the chairmanship of ...", is not read.
    ("ga", "Welcomes the twentieth meeting, held under the chairmanship of the Russian Federation "
     "on 10 November 2020 in video format, the twenty-first meeting, held in Dushanbe, "
     "Tajikistan, on 16 and 17 September 2021, and the twenty-second meeting, held in Samarkand, "
     "Uzbekistan, on 15 and 16 September 2022;",
     [(None, 21, "Dushanbe, Tajikistan", date(2021, 9, 16), date(2021, 9, 17)),
      (None, 22, "Samarkand, Uzbekistan", date(2022, 9, 15), date(2022, 9, 16))]),
    # A summit is not a meeting.
    ("ga", "Taking note of the Summit on Science, Technology and Innovation of the Group of 77 and "
     "China, held in Havana on 15 and 16 September 2023,", []),
    # A numbered meeting of something unnamed, on no known day, says too little to be listed.
    ("ga", "Takes note of the report on the fifteenth meeting;", []),
]


@pytest.mark.parametrize(("body", "paragraph", "expected"), MEETINGS)
def test_meetings(body: str, paragraph: str,
                  expected: list[tuple[str | None, int | None, str | None, date | None,
                                       date | None]]) -> None:
    found = find_meetings(resolve_entities(build(body, operative=[paragraph]))).meetings
    assert [(m.body, m.ordinal, m.place, m.start, m.end) for m in found] == expected


def test_fourth_meeting_of_the_expert_group() -> None:
    # The brief's example: "the Expert Group" refers back to the group the seed names.
    later = ("Welcomes the fourth meeting of the Expert Group, held in Vienna from 3 to 5 April "
             "2018;")
    resolution = build("ccpcj", SEED_PREAMBLE, [*SEED_OPERATIVE, later])
    found = find_meetings(resolve_entities(resolution)).meetings
    fourth = next(m for m in found if m.ordinal == 4)
    assert (fourth.body, fourth.place, fourth.start, fourth.end) == (
        GROUP, "Vienna", date(2018, 4, 3), date(2018, 4, 5))
    assert fourth.key == f"{GROUP}-4-2018-04-03"


def _text_only(text: str, body: str) -> Resolution:
    source = Source("<test>", hashlib.sha256(text.encode()).hexdigest(), "text/plain", text)
    return Resolution(source, None, None, body, None)


def test_adoption_line_of_an_old_security_council_text() -> None:
    # S/RES/100 (1953): the adoption line lies outside every paragraph, with its line break.
    text = "that undertaking.\n\nAdopted unanimously at the\n631st meeting.\n"
    (meeting,) = find_meetings(_text_only(text, "sc")).meetings
    assert meeting == Meeting("sc-631", "631st meeting", meeting.span, "sc", 631)
    assert text[meeting.span.start:meeting.span.end] == "631st meeting"


def test_meeting_cited_in_an_old_security_council_footnote() -> None:
    # S/RES/577 (1985), footnote 80: the Council's own meeting record.
    resolved = find_meetings(resolve_entities(build(
        "sc", operative=["Decides to remain seized of the matter."],
        footnotes=["Ibid., Fortieth Year, 2631st meeting."])))
    assert [(m.key, m.body, m.ordinal) for m in resolved.meetings] == [("sc-2631", "sc", 2631)]
