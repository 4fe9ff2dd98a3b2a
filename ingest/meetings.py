"""Meetings: the meetings a resolution names, with their body, ordinal, place and dates.

This stage owns the reading of meetings and of the dates of a meeting. It finds

* numbered meetings: "the Expert Group's second meeting of the group, held in Vienna from 25 to
  28 February 2013", "the fourth meeting of the Expert Group, held in Vienna from 3 to 5 April
  2018", "its first and second meetings", "Adopted unanimously at the 631st meeting";
* meetings held on known dates without a number: "the high-level meeting of the General Assembly
  on ..., held in New York on 20 and 21 September 2016".

The body is the entity whose meeting it is: "the Expert Group's", "of the group", the entity that
"its" points back to (the nearest one named before), else the adopting body for a numbered
meeting (the Security Council's "631st meeting"). A meeting named twice ("its second meeting"
after "the second meeting ..., held in Vienna ...") is listed once, with everything known of it.

Dates are read by :func:`parse_dates` ("25 to 28 February 2013", "28 February to 2 March 2013",
"30 December 2012 to 2 January 2013", "20 and 21 September 2016", "5 May 2014").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from unkg.ingest.entities import resolve_entities
from unkg.ingest.models import Footnote, Meeting, Mention, Paragraph, Resolution, Span

__all__ = ["find_meetings", "meeting_key", "parse_dates", "parse_ordinal"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENTHS = ("twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth",
           "eightieth", "ninetieth")
_ORDINAL = (
    r"(?i:\d{1,5}(?:st|nd|rd|th)_?"                                        # 631st, 473rd_ (OCR)
    rf"|(?:{'|'.join(_TENS)})[-\u2010\u2011\s](?:{'|'.join(_UNITS)})"      # twenty-third
    rf"|{'|'.join(_TENTHS + _TEENS + _UNITS)}"                             # fortieth, tenth, second
    r")(?![\w-])"
)
_TO = r"\s*(?:to|–|-)\s*"  # "25 to 28", "25–28"
_DAY, _YEAR = r"\d{1,2}", r"\d{4}"
#: A date or a range of dates, as written in running text.
DATES = re.compile(
    rf"""
      {_DAY}\s+{_MONTH}\s+{_YEAR}{_TO}{_DAY}\s+{_MONTH}\s+{_YEAR}  # 30 December 2012 to 2 Jan. 2013
    | {_DAY}\s+{_MONTH}{_TO}{_DAY}\s+{_MONTH}\s+{_YEAR}             # 28 February to 2 March 2013
    | {_DAY}(?:{_TO}|\s+and\s+){_DAY}\s+{_MONTH}\s+{_YEAR}          # 25 to 28 February 2013
    | {_DAY}\s+{_MONTH}\s+{_YEAR}                                   # 5 May 2014
    """,
    re.VERBOSE,
)
# The same shapes with their parts named, one pattern per shape.
_DATE_SHAPES = tuple(re.compile(shape) for shape in (
    rf"(?P<d1>\d{{1,2}}) (?P<m1>{_MONTH}) (?P<y1>\d{{4}}){_TO}(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}) "
    rf"(?P<y2>\d{{4}})",
    rf"(?P<d1>\d{{1,2}}) (?P<m1>{_MONTH}){_TO}(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}) (?P<y2>\d{{4}})",
    rf"(?P<d1>\d{{1,2}})(?:{_TO}| and )(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}) (?P<y2>\d{{4}})",
    rf"(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}) (?P<y2>\d{{4}})",
))

# A place: "Vienna", "New York", "Addis Ababa", "The Hague", "Rio de Janeiro".
_PLACE = (rf"(?!{_MONTH}\b)(?:The\s+)?[A-Z][\w’'-]*"                        # not a month
          r"(?:\s+(?:(?:de|del|da|do|des|du|la|es|el|upon)\s+)?[A-Z][\w’'-]*)*")

_KINDS = r"""(?:(?i:plenary|formal|informal|regular|special|resumed|high-level|intersessional
                  |organizational|inaugural|closing|final|ministerial|private
                  |\((?:closed|private)\))\s+)*"""                            # (closed)

MEETING = re.compile(
    rf"""
    (?P<owner>\b(?:its|their)\s+)?                                   # "its second meeting"
    (?P<ordinals>{_ORDINAL}(?:(?:\s*,\s*|\s+and\s+|,\s+and\s+){_ORDINAL})*)\s+
    {_KINDS}                                                         # "plenary"
    (?P<noun>meetings?)(?![\w-])                                     # not "Meeting of States"
    (?P<of>\s+of\s+)?                                                # "of the Expert Group"
    """,
    re.VERBOSE,
)
UNNUMBERED = re.compile(
    rf"""
    (?P<owner>\b(?:its|their)\s+)?
    (?<![\w-])(?P<kind>{_KINDS})                                     # "high-level"
    (?P<noun>meeting)(?![\w-])
    (?P<of>\s+of\s+)?                                                # "of the General Assembly"
    """,
    re.VERBOSE,
)
# What follows a meeting: ", held in Vienna from 25 to 28 February 2013", " on 5 May 2014".
_HELD = re.compile(
    rf"""
    (?:\s+(?:of|on|to|entitled|known\s+as)\s+[^,;:]{{0,200}}?)??       # "on HIV/AIDS"
    ,?\s+(?=held\b|(?:in|at)\s+[A-Z]|(?:on|from)\s+\d)                # something follows
    (?:
        (?P<held>held\s+)                                           # held
        (?:(?:in|at)\s+(?P<place>{_PLACE}(?:,\s*{_PLACE})?),?\s*)?   #   in Cancún, Mexico
      | (?:in|at)\s+(?P<where>{_PLACE}(?:,\s*{_PLACE})?),?\s*         # in New York, but only
        (?=(?:on|from)\s+\d)                                          #   before a date
    )?
    (?:(?:on|from)\s+(?P<dates>{DATES.pattern}))?                     # from 25 to 28 February 2013
    """,
    re.VERBOSE,
)
_POSSESSIVE = re.compile(r"['’]s\s+")


def parse_dates(text: str) -> tuple[date, date] | None:
    """The first and last day of a date or date range as written, or ``None``.

    >>> parse_dates("25 to 28 February 2013")
    (datetime.date(2013, 2, 25), datetime.date(2013, 2, 28))
    >>> parse_dates("5 May 2014")
    (datetime.date(2014, 5, 5), datetime.date(2014, 5, 5))
    """
    flat = " ".join(text.split())
    for shape in _DATE_SHAPES:
        found = shape.fullmatch(flat)
        if found is None:
            continue
        parts = found.groupdict()
        end_year, end_month = int(parts["y2"]), _MONTHS.index(parts["m2"]) + 1
        try:
            end = date(end_year, end_month, int(parts["d2"]))
            start = date(int(parts.get("y1") or end_year),
                         _MONTHS.index(parts.get("m1") or parts["m2"]) + 1,
                         int(parts.get("d1") or parts["d2"]))
        except ValueError:
            return None  # "31 February 2013"
        return (start, end) if start <= end else None
    return None


def parse_ordinal(text: str) -> int | None:
    """The number an ordinal stands for: "second" 2, "twenty-third" 23, "631st" 631."""
    word = " ".join(text.lower().replace("\u2010", "-").replace("\u2011", "-").split()).rstrip("_")
    if word[:1].isdigit():
        digits = word.rstrip("stndrh")
        return int(digits) if digits.isdigit() else None
    tens, _, unit = word.replace(" ", "-").rpartition("-")
    value = 0
    if tens:
        if tens not in _TENS:
            return None
        value = 20 + 10 * _TENS.index(tens)
    for table, base in ((_UNITS, 1), (_TEENS, 10), (_TENTHS, 20)):
        if unit in table:
            step = 10 if table is _TENTHS else 1
            return value + base + step * table.index(unit)
    return None


def meeting_key(body: str | None, ordinal: int | None, start: date | None) -> str:
    """A stable, IRI-safe key: ``sc-631``, ``<group>-2-2013-02-25``, ``ga-2016-09-20``."""
    parts = [body or "meeting"]
    parts += [str(ordinal)] if ordinal is not None else []
    parts += [start.isoformat()] if start is not None else []
    return "-".join(parts)


@dataclass(frozen=True)
class _Text:
    """A stretch of text to read, with its mentions by their start and a way back to spans."""

    text: str
    mentions: dict[int, Mention]
    item: Paragraph | Footnote | None  # None: the source text itself, between the paragraphs
    base: int = 0

    def span(self, start: int, end: int) -> Span:
        if self.item is None:
            return Span(self.base + start, self.base + end)
        return self.item.span_at(start, end) if self.item.offsets else self.item.span


def find_meetings(resolution: Resolution) -> Resolution:
    """Fill ``Resolution.meetings`` with every meeting the text names, each once.

    Reads the mentions of :func:`~unkg.ingest.entities.resolve_entities` (and runs it first when
    the resolution has no entities yet), the paragraphs, the footnotes, and the source text
    outside them (the "Adopted at the 631st meeting" line of old Security Council texts).
    """
    if not resolution.entities:
        resolution = resolve_entities(resolution)
    found: list[Meeting] = []
    items: list[Paragraph | Footnote] = [*resolution.paragraphs, *resolution.footnotes]
    for item in items:
        if "meeting" in item.text:
            found += _read(_Text(item.text, _mention_starts(item), item), resolution.body)
    for start, end in _gaps(resolution):
        if "meeting" in resolution.source.text[start:end]:
            found += _read(_Text(resolution.source.text[start:end], {}, None, start),
                           resolution.body)
    return replace(resolution, meetings=_merge(found))


def _mention_starts(item: Paragraph | Footnote) -> dict[int, Mention]:
    offsets = item.offsets
    found: dict[int, Mention] = {}
    for mention in item.mentions:
        i = bisect_left(offsets, mention.span.start)
        if i < len(offsets) and offsets[i] == mention.span.start:
            found[i] = mention
    return found


def _gaps(resolution: Resolution) -> list[tuple[int, int]]:
    """The stretches of the source text that no paragraph or footnote covers (the title
    included: an old Council text may open with its adoption line)."""
    covered = sorted([(p.span.start, p.span.end) for p in resolution.paragraphs]
                     + [(f.span.start, f.span.end) for f in resolution.footnotes])
    gaps, pos = [], 0
    for start, end in covered:
        if start > pos:
            gaps.append((pos, start))
        pos = max(pos, end)
    if pos < len(resolution.source.text):
        gaps.append((pos, len(resolution.source.text)))
    return gaps


def _read(where: _Text, adopting: str | None) -> list[Meeting]:
    text = where.text
    meetings: list[Meeting] = []
    taken: list[tuple[int, int]] = []
    for numbered in (True, False):
        pattern = MEETING if numbered else UNNUMBERED
        for match in _finditer(pattern, text):
            if any(s <= match.start("noun") < e for s, e in taken):
                continue
            owner, start, after = _owner(where, match, adopting if numbered else None)
            held = _HELD.match(text, after)
            place = (held.group("place") or held.group("where")) if held else None
            dates = parse_dates(held.group("dates")) if held and held.group("dates") else None
            if not numbered and (dates is None or held is None or not held.group("held")):
                continue  # an unnumbered meeting is known by where and when it was held
            if held and (place or dates):
                after = held.end()
            end = len(text[:after].rstrip(" ,;."))
            taken.append((start, end))
            ordinals = ([parse_ordinal(o) for o in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+",
                                                            match.group("ordinals"))]
                        if numbered else [None])
            if len(ordinals) > 1:
                place, dates = None, None  # "its first and second meetings, held in ...": whose?
            if owner is None and dates is None:
                continue  # "the fifteenth meeting" of something unnamed, on no known day
            for ordinal in ordinals:
                meetings.append(Meeting(
                    meeting_key(owner, ordinal, dates[0] if dates else None),
                    " ".join(text[start:end].split()), where.span(start, end), owner, ordinal,
                    place.rstrip(".") if place else None,
                    dates[0] if dates else None, dates[1] if dates else None))
    return meetings


#: A stretch of text that can hold a meeting: MEETING and UNNUMBERED match words, spaces,
#: commas, hyphens and brackets only, and always the word "meeting".
_STRETCH = re.compile(r"[\w\s,\-\u2010\u2011()]+")


def _finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for MEETING and UNNUMBERED, the same matches, faster: only the
    stretches that can hold one are searched (each bounded by a character no match holds, so
    that the lookarounds at its ends see what they would see in the whole text). A source text
    between the paragraphs (XML markup of an AKN file) is mostly such characters."""
    for stretch in _STRETCH.finditer(text):
        start, end = stretch.span()
        if text.find("meeting", start, end) >= 0:
            yield from pattern.finditer(text, start, end)


def _owner(where: _Text, match: re.Match[str], default: str | None) -> tuple[str | None, int, int]:
    """Whose meeting it is, where its text starts, and where what follows the owner begins.

    The owner is a possessive ("the Expert Group's second meeting"), an "of" ("of the group"),
    or for "its" the entity named last in the same clause ("the Expert Group to finalize reports
    of its first and second meetings"). A meeting numbered in figures with no owner ("the 631st
    meeting") is the adopting body's; with an owner that is not a known entity, it has none.
    """
    start = match.start("ordinals") if "ordinals" in match.re.groupindex else match.start("kind")
    after = match.end("noun")
    text = where.text
    for position, mention in where.mentions.items():
        end = position + len(mention.text)
        if end <= start and _POSSESSIVE.fullmatch(text, end, start):
            article = position - 4 if text[max(0, position - 4):position] in ("the ", "The ") else (
                position)
            return mention.entity, article, after  # "the Expert Group’s second meeting"
    if match.group("of"):
        of = next(((p, m) for p, m in where.mentions.items() if p == match.end("of")
                   or (p == match.end("of") + 4 and text.startswith("the ", match.end("of")))),
                  None)
        if of is None:
            return None, start, after  # "the fourth meeting of the Conference of the Parties"
        return of[1].entity, start, of[0] + len(of[1].text)
    if match.group("owner"):
        clause = [(p, m) for p, m in where.mentions.items()
                  if p + len(m.text) <= match.start() and match.start() - p < 200
                  and not re.search(r"[,;:]", text[p + len(m.text):match.start()])]
        if clause:
            return max(clause, key=lambda pm: pm[0])[1].entity, start, after
        # "Adopted by the Security Council at its 3087th meeting", outside the paragraphs.
        return (default if where.item is None else None), start, after
    in_figures = "ordinals" in match.re.groupindex and match.group("ordinals")[:1].isdigit()
    return (default if in_figures or where.item is None else None), start, after


def _merge(meetings: list[Meeting]) -> tuple[Meeting, ...]:
    """One meeting per body and number (or per body and date), with everything known of it."""
    merged: dict[tuple[str | None, object], Meeting] = {}
    for meeting in meetings:
        identity = (meeting.body, meeting.ordinal if meeting.ordinal is not None else meeting.start)
        known = merged.get(identity)
        if known is None:
            merged[identity] = meeting
            continue
        richer, other = ((meeting, known) if _detail(meeting) > _detail(known)
                         else (known, meeting))
        merged[identity] = replace(
            richer, place=richer.place or other.place, start=richer.start or other.start,
            end=richer.end or other.end)
    return tuple(replace(m, key=meeting_key(m.body, m.ordinal, m.start)) for m in merged.values())


def _detail(meeting: Meeting) -> int:
    return sum(x is not None for x in (meeting.place, meeting.start, meeting.ordinal))
