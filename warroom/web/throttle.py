"""Sign-in throttling (Flask-Limiter): failed sign-ins counted per account and per address.

After ``ACCOUNT_LIMIT`` failed sign-ins for one user name, or ``ADDRESS_LIMIT`` from one
address, ``POST /signin`` answers 429 with a plain bilingual message (and ``Retry-After``)
until the window passes, whatever the password, so guessing stays slow even with the right
password among the guesses. Only failures count, so a user who signs in and out often is
never stopped. Unknown user names count exactly like real ones.

Each attempt takes its place in both counts *before* its password is checked, and gives
it back when the password was right: counted only afterwards, guesses sent all at once
were each checked against a count that did not hold the others yet (64 at once got 21
guesses checked where the limit is 5).

The counts live in Redis when ``WARROOM_CACHE_URL`` is set, so every process and instance
shares them; otherwise in the sign-in state file beside the store
(:mod:`warroom.web.signin_state`), shared by every process of this machine (gunicorn's
workers each kept their own in memory: twice the guesses with two). Should the storage
fail, the counts go on in this process's memory meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from warroom.audit import audit
from warroom.config import Settings
from warroom.web.signin_state import SCHEME, state_path

ACCOUNT_LIMIT = "5 per 15 minutes"
ADDRESS_LIMIT = "20 per 15 minutes"
SIGNIN_ENDPOINT = "signin"
TOO_MANY = (
    "ลงชื่อเข้าใช้ผิดหลายครั้งเกินไป โปรดรอสักครู่แล้วลองใหม่ / "
    "Too many failed sign-ins. Please wait a while and try again."
)
_EXTENSION = "warroom_limiter"


def _account() -> str:
    return "account:" + request.form.get("username", "").strip().lower()[:64]


def storage_uri(settings: Settings) -> str:
    """Where the counts live: the shared Redis, or the sign-in state file of this machine."""
    return settings.cache_url or f"{SCHEME}://{state_path(settings.build_dir)}"


Place = tuple[RateLimitItem, str, str]  # a limit, its scope and this request's key


class SigninCounts:
    """The two counts of sign-in attempts, taken before a password is checked."""

    def __init__(self, limiter: Limiter):
        self.limiter = limiter
        self.fallback = FixedWindowRateLimiter(MemoryStorage())
        self.limits: list[tuple[RateLimitItem, str, Callable[[], str]]] = [
            (parse(ACCOUNT_LIMIT), "signin-account", _account),
            (parse(ADDRESS_LIMIT), "signin-address", get_remote_address),
        ]

    def _add(self, place: Place, cost: int) -> bool:
        """Add ``cost`` to one count; whether it stays within its limit."""
        item, scope, key = place
        try:
            return self.limiter.limiter.hit(item, scope, key, cost=cost)
        except Exception:  # the storage failed (Redis away): this process counts meanwhile
            return self.fallback.hit(item, scope, key, cost=cost)

    def take(self) -> tuple[list[Place], Place | None]:
        """Take a place in every count: (the places taken, the one over its limit or None)."""
        taken = [(item, scope, key_of()) for item, scope, key_of in self.limits]
        over = [place for place in taken if not self._add(place, 1)]
        return taken, (over[0] if over else None)

    def give_back(self, taken: list[Place]) -> None:
        """Give back the places of an attempt that is not a failure."""
        for place in taken:
            self._add(place, -1)

    def reset_at(self, place: Place) -> float:
        """When the window of a count ends."""
        item, scope, key = place
        try:
            return self.limiter.limiter.get_window_stats(item, scope, key).reset_time
        except Exception:
            return time.time() + item.get_expiry()


def _too_many(counts: SigninCounts, place: Place) -> Response:
    audit("signin_throttled", user=request.form.get("username", "")[:64], limit=str(place[0]))
    response = Response(TOO_MANY, status=429, mimetype="text/plain")
    response.headers["Retry-After"] = str(max(1, int(counts.reset_at(place) - time.time())))
    return response


def init_throttle(server: Flask, settings: Settings) -> Limiter:
    """Throttle failed sign-ins on ``server`` (call after the sign-in route exists)."""
    limiter = Limiter(
        get_remote_address,
        app=server,
        storage_uri=storage_uri(settings),
        strategy="fixed-window",
        key_prefix="warroom",
        headers_enabled=False,
    )
    counts = SigninCounts(limiter)
    view: Callable[..., Any] = server.view_functions[SIGNIN_ENDPOINT]

    def throttled(*args: Any, **kwargs: Any) -> Any:
        if request.method != "POST":
            return view(*args, **kwargs)
        taken, breached = counts.take()
        if breached is not None:
            counts.give_back(taken)  # a refused attempt checks no password: it costs nothing
            return _too_many(counts, breached)
        failed = True
        try:
            response = server.make_response(view(*args, **kwargs))
            failed = response.status_code == 401  # only a refused password counts
            return response
        except Exception:
            failed = False  # a fault (503), not a refused password
            raise
        finally:
            if not failed:
                counts.give_back(taken)

    server.view_functions[SIGNIN_ENDPOINT] = throttled
    server.extensions[_EXTENSION] = limiter
    return limiter
