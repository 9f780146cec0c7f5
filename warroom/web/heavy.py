"""Heavy work anyone may start (hotspots computed on demand, briefs, exports), held to a
bounded pool shared by every process of the machine, and to a count per address.

A signed-out visitor could start such work without limit: hotspots for 59 indicators
requested at once ran 59 threads and the map's p95 went to 13.8 s; twenty nationwide
exports at once, 5.4 s. Now each piece of heavy work takes one of ``WARROOM_HEAVY_WORKERS``
slots (lock files in the build folder, so gunicorn's processes share them); a request that
finds them all taken waits its turn for up to ``WARROOM_HEAVY_WAIT_SECONDS``, at most
``WARROOM_HEAVY_QUEUE`` of them per process, and past that is answered "busy, try again"
in Thai and English (HTTP 503 with ``Retry-After``, or the app's message box in a
callback). One address may start at most ``WARROOM_HEAVY_PER_MINUTE`` pieces a minute
(counted where the sign-in throttle counts: Redis, or the sign-in state file); past that it
is told to wait (HTTP 429).
"""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from flask import Flask, Response, current_app, has_request_context
from flask_limiter.util import get_remote_address
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from warroom.audit import audit
from warroom.config import Settings
from warroom.errors import WarroomError
from warroom.web import signin_state  # noqa: F401 (registers the state file's storage)
from warroom.web.throttle import storage_uri

BUSY = (
    "เครื่องแม่ข่ายกำลังประมวลผลงานหนักอื่นอยู่ โปรดลองใหม่อีกครั้งในอีกสักครู่ / "
    "The server is busy with other heavy work. Please try again in a minute."
)
TOO_OFTEN = (
    "มีคำของานหนักจากที่อยู่นี้มากเกินไป โปรดรอสักครู่แล้วลองใหม่ / "
    "Too many heavy requests from this address. Please wait a minute and try again."
)
RETRY_AFTER_S = 30
_EXTENSION = "warroom_heavy"


class BusyError(WarroomError):
    """Heavy work refused for now: every slot taken and the queue full, or the address over
    its count. Its text is the bilingual message the visitor reads."""

    status = 503

    def __init__(self, message: str = BUSY, status: int = 503):
        super().__init__(message)
        self.status = status


class HeavyWork:
    """The pool of heavy work of one installation (see the module)."""

    def __init__(
        self,
        folder: Path,
        *,
        workers: int,
        queue: int,
        wait_seconds: float,
        per_minute: int,
        counts_uri: str | None = None,
    ):
        self.folder = Path(folder)
        self.workers = max(1, workers)
        self.wait_seconds = wait_seconds
        self.per_minute = RateLimitItemPerMinute(max(1, per_minute))
        self._queue = threading.BoundedSemaphore(max(0, queue) + self.workers)
        self._limiter = FixedWindowRateLimiter(
            storage_from_string(counts_uri) if counts_uri else MemoryStorage()
        )
        self._fallback = FixedWindowRateLimiter(MemoryStorage())

    def _count(self, address: str) -> bool:
        """Count one piece of work for ``address``; whether it stays within the limit."""
        try:
            return self._limiter.hit(self.per_minute, "heavy-address", address)
        except Exception:  # the shared storage failed: this process counts meanwhile
            return self._fallback.hit(self.per_minute, "heavy-address", address)

    def _try_slot(self) -> IO | None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for i in range(self.workers):
            handle = (self.folder / f"slot-{i}.lock").open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                handle.close()
        return None

    @contextmanager
    def slot(self, what: str, address: str | None = None) -> Iterator[None]:
        """Hold one slot of the pool while the block runs; raise :class:`BusyError` when the
        address is over its count, or no slot came free in time and the queue is full.

        ``address`` is the client's (default: the current request's)."""
        if address is None and has_request_context():
            address = get_remote_address()
        if address is not None and not self._count(address):
            audit("heavy_throttled", what=what, client=address)
            raise BusyError(TOO_OFTEN, status=429)
        if not self._queue.acquire(blocking=False):  # this process already has enough waiting
            raise BusyError()
        try:
            handle = self._try_slot()
            end = time.monotonic() + self.wait_seconds
            while handle is None and time.monotonic() < end:
                time.sleep(0.05)
                handle = self._try_slot()
            if handle is None:
                raise BusyError()
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
        finally:
            self._queue.release()

    def running(self) -> int:
        """How many slots are taken now, by any process of the machine."""
        taken = 0
        for i in range(self.workers):
            path = self.folder / f"slot-{i}.lock"
            if not path.exists():
                continue
            with path.open("a") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(handle, fcntl.LOCK_UN)
                except BlockingIOError:
                    taken += 1
        return taken


def busy_response(err: BusyError) -> Response:
    """The plain bilingual answer to refused heavy work."""
    response = Response(str(err), status=err.status, mimetype="text/plain")
    response.headers["Retry-After"] = str(RETRY_AFTER_S if err.status == 503 else 60)
    return response


def init_heavy(server: Flask, settings: Settings) -> HeavyWork:
    """The installation's pool on ``server`` (``heavy_work()`` finds it in a request)."""
    pool = HeavyWork(
        Path(settings.build_dir) / "heavy",
        workers=settings.heavy_workers,
        queue=settings.heavy_queue,
        wait_seconds=settings.heavy_wait_seconds,
        per_minute=settings.heavy_per_minute,
        counts_uri=storage_uri(settings),
    )
    server.extensions[_EXTENSION] = pool
    server.register_error_handler(BusyError, busy_response)
    return pool


def heavy_work() -> HeavyWork:
    """The pool of the app serving the current request."""
    return current_app.extensions[_EXTENSION]
