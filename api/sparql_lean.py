"""The lean path of SPARQL queries: ``/sparql`` query requests answered in front of FastAPI.

Owns one thing: :class:`LeanApplication`, the FastAPI application whose ASGI entry answers the
plain SPARQL query requests itself, without FastAPI's routing, middleware and dependency
machinery (about half of what a short query cost the server), and passes everything else on,
unchanged, to FastAPI.

The lean path takes a request only when all of these hold; it then answers exactly what the route
of :mod:`unkg.api.sparql` answers (the same functions read the parameters, run the query and
write the result; errors go through the application's own exception handlers):

* ``GET /sparql`` with a non-blank ``query`` parameter, or ``POST /sparql`` with an
  ``application/sparql-query`` or ``application/x-www-form-urlencoded`` body that holds no
  ``update`` (read first; the request then goes on with its body replayed);
* no ``Origin`` header: cross-origin requests (and a browser's preflight) meet the CORS middleware
  as before. Without ``Origin`` that middleware only adds ``Origin`` to ``Vary``, which the lean
  path does too when CORS is on;
* the application has started (its store is open).

Everything else (the service description, the query page, updates, other paths and methods, the
OpenAPI schema) takes FastAPI's way.

A shorter way still serves requests seen before. When the lean path answered a request with a
known query's JSON, written by the engine (:func:`unkg.api.sparql.answer_query`, from
:mod:`unkg.graph.cheap`), the request's shape is remembered: its method, URL parameters,
``Content-Type``, ``Accept`` and body (at most :data:`SHAPE_BODY` bytes), the last
:data:`SHAPES` of them. The same request again is answered from that shape: the query is checked
to be still known over the store's current state (:meth:`EmbeddedStore.recheck
<unkg.graph.embedded.EmbeddedStore.recheck>`), evaluated and written by the engine again, and
sent with the same headers; the parsing, the negotiation and the limits, whose outcome depends on
nothing else, are not done again. That skips most of the server's own code, which costs far more
than its few microseconds when the interpreter's caches have gone cold between requests. When the
query is no longer known (a write, or a slower run), the request takes the lean path as before.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from unkg.api.errors import ApiError
from unkg.api.formats import ResultFormat
from unkg.api.settings import Settings
from unkg.api.sparql import (
    MAX_BODY_BYTES,
    TRUNCATED_HEADER,
    Answered,
    answer_query,
    content_type,
    decode_body,
    get_query,
    known_json,
    post_fields,
    post_query,
)
from unkg.graph.embedded import KnownQuery
from unkg.graph.store import Store

from unkg.errors import UnkgError

__all__ = ["PATH", "SHAPES", "SHAPE_BODY", "LeanApplication"]

log = logging.getLogger(__name__)

#: The path the lean path answers.
PATH = "/sparql"
_QUERY_BODY = "application/sparql-query"
_FORM = "application/x-www-form-urlencoded"
_LEAN_BODIES = (_QUERY_BODY, _FORM)
_Values = Callable[[str], list[str]]
#: How many request shapes are remembered (see the module docstring).
SHAPES = 1024
#: The largest request body whose shape is remembered.
SHAPE_BODY = 16_384
#: What a request's answer depends on: method, URL parameters, Content-Type, Accept, body.
_Shape = tuple[str, bytes, str | None, str | None, bytes]


class LeanApplication(FastAPI):
    """FastAPI with SPARQL query requests answered before its routing (see the module docstring).

    ``vary_origin`` says that the application runs the CORS middleware, which adds ``Origin`` to
    the ``Vary`` header of every response.
    """

    def __init__(self, *args: Any, vary_origin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vary_origin = vary_origin
        vary = b"Accept, Origin" if vary_origin else b"Accept"
        # The headers of a query response, as the route's Response and the CORS middleware
        # write them, with the body's length between the two parts.
        truncated = TRUNCATED_HEADER.lower().encode("latin-1")
        self._before = {flag: ((truncated, b"true" if flag else b"false"), (b"vary", vary))
                        for flag in (False, True)}
        self._type = {fmt: (b"content-type", fmt.content_type.encode("latin-1"))
                      for fmt in ResultFormat}
        self._shapes: OrderedDict[_Shape, KnownQuery] = OrderedDict()
        #: Requests answered from a remembered shape (see the module docstring).
        self.answered_from_shape = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _route_path(scope) == PATH:
            if self._shapes:
                passed = await self._from_shape(scope, receive, send)
                if passed is None:
                    return
                receive = passed
            passed = await self._lean(scope, receive, send)
            if passed is None:
                return
            receive = passed
        await super().__call__(scope, receive, send)

    async def _from_shape(self, scope: Scope, receive: Receive, send: Send) -> Receive | None:
        """Answer the request from its remembered shape, if it has one and its query is still
        known; else the ``receive`` to pass on (one that replays the body when it was read)."""
        method = scope["method"]
        if method not in ("GET", "POST"):
            return receive
        headers = _headers(scope)
        if headers is None:
            return receive
        accept, kind, length = headers
        body = b""
        if method == "POST":
            if length is None or not length.isdigit() or int(length) > SHAPE_BODY:
                return receive
            read = await _read_body(receive, None)
            if read is None:
                return None  # the client went away
            body, receive = read, _replay(read, receive)
        shape = (method, scope["query_string"], kind, accept, body)
        known = self._shapes.get(shape)
        if known is None:
            return receive
        fresh = known.store.recheck(known)
        answer = None if fresh is None else await known_json(fresh)
        if fresh is None or answer is None:
            del self._shapes[shape]
            return receive
        if fresh is not known:
            self._shapes[shape] = fresh
        self.answered_from_shape += 1
        await self._send(send, Answered(answer, ResultFormat.JSON, False))
        return None

    def _remember(self, shape: _Shape, known: KnownQuery) -> None:
        if len(shape[4]) > SHAPE_BODY:
            return
        self._shapes[shape] = known
        if len(self._shapes) > SHAPES:
            self._shapes.popitem(last=False)

    async def _lean(self, scope: Scope, receive: Receive, send: Send) -> Receive | None:
        """Answer the request if it is the lean path's; else the ``receive`` to pass on (one
        that replays the body when it was read)."""
        method = scope["method"]
        if method not in ("GET", "POST"):
            return receive
        store: Store | None = getattr(self.state, "store", None)
        if store is None:
            return receive
        headers = _headers(scope)
        if headers is None:
            return receive
        accept, kind, length = headers
        url = _parameters(scope["query_string"].decode("latin-1"))
        body = b""
        try:
            if method == "GET":
                if not any(value.strip() for value in url.get("query", ())):
                    return receive  # the service description, the query page, or a 400
                asked = get_query(_values(url))
                if asked is None:  # pragma: no cover - a non-blank query was seen above
                    return receive
            else:
                media, charset = content_type(kind or "")
                if media not in _LEAN_BODIES:
                    return receive
                read = await _read_body(receive, length)
                if read is None:
                    return None  # the client went away
                body = read
                fields = post_fields(media, decode_body(body, charset))
                if fields.get("update") or url.get("update"):
                    return _replay(body, receive)
                asked = post_query(_values(fields, url))
            settings: Settings = self.state.settings
            answered = await answer_query(store, settings, accept, asked)
        except (HTTPException, UnkgError) as error:
            await self._error(scope, receive, send, error)
            return None
        except Exception as error:
            log.exception("%s %s", method, PATH)
            await self._error(scope, receive, send, error)
            return None
        if answered.known is not None:
            self._remember((method, scope["query_string"], kind, accept, body), answered.known)
        await self._send(send, answered)
        return None

    async def _send(self, send: Send, answered: Answered) -> None:
        headers = [
            *self._before[answered.truncated],
            (b"content-length", str(len(answered.body)).encode("latin-1")),
            self._type[answered.format],
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answered.body})

    async def _error(self, scope: Scope, receive: Receive, send: Send, error: Exception) -> None:
        """The response the application's exception handler gives ``error``."""
        handler = self._handler(error)
        response: Response = await handler(Request(scope, receive), error)
        if self.vary_origin:
            send = _with_vary_origin(send)
        await response(scope, receive, send)

    def _handler(self, error: Exception) -> Callable[[Request, Exception], Awaitable[Response]]:
        for cls in type(error).__mro__:
            handler = self.exception_handlers.get(cls)
            if handler is not None:
                return handler  # type: ignore[return-value]
        raise error  # no handler at all: the server's own 500


def _headers(scope: Scope) -> tuple[str | None, str | None, str | None] | None:
    """The first ``Accept``, ``Content-Type`` and ``Content-Length`` of the request; ``None``
    when it has an ``Origin`` (a cross-origin request, for the CORS middleware)."""
    accept = kind = length = None
    for name, value in scope["headers"]:
        if name == b"origin":
            return None
        if name == b"accept" and accept is None:
            accept = value.decode("latin-1")
        elif name == b"content-type" and kind is None:
            kind = value.decode("latin-1")
        elif name == b"content-length" and length is None:
            length = value.decode("latin-1")
    return accept, kind, length


def _route_path(scope: Scope) -> str:
    """The path the routes see (without the ``root_path`` a proxy put in front)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root) : len(root) + 1] == "/":
        return path[len(root) :]
    return path


def _parameters(text: str) -> dict[str, list[str]]:
    """The parameters of a query string, as Starlette reads them."""
    parameters: dict[str, list[str]] = {}
    if not text:
        return parameters
    for name, value in parse_qsl(text, keep_blank_values=True):
        parameters.setdefault(name, []).append(value)
    return parameters


def _values(first: dict[str, list[str]], then: dict[str, list[str]] | None = None) -> _Values:
    """Every value of a parameter: those of ``first`` (a POST body), then those of ``then`` (the
    URL)."""

    def values(name: str) -> list[str]:
        found = first.get(name, [])
        return found + then.get(name, []) if then is not None else list(found)

    return values


async def _read_body(receive: Receive, declared: str | None) -> bytes | None:
    """The request body (``None`` when the client went away); a 413 as soon as it is known to be
    over :data:`MAX_BODY_BYTES`."""
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large()
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _too_large()
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _too_large() -> ApiError:
    return ApiError(413, "content_too_large", f"the request body is over {MAX_BODY_BYTES} bytes")


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then what ``receive`` gives."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _with_vary_origin(send: Send) -> Send:
    """``send`` adding ``Origin`` to ``Vary``, as the CORS middleware does without ``Origin``."""

    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            message.setdefault("headers", [])
            headers = MutableHeaders(scope=message)
            headers["Vary"] = ", ".join([*headers.getlist("Vary"), "Origin"])
        await send(message)

    return sender

