"""Adoption details read from the adoption statement printed with a resolution.

:func:`read_adoption` owns the reading of the statement that the segmenter keeps apart from the
paragraphs (:attr:`~unkg.ingest.models.Resolution.adoption`) into an
:class:`~unkg.ingest.models.AdoptionRecord`: the meeting as written and its number, the date, and
the vote. It follows the editorial conventions of the Official Records:

* Security Council, 1946-1992: "Adopted unanimously at the 631st meeting.", "Adopted at the
  2330th meeting by 13 votes to none, with 2 abstentions (China, United States of America).",
  "Adopted at the 473rd meeting by 9 votes to 1 (USSR), with 1 abstention (Yugoslavia).",
  "Adopted without a vote at the 3044th meeting.", "Adopted at the 1810th meeting by consensus.";
* Security Council, 1993 on: "Adopted by the Security Council at its 3157th meeting, on 8 January
  1993";
* General Assembly, ECOSOC, HRC: "30th plenary meeting 1 November 2018", then in HRC texts
  "[Adopted by a recorded vote of 32 to 13, with 2 abstentions. The voting was as follows:
  In favour: ...; Against: ...; Abstaining: ...]" or "[Adopted without a vote.]".

The old Security Council texts are OCR: the reader forgives the common slips ("63lst",
"Adapted", "ai the", "hy 14 votes", "votes ta none", "I abstention", "meet- ing").

Counts: a tally "N votes to M" with no abstention named means no State abstained (the Official
Records always name the abstentions), so ``abstaining`` is 0 there; a count the statement does not
give at all stays ``None``. "By consensus" and "by acclamation" are adoptions without a vote.
"""

from __future__ import annotations

import re
from datetime import date

from unkg.ingest.models import AdoptionRecord, Vote, VoteKind

__all__ = ["read_adoption"]

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")

# Number words a statement may spell out ("with one abstention").
_NUMBER_WORDS = {
    word: value for value, word in enumerate((
        "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    ))
} | {"no": 0, "nil": 0}

# OCR slips fixed before reading; each pair is (pattern, replacement).
_OCR_FIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bmee?t-\s+ing", re.I), "meeting"),        # "meet- ing" broken across lines
    (re.compile(r"\bme+t(?:i|l)ng(s?)\b", re.I), r"meeting\1"),  # "meting", "meetlng"
    (re.compile(r"\bAdapted\b"), "Adopted"),                 # "Adapted unanimously"
    (re.compile(r"\b(?:ai|ut|At)\s+(the|its)\b"), r"at \1"),  # "ai the", "ut the", "At the"
    (re.compile(r"\bhy\b"), "by"),                           # "hy 14 votes"
    (re.compile(r"\bva(te)\b"), r"vo\1"),                    # "without a vate"
    (re.compile(r"(votes?)\s+(?:ta|io|10|lo)\s+(?=none\b)"), r"\1 to "),  # "votes ta none"
    (re.compile(r"(votes?\s+to\s+none)s\b"), r"\1"),         # "to nones"
    (re.compile(r"(\d)\s*[1il]h\b"), r"\1th"),               # "24491h" for "2449th"
    (re.compile(r"}"), ")"),                                 # "(Poland, ...}" closing brace
)

# A number as OCR leaves it: digits, with I, l, ], i, | read for 1, O and o for 0, S for 5. A
# meeting number holds at least one real digit ("63lst", "]8S6th"); a count may be a lone "I".
_OCR_DIGITS = str.maketrans("Il]i|OoS", "11111005")
_NUMBER = r"(?<![\w\]])(?=[\dIl\]i|OoS]*\d)[\dIl\]][\dIl\]i|OoS]{0,5}"

# The meeting: "631st meeting", "resumed 2190th meeting", "2714th (closed) meeting",
# "18th plenary meeting", "273 1st meeting" (a space from OCR), "3005 meeting".
_MEETING = re.compile(
    rf"""
    (?P<meeting>
      (?:resumed\s+)?                                   # "the resumed 2396th meeting"
      (?P<number>{_NUMBER}(?:\s\d{{1,3}})?)              # 631, 63l (OCR), "273 1"
      \s*(?:st|nd|rd|th|the|h|d)?_?                      # ordinal suffix, OCR "the", "h", "_"
      \s*(?:\((?:closed|private)\)\s*)?                  # "2714th (closed) meeting"
      (?:plenary\s+)?                                    # GA and ECOSOC: "18th plenary meeting"
      meetings?\b                                        # "meetings" is an OCR slip here
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

# The adoption date: "on 8 January 1993", or the date line under "30th plenary meeting".
_DATE = re.compile(
    rf"""
    \b(?P<day>\d{{1,2}})\s+                              # 8
    (?P<month>{'|'.join(_MONTHS)})\.?,?\s+               # January
    (?P<year>\d{{4}})\b                                  # 1993
    """,
    re.VERBOSE | re.IGNORECASE,
)

_COUNT = rf"(?<!\w)(?:[\dIl\]]{{1,3}}(?!\d)|(?:{'|'.join(_NUMBER_WORDS)})\b)"
# A parenthesis of State names, one level of nested parentheses allowed ("Bolivia (Plurinational
# State of)").
_STATES = r"\(\s*(?P<{name}>[^()]*(?:\([^()]*\)[^()]*)*?)\s*\)"

# "by a recorded vote of 32 to 13, with 2 abstentions": the States follow in lists.
_RECORDED = re.compile(
    rf"""
    by\s+a\s+recorded\s+vote\s+of\s+
    (?P<favour>{_COUNT})\s+to\s+(?P<against>{_COUNT})             # 32 to 13
    (?:\s*,?\s*with\s+(?P<abstaining>{_COUNT})\s+abstentions?)?   # , with 2 abstentions
    """,
    re.VERBOSE | re.IGNORECASE,
)

# "by 13 votes to none, with 2 abstentions (China, United States of America)", "by 9 votes to 1
# (USSR), with 1 abstention (...)", "by 14 to none", "by 10 votes to 1 against (Pakistan)",
# "by 9 votes (Australia, present and not voting; ...)": the last parenthesis is a note, not a list.
_TALLY = re.compile(
    rf"""
    \bby\s+(?:a\s+vote\s+of\s+)?(?P<favour>{_COUNT})\s+
    (?:votes?\s*)?                                                 # "14 to none" lacks "votes"
    (?:(?:\(\s*[^()]*\)\s*)?                                       # a note on the votes in favour
      to\s+(?P<against>{_COUNT})(?:\s+against)?                    # to 1, to none
      (?:\s*{_STATES.format(name="against_states")})?              # (Poland)
    )?
    (?:\s*[,.;]?\s*with\s+(?P<abstaining>{_COUNT})\s*abstentions?  # with 2 abstentions
      (?:\s*{_STATES.format(name="abstaining_states")})?           # (China, ...)
    )?
    """,
    re.VERBOSE | re.IGNORECASE,
)

_WITHOUT_VOTE = re.compile(r"without\s+(?:a\s+)?vote|\bby\s+(?:consensus|acclamation)", re.I)
_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b", re.I)

# The lists of a recorded vote: "In favour: A, B and C Against: D Abstaining: E".
_LIST = re.compile(
    r"""
    (?P<label>In\s+favour|Against|Abstaining)\s*:\s*             # the list's label
    (?P<states>.*?)\s*[;.]?\s*                                   # its States
    (?=In\s+favour\s*:|Against\s*:|Abstaining\s*:|\]|$)          # up to the next label or the end
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)

# State names that hold "and", where a list must not be split; the United Kingdom as OCR leaves
# it too ("Great Britan and", "Great Britain’ and").
_AND_NAMES = re.compile(
    r"""
      Antigua\s+and\s+Barbuda | Bosnia\s+and\s+Herzegovina | Saint\s+Kitts\s+and\s+Nevis
    | Saint\s+Vincent\s+and\s+the\s+Grenadines | Sao\s+Tome\s+and\s+Principe
    | Serbia\s+and\s+Montenegro | Trinidad\s+and\s+Tobago | Turks\s+and\s+Caicos\s+Islands
    | Great\s+Brit\w*\W?\s+and\s+Northern                         # the United Kingdom
    """,
    re.VERBOSE,
)
_AND_GLUE = "\x00"
# Separators of a list: commas, semicolons, and a full stop OCR read for a comma.
_SEPARATOR = re.compile(r"\s*[,;]\s*|\.\s+(?=[A-Z])")


def read_adoption(statement: str) -> AdoptionRecord | None:
    """The adoption details of ``statement`` (see the module docstring), or ``None`` when it says
    nothing that can be read: no meeting, no date and no vote.

    >>> record = read_adoption("Adopted at the 473rd meeting by 9 votes to 1 (USSR).")
    >>> record.meeting, record.meeting_number, record.vote.kind.value, record.vote.against
    ('473rd meeting', 473, 'vote', 1)
    """
    text = _normalize(statement)
    meeting = _MEETING.search(text)
    number = _meeting_number(meeting.group("number")) if meeting else None
    when = _read_date(text[meeting.end() :] if meeting else text)
    vote = _read_vote(text)
    if meeting is None and when is None and vote is None:
        return None
    return AdoptionRecord(
        meeting=" ".join(meeting.group("meeting").split()) if meeting else None,
        meeting_number=number,
        date=when,
        vote=vote,
    )


def _normalize(statement: str) -> str:
    text = " ".join(statement.split())
    for pattern, replacement in _OCR_FIXES:
        text = pattern.sub(replacement, text)
    return text


def _meeting_number(raw: str) -> int | None:
    """The meeting number; more than five digits is an OCR slip that cannot be trusted."""
    digits = raw.replace(" ", "").translate(_OCR_DIGITS)
    if not digits.isdigit() or len(digits) > 5 or int(digits) == 0:
        return None
    return int(digits)


def _count(raw: str | None) -> int | None:
    if raw is None:
        return None
    word = _NUMBER_WORDS.get(raw.lower())
    if word is not None:
        return word
    digits = raw.translate(_OCR_DIGITS)
    return int(digits) if digits.isdigit() else None


def _read_date(text: str) -> date | None:
    found = _DATE.search(text)
    if found is None:
        return None
    try:
        return date(int(found["year"]), _MONTHS.index(found["month"].lower()) + 1,
                    int(found["day"]))
    except ValueError:  # "31 June": a slip in the source, not a date
        return None


def _read_vote(text: str) -> Vote | None:
    if recorded := _RECORDED.search(text):
        lists = {m["label"].lower().split()[0]: _states(m["states"]) for m in _LIST.finditer(text)}
        return Vote(
            kind=VoteKind.RECORDED,
            in_favour=_count(recorded["favour"]),
            against=_count(recorded["against"]),
            abstaining=_count(recorded["abstaining"]) if recorded["abstaining"] else 0,
            states_in_favour=lists.get("in", ()),
            states_against=lists.get("against", ()),
            states_abstaining=lists.get("abstaining", ()),
        )
    if _WITHOUT_VOTE.search(text):
        return Vote(kind=VoteKind.WITHOUT_VOTE)
    tally = _TALLY.search(text)
    if tally is not None:
        against = _count(tally["against"])
        abstaining = _count(tally["abstaining"])
        if abstaining is None and against is not None:
            abstaining = 0  # a tally names every abstention (see the module docstring)
        return Vote(
            kind=VoteKind.VOTE,
            in_favour=_count(tally["favour"]),
            against=against,
            abstaining=abstaining,
            states_against=_states(tally["against_states"]),
            states_abstaining=_states(tally["abstaining_states"]),
        )
    if _UNANIMOUS.search(text):
        return Vote(kind=VoteKind.UNANIMOUS)
    return None


def _states(text: str | None) -> tuple[str, ...]:
    """The State names of a list written the UN way, "China, Cuba and Yemen": commas between the
    names, "and" before the last one. An inverted name keeps its comma ("Germany, Federal
    Republic of")."""
    if not text:
        return ()
    text = re.sub(r"\bUnited\.\s+", "United ", text)  # OCR "United. Kingdom"
    text = _AND_NAMES.sub(lambda m: m.group().replace("and", _AND_GLUE), text)
    items: list[str] = []
    for item in (" ".join(part.split()) for part in _SEPARATOR.split(text)):
        if items and re.search(r"\bof$", item) and item[:1].isupper():
            items[-1] += f", {item}"  # "Germany, Federal Republic of"
        elif item:
            items.append(item)
    if items:
        items[-1:] = re.split(r"\s+and\s+", items[-1])
    names = (item.replace(_AND_GLUE, "and").strip(" .") for item in items)
    return tuple(name for name in names if name)
