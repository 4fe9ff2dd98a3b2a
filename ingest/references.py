"""The references stage: what each paragraph and footnote cites, resolved to a symbol or a key.

:func:`find_references` fills ``references`` on every paragraph and footnote of a
:class:`~unkg.ingest.models.Resolution`, lists the named instruments and reports in
``Resolution.instruments`` and adds an :class:`~unkg.ingest.models.Unresolved` item for every
citation-looking text that does not resolve. :func:`scan_text` (and :func:`find_in_text`, its
found half) does the same work on any string, with positions in that string.

Four kinds of citation are read (patterns in :mod:`unkg.ingest.regexes`):

* resolutions and decisions by number. The body is the one written before the number ("Economic
  and Social Council resolution 2012/19"), the body last named in the sentence for a short name
  ("Assembly resolution"), the body that owns "its" ("the Human Rights Council, in its resolution")
  or else the citing body, and for a bare "resolution 67/189" the body of the citation before it
  in the sentence, else the citing body. An implied body must fit the shape of the number: only
  the Security Council numbers "1373 (2001)", only the Economic and Social Council and the old
  Commission on Human Rights number by year, so "resolution 1373 (2001)" in an Assembly text is
  the Council's. A list ("resolutions 60/1 and 61/16") gives one reference per number, each with
  its own date;
* documents by symbol, anywhere ("See UNODC/CCPCJ/EG.4/2011/3", "(A/75/L.12)");
* named instruments of the gazetteer (:mod:`unkg.ingest.gazetteer`);
* reports and studies named by description with a registered author ("the comprehensive study on
  cybercrime prepared by the United Nations Office on Drugs and Crime").

A pinpoint after the citation (", annex, para. 42") or before it ("paragraph 42 of") goes into
``Reference.pinpoint`` and the reference's span covers it. The relation comes from the paragraph's
opening phrase (:func:`relation_for`); footnotes cite.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum

from unkg.graph.bodies import BODIES
from unkg.graph.symbols import Symbol, SymbolKind
from unkg.ingest import regexes as rx
from unkg.ingest.gazetteer import find_instruments
from unkg.ingest.models import (
    Footnote,
    Instrument,
    InstrumentKind,
    Paragraph,
    Reference,
    ReferenceKind,
    Relation,
    Resolution,
    Unresolved,
    UnresolvedKind,
)
from unkg.ingest.symbol_cache import parse_symbol, resolution_symbol

from unkg.errors import SymbolError

__all__ = ["Found", "Scan", "Unfound", "find_in_text", "find_references", "relation_for",
           "scan_text"]


@dataclass(frozen=True)
class Found:
    """A citation found at ``text[start:end]`` of the scanned string."""

    start: int
    end: int
    text: str
    kind: ReferenceKind
    relation: Relation
    target: Symbol | None = None
    instrument: Instrument | None = None
    date: date | None = None
    pinpoint: str | None = None


@dataclass(frozen=True)
class Unfound:
    """Citation-looking text at ``text[start:end]`` that does not resolve, and why."""

    start: int
    end: int
    text: str
    kind: UnresolvedKind
    reason: str


@dataclass(frozen=True)
class Scan:
    """What :func:`scan_text` read in one string."""

    found: tuple[Found, ...]
    unresolved: tuple[Unfound, ...]


# -- relations -----------------------------------------------------------------------------------

_ADVERBS = re.compile(r"^(?:(?:also|further|furthermore|again|once\s+again|moreover|in\s+addition|"
                      r"in\s+this\s+regard|in\s+particular|strongly|firmly|fully|duly|deeply|"
                      r"solemnly|having)\s+)*")
#: The opening phrase of a paragraph, after its adverbs, to the relation it gives its citations.
_RELATIONS: tuple[tuple[re.Pattern[str], Relation], ...] = tuple(
    (re.compile(pattern), relation) for pattern, relation in (
        (r".*\bappreciation\b", Relation.APPRECIATES),  # "Expresses its appreciation", "with a."
        (r"(?:tak(?:e|es|ing|en))\s+(?:\w+\s+)?note\b", Relation.TAKES_NOTE),
        (r"not(?:e|es|ing)\b", Relation.NOTES),
        (r"recall", Relation.RECALLS),
        (r"reaffirm", Relation.REAFFIRMS),
        (r"(?:confirm|affirm)", Relation.CONFIRMS),
        (r"welcom", Relation.WELCOMES),
        (r"endors", Relation.ENDORSES),
        (r"(?:bear(?:s|ing)?\s+in\s+mind|mindful)", Relation.BEARS_IN_MIND),
        (r"acknowledg", Relation.ACKNOWLEDGES),
        (r"guided\s+by", Relation.GUIDED_BY),
        (r"approv", Relation.APPROVES),
        (r"adopt", Relation.ADOPTS),
        (r"recogni[sz]", Relation.RECOGNIZES),
        (r"(?:emphasi[sz]|stress|underlin)", Relation.EMPHASIZES),
        (r"(?:acting\s+(?:under|in\s+accordance)|pursuant\s+to)", Relation.IMPLEMENTS),
    )
)


def relation_for(opening: str) -> Relation:
    """The relation a paragraph opening with ``opening`` has to what it cites: "Recalling also"
    gives ``RECALLS``, "Takes note with appreciation of" ``APPRECIATES``, anything else
    ``CITES``."""
    phrase = _ADVERBS.sub("", " ".join(opening.lower().split()))
    return next((relation for pattern, relation in _RELATIONS if pattern.match(phrase)),
                Relation.CITES)


# -- resolutions and decisions by number ---------------------------------------------------------

class _Shape(Enum):
    SESSION = "65/230"
    YEAR = "2012/19"
    SPECIAL = "S-32/1"
    EMERGENCY = "ES-10/21"
    ROMAN = "217 A (III)"
    COUNCIL = "1373 (2001)"


#: The body a number of each shape belongs to when nothing else says.
_DEFAULT_BODY = {_Shape.SESSION: "ga", _Shape.YEAR: "ecosoc", _Shape.SPECIAL: "ga",
                 _Shape.EMERGENCY: "ga", _Shape.ROMAN: "ga", _Shape.COUNCIL: "sc"}
#: The shapes a body numbers its resolutions and decisions in. Only the Economic and Social
#: Council and the old Commission on Human Rights number by year; the functional commissions
#: number by session ("Commission on Narcotic Drugs resolution 61/2").
_SHAPES = {
    "ga": {_Shape.SESSION, _Shape.ROMAN, _Shape.SPECIAL, _Shape.EMERGENCY},
    "sc": {_Shape.COUNCIL},
    "ecosoc": {_Shape.YEAR, _Shape.ROMAN},
    "chr": {_Shape.YEAR, _Shape.ROMAN},
    "hrc": {_Shape.SESSION, _Shape.SPECIAL},
    "trusteeship-council": {_Shape.ROMAN},
}
_OTHER_SHAPES = {_Shape.SESSION, _Shape.ROMAN, _Shape.SPECIAL}
_FIRST_YEAR = 1946
_FIRST_SESSION = 31  # the first session whose Assembly resolutions are numbered "31/1"
_OUTSIDE = ""  # the key of a body that is named but not in the registry


def _shape(m: re.Match[str]) -> _Shape:
    if m["special"]:
        return _Shape.EMERGENCY if m["special"].startswith("ES") else _Shape.SPECIAL
    if m["slash"]:
        return _Shape.YEAR if int(m["slash"].split("/")[0]) >= _FIRST_YEAR else _Shape.SESSION
    return _Shape.COUNCIL if m["year"] else _Shape.ROMAN


def _number(m: re.Match[str], *, parts: bool = True) -> str:
    """The number as the symbol grammar reads it: "217 A (III)", "67/234 B", "75/101 A-B"."""
    if m["special"] or m["slash"]:
        number = re.sub("[\u2010\u2011]", "-", m["special"] or m["slash"])
    else:
        part = f" {m['oldpart']}" if m["oldpart"] else ""
        session = re.sub("[\u2010\u2011]", "-", m["roman"] or m["year"])
        number = f"{m['old']}{part} ({session})"
    if m["part"] and parts:
        number += " " + re.sub(r"\s*(?:-|\s+and\s+)\s*", "-", m["part"])
    return number


def _fits(body: str, shape: _Shape, m: re.Match[str]) -> bool:
    """Whether ``body`` numbers its acts like ``m``. The Assembly numbered by session only from
    its thirty-first session (1976): "resolution 5/14" in an Assembly text is another body's."""
    if body == "ga" and shape is _Shape.SESSION and int(m["slash"].split("/")[0]) < _FIRST_SESSION:
        return False
    return shape in _SHAPES.get(body, _OTHER_SHAPES)


@dataclass
class _Context:
    """What the citation scanner knows about one string."""

    text: str
    citing_body: str | None
    relation: Relation
    sentence_starts: list[int]
    mentions: list[tuple[int, str]]  # (start, body key) of every full body name
    naming: list[tuple[int, str]]  # (start, body key) where a body is named as author of acts
    skipped: list[tuple[int, int]] = field(default_factory=list)  # read as part of a pinpoint

    def sentence(self, position: int) -> int:
        return bisect.bisect_right(self.sentence_starts, position)

    def sentence_start(self, position: int) -> int:
        index = self.sentence(position)
        return self.sentence_starts[index - 1] if index else 0

    def short_name_body(self, short: str, position: int) -> str | None:
        """The body a short name ("Council") points to at ``position``."""
        sentence = self.sentence(position)
        for start, key in reversed(self.mentions):
            if start < position and self.sentence(start) == sentence \
                    and short in BODIES[key].short_names:
                return key
        if self.citing_body and short in BODIES[self.citing_body].short_names:
            return self.citing_body
        return None

    def carried(self, position: int) -> str | None:
        """The body last named as the author of acts before ``position`` in its sentence
        (:data:`_OUTSIDE` for a body outside the registry)."""
        sentence = self.sentence(position)
        before = [(start, key) for start, key in self.naming
                  if start < position and self.sentence(start) == sentence]
        return max(before)[1] if before else None


def _finditer(pattern: re.Pattern[str], text: str, *words: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, skipped (no match) when ``text`` holds none of ``words``, one
    of which every match of ``pattern`` holds as written: a cheap test before a slow search."""
    if any(word in text for word in words):
        yield from pattern.finditer(text)


def _context(text: str, citing_body: str | None, relation: Relation) -> _Context:
    starts = [m.end() for m in rx.SENTENCE_END.finditer(text)]
    mentions: list[tuple[int, str]] = []
    naming: list[tuple[int, str]] = []
    for m in rx.BODY_MENTION.finditer(text) if rx.ANY_BODY_NAME.search(text) else ():
        key = rx.BODY_BY_NAME[rx.name_key(m["name"])]
        mentions.append((m.start("name"), key))
        if m["by"] or m["acts"]:
            naming.append((m.start("name"), key))
    registered = {start for start, _ in mentions}
    # (Each search below is skipped when the text lacks a word that every match holds.)
    naming += [(m.start("name"), _OUTSIDE) for m in _finditer(rx.ADOPTED_BY_OTHER, text, "by")
               if m.start("name") not in registered]
    return _Context(text, citing_body, relation, starts, mentions, naming)


def _named_elsewhere(text: str, start: int) -> bool:
    """Whether a capitalized word just before ``start`` makes the citation belong to a body that
    is not in the registry ("Environment Assembly resolution", "Conference resolution")."""
    before = rx.CAPITALIZED_WORD_BEFORE.search(text[max(0, start - 40):start])
    if before is None:
        return False
    head = text[: start - len(before.group(0))]
    return bool(head.strip()) and not head.rstrip().endswith((".", ";", ":", "(", "“", '"'))


def _owner_of_its(ctx: _Context, its_start: int) -> tuple[str | None, bool]:
    """The body "its" stands for, and whether the text names an owner outside the registry."""
    window = max(0, its_start - 120)
    owner = rx.OWNER_BEFORE.search(ctx.text[window:its_start])
    if owner is None:
        return ctx.citing_body, False
    if owner["body"]:
        return rx.BODY_BY_NAME[rx.name_key(owner["body"])], False
    if owner["short"] and not _named_elsewhere(ctx.text, window + owner.start("short")):
        return ctx.short_name_body(owner["short"], its_start), False
    return None, True


def _citations(ctx: _Context) -> tuple[list[Found], list[Unfound]]:
    found: list[Found] = []
    unfound: list[Unfound] = []
    text, position = ctx.text, 0
    for m in _finditer(rx.CITATION, text, "esolution", "ecision"):
        if m.start() < position:
            continue
        decision = m["word"].lower().startswith("decision")
        start = m.start("word") if m["its"] else m.start()
        explicit: str | None = None
        implied: str | None = None
        problem: str | None = None
        if m["body"]:
            explicit = rx.BODY_BY_NAME[rx.name_key(m["body"])]
        elif m["short"]:
            if _named_elsewhere(text, m.start()):
                problem = "cites a body that is not in the registry"
            else:  # the body last named with that short name, else by the number's shape
                explicit = ctx.short_name_body(m["short"], m.start())
        elif m["its"]:
            implied, outside = _owner_of_its(ctx, m.start())
            if outside:
                problem = "'its' refers to a body that is not in the registry"
            elif implied is None:
                problem = "'its' with no citing body"
        elif rx.PINPOINT_CHAIN_BEFORE.search(text, max(0, m.start() - 40), m.start()) \
                or _inside(m.start(), ctx.skipped):
            position = m.end()  # "chap. I, resolution 59/1": a pinpoint inside a cited report
            ctx.skipped.append((m.start(), m.end()))
            continue
        elif _named_elsewhere(text, m.start()):
            problem = "cites a body that is not in the registry"
        else:
            implied = ctx.carried(m.start())
            if implied == _OUTSIDE and _shape(m) is not _Shape.COUNCIL:  # only the Council
                problem = "cites a body that is not in the registry"  # numbers "1373 (2001)"
            implied = implied or ctx.citing_body
        named = explicit or (implied if m["its"] and implied != ctx.citing_body else None)
        if problem is not None and "registry" in problem:
            named = _OUTSIDE
        if named is not None:
            ctx.naming.append((m.start(), named))
        position = _list(ctx, m, start, explicit, implied, decision, problem, found, unfound)
    for m in rx.BARE_COUNCIL.finditer(text):  # "resolutions on Iraq, in particular 1500 (2003)"
        head = text[ctx.sentence_start(m.start()):m.start()]
        if re.search(r"\bresolutions\b", head) and not _inside(m.start(), ctx.skipped) \
                and not any(f.start <= m.start(_first_group(m)) < f.end for f in found):
            _list(ctx, m, m.start(_first_group(m)), None, None, False, None, found, unfound)
    return found, unfound


def _list(ctx: _Context, m: re.Match[str], start: int, explicit: str | None,
          implied: str | None, decision: bool, problem: str | None, found: list[Found],
          unfound: list[Unfound]) -> int:
    """Read the numbers of one citation, the first in ``m``; return where the citation ends."""
    text = ctx.text
    item: re.Match[str] | None = m
    first, end = True, m.end()
    while item is not None:
        begin = start if first else item.start(_first_group(item))
        end = item.end()
        if problem is not None:
            unfound.append(Unfound(begin, end, text[begin:end], UnresolvedKind.CITATION, problem))
        else:
            result = _one(ctx, item, begin, explicit, implied, decision, first)
            if isinstance(result, Found):
                found.append(result)
                end = result.end
            else:
                unfound.append(result)
        first = False
        item = _next_item(text, end, _shape(item))
    return end


def _next_item(text: str, end: int, shape: _Shape) -> re.Match[str] | None:
    """The next number of a list. After a describing clause, or after a bare space (a missing
    comma), only a dated number or a second Council number "2578 (2021) 2635 (2022)" is read."""
    item = rx.LIST_ITEM.match(text, end)
    if item is None:
        return None
    clause, sep = item["clause"], item["sep"].strip()
    if clause is not None and not sep and "entitled" not in clause:
        return None
    loose = not sep or (clause is not None and "entitled" not in clause)
    council = shape is _Shape.COUNCIL and _shape(item) is _Shape.COUNCIL
    if loose and not council and rx.DATE.match(text, item.end()) is None:
        return None
    return item


def _first_group(m: re.Match[str]) -> str:
    return next(name for name in ("special", "slash", "old") if m[name] is not None)


def _one(ctx: _Context, m: re.Match[str], start: int, explicit: str | None, implied: str | None,
         decision: bool, first: bool) -> Found | Unfound:
    """One number of a citation, resolved; ``start`` is where its span begins."""
    text, shape = ctx.text, _shape(m)
    body = explicit
    dated = rx.DATE.match(text, m.end())
    after = rx.OF_BODY_AFTER.match(text, dated.end() if dated else m.end())
    if after is not None and explicit is None:  # "resolution 51/32 of the Human Rights Council"
        if after["other"]:
            end = after.end()
            return Unfound(start, end, text[start:end], UnresolvedKind.CITATION,
                           "cites a body that is not in the registry")
        body = rx.BODY_BY_NAME[rx.name_key(after["body"])] if after["body"] \
            else ctx.short_name_body(after["short"], m.start())
    if body is not None and not _fits(body, shape, m) and _fits(_DEFAULT_BODY[shape], shape, m):
        body = _DEFAULT_BODY[shape]  # "General Assembly and Security Council resolutions 70/262"
    if body is None:
        body = next((b for b in (implied, _DEFAULT_BODY[shape]) if b and _fits(b, shape, m)),
                    None)
    if body is None:
        end = m.end()
        return Unfound(start, end, text[start:end], UnresolvedKind.CITATION,
                       "the number fits no body that the text names")
    end = dated.end() if dated else m.end()
    symbol = _symbol(body, m, decision)
    if isinstance(symbol, str):
        return Unfound(start, end, text[start:end], UnresolvedKind.SYMBOL, symbol)
    when: date | None = None
    if dated is not None:
        when = _date(dated)
        end = dated.end()
    pinpoint, start, end = _pinpoints(text, start, end, before=first)
    if when is None and pinpoint is not None:  # "45/248 B, section VI, of 21 December 1990"
        late = rx.DATE_AFTER_PINPOINT.match(text, end)
        if late is not None:
            when, end = _date(late), late.end()
    decided = symbol.kind is SymbolKind.DECISION
    kind = ReferenceKind.DECISION if decided else ReferenceKind.RESOLUTION
    return Found(start, end, text[start:end], kind, ctx.relation, target=symbol, date=when,
                 pinpoint=pinpoint)


def _symbol(body: str, m: re.Match[str], decision: bool) -> Symbol | str:
    """The symbol of number ``m`` of ``body``, or why there is none. Part letters the symbol
    grammar does not know ("53/77 AA") fall back to the resolution as a whole."""
    try:
        return resolution_symbol(body, _number(m), decision=decision)
    except SymbolError as error:
        if not m["part"]:
            return str(error)
        try:
            return resolution_symbol(body, _number(m, parts=False), decision=decision)
        except SymbolError:
            return str(error)


def _date(m: re.Match[str]) -> date | None:
    try:
        return date(int(m["dyear"]), rx.MONTHS.index(m["month"]) + 1, int(m["day"]))
    except ValueError:  # "31 June": keep the citation, drop the impossible date
        return None


def _pinpoints(text: str, start: int, end: int, *, before: bool) -> tuple[str | None, int, int]:
    """The pinpoints around ``text[start:end]`` and the span widened to cover them."""
    pins: list[str] = []
    if before:
        lead = rx.PINPOINT_BEFORE.search(text[max(0, start - 120):start])
        if lead is not None:
            pins.append(" ".join(lead["pre"].split()))
            start -= len(lead.group(0)) - lead.start("pre") + lead.start()
    tail = rx.PINPOINT_AFTER.match(text, end)
    if tail is not None:
        pins.append(" ".join(tail["pin"].split()))
        end = tail.end()
    return ("; ".join(pins) or None), start, end


# -- documents, instruments and reports ----------------------------------------------------------

def _documents(ctx: _Context) -> tuple[list[Found], list[Unfound]]:
    found: list[Found] = []
    unfound: list[Unfound] = []
    text = ctx.text
    for m in _finditer(rx.DOCUMENT, text, "/"):  # a symbol has parts after a slash
        start, end = m.span()
        if re.search(r"/(?:RES|DEC)/", m["symbol"], re.IGNORECASE):
            suffix = rx.RES_SUFFIX.match(text, end)
            end = suffix.end() if suffix else end
        try:
            symbol = parse_symbol(text[start:end])
        except SymbolError as error:
            unfound.append(Unfound(start, end, text[start:end], UnresolvedKind.SYMBOL, str(error)))
            continue
        kinds = {SymbolKind.RESOLUTION: ReferenceKind.RESOLUTION,
                 SymbolKind.DECISION: ReferenceKind.DECISION}
        kind = kinds.get(symbol.kind, ReferenceKind.DOCUMENT)
        joint = rx.JOINT_SYMBOL.match(text, end)  # the document's other symbol: keep the first
        end = joint.end() if joint else end
        pinpoint = None
        tail = rx.PINPOINT_IN_DOCUMENT.match(text, end)
        if tail is not None:
            pinpoint, end = " ".join(tail["pin"].split()), tail.end()
        found.append(Found(start, end, text[start:end], kind, ctx.relation, target=symbol,
                           pinpoint=pinpoint))
    return found, unfound


def _instruments(ctx: _Context) -> list[Found]:
    found: list[Found] = []
    for m in find_instruments(ctx.text):
        pinpoint, start, end = _pinpoints(ctx.text, m.start, m.end, before=True)
        found.append(Found(start, end, ctx.text[start:end], ReferenceKind.INSTRUMENT,
                           ctx.relation, instrument=m.entry.instrument, pinpoint=pinpoint))
    return found


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# A subject that points back rather than names ("the report of the Secretary-General on the
# matter"), and a subject cut at a comma inside a list ("on the environmental, social and ...").
_VAGUE_TOPIC = re.compile(r"(?:the\s+|this\s+)?(?:matter|subject|question|issue|item|topic)")
_LIST_GOES_ON = re.compile(r",\s+[a-z][\w-]*(?:\s+and\b|,)")


def _reports(ctx: _Context) -> list[Found]:
    found: list[Found] = []
    for m in _finditer(rx.REPORT_BY, ctx.text, "by"):
        name = " ".join(m["name"].split())
        author = rx.AUTHOR_BY_NAME[rx.name_key(m["author"])]
        found.append(_report(ctx, m.start("name"), m.end(), name, author, _slug(name)))
    for m in _finditer(rx.REPORT_OF, ctx.text, "report"):
        if re.search(r"\breport\b", m["topic"]) or _VAGUE_TOPIC.fullmatch(m["topic"]) \
                or _LIST_GOES_ON.match(ctx.text, m.end("name")):
            continue
        name = " ".join(m["name"].split())
        author = rx.AUTHOR_BY_NAME[rx.name_key(m["author"])]
        found.append(_report(ctx, m.start("name"), m.end("name"), name, author,
                             "report-on-" + _slug(m["topic"])))
    return found


def _report(ctx: _Context, start: int, end: int, name: str, author: str, slug: str) -> Found:
    """A report or study, keyed by its author and what it is about."""
    name = name[0].upper() + name[1:]
    instrument = Instrument(f"{author}-{slug}", name, InstrumentKind.REPORT, author=author)
    return Found(start, end, ctx.text[start:end], ReferenceKind.REPORT, ctx.relation,
                 instrument=instrument)


# -- putting it together -------------------------------------------------------------------------

def scan_text(text: str, *, citing_body: str | None, relation: Relation) -> Scan:
    """Every citation in ``text`` and every citation-looking text that does not resolve.

    ``citing_body`` is the registry key of the body whose text this is (it resolves "its
    resolution" and a bare "resolution 67/189"); ``relation`` is given to every citation."""
    ctx = _context(text, citing_body, relation)
    documents, bad_symbols = _documents(ctx)
    ctx.skipped += [(d.start, d.end) for d in documents]
    citations, unfound = _citations(ctx)
    kept: list[Found] = []
    for candidate in citations + documents + _instruments(ctx) + _reports(ctx):
        if not any(candidate.start < f.end and f.start < candidate.end for f in kept):
            kept.append(candidate)
    kept.sort(key=lambda f: (f.start, f.end))
    covered = [(f.start, f.end) for f in kept] + [(u.start, u.end) for u in unfound] + ctx.skipped
    unfound += [u for u in bad_symbols if not _inside(u.start, covered)]
    for m in _finditer(rx.UNRESOLVED_CITATION, text, "esolution", "ecision"):
        in_a_report = rx.IN_A_REPORT_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if not _inside(m.start("number"), covered) and in_a_report is None:
            unfound.append(Unfound(m.start(), m.end(), m.group(0), UnresolvedKind.CITATION,
                                   "no body and number this finder can resolve"))
    unfound.sort(key=lambda u: (u.start, u.end))
    return Scan(tuple(kept), tuple(unfound))


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def find_in_text(text: str, *, citing_body: str | None, relation: Relation) -> list[Found]:
    """Every citation in ``text``, with positions in ``text`` (see :func:`scan_text`)."""
    return list(scan_text(text, citing_body=citing_body, relation=relation).found)


def find_references(resolution: Resolution) -> Resolution:
    """A copy of ``resolution`` whose paragraphs and footnotes carry their references, whose
    ``instruments`` lists every instrument and report cited, and whose ``unresolved`` reports the
    citations that do not resolve."""
    instruments: dict[str, Instrument] = {i.key: i for i in resolution.instruments}
    unresolved: list[Unresolved] = list(resolution.unresolved)
    items: list[Paragraph | Footnote] = [*resolution.paragraphs, *resolution.footnotes]
    relations = [relation_for(item.opening) if isinstance(item, Paragraph) else Relation.CITES
                 for item in items]
    scans = [scan_text(item.text, citing_body=resolution.body, relation=relation)
             for item, relation in zip(items, relations, strict=True)]
    reports = {f.instrument.key: f.instrument for s in scans for f in s.found
               if f.kind is ReferenceKind.REPORT and f.instrument is not None}
    updated: list[Paragraph | Footnote] = []
    for index, item in enumerate(items):
        scan = scans[index]
        found = _restated_reports(item.text, scan.found, reports, relations[index])
        references = tuple(_reference(item, f) for f in found)
        for f in found:
            if f.instrument is not None:
                instruments.setdefault(f.instrument.key, f.instrument)
        unresolved += [Unresolved(u.kind, u.text, item.span_at(u.start, u.end), u.reason)
                       for u in scan.unresolved]
        updated.append(replace(item, references=references))
    count = len(resolution.preamble)
    paragraphs = [p for p in updated if isinstance(p, Paragraph)]
    return replace(
        resolution,
        preamble=tuple(paragraphs[:count]),
        operative=tuple(paragraphs[count:]),
        footnotes=tuple(f for f in updated if isinstance(f, Footnote)),
        instruments=tuple(instruments.values()),
        unresolved=tuple(unresolved),
    )


def _restated_reports(text: str, found: tuple[Found, ...], reports: dict[str, Instrument],
                      relation: Relation) -> tuple[Found, ...]:
    """Add later mentions of a study already named with its author elsewhere in the resolution:
    "Requests the Secretariat to translate the comprehensive study on cybercrime"."""
    extra: list[Found] = []
    for report in reports.values():
        if report.name.startswith("Report of"):
            continue  # "the report of the Secretary-General on X" is matched whole anyway
        first = report.name[0]
        pattern = re.compile(rf"(?<![\w-])[{first.lower()}{first.upper()}]"
                             rf"{rx.words(report.name[1:])}(?![\w-])")
        for m in pattern.finditer(text):
            if not any(m.start() < f.end and f.start < m.end() for f in (*found, *extra)):
                extra.append(Found(m.start(), m.end(), m.group(0), ReferenceKind.REPORT,
                                   relation, instrument=report))
    return tuple(sorted((*found, *extra), key=lambda f: (f.start, f.end)))


def _reference(item: Paragraph | Footnote, f: Found) -> Reference:
    return Reference(
        text=f.text, span=item.span_at(f.start, f.end), kind=f.kind, relation=f.relation,
        target=f.target, instrument=f.instrument.key if f.instrument else None, date=f.date,
        pinpoint=f.pinpoint,
    )
