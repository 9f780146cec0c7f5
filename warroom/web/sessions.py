"""Sign-out that sticks: every signed-in session has an id, and signing out revokes it.

The session cookie is signed, not stored, so a copy of it would stay valid until it expires;
revoking its id on sign-out kills every copy. Revoked ids are kept until the cookie would
have expired anyway: in Redis when ``WARROOM_CACHE_URL`` is set (every instance knows),
otherwise in the sign-in state file beside the store (:mod:`warroom.web.signin_state`,
every process of this machine knows), never in the store itself, whose write lock a build
or a load may hold for minutes. Signing in writes nothing.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from warroom.web.redis_client import redis_at
from warroom.web.signin_state import is_revoked_local, revoke_local

_KEY = "warroom:revoked:"


def new_session_id() -> str:
    """A fresh random session id for a sign-in."""
    return secrets.token_urlsafe(24)


def revoke(sid: str, user: str, *, lifetime: timedelta, local: Path, cache_url: str | None) -> None:
    """Revoke session ``sid`` (of ``user``) for the rest of its ``lifetime``."""
    seconds = int(lifetime.total_seconds()) + 60
    if cache_url:
        redis_at(cache_url).set(_KEY + sid, user, ex=seconds)
    else:
        revoke_local(local, sid, user, seconds)


def is_revoked(sid: str, *, local: Path, cache_url: str | None) -> bool:
    """Whether session ``sid`` was signed out."""
    if cache_url:
        return bool(redis_at(cache_url).exists(_KEY + sid))
    return is_revoked_local(local, sid)
