"""Query evaluation that a deadline really stops: worker processes over a read-only view.

Owns two things: evaluating one query with pyoxigraph into a plain, picklable :class:`Answer`
(:func:`evaluate`, which the in-process threads of :mod:`unkg.graph.embedded` use too), and the
pool of worker processes that runs the timed queries of an on-disk store (:class:`QueryProcesses`).

Why processes: pyoxigraph has no way to interrupt a query. Rows stream, so a worker can stop
between two rows, but the work an engine does before the first row (ORDER BY, GROUP BY, DISTINCT,
aggregates, a join that filters everything out) keeps a thread busy, and a thread cannot be killed.
A process can: at the deadline the pool sends ``SIGKILL`` to the worker, which frees its CPU and
its memory at once, and starts a fresh worker in its place.

How it works:

* each worker is ``python -c ...`` started with :mod:`subprocess` (no fork of the server's threads)
  and talks to the pool over a socket pair (:class:`multiprocessing.connection.Connection`). It
  imports pyoxigraph and this module only, never rdflib;
* a worker opens the store with ``pyoxigraph.Store.read_only(path)``: a snapshot of what the
  store held when it opened, unflushed writes included (RocksDB replays its log), that keeps the
  files it opened even when the writer compacts them away. The pool passes the store's
  :attr:`~unkg.graph.store.Store.generation` with every job; a worker whose snapshot is older
  reopens it first (about 20 ms on a small store), so a query always sees every write made through
  the server before it started;
* terms travel as plain strings and tuples (:data:`Encoded`): pickling pyoxigraph terms costs
  30 us a row, this encoding 4 us;
* the pool waits for the answer until the deadline (plus :data:`GRACE` for a worker that stops
  between rows by itself); past it, or when the worker's resident memory passes the limit, the
  worker is killed and replaced; the replacement has opened the store (it says so) before the
  pool answers the caller. A worker also stops when the server process goes away;
* :meth:`QueryProcesses.run` waits on the caller's thread; :meth:`QueryProcesses.run_async` on an
  event loop, watching the worker's socket (``add_reader``), which spares the HTTP server two
  thread hand-overs per query; it falls back to a thread when no worker is idle or when an answer
  is larger than what the socket already holds.

Limits: POSIX only (the store falls back to threads elsewhere); an in-memory store cannot be shared
with another process, so its queries stay on threads; ``N`` workers run ``N`` queries at once and
further queries wait for a free worker, inside their own time limit.
"""

from __future__ import annotations

import array
import asyncio
import fcntl
import logging
import math
import os
import queue
import signal
import socket
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeAlias

import pyoxigraph as ox

__all__ = [
    "GRACE",
    "Answer",
    "Encoded",
    "Failure",
    "Job",
    "QueryProcesses",
    "Reason",
    "evaluate",
]

log = logging.getLogger(__name__)

#: Seconds past the deadline the pool still waits for a worker that stops between rows itself.
GRACE = 0.1
#: What a worker sends once it has opened the store, before its first job.
_READY = "ready"
#: Seconds a replaced worker is given to open the store before the pool goes on without waiting.
_READY_WITHIN = 10.0
#: Seconds between two looks at a busy worker's memory.
_CHECK_EVERY = 0.05
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# pyoxigraph's message when a substitution names a variable outside the SELECT projection.
_NOT_PROJECTED = "does not contains variable ?"
# How RocksDB's errors start when a read-only view misses a file the writer just compacted away.
_CORRUPTION = "Corruption"
#: Attempts at opening a read-only view, 20 ms apart and more: opening while the writer compacts
#: can find a file listed in the manifest already gone (RocksDB calls that corruption); the next
#: attempt reads the new manifest.
_OPEN_ATTEMPTS = 8

#: A term as it crosses the process boundary: an IRI is its string; a blank node ``(label,)``; a
#: literal ``(value, tag)`` where tag is ``""`` (xsd:string), ``"@lang"`` or the datatype IRI; a
#: quoted triple ``("<<", s, p, o)``; ``None`` is an unbound cell.
Encoded: TypeAlias = "str | tuple[str] | tuple[str, str] | _Quoted | None"
_Quoted: TypeAlias = "tuple[str, Encoded, Encoded, Encoded]"
#: A graph name in a query's dataset.
GraphName: TypeAlias = "ox.NamedNode | ox.BlankNode | ox.DefaultGraph"


class Reason(Enum):
    """Why a query has no answer."""

    SYNTAX = "syntax"  # the parser refused the text; the message has line and column
    NOT_PROJECTED = "not_projected"  # a binding names a variable the SELECT does not return
    FAILED = "failed"  # the engine refused to evaluate it
    STORAGE = "storage"  # the store could not be read
    TIMEOUT = "timeout"  # the deadline passed
    BUSY = "busy"  # the deadline passed while every worker was busy
    MEMORY = "memory"  # the worker passed its memory limit and was killed
    CRASHED = "crashed"  # the worker died


@dataclass(frozen=True)
class Job:
    """One query to evaluate. ``deadline`` is a :func:`time.monotonic` instant (the clock is the
    same in every process of the machine); ``None`` means no time limit."""

    sparql: str
    union: bool = True
    substitutions: tuple[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal], ...] = ()
    default_graph: list[GraphName] | None = None
    named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None
    max_rows: int | None = None
    deadline: float | None = None


@dataclass(frozen=True)
class Answer:
    """A query's answer in plain values. ``kind`` is a :class:`~unkg.graph.store.QueryKind` value;
    ``items`` are rows (SELECT) or triples (CONSTRUCT, DESCRIBE) of :data:`Encoded` terms."""

    kind: str
    variables: list[str] = field(default_factory=list)
    boolean: bool | None = None
    items: list[tuple[Encoded, ...]] = field(default_factory=list)
    truncated: bool = False
    #: Seconds the evaluation took, from the query to its last row (a whole answer only).
    seconds: float = 0.0


@dataclass(frozen=True)
class Failure:
    """No answer, and why; ``message`` is the engine's text (for the syntax error, its position),
    or the name of the unprojected variable for :attr:`Reason.NOT_PROJECTED`."""

    reason: Reason
    message: str = ""


Outcome: TypeAlias = "Answer | Failure"


# -- evaluating one query (in a worker process or on a thread) ----------------------------------


def evaluate(
    engine: ox.Store, job: Job, on_full: Callable[[Answer], None] | None = None
) -> Answer | Failure:
    """Run ``job`` on ``engine``; never raises, and nothing returned references the engine.

    Stops between rows once ``job.deadline`` has passed. When the row cap is reached, the answer
    so far (marked truncated) goes to ``on_full`` before the engine is asked whether one more row
    exists: a caller that must stop waiting then still has rows to return.
    """
    started = time.perf_counter()
    try:
        results = engine.query(
            job.sparql,
            use_default_graph_as_union=job.union,
            substitutions={ox.Variable(name): term for name, term in job.substitutions} or None,
            default_graph=job.default_graph,
            named_graphs=job.named_graphs,
        )
        return _collect(results, job, on_full, started)
    except SyntaxError as error:
        return Failure(Reason.SYNTAX, str(error))
    except OSError as error:
        return Failure(Reason.STORAGE, str(error))
    except RuntimeError as error:
        message = str(error)
        if message.startswith(_CORRUPTION):
            return Failure(Reason.STORAGE, message)
        at = message.find(_NOT_PROJECTED)
        if at >= 0:
            name = message[at + len(_NOT_PROJECTED) :].split()[0]
            return Failure(Reason.NOT_PROJECTED, name)
        return Failure(Reason.FAILED, message)


def _collect(
    results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    job: Job,
    on_full: Callable[[Answer], None] | None,
    started: float,
) -> Answer | Failure:
    if isinstance(results, ox.QueryBoolean):
        return Answer("ask", boolean=bool(results), seconds=time.perf_counter() - started)
    kind, variables = "construct", []
    if isinstance(results, ox.QuerySolutions):
        kind, variables = "select", [variable.value for variable in results.variables]
    items: list[tuple[Encoded, ...]] = []
    cap = -1 if job.max_rows is None else job.max_rows
    deadline = math.inf if job.deadline is None else job.deadline
    clock, add, encoded = time.monotonic, items.append, encode
    if cap == 0 and on_full is not None:
        on_full(Answer(kind, variables, None, [], truncated=True))
    for item in results:
        if len(items) == cap:
            return Answer(kind, variables, None, items, truncated=True)
        if clock() > deadline:
            return Failure(Reason.TIMEOUT)
        add(tuple(map(encoded, item)))
        if len(items) == cap and on_full is not None:
            on_full(Answer(kind, variables, None, list(items), truncated=True))
    return Answer(kind, variables, None, items, truncated=False,
                  seconds=time.perf_counter() - started)


def encode(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Encoded:
    """A pyoxigraph term as :data:`Encoded` plain values."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.language:
            return (term.value, "@" + term.language)
        datatype = term.datatype.value
        return (term.value, "" if datatype == _XSD_STRING else datatype)
    if isinstance(term, ox.BlankNode):
        return (term.value,)
    return ("<<", encode(term.subject), encode(term.predicate), encode(term.object))


# -- the pool (in the server process) ------------------------------------------------------------


class QueryProcesses:
    """``size`` worker processes answering timed queries over the store in ``path``.

    ``memory_limit`` (bytes of resident memory per worker, ``None``: no limit) is checked every
    50 ms while a query runs. Workers start at once (the pool is returned once they have opened
    the store) and are replaced whenever one is killed.
    """

    def __init__(
        self, path: Path, size: int, *, memory_limit: int | None = None, generation: int = 0
    ) -> None:
        if size < 1:
            raise ValueError(f"a pool needs at least one worker, got {size}")
        self._path = path
        self._size = size
        self._memory_limit = memory_limit
        self._generation = generation
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._workers: set[_Worker] = set()
        self._missing = 0  # workers that could not be started; retried by the next query
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._add_worker()
        with self._lock:
            started = list(self._workers)
        for worker in started:  # they start side by side; the pool is ready when they all are
            worker.wait_ready(_READY_WITHIN)

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers (for monitoring and tests)."""
        with self._lock:
            return sorted(worker.process.pid for worker in self._workers)

    def run(
        self, job: Job, generation: int, on_full: Callable[[Answer], None] | None = None
    ) -> Answer | Failure:
        """Evaluate ``job`` (which must have a deadline) on a free worker over a snapshot of
        ``generation``; a worker that passes the deadline or the memory limit is killed."""
        if job.deadline is None:
            raise ValueError("only timed queries go to the worker processes")
        self._generation = generation
        worker = self._take(job.deadline)
        if worker is None:
            return Failure(Reason.BUSY, f"all {self._size} query workers were busy")
        healthy = False
        try:
            worker.connection.send((generation, job))
            outcome, healthy = self._wait(worker, job.deadline + GRACE, on_full)
            return outcome
        except (OSError, EOFError) as error:
            return Failure(Reason.CRASHED, f"the query worker stopped unexpectedly ({error})")
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)

    async def run_async(self, job: Job, generation: int) -> Answer | Failure:
        """:meth:`run` for an event loop, without a thread: the job goes to an idle worker and the
        loop waits for its socket (:meth:`asyncio.AbstractEventLoop.add_reader`). When no worker
        is idle, or the answer is too large to read at once, the waiting goes to a thread; a
        worker killed at the deadline is replaced on a thread too."""
        if job.deadline is None:
            raise ValueError("only timed queries go to the worker processes")
        loop = asyncio.get_running_loop()
        self._generation = generation
        worker = self._take_idle()
        if worker is None:
            return await loop.run_in_executor(None, self.run, job, generation)
        healthy = False
        try:
            worker.connection.send((generation, job))
            outcome, healthy = await self._wait_async(loop, worker, job.deadline + GRACE)
        except (OSError, EOFError) as error:
            outcome = Failure(Reason.CRASHED, f"the query worker stopped unexpectedly ({error})")
        except BaseException:
            # Cancelled (the server stops): the worker may still be busy, so it goes.
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise
        if healthy:
            self._idle.put(worker)
        else:
            await loop.run_in_executor(None, self._replace, worker)
        return outcome

    def close(self) -> None:
        """Stop every worker: idle ones exit when their connection closes, busy ones are killed."""
        with self._lock:
            self._closed = True
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.connection.close()
        for worker in workers:
            try:
                worker.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                worker.kill()

    # -- internals -------------------------------------------------------------------------------

    def _take(self, deadline: float) -> _Worker | None:
        while True:
            if self._missing:
                self._retry_missing()
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if worker.process.poll() is None:
                return worker
            self._replace(worker)  # it died while idle: replace it and take another

    def _wait(
        self, worker: _Worker, until: float, on_full: Callable[[Answer], None] | None
    ) -> tuple[Answer | Failure, bool]:
        """(outcome, whether the worker can take another job)."""
        partial: Answer | None = None
        while True:
            remaining = until - time.monotonic()
            if remaining <= 0:
                return _at_deadline(partial), False
            step = remaining if self._memory_limit is None else min(remaining, _CHECK_EVERY)
            if worker.connection.poll(step):
                message = worker.connection.recv()
                done, outcome, partial = _receive(message, partial)
                if done:
                    assert outcome is not None
                    return outcome, True
                if isinstance(message, _Partial) and on_full is not None:
                    on_full(message.answer)
                continue
            over = self._over_memory(worker)
            if over is not None:
                return over, False

    def _over_memory(self, worker: _Worker) -> Failure | None:
        """The failure of a busy worker past the memory limit, else ``None``."""
        if self._memory_limit is None:
            return None
        resident = worker.resident_bytes()
        if resident is not None and resident > self._memory_limit:
            return Failure(Reason.MEMORY, f"{resident >> 20} MB")
        return None

    def _take_idle(self) -> _Worker | None:
        """An idle live worker, or ``None`` at once when there is none. A worker that died while
        idle goes back to the queue: replacing it means waiting for a new process, which
        :meth:`run` (on a thread, not on the event loop) does when it takes it."""
        if self._missing:
            return None
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            return None
        if worker.process.poll() is None:
            return worker
        self._idle.put(worker)
        return None

    async def _wait_async(
        self, loop: asyncio.AbstractEventLoop, worker: _Worker, until: float
    ) -> tuple[Answer | Failure, bool]:
        """:meth:`_wait` on the event loop."""
        partial: Answer | None = None
        connection = worker.connection
        while True:
            remaining = until - time.monotonic()
            if remaining <= 0:
                return _at_deadline(partial), False
            step = remaining if self._memory_limit is None else min(remaining, _CHECK_EVERY)
            if not connection.poll(0):
                await _readable(loop, connection.fileno(), step)
            if connection.poll(0):
                if _whole_message(connection.fileno()):
                    message = connection.recv()
                else:  # a large answer still arriving: read it off the loop
                    message = await loop.run_in_executor(None, connection.recv)
                done, outcome, partial = _receive(message, partial)
                if done:
                    assert outcome is not None
                    return outcome, True
                continue
            over = self._over_memory(worker)
            if over is not None:
                return over, False

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in its place, returning once the new one has opened
        the store: the pool is whole again (and the new worker's start-up work done) before the
        caller answers."""
        worker.kill()
        with self._lock:
            self._workers.discard(worker)
        self._add_worker(wait=True)

    def _add_worker(self, *, wait: bool = False) -> None:
        if self._is_closed():
            return
        try:
            worker = _Worker.start(self._path, self._generation)
        except OSError as error:
            log.error("cannot start a query worker: %s", error)
            with self._lock:
                self._missing += 1
            return
        if wait:
            worker.wait_ready(_READY_WITHIN)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def _is_closed(self) -> bool:
        with self._lock:
            return self._closed

    def _retry_missing(self) -> None:
        with self._lock:
            missing, self._missing = self._missing, 0
        for _ in range(missing):
            self._add_worker()


async def _readable(loop: asyncio.AbstractEventLoop, fd: int, within: float) -> None:
    """Return once ``fd`` has something to read, or after ``within`` seconds."""
    waiter = loop.create_future()

    def wake() -> None:
        if not waiter.done():
            waiter.set_result(None)

    loop.add_reader(fd, wake)
    timer = loop.call_later(within, wake)
    try:
        await waiter
    finally:
        loop.remove_reader(fd)
        timer.cancel()
        # uvloop leaves the descriptor non-blocking; the connection reads and writes whole
        # messages, blocking (a large answer is read on a thread).
        os.set_blocking(fd, True)


_SIZE = struct.Struct("!i")


def _whole_message(fd: int) -> bool:
    """Whether a whole message (:class:`~multiprocessing.connection.Connection`'s framing: a
    4-byte big-endian length, then the bytes) is already in the socket, so that reading it does
    not wait for the sender."""
    available = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, available)
    if available[0] < _SIZE.size:
        return False
    peek = socket.socket(fileno=fd)
    try:
        size: int = _SIZE.unpack(peek.recv(_SIZE.size, socket.MSG_PEEK))[0]
    finally:
        peek.detach()  # the connection keeps its descriptor
    return 0 <= size <= available[0] - _SIZE.size


def _at_deadline(partial: Answer | None) -> Answer | Failure:
    """What a query still running at its deadline answers: the rows it had at the row cap (the
    answer is whole but for whether more rows exist), else a timeout."""
    return partial if partial is not None else Failure(Reason.TIMEOUT)


def _receive(
    message: object, partial: Answer | None
) -> tuple[bool, Answer | Failure | None, Answer | None]:
    """One message from a busy worker: (the answer is complete, the outcome, the partial answer
    so far)."""
    if isinstance(message, _Partial):
        return False, None, message.answer
    if message == _READY:
        return False, None, partial  # a worker's start-up message that nobody waited for
    if isinstance(message, _Rest) and partial is not None:
        return True, replace(partial, truncated=message.truncated), partial
    assert isinstance(message, Answer | Failure)
    return True, message, partial


@dataclass(frozen=True)
class _Partial:
    """The rows a worker had when it reached the row cap, sent before it looks for one more."""

    answer: Answer


@dataclass(frozen=True)
class _Rest:
    """The end of an answer whose rows went in a :class:`_Partial`: whether more rows exist."""

    truncated: bool


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    connection: Connection

    @classmethod
    def start(cls, path: Path, generation: int) -> _Worker:
        ours, theirs = socket.socketpair()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(theirs.fileno()), str(path), str(generation)],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        return cls(process, Connection(ours.detach()))

    def wait_ready(self, within: float) -> None:
        """Wait (at most ``within`` seconds) for the worker's start-up message, sent once it has
        opened the store; a worker that says nothing is used anyway (its jobs then wait)."""
        try:
            if self.connection.poll(within):
                message = self.connection.recv()
                if message != _READY:
                    log.error("query worker %d started with %r", self.process.pid, message)
        except (OSError, EOFError) as error:
            log.error("query worker %d did not start: %s", self.process.pid, error)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.error("query worker %d did not exit after SIGKILL", self.process.pid)
        self.connection.close()

    def resident_bytes(self) -> int | None:
        """The worker's resident memory, from ``/proc`` (``None`` where there is none)."""
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return None


# -- a worker (in its own process) ---------------------------------------------------------------

_BOOT = "from unkg.graph.query_processes import serve_worker; serve_worker()"


def serve_worker(argv: Sequence[str] | None = None) -> None:
    """The worker's main loop: ``<fd> <store path> <generation>``; answers jobs until the pool
    closes the connection or the parent process goes away."""
    fd, path, generation = (sys.argv[1:] if argv is None else argv)[:3]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _exit_with_parent(os.getppid())
    connection = Connection(int(fd))
    current = int(generation)
    view, problem = _open_view(path)
    try:
        connection.send(_READY)
    except OSError:
        return
    while True:
        try:
            wanted, job = connection.recv()
        except (EOFError, OSError):
            return
        if wanted != current or view is None:
            view = None  # release the old snapshot before opening the new one
            view, problem = _open_view(path)
            current = wanted
        outcome = _evaluate_in_worker(view, problem, path, job, connection)
        try:
            connection.send(outcome)
        except OSError:
            return


def _evaluate_in_worker(
    view: ox.Store | None, problem: str, path: str, job: Job, connection: Connection
) -> Answer | Failure | _Rest:
    if view is None:
        return Failure(Reason.STORAGE, problem)
    sent: list[bool] = []

    def send_partial(answer: Answer) -> None:
        connection.send(_Partial(answer))
        sent.append(True)

    outcome = evaluate(view, job, send_partial)
    if isinstance(outcome, Failure) and outcome.reason is Reason.STORAGE and not sent:
        # A snapshot that lost a file to the writer: one more try on a fresh one.
        view = None
        view, problem = _open_view(path)
        if view is None:
            return replace(outcome, message=problem)
        outcome = evaluate(view, job, send_partial)
    if sent and isinstance(outcome, Answer):
        return _Rest(outcome.truncated)  # the rows went with the partial answer
    return outcome


def _open_view(path: str) -> tuple[ox.Store | None, str]:
    problem = ""
    for attempt in range(_OPEN_ATTEMPTS):
        try:
            return ox.Store.read_only(path), ""
        except (OSError, RuntimeError) as error:
            problem = f"{path}: cannot open the store read-only: {error}"
            time.sleep(0.02 * (attempt + 1))
    return None, problem


def _exit_with_parent(parent: int) -> None:
    """End this process when ``parent`` is gone, even in the middle of a query (the engine
    releases the GIL while it works, so this thread gets to run)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="unkg-parent-watch", daemon=True).start()
