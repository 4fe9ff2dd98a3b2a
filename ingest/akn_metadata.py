"""AKN4UN metadata: the work a file identifies, and how it was adopted (the JSONL files beside it).

:func:`read_work` reads the file's own ``<meta>``: the FRBR work IRI, the adoption date, the
adopting body as the work IRI's actor (``unga``, ``unga-hrc``, ``unsc``) and as the FRBR author,
the number the IRI carries and the subject keywords' IRIs.

The UN publishes, next to each folder of AKN4UN resolutions, one JSON object per resolution: the
meeting, the draft, the agenda item, the sponsors and the vote. A folder of XML files and its
metadata file sit side by side::

    akn/ga/79/A_RES_79_1-2416433E.xml    ->  akn/ga/metadata/79.jsonl      (by session)
    akn/sc/2021/SC_2561_2021-E.xml       ->  akn/sc/metadata/2021.jsonl    (by year)
    akn/hrc/55/A_HRC_RES_55_10E.xml      ->  akn/hrc/metadata/55.jsonl     (by session)

:func:`adoption_record_for` finds the row of one resolution and turns it into an
:class:`~unkg.ingest.models.AdoptionRecord`; each metadata file is read once and kept
(:func:`read_metadata`), since an ingest run streams thousands of XML files from one folder.
A resolution without a metadata file or row has no record; a line that is not a JSON object is a
:class:`~unkg.errors.SourceError` naming the metadata file and the line.

The Human Rights Council files wrap each object in stray double quotes (``"{...}"``) and put lone
``"`` lines between them; those quotes, outside the braces, are dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from unkg.graph.symbols import Symbol
from unkg.ingest.akn_xml import Node
from unkg.ingest.models import AdoptionRecord, Vote, VoteKind

from unkg.errors import SourceError, SymbolError

__all__ = ["Work", "adoption_record", "adoption_record_for", "metadata_file", "read_metadata",
           "read_work"]

Row = Mapping[str, object]

#: A line of a metadata file: one JSON object, possibly inside stray double quotes.
_LINE = re.compile(
    r"""
    \s*"*\s*          # stray quotes before the object (Human Rights Council files)
    (?P<object>\{.*\})  # the object itself
    \s*"*\s*          # stray quotes after it
    """,
    re.VERBOSE | re.DOTALL,
)
_STRAY = re.compile(r'[\s"]*')  # a line of nothing but stray quotes and blanks
#: "53rd plenary meeting", "8765th (closed) meeting": the number of a meeting.
_MEETING_NUMBER = re.compile(r"(?P<number>\d+)(?:st|nd|rd|th)\b")
#: "Agenda item 71 (b)", "Agenda items 13 and 116": the designation after the words.
_AGENDA = re.compile(r"agenda\s+items?\s+", re.IGNORECASE)
#: "Adopted 13-0-2, 8765th meeting": the counts of a Security Council vote.
_COUNTS = re.compile(r"\b(?P<yes>\d+)-(?P<no>\d+)-(?P<abstain>\d+)\b")
#: "#fifthCommittee": a committee written as an AKN reference.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: "2020-12-10 00:00:00": a date some rows give in ISO form.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: "THAILAND ( )": brackets left empty by the export.
_EMPTY_BRACKETS = re.compile(r"\(\s*\)")
#: The committee value that says there was no committee.
_NO_COMMITTEE = "without reference to a main committee"


#: The actor of an AKN4UN work IRI (``/akn/un/statement/deliberation/unga-hrc/...``) to its body.
_ACTORS = {"unga": "ga", "unga-hrc": "hrc", "unsc": "sc"}
_AUTHORS = frozenset({"ga", "sc", "hrc"})
#: A subject keyword's IRI: absolute, http(s), nothing an IRI may not hold.
_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
#: The number in a work IRI: "2561-2021" (Security Council), "ES-11-1", "75-101A-B".
_WORK_NUMBER = re.compile(
    r"""
    (?P<serial>\d+)-(?P<year>\d{4})                  # Security Council: number-year
    | (?P<session>(?:E?S-)?\d+)-(?P<n>\d+)           # session-number: 79-1, ES-11-1, S-32-1
      (?P<parts>[A-Z](?:-[A-Z])?)?                   # part letters: 75-245B, 75-101A-B
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Work:
    """What an AKN4UN file's ``<meta>`` says of the work: its FRBR IRI, adoption date, the body
    of the IRI's actor and of the FRBR author (registry keys), the number the IRI carries as
    printed (``79-1`` gives ``79/1``, ``2561-2021`` ``2561 (2021)``, ``75-101A-B``
    ``75/101 A-B``), and the subject keywords' IRIs (SDG, UNBIS thesaurus, EuroVoc), each once, in
    order."""

    iri: str | None = None
    adopted: date | None = None
    actor: str | None = None
    author: str | None = None
    number: str = ""
    subjects: tuple[str, ...] = ()


def read_work(meta: Node | None) -> Work:
    """The work described by an AKN4UN ``<meta>`` element (empty when there is none)."""
    identification = meta.find("identification") if meta is not None else None
    work = identification.find("FRBRWork") if identification is not None else None
    if meta is None or work is None:
        return Work()
    uri = work.find("FRBRuri")
    iri = (uri.attr("value") or "") if uri is not None else ""
    parts = iri.strip("/").split("/")
    author = work.find("FRBRauthor")
    author_key = (author.attr("href") or "").lstrip("#") if author is not None else ""
    hrefs = (k.attr("href") or "" for k in meta.iter("keyword"))
    return Work(
        iri=iri or None,
        adopted=next((_iso_date(d.attr("date")) for d in work.elements("FRBRdate")
                      if d.attr("name") == "adoption"), None),
        actor=_ACTORS.get(parts[4]) if len(parts) > 4 else None,
        author=author_key if author_key in _AUTHORS else None,
        number=_work_number(parts[-1] if parts else ""),
        subjects=tuple(dict.fromkeys(h for h in hrefs if _IRI.fullmatch(h))),
    )


def _iso_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _work_number(last: str) -> str:
    m = _WORK_NUMBER.fullmatch(last)
    if m is None:
        return ""
    if m["serial"]:
        return f"{m['serial']} ({m['year']})"
    return f"{m['session']}/{m['n']}" + (f" {m['parts']}" if m["parts"] else "")


def metadata_file(xml_path: Path) -> Path:
    """The metadata file of the folder that holds ``xml_path`` (``akn/ga/79/x.xml`` gives
    ``akn/ga/metadata/79.jsonl``)."""
    return xml_path.parent.parent / "metadata" / f"{xml_path.parent.name}.jsonl"


def read_metadata(path: Path) -> Mapping[Symbol, Row]:
    """Every row of the metadata file ``path`` by its resolution's symbol (the first row wins).

    The file is read once and kept for as long as its size and modification time stay the same.
    Raises :class:`SourceError` naming ``path`` and the line for a line that is not a JSON object
    with a ``symbol``.
    """
    try:
        stat = path.stat()
    except OSError as error:
        raise SourceError(path, f"cannot read the metadata file: {error.strerror}") from None
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read(path: str, _mtime: int, _size: int) -> Mapping[Symbol, Row]:
    rows: dict[Symbol, Row] = {}
    try:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                row = _row(path, number, line)
                if row is not None:
                    rows.setdefault(_row_symbol(path, number, row), MappingProxyType(row))
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(path, f"cannot read the metadata file: {error}") from None
    return MappingProxyType(rows)


def _row(path: str, number: int, line: str) -> dict[str, object] | None:
    if _STRAY.fullmatch(line):
        return None
    match = _LINE.fullmatch(line)
    try:
        row = json.loads(match["object"] if match else line)
    except json.JSONDecodeError as error:
        raise SourceError(path, f"line {number}: not a JSON object ({error.msg}, column "
                                f"{error.colno})") from None
    if not isinstance(row, dict):
        raise SourceError(path, f"line {number}: not a JSON object")
    return row


def _row_symbol(path: str, number: int, row: Row) -> Symbol:
    value = row.get("symbol")
    if not isinstance(value, str):
        raise SourceError(path, f"line {number}: the row has no 'symbol'")
    try:
        return Symbol.parse(value)
    except SymbolError as error:
        raise SourceError(path, f"line {number}: {error}") from None


def adoption_record_for(xml_path: Path, symbol: Symbol | None) -> AdoptionRecord | None:
    """The adoption record of the resolution ``symbol`` read from ``xml_path``, from the metadata
    file of its folder; ``None`` when there is no such file or no row for the symbol."""
    if symbol is None:
        return None
    path = metadata_file(xml_path)
    if not path.is_file():
        return None
    row = read_metadata(path).get(symbol)
    return adoption_record(row, body=symbol.body) if row is not None else None


def adoption_record(row: Row, *, body: str | None) -> AdoptionRecord:
    """One metadata row as an :class:`AdoptionRecord`. ``body`` (a registry key) says how to read
    it: the Security Council's rows name the agenda item only by its title, and its meeting
    records are ``S/PV.<meeting number>``."""
    meeting = _text(row, "adoption_meeting")
    number_match = _MEETING_NUMBER.match(meeting or "")
    meeting_number = int(number_match["number"]) if number_match else None
    record = _symbol(_text(row, "pv"))
    if record is None and body == "sc" and meeting_number and "closed" not in (meeting or ""):
        record = _symbol(f"S/PV.{meeting_number}")
    sponsors = [*_names(row, "sponsors"), *_names(row, "additional_sponsors")]
    return AdoptionRecord(
        meeting=meeting,
        meeting_number=meeting_number,
        date=_date(_text(row, "adoption_date")),
        draft=_symbol(_text(row, "originating_document") or _text(row, "draft_resolution")),
        record=record,
        agenda_item=_agenda_item(row, body),
        committee=_committee(_text(row, "committee")),
        sponsors=tuple(dict.fromkeys(sponsors)),
        vote=_vote(row),
    )


def _text(row: Row, key: str) -> str | None:
    value = row.get(key)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _names(row: Row, key: str) -> list[str]:
    value = row.get(key)
    if not isinstance(value, list):
        return []
    names = (" ".join(_EMPTY_BRACKETS.sub("", v).split()) for v in value if isinstance(v, str))
    return [name for name in names if name]


def _date(text: str | None) -> date | None:
    """``22 September 2024`` (or ``2020-12-10 00:00:00``, or ``19 November 2004 in Nairobi``) as
    a date; ``None`` for anything else."""
    if text is None:
        return None
    iso = _ISO_DATE.match(text)
    try:
        if iso is not None:
            return date.fromisoformat(iso.group())
        return datetime.strptime(" ".join(text.split()[:3]), "%d %B %Y").date()
    except ValueError:
        return None


def _symbol(text: str | None) -> Symbol | None:
    """The symbol that opens ``text``: "A/79/430, para. 8" gives A/79/430, "A/75/L.12 and
    A/75/L.12/Add.1" A/75/L.12, "A/75/PV.37 (Resumption 1)" A/75/PV.37; ``None`` when ``text``
    does not open with one."""
    if not text:
        return None
    head = text.split(",")[0].split()[0]
    try:
        return Symbol.parse(head)
    except SymbolError:
        return None


def _agenda_item(row: Row, body: str | None) -> str | None:
    """The agenda item as designated ("123", "71 (b)", "13 and 116"); the Security Council's
    rows give only its title ("The situation in Cyprus")."""
    item = _text(row, "agenda_item")
    if item and body != "sc":
        return _AGENDA.sub("", item, count=1) or None
    return _text(row, "agenda_item_name")


def _committee(text: str | None) -> str | None:
    """The Main Committee whose report the resolution was adopted on ("Third Committee"); ``None``
    when it was adopted without reference to one."""
    if text is None or text.lower() == _NO_COMMITTEE:
        return None
    if text.startswith("#"):  # "#fifthCommittee"
        return _CAMEL.sub(" ", text[1:]).title()
    return text


def _vote(row: Row) -> Vote | None:
    said = " ".join(filter(None, (_text(row, k) for k in ("adoption_type", "voting_type",
                                                            "outcome")))).lower()
    counts = _COUNTS.search(said)
    if "recorded" in said:
        kind = VoteKind.RECORDED
    elif "without" in said or "acclamation" in said:
        return Vote(VoteKind.WITHOUT_VOTE)
    elif "unanimous" in said and "non-unanimous" not in said:
        kind = VoteKind.UNANIMOUS
    elif counts or "non-unanimous" in said:
        kind = VoteKind.VOTE
    else:
        return None
    in_favour = _count(row, "MS_in_favour_count", counts["yes"] if counts else None)
    known = in_favour is not None
    return Vote(
        kind,
        in_favour=in_favour,
        against=_count(row, "MS_against_count", counts["no"] if counts else None, zero=known),
        abstaining=_count(row, "MS_abstaining_count", counts["abstain"] if counts else None,
                          zero=known),
        states_in_favour=tuple(_names(row, "MS_in_favour")),
        states_against=tuple(_names(row, "MS_against")),
        states_abstaining=tuple(_names(row, "MS_abstaining")),
    )


def _count(row: Row, key: str, fallback: str | None, *, zero: bool = False) -> int | None:
    """A vote count. Zero counts as unknown unless ``zero`` (the votes in favour are known, so
    none against is a real zero): the rows write 0 where they give no count."""
    for text in (_text(row, key), fallback):
        if text and text.isdigit() and (int(text) > 0 or zero):
            return int(text)
    return None
