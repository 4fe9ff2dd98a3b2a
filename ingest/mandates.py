"""Mandates: whom an operative paragraph asks to do what.

This stage owns the reading of requests. In each operative paragraph it finds the clauses that
address someone ("Requests the Secretariat to translate ...", "... and requests the Secretariat to
disseminate ...", "Invites Member States and other donors to provide ...", "Recommends to the
General Assembly that ...", old Security Council sub-items "(a) To call upon the parties concerned
to ..."), reads the addressees as the entity mentions that :mod:`unkg.ingest.entities` found, and
records one :class:`~unkg.ingest.models.Mandate` per addressee with the action asked of it.

A clause has the shape ``VERB ADDRESSEES [, parenthesis,] to ACTION`` (or ``: (a) ...``, or
``that ...``). Addressees are coordinated with commas, "and", "or" and "as well as"; a comma
followed by a preposition ("with the assistance of the Secretariat, as appropriate,") opens a
parenthesis whose mentions are not addressees. An addressee that is not a known entity becomes an
:class:`~unkg.ingest.models.Unresolved` item of kind ``MANDATE``. "Decides", "Takes note" and
"Welcomes" ask nothing of anyone, and neither does "Decides that all States shall ...".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from unkg.ingest.entities import resolve_entities
from unkg.ingest.models import (
    Mandate,
    MandateVerb,
    Mention,
    Paragraph,
    Resolution,
    Span,
    Unresolved,
    UnresolvedKind,
)

__all__ = ["find_mandates"]

#: Each mandate verb by its first four letters ("Requests", "call upon", "authorises").
_VERB_BY_STEM = {
    "requ": MandateVerb.REQUESTS, "invi": MandateVerb.INVITES, "urge": MandateVerb.URGES,
    "call": MandateVerb.CALLS_UPON, "enco": MandateVerb.ENCOURAGES, "auth": MandateVerb.AUTHORIZES,
    "reco": MandateVerb.RECOMMENDS, "dire": MandateVerb.DIRECTS, "appe": MandateVerb.APPEALS,
    "dema": MandateVerb.DEMANDS,
}

MANDATE_VERB = re.compile(
    r"""
    (?P<lead>
        ^\s*(?:\(?\w{1,5}[.)]\s+)?                           # the paragraph's start, its number
      | [,;]\s+(?:and\s+)?                                   # a clause break: ", and requests"
      | \s+and\s+                                            # "... meetings and requests"
      | \b[Dd]ecides\s+(?:also\s+|further\s+)?to\s+          # "Decides to request"
      | (?:^|[:;]\s*|\s)\(\w{1,5}\)\s+[Tt]o\s+               # an old sub-item: "(a) To call upon"
    )
    (?P<request>
      (?P<adverb>(?:(?i:also|further|again|once\s+again|strongly|urgently|earnestly|respectfully
                      |therefore|in\s+this\s+regard,?|in\s+that\s+regard,?
                      |in\s+this\s+context,?)\s+)*)
      (?P<verb>(?i:requests?|invites?|urges?|encourages?|authori[sz]es?|recommends?|directs?
                  |appeals?|demands?                         # Requests, requests, request
                  |calls?\s+(?:(?:once\s+)?again\s+|also\s+|further\s+)?(?:upon|on)))
      (?:\s+(?i:also|further|again|once\s+again|in\s+particular))*  # "Requests also"
    )
    (?=\s)
    """,
    re.VERBOSE,
)
_ANY_VERB = re.compile(r"(?i:request|invite|urge|call|encourag|authori|recommend|direct|appeal"
                       r"|demand)")
# "(c) To request the Secretary-General to ..." under "Decides:" asks; "(iv) To recommend
# measures", a task listed for a committee, does not.
_SUB_ITEM = re.compile(r"\(\w{1,5}\)\s+[Tt]o\s+$")
_SUB_ITEM_STEMS = frozenset({"requ", "invi", "call", "urge", "appe"})
# The "to" that opens the action: "to translate"; not "to the Convention", "to all".
_INFINITIVE = re.compile(
    r""",?\s+(?P<to>to)\s+
        (?!(?:the|a|an|all|its|their|this|these|those|his|her|each|any|such|both|which|whom
            |what|date|that|it|them|him|us|every|some|other|resolutions?|decisions?
            |paragraphs?|articles?|annex)\b)
        (?=[a-z])
    """,
    re.VERBOSE,
)
# "pursuant to", "with regard to": a "to" that is no infinitive.
_PREPOSITION_TO = re.compile(
    r"\b(?:pursuant|according|prior|due|contrary|related|relating|regard|respect|addition|owing"
    r"|close|access|as)\s$")
_COLON = re.compile(r"\s*:")
_THAT = re.compile(r",?\s+(?P<that>that)\s+")
_TO = re.compile(r"\s*to\s+")  # "Appeals to all States", "Recommends to the General Assembly"
_THAT_FIRST = re.compile(r"\s*that\s+")  # "Demands that all parties ..."
# How addressees are joined: "Member States and other donors", "States, as well as".
_SEPARATOR = re.compile(
    r",\s+(?:and|or)\s+|,?\s+and/or\s+|\s+and\s+(?:upon\s+)?|\s+or\s+|,?\s+as\s+well\s+as\s+|,\s+")
# Words that may stand before an addressee's name: "all relevant", "other", "nuclear-weapon".
_LEADING = re.compile(
    r"""(?:(?i:the|all|other|relevant|interested|concerned|those|these|any|each|such|its|their
               |respective|individual|remaining|several|some|both|affected|neighbouring|upon
               |also|[a-z]+(?:-[a-z]+)+)\s+)*""",
    re.VERBOSE,
)
# "national and international organizations": "national" shares the head of what follows.
_LONE_ADJECTIVE = re.compile(r"[a-z]+(?:-[a-z]*)*")
# A clause of the resolution's own voice that ends an action: "..., and stresses the need".
_NEXT_CLAUSE = re.compile(
    r"""(?:[,;]\s+(?:and\s+)?|\s+and\s+)(?:also\s+|further\s+|in\s+this\s+regard,?\s+)?
        (?:stresses|decides|notes|welcomes|recognizes|emphasizes|underlines|reaffirms|takes\s+note
          |expresses|acknowledges|affirms|reiterates|recalls|commends|condemns|deplores|regrets
          |supports|endorses|approves|declares|agrees|looks\s+forward|underscores|highlights
          |invites|requests|urges|encourages|calls\s+upon|authorizes|recommends|demands)\b""",
    re.VERBOSE,
)
_PREPOSITION = re.compile(r"(?:of|in|for|to|by|with|from|on|at|through|within|under)\b")
# A proper name that opens a that-clause: "South Africa", "the Government of Portugal".
_NAME = re.compile(r"(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:(?:of|the|and|for)\s+)*[A-Z][\w’'-]*)*")
_RELATIVE = re.compile(r"\b(?:that|which|who|whose|whom)\b")
_TRAILING_ADVERB = re.compile(r"(?:\s+(?:forthwith|again|also|further|[a-z]+ly))+$")
_PASSIVE = re.compile(r"\b(?:be|is|are|was|were|been)\b")
_THAT_SUBJECT_END = re.compile(r",|\s+(?:should|shall|must|will|would|may|be|to|continue)\b")
# A first word that makes a phrase a thing, not someone: "Encourages efforts to ...", unless
# the phrase names someone after all ("development organizations").
_THING = re.compile(
    r"""^(?!.*\b(?:organi[sz]ations?|institutions?|associations?|foundations|corporations
              |communities|authorities|entities|agencies|commissions?|committees?|partners
              |actors|bodies|countries|banks|programmes|Governments|providers)\b)
        (?:[a-z]+(?:tions?|ments?|ances?|ences?|ity|ities|ings?|isms?|sis|ness)
          |efforts|work|use|resources|contributions|support|measures|steps|action|actions
          |attention|consideration|progress|reports?|comments|proposals|views|information
          |assistance|funding|funds|it|them|him|her|this|that|these|those|further|more|greater
          |full|continued|increased|enhanced|voluntary|close|closer|broad|wide|timely)\b""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Part:
    start: int
    end: int
    separator: str  # what joined it to the part before ("" for the first)


def find_mandates(resolution: Resolution) -> Resolution:
    """Fill :attr:`Paragraph.mandates` of every operative paragraph; addressees that are not
    known entities go to ``Resolution.unresolved`` (kind ``MANDATE``).

    Reads the entity mentions of :func:`~unkg.ingest.entities.resolve_entities`, and runs that
    stage first when the resolution has no entities yet.
    """
    if not resolution.entities:
        resolution = resolve_entities(resolution)
    operative: list[Paragraph] = []
    unresolved = [u for u in resolution.unresolved if u.kind is not UnresolvedKind.MANDATE]
    for paragraph in resolution.operative:
        mandates, lost = _read(paragraph)
        operative.append(replace(paragraph, mandates=tuple(mandates)))
        unresolved += lost
    return replace(resolution, operative=tuple(operative), unresolved=tuple(unresolved))


def _span(paragraph: Paragraph, start: int, end: int) -> Span:
    return paragraph.span_at(start, end) if paragraph.offsets else paragraph.span


def _read(paragraph: Paragraph) -> tuple[list[Mandate], list[Unresolved]]:
    text = paragraph.text
    if not _ANY_VERB.search(text):
        return [], []
    starts = _mention_starts(paragraph)
    verbs = [m for m in MANDATE_VERB.finditer(text) if not _inside(m.start("verb"), starts)
             and not (_SUB_ITEM.search(m.group("lead"))
                      and m.group("verb")[:4].lower() not in _SUB_ITEM_STEMS)]
    clause = _Clause(paragraph, starts)
    for n, found in enumerate(verbs):
        end = verbs[n + 1].start() if n + 1 < len(verbs) else len(text)
        verb = _VERB_BY_STEM[found.group("verb")[:4].lower()]
        pos = found.end()
        if (that := _THAT_FIRST.match(text, pos)) is not None:
            clause.that_form(verb, found.start("request"), that.end(), end)
            continue
        if verb in (MandateVerb.APPEALS, MandateVerb.RECOMMENDS) and (to := _TO.match(text, pos)):
            pos = to.end()
        semicolon = text.find(";", pos, end)
        marker = _marker(text, pos, semicolon if semicolon >= 0 else end, starts,
                         after_to=pos != found.end())
        if marker is not None:
            parts = _addressees(text, pos, marker.start(), starts)
            clause.addressed(verb, found.start("request"), parts, _action_start(marker), end)
    return clause.mandates, clause.lost


def _mention_starts(paragraph: Paragraph) -> dict[int, Mention]:
    """The paragraph's mentions by their start in ``paragraph.text``."""
    offsets = paragraph.offsets
    found: dict[int, Mention] = {}
    for mention in paragraph.mentions:
        i = bisect_left(offsets, mention.span.start)
        if i < len(offsets) and offsets[i] == mention.span.start:
            found[i] = mention
    return found


def _inside(position: int, starts: dict[int, Mention]) -> bool:
    """Whether ``position`` falls inside a mention (the "to" of "expert group to conduct")."""
    return any(s < position < s + len(m.text) for s, m in starts.items())


def _marker(text: str, pos: int, end: int, starts: dict[int, Mention],
            after_to: bool) -> re.Match[str] | None:
    """Where the addressees end: the first "to" + verb, colon or (after "to") "that"."""
    found: list[re.Match[str]] = []
    for pattern in (_INFINITIVE, _COLON, *((_THAT,) if after_to else ())):
        match = next((m for m in pattern.finditer(text, pos, end)
                      if not _inside(m.end() - 1, starts)
                      and not _PREPOSITION_TO.search(text, pos, m.start() + 1)), None)
        if match is not None:
            found.append(match)
    return min(found, key=lambda m: m.start()) if found else None


def _action_start(marker: re.Match[str]) -> int:
    """The action opens with its "to" or "that", or after a colon."""
    for group in ("to", "that"):
        if group in marker.re.groupindex:
            return marker.start(group)
    return marker.end()


def _addressees(text: str, start: int, end: int, starts: dict[int, Mention]) -> list[_Part]:
    """The addressee phrase split at its separators, but not inside a name: neither inside a
    mention ("Office on Drugs and Crime") nor between two capitalised words ("Food and
    Agriculture Organization", "Educational, Scientific and Cultural Organization")."""
    parts: list[_Part] = []
    pos, separator = start, ""
    for match in _SEPARATOR.finditer(text, start, end):
        if _inside(match.start(), starts) or _joins_name(text, match, starts):
            continue
        parts.append(_Part(pos, match.start(), separator))
        pos, separator = match.end(), match.group()
    parts.append(_Part(pos, end, separator))
    return [_Part(p.start + len(written) - len(written.lstrip()), p.end, p.separator)
            for p in parts if (written := text[p.start:p.end]).strip()]


def _joins_name(text: str, separator: re.Match[str], starts: dict[int, Mention]) -> bool:
    before = text[:separator.start()].rsplit(None, 1)[-1:] or [""]
    after = text[separator.end():].split(None, 1)[:1] or [""]
    if before[0].endswith("-"):
        return True  # "troop- and police-contributing countries"
    ends = {s + len(m.text) for s, m in starts.items()}
    return (before[0][:1].isupper() and after[0][:1].isupper()
            and separator.start() not in ends and separator.end() not in starts)


def _action_end(text: str, start: int, clause_end: int) -> int:
    """The end of an action: before the next clause ("..., and stresses"), its "and" and the
    closing punctuation."""
    following = _NEXT_CLAUSE.search(text, start, clause_end)
    end = following.start() if following else clause_end
    while True:
        stripped = text[start:end].rstrip(" \t\n,;.:")
        if stripped.endswith(" and"):
            stripped = stripped[:-4]
        if len(stripped) == end - start:
            return end
        end = start + len(stripped)


class _Clause:
    """Collects the mandates and unresolved addressees of one paragraph's clauses."""

    def __init__(self, paragraph: Paragraph, starts: dict[int, Mention]) -> None:
        self.paragraph = paragraph
        self.text = paragraph.text
        self.starts = starts
        self.mandates: list[Mandate] = []
        self.lost: list[Unresolved] = []

    def addressed(self, verb: MandateVerb, verb_start: int, parts: list[_Part], action_start: int,
                  clause_end: int) -> None:
        """``VERB ADDRESSEES to ACTION``: each part is a known entity, a parenthesis that ends
        the addressees, a thing ("Encourages efforts to ..."), or an unknown addressee."""
        end = _action_end(self.text, action_start, clause_end)
        action = self.text[action_start:end]
        for n, part in enumerate(parts):
            written = self.text[part.start:part.end].strip()
            mention = self._mention_at(part)
            if mention is not None:
                self._mandate(verb, mention, written, action, verb_start, end)
                if _RELATIVE.search(written):
                    break  # "States that have not yet ratified or acceded to it"
            elif n > 0 and part.separator.strip() == "," and _opens_parenthesis(written):
                break  # ", with the assistance of the Secretariat, as appropriate,"
            elif _PREPOSITION.match(written):
                break  # "the executive heads of the specialized agencies": not a new addressee
            elif _THING.match(written, _after_leading(written)):
                if n == 0:
                    break  # "Invites voluntary contributions to the Force in cash and ..."
            elif not (_LONE_ADJECTIVE.fullmatch(written, _after_leading(written))
                      and self._shares_head(parts, n)):
                self._lose(verb, part)

    def that_form(self, verb: MandateVerb, verb_start: int, start: int, clause_end: int) -> None:
        """``VERB that SUBJECTS ACTION`` ("Demands that all parties cease ..."): the subjects
        are addressees; a passive clause ("Requests that the report be issued") has none."""
        limit = _THAT_SUBJECT_END.search(self.text, start, clause_end)
        parts = _addressees(self.text, start, limit.start() if limit else clause_end,
                            self.starts)
        found: list[tuple[_Part, Mention]] = []
        for part in parts:
            mention = self._mention_at(part)
            if mention is None:
                break
            found.append((part, mention))
        if not found:
            name = _NAME.match(self.text, start)
            if name and not _PASSIVE.search(self.text, start, clause_end):
                self._lose(verb, _Part(start, name.end(), ""))  # "Demands that South Africa"
            return
        action_start = self.text.rindex("that", 0, start)
        end = _action_end(self.text, action_start, clause_end)
        for part, mention in found:
            written = self.text[part.start:self._mention_end(part, mention)]
            self._mandate(verb, mention, written, self.text[action_start:end], verb_start, end)

    def _shares_head(self, parts: list[_Part], n: int) -> bool:
        """Whether part ``n`` is an adjective sharing the head of the next part ("national and
        international organizations")."""
        if n + 1 >= len(parts):
            return False
        following = self.text[parts[n + 1].start:parts[n + 1].end].strip()
        return not (parts[n + 1].separator.strip() == "," and _opens_parenthesis(following))

    def _mention_at(self, part: _Part) -> Mention | None:
        """The mention a part opens with, after words like "all", "the", "other", "relevant"."""
        first = min((p for p in self.starts if part.start <= p < part.end), default=None)
        if first is None or not _LEADING.fullmatch(self.text, part.start, first):
            return None
        return self.starts[first]

    def _mention_end(self, part: _Part, mention: Mention) -> int:
        first = min(p for p in self.starts if part.start <= p < part.end)
        return first + len(mention.text)

    def _mandate(self, verb: MandateVerb, mention: Mention, written: str, action: str,
                 start: int, end: int) -> None:
        self.mandates.append(Mandate(verb, mention.entity, _TRAILING_ADVERB.sub("", written),
                                     action, _span(self.paragraph, start, end)))

    def _lose(self, verb: MandateVerb, part: _Part) -> None:
        written = self.text[part.start:part.end].strip()
        start = part.start + self.text[part.start:part.end].index(written)
        self.lost.append(Unresolved(
            UnresolvedKind.MANDATE, written, _span(self.paragraph, start, start + len(written)),
            f"the addressee of '{verb.value}' is not a known body or actor"))


def _after_leading(written: str) -> int:
    """Where a phrase's words like "all", "other", "relevant" end."""
    lead = _LEADING.match(written)
    return lead.end() if lead else 0


def _opens_parenthesis(written: str) -> bool:
    """"with the assistance of ...", "as appropriate", "in particular ...": not an addressee."""
    lead = _LEADING.match(written)
    return written[:1].islower() and (lead is None or not lead.group())
