"""Synthetic UN-shaped resolutions for benchmarks: model objects, and N-Quads as ingest writes them.

:func:`generate` yields :class:`~unkg.ingest.models.Resolution` objects as the extraction pipeline
would give them: General Assembly, Security Council, ECOSOC, Human Rights Council (from 2006) and
CCPCJ (from 1992) resolutions adopted 1990-2024, each with 5-10 preambular and 8-15 operative
paragraphs, references to earlier resolutions, named instruments of the gazetteer
(:data:`unkg.ingest.gazetteer.ENTRIES`) and reports by symbol, mandates to bodies of the registry,
footnotes, the adopting meeting, and now and then a passage left unresolved. Every span points into
the resolution's own synthetic source text, which :class:`~unkg.ingest.models.Source` carries.

The citation graph is built in order of adoption, so a resolution cites only resolutions adopted
on an earlier day: each recurring series (a topic of one body, or one country on the Council's
agenda) recalls its latest predecessors, and one to four more citations go to earlier
resolutions of any body, half chosen by preferential attachment (the more a resolution is cited,
the likelier it is cited again), half among those of the last five years, each kept as often as
the citing body cites the cited one's. The same seed gives the same resolutions.

The shape follows ``ingest/to_rdf.py``, which writes about nine triples per paragraph, so a
resolution comes to about 430 triples (the real seed, CCPCJ 22/7, gives 451): 1M triples is about
2,400 resolutions.

The command line writes N-Quads, one named graph per resolution, through
:func:`~unkg.ingest.to_rdf.resolution_to_rdf` and the graph metadata ingest writes beside it::

    python bench/generate.py --resolutions 10000 --seed 1 --out build/bench/un-10k.nq
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from unkg.graph.bodies import BODIES
from unkg.graph.iris import Iris
from unkg.graph.store import META_GRAPH, META_PREFIX
from unkg.graph.symbols import Symbol
from unkg.graph.terms import ntriples_lines
from unkg.ingest.gazetteer import ENTRIES, Entry
from unkg.ingest.models import (
    Entity,
    Footnote,
    Mandate,
    MandateVerb,
    Meeting,
    Mention,
    Paragraph,
    ParagraphKind,
    Reference,
    ReferenceKind,
    Relation,
    Resolution,
    Source,
    Span,
    SubParagraph,
    Unresolved,
    UnresolvedKind,
)
from unkg.ingest.to_rdf import graph_slug, resolution_to_rdf

from unkg import EXTRACTOR_VERSION

__all__ = ["BODY_KEYS", "FIRST_YEAR", "LAST_YEAR", "Written", "generate", "main", "write_nquads"]

BODY_KEYS = ("ga", "sc", "ecosoc", "hrc", "ccpcj")
FIRST_YEAR, LAST_YEAR = 1990, 2024
#: The ingest time written into every graph, so that the same seed gives the same file.
GENERATED_AT = datetime(2025, 1, 1, tzinfo=UTC)

#: Share of each body in a year where all five adopt, and the first year each adopts.
_SHARE = {"ga": 0.45, "sc": 0.17, "ecosoc": 0.12, "hrc": 0.18, "ccpcj": 0.08}
_SINCE = {"ga": 1990, "sc": 1990, "ecosoc": 1990, "hrc": 2006, "ccpcj": 1992}
#: How willingly a body (row) cites a resolution of another (column) picked by attachment.
_AFFINITY = {
    "ga": {"ga": 1.0, "sc": 0.3, "ecosoc": 0.5, "hrc": 0.6, "ccpcj": 0.3},
    "sc": {"ga": 0.15, "sc": 1.0, "ecosoc": 0.05, "hrc": 0.05, "ccpcj": 0.02},
    "ecosoc": {"ga": 1.0, "sc": 0.1, "ecosoc": 1.0, "hrc": 0.3, "ccpcj": 0.8},
    "hrc": {"ga": 1.0, "sc": 0.2, "ecosoc": 0.3, "hrc": 1.0, "ccpcj": 0.2},
    "ccpcj": {"ga": 1.0, "sc": 0.2, "ecosoc": 1.0, "hrc": 0.2, "ccpcj": 1.0},
}
_PLACE = {"ga": "New York", "sc": "New York", "ecosoc": "New York", "hrc": "Geneva",
          "ccpcj": "Vienna"}
_SELF = {"ga": "the Assembly", "sc": "the Council", "ecosoc": "the Council", "hrc": "the Council",
         "ccpcj": "the Commission"}

_COUNTRIES = ("Somalia", "Haiti", "Afghanistan", "Liberia", "Cyprus", "Lebanon", "Iraq", "Mali",
              "Libya", "Yemen", "the Sudan", "South Sudan", "the Democratic Republic of the Congo",
              "the Central African Republic", "Côte d'Ivoire", "Sierra Leone", "Burundi",
              "Bosnia and Herzegovina", "Myanmar", "the Syrian Arab Republic", "Eritrea")


@dataclass(frozen=True)
class _Topic:
    """A recurring series of one body: its title, how paragraphs name it, its core instruments."""

    title: str
    subject: str
    instruments: tuple[str, ...] = ()


_T = _Topic
_TOPICS: dict[str, tuple[_Topic, ...]] = {
    "ga": (
        _T("Strengthening the United Nations crime prevention and criminal justice programme",
           "crime prevention and criminal justice", ("untoc", "uncac")),
        _T("Rights of the child", "the rights of the child", ("crc", "udhr")),
        _T("Oceans and the law of the sea", "oceans and the law of the sea", ("unclos",)),
        _T("Human rights and extreme poverty", "human rights and extreme poverty",
           ("udhr", "vdpa")),
        _T("Implementation of the Declaration on the Granting of Independence to Colonial "
           "Countries and Peoples", "decolonization", ("colonial-independence-declaration",)),
        _T("International cooperation against the world drug problem", "the world drug problem",
           ("single-convention", "psychotropic-convention", "illicit-traffic-convention")),
        _T("Improving the coordination of efforts against trafficking in persons",
           "trafficking in persons", ("trafficking-protocol", "global-plan-trafficking")),
        _T("Countering the use of information and communications technologies for criminal "
           "purposes", "cybercrime", ("untoc",)),
        _T("Measures to eliminate international terrorism", "international terrorism",
           ("gcts", "un-charter")),
        _T("The illicit trade in small arms and light weapons in all its aspects",
           "small arms and light weapons", ("salw-programme", "international-tracing-instrument")),
        _T("Agricultural development, food security and nutrition", "food security and nutrition",
           ("agenda-2030",)),
        _T("Protection of global climate for present and future generations of humankind",
           "climate change", ("unfccc", "kyoto-protocol", "paris-agreement")),
        _T("Follow-up to the International Conference on Financing for Development",
           "financing for development", ("monterrey-consensus", "addis-ababa-action-agenda")),
        _T("Violence against women migrant workers", "violence against women migrant workers",
           ("cedaw", "icmw", "deva")),
        _T("Follow-up to the outcome of the Millennium Summit", "the internationally agreed "
           "development goals", ("millennium-declaration", "world-summit-outcome")),
    ),
    "sc": (
        _T("Threats to international peace and security caused by terrorist acts", "terrorism",
           ("gcts", "un-charter")),
        _T("Children and armed conflict", "children and armed conflict",
           ("crc", "geneva-conventions")),
        _T("Women and peace and security", "women and peace and security", ("cedaw",)),
        _T("Protection of civilians in armed conflict", "the protection of civilians",
           ("geneva-conventions", "rome-statute")),
        _T("Non-proliferation of weapons of mass destruction", "non-proliferation",
           ("npt", "bwc", "cwc")),
        *(_T(f"The situation in {country}", f"the situation in {country}", ("un-charter",))
          for country in _COUNTRIES),
    ),
    "ecosoc": (
        _T("Mainstreaming a gender perspective into all policies and programmes in the United "
           "Nations system", "gender mainstreaming", ("beijing-declaration", "cedaw")),
        _T("Support to Non-Self-Governing Territories by the specialized agencies",
           "Non-Self-Governing Territories", ("colonial-independence-declaration",)),
        _T("Standards and norms in crime prevention and criminal justice",
           "standards and norms in crime prevention", ("nelson-mandela-rules", "tokyo-rules")),
        _T("Science and technology for development", "science and technology for development",
           ("tunis-agenda",)),
        _T("Coordinated follow-up to the major United Nations conferences and summits",
           "the follow-up to conferences", ("icpd-programme", "copenhagen-declaration")),
        _T("Strengthening international cooperation in combating transnational organized crime",
           "transnational organized crime", ("untoc", "firearms-protocol")),
        _T("Promoting the rights of persons with disabilities", "disability", ("crpd",)),
    ),
    "hrc": (
        _T("The right to food", "the right to food", ("udhr", "icescr")),
        _T("Freedom of opinion and expression", "freedom of opinion and expression",
           ("iccpr", "udhr")),
        _T("Human rights and the environment", "human rights and the environment",
           ("rio-declaration", "agenda-2030")),
        _T("The question of the death penalty", "the death penalty", ("iccpr",)),
        _T("Rights of persons belonging to national or ethnic, religious and linguistic "
           "minorities", "the rights of minorities", ("minorities-declaration",)),
        _T("Human rights defenders", "human rights defenders", ("hr-defenders-declaration",)),
        _T("Human rights and transnational corporations and other business enterprises",
           "business and human rights", ("guiding-principles-business",)),
        _T("Human rights and indigenous peoples", "the rights of indigenous peoples", ("undrip",)),
        _T("Torture and other cruel, inhuman or degrading treatment or punishment", "torture",
           ("cat",)),
        *(_T(f"Situation of human rights in {country}", f"human rights in {country}",
             ("udhr", "iccpr")) for country in _COUNTRIES[:8]),
    ),
    "ccpcj": (
        _T("Strengthening international cooperation to combat cybercrime", "cybercrime",
           ("salvador-declaration", "untoc")),
        _T("Preventing and combating trafficking in cultural property",
           "trafficking in cultural property", ("untoc",)),
        _T("Promoting technical assistance for the implementation of the United Nations "
           "Convention against Corruption", "corruption", ("uncac",)),
        _T("Countering the smuggling of migrants", "the smuggling of migrants",
           ("migrants-protocol", "untoc")),
        _T("Treatment of prisoners and alternatives to imprisonment", "the treatment of prisoners",
           ("nelson-mandela-rules", "bangkok-rules", "tokyo-rules")),
        _T("Follow-up to the United Nations Congress on Crime Prevention and Criminal Justice",
           "the follow-up to the crime congress",
           ("salvador-declaration", "doha-declaration", "kyoto-declaration")),
        _T("Illicit manufacturing of and trafficking in firearms",
           "illicit trafficking in firearms", ("firearms-protocol",)),
    ),
}
#: The addressees each body gives its requests to, and the verbs it uses.
_ADDRESSEES = {
    "ga": ("secretary-general", "member-states", "states", "un-system", "civil-society", "donors",
           "international-community", "unodc"),
    "sc": ("secretary-general", "member-states", "parties", "states", "regional-organizations"),
    "ecosoc": ("secretary-general", "member-states", "un-system", "regional-organizations",
               "donors", "unodc"),
    "hrc": ("high-commissioner-human-rights", "ohchr", "states", "civil-society",
            "secretary-general", "stakeholders"),
    "ccpcj": ("unodc", "member-states", "donors", "states-parties", "international-organizations",
              "secretary-general"),
}
_VERBS = {
    MandateVerb.REQUESTS: "Requests", MandateVerb.INVITES: "Invites", MandateVerb.URGES: "Urges",
    MandateVerb.CALLS_UPON: "Calls upon", MandateVerb.ENCOURAGES: "Encourages",
    MandateVerb.AUTHORIZES: "Authorizes", MandateVerb.DEMANDS: "Demands",
}
_ACTIONS = (
    "to submit to {to} {when} a report on the implementation of the present resolution",
    "to continue to provide technical assistance, upon request, in the area of {subject}",
    "to provide extrabudgetary resources for the purposes of the present resolution, in "
    "accordance with the rules and procedures of the United Nations",
    "to strengthen cooperation and coordination in the field of {subject}",
    "to exchange information on best practices and lessons learned regarding {subject}",
    "to give due consideration to {subject} in national policies, programmes and strategies",
)
#: Addressees written without an article: "Invites Member States", "Urges States parties".
_NO_ARTICLE = frozenset({"member-states", "states", "states-parties", "donors", "civil-society",
                         "stakeholders", "governments"})
_PLAIN_PREAMBLE = (
    ("Concerned", "Concerned about the persistent challenges related to {subject}, and stressing "
                  "the need for a comprehensive and balanced approach,"),
    ("Deeply concerned", "Deeply concerned that progress in the area of {subject} remains uneven "
                         "among and within regions,"),
    ("Mindful", "Mindful of the need to take into account the specific needs of developing "
                "countries in addressing {subject},"),
    ("Stressing", "Stressing the importance of international cooperation and of national "
                  "ownership and leadership in addressing {subject},"),
    ("Convinced", "Convinced that {subject} requires an integrated approach involving all "
                  "relevant stakeholders at the national, regional and international levels,"),
    ("Recognizing", "Recognizing the efforts made by Member States, and the contribution of "
                    "regional organizations, in the field of {subject},"),
    ("Noting with appreciation", "Noting with appreciation the work carried out by the United "
                                 "Nations system in support of national efforts on {subject},"),
    ("Acknowledging", "Acknowledging that the lack of resources continues to hamper the "
                      "implementation of commitments relating to {subject},"),
    ("Emphasizing", "Emphasizing the need to mainstream a gender perspective and to pay "
                    "particular attention to the situation of women and children in matters of "
                    "{subject},"),
)
_PLAIN_OPERATIVE = (
    ("Emphasizes", "Emphasizes the importance of promoting {subject} in a manner consistent with "
                   "international law, including international human rights law;"),
    ("Stresses", "Stresses the need for States to take effective measures, within their "
                 "national legal frameworks, in the area of {subject};"),
    ("Recognizes", "Recognizes the role of national institutions, academia and civil society in "
                   "raising awareness of {subject};"),
    ("Notes", "Notes with concern the lack of reliable data on {subject}, and the need for "
              "further research and analysis;"),
    ("Underlines", "Underlines the importance of building national capacities, including "
                   "through South-South and triangular cooperation, in relation to {subject};"),
    ("Commends", "Commends the efforts of those States that have adopted national action plans "
                 "on {subject}, and invites them to share their experience;"),
    ("Reiterates", "Reiterates that the primary responsibility for {subject} lies with States, "
                   "and that international cooperation complements national action;"),
    ("Expresses its appreciation", "Expresses its appreciation to the donors that have "
                                   "supported activities relating to {subject};"),
    ("Affirms", "Affirms that all measures taken in the area of {subject} must comply with the "
                "obligations of States under international law;"),
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_ONES = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth")
_TENS = ("", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")
_CARDINAL_ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def generate(n_resolutions: int, seed: int) -> Iterator[Resolution]:
    """``n_resolutions`` synthetic resolutions in order of adoption, the same for the same seed."""
    rng = random.Random(seed)
    citations = _Citations(rng)
    for slot in _plan(n_resolutions, rng):
        resolution = _Writer(slot, rng, citations).resolution()
        citations.add(slot, resolution)
        yield resolution


# -- planning: who adopts what, when, under which number -----------------------------------------


@dataclass(frozen=True)
class _Slot:
    body: str
    day: date
    topic: _Topic
    symbol: Symbol = field(compare=False)
    meeting: int = field(compare=False)


def _plan(n: int, rng: random.Random) -> list[_Slot]:
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    drafts: list[tuple[date, str, int]] = []
    for _ in range(n):
        year = rng.choices(years, weights=[1.0 + (y - FIRST_YEAR) / 35 for y in years])[0]
        bodies = [b for b in BODY_KEYS if _SINCE[b] <= year]
        body = rng.choices(bodies, weights=[_SHARE[b] for b in bodies])[0]
        topics = _TOPICS[body]
        # Zipf-like: the first topics of each body recur most.
        pick = rng.choices(range(len(topics)), weights=[1 / (i + 1) for i in range(len(topics))])
        drafts.append((_adoption_day(body, year, rng), body, pick[0]))
    drafts.sort()
    serials: dict[tuple[str, str], int] = {}
    slots: list[_Slot] = []
    for day, body, topic in drafts:
        session = _session(body, day)
        series = "all" if body == "sc" else session  # the Council numbers on since 1946
        serial = serials[body, series] = serials.get((body, series), 0) + 1
        number = {
            # 660 in 1990; past S/RES/9999 (only beyond ~55k resolutions) the numbers start
            # again at 1, the year keeping the symbols apart
            "sc": f"{(658 + serial) % 9999 + 1} ({day.year})",
            "ecosoc": f"{day.year}/{serial}",
        }.get(body, f"{session}/{serial}")
        symbol = Symbol.for_resolution(body, number)
        slots.append(_Slot(body, day, _TOPICS[body][topic], symbol, _meeting_number(body, day)))
    return slots


def _adoption_day(body: str, year: int, rng: random.Random) -> date:
    """A plausible adoption day: the Assembly's autumn, the Council's three sessions, ..."""
    if body == "ga":
        start, days = (date(year, 10, 1), 85) if rng.random() < 0.9 else (date(year, 3, 1), 150)
    elif body == "hrc":
        start, days = rng.choice(((date(year, 3, 20), 15), (date(year, 6, 25), 15),
                                  (date(year, 9, 28), 12)))
    elif body == "ccpcj":
        start, days = (date(year, 4, 20), 10) if rng.random() < 0.85 else (date(year, 12, 5), 5)
    elif body == "ecosoc":
        start, days = (date(year, 7, 10), 20) if rng.random() < 0.8 else (date(year, 2, 1), 120)
    else:
        start, days = date(year, 1, 5), 355
    return start + timedelta(days=rng.randrange(days))


def _session(body: str, day: date) -> str:
    """The session (or year, for the two bodies numbering by year) a resolution belongs to."""
    if body == "ga":
        return str(day.year - 1945 - (day.month < 9))
    if body == "hrc":
        return str((day.year - 2006) * 3 + (1 if day.month < 5 else 2 if day.month < 9 else 3))
    if body == "ccpcj":
        return str(day.year - 1991)
    return str(day.year)


def _meeting_number(body: str, day: date) -> int:
    """The number of the meeting that adopted a resolution on ``day`` (one meeting per day)."""
    if body == "sc":
        return 2900 + (day - date(1990, 1, 1)).days * 6900 // 12784
    if body == "ga":
        return 30 + (day - date(day.year - (day.month < 9), 9, 1)).days // 2
    return 1 + day.timetuple().tm_yday % 40


# -- the citation graph ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cited:
    body: str
    day: date
    symbol: Symbol


class _Citations:
    """What earlier resolutions exist and how often each is cited, in order of adoption."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.done: list[_Cited] = []
        self.days: list[date] = []  # of ``done``, in order
        self.pool: list[int] = []  # one entry per resolution plus one per citation it received
        self.series: dict[tuple[str, str], list[int]] = {}
        self.pending: list[tuple[int, str]] = []  # adopted on the current day: not citable yet
        self.day: date | None = None

    def choose(self, slot: _Slot) -> tuple[list[_Cited], list[_Cited]]:
        """(predecessors in the series, newest first; other resolutions cited) for ``slot``."""
        self._release(slot.day)
        members = self.series.get((slot.body, slot.topic.title), [])
        keep = 1 + (self.rng.random() < 0.5) + (self.rng.random() < 0.2)
        series = list(reversed(members[-keep:]))
        picked = set(series)
        others: list[int] = []
        released = len(self.done) - len(self.pending)
        recent = bisect.bisect_left(self.days, slot.day - timedelta(days=5 * 365), hi=released)
        for _ in range(self.rng.randint(1, 4) if self.pool else 0):
            for _attempt in range(8):
                # Half preferential attachment, half any resolution of the last five years.
                index = (self.rng.choice(self.pool) if self.rng.random() < 0.5 or recent == released
                         else self.rng.randrange(recent, released))
                affinity = _AFFINITY[slot.body][self.done[index].body]
                if index not in picked and self.rng.random() < affinity:
                    picked.add(index)
                    others.append(index)
                    break
        for index in series + others:
            self.pool.append(index)
        return [self.done[i] for i in series], [self.done[i] for i in others]

    def add(self, slot: _Slot, resolution: Resolution) -> None:
        assert resolution.symbol is not None
        self.done.append(_Cited(slot.body, slot.day, resolution.symbol))
        self.days.append(slot.day)
        self.pending.append((len(self.done) - 1, slot.topic.title))

    def _release(self, day: date) -> None:
        if day == self.day:
            return
        self.day = day
        for index, title in self.pending:
            self.pool.append(index)
            self.series.setdefault((self.done[index].body, title), []).append(index)
        self.pending = []


# -- writing one resolution --------------------------------------------------------------------


@dataclass
class _Draft:
    """One paragraph being written: its text and, relative to it, what it cites and names."""

    kind: ParagraphKind
    opening: str
    relation: Relation
    text: str = ""
    refs: list[tuple[int, int, ReferenceKind, Symbol | None, str | None, date | None]] = field(
        default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    mandates: list[tuple[MandateVerb, str, str, str]] = field(default_factory=list)
    subs: list[tuple[str, int, int]] = field(default_factory=list)
    unresolved: list[tuple[int, int]] = field(default_factory=list)
    footnotes: list[tuple[str, Symbol]] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.text += text

    def mark(self, text: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += text
        return start, len(self.text)

    def name(self, key: str, text: str) -> None:
        self.mentions.append((*self.mark(text), key))

    def cite_resolution(self, cited: _Cited, citing_body: str) -> None:
        number = cited.symbol.number or str(cited.symbol)
        when = "" if cited.body == "sc" else f" of {_spell(cited.day)}"
        if cited.body == citing_body:
            start, end = self.mark(f"its resolution {number}{when}")
        else:
            start = len(self.text)
            self.name(cited.body, BODIES[cited.body].name)
            end = self.mark(f" resolution {number}{when}")[1]
        day = None if cited.body == "sc" else cited.day  # the Council's numbers carry the year
        self.refs.append((start, end, ReferenceKind.RESOLUTION, cited.symbol, None, day))

    def cite_instrument(self, item: Entry) -> None:
        start, end = self.mark(item.name)
        self.refs.append((start, end, ReferenceKind.INSTRUMENT, None, item.key, None))


class _Writer:
    """Writes the text of one resolution and the model objects that point into it."""

    def __init__(self, slot: _Slot, rng: random.Random, citations: _Citations) -> None:
        self.slot, self.rng, self.citations = slot, rng, citations
        self.body = slot.body
        self.subject = slot.topic.subject
        self.instruments: dict[str, Entry] = {}
        self.reports = 0

    def resolution(self) -> Resolution:
        series, others = self.citations.choose(self.slot)
        drafts = self._preamble(series, others) + self._operative(series)
        return self._assemble(drafts)

    # -- paragraphs --

    def _preamble(self, series: list[_Cited], others: list[_Cited]) -> list[_Draft]:
        rng, drafts = self.rng, []
        if series:
            draft = _Draft(ParagraphKind.PREAMBULAR, "Recalling", Relation.RECALLS, "Recalling ")
            for n, cited in enumerate(series):
                draft.say("" if n == 0 else " and " if n == len(series) - 1 else ", ")
                draft.cite_resolution(cited, self.body)
            draft.say(f", and all its previous resolutions on {self.subject},")
            drafts.append(draft)
        if others:
            draft = _Draft(ParagraphKind.PREAMBULAR, "Recalling also", Relation.RECALLS,
                           "Recalling also ")
            for n, cited in enumerate(others):
                draft.say("" if n == 0 else " and " if n == len(others) - 1 else ", ")
                draft.cite_resolution(cited, self.body)
            draft.say(",")
            drafts.append(draft)
        if self.body == "sc" or rng.random() < 0.3:
            draft = _Draft(ParagraphKind.PREAMBULAR, "Guided by", Relation.GUIDED_BY,
                           "Guided by the purposes and principles of the ")
            draft.cite_instrument(ENTRIES["un-charter"])
            draft.say(",")
            drafts.append(draft)
        for item in self._instruments(rng.randint(1, 2)):
            opening, relation = rng.choice((("Reaffirming", Relation.REAFFIRMS),
                                            ("Bearing in mind", Relation.BEARS_IN_MIND),
                                            ("Recalling further", Relation.RECALLS)))
            draft = _Draft(ParagraphKind.PREAMBULAR, opening, relation, f"{opening} the ")
            draft.cite_instrument(item)
            draft.say(f", in particular its provisions relevant to {self.subject},")
            drafts.append(draft)
        if rng.random() < 0.7:
            draft = _Draft(ParagraphKind.PREAMBULAR, "Taking note of", Relation.TAKES_NOTE,
                           "Taking note of the report of the ")
            draft.name("secretary-general", "Secretary-General")
            draft.say(f" on {self.subject},")
            draft.footnotes.append((self._report_text(), self._report()))
            drafts.append(draft)
        if rng.random() < 0.08:
            draft = _Draft(ParagraphKind.PREAMBULAR, "Noting", Relation.NOTES, "Noting ")
            draft.unresolved.append(draft.mark("the outcome of the relevant special session"))
            draft.say(f" on {self.subject},")
            drafts.append(draft)
        wanted = min(len(_PLAIN_PREAMBLE), max(0, rng.randint(5, 10) - len(drafts)))
        for opening, text in rng.sample(_PLAIN_PREAMBLE, wanted):
            draft = _Draft(ParagraphKind.PREAMBULAR, opening, Relation.CITES)
            draft.say(text.format(subject=self.subject))
            drafts.append(draft)
        return drafts

    def _operative(self, series: list[_Cited]) -> list[_Draft]:
        rng, drafts = self.rng, []
        if rng.random() < 0.6:
            draft = _Draft(ParagraphKind.OPERATIVE, "Takes note", Relation.TAKES_NOTE,
                           "Takes note with appreciation of the report of the ")
            draft.name("secretary-general", "Secretary-General")
            draft.say(";")
            draft.footnotes.append((self._report_text(), self._report()))
            drafts.append(draft)
        if series and rng.random() < 0.5:
            draft = _Draft(ParagraphKind.OPERATIVE, "Reaffirms", Relation.REAFFIRMS, "Reaffirms ")
            draft.cite_resolution(series[0], self.body)
            draft.say(", and calls for its full implementation;")
            drafts.append(draft)
        if rng.random() < 0.3:
            item = self._instruments(1)
            if item:
                draft = _Draft(ParagraphKind.OPERATIVE, "Welcomes", Relation.WELCOMES,
                               "Welcomes the progress made in the implementation of the ")
                draft.cite_instrument(item[0])
                draft.say(";")
                drafts.append(draft)
        for _ in range(rng.randint(3, 5)):
            drafts.append(self._mandate())
        if rng.random() < 0.3:
            drafts.append(self._with_subparagraphs())
        wanted = min(len(_PLAIN_OPERATIVE), max(0, rng.randint(8, 15) - 1 - len(drafts)))
        plain = rng.sample(_PLAIN_OPERATIVE, wanted)
        for opening, text in plain:
            draft = _Draft(ParagraphKind.OPERATIVE, opening, Relation.CITES)
            draft.say(text.format(subject=self.subject))
            drafts.append(draft)
        closing = ("Decides to remain seized of the matter." if self.body == "sc" else
                   f"Decides to continue its consideration of the question of {self.subject} "
                   f"{self._when()}.")
        draft = _Draft(ParagraphKind.OPERATIVE, "Decides", Relation.CITES)
        draft.say(closing)
        return [*drafts, draft]

    def _mandate(self) -> _Draft:
        rng = self.rng
        verbs = [MandateVerb.REQUESTS, MandateVerb.INVITES, MandateVerb.URGES,
                 MandateVerb.CALLS_UPON, MandateVerb.ENCOURAGES]
        if self.body == "sc":
            verbs += [MandateVerb.AUTHORIZES, MandateVerb.DEMANDS]
        verb = rng.choice(verbs)
        key = rng.choice(_ADDRESSEES[self.body])
        name = BODIES[key].names[0]
        written = name if key in _NO_ARTICLE or name.startswith("the ") else f"the {name}"
        to = "the Council" if self.body == "sc" else f"the {BODIES[self.body].name}"
        action = rng.choice(_ACTIONS).format(to=to, when=self._when(), subject=self.subject)
        draft = _Draft(ParagraphKind.OPERATIVE, _VERBS[verb], Relation.CITES, f"{_VERBS[verb]} ")
        draft.name(key, written)
        draft.say(f" {action};")
        draft.mandates.append((verb, key, written, action))
        return draft

    def _with_subparagraphs(self) -> _Draft:
        draft = _Draft(ParagraphKind.OPERATIVE, "Decides", Relation.CITES,
                       f"Decides that the work on {self.subject} shall include:")
        for label, text in (("a", "the collection and analysis of data and information;"),
                            ("b", "the exchange of good practices among States;"),
                            ("c", "the provision of technical assistance upon request.")):
            draft.say(" ")
            start, end = draft.mark(f"({label}) {text}")
            draft.subs.append((label, start, end))
        return draft

    def _instruments(self, count: int) -> list[Entry]:
        """Up to ``count`` instruments already adopted: the topic's own first, then any."""
        core = [ENTRIES[k] for k in self.slot.topic.instruments if k not in self.instruments]
        rest = [e for e in ENTRIES.values() if e.key not in self.instruments and e not in core]
        chosen: list[Entry] = []
        for item in core + self.rng.sample(rest, 3):
            if len(chosen) < count and _adopted_by(item, self.slot.day):
                chosen.append(item)
                self.instruments[item.key] = item
        return chosen

    def _report(self) -> Symbol:
        self.reports += 1
        serial = 100 + self.rng.randrange(400)
        session, year = self._next_session() - 1, self.slot.day.year
        text = {"ga": f"A/{session}/{serial}", "sc": f"S/{year}/{serial}",
                "ecosoc": f"E/{year}/{serial}", "hrc": f"A/HRC/{session}/{serial}",
                "ccpcj": f"E/CN.15/{year}/{serial}"}[self.body]
        return Symbol.parse(text)

    def _report_text(self) -> str:
        return "" if self.rng.random() < 0.6 else "See "

    def _when(self) -> str:
        """When a report is due: "at its seventy-fifth session", "at its 2025 session"."""
        if self.body == "sc":
            return "within ninety days"
        if self.body == "ecosoc":
            return f"at its {self.slot.day.year + 1} session"
        return f"at its {_ordinal(self._next_session())} session"

    def _next_session(self) -> int:
        session = _session(self.body, self.slot.day)
        return int(session) + 1 if self.body in ("ga", "hrc", "ccpcj") else self.slot.day.year + 1

    # -- the whole text --

    def _assemble(self, drafts: list[_Draft]) -> Resolution:
        slot, text = self.slot, _Text()
        title = None if self.body == "sc" else slot.topic.title
        text.add(f"{slot.symbol}\n\n")
        title_span = text.add(title) if title else None
        text.add(f"\n\n\tThe {BODIES[self.body].name},\n\n")
        paragraphs: list[Paragraph] = []
        notes: list[tuple[str, Symbol, str]] = []  # (prefix, symbol, calling paragraph id)
        unresolved: list[Unresolved] = []
        counts = {ParagraphKind.PREAMBULAR: 0, ParagraphKind.OPERATIVE: 0}
        for draft in drafts:
            counts[draft.kind] += 1
            index = counts[draft.kind]
            number = str(index) if draft.kind is ParagraphKind.OPERATIVE else None
            text.add(f"\t{number}. " if number else "\t")
            base = text.size
            span = text.add(draft.text)
            text.add("\n\n")
            pid = f"{'o' if number else 'p'}{index}"
            markers = []
            for prefix, symbol in draft.footnotes:
                notes.append((prefix, symbol, pid))
                markers.append(str(len(notes)))
            unresolved += [Unresolved(UnresolvedKind.CITATION, draft.text[s:e],
                                      Span(base + s, base + e),
                                      "looks like a citation but names no document")
                           for s, e in draft.unresolved]
            paragraphs.append(Paragraph(
                draft.kind, index, draft.opening, draft.text, span, number=number,
                subparagraphs=tuple(SubParagraph(label, draft.text[s:e], Span(base + s, base + e))
                                    for label, s, e in draft.subs),
                footnotes=tuple(markers),
                references=tuple(
                    Reference(draft.text[s:e], Span(base + s, base + e), kind, draft.relation,
                              target=target, instrument=key, date=day)
                    for s, e, kind, target, key, day in draft.refs),
                mandates=tuple(Mandate(verb, key, written, action, span)
                               for verb, key, written, action in draft.mandates),
                mentions=tuple(Mention(key, draft.text[s:e], Span(base + s, base + e))
                               for s, e, key in draft.mentions),
            ))
        meeting_text = (f"{slot.meeting}th meeting" if self.body in ("sc", "hrc", "ccpcj")
                        else f"{slot.meeting}th plenary meeting")
        meeting_span = text.add(meeting_text)
        adoption_span = Span(meeting_span.start, text.add(f"\n{_spell(slot.day)}").end)
        text.add("\n\n__________________\n")
        footnotes = []
        for marker, (prefix, symbol, pid) in enumerate(notes, start=1):
            text.add(f"{marker} ")
            start = text.size
            text.add(prefix)
            ref = text.add(str(symbol))
            span = Span(start, text.add(".\n").end - 1)
            footnotes.append(Footnote(
                str(marker), f"{prefix}{symbol}.", span, paragraph=pid,
                references=(Reference(str(symbol), ref, ReferenceKind.DOCUMENT, Relation.CITES,
                                      target=symbol),)))
        original = text.value()
        keys = dict.fromkeys([self.body, *(m.entity for p in paragraphs for m in p.mentions),
                              *(m.addressee for p in paragraphs for m in p.mandates)])
        meeting = Meeting(f"{self.body}-{_session(self.body, slot.day)}-{slot.meeting}",
                          meeting_text, meeting_span, body=self.body, ordinal=slot.meeting,
                          place=_PLACE[self.body], start=slot.day, end=slot.day)
        source = Source(f"synthetic/{slot.symbol.slug}.txt",
                        hashlib.sha256(original.encode("utf-8")).hexdigest(), "text/plain",
                        original)
        return Resolution(
            source=source, symbol=slot.symbol, number=slot.symbol.number, body=self.body,
            title=title, date=slot.day, title_span=title_span,
            preamble=tuple(p for p in paragraphs if p.kind is ParagraphKind.PREAMBULAR),
            operative=tuple(p for p in paragraphs if p.kind is ParagraphKind.OPERATIVE),
            footnotes=tuple(footnotes), entities=tuple(_entity(key) for key in keys),
            instruments=tuple(item.instrument for item in self.instruments.values()),
            meetings=(meeting,), unresolved=tuple(unresolved),
            adoption=original[adoption_span.start:adoption_span.end], adoption_span=adoption_span,
        )


class _Text:
    """The source text being written, with the span of each piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def add(self, piece: str) -> Span:
        start = self.size
        self.parts.append(piece)
        self.size += len(piece)
        return Span(start, self.size)

    def value(self) -> str:
        return "".join(self.parts)


def _entity(key: str) -> Entity:
    row = BODIES[key]
    return Entity(row.key, row.name, row.kind, row.parent, row.acronym)


def _adopted_by(item: Entry, day: date) -> bool:
    """Whether the instrument existed on ``day`` (an undated one is taken as old)."""
    if item.adopted is not None:
        return item.adopted < day
    symbol = item.symbol
    if symbol is not None and symbol.body == "ga" and (symbol.session or "").isdigit():
        return 1945 + int(symbol.session or 0) < day.year
    return True


def _spell(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _ordinal(n: int) -> str:
    """``75`` -> ``seventy-fifth``: how resolutions name sessions (any n below 100)."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    if ones == 0:
        return _TENS[tens] + "ieth"
    return f"{_TENS[tens]}y-{_ONES[ones]}"


# -- N-Quads ---------------------------------------------------------------------------------


@dataclass
class Written:
    """What :func:`write_nquads` wrote, and how long it took."""

    resolutions: int = 0
    triples: int = 0
    seconds: float = 0.0


def write_nquads(
    resolutions: Iterable[Resolution], out: TextIO, *, iris: Iris | None = None,
    generated_at: datetime = GENERATED_AT,
) -> Written:
    """Each resolution's triples in its named graph, as ingest names it, plus the graph metadata
    (source sha256, extractor version) ingest writes in the admin graph."""
    iris = iris or Iris()
    written = Written()
    started = time.perf_counter()
    meta = f"<{META_GRAPH}> .\n"
    for resolution in resolutions:
        graph = iris.graph(graph_slug(resolution))
        tail = f" <{graph}> .\n"
        lines = ntriples_lines(resolution_to_rdf(resolution, iris, generated_at=generated_at))
        out.writelines(line[:-3] + tail for line in lines)
        out.write(f'<{graph}> <{META_PREFIX}sha256> "{resolution.source.sha256}" {meta}')
        out.write(f'<{graph}> <{META_PREFIX}extractor_version> "{EXTRACTOR_VERSION}" {meta}')
        written.resolutions += 1
        written.triples += len(lines)
    written.seconds = time.perf_counter() - started
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--resolutions", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.nq")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        written = write_nquads(generate(args.resolutions, args.seed), out)
    seconds = max(written.seconds, 1e-9)
    print(f"{args.out}: {written.resolutions} resolutions, {written.triples} triples "
          f"({written.triples / max(written.resolutions, 1):.0f} per resolution) in "
          f"{seconds:.1f} s: {written.resolutions / seconds:.0f} resolutions/s, "
          f"{written.triples / seconds:.0f} triples/s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
