"""rdflib-endpoint over an N-Quads file, restartable in a second: the benchmark's third server.

``rdflib-endpoint serve FILE.nq`` parses the file into an rdflib ``Dataset`` (union default graph)
and serves it with ``SparqlEndpoint``. It evaluates each query on its event loop, so a query that
runs for minutes (rdflib walks ``GRAPH ?g`` one named graph at a time) holds the server until it
ends, and a client that gives up cannot stop it. This does the same through rdflib-endpoint's
Python API, but loads the data once in this process and serves it from a forked child: the line
``restart`` on standard input kills the child and forks a fresh one over the same ``Dataset``
(shared copy-on-write), so the benchmark can give up on a query in seconds instead of reloading
the file for minutes. End of input, SIGTERM or SIGINT stop the child and this process::

    python bench/rdflib_server.py FILE.nq PORT
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from types import FrameType

_PR_SET_PDEATHSIG = 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python bench/rdflib_server.py FILE.nq PORT", file=sys.stderr)
        return 2
    path, port = args[0], int(args[1])

    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    dataset = Dataset(default_union=True)  # as `rdflib-endpoint serve` builds it
    dataset.parse(path, format="nquads")
    app = SparqlEndpoint(graph=dataset)

    def fork() -> int:
        pid = os.fork()
        if pid == 0:
            # The child dies with this process, whatever kills it.
            with contextlib.suppress(OSError, AttributeError):
                ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
            uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
            os._exit(0)
        return pid

    def end(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, end)
    child = fork()
    try:
        for line in sys.stdin:
            if line.strip() == "restart":
                _kill(child)
                child = fork()
    finally:
        _kill(child)
    return 0


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    raise SystemExit(main())
