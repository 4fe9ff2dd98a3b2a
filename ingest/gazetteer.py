"""The gazetteer of named instruments, and finding their names in a text.

Resolutions cite the Charter, declarations, conventions, programmes of action and standard rules
by name rather than by symbol. Each :class:`Entry` gives the instrument a stable ``key``, its
canonical name, its kind, the UN document that carries it where there is one (the Salvador
Declaration is the annex of General Assembly resolution 65/230), its adoption date where it is
certain, and the other names texts use for it. The rows were chosen by how often the names occur in
the General Assembly, Security Council and Human Rights Council resolutions of 2020-2024.

:func:`find_instruments` matches the names case-sensitively, across line breaks and with either
hyphen or dash, longest name first; a ``guarded`` name (a short form such as "the Charter" or "the
Kyoto Declaration") counts only where no longer title follows it. "The Doha Declaration" alone is
not read: it names the crime congress's declaration as often as the 2008 declaration on financing
for development. A name inside the proper name of
something else ("the Special Committee on ... the Implementation of the Declaration on ...",
"Conference of the Parties to the ... Convention ...") is not a citation of the instrument and is
skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from unkg.graph.symbols import Symbol
from unkg.ingest.models import Instrument, InstrumentKind

__all__ = ["ENTRIES", "Entry", "InstrumentMatch", "entry", "find_instruments"]

_D, _C, _CH = InstrumentKind.DECLARATION, InstrumentKind.CONVENTION, InstrumentKind.CHARTER
_P, _S, _R = InstrumentKind.PROGRAMME, InstrumentKind.STATUTE, InstrumentKind.RULES


@dataclass(frozen=True)
class Entry:
    """One instrument of the gazetteer and every name it goes by."""

    key: str
    name: str
    kind: InstrumentKind
    symbol: Symbol | None = None
    adopted: date | None = None
    aliases: tuple[str, ...] = ()
    guarded: tuple[str, ...] = ()  # short names that count only when no longer title follows

    @property
    def instrument(self) -> Instrument:
        return Instrument(self.key, self.name, self.kind, symbol=self.symbol, adopted=self.adopted)


def _ga(number: str) -> Symbol:
    return Symbol.for_resolution("ga", number)


_E = Entry
_ENTRIES: tuple[Entry, ...] = (
    # The Charter and the International Bill of Human Rights.
    _E("un-charter", "Charter of the United Nations", _CH, adopted=date(1945, 6, 26),
       aliases=("United Nations Charter",), guarded=("Charter",)),
    _E("udhr", "Universal Declaration of Human Rights", _D, _ga("217 A (III)"), date(1948, 12, 10)),
    _E("iccpr", "International Covenant on Civil and Political Rights", _C, _ga("2200 A (XXI)"),
       date(1966, 12, 16)),
    _E("icescr", "International Covenant on Economic, Social and Cultural Rights", _C,
       _ga("2200 A (XXI)"), date(1966, 12, 16)),
    # Crime prevention and criminal justice.
    _E("salvador-declaration",
       "Salvador Declaration on Comprehensive Strategies for Global Challenges: Crime Prevention "
       "and Criminal Justice Systems and Their Development in a Changing World", _D, _ga("65/230"),
       aliases=("Salvador Declaration on Comprehensive Strategies for Global Challenges",
                "Salvador Declaration")),
    _E("doha-declaration",
       "Doha Declaration on Integrating Crime Prevention and Criminal Justice into the Wider "
       "United Nations Agenda to Address Social and Economic Challenges and to Promote the Rule of "
       "Law at the National and International Levels, and Public Participation", _D,
       _ga("70/174"),
       aliases=("Doha Declaration on Integrating Crime Prevention and Criminal Justice into the "
                "Wider United Nations Agenda to Address Social and Economic Challenges and to "
                "Promote the Rule of Law at the National and International Levels",
                "Doha Declaration on Integrating Crime Prevention and Criminal Justice")),
    _E("kyoto-declaration",
       "Kyoto Declaration on Advancing Crime Prevention, Criminal Justice and the Rule of Law: "
       "Towards the Achievement of the 2030 Agenda for Sustainable Development", _D,
       _ga("76/181"),
       aliases=("Kyoto Declaration on Advancing Crime Prevention, Criminal Justice and the Rule "
                "of Law",), guarded=("Kyoto Declaration",)),
    _E("untoc", "United Nations Convention against Transnational Organized Crime", _C,
       _ga("55/25"), date(2000, 11, 15), aliases=("Organized Crime Convention",)),
    _E("trafficking-protocol",
       "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and "
       "Children, supplementing the United Nations Convention against Transnational Organized "
       "Crime", _C, _ga("55/25"), date(2000, 11, 15),
       aliases=("Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially "
                "Women and Children", "Protocol to Prevent, Suppress and Punish Trafficking in "
                "Persons", "Trafficking in Persons Protocol")),
    _E("migrants-protocol",
       "Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the United "
       "Nations Convention against Transnational Organized Crime", _C, _ga("55/25"),
       date(2000, 11, 15),
       aliases=("Protocol against the Smuggling of Migrants by Land, Sea and Air",
                "Protocol against the Smuggling of Migrants", "Smuggling of Migrants Protocol")),
    _E("firearms-protocol",
       "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and "
       "Components and Ammunition, supplementing the United Nations Convention against "
       "Transnational Organized Crime", _C, _ga("55/255"), date(2001, 5, 31),
       aliases=("Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their "
                "Parts and Components and Ammunition", "Protocol against the Illicit "
                "Manufacturing of and Trafficking in Firearms", "Firearms Protocol")),
    _E("uncac", "United Nations Convention against Corruption", _C, _ga("58/4"),
       date(2003, 10, 31)),
    _E("nelson-mandela-rules",
       "United Nations Standard Minimum Rules for the Treatment of Prisoners", _R, _ga("70/175"),
       date(2015, 12, 17),
       aliases=("Standard Minimum Rules for the Treatment of Prisoners", "Nelson Mandela Rules")),
    _E("bangkok-rules", "United Nations Rules for the Treatment of Women Prisoners and "
       "Non-custodial Measures for Women Offenders", _R, _ga("65/229"), date(2010, 12, 21),
       aliases=("Bangkok Rules",)),
    _E("tokyo-rules", "United Nations Standard Minimum Rules for Non-custodial Measures", _R,
       _ga("45/110"), date(1990, 12, 14), aliases=("Tokyo Rules",)),
    _E("beijing-rules", "United Nations Standard Minimum Rules for the Administration of Juvenile "
       "Justice", _R, _ga("40/33"), date(1985, 11, 29), aliases=("Beijing Rules",)),
    _E("riyadh-guidelines", "United Nations Guidelines for the Prevention of Juvenile Delinquency",
       _R, _ga("45/112"), date(1990, 12, 14), aliases=("Riyadh Guidelines",)),
    _E("victims-declaration", "Declaration of Basic Principles of Justice for Victims of Crime and "
       "Abuse of Power", _D, _ga("40/34"), date(1985, 11, 29)),
    _E("global-plan-trafficking", "United Nations Global Plan of Action to Combat Trafficking in "
       "Persons", _P, _ga("64/293"), date(2010, 7, 30),
       aliases=("Global Plan of Action to Combat Trafficking in Persons",)),
    _E("single-convention", "Single Convention on Narcotic Drugs of 1961", _C,
       aliases=("Single Convention on Narcotic Drugs",)),
    _E("psychotropic-convention", "Convention on Psychotropic Substances of 1971", _C,
       aliases=("Convention on Psychotropic Substances",)),
    _E("illicit-traffic-convention", "United Nations Convention against Illicit Traffic in "
       "Narcotic Drugs and Psychotropic Substances of 1988", _C,
       aliases=("United Nations Convention against Illicit Traffic in Narcotic Drugs and "
                "Psychotropic Substances", "Convention against Illicit Traffic in Narcotic Drugs "
                "and Psychotropic Substances")),
    _E("gcts", "United Nations Global Counter-Terrorism Strategy", _P, _ga("60/288"),
       date(2006, 9, 8), aliases=("Global Counter-Terrorism Strategy",)),
    # Human rights treaties and declarations.
    _E("crc", "Convention on the Rights of the Child", _C, _ga("44/25"), date(1989, 11, 20)),
    _E("cedaw", "Convention on the Elimination of All Forms of Discrimination against Women", _C,
       _ga("34/180"), date(1979, 12, 18)),
    _E("icerd", "International Convention on the Elimination of All Forms of Racial Discrimination",
       _C, _ga("2106 A (XX)"), date(1965, 12, 21)),
    _E("cat", "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or "
       "Punishment", _C, _ga("39/46"), date(1984, 12, 10)),
    _E("crpd", "Convention on the Rights of Persons with Disabilities", _C, _ga("61/106"),
       date(2006, 12, 13)),
    _E("icmw", "International Convention on the Protection of the Rights of All Migrant Workers "
       "and Members of Their Families", _C, _ga("45/158"), date(1990, 12, 18)),
    _E("ced", "International Convention for the Protection of All Persons from Enforced "
       "Disappearance", _C, _ga("61/177"), date(2006, 12, 20)),
    _E("genocide-convention", "Convention on the Prevention and Punishment of the Crime of "
       "Genocide", _C, _ga("260 A (III)"), date(1948, 12, 9)),
    _E("refugee-convention", "Convention relating to the Status of Refugees", _C,
       adopted=date(1951, 7, 28)),
    _E("undrip", "United Nations Declaration on the Rights of Indigenous Peoples", _D,
       _ga("61/295"), date(2007, 9, 13),
       aliases=("Declaration on the Rights of Indigenous Peoples",)),
    _E("declaration-right-to-development", "Declaration on the Right to Development", _D,
       _ga("41/128"), date(1986, 12, 4)),
    _E("deva", "Declaration on the Elimination of Violence against Women", _D, _ga("48/104"),
       date(1993, 12, 20)),
    _E("minorities-declaration", "Declaration on the Rights of Persons Belonging to National or "
       "Ethnic, Religious and Linguistic Minorities", _D, _ga("47/135"), date(1992, 12, 18)),
    _E("hr-defenders-declaration", "Declaration on the Right and Responsibility of Individuals, "
       "Groups and Organs of Society to Promote and Protect Universally Recognized Human Rights "
       "and Fundamental Freedoms", _D, _ga("53/144"), date(1998, 12, 9)),
    _E("colonial-independence-declaration", "Declaration on the Granting of Independence to "
       "Colonial Countries and Peoples", _D, _ga("1514 (XV)"), date(1960, 12, 14)),
    _E("friendly-relations-declaration", "Declaration on Principles of International Law "
       "concerning Friendly Relations and Cooperation among States in accordance with the Charter "
       "of the United Nations", _D, _ga("2625 (XXV)"), date(1970, 10, 24)),
    _E("vdpa", "Vienna Declaration and Programme of Action", _D, Symbol.parse("A/CONF.157/23"),
       date(1993, 6, 25)),
    _E("durban-dpa", "Durban Declaration and Programme of Action", _D),
    _E("beijing-declaration", "Beijing Declaration and Platform for Action", _D,
       aliases=("Beijing Platform for Action",)),
    _E("guiding-principles-business", "Guiding Principles on Business and Human Rights", _R,
       Symbol.parse("A/HRC/17/31")),
    _E("guiding-principles-displacement", "Guiding Principles on Internal Displacement", _R,
       Symbol.parse("E/CN.4/1998/53/Add.2")),
    # International law, humanitarian law, disarmament.
    _E("rome-statute", "Rome Statute of the International Criminal Court", _S,
       Symbol.parse("A/CONF.183/9"), date(1998, 7, 17), aliases=("Rome Statute",)),
    _E("geneva-conventions", "Geneva Conventions of 12 August 1949", _C,
       adopted=date(1949, 8, 12), aliases=("Geneva Conventions of 1949", "Geneva Conventions")),
    _E("vclt", "Vienna Convention on the Law of Treaties", _C, adopted=date(1969, 5, 23)),
    _E("vcdr", "Vienna Convention on Diplomatic Relations", _C, adopted=date(1961, 4, 18)),
    _E("vccr", "Vienna Convention on Consular Relations", _C, adopted=date(1963, 4, 24)),
    _E("privileges-immunities-convention", "Convention on the Privileges and Immunities of the "
       "United Nations", _C, _ga("22 A (I)"), date(1946, 2, 13)),
    _E("unclos", "United Nations Convention on the Law of the Sea", _C, adopted=date(1982, 12, 10)),
    _E("npt", "Treaty on the Non-Proliferation of Nuclear Weapons", _C),
    _E("ctbt", "Comprehensive Nuclear-Test-Ban Treaty", _C),
    _E("arms-trade-treaty", "Arms Trade Treaty", _C, _ga("67/234 B"), date(2013, 4, 2)),
    _E("bwc", "Convention on the Prohibition of the Development, Production and Stockpiling of "
       "Bacteriological (Biological) and Toxin Weapons and on Their Destruction", _C,
       aliases=("Biological Weapons Convention",)),
    _E("cwc", "Convention on the Prohibition of the Development, Production, Stockpiling and Use "
       "of Chemical Weapons and on Their Destruction", _C,
       aliases=("Chemical Weapons Convention",)),
    _E("mine-ban-convention", "Convention on the Prohibition of the Use, Stockpiling, Production "
       "and Transfer of Anti-Personnel Mines and on Their Destruction", _C,
       aliases=("Anti-Personnel Mine Ban Convention",)),
    _E("cluster-munitions-convention", "Convention on Cluster Munitions", _C),
    _E("salw-programme", "Programme of Action to Prevent, Combat and Eradicate the Illicit Trade "
       "in Small Arms and Light Weapons in All Its Aspects", _P, Symbol.parse("A/CONF.192/15"),
       aliases=("Programme of Action to Prevent, Combat and Eradicate the Illicit Trade in Small "
                "Arms and Light Weapons",)),
    _E("international-tracing-instrument", "International Instrument to Enable States to Identify "
       "and Trace, in a Timely and Reliable Manner, Illicit Small Arms and Light Weapons", _R,
       aliases=("International Tracing Instrument",)),
    # Sustainable development, environment, financing.
    _E("agenda-2030", "Transforming our world: the 2030 Agenda for Sustainable Development", _P,
       _ga("70/1"), date(2015, 9, 25),
       aliases=("2030 Agenda for Sustainable Development", "2030 Agenda")),
    _E("millennium-declaration", "United Nations Millennium Declaration", _D, _ga("55/2"),
       date(2000, 9, 8)),
    _E("world-summit-outcome", "2005 World Summit Outcome", _D, _ga("60/1"), date(2005, 9, 16)),
    _E("addis-ababa-action-agenda", "Addis Ababa Action Agenda of the Third International "
       "Conference on Financing for Development", _P, _ga("69/313"),
       aliases=("Addis Ababa Action Agenda",)),
    _E("monterrey-consensus", "Monterrey Consensus of the International Conference on Financing "
       "for Development", _P, aliases=("Monterrey Consensus",)),
    _E("doha-declaration-ffd", "Doha Declaration on Financing for Development", _D, _ga("63/239")),
    _E("sendai-framework", "Sendai Framework for Disaster Risk Reduction 2015–2030", _P,
       _ga("69/283"), date(2015, 3, 18), aliases=("Sendai Framework",)),
    _E("paris-agreement", "Paris Agreement", _C, Symbol.parse("FCCC/CP/2015/10/Add.1"),
       date(2015, 12, 12)),
    _E("unfccc", "United Nations Framework Convention on Climate Change", _C,
       adopted=date(1992, 5, 9)),
    _E("kyoto-protocol", "Kyoto Protocol to the United Nations Framework Convention on Climate "
       "Change", _C, aliases=("Kyoto Protocol",)),
    _E("cbd", "Convention on Biological Diversity", _C, adopted=date(1992, 6, 5)),
    _E("kunming-montreal-framework", "Kunming-Montreal Global Biodiversity Framework", _P),
    _E("unccd", "United Nations Convention to Combat Desertification in Those Countries "
       "Experiencing Serious Drought and/or Desertification, Particularly in Africa", _C,
       aliases=("United Nations Convention to Combat Desertification",)),
    _E("cites", "Convention on International Trade in Endangered Species of Wild Fauna and Flora",
       _C),
    _E("montreal-protocol", "Montreal Protocol on Substances that Deplete the Ozone Layer", _C),
    _E("rio-declaration", "Rio Declaration on Environment and Development", _D),
    _E("johannesburg-plan", "Plan of Implementation of the World Summit on Sustainable Development",
       _P, aliases=("Johannesburg Plan of Implementation",)),
    _E("new-urban-agenda", "New Urban Agenda", _P, _ga("71/256")),
    _E("samoa-pathway", "SIDS Accelerated Modalities of Action (SAMOA) Pathway", _P, _ga("69/15"),
       date(2014, 11, 14), aliases=("SAMOA Pathway", "Samoa Pathway")),
    _E("istanbul-programme", "Programme of Action for the Least Developed Countries for the Decade "
       "2011–2020", _P,
       aliases=("Istanbul Programme of Action for the Least Developed Countries for the Decade "
                "2011–2020", "Istanbul Programme of Action")),
    _E("doha-programme", "Doha Programme of Action for the Least Developed Countries", _P,
       _ga("76/258"), aliases=("Doha Programme of Action",)),
    _E("vienna-programme-lldc", "Vienna Programme of Action for Landlocked Developing Countries "
       "for the Decade 2014–2024", _P, _ga("69/137"), aliases=("Vienna Programme of Action",)),
    _E("icpd-programme", "Programme of Action of the International Conference on Population and "
       "Development", _P),
    _E("copenhagen-declaration", "Copenhagen Declaration on Social Development", _D),
    _E("madrid-plan-ageing", "Madrid International Plan of Action on Ageing", _P),
    _E("world-programme-youth", "World Programme of Action for Youth", _P),
    _E("tunis-agenda", "Tunis Agenda for the Information Society", _P,
       aliases=("Tunis Agenda",)),
    _E("international-health-regulations", "International Health Regulations (2005)", _R,
       aliases=("International Health Regulations",)),
    # Migration, refugees and the Pact for the Future.
    _E("new-york-declaration", "New York Declaration for Refugees and Migrants", _D, _ga("71/1"),
       date(2016, 9, 19)),
    _E("global-compact-migration", "Global Compact for Safe, Orderly and Regular Migration", _P,
       _ga("73/195"), date(2018, 12, 19)),
    _E("global-compact-refugees", "Global Compact on Refugees", _P,
       Symbol.parse("A/73/12 (Part II)")),
    _E("pact-for-the-future", "Pact for the Future", _P, _ga("79/1"), date(2024, 9, 22)),
    _E("global-digital-compact", "Global Digital Compact", _P, _ga("79/1"), date(2024, 9, 22)),
)

#: Every entry by key.
ENTRIES: dict[str, Entry] = {row.key: row for row in _ENTRIES}


def entry(key: str) -> Entry:
    """The gazetteer row for ``key``; raises ``KeyError`` naming the key when there is none."""
    try:
        return ENTRIES[key]
    except KeyError:
        raise KeyError(f"no instrument with key {key!r} in the gazetteer") from None


@dataclass(frozen=True)
class InstrumentMatch:
    """A name of a gazetteer instrument at ``text[start:end]`` (a leading "the" left out)."""

    start: int
    end: int
    entry: Entry


_DASH_CLASS = "[-\u2010\u2011\u2013\u2014]"


def _name_pattern(name: str) -> str:
    """A name as a pattern: any whitespace between words, any hyphen or dash, either apostrophe."""
    parts = []
    for word in name.split():
        escaped = "".join(_DASH_CLASS if ch in "-\u2013" else "[’']" if ch in "’'"
                          else re.escape(ch) for ch in word)
        parts.append(escaped)
    return r"\s+".join(parts)


_BY_NAME: dict[str, Entry] = {}
_GUARDED: set[str] = set()
for _row in _ENTRIES:
    for _name in (_row.name, *_row.aliases, *_row.guarded):
        _BY_NAME.setdefault(_name, _row)
    _GUARDED.update(_row.guarded)

# Names by their first word, longest first, so that a text is read one capitalized word at a time.
_BY_FIRST_WORD: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _name in sorted(_BY_NAME, key=lambda n: (-len(n), n)):
    _first = re.split(r"[\s\-\u2013]", _name, maxsplit=1)[0]
    _BY_FIRST_WORD.setdefault(_first, []).append(
        (_name, re.compile(_name_pattern(_name) + r"(?![\w-])")))
_WORD = re.compile(r"(?<![\w-])[A-Z0-9][\w’']*")
# What makes a guarded short name the start of another title: "the Charter of Economic Rights".
_LONGER_TITLE = re.compile(r"\s+(?:of|on|for|against|to|concerning)\s+(?:the\s+)?[A-Z]")
_OF_THE_UN = re.compile(r"\s+of\s+the\s+United\s+Nations")
# A capitalized word joined to the name: "Implementation of the", "Parties to the".
_INSIDE_A_NAME = re.compile(
    r"(?<![\w-])(?P<word>[A-Z][\w’'-]*)\s+(?:of|to|on|for|under|concerning)\s+(?:the\s+)?$")
_NUMERAL = re.compile(r"[IVXLC]+|.*\d.*")
_NOT_A_NAME = frozenset({"States", "Member", "Governments"})  # "States Parties to the Convention"


def find_instruments(text: str) -> list[InstrumentMatch]:
    """Every gazetteer instrument named in ``text``, in order, each span once."""
    found: list[InstrumentMatch] = []
    position = 0
    for word in _WORD.finditer(text):
        if word.start() < position or word.group(0) not in _BY_FIRST_WORD:
            continue
        for name, pattern in _BY_FIRST_WORD[word.group(0)]:
            match = pattern.match(text, word.start())
            if match is None:
                continue
            start, end = match.span()
            if (name in _GUARDED and not _guard_ok(text, start, end)) \
                    or _inside_a_name(text, start):
                break
            found.append(InstrumentMatch(start, end, _BY_NAME[name]))
            position = end
            break
    return _merge_restated(text, found)


def _guard_ok(text: str, start: int, end: int) -> bool:
    """A short name counts after "the" and when it does not begin a longer title."""
    if not re.search(r"\bthe\s+$", text[max(0, start - 8):start]):
        return False
    after = text[end:end + 80]
    return _OF_THE_UN.match(after) is not None or _LONGER_TITLE.match(after) is None


def _inside_a_name(text: str, start: int) -> bool:
    before = _INSIDE_A_NAME.search(text[max(0, start - 60):start])
    if before is None or _NUMERAL.fullmatch(before["word"]) or before["word"] in _NOT_A_NAME:
        return False
    # The opening phrase of a paragraph is no name: "Recalling the Charter".
    return bool(text[: start - len(before.group(0))].strip())


def _merge_restated(text: str, found: list[InstrumentMatch]) -> list[InstrumentMatch]:
    """Fold a short name restated in brackets into the full name before it: "United Nations
    Standard Minimum Rules for the Treatment of Prisoners (the Nelson Mandela Rules)"."""
    merged: list[InstrumentMatch] = []
    for match in found:
        if merged and merged[-1].entry.key == match.entry.key:
            between = text[merged[-1].end:match.start]
            closes = text[match.end:match.end + 1] == ")"
            if closes and re.fullmatch(r"\s*\(\s*(?:the\s+)?", between):
                merged[-1] = InstrumentMatch(merged[-1].start, match.end + 1, match.entry)
                continue
        merged.append(match)
    return merged
