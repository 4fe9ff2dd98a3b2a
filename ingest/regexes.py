"""Every pattern the reference finder uses to read citations, in one place.

The patterns follow the editorial conventions of United Nations resolutions:

* a resolution or decision is cited as ``[body] resolution(s)|decision(s) NUMBER [of DATE]
  [, pinpoint]`` where the body is written out ("General Assembly resolution 65/230"), shortened
  ("Assembly resolution"), implied ("its resolution 20/7") or left out ("resolution 67/189");
* numbers take one of five shapes: ``65/230`` (session/number), ``2012/19`` (year/number, the
  Economic and Social Council and the Commission on Human Rights), ``ES-10/21`` and ``S-32/1``
  (emergency and special sessions), ``217 A (III)`` (number, part and roman session, before 1976)
  and ``1373 (2001)`` (number and year, the Security Council);
* any other UN document is cited by its symbol (``A/67/123/Add.1``, ``S/PRST/2020/11``);
* a pinpoint is a comma-separated tail ("annex, para. 42") or a leading phrase ("paragraph 42 of").

Body names come from the registry in :mod:`unkg.graph.bodies`, so a body added there is read here.
Named instruments have their own patterns, built from the gazetteer (:mod:`unkg.ingest.gazetteer`).
"""

from __future__ import annotations

import re

from unkg.graph.bodies import BODIES, EntityKind

__all__ = [
    "ADOPTED_BY_OTHER",
    "ANY_BODY_NAME",
    "AUTHOR_BY_NAME",
    "BARE_COUNCIL",
    "BODY_BY_NAME",
    "BODY_MENTION",
    "CAPITALIZED_WORD_BEFORE",
    "CITATION",
    "DATE",
    "DATE_AFTER_PINPOINT",
    "DOCUMENT",
    "IN_A_REPORT_BEFORE", "JOINT_SYMBOL",
    "LIST_ITEM",
    "MONTHS",
    "OF_BODY_AFTER",
    "OWNER_BEFORE",
    "PINPOINT_AFTER",
    "PINPOINT_BEFORE",
    "PINPOINT_CHAIN_BEFORE",
    "PINPOINT_IN_DOCUMENT",
    "REPORT_BY",
    "REPORT_OF",
    "RES_SUFFIX",
    "SENTENCE_END",
    "UNRESOLVED_CITATION",
    "UN_SERIES",
    "name_key",
    "words",
]


def words(name: str) -> str:
    """A literal name as a pattern whose spaces match any run of whitespace (line breaks too)."""
    return r"\s+".join(re.escape(word) for word in name.split())


def name_key(text: str) -> str:
    """The lookup form of a name as written: single spaces."""
    return " ".join(text.split())


def _by_first_character(names: set[str]) -> dict[str, list[str]]:
    """The names as patterns (:func:`words`), longest first, gathered under their first
    character (escaped), which each pattern then leaves out."""
    groups: dict[str, list[str]] = {}
    for name in sorted(names, key=lambda n: (-len(n), n)):
        first = re.escape(name[0])  # words(name) starts with it: the names are trimmed
        groups.setdefault(first, []).append(words(name)[len(first):])
    return groups


def _alternation(names: set[str]) -> str:
    """Longest first, so that "Economic and Social Council" wins over "Council".

    The names are gathered under their first character ("E(?:conomic...|...)|H(?:...)"): only
    names that start alike can match at one place, so this keeps their order there, and the
    engine tests a few first characters at each place rather than every name."""
    return "|".join(f"{first}(?:{'|'.join(rests)})"
                    for first, rests in _by_first_character(names).items())


_CITING_KINDS = (EntityKind.PRINCIPAL_ORGAN, EntityKind.SUBSIDIARY_BODY)

#: Full names of the bodies that adopt resolutions or decisions, as written, to their keys.
BODY_BY_NAME: dict[str, str] = {
    name_key(name): body.key
    for body in BODIES.values()
    if body.kind in _CITING_KINDS
    for name in (body.name, *body.names, *([body.acronym] if body.acronym else []))
}
_SHORT_NAMES = {short for body in BODIES.values() if body.kind in _CITING_KINDS
                for short in body.short_names}

#: Names of the bodies and offices that write reports and studies, to their keys.
AUTHOR_BY_NAME: dict[str, str] = {
    name_key(name): body.key
    for body in BODIES.values()
    if body.kind in (*_CITING_KINDS, EntityKind.OFFICE, EntityKind.SECRETARIAT)
    for name in (body.name, *body.names)
}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

# One resolution or decision number, in any of the five shapes; named groups tell the shapes apart.
_NUMBER = r"""
    (?:
        (?P<special>(?:ES|S)[-\u2010\u2011]\d{1,2}/\d{1,3})  # (emergency) special: ES-10/21
      | (?P<slash>\d{1,4}/\d{1,4})                     # session or year, number: 65/230, 2012/19
      | (?P<old>\d{1,4})                               # number, old-style or of the Council
        (?:\s(?P<oldpart>[A-Z]{1,2}))?                 #   part: 217 A (III), 2200 A (XXI)
        \s?\(                                          #   then in brackets
          (?:
              (?P<roman>(?:E?S[-\u2010\u2011])?[IVXLC]+)   #   a roman session: (XV), (S-IV), (ES-V)
            | (?P<year>(?:19|20)\d\d)                  #   or the year: 1373 (2001)
          )
        \)
    )
    (?:\s(?P<part>[A-Z]{1,2}(?:\s?-\s?[A-Z]|\s+and\s+[A-Z])?)   # part letters: 67/234 B
       (?![\w/’'(]))?                                  #   not a word or a symbol
    (?![\w/])                                          # and the number ends here
"""

_DAY_MONTH_YEAR = rf"(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(MONTHS)})\s+(?P<dyear>\d{{4}})"

#: The adoption date after a number: " of 21 December 2010".
DATE = re.compile(rf"\s+of\s+{_DAY_MONTH_YEAR}\b")
#: The date after a pinpoint: "45/248 B, section VI, of 21 December 1990".
DATE_AFTER_PINPOINT = re.compile(rf",?\s+of\s+{_DAY_MONTH_YEAR}\b")

# A pinpoint element inside a cited text ("annex", "para. 42", "chap. I", "sect. II.A").
_PIN_NUMBER = r"(?:\d+|[IVXL]+|[A-Z])(?:\.[A-Z0-9]+)*[a-z]?(?:\s?\([a-z]{1,4}\))?"
_PIN_RANGE = rf"{_PIN_NUMBER}(?:\s*(?:,|and|to|-|–)\s*{_PIN_NUMBER})*"
_PIN_ELEMENT = rf"""
    (?:
        annex(?:es)?(?:\s+{_PIN_RANGE})?                  # annex, annex I, annexes I and II
      | appendix(?:\s+{_PIN_NUMBER})?                     # appendix, appendix D
      | enclosure | attachment
      | (?:chap|sect|paras?|art|arts|pp?)\.\s*{_PIN_RANGE}  # chap. I, sect. A, para. 42, paras. 3-5
      | (?:chapters?|sections?|paragraphs?|articles?|parts?|principles?)\s+{_PIN_RANGE}
    )
"""
# A resolution inside a cited report: "chap. I, sect. A, resolution 27/12".
_PIN_RESOLUTION = r"(?:resolutions?|decisions?)\s+\d+(?:/[\w.]+)?(?![\w/(]|\s\()"

#: The pinpoint after a citation: ", annex, para. 42" (group ``pin`` without the first comma).
PINPOINT_AFTER = re.compile(
    rf",\s+(?P<pin>{_PIN_ELEMENT}(?:,\s+{_PIN_ELEMENT})*)(?![\w/])"
    r"(?!,?\s+(?:of|to)\s+(?!\d))",  # not "paragraph 3 of resolution ...", which leads the next one
    re.VERBOSE)

#: The pinpoint after a document, which may end at a resolution printed in it.
PINPOINT_IN_DOCUMENT = re.compile(
    rf""",\s+(?P<pin>{_PIN_ELEMENT}(?:,\s+(?:{_PIN_ELEMENT}|{_PIN_RESOLUTION}))*)(?![\w/])""",
    re.VERBOSE)

#: What precedes the number of a conference's resolution printed in a report: "(Sales No.
#: E.96.IV.13), chap. I, resolution 1", "Ibid., resolution 2".
IN_A_REPORT_BEFORE = re.compile(r"(?:\),|\bIbid\.,|\bchap\.\s*[\w.]+,|\bsect\.?\s*[\w.]+,)\s+$")

#: The end of a pinpoint chain just before a number: "(E/2020/27), chap. I, sect. C, resolution
#: 59/1" cites a resolution printed in a report, not one of the citing body.
PINPOINT_CHAIN_BEFORE = re.compile(
    r"\b(?:chap|sect)\.\s*[\w.]+,\s+$")

# A pinpoint written before the citation: "paragraph 42 of", "section III, paragraph 5, of its",
# "paragraph 7 of the annex to".
_PIN_WORD = (r"(?:[Pp]aragraphs?|[Ss]ections?|[Cc]hapters?|[Aa]rticles?|[Pp]arts?|[Pp]rinciples?|"
             r"[Rr]ules?|[Gg]uidelines?|annex(?:es)?)")
_PIN_LEAD = rf"(?:{_PIN_WORD}\s+{_PIN_RANGE}|annex(?:es)?)"  # only an annex goes without a number

#: A pinpoint that ends right where a citation starts (search it in the text before the citation).
PINPOINT_BEFORE = re.compile(
    rf"""
    (?<![\w-])(?P<pre>{_PIN_LEAD}                          # the pinpoint, maybe in steps:
        (?:(?:,\s+|,?\s+(?:of|to|in)\s+(?:the\s+)?){_PIN_LEAD})*)   # "paragraph 5 of section II"
    ,?\s+(?:of|to|in)\s+(?:the\s+|its\s+)?$                 # joined to the citation
    """,
    re.VERBOSE,
)

_FULL_BODY = _alternation(set(BODY_BY_NAME))

#: Whether a text names a registered body at all (every match of :data:`BODY_MENTION` holds one):
#: a quick test, since most paragraphs name none. Each name's first character comes before the
#: test of the character before it, so the engine skips ahead to the characters names start with.
ANY_BODY_NAME = re.compile(
    "(?:"
    + "|".join(f"{first}(?<![\\w-].)(?:{'|'.join(rests)})"  # the name, not inside a word
               for first, rests in _by_first_character(set(BODY_BY_NAME)).items())
    + r")(?![\w-])"
)
_ACTS = r"\b(?:[Rr]esolutions?|[Dd]ecisions?)\b"

# The head noun of the name of a body, registered or not: "Conference", "Organization".
_BODY_HEAD = (r"(?:Conference|Organization|Organisation|Commission|Committee|Assembly|Council|"
              r"Board|Forum|Parties|Union|Court|Agency|Programme|Fund|Meeting|Group|Panel|Bank|"
              r"Authority|Tribunal|Congress|Summit|Institute|Mechanism|Subcommittee)")
_SHORT_BODY = _alternation(_SHORT_NAMES)

#: A body outside the registry named as the author of acts: "adopted by the United Nations
#: Environment Assembly" (a registered name at the same place wins).
ADOPTED_BY_OTHER = re.compile(
    rf"""\b(?:adopted|endorsed)\s+by\s+(?:the\s+)?
    (?P<name>(?:[A-Z][\w’'-]*\s+)*?{_BODY_HEAD})(?![\w-])""",
    re.VERBOSE,
)

#: Any full name of a registered body, for short names to point back to. ``cites`` is set where
#: the name introduces citations: "Human Rights Council resolutions", "adopted by the Council".
BODY_MENTION = re.compile(
    rf"""
    (?P<by>\b(?:(?:adopted|endorsed|approved)\s+by                # "adopted by the"
              |{_ACTS}(?:\s+and\s+{_ACTS})?\s+of)\s+(?:the\s+)?)?    # "resolutions of the"
    (?<![\w-])(?P<name>{_FULL_BODY})(?![\w-])
    (?P<acts>\s+(?:[Rr]esolutions?|[Dd]ecisions?)\b)?           # "Council resolutions"
    """,
    re.VERBOSE,
)

#: A citation head with its first number. ``body`` is a full body name, ``short`` a short one,
#: ``its`` the relative pronoun; ``word`` says resolution or decision.
CITATION = re.compile(
    rf"""
    (?<![\w-])
    (?:
        (?P<body>{_FULL_BODY})(?:’s|'s)?\s+            # General Assembly resolution
      | (?P<short>{_SHORT_BODY})(?:’s|'s)?\s+          # Assembly resolution, the Council’s
      | (?P<its>its)\s+                                # its resolution
    )?
    (?P<word>[Rr]esolutions?|[Dd]ecisions?)\s+        # the kind of act
    {_NUMBER}
    """,
    re.VERBOSE,
)

# What a describing clause may not hold: another citation.
_NOT_IN_CLAUSE = rf"{_ACTS}|\d+/\d+|\d+\s?\((?:19|20)\d\d\)"

#: A further number of a list: ", 61/16", " and 1989 (2011)", ", and 71/243", possibly after a
#: clause that describes the number before (", entitled “...”", " on cross-cutting issues").
LIST_ITEM = re.compile(
    rf"""
    (?P<clause>
        ,?\s+entitled\s+“[^”]{{1,400}}”                   # , entitled “Global solidarity ...”
      | \s+on\s+(?:(?!{_NOT_IN_CLAUSE})[^;:“”]){{3,200}}?      #  on cross-cutting issues
      | ,\s+(?:in|by)\s+which\s+(?:(?!{_NOT_IN_CLAUSE})[^;:“”]){{3,300}}?   # , in which it
      | ,\s+in\s+particular\s+(?:paragraphs?|sections?)\s+[\w.]+(?:\s+and\s+[\w.]+)?   # , in
    )?                                                 #   particular paragraph 15
    (?P<sep>\s*[,;]\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s+)   # separator
    {_NUMBER}
    """,
    re.VERBOSE,
)

#: A Security Council number listed without the word "resolution", after "resolutions ... in
#: particular" ("its previous resolutions concerning Sudan, in particular 1591 (2005), 1651 ...").
BARE_COUNCIL = re.compile(
    rf"""
    (?<![\w-])(?:in\s+particular|including|notably|especially|namely)\s+
    (?=\d{{1,4}}\s?\((?:19|20)\d\d\))                  # a number and its year
    {_NUMBER}
    """,
    re.VERBOSE,
)

#: The body named after a number: "resolution 51/32 of the Human Rights Council"; ``other`` is
#: the head of a body that is not registered ("decision 15/24 of the Conference of the Parties").
OF_BODY_AFTER = re.compile(
    rf"""
    \s+(?:adopted\s+)?(?:of|by)\s+the\s+
    (?:
        (?P<body>{_FULL_BODY})(?!\s+of\s+the\s+(?!United\s+Nations)[A-Z])   # not "the General
      | (?P<short>{_SHORT_BODY})                                 #   Assembly of the World Tourism
      | (?P<other>(?:[A-Z][\w’'-]*\s+)*?{_BODY_HEAD})           #   Organization"
    )
    (?![\w-])
    """,
    re.VERBOSE,
)

#: The body that owns "its": "the Human Rights Council in its resolution", "the Assembly, by its".
#: ``other`` is a capitalized word that is not a registered body ("the Conference, in its").
OWNER_BEFORE = re.compile(
    rf"""
    (?<![\w-])
    (?:
        (?P<body>{_FULL_BODY})                         # "the Human Rights Council"
      | (?P<short>{_SHORT_BODY})                       # "the Council"
      | (?P<other>{_BODY_HEAD}(?:\s+(?:of|for|on|and|the|[A-Z][\w’'-]*))*?)  # "Commission for
    )                                                  #   Latin America and the Caribbean"
    \s*,?\s+(?:in|by|through|under|with|of)\s+$       # "in its", "by its", "of its"
    """,
    re.VERBOSE,
)

#: A capitalized word just before a short name or "resolution": "Environment Assembly resolution"
#: names a body outside the registry.
CAPITALIZED_WORD_BEFORE = re.compile(
    rf"(?<![\w-])(?:(?P<word>[A-Z][\w’'-]*)|{_BODY_HEAD},)\s+$")   # "Tuna Commission, resolutions"

#: The first part of the symbols of the UN's documents (the Official Document System's series),
#: so that another organization's symbols ("WT/MIN(15)/48", "COFI/2022/SBD.19") are not read.
UN_SERIES = (
    "A", "S", "E", "T", "ST", "DP", "UNEP", "UNODC", "UNW", "HSP", "FCCC", "ICCD", "CBD", "NPT",
    "CD", "CCW", "BWC", "APLC", "CCM", "TPNW", "SPLOS", "ISBA", "CLCS", "CAC", "CTOC", "TD", "IDB",
    "GC", "JIU", "CEB", "CRC", "CEDAW", "CERD", "CAT", "CCPR", "CMW", "CED", "CRPD", "HRI", "ESCAP",
    "ECE", "ICSC", "PBC", "UNODC", "UNHCR", "ISA", "LC", "ECA", "ESCWA",
)

_HYPHEN = r"(?:[-\u2010\u2011]|\u2013(?=\d))"  # a hyphen, or an en dash in a range of numbers
_SERIES = "|".join(sorted(set(UN_SERIES), key=lambda x: (-len(x), x)))
_COMPONENT = rf"""
    [A-Za-z0-9]+(?:\([A-Z0-9]+\))?                    # a part, maybe with brackets: COP(16)
    (?:(?:\.|{_HYPHEN}(?!(?:{_SERIES})(?:\.\d+)?/))[A-Za-z0-9]+)*   # dotted or hyphenated, not
                                                      # a joint symbol: A/56/1026-S/2002/932
"""

_SYMBOL = rf"""
    (?P<symbol>
        (?=[A-Z][A-Za-z0-9.()/\-\u2010\u2011\u2013]*\d)    # contains a digit before any space
        (?:{_SERIES})                                  # series
        (?:\.\d+)?
        (?:/{_COMPONENT})+                             # parts: /75/L.12, /CN.15/2013/27
        (?:\s?\((?i:sect|parts?|vol|supp|introduction)\.?\s?[A-Za-z0-9 ]{{0,15}}\)  # (Sect. 3)
           (?:/{_COMPONENT})*)?                        # then /Add.6
        (?:/\s(?=(?:Add|Corr|Rev|Amend)\.){_COMPONENT})*   # a line broken after a slash
    )
    (?!\w|/\w)                                        # a slash may end a broken line
"""

#: A UN document symbol: a series of capitals, then slash-separated parts with at least one digit,
#: then an optional bracketed volume or section and further parts: "A/75/6 (Sect. 3)/Add.6".
DOCUMENT = re.compile(rf"(?<![\w/.\-\u2010\u2011]){_SYMBOL}", re.VERBOSE)

#: The second symbol of a document issued under two: the "-S/2002/932" of "A/56/1026-S/2002/932".
JOINT_SYMBOL = re.compile(rf"[-\u2010\u2011]{_SYMBOL}", re.VERBOSE)

#: The bracketed session or year after a resolution symbol: "S/RES/1373 (2001)", "A/RES/217(III)".
RES_SUFFIX = re.compile(r"\s?\((?:[IVXLC]+|(?:ES|S)-[IVXLC]+|(?:19|20)\d\d)\)")

#: What looks like a citation of a resolution or decision, to report those that do not resolve.
UNRESOLVED_CITATION = re.compile(
    r"""
    (?<![\w-])(?P<word>[Rr]esolutions?|[Dd]ecisions?)    # the word, then a space or one line
    (?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)                     #   break (not a heading "Decisions")
    (?:No\.\s*)?(?P<number>[A-Z.]*\d[\w./()\-]*)         # something with a digit in it
    """,
    re.VERBOSE,
)

#: The end of a sentence inside a text (footnotes hold several); abbreviations do not end one.
SENTENCE_END = re.compile(
    r"(?=[.;]\s+[A-Z])(?<!\bpara)(?<!\bparas)(?<!\bNo)(?<!\bNos)(?<!\bAdd)(?<!\bRev)(?<!\bCorr)(?<!\bVol)"
    r"(?<!\bsect)(?<!\bchap)(?<!\bart)(?<!\bSupp)(?<!\bpp)(?<!\bp)[.;]\s+(?=[A-Z])"
)

_AUTHOR = _alternation(set(AUTHOR_BY_NAME))
_TOPIC_WORD = r"[a-z][a-z’'-]*"

#: "the comprehensive study on cybercrime prepared by the United Nations Office on Drugs and Crime".
REPORT_BY = re.compile(
    rf"""
    (?<![\w-])(?:the\s+)?
    (?P<name>
        (?:(?:comprehensive|global|thematic|analytical|final|annual|world|first|second)\s+)*
        (?:study|report|survey|review|assessment)\s+on\s+       # what it is
        {_TOPIC_WORD}(?:\s+{_TOPIC_WORD}){{0,7}}?               # a short topic in plain words
    )
    \s+(?:prepared|conducted|issued|published|undertaken)\s+by\s+(?:the\s+)?
    (?P<author>{_AUTHOR})(?![\w-])                              # a registered author
    """,
    re.VERBOSE,
)

#: "the report of the Secretary-General on the work of the Organization": the topic runs to a
#: punctuation mark or the end, in words without digits, and names no other report.
REPORT_OF = re.compile(
    rf"""
    (?<![\w-])the\s+
    (?P<name>
        report\s+of\s+the\s+(?P<author>{_AUTHOR})\s+on\s+      # a registered author
        (?P<topic>(?:the\s+)?[a-z][\w’'-]*(?:\s+[A-Za-z][\w’'-]*){{0,18}}?)  # the topic
    )
    (?=\s*(?:[,;:(]|\.?\s*$|\s+(?:submitted|pursuant|prepared|contained|and\s+the\s+related)\b))
    """,
    re.VERBOSE,
)
