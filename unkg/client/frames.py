"""SELECT results as pandas DataFrames with real dtypes.

Owns the mapping from RDF terms to pandas columns. Each column takes the dtype of what its cells
hold:

=========================================================  ===============================
cells                                                      column dtype
=========================================================  ===============================
``xsd:date``, ``xsd:dateTime`` (``dateTimeStamp``)         ``datetime64`` (UTC when any
                                                           value has a time zone), ``NaT``
``xsd:integer`` and its kin (``int``, ``long``, ...)       ``Int64`` (nullable)
``xsd:decimal``, ``xsd:double``, ``xsd:float``             ``float64`` (``NaN``)
``xsd:boolean``                                            ``boolean`` (nullable)
IRIs, plain and language-tagged strings, other datatypes   ``string`` (``str`` values)
a mix of the above (``?o`` of ``?s ?p ?o``)                ``object`` of plain Python values
=========================================================  ===============================

Unbound cells are missing values (``pd.NA``, ``NaT`` or ``NaN``, the dtype's own). A literal whose
text does not fit its datatype (``"2010-13-45"^^xsd:date``) turns its column into ``string`` of the
lexical forms, so nothing is lost. A column with no value at all (an empty result) takes the dtype
of its ``hint``, when there is one (the type of a named query's parameter), else ``object``.
pandas is imported when the first frame is built, not with the package.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from rdflib.term import Literal, Node, URIRef

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Column", "column_of", "datatype_column", "frame"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INT64 = range(-(2**63), 2**63)


class Column(Enum):
    """What a column holds, and so its dtype."""

    STRING = "string"
    INTEGER = "Int64"
    FLOAT = "float64"
    BOOLEAN = "boolean"
    DATETIME = "datetime64[ns]"
    OBJECT = "object"


_DATATYPES: dict[str, Column] = {
    **{_XSD + name: Column.INTEGER for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
        "unsignedByte")},
    **{_XSD + name: Column.FLOAT for name in ("decimal", "double", "float")},
    _XSD + "boolean": Column.BOOLEAN,
    _XSD + "date": Column.DATETIME,
    _XSD + "dateTime": Column.DATETIME,
    _XSD + "dateTimeStamp": Column.DATETIME,
}
#: What the Python value of a literal must be for its column (else the literal is ill-typed).
_PYTHON: dict[Column, tuple[type, ...]] = {
    Column.INTEGER: (int,),
    Column.FLOAT: (int, float, Decimal),
    Column.BOOLEAN: (bool,),
    Column.DATETIME: (date,),  # datetime is a date too
}


def frame(variables: Sequence[str], rows: Sequence[Sequence[Node | None]],
          hints: Mapping[str, Column] | None = None) -> pd.DataFrame:
    """The rows of a SELECT as a DataFrame, one column per variable in order (see the module
    docstring for the dtypes); ``hints`` give the dtype of columns that hold no value."""
    try:
        import pandas as pd
    except ImportError as error:
        raise ImportError(
            "query results as DataFrames need pandas: pip install 'unkg[notebooks]'"
        ) from error
    columns: dict[str, Any] = {}
    for i, name in enumerate(variables):
        cells = [row[i] for row in rows]
        hint = (hints or {}).get(name, Column.OBJECT)
        columns[name] = _column(pd, cells, hint)
    return pd.DataFrame(columns, columns=list(variables))


def _column(pd: Any, cells: list[Node | None], hint: Column) -> Any:
    kinds = {column_of(cell) for cell in cells if cell is not None}
    if not kinds:
        return _empty(pd, len(cells), hint)
    kind = kinds.pop() if len(kinds) == 1 else (
        Column.FLOAT if kinds == {Column.INTEGER, Column.FLOAT} else Column.OBJECT)
    if kind is Column.STRING:
        return pd.array([None if c is None else str(c) for c in cells], dtype="string")
    values = [c.toPython() if isinstance(c, Literal) else None for c in cells]
    if kind is Column.OBJECT:
        plain = [None if c is None else _plain(c, v) for c, v in zip(cells, values, strict=True)]
        return pd.Series([pd.NA if v is None else v for v in plain], dtype=object)
    wanted = _PYTHON[kind]
    if any(v is not None and (not isinstance(v, wanted) or _out_of_range(kind, v))
           for v in values):
        # ill-typed literals (or integers past int64): keep every value, as text
        return pd.array([None if c is None else str(c) for c in cells], dtype="string")
    if kind is Column.INTEGER:
        return pd.array(values, dtype="Int64")
    if kind is Column.FLOAT:
        return pd.array([float("nan") if v is None else float(v) for v in values],
                        dtype="float64")
    if kind is Column.BOOLEAN:
        return pd.array(values, dtype="boolean")
    return _datetimes(pd, values)


def column_of(term: Node) -> Column:
    """The column a term's value belongs in: an IRI or string in ``STRING``, a typed literal by
    its datatype (``STRING`` for a datatype without a dtype of its own)."""
    if isinstance(term, Literal) and term.language is None and term.datatype is not None:
        return datatype_column(str(term.datatype))
    return Column.STRING


def datatype_column(datatype: str) -> Column:
    """The column of literals of ``datatype`` (an IRI): ``STRING`` when it has no dtype."""
    return _DATATYPES.get(datatype, Column.STRING)


def _out_of_range(kind: Column, value: Any) -> bool:
    return kind is Column.INTEGER and value not in _INT64


def _plain(term: Node, value: Any) -> Any:
    """A cell of a mixed column as a plain Python value: IRIs and strings as ``str``."""
    if isinstance(term, URIRef) or not isinstance(term, Literal) or isinstance(value, Literal):
        return str(term)
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, int | float | bool | date) else str(term)


def _datetimes(pd: Any, values: list[Any]) -> Any:
    """Dates and date-times as one ``datetime64`` column: naive unless some value has a time
    zone, then every value in UTC (the naive ones taken as UTC)."""
    aware = any(isinstance(v, datetime) and v.tzinfo is not None for v in values)
    stamps = [pd.NaT if v is None else pd.Timestamp(v) for v in values]
    if aware:
        stamps = [s if s is pd.NaT or s.tzinfo is not None else s.tz_localize("UTC")
                  for s in stamps]
        stamps = [s if s is pd.NaT else s.tz_convert("UTC") for s in stamps]
        return pd.Series(stamps, dtype="datetime64[ns, UTC]")
    return pd.Series(stamps, dtype="datetime64[ns]")


def _empty(pd: Any, size: int, hint: Column) -> Any:
    if hint is Column.FLOAT:
        return pd.Series([float("nan")] * size, dtype="float64")
    if hint is Column.OBJECT:
        return pd.Series([pd.NA] * size, dtype=object)
    if hint is Column.DATETIME:
        return pd.Series([pd.NaT] * size, dtype="datetime64[ns]")
    return pd.array([None] * size, dtype=hint.value)
