"""UN document symbols as value objects: parse, normalise, print back, and derive slugs and links.

A UN document symbol names one document of the Organization: a resolution (``A/RES/65/230``,
``S/RES/1373 (2001)``), a decision (``A/DEC/71/555``), a presidential statement (``S/PRST/2020/11``)
or any other document (``E/CN.15/2013/27``, ``A/67/123/Add.1``). :class:`Symbol` parses the
spellings found in resolutions and in the UN's own links, folds them into one canonical spelling
and prints that back, so ``str(Symbol.parse(s)) == s`` for every canonical ``s`` and two spellings
of one document compare equal::

    >>> str(Symbol.parse("a/res/217 A(III)"))
    'A/RES/217 A (III)'
    >>> Symbol.parse("S/RES/1373(2001)").number
    '1373 (2001)'

Canonical forms. Resolutions and decisions print as in the official records: ``A/RES/65/230``,
``A/RES/55/180 B``, ``A/RES/75/101 A-B``, ``A/RES/217 A (III)``, ``A/RES/1874 (S-IV)``,
``A/RES/ES-10/21``, ``S/RES/1373 (2001)``, ``E/RES/1503 (XLVIII)``. Other documents print in the
compact form of the Official Document System (undocs.org), without spaces: ``A/75/6(Sect.12)``,
``NPT/CONF.2010/50(Vol.I)``. Letters are upper case except the customary ``Add.``, ``Corr.``,
``Rev.``, ``Amend.`` parts and the ``Sect.``, ``Vol.``, ``Part``, ``Supp`` qualifiers.

Normalisation folds away: surrounding, repeated and non-breaking whitespace, spaces around ``/``,
after ``.``, before ``(`` and before a part letter; en dashes and non-breaking hyphens; lower case;
trailing ``*`` markers (they flag a reissued document, not a different one).

The series of resolutions and decisions, and the document series that place a document with a
body, come from the body registry (:mod:`unkg.graph.bodies`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import NamedTuple
from urllib.parse import unquote

from unkg.graph.bodies import BODIES, body

from unkg.errors import SymbolError

__all__ = ["Symbol", "SymbolKind"]


class SymbolKind(Enum):
    """What a symbol names."""

    RESOLUTION = "resolution"
    DECISION = "decision"
    DOCUMENT = "document"  # any other document, corrigenda of resolutions included
    PRESIDENTIAL_STATEMENT = "presidential-statement"  # S/PRST/2020/11


_RESOLUTION = re.compile(
    r"""
    (?P<series>[A-Z][A-Z0-9.\-]*(?:/[A-Z][A-Z0-9.\-]*)*?)  # issuing series: A, S, E, A/HRC, E/CN.15
    /(?P<type>RES|DEC)                                      # RES for resolutions, DEC for decisions
    /(?:
        (?P<session>\d{1,4}|E?S-\d{1,2})                   # session (65, ES-10, S-32) or year
        /(?P<serial>\d{1,4})                               # number within that session or year
        (?P<parts>[A-Z](?:-[A-Z])?)?                       # part letters: 55/180 B, 75/101 A-B
      |
        (?P<old_serial>\d{1,4})                            # number, older numbering: 217, 1373
        (?P<old_parts>[A-Z](?:-[A-Z])?)?                   # part letters: 217 A (III)
        \((?P<paren>E?S-[IVXLC]+|[IVXLC]+|\d{4})\)          # Roman session (III, S-IV) or year
    )
    (?P<modifiers>(?:/(?:ADD|CORR|REV|AMEND)\.\d+)*)       # a corrigendum or revision of it
    """,
    re.VERBOSE,
)

_COMPONENT = r"""
    [A-Z0-9]+(?:[.\-][A-Z0-9]+)*      # a series, session or number: 67, CN.15, C.3, L.12, ES-10
    (?:\([A-Z0-9.\-]+\))*             # qualifiers: COP(13), 6(Sect.12), 50(Vol.I), 40(Vol.I)(Supp)
"""
_DOCUMENT = re.compile(
    rf"""
    (?P<root>[A-Z][A-Z0-9]*(?:[.\-][A-Z0-9]+)*)  # root series: A, S, E, ST, CRC, UNODC, IDB.47
    (?P<rest>(?:/{_COMPONENT})+)                 # slash-separated components, at least one
    """,
    re.VERBOSE,
)
_BARE_GA_NUMBER = re.compile(
    r"""
    \d{1,4}                         # resolution number: 217
    (?:[A-Z](?:-[A-Z])?)?           # part letters: A
    \((?:E?S-)?[IVXLC]+\)           # Roman session: regular (III), special (S-IV), emergency (ES-V)
    """,
    re.VERBOSE,
)
_UNDOCS_URL = re.compile(
    r"""
    https?://(?:www\.)?undocs\.org/+   # scheme and host (links sometimes double the slash)
    (?:(?:ar|en|es|fr|ru|zh)/)?        # optional language of the document
    (?P<symbol>[^?#]+)                 # the symbol, percent-encoded
    """,
    re.VERBOSE | re.IGNORECASE,
)

_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_MIXED_CASE = re.compile(r"(?<![A-Z])(ADD|CORR|REV|AMEND|SUB|RES)\.")  # Add.1, Sub.2, UNEP's Res.1
_QUALIFIER_WORDS = re.compile(r"SECT\.|VOL\.|PARTS|PART|SUPP|INTRODUCTION|(?<=[IVX])AND(?=[IVX])")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_STEPS = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                (4, "IV"), (1, "I"))
_AKN_ACTORS = {"ga": "unga", "hrc": "unga-hrc", "sc": "unsc"}  # body key -> AKN4UN actor
_FIRST_YEAR = 1946


class _Parsed(NamedTuple):
    canonical: str
    kind: SymbolKind
    body: str | None
    number: str | None
    session: str | None
    year: int | None
    undocs_path: str
    akn_number: str | None  # the number part of the AKN4UN work IRI: "79-1", "2561-2021"
    akn_parts: str  # part letters, which the AKN number sometimes carries: "A-B" in "75-101A-B"


@dataclass(frozen=True, order=True)
class Symbol:
    """A UN document symbol, normalised; build with :meth:`parse` (or ``Symbol(text)``).

    Symbols order naturally (``A/RES/65/9`` before ``A/RES/65/10``) and compare by their canonical
    form. ``kind``, ``body`` (registry key or ``None``), ``number`` (as cited in running text:
    ``65/230``, ``1373 (2001)``, ``217 A (III)``), ``session`` (``"65"``, ``"ES-10"``, ``"S-32"``;
    Roman sessions are given in Arabic: ``217 A (III)`` has session ``"3"``) and ``year`` are read
    from the symbol where it says them, else ``None``.

    The :attr:`slug` is the compact form (spaces dropped) with ``/`` replaced by ``_``; symbols
    never contain ``_`` and the grammar puts back every dropped space, so
    ``Symbol.from_slug(s.slug) == s``: ``A/RES/65/230`` <-> ``A_RES_65_230``,
    ``S/RES/1373 (2001)`` <-> ``S_RES_1373(2001)``, ``A/RES/217 A (III)`` <-> ``A_RES_217A(III)``.
    """

    _order: tuple[tuple[int, int | str], ...] = field(init=False, repr=False)
    value: str
    _parsed: _Parsed = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parsed = _parse(self.value)
        object.__setattr__(self, "value", parsed.canonical)
        object.__setattr__(self, "_parsed", parsed)
        object.__setattr__(self, "_order", _natural_key(parsed.canonical))

    @classmethod
    def parse(cls, text: str) -> Symbol:
        """The symbol written as ``text``; raises :class:`SymbolError` naming ``text``.

        A bare number with a Roman session (``217 A (III)``, ``1874 (S-IV)``) is read as a General
        Assembly resolution, the Assembly's numbering until 1976; a bare number of any other body
        needs the body: :meth:`for_resolution`.
        """
        return cls(text)

    @classmethod
    def from_slug(cls, slug: str) -> Symbol:
        """The symbol whose :attr:`slug` is ``slug``."""
        return cls(slug.replace("_", "/"))

    @classmethod
    def from_undocs_url(cls, url: str) -> Symbol:
        """The symbol an undocs.org link points to (``https://undocs.org/en/S/RES/1373(2001)``)."""
        match = _UNDOCS_URL.fullmatch(url.strip())
        if match is None:
            raise SymbolError(f"not an undocs.org link: {url!r}")
        return cls(unquote(match["symbol"]))

    @classmethod
    def for_resolution(cls, body_key: str, number: str, *, decision: bool = False) -> Symbol:
        """The symbol of resolution (or decision) ``number`` of the body ``body_key``.

        ``("ga", "65/230")`` gives ``A/RES/65/230``, ``("ccpcj", "22/7")`` ``E/CN.15/RES/22/7``;
        raises :class:`SymbolError` for a body without such a series or a number that does not
        parse.
        """
        try:
            row = body(body_key)
        except KeyError as error:
            raise SymbolError(str(error.args[0])) from None
        series = row.decision_series if decision else row.resolution_series
        what = "decision" if decision else "resolution"
        if series is None:
            raise SymbolError(f"body {body_key!r} has no {what} series in the registry")
        symbol = cls(f"{series}/{number}")
        wanted = SymbolKind.DECISION if decision else SymbolKind.RESOLUTION
        if symbol.kind is not wanted:
            raise SymbolError(f"not a {what} number of {body_key!r}: {number!r}")
        return symbol

    @classmethod
    def validate(cls, text: str) -> list[str]:
        """The problems of ``text`` as a symbol: parse errors, then numbering that does not fit the
        body (a Security Council resolution without its year). Empty when all is well."""
        try:
            symbol = cls(text)
        except SymbolError as error:
            return [str(error)]
        return _numbering_problems(symbol)

    def __str__(self) -> str:
        return self.value

    @property
    def kind(self) -> SymbolKind:
        return self._parsed.kind

    @property
    def body(self) -> str | None:
        return self._parsed.body

    @property
    def number(self) -> str | None:
        return self._parsed.number

    @property
    def session(self) -> str | None:
        return self._parsed.session

    @property
    def year(self) -> int | None:
        return self._parsed.year

    @property
    def slug(self) -> str:
        return self.value.replace(" ", "").replace("/", "_")

    @property
    def undocs_url(self) -> str:
        """The undocs.org link, in the compact form undocs uses (``.../S/RES/1373(2001)``); old
        resolutions adopted in parts link to the whole document (``.../A/RES/217(III)``)."""
        return "https://undocs.org/" + self._parsed.undocs_path

    def akn_work_iri(self, adopted: date, *, with_parts: bool = True) -> str | None:
        """The AKN4UN FRBR work IRI of a General Assembly, Human Rights Council or Security Council
        resolution adopted on ``adopted``, as the UN's AKN files write it; ``None`` for anything
        else (other bodies, decisions, documents, the Assembly's pre-1976 numbering)::

            /akn/un/statement/deliberation/unga/2024-09-22/79-1/        A/RES/79/1
            /akn/un/statement/deliberation/unga/2021-06-02/S-32-1/      A/RES/S-32/1
            /akn/un/statement/deliberation/unga-hrc/2024-04-03/55-10/   A/HRC/RES/55/10
            /akn/un/statement/deliberation/unsc/2021-01-29/2561-2021/   S/RES/2561 (2021)

        The UN's files write a resolution adopted in parts both with its part letters
        (``75-101A-B``, ``77-253B``) and without (``75-245`` for A/RES/75/245 B). The default keeps
        them, which tells apart parts adopted the same day (75/290 A and B); ``with_parts=False``
        gives the other form."""
        parsed = self._parsed
        actor = _AKN_ACTORS.get(self.body or "")
        if self.kind is not SymbolKind.RESOLUTION or actor is None or parsed.akn_number is None:
            return None
        number = parsed.akn_number + (parsed.akn_parts if with_parts else "")
        return f"/akn/un/statement/deliberation/{actor}/{adopted.isoformat()}/{number}/"


def _parse(text: str) -> _Parsed:
    normal = _normalise(text)
    if re.search(r"\s", normal):
        raise SymbolError(f"not a UN document symbol: {text!r} (unexpected space)")
    upper = normal.upper()
    if _BARE_GA_NUMBER.fullmatch(upper):  # "217 A (III)": the Assembly's numbering until 1976
        upper = "A/RES/" + upper
    if re.search(r"(?:^|/)(?:RES|DEC)/", upper):
        match = _RESOLUTION.fullmatch(upper)
        if match is None:
            raise SymbolError(f"not a UN resolution or decision symbol: {text!r}")
        return _resolution(match, text)
    match = _DOCUMENT.fullmatch(upper)
    if match is None or not re.search(r"\d", upper):
        raise SymbolError(f"not a UN document symbol: {text!r}")
    if re.search(r"\d-[A-Z]", upper):
        raise SymbolError(f"not one UN document symbol but several joined by '-': {text!r}")
    return _document(upper.split("/"))


def _normalise(text: str) -> str:
    text = text.translate(_DASHES).strip().rstrip("*").strip()
    text = re.sub(r"\s*/\s*", "/", text)  # "A / RES" -> "A/RES"
    text = re.sub(r"\.\s+(?=\w)", ".", text)  # "Add. 1" -> "Add.1"
    text = re.sub(r"\s+\(", "(", text)  # "1373 (2001)" -> "1373(2001)"
    text = re.sub(r"\(([^()]*)\)", lambda m: "(" + re.sub(r"\s+", "", m[1]) + ")", text)
    return re.sub(r"(?<=\d)\s+([A-Za-z](?:-[A-Za-z])?)(?=\(|$)", r"\1", text)  # "217 A" -> "217A"


def _resolution(match: re.Match[str], text: str) -> _Parsed:
    series, code = match["series"], match["type"]
    modifiers = _canonical_case(match["modifiers"])
    kind = SymbolKind.RESOLUTION if code == "RES" else SymbolKind.DECISION
    registry = _RESOLUTION_SERIES if kind is SymbolKind.RESOLUTION else _DECISION_SERIES
    owner = registry.get(f"{series}/{code}")
    session: str | None = None
    year: int | None = None
    akn: str | None = None
    if match["serial"] is not None:  # 65/230, 2012/19, ES-10/21, 55/180 B
        serial, parts = match["serial"], match["parts"] or ""
        number = f"{match['session']}/{serial}" + (f" {parts}" if parts else "")
        if re.fullmatch(r"\d{4}", match["session"]):
            year = int(match["session"])
        else:
            session = match["session"]
        undocs = f"{series}/{code}/{number.replace(' ', '')}"
        akn = f"{match['session']}-{serial}"
    else:  # 217 A (III), 1373 (2001), 1874 (S-IV)
        serial, parts, paren = match["old_serial"], match["old_parts"] or "", match["paren"]
        number = serial + (f" {parts}" if parts else "") + f" ({paren})"
        if paren.isdigit():
            year = int(paren)
            akn = f"{serial}-{paren}" if owner == "sc" else None
        else:
            prefix, _, roman = paren.rpartition("-")
            session = (prefix + "-" if prefix else "") + str(_roman_to_int(roman, text))
        undocs = f"{series}/{code}/{serial}({paren})"  # ODS files all parts as one document
    canonical = f"{series}/{code}/{number}{modifiers}"
    if modifiers:  # a corrigendum or revision is a document about the resolution
        return _Parsed(canonical, SymbolKind.DOCUMENT, owner, None, session, year,
                       undocs + modifiers, None, "")
    return _Parsed(canonical, kind, owner, number, session, year, undocs, akn, parts)


def _document(parts: list[str]) -> _Parsed:
    parts = [_canonical_case(part) for part in parts]
    canonical = "/".join(parts)
    owner = next((key for prefix, key in _DOCUMENT_SERIES if tuple(parts[: len(prefix)]) == prefix),
                 None)
    year = next((int(p) for p in parts[1:-1]
                 if re.fullmatch(r"\d{4}", p) and _FIRST_YEAR <= int(p) <= 2100), None)
    session = None
    if parts[0] == "A":  # General Assembly documents: A/75/53, A/C.3/75/L.12, A/HRC/54/L.5
        at = 2 if len(parts) > 2 and re.fullmatch(r"C\.\d|HRC", parts[1]) else 1
        if at < len(parts) - 1 and re.fullmatch(r"\d{1,3}|E?S-\d{1,2}", parts[at]):
            session = parts[at]
    kind, number = SymbolKind.DOCUMENT, None
    if parts[:2] == ["S", "PRST"] and len(parts) == 4 and all(p.isdigit() for p in parts[2:]):
        kind, number = SymbolKind.PRESIDENTIAL_STATEMENT, f"{parts[2]}/{parts[3]}"
    return _Parsed(canonical, kind, owner, number, session, year, canonical, None, "")


def _canonical_case(upper: str) -> str:
    """Restore the customary mixed case of ``Add.``, ``Corr.``, ... and of qualifier words."""
    upper = _MIXED_CASE.sub(lambda m: m[1].capitalize() + ".", upper)
    return re.sub(r"\(([^()]*)\)",
                  lambda q: "(" + _QUALIFIER_WORDS.sub(lambda w: _word_case(w[0]), q[1]) + ")",
                  upper)


def _word_case(word: str) -> str:
    return "and" if word == "AND" else word.capitalize()


def _roman_to_int(roman: str, text: str) -> int:
    total = 0
    for i, letter in enumerate(roman):
        value = _ROMAN[letter]
        following = _ROMAN[roman[i + 1]] if i + 1 < len(roman) else 0
        total += -value if value < following else value
    if _int_to_roman(total) != roman:
        raise SymbolError(f"not a UN document symbol: {text!r} ({roman!r} is not a Roman numeral)")
    return total


def _int_to_roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN_STEPS:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _numbering_problems(symbol: Symbol) -> list[str]:
    problems: list[str] = []
    parsed = symbol._parsed
    if symbol.kind in (SymbolKind.RESOLUTION, SymbolKind.DECISION):
        code = "/RES/" if symbol.kind is SymbolKind.RESOLUTION else "/DEC/"
        series = symbol.value.partition(code)[0] + code.rstrip("/")
        if parsed.body is None:
            problems.append(f"{symbol}: series {series!r} is not a series of the body registry")
        old_style = "(" in symbol.value
        if parsed.body == "sc" and (not old_style or parsed.year is None):
            problems.append(f"{symbol}: Security Council resolutions are numbered 'N (YEAR)'")
        if parsed.body in ("ga", "hrc") and parsed.year is not None:
            problems.append(f"{symbol}: numbered by year, but {parsed.body} numbers by session")
        if parsed.body == "ecosoc" and not old_style and parsed.year is None:
            problems.append(f"{symbol}: ECOSOC resolutions since 1978 are numbered 'YEAR/N'")
    if parsed.year is not None and not _FIRST_YEAR <= parsed.year <= date.today().year + 1:
        problems.append(f"{symbol}: year {parsed.year} is outside the life of the United Nations")
    return problems


def _natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in re.split(r"(\d+)", text) if t)


_RESOLUTION_SERIES = {b.resolution_series: b.key for b in BODIES.values() if b.resolution_series}
_DECISION_SERIES = {b.decision_series: b.key for b in BODIES.values() if b.decision_series}
_DOCUMENT_SERIES = sorted(
    ((tuple(b.document_series.split("/")), b.key) for b in BODIES.values() if b.document_series),
    key=lambda row: -len(row[0]),
)
