"""Cold starts: ten fresh gunicorn workers of 16 threads under `warroom serve` (the server
started twice, its worker killed and forked anew four times in each), and the first
requests of every page, every script and stylesheet and every page's content fired at once,
before anything else has touched the worker.

Dash prepares itself on its first request (its script registry, the pages' router); with
16 threads serving at once, other requests were answered before that was done: a script
404 (not registered yet) or 500 ("dictionary changed size during iteration"), and the page
that needed it never drew. The app now does that work in ``create_app``, before gunicorn
forks its workers.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import pytest

from tests.instances import Instance
from warroom.serving import page_request

pytestmark = pytest.mark.slow  # minutes: the server started twice, ten workers

STARTS = 10  # cold workers in all
SERVERS = 2  # server starts among them
THREADS = 16
# Every page (the wall, a governor's page of a province and of a district, the workspace,
# the map drilled, the upload page) and what its content must hold once drawn.
PAGES = {
    "/": "map",
    "/district/TH5001": "gov-tile",
    "/province/TH10": "gov-tile",
    "/wall": "wall-map",
    "/explore": "ex-scatter",
    "/upload": "up-",
}
SRC = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(/[^"]+)"')


@pytest.fixture(scope="module")
def first_requests(built) -> list[tuple[str, dict | None]]:
    """Every request a browser makes first on each page: the page, its scripts and
    stylesheets (as the app lists them), the layout, the callbacks' list, the content."""
    from warroom.app import create_app

    client = create_app(built[0]).server.test_client()
    urls: set[str] = {"/_dash-layout", "/_dash-dependencies"}
    for path in PAGES:
        urls.add(path)
        urls.update(SRC.findall(client.get(path).get_data(as_text=True)))
    assert any("react" in u for u in urls) and any(".css?" in u for u in urls)
    requests: list[tuple[str, dict | None]] = [(u, None) for u in sorted(urls)]
    requests += [("/_dash-update-component", page_request(p)) for p in PAGES]
    return requests


def _fetch(base: str, url: str, body: dict | None) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base + url, data=data, headers={"Content-Type": "application/json"} if data else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")[:300]


def _wait_listening(instance: Instance, timeout: float = 240) -> None:
    """Until gunicorn accepts connections: no request is sent, so none warms the worker."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if instance.proc.poll() is not None:
            raise RuntimeError(f"instance exited:\n{instance.log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", instance.port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"instance not listening:\n{instance.log.read_text()[-3000:]}")


def _worker(instance: Instance, timeout: float = 120) -> int:
    """The pid of gunicorn's one worker (a child of the master, `warroom serve` itself)."""
    end = time.monotonic() + timeout
    children = Path(f"/proc/{instance.proc.pid}/task/{instance.proc.pid}/children")
    while time.monotonic() < end:
        pids = children.read_text().split()
        if pids:
            return int(pids[0])
        time.sleep(0.1)
    raise RuntimeError(f"no worker:\n{instance.log.read_text()[-3000:]}")


def _restart_worker(instance: Instance) -> None:
    """Stop the worker and wait until it is gone: the master forks a new, cold one, and
    every connection waits in the listening socket's backlog until that one accepts."""
    pid = _worker(instance)
    os.kill(pid, signal.SIGKILL)
    end = time.monotonic() + 60
    while Path(f"/proc/{pid}").exists() and time.monotonic() < end:
        time.sleep(0.05)  # a zombie until the master reaps it, then gone


def _fire(base: str, requests: list[tuple[str, dict | None]]) -> list[tuple[int, str]]:
    """Every request at once, as a browser and its neighbours send them."""
    barrier = Barrier(len(requests))

    def first(request: tuple[str, dict | None]) -> tuple[int, str]:
        barrier.wait()
        return _fetch(base, *request)

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(first, requests))


def test_ten_cold_starts_answer_every_first_request(built, first_requests, tmp_path):
    """Twice: the server started; its first worker, then four fresh ones (gunicorn forks a
    new worker from the master when one dies), each met by every first request at once."""
    env = {"WARROOM_BUILD_DIR": str(built[0].build_dir)}
    failures: list[str] = []
    for server in range(SERVERS):
        instance = Instance(env, tmp_path / f"serve-{server}.log", workers=1, threads=THREADS)
        try:
            _wait_listening(instance)
            for worker in range(STARTS // SERVERS):
                if worker:
                    _restart_worker(instance)
                answers = _fire(instance.url, first_requests)
                start = f"start {server}.{worker}"
                failures += _problems(start, first_requests, answers)
        finally:
            instance.stop()
    assert not failures, "\n".join(failures)


def _problems(start: str, requests: list, answers: list[tuple[int, str]]) -> list[str]:
    found = []
    for (url, body), (status, text) in zip(requests, answers, strict=True):
        what = f"{url} {body['inputs'][0]['value']}" if body else url
        if status != 200:
            found.append(f"{start}: {what} answered {status}: {text[:200]}")
        elif body is not None:
            path = body["inputs"][0]["value"]
            if PAGES[path] not in text:
                found.append(f"{start}: {path} content lacks {PAGES[path]!r}")
    return found
