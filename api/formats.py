"""Result formats of the SPARQL endpoint: choosing one for a request, and writing results in it.

Owns content negotiation and serialisation, nothing else. SELECT and ASK results are written here
by hand, from the store's plain encoded terms (no rdflib term per cell), following the W3C
specifications (JSON: sparql11-results-json, XML: rdf-sparql-XMLres,
CSV and TSV: sparql11-results-csv-tsv, which define them for SELECT only); CONSTRUCT and DESCRIBE
graphs go through rdflib's serialisers.

Choosing a format (:func:`choose_format`): a ``format=`` parameter wins over ``Accept``. It takes
a short name (``json xml csv tsv turtle ntriples rdfxml jsonld`` and the usual spellings
``ttl n3 nt rdf+xml json-ld``) or a media type; ``json`` and ``xml`` mean JSON-LD and RDF/XML for
a graph, as Virtuoso reads them. Without it, the ``Accept`` header is read with its q-values: the
offered type with the highest q wins, an exact match beats a wildcard one at equal q, then the
server's order (the first type of each list below). Nothing acceptable is a 406.

=============  ================================================================================
query form     media types offered (aliases answered with the canonical type in brackets)
=============  ================================================================================
SELECT         application/sparql-results+json, application/sparql-results+xml, text/csv,
               text/tab-separated-values (application/json, application/xml, text/xml)
ASK            application/sparql-results+json, application/sparql-results+xml (same aliases)
CONSTRUCT,     text/turtle, application/n-triples, application/rdf+xml, application/ld+json
DESCRIBE       (application/turtle, application/x-turtle, text/n3, text/plain,
               application/xml, application/json)
=============  ================================================================================
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from xml.sax.saxutils import escape, quoteattr

from rdflib import Graph
from unkg.api.errors import ApiError
from unkg.graph.store import (
    EncodedResult,
    EncodedTerm,
    QueryKind,
    QueryResult,
    Triple,
    encode_term,
)
from unkg.ontology import PREFIXES

from unkg.errors import QueryError

__all__ = [
    "ResultFormat",
    "accepts_any",
    "check_format_names",
    "choose_format",
    "offers",
    "output_prefixes",
    "parse_accept",
    "serialize_graph",
    "serialize_result",
    "wants_graph",
]


class ResultFormat(Enum):
    """A format the endpoint writes; the value is its canonical media type."""

    JSON = "application/sparql-results+json"
    XML = "application/sparql-results+xml"
    CSV = "text/csv"
    TSV = "text/tab-separated-values"
    TURTLE = "text/turtle"
    NTRIPLES = "application/n-triples"
    RDFXML = "application/rdf+xml"
    JSONLD = "application/ld+json"

    @property
    def media_type(self) -> str:
        return self.value

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header: text types say their charset."""
        return self.value + ("; charset=utf-8" if self.value.startswith("text/") else "")

    @property
    def for_graphs(self) -> bool:
        """True for RDF formats (CONSTRUCT, DESCRIBE), False for result formats (SELECT, ASK)."""
        return self in _GRAPH_FORMATS

    @property
    def key(self) -> str:
        """The short name of ``format=``: ``json``, ``rdfxml``..."""
        return self.name.lower()


_GRAPH_FORMATS = frozenset(
    {ResultFormat.TURTLE, ResultFormat.NTRIPLES, ResultFormat.RDFXML, ResultFormat.JSONLD}
)
_F = ResultFormat

#: Offers per query form, in the server's order of preference; later rows are aliases.
_OFFERS: dict[QueryKind, tuple[tuple[str, ResultFormat], ...]] = {
    QueryKind.SELECT: (
        (_F.JSON.value, _F.JSON), (_F.XML.value, _F.XML),
        (_F.CSV.value, _F.CSV), (_F.TSV.value, _F.TSV),
        ("application/json", _F.JSON), ("application/xml", _F.XML), ("text/xml", _F.XML),
    ),
    QueryKind.ASK: (
        (_F.JSON.value, _F.JSON), (_F.XML.value, _F.XML),
        ("application/json", _F.JSON), ("application/xml", _F.XML), ("text/xml", _F.XML),
    ),
    QueryKind.CONSTRUCT: (
        (_F.TURTLE.value, _F.TURTLE), (_F.NTRIPLES.value, _F.NTRIPLES),
        (_F.RDFXML.value, _F.RDFXML), (_F.JSONLD.value, _F.JSONLD),
        ("application/turtle", _F.TURTLE), ("application/x-turtle", _F.TURTLE),
        ("text/n3", _F.TURTLE), ("text/plain", _F.NTRIPLES),
        ("application/xml", _F.RDFXML), ("application/json", _F.JSONLD),
    ),
}

#: ``format=`` short names -> (format for SELECT and ASK, format for graphs).
_NAMES: dict[str, tuple[ResultFormat | None, ResultFormat | None]] = {
    "json": (_F.JSON, _F.JSONLD),
    "xml": (_F.XML, _F.RDFXML),
    "csv": (_F.CSV, None),
    "tsv": (_F.TSV, None),
    "turtle": (None, _F.TURTLE),
    "ttl": (None, _F.TURTLE),
    "n3": (None, _F.TURTLE),
    "ntriples": (None, _F.NTRIPLES),
    "n-triples": (None, _F.NTRIPLES),
    "nt": (None, _F.NTRIPLES),
    "rdfxml": (None, _F.RDFXML),
    "rdf+xml": (None, _F.RDFXML),
    "rdf": (None, _F.RDFXML),
    "jsonld": (None, _F.JSONLD),
    "json-ld": (None, _F.JSONLD),
}

#: A string as a JSON string literal (non-ASCII kept), the json module's C function.
_json_string: Callable[[str], str] = json.encoder.encode_basestring
_RDFLIB_FORMAT = {_F.TURTLE: "turtle", _F.NTRIPLES: "nt", _F.RDFXML: "xml", _F.JSONLD: "json-ld"}
# Characters XML 1.0 cannot carry even escaped (form feeds from PDF text, for one).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PREFIX_DECL = re.compile(
    r"""
    \bPREFIX \s+                        # the keyword (any case)
    (?P<prefix> [A-Za-z][\w.\-]* )? :   # a prefix name, or none for the empty prefix
    \s* <(?P<iri> [^<>"{}|^`\\\x00-\x20]* )>  # the namespace IRI
    """,
    re.VERBOSE | re.IGNORECASE,
)


def offers(kind: QueryKind) -> list[ResultFormat]:
    """The formats a query form can be answered in, the default first."""
    return list(dict.fromkeys(fmt for _, fmt in _OFFERS[kind]))


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their q-values (ranges with a bad q dropped).

    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json, */*;q=0.1")
    [('text/csv', 0.5), ('application/sparql-results+json', 1.0), ('*/*', 0.1)]
    """
    return list(_parse_accept(header))


@functools.lru_cache(maxsize=256)
def _parse_accept(header: str | None) -> tuple[tuple[str, float], ...]:
    # Remembered per header: clients send the same one again and again.
    ranges: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        media, *params = part.split(";")
        media = media.strip().lower()
        if media.count("/") != 1:
            continue
        quality: float | None = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    quality = None
        if quality is not None:
            ranges.append((media, quality))
    return tuple(ranges)


def check_format_names(names: Sequence[str]) -> None:
    """Refuse (400) a ``format=`` value that names no format at all, before any query runs."""
    for name in names:
        key = name.strip().lower()
        if key and key not in _NAMES and not any(key == m for m, _ in _all_offers()):
            known = ", ".join(f.key for f in ResultFormat)
            raise ApiError(400, "unknown_format", f"unknown format={name!r}; use one of {known}")


@functools.lru_cache(maxsize=256)
def accepts_any(accept: str | None) -> bool:
    """False when ``Accept`` rules out every format of every query form (a 406 before running).
    (Remembered per header: clients send the same one again and again.)"""
    ranges = _parse_accept(accept)
    return not ranges or any(_quality(ranges, media)[0] > 0 for media, _ in _all_offers())


def wants_graph(accept: str | None, names: Sequence[str] = ()) -> bool:
    """True when the client asks for RDF: a ``format=`` naming an RDF format, or (without one) an
    ``Accept`` that names an RDF media type itself (``*/*`` and aliases such as
    ``application/xml`` do not count, so a browser is not answered with RDF/XML).
    """
    wanted = [name.strip().lower() for name in names if name.strip()]
    if wanted:
        graph_offers = dict(_OFFERS[QueryKind.CONSTRUCT])
        return any(
            (_NAMES[name][1] if name in _NAMES else graph_offers.get(name)) is not None
            for name in wanted
        )
    ranges = parse_accept(accept)
    return any(
        quality > 0 and specificity > 0
        for quality, specificity in (
            _quality(ranges, fmt.media_type) for fmt in offers(QueryKind.CONSTRUCT)
        )
    )


def choose_format(kind: QueryKind, accept: str | None, names: Sequence[str] = ()) -> ResultFormat:
    """The format to answer a ``kind`` query in: ``format=`` first, then ``Accept``; else 406.

    >>> choose_format(QueryKind.SELECT, "text/csv;q=0.9, application/sparql-results+xml")
    <ResultFormat.XML: 'application/sparql-results+xml'>
    >>> choose_format(QueryKind.CONSTRUCT, None, ["xml"])
    <ResultFormat.RDFXML: 'application/rdf+xml'>
    """
    return _choose_format(kind, accept, tuple(names))


@functools.lru_cache(maxsize=256)
def _choose_format(kind: QueryKind, accept: str | None, names: tuple[str, ...]) -> ResultFormat:
    wanted = [name.strip().lower() for name in names if name.strip()]
    for name in wanted:
        if name in _NAMES:
            fmt = _NAMES[name][1 if kind is QueryKind.CONSTRUCT else 0]
        else:
            fmt = dict(_OFFERS[kind]).get(name)
        if fmt is not None and fmt in offers(kind):
            return fmt
    if wanted:
        raise _not_acceptable(kind, f"format={', '.join(wanted)}")
    ranges = parse_accept(accept)
    if not ranges:
        return _OFFERS[kind][0][1]
    best: tuple[float, int, int] = (0.0, 0, 0)
    chosen: ResultFormat | None = None
    for index, (media, fmt) in enumerate(_OFFERS[kind]):
        quality, specificity = _quality(ranges, media)
        rank = (quality, specificity, -index)
        if quality > 0 and (chosen is None or rank > best):
            best, chosen = rank, fmt
    if chosen is None:
        raise _not_acceptable(kind, f"Accept: {accept}")
    return chosen


def output_prefixes(sparql: str = "") -> dict[str, str]:
    """The project's prefixes, then those the query declares, for Turtle and RDF/XML output."""
    prefixes = dict(PREFIXES)
    for match in _PREFIX_DECL.finditer(sparql):
        prefixes[match["prefix"] or ""] = match["iri"]
    return prefixes


def serialize_result(
    result: QueryResult | EncodedResult,
    fmt: ResultFormat,
    prefixes: Mapping[str, str] | None = None,
) -> bytes:
    """``result`` written in ``fmt`` (which must be one :func:`offers` gives for its kind).

    SELECT and ASK results are written straight from the plain values of an
    :class:`~unkg.graph.store.EncodedResult` (a :class:`~unkg.graph.store.QueryResult` is
    encoded first); graphs go through rdflib. A term that is none of IRI, blank node or literal
    (an RDF-star triple) is a :class:`~unkg.errors.QueryError`.
    """
    if fmt.for_graphs:
        if isinstance(result, EncodedResult):
            result = result.decoded()
        return serialize_graph(result.triples, fmt, prefixes)
    if isinstance(result, QueryResult):
        result = _encoded(result)
    if fmt is _F.JSON:
        return _results_json(result)
    if fmt is _F.XML:
        return _results_xml(result)
    if fmt is _F.CSV:
        return _results_csv(result)
    return _results_tsv(result)


def serialize_graph(
    triples: Iterable[Triple], fmt: ResultFormat, prefixes: Mapping[str, str] | None = None
) -> bytes:
    """Triples as Turtle, N-Triples, RDF/XML or JSON-LD (rdflib), with ``prefixes`` bound."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in (prefixes or {}).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for triple in triples:
        graph.add(triple)
    try:
        return graph.serialize(format=_RDFLIB_FORMAT[fmt], encoding="utf-8")
    except ValueError as error:
        # RDF/XML cannot write a predicate IRI that does not end in an XML name.
        raise ApiError(
            406, "not_acceptable", f"this graph cannot be written as {fmt.media_type}: {error}"
        ) from error


# -- negotiation internals -----------------------------------------------------------------------


def _all_offers() -> list[tuple[str, ResultFormat]]:
    return [offer for kind_offers in _OFFERS.values() for offer in kind_offers]


def _quality(ranges: Sequence[tuple[str, float]], media: str) -> tuple[float, int]:
    """(q, specificity) of the most specific range matching ``media``; (0, -1) if none does."""
    kind = media.split("/")[0]
    best = (0.0, -1)
    for pattern, quality in ranges:
        specificity = 2 if pattern == media else 1 if pattern == kind + "/*" else (
            0 if pattern == "*/*" else -1
        )
        if specificity > best[1]:
            best = (quality, specificity)
    return best


def _not_acceptable(kind: QueryKind, asked: str) -> ApiError:
    form = "CONSTRUCT/DESCRIBE" if kind is QueryKind.CONSTRUCT else kind.name
    names = ", ".join(f"{f.media_type} (format={f.key})" for f in offers(kind))
    return ApiError(
        406, "not_acceptable", f"{form} results cannot be served for {asked}; available: {names}"
    )


# -- SELECT and ASK results ----------------------------------------------------------------------
# Written from EncodedTerm plain values: an IRI is a str, a blank node (id,), a literal
# (lexical form, "" | "@lang" | datatype IRI), an unbound cell None.


def _encoded(result: QueryResult) -> EncodedResult:
    rows = [tuple(encode_term(term) for term in row) for row in result.rows]
    return EncodedResult(result.kind, result.variables, rows, result.boolean, result.truncated,
                         result.elapsed)


def _bad_term(term: object) -> QueryError:
    return QueryError(f"cannot return a result term: {term!r} is not an IRI, blank node or literal")


def _json_term(key: str, term: EncodedTerm) -> str:
    """``"name":{...}``, the JSON of one binding; ``key`` is the name already written with its
    colon. Strings go through the json module's C escaper: twice as fast as dumping dicts."""
    if type(term) is str:
        return key + '{"type":"uri","value":' + _json_string(term) + "}"
    if type(term) is tuple:
        if len(term) == 2:
            value, tag = term
            if not tag:
                return key + '{"type":"literal","value":' + _json_string(value) + "}"
            if tag[0] == "@":
                return (key + '{"type":"literal","value":' + _json_string(value)
                        + ',"xml:lang":' + _json_string(tag[1:]) + "}")
            return (key + '{"type":"literal","value":' + _json_string(value)
                    + ',"datatype":' + _json_string(tag) + "}")
        if len(term) == 1:
            return key + '{"type":"bnode","value":' + _json_string(term[0]) + "}"
    raise _bad_term(term)


def _results_json(result: EncodedResult) -> bytes:
    if result.kind is QueryKind.ASK:
        return b'{"head":{},"boolean":' + (b"true" if result.boolean else b"false") + b"}"
    names = result.variables
    keys = [_json_string(name) + ":" for name in names]
    json_term = _json_term
    rows = [
        "{" + ",".join([json_term(key, term) for key, term in zip(keys, row, strict=True)
                        if term is not None]) + "}"
        for row in result.rows
    ]
    head = '{"head":{"vars":[' + ",".join([_json_string(name) for name in names]) + "]},"
    return (head + '"results":{"bindings":[' + ",".join(rows) + "]}}").encode("utf-8")


def _xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", text), {"\r": "&#13;"})


def _xml_attr(text: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", text))


def _xml_term(term: EncodedTerm) -> str:
    if isinstance(term, str):
        return f"<uri>{_xml_text(term)}</uri>"
    if isinstance(term, tuple) and len(term) == 2:
        value, tag = term
        if not tag:
            attr = ""
        elif tag.startswith("@"):
            attr = f" xml:lang={_xml_attr(tag[1:])}"
        else:
            attr = f" datatype={_xml_attr(tag)}"
        return f"<literal{attr}>{_xml_text(value)}</literal>"
    if isinstance(term, tuple) and len(term) == 1:
        return f"<bnode>{_xml_text(term[0])}</bnode>"
    raise _bad_term(term)


def _results_xml(result: EncodedResult) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n']
    if result.kind is QueryKind.ASK:
        out.append("  <head/>\n")
        out.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>\n")
    else:
        out.append("  <head>\n")
        out += [f"    <variable name={_xml_attr(name)}/>\n" for name in result.variables]
        out.append("  </head>\n  <results>\n")
        for row in result.rows:
            out.append("    <result>")
            out += [
                f"<binding name={_xml_attr(name)}>{_xml_term(term)}</binding>"
                for name, term in zip(result.variables, row, strict=True)
                if term is not None
            ]
            out.append("</result>\n")
        out.append("  </results>\n")
    out.append("</sparql>\n")
    return "".join(out).encode("utf-8")


def _csv_value(term: EncodedTerm) -> str:
    if term is None:
        return ""
    if isinstance(term, str):
        return term
    if isinstance(term, tuple) and len(term) == 2:
        return term[0]
    if isinstance(term, tuple) and len(term) == 1:
        return "_:" + term[0]
    raise _bad_term(term)


def _results_csv(result: EncodedResult) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([_csv_value(term) for term in row] for row in result.rows)
    return buffer.getvalue().encode("utf-8")


def _tsv_string(text: str) -> str:
    # The escapes of Turtle strings; a TSV field must not hold a raw tab or line break.
    return (
        text.replace("\\", "\\\\").replace('"', '\\"')
        .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )


def _tsv_value(term: EncodedTerm) -> str:
    if term is None:
        return ""
    if isinstance(term, str):
        return "<" + term + ">"
    if isinstance(term, tuple) and len(term) == 2:
        value, tag = term
        text = '"' + _tsv_string(value) + '"'
        if not tag:
            return text
        if tag.startswith("@"):
            return text + tag
        return text + "^^<" + tag + ">"
    if isinstance(term, tuple) and len(term) == 1:
        return "_:" + term[0]
    raise _bad_term(term)


def _results_tsv(result: EncodedResult) -> bytes:
    lines = ["\t".join("?" + name for name in result.variables)]
    lines += ["\t".join(_tsv_value(term) for term in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
