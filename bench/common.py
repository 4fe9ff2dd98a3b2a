"""What the benchmark scripts share: one keep-alive HTTP connection that times its requests,
concurrent clients going round a mix, nearest-rank percentiles, a free local port, and a
description of the machine."""

from __future__ import annotations

import http.client
import math
import os
import platform
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, TypeVar

__all__ = ["BenchError", "Connection", "free_port", "machine", "percentile", "round_the_mix"]


class BenchError(RuntimeError):
    """A server did not start, or answered something other than 200."""


class Connection:
    """One keep-alive connection to ``127.0.0.1:port``; :meth:`send` returns (seconds, body)."""

    def __init__(self, port: int, timeout: float, *, name: str = "server") -> None:
        self.name = name
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def send(self, method: str, path: str, body: bytes | None = None,
             headers: Mapping[str, str] | None = None) -> tuple[float, bytes]:
        """The request's wall time and the response body; a status other than 200 raises
        :class:`BenchError`. An idle connection the server dropped is reopened once; a timeout
        is not retried."""
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body, dict(headers or {}))
                response = self.connection.getresponse()
                answer = response.read()
            except TimeoutError:
                self.connection.close()
                raise
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                if attempt == 2:
                    raise
                continue
            if response.status != 200:
                raise BenchError(f"{self.name}: {method} {path}: HTTP {response.status}: "
                                 f"{answer[:300]!r}")
            return time.perf_counter() - started, answer
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


class _Closing(Protocol):
    def close(self) -> None: ...


C = TypeVar("C", bound=_Closing)


def round_the_mix(clients: int, duration: float, join_within: float, connect: Callable[[], C],
                  request: Callable[[C, int], float]) -> tuple[list[float], float, int]:
    """``clients`` threads, each with its own connection (``connect()``), calling
    ``request(connection, turn)`` for ``duration`` seconds, each starting elsewhere in the mix
    (``turn`` counts on from ``7 * index``); requests in flight at the end finish (each thread
    is waited for at most ``join_within`` seconds past the duration). Returns every request's
    seconds, the wall seconds, and the failures (a request that raised :class:`OSError`, an
    HTTP error or :class:`BenchError`)."""
    seconds: list[list[float]] = [[] for _ in range(clients)]
    failed = [0] * clients
    deadline = time.perf_counter() + duration

    def work(index: int) -> None:
        connection = connect()
        turn = index * 7
        try:
            while time.perf_counter() < deadline:
                try:
                    seconds[index].append(request(connection, turn))
                except (OSError, http.client.HTTPException, BenchError):
                    failed[index] += 1
                turn += 1
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + join_within)
    return [x for xs in seconds for x in xs], time.perf_counter() - started, sum(failed)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile, ``q`` in 0..100.

    >>> percentile([3.0, 1.0, 2.0, 4.0], 50), percentile([3.0, 1.0, 2.0, 4.0], 95)
    (2.0, 4.0)
    """
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def machine(packages: Iterable[str]) -> dict[str, Any]:
    """Cores, RAM, CPU model, Python, the load average now, and the versions of ``packages``."""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    ram = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.*)", cpuinfo)
    versions: dict[str, str | None] = {}
    for package in packages:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"nproc": os.cpu_count(), "ram_gib": round(int(ram[1]) / 2**20, 1) if ram else None,
            "cpu": model[1].strip() if model else platform.processor(),
            "python": platform.python_version(), "versions": versions,
            "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
