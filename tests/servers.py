"""One way for tests to run the real HTTP server: uvicorn on 127.0.0.1 (a free port) in a thread."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, sync_playwright


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run ``app`` until the block ends; yields its origin, ``http://127.0.0.1:PORT``."""
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def oxigraph_server(location: Path, needed_by: str) -> Iterator[str]:
    """The Oxigraph server from PyPI (``oxigraph serve-read-only --union-default-graph``) over the
    store folder ``location``, on 127.0.0.1; yields its SPARQL endpoint URL (``.../query``). A
    test fails (never skips) when the ``oxigraph`` command is missing."""
    beside_python = str(Path(sys.executable).parent)
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=beside_python)
    if found is None:
        pytest.fail(f"{needed_by} needs the Oxigraph server: pip install -e '.[test]' brings the "
                    "oxigraph package and its command")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    process = subprocess.Popen(
        [found, "serve-read-only", "--location", str(location), "--union-default-graph",
         "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"oxigraph did not start: {process.stderr!r}"
            assert time.monotonic() < deadline, "oxigraph did not start within 30 s"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(timeout=10)


#: Debian's Chromium, which .ci/run installs, driven headless as root with none of its own
#: traffic to Google's hosts.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@contextmanager
def chromium(needed_by: str) -> Iterator[Browser]:
    """Headless Chromium through Playwright; a test fails (never skips) when it is missing."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{needed_by} need Debian's Chromium at {CHROMIUM}, which is not installed: "
            "apt-get update && apt-get install -y --no-install-recommends chromium "
            "(.ci/run installs it)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
