"""Redis for the multi-instance tests (a pytest plugin, registered in tests/conftest.py).

`redis_server` starts a throwaway Redis from Debian's ``redis-server`` once per session, on
127.0.0.1 at a free port, with no persistence; it yields the ``redis://`` URL. Without the
binary the tests that need it skip, unless WARROOM_REQUIRE_REDIS=1 (as in CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest


def _unavailable(reason: str) -> NoReturn:
    """Skip, or fail when WARROOM_REQUIRE_REDIS=1 so CI can never skip silently."""
    if os.environ.get("WARROOM_REQUIRE_REDIS") == "1":
        pytest.fail(f"{reason} (WARROOM_REQUIRE_REDIS=1)", pytrace=False)
    pytest.skip(f"{reason}; run scripts/install-servers.sh")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port: int, folder: Path) -> subprocess.Popen:
    """A Redis on 127.0.0.1:``port`` with no persistence, answering PING when returned."""
    binary = shutil.which("redis-server")
    if binary is None:
        _unavailable("no redis-server on PATH")
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    args += ["--save", "", "--appendonly", "no", "--logfile", str(folder / "redis.log")]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return proc
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log = folder / "redis.log"
            proc.kill()
            pytest.fail(f"redis-server did not start:\n{log.read_text() if log.exists() else ''}")
        time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    """Stop a Redis started by :func:`start_redis`."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """A throwaway Redis server for the session; yields its URL."""
    base = Path(tempfile.mkdtemp(prefix="warroom-redis-"))
    port = free_port()
    proc = start_redis(port, base)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(proc)
        shutil.rmtree(base, ignore_errors=True)
