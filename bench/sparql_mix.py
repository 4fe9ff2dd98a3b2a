"""The query mix of the SPARQL benchmark, and how answers are compared across servers.

A user of the graph asks for a resolution's outgoing references, for the incoming citations of a
resolution (each over a sample of IRIs, the most cited included), for the resolutions per body per
year, and through the named queries of ``queries/``. Those take parameters that our store binds
as values; other servers only read text, so :func:`fill` writes each value into the query in
place of its variable and closes the WHERE clause with ``BIND(value AS ?variable)``, which keeps
the column and gives every engine the constant to plan with (a ``VALUES`` block would not: a
``FILTER`` inside ``GRAPH ?g { }`` cannot see it).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass

from unkg.graph.named_queries import load_named_queries
from unkg.graph.store import Store, scan_sparql

__all__ = ["Answer", "Case", "answer", "build_cases", "fill"]

PREFIXES = """PREFIX unkg: <https://w3id.org/unkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BRACES = re.compile(
    r"""
      \#[^\n]*                          # a comment
    | "(?:[^"\\\n]|\\.)*"               # a string in double quotes
    | '(?:[^'\\\n]|\\.)*'               # a string in single quotes
    | <[^<>"{}|^`\\\x00-\x20]*>         # an IRI
    | (?P<brace>[{}])                   # a brace, the one thing looked for
    """,
    re.VERBOSE,
)

#: SPARQL JSON results as comparable data: sorted rows of sorted cells, or ASK's boolean.
Answer = list[tuple[tuple[str, str, str, str, str], ...]] | bool


@dataclass(frozen=True)
class Case:
    """One query of the mix: the row of the tables it counts in, what it asks about, its text."""

    query: str
    about: str
    sparql: str

    @property
    def key(self) -> str:
        return f"{self.query} {self.about}".strip()


def fill(sparql: str, values: dict[str, str]) -> str:
    """``sparql`` with each ``?name`` of its WHERE clause replaced by the term ``values[name]``
    (written as in SPARQL: ``<iri>``, ``2010``) and ``BIND(term AS ?name)`` closing the clause.

    >>> print(fill("SELECT ?x ?y WHERE { ?x <p> ?y }", {"y": "<o>"}))
    SELECT ?x ?y WHERE { ?x <p> <o>   BIND(<o> AS ?y)
    }
    """
    where = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
    if where is None:
        raise ValueError("the query has no WHERE clause")
    depth, close = 0, -1
    for token in _BRACES.finditer(sparql, where.end() - 1):
        if token["brace"]:
            depth += 1 if token["brace"] == "{" else -1
            if depth == 0:
                close = token.start()
                break
    if close < 0:
        raise ValueError("the WHERE clause does not close")
    spans = [(start, end, name) for start, end, name in scan_sparql(sparql).var_spans
             if where.end() <= start < close and name in values]
    text = sparql[:close] + "".join(f"  BIND({v} AS ?{k})\n" for k, v in values.items())
    for start, end, name in reversed(spans):
        text = text[:start] + values[name] + text[end:]
    return text + sparql[close:]


def build_cases(store: Store, seed: int) -> list[Case]:
    """The mix, over IRIs sampled from the loaded data (the two most cited resolutions, then a
    sample of the cited, of the ingested and of those with footnotes); the same data and seed give
    the same mix."""
    rng = random.Random(seed)
    cited = store.query(PREFIXES + """
        SELECT ?r (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c unkg:cites ?r . ?r a unkg:Resolution }
        GROUP BY ?r ORDER BY DESC(?n) ?r""", max_rows=None, timeout=600)
    ingested = store.query(PREFIXES + """
        SELECT ?r WHERE { GRAPH ?g { ?r prov:wasGeneratedBy ?a } } ORDER BY ?r""",
                           max_rows=None, timeout=600)
    annotated = store.query(PREFIXES + """
        SELECT DISTINCT ?r WHERE { GRAPH ?g { ?r unkg:hasFootnote ?f } } ORDER BY ?r""",
                            max_rows=None, timeout=600)
    by_citations = [str(row[0]) for row in cited.rows]
    popular = by_citations[:2] + rng.sample(by_citations[2:], 4)
    some = rng.sample([str(row[0]) for row in ingested.rows], 6)
    with_footnotes = rng.sample([str(row[0]) for row in annotated.rows], 3)
    named = load_named_queries()
    cases = [Case("outgoing references", iri,
                  PREFIXES + f"SELECT ?work WHERE {{ <{iri}> unkg:cites ?work }}")
             for iri in some]
    cases += [Case("incoming citations", iri,
                   PREFIXES + f"SELECT ?citing WHERE {{ ?citing unkg:cites <{iri}> }}")
              for iri in popular]
    cases.append(Case("resolutions per body per year", "",
                      named["resolutions-per-body-per-year"].sparql))
    instrument = "https://w3id.org/unkg/id/instrument/"
    for name, param, iris in (
        ("who-recalls", "resolution", popular[:3]),
        ("references-by-relation", "resolution", some[:3]),
        ("footnote-citations", "resolution", with_footnotes),
        ("cites-work", "work", [popular[0], instrument + "untoc", instrument + "udhr"]),
    ):
        cases += [Case(name, iri, fill(named[name].sparql, {param: f"<{iri}>"})) for iri in iris]
    for key, first, last in (("ccpcj", 2010, 2015), ("sc", 2000, 2004), ("hrc", 2015, 2020)):
        values = {"body": f"<https://w3id.org/unkg/id/body/{key}>", "from": str(first),
                  "to": str(last)}
        cases.append(Case("resolutions-by-body-in-years", f"{key} {first}-{last}",
                          fill(named["resolutions-by-body-in-years"].sparql, values)))
    return cases


def answer(body: bytes) -> Answer:
    """SPARQL JSON results as comparable data: rows as sorted cells (variable, kind, value,
    datatype, language), ``xsd:string`` written as a plain literal, the rows sorted."""
    document = json.loads(body)
    if "boolean" in document:
        return bool(document["boolean"])
    rows = []
    for binding in document["results"]["bindings"]:
        cells = []
        for name, term in binding.items():
            kind = "literal" if term["type"] == "typed-literal" else term["type"]
            datatype = term.get("datatype", "")
            cells.append((name, kind, term["value"], "" if datatype == _XSD_STRING else datatype,
                          term.get("xml:lang", "")))
        rows.append(tuple(sorted(cells)))
    return sorted(rows)
