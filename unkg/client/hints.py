"""The dtype a column would have, read from the query and the SHACL shapes of the data.

Owns :func:`column_hints`, which a DataFrame uses for the columns that hold no value (an empty
result, or a variable never bound), so that ``df["date"]`` is ``datetime64`` whether or not a row
came back. A variable's type is read where the query's patterns show it, without parsing the
query:

* the object of a property (``dcterms:date ?date``, ``<http://purl.org/dc/terms/date> ?date``)
  has the ``sh:datatype`` that ``ontology/shapes.ttl`` gives that property (every shape that
  names it agreeing), or is an IRI when the shapes give it an ``sh:class``;
* a subject (``?resolution dcterms:date ...``, ``?s a ...``) and a graph name (``GRAPH ?g``)
  are IRIs.

A variable read two ways, or a property the shapes do not type, gets no hint.
"""

from __future__ import annotations

from functools import cache

from rdflib.namespace import SH
from rdflib.term import URIRef

from unkg.client.frames import Column, datatype_column
from unkg.client.values import SPARQL_TOKEN
from unkg.ontology import load_shapes

__all__ = ["column_hints", "property_columns"]


def column_hints(sparql: str) -> dict[str, Column]:
    """The column of each variable whose type the query's patterns show (see the module)."""
    tokens = [(m.lastgroup or "", m) for m in SPARQL_TOKEN.finditer(sparql)
              if m.lastgroup != "comment"]
    prefixes: dict[str, str] = {}
    found: dict[str, set[Column]] = {}
    for i, (kind, match) in enumerate(tokens):
        text = match.group()
        if kind == "word" and text.upper() == "PREFIX" and i + 2 < len(tokens):
            (_, name), (_, iri) = tokens[i + 1], tokens[i + 2]
            prefixes[name.group().rstrip(":")] = iri.group()[1:-1]
        if kind != "var" or i == 0:
            continue
        before_kind, before = tokens[i - 1]
        after_kind, after = tokens[i + 1] if i + 1 < len(tokens) else ("", None)
        column: Column | None = None
        is_graph = before_kind == "word" and before.group().upper() == "GRAPH"
        is_subject = after_kind in ("iri", "pname") or (after is not None and after.group() == "a")
        if before_kind in ("iri", "pname"):
            predicate = _expand(before.group(), prefixes)
            column = property_columns().get(predicate) if predicate else None
        elif is_graph or is_subject:
            column = Column.STRING
        if column is not None:
            found.setdefault(match["name"], set()).add(column)
    return {name: kinds.pop() for name, kinds in found.items() if len(kinds) == 1}


@cache
def property_columns() -> dict[str, Column]:
    """The column of each property the shapes type, by the property's IRI."""
    shapes = load_shapes()
    seen: dict[str, set[Column]] = {}
    for shape in shapes.subjects(SH.path, None):
        path = shapes.value(shape, SH.path)
        if not isinstance(path, URIRef):
            continue
        datatype = shapes.value(shape, SH.datatype)
        if datatype is not None:
            column = datatype_column(str(datatype))
        elif shapes.value(shape, SH["class"]) is not None:
            column = Column.STRING
        else:
            continue
        seen.setdefault(str(path), set()).add(column)
    return {path: kinds.pop() for path, kinds in seen.items() if len(kinds) == 1}


def _expand(name: str, prefixes: dict[str, str]) -> str | None:
    if name.startswith("<"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    namespace = prefixes.get(prefix)
    return None if namespace is None else namespace + local
