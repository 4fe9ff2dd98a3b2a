"""Binding query parameters for a remote SPARQL endpoint: the client's one place that builds
query text.

A remote endpoint cannot bind values the way the embedded engine does (``substitutions``), so
:func:`bind_values` writes each parameter as a one-row ``VALUES`` block into the query text. It is
safe because nothing a caller gives can become syntax:

* every value is written by :func:`~unkg.graph.terms.to_ntriples`, which refuses an IRI holding a
  character that ``IRIREF`` forbids (so never a ``>``, a space or a brace), escapes ``\\``, ``"``,
  line feeds and carriage returns in strings and checks language tags and datatype IRIs: a value
  is always exactly ONE term token. Blank nodes are refused (``VALUES`` cannot hold them);
* variable names are the query's own: a binding whose name is not a variable of the query is a
  :class:`~unkg.errors.QueryError` (:func:`~unkg.graph.store.check_bindings`), and a name is
  ``\\w+`` by construction;
* blocks go only right after a ``{`` that the tokenizer found outside strings, IRIs and comments.

Where a block goes. ``VALUES`` joins like any pattern, and a ``FILTER`` sees only its own group,
so a block at the top of the ``WHERE`` clause alone would leave ``FILTER(YEAR(?date) >= ?from)``
inside ``GRAPH ?g { ... }`` without ``?from``. The block therefore opens the ``WHERE`` group
(every parameter, so each is bound in every row even where the patterns never name it) and every
nested group that names a parameter itself (those parameters). Each block holds one row, so the
joins agree and the rows are those of the embedded engine's binding. Groups that are not graph
patterns are left alone: a ``CONSTRUCT`` template, the data of a ``VALUES`` block and a group that
is a sub-``SELECT`` (its own ``WHERE`` group is a group like any other).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib.term import BNode, Node

from unkg.errors import QueryError
from unkg.graph.store import check_bindings, scan_sparql
from unkg.graph.terms import TermError, to_ntriples

__all__ = ["SPARQL_TOKEN", "bind_values"]

#: The tokens of SPARQL text that binding (and :mod:`unkg.client.hints`) look at.
SPARQL_TOKEN = re.compile(
    r"""
      (?P<comment> \#[^\n\r]* )                          # a comment runs to the end of the line
    | (?P<string>  '''(?:[^'\\]|\\.|'(?!''))*'''          # long strings, either quote
                 | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 | '(?:[^'\\\n\r]|\\.)*'                  # short strings, escapes allowed
                 | "(?:[^"\\\n\r]|\\.)*" )
    | (?P<iri>     <[^<>"{}|^`\\\x00-\x20]*> )           # an IRI: no space or brace inside
    | (?P<var>     [?$](?P<name>\w+) )                   # a variable ?name or $name
    | (?P<pname>   (?:[A-Za-z][\w.\-]*)?:                 # a prefixed name, so that unkg:values
                   (?:[\w\-:%]|\.(?=[\w\-:%])|\\.)* )     #   is never taken for a keyword
    | (?P<word>    [A-Za-z_]\w* )                         # a keyword or function name
    | (?P<open>    \{ )                                   # a group opens
    | (?P<close>   \} )                                   # a group closes
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass
class _Group:
    """One ``{ ... }`` of the query text: where a block would go and what it names directly."""

    at: int  # the offset just after its "{"
    depth: int  # how many groups enclose it
    pattern: bool  # a graph pattern (not a template or VALUES data)
    names: set[str] = field(default_factory=set)  # variables named directly in it
    subselect: bool = False  # its first word is SELECT: no block may open it


def bind_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """``sparql`` with each binding written as a one-row ``VALUES`` block (see the module
    docstring); the text is returned unchanged without bindings.

    >>> from rdflib import Literal
    >>> print(bind_values('SELECT ?t { GRAPH ?g { ?r ?p ?t FILTER(?t != ?x) } }',
    ...                   {"x": Literal("n")}))
    SELECT ?t { VALUES (?x) { ("n") } GRAPH ?g { VALUES (?x) { ("n") } ?r ?p ?t FILTER(?t != ?x) } }
    """
    checked = check_bindings(scan_sparql(sparql), bindings)
    if not checked:
        return sparql
    terms: dict[str, str] = {}
    for name, value in checked.items():
        if isinstance(value, BNode):
            raise QueryError(f"binding ?{name}: a blank node cannot be bound on a remote endpoint")
        try:
            terms[name] = to_ntriples(value)
        except TermError as error:
            raise QueryError(f"binding ?{name}: {error}") from error
    groups = _groups(sparql)
    where = next((g for g in groups if g.pattern and g.depth == 0), None)
    inserts: list[tuple[int, list[str]]] = []
    placed: set[str] = set()
    for group in groups:
        if not group.pattern or group.subselect:
            continue
        names = list(terms) if group is where else [n for n in terms if n in group.names]
        if names:
            inserts.append((group.at, names))
            placed.update(names)
    missing = sorted(set(terms) - placed)
    if missing:
        raise QueryError(
            f"cannot bind ?{missing[0]} on a remote endpoint: no group of the query's WHERE clause "
            "can take a VALUES block for it"
        )
    text = sparql
    for at, names in sorted(inserts, reverse=True):
        heads = " ".join("?" + n for n in names)
        row = " ".join(terms[n] for n in names)
        text = f"{text[:at]} VALUES ({heads}) {{ ({row}) }}{text[at:]}"
    return text


def _groups(sparql: str) -> list[_Group]:
    """Every ``{`` of the query, in order, with what it holds."""
    groups: list[_Group] = []
    stack: list[_Group] = []
    previous = ""  # the last keyword or "{" seen, upper-cased
    data_next = False  # after VALUES, the next "{" opens its data
    for match in SPARQL_TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind in ("comment", "string", "iri", "pname"):
            previous = ""
            continue
        if kind == "var":
            if stack:
                stack[-1].names.add(match["name"])
            previous = ""
        elif kind == "word":
            word = match.group().upper()
            if word == "SELECT" and stack and previous == "{":
                stack[-1].subselect = True
            data_next = data_next or word == "VALUES"
            previous = word
        elif kind == "open":
            template = previous in ("CONSTRUCT", "DATA")  # CONSTRUCT WHERE { is a pattern
            group = _Group(match.end(), len(stack), pattern=not (template or data_next))
            if stack and not stack[-1].pattern:
                group.pattern = False  # nothing nests in a template or in VALUES data
            data_next = False
            groups.append(group)
            stack.append(group)
            previous = "{"
        elif kind == "close":
            if stack:
                stack.pop()
            previous = "}"
    return groups
