"""The named queries: SPARQL files with a header that says what they ask and what they take.

Owns reading ``.rq`` files (by default the ones packaged in :mod:`unkg.queries`), the grammar of
their header and turning the text a user types (``--param resolution=A/RES/65/230``) into typed
RDF terms that the store binds as values. Running a query is the store's job
(:meth:`unkg.graph.store.Store.query`).

The header is the block of comment lines at the top of the file, one field per line::

    # title: Who recalls a resolution
    # description: The resolutions that recall ?resolution ... a description may go on
    #   on the next lines, indented by two spaces or more after the "#".
    # param: resolution symbol  The recalled resolution's symbol, e.g. A/RES/65/230
    # param: from integer = 1946  The first year

``title`` and ``description`` are required, once each; ``param`` is repeatable. A parameter line is
``NAME TYPE [= DEFAULT]``, then two spaces or more, then its description (which may also start on
the next, indented line). ``NAME`` is the query variable it binds (``?resolution``); a parameter
without a default is required. ``TYPE`` is one of
:class:`ParamType`: ``iri``, ``string``, ``integer`` and ``date`` (typed literals), ``symbol`` (a UN
document symbol, bound as the IRI of the document) and ``body`` (a body key or acronym, bound as
the body's IRI). Lines of the block that are neither a field nor a continuation, unknown fields,
bad types or defaults, and parameters that are not variables of the query's SELECT clause (the
embedded engine binds only those) are errors naming the file and the line.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node
from unkg.graph.bodies import BODIES
from unkg.graph.iris import Iris
from unkg.graph.store import scan_sparql
from unkg.graph.symbols import Symbol
from unkg.graph.terms import TermError, to_ntriples

from unkg.errors import QueryError, SymbolError

__all__ = [
    "NamedQuery",
    "Param",
    "ParamType",
    "QueryHeaderError",
    "load_named_queries",
    "named_query",
    "parse_named_query",
]

#: The package whose ``*.rq`` files are the named queries.
QUERIES_PACKAGE = "unkg.queries"


class ParamType(Enum):
    """What a parameter's value is, and so how the text a user types becomes an RDF term."""

    IRI = "iri"  # an absolute IRI, with or without <angle brackets>
    STRING = "string"  # a plain literal, as typed
    INTEGER = "integer"  # an xsd:integer literal
    DATE = "date"  # an xsd:date literal, written YYYY-MM-DD
    SYMBOL = "symbol"  # a UN document symbol, bound as the IRI of the document it names
    BODY = "body"  # a body key (ccpcj) or acronym (CCPCJ), bound as the body's IRI


class QueryHeaderError(QueryError):
    """The header of a named query file is malformed; the message names the file and line."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        super().__init__(f"{source}, line {line}: {problem}")


@dataclass(frozen=True)
class Param:
    """One parameter of a named query: the variable it binds, its type, default and meaning."""

    name: str
    type: ParamType
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        return self.default is None

    def convert(self, value: str, iris: Iris) -> Node:
        """``value`` as the RDF term to bind; raises :class:`QueryError` naming the parameter."""
        try:
            return _CONVERTERS[self.type](value.strip(), iris)
        except ValueError as error:
            raise QueryError(
                f"parameter {self.name} ({self.type.value}): {value!r} {error}"
            ) from None


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name (the file's stem), header fields and SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str

    def param(self, name: str) -> Param:
        """The parameter called ``name`` (a leading ``?`` or ``$`` is ignored)."""
        bare = name.strip().lstrip("?$")
        for param in self.params:
            if param.name == bare:
                return param
        takes = ", ".join(p.name for p in self.params) or "no parameters"
        raise QueryError(f"query {self.name} has no parameter {bare!r} (it takes: {takes})")

    def bind(self, values: Mapping[str, str], iris: Iris) -> dict[str, Node]:
        """The bindings for :meth:`~unkg.graph.store.Store.query`: each value converted by its
        parameter's type, defaults filled in. An unknown name, a bad value or a missing required
        parameter is a :class:`QueryError` naming the parameter."""
        given = {self.param(name).name: value for name, value in values.items()}
        bindings: dict[str, Node] = {}
        for param in self.params:
            value = given.get(param.name, param.default)
            if value is None:
                raise QueryError(
                    f"query {self.name} needs parameter {param.name} ({param.type.value}: "
                    f"{param.description}); give it as --param {param.name}=VALUE"
                )
            bindings[param.name] = param.convert(value, iris)
        return bindings

    def usage(self) -> str:
        """An example command line: ``unkg query who-recalls --param resolution=SYMBOL``."""
        parts = [f"unkg query {self.name}"]
        for param in self.params:
            if param.required:
                parts.append(f"--param {param.name}={param.type.name}")
        return " ".join(parts)


def parse_named_query(name: str, text: str, *, source: str | None = None) -> NamedQuery:
    """Read one named query from its file text; ``source`` names the file in error messages."""
    where = source or f"{name}.rq"
    if not _NAME.fullmatch(name):
        raise QueryHeaderError(where, 1, f"query name {name!r} must be lower-case words joined "
                                         "by hyphens (the file's stem)")
    entries: list[list[str]] = []  # [field, value] per field line, continuations appended
    numbers: list[int] = []  # the line of each entry
    open_entry = False  # whether a continuation line may extend the last entry
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        body = line[1:]
        field = _FIELD.match(body)
        if not body.strip():
            open_entry = False
        elif field is not None:
            key = field["key"].lower()
            if key not in ("title", "description", "param"):
                raise QueryHeaderError(where, number, f"unknown header field {key!r} "
                                                      "(expected title, description or param)")
            if key != "param" and any(entry[0] == key for entry in entries):
                raise QueryHeaderError(where, number, f"a second {key!r} line")
            entries.append([key, field["value"].strip()])
            numbers.append(number)
            open_entry = True
        elif _CONTINUATION.match(body) and open_entry:
            # a parameter's description may start on the next line: keep the two-space separator
            glue = "  " if entries[-1][0] == "param" else " "
            entries[-1][1] += glue + body.strip()
        else:
            raise QueryHeaderError(where, number, "expected '# field: value' or an indented "
                                                  f"continuation in the header, got {line!r}")
    fields = {key: value for key, value in entries if key != "param"}
    for key in ("title", "description"):
        if not fields.get(key):
            raise QueryHeaderError(where, 1, f"the header has no {key!r} line")
    params = [(n, value) for n, (key, value) in zip(numbers, entries, strict=True)
              if key == "param"]
    checked = _params(where, text, params)
    return NamedQuery(name, fields["title"], fields["description"], checked, text)


def load_named_queries(folder: str | Path | Traversable | None = None) -> dict[str, NamedQuery]:
    """Every ``*.rq`` file of ``folder`` (default: the packaged :mod:`unkg.queries`), by name, in
    name order."""
    root: Traversable = resources.files(QUERIES_PACKAGE) if folder is None else (
        Path(folder) if isinstance(folder, str | Path) else folder)
    if not root.is_dir():
        raise QueryError(f"{root}: no such folder of named queries")
    files = sorted((item for item in root.iterdir() if item.name.endswith(".rq")),
                   key=lambda item: item.name.removesuffix(".rq"))
    queries: dict[str, NamedQuery] = {}
    for item in files:
        name = item.name.removesuffix(".rq")
        text = item.read_text(encoding="utf-8")
        queries[name] = parse_named_query(name, text, source=str(item))
    return queries


def named_query(name: str, folder: str | Path | Traversable | None = None) -> NamedQuery:
    """The named query ``name`` (``.rq`` may be given); a :class:`QueryError` lists the names when
    there is none."""
    queries = load_named_queries(folder)
    found = queries.get(name.removesuffix(".rq"))
    if found is None:
        raise QueryError(f"no named query {name!r}; the named queries are: {', '.join(queries)}")
    return found


# -- the header grammar --------------------------------------------------------------------------

_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FIELD = re.compile(
    r"""
    \ (?P<key>[A-Za-z]+)     # one space after '#', then the field name: title, description, param
    :\s*                     # a colon
    (?P<value>.*)            # the value, to the end of the line
    """,
    re.VERBOSE,
)
_CONTINUATION = re.compile(r" {2,}\S")  # two spaces or more after '#', then text
_PARAM = re.compile(
    r"""
    (?P<name>[A-Za-z_][A-Za-z0-9_]*)      # the variable it binds, without '?'
    \s+(?P<type>[A-Za-z]+)                # its type: iri, string, integer, date, symbol, body
    (?:\s*=\s*(?P<default>\S+(?:\ \S+)*))? # an optional default (single spaces allowed inside)
    (?:\s{2,}(?P<description>\S.*))?      # two spaces or more, then its description
    \Z
    """,
    re.VERBOSE,
)
_QUERY_FORM = re.compile(
    r"""
    \b(?P<form>SELECT|ASK|CONSTRUCT|DESCRIBE)\b  # the first query form is the outer query's
    (?P<clause>.*?)                             # its clause: the projection, for SELECT
    (?:\bWHERE\b|\{)                            # up to the WHERE or the group that opens it
    """,
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)
_SELECT_ALL = re.compile(r"\s*(?:DISTINCT|REDUCED)?\s*\*", re.IGNORECASE)


def _params(where: str, sparql: str, lines: list[tuple[int, str]]) -> tuple[Param, ...]:
    scan = scan_sparql(sparql)
    projected = _projection(sparql)
    params: list[Param] = []
    for number, text in lines:
        match = _PARAM.match(text)
        if match is None or match["description"] is None:
            raise QueryHeaderError(where, number, "expected 'param: NAME TYPE [= DEFAULT]  "
                                                  f"description', got {text!r}")
        name = match["name"]
        try:
            kind = ParamType(match["type"].lower())
        except ValueError:
            types = ", ".join(t.value for t in ParamType)
            raise QueryHeaderError(where, number, f"parameter {name}: unknown type "
                                                  f"{match['type']!r} (types: {types})") from None
        if any(p.name == name for p in params):
            raise QueryHeaderError(where, number, f"parameter {name} is declared twice")
        if name not in scan.variables:
            raise QueryHeaderError(where, number, f"parameter {name}: the query has no ?{name}")
        if projected is not None and name not in projected:
            raise QueryHeaderError(where, number, f"parameter {name}: ?{name} must be in the "
                                                  "SELECT clause, the embedded engine binds only "
                                                  "those variables")
        param = Param(name, kind, match["default"], " ".join(match["description"].split()))
        if param.default is not None:
            try:
                param.convert(param.default, Iris())
            except QueryError as error:
                raise QueryHeaderError(where, number, f"bad default: {error}") from None
        params.append(param)
    return tuple(params)


def _projection(sparql: str) -> frozenset[str] | None:
    """The variables of the outer SELECT clause; ``None`` for ``SELECT *`` or a query of another
    form. Comments are dropped first, so the header's words do not count."""
    code = "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))
    match = _QUERY_FORM.search(code)
    if match is None or match["form"].upper() != "SELECT" or _SELECT_ALL.match(match["clause"]):
        return None
    return frozenset(re.findall(r"[?$]([A-Za-z0-9_]+)", match["clause"]))


# -- converting what users type ------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BODY_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _iri(value: str, iris: Iris) -> Node:
    bare = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    try:
        to_ntriples(URIRef(bare))
    except TermError:
        hint = ""
        with contextlib.suppress(SymbolError):
            hint = f"; for the document with this symbol give <{iris.symbol(Symbol.parse(bare))}>"
        raise ValueError(f"is not an absolute IRI{hint}") from None
    return URIRef(bare)


def _string(value: str, iris: Iris) -> Node:
    return Literal(value)


def _integer(value: str, iris: Iris) -> Node:
    if not _INTEGER.fullmatch(value):
        raise ValueError("is not an integer")
    return Literal(int(value))


def _date(value: str, iris: Iris) -> Node:
    if not _DATE.fullmatch(value):
        raise ValueError("is not a date written YYYY-MM-DD")
    try:
        return Literal(date.fromisoformat(value))
    except ValueError:
        raise ValueError("is not a day of the calendar") from None


def _symbol(value: str, iris: Iris) -> Node:
    try:
        return URIRef(iris.symbol(Symbol.parse(value)))
    except SymbolError as error:
        raise ValueError(f"is not a UN document symbol ({error})") from None


def _body(value: str, iris: Iris) -> Node:
    """A registry key, an acronym of the registry in any case, or the key of a body the extractor
    made from the text (an expert group: lower-case words joined by hyphens)."""
    if value in BODIES:
        return URIRef(iris.body(value))
    folded = value.casefold()
    for row in BODIES.values():
        if folded in (row.key, (row.acronym or "").casefold()):
            return URIRef(iris.body(row.key))
    if _BODY_KEY.fullmatch(value):
        return URIRef(iris.body(value))
    known = ", ".join(sorted(BODIES)[:8])
    raise ValueError(f"is not a body key or acronym (keys look like: {known}, ...)")


_CONVERTERS = {
    ParamType.IRI: _iri,
    ParamType.STRING: _string,
    ParamType.INTEGER: _integer,
    ParamType.DATE: _date,
    ParamType.SYMBOL: _symbol,
    ParamType.BODY: _body,
}
