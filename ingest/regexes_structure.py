"""Patterns for the structure of a resolution text: page furniture, footnotes, headings, paragraphs.

The cleaner (:mod:`unkg.ingest.clean`) uses the patterns for page headers and footers, footnote
blocks and footnote markers; the segmenter (:mod:`unkg.ingest.segment`) uses the ones for headings,
the formula line, numbered and lettered paragraphs, adoption lines and opening phrases. The
patterns that find citations live in :mod:`unkg.ingest.regexes`, not here.

Everything follows UN editorial conventions (the *United Nations Editorial Manual*): dates are
written "27 October 1953", operative paragraphs are numbered "1.", sub-paragraphs are lettered
"(a)" and then numbered in roman "(i)", preambular paragraphs open with a participle or an
adjective in italics, and footnote markers are superscript numbers that PDF extraction flattens
into the running text ("Commission;1").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unkg.ingest.models import ParagraphKind


def _words(text: str) -> list[str]:
    return text.split()


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_MONTH = "(?:" + "|".join(MONTHS) + ")"

# "27 October 1953": day, month name, four-digit year.
DATE = re.compile(
    rf"""
    (?P<day>\d{{1,2}})\s+          # day of the month
    (?P<month>{_MONTH})\s*,?\s+    # month name, sometimes followed by a stray comma
    (?P<year>(?:19|20)\d\d)\b      # year
    """,
    re.VERBOSE,
)

# --- page furniture ------------------------------------------------------------------------

# A UN document symbol as printed in a running header: "A/RES/73/3", "E/CN.15/2013/27",
# "S/RES/1445 (2002)", "A/HRC/RES/54/1".
HEADER_SYMBOL = re.compile(
    r"""
    (?<![\w/])
    [A-Z][A-Z0-9]*(?:\.\d+)?       # series: A, S, E, A/HRC ... E/CN.15
    (?:/[A-Za-z0-9.\-]+){2,}       # at least two more parts: /RES/73/3, /2013/27
    (?:\s*\(\d{4}\))?              # the year of a Security Council resolution
    (?![\w/])
    """,
    re.VERBOSE,
)

# A job number, as printed at the foot of the first page and in the running footer:
# "18-16895 (E)", "V.13-83942 (E)", "GE.23-19384(E)", with the printing date "241018" after it.
_JOB = r"(?:[A-Z]{1,3}\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?"
# A page number: "2/10" (page of pages) or a bare page number next to the job number.
_PAGE = r"\d{1,3}\s*/\s*\d{1,3}"

FURNITURE_LINE = re.compile(
    rf"""
    ^\s*(?:
        {_JOB}(?:\s+(?:{_PAGE}|\d{{1,3}}))?        # "18-16895 2/10", "V.13-83942 13"
      | (?:{_PAGE}|\d{{1,3}})\s+{_JOB}            # "3/10 18-16895", "12 V.13-83942"
      | {_PAGE}                                   # "2/10"
      | \*\d{{6,}}\*                              # barcode "*2518301*"
      | [-–]\s*\d{{1,3}}\s*[-–]                   # "- 2 -"
      | Page\s+\d{{1,3}}(?:\s+of\s+\d{{1,3}})?    # "Page 2", "Page 2 of 10"
      | Distr\.\s*:\s*\w+                         # "Distr.: General"
      | Original\s*:\s*\w+                        # "Original: English"
    )\s*$
    """,
    re.VERBOSE,
)

# A line that only carries document symbols (a running header "A/RES/73/3", "E/2013/30"), or
# the masthead "United Nations  A/RES/73/3".
SYMBOL_LINE = re.compile(
    rf"""
    ^\s*(?:United\s+Nations\s+)?                  # masthead
    {HEADER_SYMBOL.pattern}                       # a symbol
    (?:\s+{HEADER_SYMBOL.pattern})*               # and perhaps another one
    \s*$
    """,
    re.VERBOSE,
)

# The rule above the footnotes of a page: underscores, or (in some extractions) a long run of
# spaces that is all that is left of the drawn line.
RULE_LINE = re.compile(r"^\s*(?:_{5,}|[-–—]{10,})\s*$|^[ \t\xa0]{20,}$")

# --- footnotes -----------------------------------------------------------------------------

# The first line of a footnote: "1  See UNODC/...", "6 Ibid.", "1/ Official Records ...",
# "* Paragraph 3 ...", "¹ See ...".
FOOTNOTE_LINE = re.compile(
    r"""
    ^\s*
    (?P<marker>\d{1,3}|\*{1,3}|[†‡]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})   # the marker
    (?:/)?                                           # the old "1/" form
    (?:[ \t\xa0]+|(?<=\d)(?=[A-Z][a-z]))              # a space, never a full stop ("17See": OCR)
    (?P<text>[^\s.,;:].*)                            # the footnote text
    $
    """,
    re.VERBOSE,
)

# In a block already known to hold footnotes, OCR also prints the marker with a full stop:
# "5. Ibid., Supplement ...", "33.One member (China) ...".
FOOTNOTE_LINE_LOOSE = re.compile(
    r"^\s*(?P<marker>\d{1,3})\.\s*(?P<text>(?:Ibid|See|Official|One|United|[A-Z]/)\S*.*)$"
)

SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")

# Words after which a number is part of the text, never a footnote marker: "paragraph 6",
# "resolution 65/230", "by 14 votes", "vol. 610, No. 8843".
NUMBER_WORDS = frozenset(_words(
    """
    paragraph paragraphs para paras article articles art chapter chapters chap section sections
    sect rule rules annex annexes appendix resolution resolutions decision decisions item items
    no nos number numbers vol volume volumes page pages p pp part parts goal goals target targets
    principle principles recommendation recommendations supplement suppl protocol schedule
    table figure box step phase stage level category class and or to
    of on by at in from with than per between under over about around some the a an his her
    its their our every each all only over nearly approximately least most agenda tier round
    cycle grade group war
    """
))

# The words that always take a number: "paragraph 6  of" stays whole even where an extractor
# leaves two spaces after the number.
NUMBER_WORDS_STRONG = frozenset(_words(
    """
    paragraph paragraphs para paras article articles art chapter chap section sect rule rules
    annex no nos vol volume page pages p pp resolution resolutions decision item items
    """
))

# Words after a number that show it is a quantity, not a marker: "14 votes", "25 per cent".
QUANTITY_WORDS = frozenset(
    _words(
        """
        votes vote abstentions abstention members member per percent days day weeks week months
        month years year hours hour minutes persons people countries states times copies members
        """
    )
    + [m.lower() for m in MONTHS]
)

# Abbreviations that take a number after their full stop ("No. 4", "para. 42").
NUMBER_ABBREVIATIONS = frozenset(
    _words("no nos para paras vol vols art arts chap sect p pp add rev corr suppl sess ch fig")
)

# --- words broken across lines -------------------------------------------------------------

# First parts that keep their hyphen when a compound is broken at the end of a line.
HYPHEN_PREFIXES = frozenset(_words(
    """
    non self ex all cross well ill so follow open post pre anti long short high low middle mid
    full half large small medium wide decision capacity peace health people drug gender child
    community country state time cost rights multi co semi quasi vice counter
    twenty thirty forty fifty sixty seventy eighty ninety one two three four five six seven
    eight nine ten first second third
    """
))

# Second parts that show a compound: "open-ended", "follow-up", "twenty-first".
HYPHEN_SECONDS = frozenset(_words(
    """
    up ended based level term making building related led owned driven oriented centred centered
    being wide free bound specific sensitive friendly affected resistant like scale income
    run keeping going off out down making led affected sponsored governmental general agency
    first second third fourth fifth sixth seventh eighth ninth one two three four five six
    seven eight nine
    """
))

# First parts that UN style writes joined to the rest of the word: "international",
# "subregional", "transboundary", "reintegration".
JOINED_PREFIXES = frozenset(
    _words("inter intra sub trans re un in dis mis pro con com de micro macro bio geo super under")
)

# Endings that only ever continue a word: "meet-ing", "Commis-sion", "implementa-tion".
WORD_TAIL = re.compile(
    r"""^(?:
        [a-z]{0,3}(?:tions?|sions?|ments?|ances?|ences?|ities|ity|ness|ships?|tures?|ings?
                  |ously|ous|ively|ive|ible|able|ary|ory|ally|ial|ical|ated|ates|ating|ation
                  |izes?|ized|izing|ises?|ised|ents?|ants?|ists?|isms?|ics|ful|less|cies
                  |gies|ries|ties|al|als)
      | [a-z]{1,2}
    )$""",
    re.VERBOSE,
)

# --- headings ------------------------------------------------------------------------------

_YEAR_PAREN = r"\(\s*\d[\d\s\-]{2,6}\d\s*\)"  # "(1953)", OCR "(197-4)"

# "Resolution 22/7", "Resolution 242 (1967)", "RESOLUTION 768 (1992)", "Resolution 290".
HEADING_RESOLUTION = re.compile(
    rf"""
    ^\s*(?:Resolution|RESOLUTION)\s+
    (?P<number>(?:[A-Z]-)?\d{{1,4}}(?:/\d{{1,4}})?(?:\s*[A-Z](?=[\s.(]|$))?   # 22/7, 242, S-30/1
               (?:\s*{_YEAR_PAREN})?)                                     # (1967)
    \s*\.?
    (?:\s+of\s+(?P<date>\d{{1,2}}\s+{_MONTH}\s+\d{{4}}))?                  # of 22 November 1967
    \s*$
    """,
    re.VERBOSE,
)

# "100 (1953). Resolution of 27 October 1953", "1 (1946) Resolution of 25 January 1946".
HEADING_OLD_SC = re.compile(
    rf"""
    ^\s*(?P<number>\d{{1,4}}\s*{_YEAR_PAREN})\s*\.?\s*
    (?:Resolution|RESOLUTION)\b
    (?:\s+of\s+(?P<date>\d{{1,2}}\s+{_MONTH}\s+\d{{4}}))?
    """,
    re.VERBOSE,
)

# "73/3. Political declaration ...", "2013/40. Title", "S-30/1. Title", "54/10." (title below).
HEADING_NUMBERED_TITLE = re.compile(
    r"""
    ^\s*(?P<number>(?:[A-Z]-)?\d{1,4}/\d{1,4}(?:\s+[A-Z](?:-[A-Z])?)?)   # 73/3, 75/101 A-B
    \s*\.
    (?:\s+(?P<title>\S.*?))?\s*$                                         # the title
    """,
    re.VERBOSE,
)

# "Of 22 November 1967" under "Resolution 242 (1967)".
DATE_LINE = re.compile(rf"^\s*of\s+(?P<date>\d{{1,2}}\s+{_MONTH}\s+\d{{4}})\s*\.?\s*$")

# "[S/3128]": the draft resolution of an old Security Council text; OCR also gives "(S/597]",
# "[S/1045}", "[S/525, III]" (part III of a draft), "[S/4258 and Add.1]", "[8/4357]".
DRAFT_LINE = re.compile(
    r"""
    ^\s*[\[(]\s*
    (?P<symbol>[A-Z8](?:/[\w.\-]+)+(?:\s+\d+)?)     # the symbol, "S/330/Corr. 1"
    (?:\s*,\s*[IVXY1l]+)?                          # part of the draft
    (?:\s+and\s+Add\.\s*[\d\-]+)?                   # and its addenda
    \s*[\])}]{1,2}\s*$
    """,
    re.VERBOSE,
)

# Masthead lines of a first page that say who adopted the text, when, and on whose report.
# They are matched against the whole front matter, folded onto one line.
ADOPTED_BY_HEADER = re.compile(
    rf"""
    Resolution\s+adopted\s+by\s+the\s+(?P<body>[A-Z][\w’' ]+?)      # by the General Assembly
    \s+on\s+(?P<date>\d{{1,2}}\s+{_MONTH}\s+\d{{4}})               # on 10 October 2018
    """,
    re.VERBOSE,
)
ADOPTED_AT_MEETING_HEADER = re.compile(
    rf"""
    Adopted\s+by\s+the\s+(?P<body>Security(?:\s+Council)?)    # OCR drops words
    \s+at\s*_?\s*its\s+\d\S*\s*meeting                        # 3133rd_, 326lst
    \s*,?\s*(?:on\s*(?P<date>\d{{1,2}}\s+{_MONTH}\s+\d{{4}}))?
    """,
    re.VERBOSE,
)
# "[without reference to a Main Committee (A/73/L.4)]", "[on the report of the Third Committee
# (A/73/589)]", "[on the recommendation of the Commission ... (E/2013/30)]".
MASTHEAD_BRACKET = re.compile(r"^\s*\[(?:without reference|on the (?:report|recommendation))")
MASTHEAD_LINE = re.compile(
    r"""
    ^\s*(?:
        [A-Z][a-z]+(?:-[a-z]+)?\s+(?:(?:emergency\s+)?special\s+)?session  # Seventy-third session
      | Agenda\s+items?\s+[\d\s(),a-z]+                                          # Agenda item 129
      | (?:General\s+Assembly|Security\s+Council|Economic\s+and\s+Social\s+Council
           |Human\s+Rights\s+Council|United\s+Nations)                           # masthead organ
      | \d{1,2}\s+\w+(?:\s*[-–]\s*\d{1,2}\s+\w+)?\s+\d{4}                        # session dates
      | \d{1,2}\s*[-–]\s*\d{1,2}\s+\w+\s+\d{4}
    )\s*$
    """,
    re.VERBOSE,
)

# "The Commission on Crime Prevention and Criminal Justice ,", "The Security Council,",
# "Therefore the Security Council,".
FORMULA = re.compile(
    r"""
    ^\s*(?:Therefore\s+the|The)\s+
    (?P<body>[A-Z][A-Za-z’'\- ]+?)      # the name of the body
    \s*[,:.]?\s*$                       # its comma (sometimes lost, or a colon)
    """,
    re.VERBOSE,
)

# --- paragraphs ----------------------------------------------------------------------------

# "1. Takes note", OCR "1 . Takes", "12.Requests".
NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})\s?\.\s*(?=[A-Z“\"‘(]|$)")  # "11." alone: a list

# "(a) ", "(iv) ", "(1) ", and in some Security Council texts "a. ", "iv. ".
SUB_LABEL = re.compile(
    r"^\s*(?:\((?P<label>[a-z]{1,2}|[ivxl]{1,6}|\d{1,2})\)|(?P<dotted>[a-z]{1,2}|[ivxl]{1,6})\.)"
    r"\s+(?=\S)"
)


def sub_label(match: re.Match[str]) -> str:
    """The label of a :data:`SUB_LABEL` match, without its brackets or full stop: "a", "iv"."""
    return match.group("label") or match.group("dotted")

# "Adopted unanimously at the 631st meeting.", "Adopted at the 2330th meeting by 13 votes to
# none, with 2 abstentions", "Adopted without a vote", OCR "Adapted unanimously".
ADOPTION = re.compile(
    r"^\s*\[?\s*(?:Adopted|Adapted)\s+(?:unanimously|without|at\s+the|by\s+(?:a\s+)?(?:\d|consensus|recorded|acclamation)|by\s+\w+\s+votes)",
)
# "41st plenary meeting", "55th (resumed) plenary meeting", "40th meeting" at the end of a GA,
# ECOSOC or HRC resolution; the adoption date follows on the next line.
MEETING_LINE = re.compile(
    r"^\s*(?P<ordinal>\d{1,4})\s*(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?(?:plenary\s+)?meeting\s*$",
)

# "Annex", "Annex I", "ANNEX", "Annex to resolution 22/7".
ANNEX = re.compile(r"^\s*(?:ANNEX|Annex|Appendix|APPENDIX)(?:\s+[IVX\d]+)?(?:\s+to\s+.*)?\s*$")

# A heading inside the operative part: "I", "II.", "A. Special political missions", "Section I".
SECTION_HEADING = re.compile(
    r"""
    ^\s*(?:
        [IVX]{1,5}\.?(?:\s+[A-Z].{0,80})?       # I, II. General
      | [A-H]\.\s+[A-Z].{0,80}                 # A. Special political missions
      | (?:Section|Part|Chapter)\s+[IVX\d]+.{0,80}
      | [A-H]                                  # A, B: the parts of a resolution
    )$
    """,
    re.VERBOSE,
)

# --- opening phrases -----------------------------------------------------------------------

_ADVERB = (
    r"(?:Also|Further|Furthermore|Moreover|Likewise|Similarly|Hereby|Once\s+again|Again|"
    r"Deeply|Gravely|Seriously|Strongly|Firmly|Fully|Solemnly|Urgently|Earnestly|Warmly|"
    r"Sincerely|Categorically|Unequivocally|Emphatically|Profoundly|Greatly|Particularly|"
    r"Especially|Still|Most|Equally|Highly|Keenly|Duly|Expressly|Resolutely|"
    r"Vigorously|Unreservedly|Wholeheartedly|Therefore|Accordingly|In\s+addition|Extremely|"
    r"Increasingly|Bitterly|Acutely|Truly|Critically|Sorely|Reiteratedly|Persistently)"
)
ADVERBS = re.compile(rf"^(?:{_ADVERB}[\s,]+)+", re.IGNORECASE)

# Adjectives and past participles that open a preambular paragraph on their own.
PREAMBLE_ADJECTIVES = frozenset(_words(
    """
    aware mindful conscious cognizant cognisant convinced concerned determined desirous alarmed
    guided encouraged disturbed shocked appalled dismayed saddened grieved gratified satisfied
    persuaded resolved committed anxious confident whereas deploring conscientious sure
    heartened outraged troubled distressed indignant reassured inspired seized
    """
))
# Words ending in "-ed" that never open a paragraph ("United Nations", "Federated States").
NOT_PARTICIPLES = frozenset(
    _words("united federated limited red need hundred kindred sacred based adopted")
)
# Words ending in "-ing" that never open a paragraph.
NOT_OPENINGS = frozenset(_words(
    """
    beijing nanjing kunming including during according notwithstanding nothing something
    anything everything morning evening king spring thing
    """
))

# Verbs that open an operative paragraph, in the third person ("Requests") and in the first
# person plural of declarations and old texts ("Resolves", "Decide").
OPERATIVE_VERBS = frozenset(_words(
    """
    accepts acknowledges adopts affirms agrees appeals applauds appoints approves asks
    authorizes authorises believes calls censures commends concurs condemns confirms congratulates
    considers decides declares deems demands denounces deplores designates determines directs
    draws elects emphasizes emphasises encourages endorses entrusts establishes expresses extends
    finds highlights insists instructs invites looks notes observes pays places proclaims
    reaffirms recalls recognizes recognises recommends regrets reiterates rejects relies reminds
    renews reminds requests reserves resolves stresses suggests supports takes thanks transmits
    underlines underscores urges warns welcomes solicits appreciates requires prohibits remains
    salutes denounces records addresses dissolves submits orders notifies
    """
))
# Capitalized words ending in "s" that open a line without being a verb: "States", "Nations".
NOT_VERBS = frozenset(_words(
    """
    states nations members parties governments countries affairs rights forces islands
    philippines netherlands bahamas comoros maldives seychelles honduras barbados emirates
    territories peoples persons arrangements measures proceedings sanctions talks
    """
))

# Phrases that complete a head word: "Takes note of", "Bearing in mind", "Calls upon". The key
# is the beginning of the head word ("tak" for "Takes", "Taking", "Taken").
COMPLEMENTS: dict[str, re.Pattern[str]] = {
    "tak": re.compile(
        r"^\s+(?:note(?:\s+(?:also|further|in\s+particular|with\s+(?:\w+\s+)?\w+))*\s+of\b"
        r"|into\s+(?:account|consideration)\b|note\b)"
    ),
    "bear": re.compile(r"^\s+in\s+mind\b"),
    "call": re.compile(r"^\s+(?:upon|on|for)\b"),
    "pay": re.compile(r"^\s+(?:a\s+)?tribute\s+to\b"),
    "look": re.compile(r"^\s+forward\s+to\b"),
    "guid": re.compile(r"^\s+by\b"),
    "draw": re.compile(r"^\s+(?:the\s+)?attention\s+(?:of|to)\b"),
    "remain": re.compile(
        r"^\s+(?:(?:deeply|gravely|seriously|fully|firmly|actively|strongly|greatly)\s+)*"
        r"(?:[a-z]+ed|aware|mindful|conscious|seized)\b"
    ),
    "continu": re.compile(r"^\s+to\s+[a-z]+\b"),
}

# The stance a verb expresses, which belongs to the opening phrase: "Reaffirms its commitment",
# "Expressing deep concern", "Reiterates its call upon", "Expresses its appreciation for".
_STANCE_ADJECTIVE = (
    r"(?:deep|deepest|profound|sincere|grave|gravest|serious|strong|full|great|warm|continued|"
    r"continuing|utmost|firm|heartfelt|particular|unwavering|strongest|steadfast)"
)
STANCE = re.compile(
    rf"""
    ^\s+(?P<its>(?:its|their|his|her)\s+)?
    (?:{_STANCE_ADJECTIVE}\s+)*
    (?:
        (?P<thanks>appreciation|gratitude|thanks)(?:\s+(?:to|for)\b)?
      | (?P<call>call|appeal)(?:\s+(?:upon|on|for|to)\b)?
      | (?:concerns?|commitment|support|determination|request|invitation|conviction|resolve
        |demand|intention|readiness|willingness|hope|expectation|belief|position|condemnation
        |solidarity|satisfaction|regret|alarm|dismay|recognition|condolences|sympathy
        |indignation|outrage|disappointment|opposition|rejection)
    )\b
    """,
    re.VERBOSE,
)
# What may follow the head: "Recalling also", "Noting with appreciation", "Welcoming further".
TAIL = re.compile(
    r"""
    ^\s+(?:
        also | further | furthermore | again | once\s+(?:again|more) | moreover | in\s+particular
      | however | nevertheless | still
      | in\s+the\s+strongest\s+(?:possible\s+)?terms | unequivocally | categorically
      | unreservedly | firmly | strongly | fully | resolutely | wholeheartedly
      | in\s+(?:this|that)\s+(?:regard|respect|context)
      | with\s+(?:(?:great|deep|grave|serious|particular|profound|utmost|growing|increasing)\s+)?
        (?:appreciation|satisfaction|concern|regret|interest|alarm|approval|gratitude|dismay
          |disappointment|thanks)
    )\b
    """,
    re.VERBOSE,
)
# The words that follow a past participle opening a paragraph: "Seized of", "Alarmed by".
PARTICIPLE_OBJECT = re.compile(r"^\s+(?:at|by|that|with|of|about|over|to|in|upon|on|for)\b")
WORD = re.compile(r"^[A-Za-z’'\-]+")


# "Having considered", "Having also examined": a perfect participle opens a preambular paragraph.
_HAVING = re.compile(r"^Having(?:\s+(?:also|further|duly|again|already|now|thus))*\s+", re.I)
# "In view of the recommendation ...", "In the light of ...": prepositional preambular openings.
_PREPOSITIONAL = re.compile(r"^In\s+(?:view|the\s+light)\s+of\b")
# "It is resolved that ...": the operative formula of the earliest Security Council texts.
_IT_IS = re.compile(r"^It\s+is\s+(?:hereby\s+|further\s+|also\s+)?(?:resolved|decided)\b")
# "The Security Council requests ...": the body as the subject of an old operative paragraph.
_SUBJECT = re.compile(
    r"^(?:Therefore\s+)?[Tt]he\s+(?:Security\s+Council|General\s+Assembly|Council|Assembly)\s+"
    r"(?=[a-z])"
)


@dataclass(frozen=True)
class Opening:
    """The opening phrase of a paragraph as written, and the kind of paragraph it opens (None
    when the phrase does not tell: "Reaffirm" in a declaration, "To concur")."""

    phrase: str
    kind: ParagraphKind | None


def read_opening(text: str) -> Opening | None:
    """The opening phrase at the start of ``text``: "Recalling also", "Bearing in mind",
    "Takes note of", "Expresses its appreciation for"; None when ``text`` does not start with a
    capitalized word."""
    text = text.lstrip()
    if not text[:1].isupper():
        return None
    if (formula := _IT_IS.match(text)) is not None:
        return Opening(formula.group(0), ParagraphKind.OPERATIVE)
    if (phrase := _PREPOSITIONAL.match(text)) is not None:
        return Opening(" ".join(phrase.group(0).split()), ParagraphKind.PREAMBULAR)
    subject = _SUBJECT.match(text)
    begin = pos = subject.end() if subject else 0
    adverbs = ADVERBS.match(text[pos:])
    pos += adverbs.end() if adverbs else 0
    having = _HAVING.match(text[pos:])
    pos += having.end() if having else 0
    word = WORD.match(text[pos:])
    if not word:
        return None
    head = word.group(0).lower()
    pos += word.end()
    kind = _kind_of(head, text[pos:], adverbs=bool(adverbs), having=bool(having))
    if subject and kind is not ParagraphKind.OPERATIVE:
        return None
    if head == "to" and (verb := WORD.match(text[pos:].lstrip())):
        pos = len(text) - len(text[pos:].lstrip()) + verb.end()  # "To concur"
    pos = _tails(text, pos)
    key = next((k for k in COMPLEMENTS if head.startswith(k)), None)
    if key and (complement := COMPLEMENTS[key].match(text[pos:])):
        pos += complement.end()
    elif (
        kind is not None
        and (stance := STANCE.match(text[pos:])) is not None
        and (stance.group("its") or head.startswith("express"))
    ):
        pos += stance.end()
    pos = _tails(text, pos)
    if (both := _COORDINATED.match(text[pos:])) and _same_form(head, both.group("verb")):
        pos = _tails(text, pos + both.end())  # "Welcomes and encourages"
    return Opening(" ".join(text[begin:pos].split()).rstrip(","), kind)


_COORDINATED = re.compile(r"^\s+and\s+(?:(?:further|also|strongly|fully)\s+)?(?P<verb>[a-z]+)\b")


def _same_form(head: str, verb: str) -> bool:
    if head.endswith("ing"):
        return verb.endswith("ing") and verb not in NOT_OPENINGS
    return head in OPERATIVE_VERBS and verb in OPERATIVE_VERBS


def _tails(text: str, pos: int) -> int:
    while tail := TAIL.match(text[pos:]):
        pos += tail.end()
    return pos


def _kind_of(head: str, rest: str, *, adverbs: bool, having: bool) -> ParagraphKind | None:
    if having or head in PREAMBLE_ADJECTIVES:
        return ParagraphKind.PREAMBULAR
    if head in OPERATIVE_VERBS:
        return ParagraphKind.OPERATIVE
    if head.endswith("ing") and len(head) > 4 and head not in NOT_OPENINGS:
        return ParagraphKind.PREAMBULAR
    participle = head.endswith("ed") and len(head) > 4 and head not in NOT_PARTICIPLES
    if participle and (adverbs or PARTICIPLE_OBJECT.match(rest)):
        return ParagraphKind.PREAMBULAR  # "Disappointed at", "Deeply disturbed", "Seized of"
    if adverbs and head.endswith("s") and head not in NOT_VERBS:
        return ParagraphKind.OPERATIVE  # "Hereby records", "Further stresses"
    return None


# What follows a verb at the head of a paragraph: its object or complement.
_AFTER_VERB = frozenset(_words(
    """
    the a an that to its their his her all upon on with in for further also once again this
    these those such any each every both it them him whether what and
    """
))


def looks_like_verb(text: str) -> bool:
    """Whether ``text`` opens with a capitalized word that can be a verb in the third person,
    followed by its object ("Dissolves the Commission", "Addresses an urgent appeal"): a weaker
    sign than :func:`read_opening`, for texts whose paragraphs are set apart by blank lines."""
    words = text.split()
    head = words[0] if words else ""
    return (len(words) > 1 and words[1].lower() in _AFTER_VERB and len(head) >= 5
            and head.isalpha() and head[0].isupper() and head[1:].islower()
            and head.endswith("s") and not head.endswith("ss")
            and head.lower() not in NOT_VERBS)


# --- sub-paragraph labels ------------------------------------------------------------------
# Sub-paragraphs are lettered (a), (b) ... (z), (aa); inside them numbered in roman (i), (ii);
# some old texts number them (1), (2). "(i)" is a letter after "(h)" and a numeral elsewhere.

FIRST_LABELS = {"letter": "a", "roman": "i", "digit": "1"}
_ROMAN = (("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


def _to_roman(value: int) -> str:
    out = ""
    for letters, number in _ROMAN:
        while value >= number:
            out += letters
            value -= number
    return out


def _roman_value(label: str) -> int | None:
    value = next((n for n in range(1, 90) if _to_roman(n) == label), None)
    return value


def label_kinds(label: str) -> list[str]:
    """The kinds of label ``label`` can be: "letter", "roman", "digit"."""
    kinds = []
    if re.fullmatch(r"([a-z])\1?", label):
        kinds.append("letter")
    if _roman_value(label) is not None:
        kinds.append("roman")
    if label.isdigit():
        kinds.append("digit")
    return kinds


def next_label(kind: str, last: str) -> str:
    """The label after ``last`` in its kind: "b" after "a", "aa" after "z", "iv" after "iii"."""
    if kind == "letter":
        return "aa" if last == "z" else chr(ord(last[0]) + 1) * len(last)
    if kind == "roman":
        return _to_roman((_roman_value(last) or 0) + 1)
    return str(int(last) + 1)
