"""The graph patterns of the facts that both the browsing API and the notebook client ask for.

Owns :data:`CITATION` (a reference, in a paragraph or footnote of a citing document, to a cited
work) and :data:`MANDATE` (a request, in an operative paragraph, to an addressee), each a
:class:`Fact`: the triple patterns every match has, the values a match may have (its
:class:`Column` s, by variable) and the values computed from a match; and the patterns that tie a
mandate to a body (:data:`RECEIVED_BY_BODY`, :data:`GIVEN_BY_BODY`). :meth:`Fact.select` writes a
SELECT from a projection: the fact's pattern, plus the pattern of each projected column and
nothing more. :mod:`unkg.api.resources` and :mod:`unkg.client.facts` build their queries this
way, each with the columns it shows, so a change in the ontology (a renamed predicate, a new class
of paragraph) is made here, once.

The queries match inside ``GRAPH ?g {...}`` (the union default graph repeats a triple once per
graph holding it). Values are bound by the store, never pasted into the text, and the embedded
engine binds only projected variables (:mod:`unkg.graph.embedded`): callers bind only variables
they project, and :meth:`Fact.select` refuses a projected variable that the pattern does not
match, which would be a column that is never bound.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from unkg.ontology import PREFIXES

__all__ = [
    "CITATION",
    "GIVEN_BY_BODY",
    "HEAD",
    "MANDATE",
    "PART_CLASSES",
    "RECEIVED_BY_BODY",
    "Column",
    "Fact",
]

#: The prefixes the patterns below use.
HEAD = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("unkg", "rdfs", "dcterms"))

#: The classes of the parts of a document that hold text: its paragraphs and footnotes.
PART_CLASSES = "unkg:PreambularParagraph, unkg:OperativeParagraph, unkg:Footnote"

_VARIABLE = re.compile(r"\?(\w+)")  # a SPARQL variable; group 1: its name


@dataclass(frozen=True)
class Column:
    """A value of a fact, in variable ``?v``: ``?{subject} {predicate} ?v``, in an ``OPTIONAL``
    unless ``required``; ``among`` (prefixed names) keeps only matches whose value is one of
    them."""

    subject: str
    predicate: str
    required: bool = False
    among: str | None = None

    def pattern(self, variable: str) -> str:
        """The lines of this column's pattern inside ``GRAPH ?g {...}``."""
        triple = f"?{self.subject} {self.predicate} ?{variable}"
        if not self.required:
            return f"    OPTIONAL {{ {triple} }}\n"
        among = "" if self.among is None else f"    FILTER(?{variable} IN ({self.among}))\n"
        return f"    {triple} .\n{among}"


@dataclass(frozen=True)
class Fact:
    """A kind of fact: ``core``, the triple patterns every match has (lines inside ``GRAPH ?g
    {...}``); ``columns``, its other values by variable, in the order their patterns are written;
    ``computed``, the values computed from a match (``BIND`` expressions by variable)."""

    core: str
    columns: Mapping[str, Column]
    computed: Mapping[str, str]

    def select(self, projection: str, *, anchor: str = "", modifiers: str = "") -> str:
        """``SELECT DISTINCT {projection}`` over the matches of this fact (and of ``anchor``, a
        pattern written first that ties the fact to a variable the caller binds, which must be
        projected), with the patterns of the projected columns only; ``modifiers`` follow the
        ``WHERE`` clause (``ORDER BY ...``). A projected variable that is neither in the
        patterns nor computed is a :class:`ValueError`."""
        projected = _VARIABLE.findall(projection)
        known = {*_VARIABLE.findall(anchor + self.core), *self.columns, *self.computed}
        unknown = [name for name in projected if name not in known]
        if unknown:
            raise ValueError(f"not matched by the fact's patterns: ?{', ?'.join(unknown)}")
        columns = "".join(column.pattern(name) for name, column in self.columns.items()
                          if name in projected)
        binds = "".join(f"  BIND({expression} AS ?{name})\n"
                        for name, expression in self.computed.items() if name in projected)
        return (f"{HEAD}\nSELECT DISTINCT {projection}\nWHERE {{\n  GRAPH ?g {{\n"
                f"{anchor}{self.core}{columns}  }}\n{binds}}}\n{modifiers}")


#: A reference ``?reference`` in the paragraph or footnote ``?owner`` of the document ``?citing``
#: to the work ``?work``, with its relation (``"recalls"``, from the concept ``?concept``) and
#: the text that cites (``?textAsWritten``).
CITATION = Fact(
    core="""\
    ?reference unkg:citedWork ?work ;
               unkg:citingParagraph ?owner ;
               unkg:relation ?concept ;
               unkg:textAsWritten ?textAsWritten .
    ?citing unkg:hasParagraph|unkg:hasFootnote ?owner .
""",
    columns={
        "ownerClass": Column("owner", "a", required=True, among=PART_CLASSES),
        "text": Column("owner", "unkg:text"),
        "marker": Column("owner", "unkg:marker"),
        "pinpoint": Column("reference", "unkg:pinpoint"),
        "start": Column("reference", "unkg:start"),
        "end": Column("reference", "unkg:end"),
        "symbol": Column("citing", "dcterms:identifier"),
        "citingLabel": Column("citing", "rdfs:label"),
        "title": Column("citing", "dcterms:title"),
        "date": Column("citing", "dcterms:date"),
        "workSymbol": Column("work", "dcterms:identifier"),
        "workLabel": Column("work", "rdfs:label"),
    },
    computed={"relation": 'STRAFTER(STR(?concept), "#relation-")'},
)

#: A request ``?mandate`` in the paragraph ``?paragraph`` of the resolution ``?resolution``: its
#: ``?addressee``, its verb (``"requests"``, from the concept ``?verbConcept``) and ``?action``.
MANDATE = Fact(
    core="""\
    ?mandate unkg:inParagraph ?paragraph ;
             unkg:addressee ?addressee ;
             unkg:verb ?verbConcept ;
             unkg:action ?action .
    ?resolution unkg:hasParagraph ?paragraph .
""",
    columns={
        "number": Column("paragraph", "unkg:number"),
        "addresseeLabel": Column("addressee", "rdfs:label"),
        "addresseeAsWritten": Column("mandate", "unkg:addresseeAsWritten"),
        "start": Column("mandate", "unkg:start"),
        "symbol": Column("resolution", "dcterms:identifier"),
        "date": Column("resolution", "dcterms:date"),
        "adoptedBy": Column("resolution", "unkg:adoptedBy"),
    },
    computed={"verb": 'STRAFTER(STR(?verbConcept), "#verb-")'},
)

#: Ties :data:`MANDATE` to the body ``?body`` it is addressed to.
RECEIVED_BY_BODY = "    ?mandate unkg:addressee ?body .\n"

#: Ties :data:`MANDATE` to the body ``?body`` that adopted the resolution that gives it.
GIVEN_BY_BODY = "    ?resolution unkg:adoptedBy ?body .\n"
