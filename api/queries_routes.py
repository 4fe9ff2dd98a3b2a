"""The named queries (``queries/*.rq``) as API routes: ``GET /queries`` and ``GET /queries/{name}``.

:func:`build_router` makes one route per named query when the application is created, each its own
OpenAPI operation whose query parameters are the ones the file's header declares, typed (an
``integer`` parameter is an integer in the schema, a ``date`` a date) and with their defaults. A
call binds them through :meth:`~unkg.graph.named_queries.NamedQuery.bind` (a symbol becomes the
document's IRI, a body acronym the body's IRI), runs the query with the server's time limit and row
cap, and answers JSON rows, or CSV with ``?format=csv``. ``truncated`` (and the
``X-SPARQL-Truncated`` header) says when the row cap cut the result short.

An unknown, repeated, missing or badly typed parameter is a 422 naming it; ``GET /queries`` lists
every query with its parameters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from rdflib import BNode, Literal
from rdflib.namespace import XSD
from rdflib.term import Node
from unkg.api.errors import ApiError, error_responses
from unkg.api.paths import iris_of
from unkg.api.settings import Settings
from unkg.api.sparql import TRUNCATED_HEADER
from unkg.graph.iris import Iris
from unkg.graph.named_queries import NamedQuery, Param, ParamType, load_named_queries
from unkg.graph.store import QueryKind, QueryResult, Store
from unkg.graph.symbols import Symbol

from unkg.errors import QueryError, SymbolError

__all__ = ["RESERVED", "build_router", "openapi_parameters"]

#: Query-string names every named-query route takes itself; no query parameter may use them.
RESERVED = ("format",)
TAG = "Named queries"

_SCHEMA = {
    ParamType.IRI: {"type": "string", "format": "iri"},
    ParamType.STRING: {"type": "string"},
    ParamType.INTEGER: {"type": "integer"},
    ParamType.DATE: {"type": "string", "format": "date"},
    ParamType.SYMBOL: {"type": "string"},
    ParamType.BODY: {"type": "string"},
}
_HOW = {
    ParamType.IRI: "An absolute IRI.",
    ParamType.STRING: "Text.",
    ParamType.INTEGER: "An integer.",
    ParamType.DATE: "A date, YYYY-MM-DD.",
    ParamType.SYMBOL: "A UN document symbol (A/RES/65/230, S/RES/43 (1948)) or its slug "
                      "(A_RES_65_230, S_RES_43(1948)).",
    ParamType.BODY: "A body key or acronym (sc, ccpcj, CCPCJ).",
}
#: A cell of a row: a number or a boolean as such, anything else as its text.
Cell = str | int | float | bool | None


class QueryParamModel(BaseModel):
    name: str
    type: str
    required: bool
    default: str | None
    description: str


class QueryListItemModel(BaseModel):
    name: str
    title: str
    description: str
    href: str
    params: list[QueryParamModel]


class QueryListModel(BaseModel):
    total: int
    queries: list[QueryListItemModel]


class QueryResultModel(BaseModel):
    """The JSON answer of a named query's route."""

    query: str
    title: str
    params: dict[str, str | None] = Field(description="The parameters, as given or defaulted")
    variables: list[str]
    count: int
    truncated: bool = Field(description="true when the row cap cut the result short")
    elapsed: float = Field(description="Seconds the query ran")
    rows: list[dict[str, Cell]]


#: Values the schema shows for a parameter without a default, by type (the first names the sample
#: data's resolution).
_EXAMPLES: dict[ParamType, list[Any]] = {
    ParamType.IRI: ["https://w3id.org/unkg/id/resolution/A_RES_65_230"],
    ParamType.DATE: ["2010-12-21"],
    ParamType.SYMBOL: ["E/CN.15/RES/22/7", "A_RES_65_230"],
    ParamType.BODY: ["ccpcj", "SC"],
}
_NUMBERS = {str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.decimal), str(XSD.double),
            str(XSD.float)}


def build_router(queries: Mapping[str, NamedQuery] | None = None) -> APIRouter:
    """The routes of ``queries`` (default: the packaged named queries) and their list."""
    named = load_named_queries() if queries is None else dict(queries)
    router = APIRouter(tags=[TAG])

    @router.get("/queries", summary="List the named queries",
                responses={200: {"model": QueryListModel}})
    def list_queries() -> JSONResponse:
        """Every named query: its name, title, description, route and typed parameters."""
        return JSONResponse({"total": len(named),
                             "queries": [_describe(query) for query in named.values()]})

    for query in named.values():
        clash = [p.name for p in query.params if p.name in RESERVED]
        if clash:
            raise QueryError(f"named query {query.name}: parameter {clash[0]!r} clashes with the "
                             f"route's own {clash[0]}=; rename it in {query.name}.rq")
        router.add_api_route(
            f"/queries/{query.name}",
            _endpoint(query),
            methods=["GET"],
            name=f"query-{query.name}",
            operation_id="named_query_" + query.name.replace("-", "_"),
            summary=query.title,
            description=query.description,
            openapi_extra={"parameters": openapi_parameters(query)},
            responses={200: {
                "description": "The rows, as JSON or (format=csv) CSV",
                "model": QueryResultModel,
                "content": {"text/csv": {"schema": {"type": "string"}}},
                "headers": {TRUNCATED_HEADER: {
                    "description": "true when the row cap cut the result short",
                    "schema": {"type": "string", "enum": ["true", "false"]}}},
            }, **error_responses(422, 503)},
        )
    return router


def openapi_parameters(query: NamedQuery) -> list[dict[str, Any]]:
    """The OpenAPI query parameters of a named query's route, typed from its header."""
    parameters = []
    for param in query.params:
        schema: dict[str, Any] = dict(_SCHEMA[param.type])
        if param.default is not None:
            schema["default"] = (int(param.default) if param.type is ParamType.INTEGER
                                 else param.default)
        elif param.type in _EXAMPLES:
            schema["examples"] = _EXAMPLES[param.type]
        parameters.append({
            "name": param.name,
            "in": "query",
            "required": param.required,
            "description": f"{param.description}. {_HOW[param.type]}",
            "schema": schema,
        })
    return parameters


def _describe(query: NamedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "href": f"/queries/{query.name}",
        "params": [{"name": p.name, "type": p.type.value, "required": p.required,
                    "default": p.default, "description": p.description}
                   for p in query.params],
    }


def _endpoint(query: NamedQuery) -> Callable[..., Response]:
    def run(request: Request,
            format: str | None = Query(None, description="json (default) or csv",
                                       examples=["json", "csv"])) -> Response:
        as_csv = _wants_csv(format)
        iris = iris_of(request)
        given = _given(query, request)
        bindings = _bind(query, given, iris)
        store: Store = request.app.state.store
        settings: Settings = request.app.state.settings
        result = store.query(query.sparql, bindings=bindings, timeout=settings.query_timeout,
                             max_rows=settings.max_rows)
        variables, rows = _table(result)
        headers = {TRUNCATED_HEADER: "true" if result.truncated else "false"}
        if as_csv:
            return Response(_csv(variables, rows), media_type="text/csv; charset=utf-8",
                            headers=headers)
        return JSONResponse({
            "query": query.name,
            "title": query.title,
            "params": {p.name: given.get(p.name, p.default) for p in query.params},
            "variables": variables,
            "count": len(rows),
            "truncated": result.truncated,
            "elapsed": round(result.elapsed, 6),
            "rows": [dict(zip(variables, map(_json_value, row), strict=True)) for row in rows],
        }, headers=headers)

    run.__name__ = "query_" + query.name.replace("-", "_")
    return run


def _wants_csv(format_name: str | None) -> bool:
    name = (format_name or "json").strip().lower()
    if name not in ("json", "csv"):
        raise ApiError(422, "invalid_request",
                       f"format: unknown format {format_name!r}; use json or csv")
    return name == "csv"


def _given(query: NamedQuery, request: Request) -> dict[str, str]:
    """The query's parameters as the URL gives them; 422 for one it does not take or one given
    twice."""
    names = {p.name for p in query.params}
    takes = ", ".join(sorted(names)) or "no parameters"
    given: dict[str, str] = {}
    for name in request.query_params:
        if name in RESERVED:
            continue
        if name not in names:
            raise ApiError(422, "invalid_request",
                           f"query.{name}: {query.name} takes no parameter {name!r} "
                           f"(it takes: {takes})")
        values = request.query_params.getlist(name)
        if len(values) > 1:
            raise ApiError(422, "invalid_request", f"query.{name}: give it once")
        given[name] = values[0]
        if query.param(name).type is ParamType.SYMBOL and "_" in values[0]:
            given[name] = _symbol_of_slug(values[0])
    return given


def _symbol_of_slug(value: str) -> str:
    """A symbol given as its slug (``S_RES_49(1948)``), as the symbol; anything else unchanged."""
    try:
        return str(Symbol.from_slug(value.strip()))
    except SymbolError:
        return value


def _bind(query: NamedQuery, given: dict[str, str], iris: Iris) -> dict[str, Node]:
    """The typed bindings (:meth:`NamedQuery.bind`); 422 naming a missing or bad parameter."""
    for param in query.params:
        if param.required and param.name not in given:
            raise ApiError(422, "invalid_request",
                           f"query.{param.name}: required ({param.type.value}: "
                           f"{param.description})")
    try:
        return query.bind(given, iris)
    except QueryError as error:
        bad = next((p for p in query.params if p.name in given and not _converts(p, given, iris)),
                   None)
        where = f"query.{bad.name}" if bad is not None else "query"
        raise ApiError(422, "invalid_request", f"{where}: {error}") from None


def _converts(param: Param, given: dict[str, str], iris: Iris) -> bool:
    try:
        param.convert(given[param.name], iris)
    except QueryError:
        return False
    return True


def _table(result: QueryResult) -> tuple[list[str], list[tuple[Node | None, ...]]]:
    """Any result as a table: SELECT rows, one ``boolean`` cell for ASK, triples for CONSTRUCT."""
    if result.kind is QueryKind.ASK:
        return ["boolean"], [(Literal(bool(result.boolean)),)]
    if result.kind is QueryKind.CONSTRUCT:
        return ["subject", "predicate", "object"], [tuple(t) for t in result.triples]
    return list(result.variables), list(result.rows)


def _json_value(term: Node | None) -> Any:
    """A cell as JSON: numbers and booleans as such, anything else as its text."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.datatype is not None:
        value = term.toPython()
        if str(term.datatype) == str(XSD.boolean) and isinstance(value, bool):
            return value
        if str(term.datatype) in _NUMBERS and isinstance(value, int | float):
            return value
    return str(term)


def _csv(variables: list[str], rows: list[tuple[Node | None, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows(["" if t is None else _json_text(t) for t in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _json_text(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)
