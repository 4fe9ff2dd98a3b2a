"""UN document symbols: real symbols of the seed and the AKN corpus, parsed, printed, linked."""

from __future__ import annotations

import doctest
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import unkg.graph.symbols
from unkg.graph.symbols import Symbol, SymbolKind

from unkg.errors import SymbolError

RES, DEC, DOC = SymbolKind.RESOLUTION, SymbolKind.DECISION, SymbolKind.DOCUMENT
PRST = SymbolKind.PRESIDENTIAL_STATEMENT

# (as written, canonical, kind, body, number, session, year)
PARSES = [
    # the Salvador Declaration, cited twice by the seed (CCPCJ 22/7)
    ("A/RES/65/230", "A/RES/65/230", RES, "ga", "65/230", "65", None),
    # the Universal Declaration, as printed; ODS links it as A/RES/217(III)
    ("A/RES/217 A (III)", "A/RES/217 A (III)", RES, "ga", "217 A (III)", "3", None),
    # the same, cited in running text without its series ("resolution 217 A (III)")
    ("217 A (III)", "A/RES/217 A (III)", RES, "ga", "217 A (III)", "3", None),
    # the decolonization declaration, compact href of the GA corpus
    ("A/RES/1514(XV)", "A/RES/1514 (XV)", RES, "ga", "1514 (XV)", "15", None),
    # tenth emergency special session
    ("A/RES/ES-10/21", "A/RES/ES-10/21", RES, "ga", "ES-10/21", "ES-10", None),
    # thirty-second special session (akn/ga/75)
    ("A/RES/S-32/1", "A/RES/S-32/1", RES, "ga", "S-32/1", "S-32", None),
    # older special-session numbering, lower-case href in the GA corpus
    ("A/RES/1874(s-iv)", "A/RES/1874 (S-IV)", RES, "ga", "1874 (S-IV)", "S-4", None),
    # older emergency-session numbering
    ("A/RES/2252(ES-V)", "A/RES/2252 (ES-V)", RES, "ga", "2252 (ES-V)", "ES-5", None),
    # a part of a resolution adopted in parts, lower-case href
    ("a/res/55/180b", "A/RES/55/180 B", RES, "ga", "55/180 B", "55", None),
    # docNumber of a resolution adopted in two parts (akn/ga/75)
    ("A/RES/75/101 A-B", "A/RES/75/101 A-B", RES, "ga", "75/101 A-B", "75", None),
    # a trailing asterisk marks a reissue, not another document
    ("A/RES/75/1*", "A/RES/75/1", RES, "ga", "75/1", "75", None),
    # counter-terrorism, as printed
    ("S/RES/1373 (2001)", "S/RES/1373 (2001)", RES, "sc", "1373 (2001)", None, 2001),
    # the same, compact href
    ("S/RES/1373(2001)", "S/RES/1373 (2001)", RES, "sc", "1373 (2001)", None, 2001),
    # ECOSOC numbering since 1978
    ("E/RES/2012/19", "E/RES/2012/19", RES, "ecosoc", "2012/19", None, 2012),
    # ECOSOC numbering before 1978
    ("E/RES/1503 (XLVIII)", "E/RES/1503 (XLVIII)", RES, "ecosoc", "1503 (XLVIII)", "48", None),
    # lower-case href whose link text has a non-breaking space before the part letter
    ("e/res/155\xa0C (VII)", "E/RES/155 C (VII)", RES, "ecosoc", "155 C (VII)", "7", None),
    # Human Rights Council
    ("A/HRC/RES/7/36", "A/HRC/RES/7/36", RES, "hrc", "7/36", "7", None),
    # Council special session, lower-case href in the HRC corpus
    ("A/hrc/RES/S-35/1", "A/HRC/RES/S-35/1", RES, "hrc", "S-35/1", "S-35", None),
    # the seed resolution itself
    ("E/CN.15/RES/22/7", "E/CN.15/RES/22/7", RES, "ccpcj", "22/7", "22", None),
    # decisions of the Assembly, ECOSOC and the Council
    ("A/DEC/71/555", "A/DEC/71/555", DEC, "ga", "71/555", "71", None),
    ("E/DEC/2012/232", "E/DEC/2012/232", DEC, "ecosoc", "2012/232", None, 2012),
    ("A/HRC/DEC/53/115", "A/HRC/DEC/53/115", DEC, "hrc", "53/115", "53", None),
    # a resolution series that is not in the registry (ESCAP, href in the GA corpus)
    ("E/ESCAP/RES/72/1", "E/ESCAP/RES/72/1", RES, None, "72/1", "72", None),
    # a CCPCJ session document
    ("E/CN.15/2013/27", "E/CN.15/2013/27", DOC, "ccpcj", None, None, 2013),
    # the expert-group report in the seed's footnote
    ("UNODC/CCPCJ/EG.4/2013/3", "UNODC/CCPCJ/EG.4/2013/3", DOC, "unodc", None, None, 2013),
    # an addendum of a Secretary-General's report
    ("A/67/123/Add.1", "A/67/123/Add.1", DOC, "ga", None, "67", None),
    # a revised Third Committee draft
    ("A/C.3/75/L.12/Rev.1", "A/C.3/75/L.12/Rev.1", DOC, "ga", None, "75", None),
    # the presidential statement of akn/sc/2020
    ("S/PRST/2020/11", "S/PRST/2020/11", PRST, "sc", "2020/11", None, 2020),
    # a Human Rights Council draft
    ("A/HRC/54/L.5", "A/HRC/54/L.5", DOC, "hrc", None, "54", None),
    # a plenary record
    ("A/75/PV.3", "A/75/PV.3", DOC, "ga", None, "75", None),
    # a Security Council document
    ("S/2020/123", "S/2020/123", DOC, "sc", None, None, 2020),
    # the Salvador Congress report
    ("A/CONF.213/18", "A/CONF.213/18", DOC, "ga", None, None, None),
    # the ECOSOC report of the CCPCJ
    ("E/2013/30", "E/2013/30", DOC, "ecosoc", None, None, 2013),
    # a Secretary-General's bulletin
    ("ST/SGB/2003/13", "ST/SGB/2003/13", DOC, None, None, None, 2003),
    # a treaty-body general comment
    ("CRC/C/GC/25", "CRC/C/GC/25", DOC, None, None, None, None),
    # a budget section, as printed (link text in the GA corpus)
    ("A/75/6 (Sect. 12)", "A/75/6(Sect.12)", DOC, "ga", None, "75", None),
    # a conference report in volumes, as printed
    ("NPT/CONF.2010/50 (Vol. I)", "NPT/CONF.2010/50(Vol.I)", DOC, None, None, None, None),
    # the Vienna Declaration, as printed
    ("A/CONF.157/24 (Part I)", "A/CONF.157/24(PartI)", DOC, "ga", None, None, None),
    # parts in words, as printed and as the href writes them
    ("NPT/CONF.2000/28 (Parts I and II)", "NPT/CONF.2000/28(PartsIandII)", DOC, None, None,
     None, None),
    # the supplement qualifier of ODS, in lower case
    ("E/2005/23/Corr.2(supp)", "E/2005/23/Corr.2(Supp)", DOC, "ecosoc", None, None, 2005),
    # a qualifier inside the symbol
    ("ICCD/COP(13)/21/Add.1", "ICCD/COP(13)/21/Add.1", DOC, None, None, None, None),
    # a special-session document whose link text has a non-breaking hyphen
    ("A/S\u201115/3(Supp)", "A/S-15/3(Supp)", DOC, "ga", None, "S-15", None),
    # UNEP writes its resolutions Res.N, in mixed case
    ("UNEP/EA.5/Res.14", "UNEP/EA.5/Res.14", DOC, None, None, None, None),
    # two volumes of qualifiers in one href
    ("A/62/40(vol.i)(supp)", "A/62/40(Vol.I)(Supp)", DOC, "ga", None, "62", None),
]


@pytest.mark.parametrize(("text", "canonical", "kind", "body", "number", "session", "year"),
                         PARSES)
def test_parse(text: str, canonical: str, kind: SymbolKind, body: str | None,
               number: str | None, session: str | None, year: int | None) -> None:
    symbol = Symbol.parse(text)
    assert (str(symbol), symbol.kind, symbol.body, symbol.number, symbol.session, symbol.year) == (
        canonical, kind, body, number, session, year)
    assert str(Symbol.parse(canonical)) == canonical  # the canonical form round-trips
    assert Symbol.from_slug(symbol.slug) == symbol
    assert Symbol(text) == symbol  # the constructor parses too


BAD = [
    "",  # nothing
    "resolution 65/230",  # prose around the symbol
    "65/230",  # a session number alone: the body is needed (Symbol.for_resolution)
    "S/RES/1373",  # a Security Council resolution without its year
    "A/RES/65",  # a resolution series without a number
    "A/RES/217 A (IIII)",  # not a Roman numeral
    "A/RES/65/230.",  # the full stop of the sentence is not part of the symbol
    "A/RES/65/230 A/RES/65/231",  # two symbols
    "ISBA/25/A/10-ISBA/25/C/31",  # two symbols joined in one href of the GA corpus
    "and/or",  # no number at all
]


@pytest.mark.parametrize("text", BAD)
def test_bad_input_raises_naming_it(text: str) -> None:
    with pytest.raises(SymbolError) as caught:
        Symbol.parse(text)
    assert repr(text) in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("symbol", "slug"), [
    ("A/RES/65/230", "A_RES_65_230"),  # the brief's example
    ("S/RES/1373 (2001)", "S_RES_1373(2001)"),  # spaces dropped, brackets kept
    ("A/RES/217 A (III)", "A_RES_217A(III)"),  # the part letter stays
    ("E/CN.15/RES/22/7", "E_CN.15_RES_22_7"),  # the seed's graph slug
    ("A/67/123/Add.1", "A_67_123_Add.1"),  # mixed case kept
])
def test_slug(symbol: str, slug: str) -> None:
    assert Symbol.parse(symbol).slug == slug
    assert Symbol.from_slug(slug) == Symbol.parse(symbol)


@pytest.mark.parametrize(("symbol", "url"), [
    ("S/RES/1373 (2001)", "https://undocs.org/S/RES/1373(2001)"),  # compact, as undocs writes it
    ("A/RES/217 A (III)", "https://undocs.org/A/RES/217(III)"),  # ODS files all parts as one
    ("A/RES/55/180 B", "https://undocs.org/A/RES/55/180B"),  # a later part is its own document
    ("A/RES/ES-10/21", "https://undocs.org/A/RES/ES-10/21"),  # emergency session
    ("A/75/6 (Sect. 12)", "https://undocs.org/A/75/6(Sect.12)"),  # budget section
])
def test_undocs_url(symbol: str, url: str) -> None:
    assert Symbol.parse(symbol).undocs_url == url


@pytest.mark.parametrize(("url", "symbol"), [
    ("https://undocs.org/en/S/RES/1373(2001)", "S/RES/1373 (2001)"),  # the usual href
    ("https://undocs.org//en/A/RES/217 (III)", "A/RES/217 (III)"),  # doubled slash, a space
    ("https://undocs.org/en/A/77/6%20(PLAN%20OUTLINE)", "A/77/6(PLANOUTLINE)"),  # percent-encoded
    ("http://undocs.org/A/CONF.234/16", "A/CONF.234/16"),  # http, no language
    ("https://undocs.org/fr/A/RES/70/1", "A/RES/70/1"),  # another language
])
def test_from_undocs_url(url: str, symbol: str) -> None:
    assert str(Symbol.from_undocs_url(url)) == symbol


def test_from_undocs_url_rejects_other_sites() -> None:
    with pytest.raises(SymbolError, match=re.escape("example.org")):
        Symbol.from_undocs_url("https://example.org/A/RES/70/1")


@pytest.mark.parametrize(("body", "number", "decision", "symbol"), [
    ("ga", "65/230", False, "A/RES/65/230"),  # "General Assembly resolution 65/230" (seed)
    ("ga", "67/189", False, "A/RES/67/189"),  # the seed's other GA citation
    ("sc", "1373 (2001)", False, "S/RES/1373 (2001)"),  # Security Council
    ("ecosoc", "2012/19", False, "E/RES/2012/19"),  # ECOSOC
    ("ccpcj", "22/7", False, "E/CN.15/RES/22/7"),  # the seed itself
    ("hrc", "7/36", False, "A/HRC/RES/7/36"),  # Human Rights Council
    ("hrc", "S-28/1", False, "A/HRC/RES/S-28/1"),  # a Council special session
    ("ga", "217 A (III)", False, "A/RES/217 A (III)"),  # older numbering
    ("ga", "71/555", True, "A/DEC/71/555"),  # an Assembly decision
    ("ecosoc", "2012/232", True, "E/DEC/2012/232"),  # an ECOSOC decision
])
def test_for_resolution(body: str, number: str, decision: bool, symbol: str) -> None:
    made = Symbol.for_resolution(body, number, decision=decision)
    assert str(made) == symbol
    assert made.body == body


@pytest.mark.parametrize(("body", "number", "decision", "message"), [
    ("sc", "2020/1", True, "'sc' has no decision series"),  # no numbered Council decisions
    ("unodc", "1/1", False, "'unodc' has no resolution series"),  # an office adopts nothing
    ("unga", "65/230", False, "'unga'"),  # not a registry key
    ("ga", "Add.1", False, "Add.1"),  # not a number
    ("ga", "65/230/Corr.1", False, "65/230/Corr.1"),  # a corrigendum is not a resolution
])
def test_for_resolution_errors(body: str, number: str, decision: bool, message: str) -> None:
    with pytest.raises(SymbolError, match=re.escape(message)):
        Symbol.for_resolution(body, number, decision=decision)


@pytest.mark.parametrize(("text", "problem"), [
    ("S/RES/1373 (2001)", None),  # fine
    ("E/CN.15/2013/27", None),  # fine
    ("S/RES/65/230", "numbered 'N (YEAR)'"),  # GA numbering on a Council symbol
    ("A/RES/100 (1950)", "numbered by year"),  # the Assembly never numbered by year
    ("E/RES/65/2", "numbered 'YEAR/N'"),  # ECOSOC numbers by year
    ("S/RES/1373 (1901)", "outside the life"),  # before the United Nations
    ("E/ESCAP/RES/72/1", "not a series of the body registry"),  # ESCAP is not in the registry
    ("A/RES/65", "not a UN resolution"),  # does not parse at all
])
def test_validate(text: str, problem: str | None) -> None:
    problems = Symbol.validate(text)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0], problems


def test_symbols_are_values_in_natural_order() -> None:
    written = ["A/RES/65/10", "S/RES/1373(2001)", "A/RES/65/9", "a/res/65/10", "A/RES/64/300"]
    symbols = sorted({Symbol.parse(s) for s in written})
    assert [str(s) for s in symbols] == ["A/RES/64/300", "A/RES/65/9", "A/RES/65/10",
                                         "S/RES/1373 (2001)"]
    assert repr(symbols[0]) == "Symbol(value='A/RES/64/300')"


@pytest.mark.parametrize(("symbol", "adopted", "with_parts", "iri"), [
    # the brief's example, akn/ga/79
    ("A/RES/79/1", date(2024, 9, 22), True, "/akn/un/statement/deliberation/unga/2024-09-22/79-1/"),
    # a special session, akn/ga/75
    ("A/RES/S-32/1", date(2021, 6, 2), True,
     "/akn/un/statement/deliberation/unga/2021-06-02/S-32-1/"),
    # an emergency special session, akn/ga/76
    ("A/RES/ES-11/1", date(2022, 3, 2), True,
     "/akn/un/statement/deliberation/unga/2022-03-02/ES-11-1/"),
    # the Human Rights Council, akn/hrc/55
    ("A/HRC/RES/55/10", date(2024, 4, 3), True,
     "/akn/un/statement/deliberation/unga-hrc/2024-04-03/55-10/"),
    # the Security Council, akn/sc/2021
    ("S/RES/2561 (2021)", date(2021, 1, 29), True,
     "/akn/un/statement/deliberation/unsc/2021-01-29/2561-2021/"),
    # a part, with its letter (akn/ga/77) ...
    ("A/RES/77/253 B", date(2023, 6, 30), True,
     "/akn/un/statement/deliberation/unga/2023-06-30/77-253B/"),
    # ... and without (akn/ga/75)
    ("A/RES/75/245 B", date(2021, 4, 16), False,
     "/akn/un/statement/deliberation/unga/2021-04-16/75-245/"),
    # no AKN4UN form for ECOSOC, decisions, statements, older numbering, other bodies
    ("E/RES/2012/19", date(2012, 7, 26), True, None),
    ("A/DEC/71/555", date(2017, 9, 11), True, None),
    ("S/PRST/2020/11", date(2020, 12, 4), True, None),
    ("A/RES/217 A (III)", date(1948, 12, 10), True, None),
    ("E/CN.15/RES/22/7", date(2013, 4, 26), True, None),
])
def test_akn_work_iri(symbol: str, adopted: date, with_parts: bool, iri: str | None) -> None:
    assert Symbol.parse(symbol).akn_work_iri(adopted, with_parts=with_parts) == iri


def test_docstring_examples_run() -> None:
    assert doctest.testmod(unkg.graph.symbols).failed == 0


# --- the whole AKN corpus ---------------------------------------------------------------------

_FRBR_WORK = re.compile(r'<FRBRWork>.*?<FRBRuri value="([^"]*)".*?<FRBRdate date="([^"]*)" '
                        r'name="adoption"', re.DOTALL)
_DOC_NUMBER = re.compile(r'<docNumber refersTo="#symbol">([^<]*)<')
_UNDOCS_HREF = re.compile(r'href="(https?://(?:www\.)?undocs\.org/[^"]*)"', re.IGNORECASE)

# Files whose FRBR work IRI disagrees with the file's own symbol or adoption date.
AKN_EXCEPTIONS = {
    "A/RES/76/247 A-C": "the IRI says parts A-B for a resolution in parts A, B and C",
    "A/RES/79/85": "the IRI carries the publication date 2024-12-12, not the adoption 2024-12-04",
    "S/PRST/2020/11": "a presidential statement, /akn/un/doc/paper/un/...: no resolution IRI",
}


@dataclass(frozen=True)
class AknFile:
    path: Path
    symbol: str
    work_iri: str
    adopted: date
    hrefs: tuple[str, ...]


@pytest.fixture(scope="module")
def akn_files(corpus: Path) -> list[AknFile]:
    files = []
    for path in sorted((corpus / "akn").rglob("*.xml")):
        text = path.read_text(encoding="utf-8")
        work, number = _FRBR_WORK.search(text), _DOC_NUMBER.search(text)
        assert work is not None and number is not None, path
        files.append(AknFile(path, number[1], work[1], date.fromisoformat(work[2]),
                             tuple(_UNDOCS_HREF.findall(text))))
    assert len(files) > 2000
    return files


@pytest.mark.corpus
def test_every_akn_symbol_parses_and_gives_the_files_work_iri(akn_files: list[AknFile]) -> None:
    wrong = []
    for file in akn_files:
        symbol = Symbol.parse(file.symbol)
        assert str(symbol) == file.symbol, file.path  # the files print symbols canonically
        forms = {symbol.akn_work_iri(file.adopted), symbol.akn_work_iri(file.adopted,
                                                                        with_parts=False)}
        if (file.work_iri in forms) == (file.symbol in AKN_EXCEPTIONS):
            wrong.append((file.path.name, file.symbol, file.work_iri, forms))
    assert wrong == []


@pytest.mark.corpus
def test_undocs_hrefs_of_the_akn_corpus(akn_files: list[AknFile]) -> None:
    hrefs = {href for file in akn_files for href in file.hrefs}
    parsed, failed = {}, []
    for href in hrefs:
        try:
            parsed[href] = Symbol.from_undocs_url(href)
        except SymbolError:
            failed.append(href)
    share = len(parsed) / len(hrefs)
    assert share >= 0.99, sorted(failed)[:50]
    for symbol in parsed.values():
        assert Symbol.from_slug(symbol.slug) == symbol
        assert Symbol.parse(str(symbol)) == symbol
    # our undocs link is the href itself (compact, language dropped) for nearly every resolution
    resolutions = {h: s for h, s in parsed.items() if s.kind is RES}
    same = [h for h, s in resolutions.items()
            if s.undocs_url.lower() == re.sub(r"^https?://undocs\.org/+(en/)?", "https://undocs.org/",
                                              h.replace(" ", "").lower())]
    assert len(same) / len(resolutions) >= 0.99
