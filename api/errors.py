"""One JSON shape for every error the HTTP API answers, and the handlers that produce it.

Every error response, whatever raised it, has the body::

    {"status": 406, "error": "not_acceptable", "detail": "what went wrong, for a person"}

``status`` repeats the HTTP status, ``error`` is a short stable name a client can test, ``detail``
says what to change. The sources, one handler each:

* :class:`ApiError` (an ``HTTPException`` with its own ``error`` name), raised by the routes;
* any other ``HTTPException`` (Starlette's 404 and 405 included): ``error`` comes from the status;
* ``RequestValidationError``: 422 ``invalid_request``, naming each bad parameter;
* the project's errors (:class:`~unkg.errors.UnkgError`), mapped by :data:`UNKG_ERRORS`, so a
  graph error is never a bare 500;
* anything else: 500 ``internal_error`` without internals (the traceback goes to the log).

The OpenAPI schema says so too: :class:`ErrorBody` is the shape, and :func:`error_responses`
declares it for the statuses a route answers (``responses=error_responses(404, 422)``), in place of
FastAPI's own 422 shape, which this API never sends.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from unkg.errors import (
    QueryError,
    QueryMemoryError,
    QuerySyntaxError,
    QueryTimeoutError,
    SourceError,
    StoreError,
    StoreLockedError,
    SymbolError,
    UnkgError,
)

__all__ = [
    "ERROR_DESCRIPTIONS",
    "UNKG_ERRORS",
    "ApiError",
    "ErrorBody",
    "error_name",
    "error_response",
    "error_responses",
    "install_error_handlers",
]

log = logging.getLogger(__name__)

#: The project's errors as (status, error name), most specific class first.
UNKG_ERRORS: tuple[tuple[type[UnkgError], int, str], ...] = (
    (QuerySyntaxError, 400, "query_syntax"),
    (QueryTimeoutError, 503, "query_timeout"),
    (QueryMemoryError, 503, "query_memory"),
    (QueryError, 400, "query_error"),
    (StoreLockedError, 503, "store_locked"),
    (StoreError, 500, "store_error"),
    (SymbolError, 400, "bad_symbol"),
    (SourceError, 422, "bad_source"),
    (UnkgError, 500, "unkg_error"),
)


class ErrorBody(BaseModel):
    """The one shape of every error the API answers."""

    model_config = ConfigDict(extra="forbid", title="Error")

    status: int = Field(ge=400, le=599, description="The HTTP status, repeated")
    error: str = Field(description="A short stable name a client can test: not_found, "
                                   "invalid_request, not_acceptable, query_timeout, ...")
    detail: str = Field(description="What went wrong and what to change, for a person; a bad "
                                    "parameter is named first (`year: ...`)")


#: What each error status means in this API, for the OpenAPI schema.
ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "The request is malformed (a SPARQL syntax error, a repeated or missing parameter)",
    401: "A write without the update token (Authorization: Bearer)",
    403: "A write that is refused: updates are off, the token is wrong or the store is read-only",
    404: "Nothing in the store has this name",
    406: "No representation this route offers matches `Accept` or `format`",
    413: "The request body is too large",
    415: "The request body's Content-Type is not one this route reads",
    422: "A parameter is invalid; `detail` names it",
    501: "This store cannot do it (it has no full-text index)",
    503: "The query ran past the server's time or memory limit, or the store is busy",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of these error statuses, each with the one error shape."""
    return {status: {"model": ErrorBody, "description": ERROR_DESCRIPTIONS[status]}
            for status in statuses}


class ApiError(HTTPException):
    """An HTTP error with a short name: ``raise ApiError(406, "not_acceptable", "...")``."""

    def __init__(
        self, status: int, error: str, detail: str, *, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(status_code=status, detail=detail, headers=dict(headers or {}))
        self.error = error


def error_name(status: int) -> str:
    """The short name of an HTTP status: 404 -> ``not_found``, 415 -> ``unsupported_media_type``."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "error"
    return "_".join(phrase.lower().replace("-", " ").split())


def error_response(
    status: int, error: str, detail: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The one error shape, as a response."""
    return JSONResponse(
        {"status": status, "error": error, "detail": detail},
        status_code=status,
        headers=dict(headers or {}),
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    name = exc.error if isinstance(exc, ApiError) else error_name(exc.status_code)
    return error_response(exc.status_code, name, str(exc.detail), exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for item in exc.errors():
        where = ".".join(str(part) for part in item.get("loc", ()))
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    return error_response(422, "invalid_request", "; ".join(problems) or "invalid request")


async def _unkg_error(request: Request, exc: Exception) -> JSONResponse:
    for cls, status, name in UNKG_ERRORS:
        if isinstance(exc, cls):
            if status >= 500:
                log.error("%s %s: %s", request.method, request.url.path, exc)
            return error_response(status, name, str(exc))
    raise exc  # unreachable: UnkgError is the last row


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    # Starlette logs the traceback itself after this response is sent.
    return error_response(500, "internal_error", "internal server error; see the server log")


def install_error_handlers(app: FastAPI) -> None:
    """Make every error ``app`` answers take the one JSON shape."""
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(UnkgError, _unkg_error)
    app.add_exception_handler(Exception, _internal_error)
