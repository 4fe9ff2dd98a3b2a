"""Bodies and actors: every place a resolution names one, and each of them listed once.

This stage owns the question "who is this?". It reads the paragraphs and then the footnotes of a
:class:`~unkg.ingest.models.Resolution` in document order, records a
:class:`~unkg.ingest.models.Mention` for every name of a body or actor, and fills
``Resolution.entities`` with each entity once: the adopting body, every entity named, and the
bodies above them (ECOSOC for the Commission on Crime Prevention and Criminal Justice).

Three kinds of names are read, following UN editorial conventions:

* registry names and acronyms from :mod:`unkg.graph.bodies` ("Commission on Crime Prevention and
  Criminal Justice", "Member States and other donors" gives two), longest first;
* short names ("the Assembly", "the Commission", "the Council"), which point back to the body most
  recently named with that short name, else to the adopting body when the short name fits it,
  else, for "the Assembly", to the General Assembly;
* expert and working groups, ad hoc committees and panels of experts that a body creates. They are
  not in the registry. A full name ("open-ended intergovernmental expert group to conduct a
  comprehensive study of the problem of cybercrime") creates an entity of kind ``EXPERT_GROUP``;
  another spelling joins it when the content words of one contain the other's ("Expert Group to
  Conduct a Comprehensive Study on Cybercrime"); anaphors ("the Expert Group", "the Group", "the
  group", "the Expert Group's") point back to the group of that kind named last. Its parent is the
  body that established it ("established by the Commission", "under whose aegis ... was
  established", "requested the Commission ... to establish"), by default the adopting body.

A mention's text and span cover the name without its article or possessive: "Assembly" in "the
Assembly", "open-ended intergovernmental Expert Group" in "the open-ended intergovernmental Expert
Group", "Expert Group" in "the Expert Group’s" (names whose registry form has one, "the parties
concerned", keep it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum

from unkg.graph.bodies import BODIES, EntityKind, ancestors
from unkg.ingest.models import Entity, Footnote, Mention, Paragraph, Resolution, Span

__all__ = ["resolve_entities"]

# -- registry names ------------------------------------------------------------------------------

_NAME_TO_KEY: dict[str, str] = {}
for _row in BODIES.values():
    for _name in (_row.name, *_row.names):
        _NAME_TO_KEY.setdefault(" ".join(_name.split()), _row.key)
_ACRONYM_TO_KEY = {row.acronym: row.key for row in BODIES.values()
                   if row.acronym and len(row.acronym) >= 3}
_SHORT_NAMES = sorted({s for row in BODIES.values() for s in row.short_names},
                      key=len, reverse=True)


_PLAIN = str.maketrans({"\u2010": "-", "\u2011": "-", "’": "'"})


def _literal(name: str) -> str:
    """A name as a pattern: any whitespace between its words, and a lower-case first letter that
    may be capitalised ("Civil society" opening a sentence)."""
    first = f"[{name[0]}{name[0].upper()}]" if name[0].islower() else re.escape(name[0])
    rest = r"\s+".join(re.escape(word) for word in name[1:].split(" "))
    # Non-breaking hyphens ("Secretary‑General") and curly apostrophes ("Children’s") too.
    return first + rest.replace(r"\-", "[-\u2010\u2011]").replace("'", "['’]")


def _by_first_letter(names: list[str]) -> str:
    """The alternation of ``names`` as :func:`_literal` patterns, in their order, gathered under
    their first letter (a name that may be capitalised under both): only names that start alike
    can match at one place, so their order there is kept, and the engine tests a few letters at
    each place rather than every name."""
    groups: dict[str, list[str]] = {}
    for name in names:
        pattern = _literal(name)
        lower = name[0].islower()
        rest = pattern[len(f"[{name[0]}{name[0].upper()}]" if lower else re.escape(name[0])):]
        for first in (name[0], name[0].upper()) if lower else (name[0],):
            groups.setdefault(re.escape(first), []).append(rest)
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


REGISTRY_NAME = re.compile(
    r"(?<![\w-])(?:"
    + _by_first_letter(sorted(_NAME_TO_KEY, key=len, reverse=True))  # longest first
    + r")(?![\w-])"
)
# An acronym standing alone, not a part of a symbol such as UNODC/CCPCJ/EG.4/2011/3.
ACRONYM = re.compile(
    r"(?<![\w/.-])(?:" + "|".join(map(re.escape, sorted(_ACRONYM_TO_KEY, key=len, reverse=True)))
    + r")(?![\w/-])"
)
# "States" is the tail of a longer proper name when a capitalised word ("United States", "Arab
# States") or "developing" ("small island developing States") comes right before it.
_GENERIC = frozenset({"States"})
_WORD_BEFORE = re.compile(r"(?P<word>[\w’'-]+)\s+$")
# "Urges States" and "1. Urges States" open a paragraph with a capitalised verb.
_OPENING_WORD = re.compile(r"\s*(?:\(?\w{1,5}[.)]\s+)?[A-Z][\w-]*\s+$")

# -- groups a body creates -----------------------------------------------------------------------

_QUALIFIER = r"""(?i:open[-\u2010\u2011]\s?ended|intergovernmental|ad\s+hoc|informal|independent
                    |high-level|technical|international|preparatory|special|standing)"""

GROUP = re.compile(
    rf"""
    (?<![\w-])
    (?P<det>(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]his|[Tt]hat)\s+)?       # article or determiner
    (?P<qual>(?:{_QUALIFIER}\s+)*)                             # open-ended intergovernmental
    (?P<head>
        (?i:expert)\s+(?i:group)                               # expert group, Expert Group
      | (?i:working)\s+(?i:group)                              # working group, Working Group
      | (?i:group)\s+of\s+(?i:(?:governmental\s+|independent\s+|eminent\s+)?experts)
      | (?i:panel)\s+of\s+(?i:experts)                         # Panel of Experts
      | (?i:ad\s+hoc\s+committee)                              # Ad Hoc Committee
    )
    (?![\w-])                                                  # not "working groups"
    (?!\s+(?:meetings?|sessions?)\b)                           # not "expert group meeting"
    (?P<poss>['’]s(?!\w))?                                     # the Expert Group's
    """,
    re.VERBOSE,
)
# A word every GROUP match holds (with the same case folding): a cheap test before the search.
_GROUP_WORD = re.compile(r"(?i:group|panel|committee)")
# What opens a group's name after its head: "to conduct", "on Cybercrime", "of the Whole", "III".
_TAIL_START = re.compile(
    r"""
      \s+(?:
          (?P<to>to)(?=\s+(?!(?:the|a|an|its|their|all|this|these|those)\b)\w)  # to + a verb
        | (?P<prep>on | of | for | against)                                    # + a topic
      )\s+
    | \s+(?P<roman>[IVX]+)(?![\w-])                                           # Working Group III
    """,
    re.VERBOSE,
)
_WORD = re.compile(r"[\w’'/\u2010\u2011-]+")
# Small words a capitalised name runs through ("Study on Cybercrime", "Declaration and Programme").
_GLUE = frozenset({"of", "on", "the", "a", "an", "and", "or", "for", "to", "in", "against", "with"})
# Words that end a lower-case descriptive name ("... of the problem of cybercrime and responses").
_STOP = frozenset({
    "and", "or", "and/or", "established", "created", "convened", "mandated", "under",
    "which", "that", "who", "whose", "with", "at", "in", "by", "as", "including", "during",
    "since", "pursuant", "through", "from", "until", "within", "was", "were", "is", "are", "has",
    "have", "had", "shall", "should", "will", "would", "may", "can", "its", "their", "his", "her",
    "be", "been", "also", "whereby", "where", "when", "while", "following", "held", "for",
})
_NOT_A_VERB = frozenset({"the", "a", "an", "its", "their", "all", "this", "these", "those", "it"})
_MAX_WORDS = 16
# A mandate verb right before a group ("Requests the working group to report"): the "to" opens
# the request, not a name.
_MANDATE_BEFORE = re.compile(
    r"(?i:requests?|invites?|urges?|calls\s+upon|encourages?|authorizes?|directs?)\s+\S+\s+$")

# "the Commission", "the Group": a short name or a group anaphor.
SHORT = re.compile(
    r"(?<![\w-])[Tt]he\s+(?P<word>"
    + "|".join(r"\s+".join(map(re.escape, s.split())) for s in _SHORT_NAMES)
    + r"|Group|group|Panel)(?P<poss>['’]s(?!\w))?(?![\w-])"
    r"(?!\s+(?:of|on|for)\s+(?:the\s+)?[A-Z0-9])"  # not "the Council of Europe", "the Group of 77"
)
_GROUP_OF = re.compile(r"\s+of\b")  # "the group of States" is not an anaphor

# Evidence of the body that established a group.
_ESTABLISHED_BY = re.compile(
    r"""\s*,?\s*(?:(?:which|that)\s+(?:was|were|is|are|has\s+been|have\s+been)\s+)?  # which was
        (?:established|created|set\s+up|convened)\s+                                # established
        (?:by|pursuant\s+to|under|in\s+accordance\s+with|in)\s+                     # by
    """,
    re.VERBOSE,
)
_OF_BODY = re.compile(r"\s+of\s+")  # "... of the Human Rights Council"
_AEGIS = re.compile(r",?\s+under\s+whose\s+(?:aegis|auspices)\s+(?:the\s+)?$")
_TO_ESTABLISH = re.compile(r"\bto\s+(?:establish|create|set\s+up|convene)\b")
_DECIDED = re.compile(r"\b(?:decided|decides|decide|agreed|agrees)\s+(?:\w+\s+)?$")
_PARENT_KINDS = frozenset({EntityKind.PRINCIPAL_ORGAN, EntityKind.SUBSIDIARY_BODY,
                           EntityKind.OFFICE, EntityKind.SECRETARIAT})

#: The words a group of each head is called by later, for anaphors.
_HEAD_WORDS: dict[str, tuple[str, ...]] = {
    "expert group": ("expert group", "group"),
    "working group": ("working group", "group"),
    "group of experts": ("group of experts", "group"),
    "panel of experts": ("panel of experts", "panel"),
    "ad hoc committee": ("ad hoc committee", "committee"),
}


def _head(written: str) -> str:
    flat = " ".join(written.lower().split())
    return "group of experts" if flat.startswith("group of") else flat


class _Found(Enum):
    NAME = "name"  # a registry name or acronym
    GROUP = "group"  # a group's name or a group anaphor with its head ("the Expert Group")
    SHORT = "short"  # "the Commission", "the Group"


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    found: _Found
    key: str = ""  # the registry key of a name
    match: re.Match[str] | None = None


@dataclass
class _Form:
    text: str
    named: bool  # a full name, not an anaphor
    capitalised: bool  # written as a proper name: "Expert Group to Conduct ..."


@dataclass
class _Group:
    """A group created by a body, gathered over its spellings (mutable while reading)."""

    head: str
    tokens: frozenset[str]
    forms: list[_Form] = field(default_factory=list)
    parent: str | None = None  # a registry key, or "#n" for another group
    seen: int = 0


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    ref: str  # a registry key, or "#n" for the n-th group


@dataclass
class _State:
    """What the text read so far has established."""

    adopting: str | None
    groups: list[_Group] = field(default_factory=list)
    recent: dict[str, str] = field(default_factory=dict)  # a short word -> the ref it means now
    clock: int = 0

    def saw(self, ref: str) -> None:
        self.clock += 1
        if ref.startswith("#"):
            group = self.groups[int(ref[1:])]
            group.seen = self.clock
            for word in _HEAD_WORDS[group.head]:
                self.recent[word] = ref
        elif ref in BODIES:
            for short in BODIES[ref].short_names:
                self.recent[" ".join(short.lower().split())] = ref


# -- the stage -----------------------------------------------------------------------------------


def resolve_entities(resolution: Resolution) -> Resolution:
    """Record every mention of a body or actor and list each entity once.

    Mentions go to :attr:`Paragraph.mentions` and :attr:`Footnote.mentions` in text order.
    ``Resolution.entities`` lists the adopting body first, then every entity in the order the
    text first names it, then the bodies above them that the text does not name.
    """
    state = _State(adopting=resolution.body)
    paragraph_hits = [_read(p.text, state) for p in resolution.paragraphs]
    footnote_hits = [_read(f.text, state) for f in resolution.footnotes]
    keys = _group_keys(state.groups)

    def key(ref: str) -> str:
        return keys[int(ref[1:])] if ref.startswith("#") else ref

    def mentions(item: Paragraph | Footnote, hits: list[_Hit]) -> tuple[Mention, ...]:
        return tuple(Mention(key(h.ref), item.text[h.start:h.end], _span(item, h.start, h.end))
                     for h in hits)

    paragraphs = [replace(p, mentions=mentions(p, h))
                  for p, h in zip(resolution.paragraphs, paragraph_hits, strict=True)]
    footnotes = tuple(replace(f, mentions=mentions(f, h))
                      for f, h in zip(resolution.footnotes, footnote_hits, strict=True))

    named = [key(h.ref) for hits in (*paragraph_hits, *footnote_hits) for h in hits]
    pending = list(dict.fromkeys([*([resolution.body] if resolution.body else []), *named]))
    entities: dict[str, Entity] = {}
    while pending:
        wanted = pending.pop(0)
        entity = None if wanted in entities else _entity(wanted, state, keys)
        if entity is not None:
            entities[wanted] = entity
            pending += [entity.parent] if entity.parent else []
            pending += ancestors(wanted) if wanted in BODIES else ()

    n = len(resolution.preamble)
    return replace(resolution, preamble=tuple(paragraphs[:n]), operative=tuple(paragraphs[n:]),
                   footnotes=footnotes, entities=tuple(entities.values()))


def _span(item: Paragraph | Footnote, start: int, end: int) -> Span:
    """The original span of ``item.text[start:end]`` (the whole item when it has no offset map)."""
    return item.span_at(start, end) if item.offsets else item.span


def _entity(key: str, state: _State, keys: list[str]) -> Entity | None:
    if key in BODIES:
        row = BODIES[key]
        return Entity(row.key, row.name, row.kind, row.parent, row.acronym)
    if key not in keys:
        return None
    group = state.groups[keys.index(key)]
    parent = group.parent or state.adopting
    if parent is not None and parent.startswith("#"):
        parent = keys[int(parent[1:])]
    return Entity(key, _canonical(group), EntityKind.EXPERT_GROUP, parent)


# -- reading one paragraph or footnote -----------------------------------------------------------


def _read(text: str, state: _State) -> list[_Hit]:
    """Every mention in one text, resolved in text order against what came before."""
    candidates = [_Candidate(m.start(), m.end(), _Found.NAME, _registry_key(m.group()))
                  for m in REGISTRY_NAME.finditer(text) if _stands_alone(text, m)]
    candidates += [_Candidate(m.start(), m.end(), _Found.NAME, _ACRONYM_TO_KEY[m.group()])
                   for m in ACRONYM.finditer(text)]
    cuts = sorted(c.start for c in candidates)
    for match in GROUP.finditer(text) if _GROUP_WORD.search(text) else ():
        limit = next((c for c in cuts if c >= match.end("head")), len(text))
        end = _tail_end(text, match, limit)
        candidates.append(_Candidate(match.start("qual"), end, _Found.GROUP, match=match))
    kept = _leftmost_longest(candidates)
    for match in SHORT.finditer(text):
        if not any(c.start < match.end() and match.start() < c.end for c in kept):
            kept.append(_Candidate(match.start("word"), match.end("word"), _Found.SHORT,
                                   match=match))
    kept.sort(key=lambda c: c.start)

    hits: list[_Hit] = []
    for candidate in kept:
        ref, end = _resolve(text, candidate, state)
        if ref is not None:
            hits.append(_Hit(candidate.start, end, ref))
            state.saw(ref)
    for candidate, hit in ((c, h) for c in kept for h in hits if h.start == c.start):
        if candidate.found is _Found.GROUP and hit.ref.startswith("#"):
            group = state.groups[int(hit.ref[1:])]
            if group.parent is None:
                group.parent = _parent(text, hit, hits, state)
    return hits


def _registry_key(written: str) -> str:
    flat = " ".join(written.split()).translate(_PLAIN)
    return _NAME_TO_KEY.get(flat) or _NAME_TO_KEY[flat[0].lower() + flat[1:]]


def _stands_alone(text: str, match: re.Match[str]) -> bool:
    """Whether a generic name ("States") is not the tail of a longer one ("United States")."""
    if match.group() not in _GENERIC:
        return True
    before = text[:match.start()]
    word = _WORD_BEFORE.search(before)
    if word is None or word.group("word") == "developing":
        return word is None
    return not word.group("word")[0].isupper() or _OPENING_WORD.fullmatch(before) is not None


def _leftmost_longest(candidates: list[_Candidate]) -> list[_Candidate]:
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if not kept or candidate.start >= kept[-1].end:
            kept.append(candidate)
    return kept


def _resolve(text: str, candidate: _Candidate, state: _State) -> tuple[str | None, int]:
    """What a candidate refers to, and where its mention ends."""
    if candidate.found is _Found.NAME:
        return candidate.key, candidate.end
    assert candidate.match is not None
    if candidate.found is _Found.GROUP:
        return _group_ref(text, candidate, state)
    return _short_ref(text, candidate.match, state), candidate.end


def _short_ref(text: str, match: re.Match[str], state: _State) -> str | None:
    """"the Commission": the body last named so; else the adopting body; "the Assembly": the GA."""
    word = " ".join(match.group("word").lower().split())
    if word == "group" and _GROUP_OF.match(text, match.end()):
        return None
    ref = state.recent.get(word)
    if ref is not None or word in ("group", "panel"):
        return ref
    if state.adopting in BODIES and word in (s.lower() for s in BODIES[state.adopting].short_names):
        return state.adopting
    return "ga" if word == "assembly" else None


def _tail_end(text: str, match: re.Match[str], limit: int) -> int:
    """Where a group's name ends: after its head, or after the words of its name."""
    head_end = match.end("head")
    tail = _TAIL_START.match(text, head_end)
    if match.group("poss") or tail is None:
        return head_end
    if tail.group("roman"):
        return tail.end() if tail.end() <= limit else head_end
    words: list[re.Match[str]] = []
    previous = tail.end()
    for word in _WORD.finditer(text, tail.end(), limit):
        gap = text[previous:word.start()].strip()
        if gap and not (gap == "," and word.group()[:1].isupper() and words):
            break  # punctuation ends a name, but for "on Illegal, Unreported and Unregulated"
        words.append(word)
        previous = word.end()
    content = [w.group() for w in words if w.group() not in _GLUE]
    capitalised = bool(content) and content[0][0].isupper()
    if not capitalised and (tail.group("prep") in ("for", "against") or (
            tail.group("to") and _MANDATE_BEFORE.search(text[:match.start("qual")]))):
        return head_end  # "Requests the Expert Group to report": a request, not a name
    end = head_end
    for n, word in enumerate(words):
        written = word.group()
        following = words[n + 1].group() if n + 1 < len(words) else ""
        if re.search(r"[\d/]", written) or (written.lower() in ("working", "expert")
                                            and following.lower() == "group"):
            break  # "on 19 December 2017", a symbol, or another group's name
        if capitalised:
            if written in ("and", "or") and following == "the":
                break  # "... Complementary Standards and the Permanent Forum": another name
            if written in _GLUE:
                continue
            if not written[0].isupper():
                break
        else:
            if written in _STOP or n >= _MAX_WORDS or (written, following) == ("set", "up"):
                break
            if written == "to" and (following[:1].islower() or following in _NOT_A_VERB):
                break  # "to continue its work" opens a request
            if written in _GLUE:
                continue
        end = word.end()
    return end


def _group_ref(text: str, candidate: _Candidate, state: _State) -> tuple[str | None, int]:
    """The group a group phrase names (one already read, or a new one) and where the mention
    ends."""
    assert candidate.match is not None
    match = candidate.match
    head = _head(match.group("head"))
    det = (match.group("det") or "").strip().lower()
    end = candidate.end
    tail = text[match.end("head"):end]
    content = [w for w in _WORD.findall(tail) if w not in _GLUE]
    tokens = frozenset(w.lower() for w in content)
    proper = match.group("head")[0].isupper() and (not content or content[0][0].isupper())
    same = sorted((g for g in state.groups if g.head == head), key=lambda g: -g.seen)
    fits = [g for g in same if tokens <= g.tokens or g.tokens <= tokens]
    if det == "the" and content and content[0][0].islower() and tail.split()[0] == "to" and (
            not fits or not fits[0].tokens):
        # "the Working Group to continue ...": a request to a group named before, not a name.
        end, content, tokens = match.end("head"), [], frozenset()
        fits = same
    named = bool(content)
    group: _Group | None
    if named:
        group = fits[0] if fits else None
    elif det in ("a", "an"):
        if not match.group("qual").strip():
            return None, end  # "a working group": any working group
        group = None
    else:
        group = same[0] if same else None
    if group is None:
        group = _Group(head, tokens)
        state.groups.append(group)
    elif named and not group.tokens:
        group.tokens = tokens
    group.forms.append(_Form(" ".join(text[match.start("qual"):end].split()), named, proper))
    return f"#{state.groups.index(group)}", end


def _parent(text: str, hit: _Hit, hits: list[_Hit], state: _State) -> str | None:
    """The body that established the group named at ``hit``, when the text says so."""

    def body_at(position: int) -> str | None:
        """The body named at ``position``, "the" before its name allowed."""
        starts = {position, position + 4} if text.startswith("the ", position) else {position}
        found = next((h.ref for h in hits if h.start in starts and h.ref != hit.ref), None)
        return found if found is None or _can_establish(found) else None

    established = _ESTABLISHED_BY.match(text, hit.end)
    if established:
        if text.startswith("its ", established.end()):
            return state.adopting
        if (ref := body_at(established.end())) is not None:
            return ref
    of = _OF_BODY.match(text, hit.end)
    if of and (ref := body_at(of.end())) is not None and not ref.startswith("#"):
        return ref
    before = [h for h in hits if h.end <= hit.start and h.ref != hit.ref]
    aegis = _AEGIS.search(text, 0, hit.start)
    if aegis:
        owner = [h for h in before if h.end <= aegis.start() and _can_establish(h.ref)]
        if owner:
            return owner[-1].ref
    window = max(0, hit.start - 400)
    calls = [m for m in _TO_ESTABLISH.finditer(text, window, hit.start)
             if ";" not in text[m.end():hit.start]]
    if calls:
        to = calls[-1].start()
        asked = [h for h in before if h.end <= to and not text[h.end:to].strip(" ,")]
        if asked and _can_establish(asked[-1].ref):
            return asked[-1].ref
        decided = _DECIDED.search(text, window, to)
        if decided:
            subject = [h for h in before if h.end <= decided.start()
                       and ";" not in text[h.end:decided.start()] and _can_establish(h.ref)]
            return subject[-1].ref if subject else state.adopting
    return None


def _can_establish(ref: str) -> bool:
    return ref.startswith("#") or (ref in BODIES and BODIES[ref].kind in _PARENT_KINDS)


# -- naming groups -------------------------------------------------------------------------------

_LEADING_QUALIFIERS = re.compile(rf"^(?:{_QUALIFIER}\s+)+", re.VERBOSE)


def _canonical(group: _Group) -> str:
    """The name a group goes by: its proper name when the text writes one, else its most
    frequent full name, else how the text refers to it."""
    counts: dict[str, int] = {}
    for form in group.forms:
        counts[form.text] = counts.get(form.text, 0) + 1
    first = {f.text: n for n, f in reversed(list(enumerate(group.forms)))}
    best = max(group.forms, key=lambda f: (f.named, f.capitalised, counts[f.text], -first[f.text]))
    return best.text


def _group_keys(groups: list[_Group]) -> list[str]:
    """A stable, IRI-safe key per group, from its name without qualifiers (``expert-group-...``)."""
    keys: list[str] = []
    for group in groups:
        name = _LEADING_QUALIFIERS.sub("", _canonical(group))
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower().replace("’", "").replace("'", "")).strip("-")
        if len(slug) > 80:
            slug = slug[:80].rsplit("-", 1)[0]
        slug = slug or "group"
        key, n = slug, 1
        while key in BODIES or key in keys:
            n += 1
            key = f"{slug}-{n}"
        keys.append(key)
    return keys
