"""Sign-in throttling (Flask-Limiter): failed sign-ins counted per account and per address.

After ``ACCOUNT_LIMIT`` failed sign-ins for one user name, or ``ADDRESS_LIMIT`` from one
address, ``POST /signin`` answers 429 with a plain bilingual message (and ``Retry-After``)
until the window passes, whatever the password, so guessing stays slow even with the right
password among the guesses. Only failures count, so a user who signs in and out often is
never stopped. Unknown user names count exactly like real ones.

The counts live in Redis when ``WARROOM_CACHE_URL`` is set, so every process and instance
shares them; otherwise in this process's memory.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Response, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from warroom.audit import audit
from warroom.config import Settings

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


def _failed(response: Response) -> bool:
    """Only a refused password counts (the sign-in form answers 401)."""
    return response.status_code == 401


def _breached(limit: RequestLimit) -> Response:
    audit("signin_throttled", user=request.form.get("username", "")[:64], limit=str(limit.limit))
    response = Response(TOO_MANY, status=429, mimetype="text/plain")
    response.headers["Retry-After"] = str(max(1, int(limit.reset_at - time.time())))
    return response


def storage_uri(settings: Settings) -> str:
    """Where the counts live: the shared Redis, or this process's memory."""
    return settings.cache_url or "memory://"


def init_throttle(server: Flask, settings: Settings) -> Limiter:
    """Throttle failed sign-ins on ``server`` (call after the sign-in route exists)."""
    limiter = Limiter(
        get_remote_address,
        app=server,
        storage_uri=storage_uri(settings),
        strategy="fixed-window",
        key_prefix="warroom",
        headers_enabled=False,
        in_memory_fallback_enabled=True,  # Redis unreachable: count in memory meanwhile
    )
    view: Any = server.view_functions[SIGNIN_ENDPOINT]  # wrapped twice by the limiter
    view = limiter.limit(
        ADDRESS_LIMIT,
        methods=["POST"],
        deduct_when=_failed,
        on_breach=_breached,
        scope="signin-address",
    )(view)
    view = limiter.limit(
        ACCOUNT_LIMIT,
        key_func=_account,
        methods=["POST"],
        deduct_when=_failed,
        on_breach=_breached,
        scope="signin-account",
    )(view)
    server.view_functions[SIGNIN_ENDPOINT] = view
    server.extensions[_EXTENSION] = limiter
    return limiter
