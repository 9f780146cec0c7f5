"""Sign-out that sticks: every signed-in session has an id, and signing out revokes it.

The session cookie is signed, not stored, so a copy of it would stay valid until it expires;
revoking its id on sign-out kills every copy, until the cookie would have expired anyway.

Where a sign-out is recorded for good (:class:`SessionPlaces`): in the store when it is a
database server every instance shares (PostgreSQL), otherwise in the sign-in state file beside
the store (:mod:`warroom.web.signin_state`, every process of this machine), never in a SQLite
store itself, whose write lock a build or a load may hold for minutes. Redis
(``WARROOM_CACHE_URL``), when set, is only a cache of that record: a signed-out id is found
there first, and a miss is checked against the record, so a restarted (emptied) Redis
forgets nothing. Signing in writes nothing.

Failing closed: when Redis or the record cannot be read, a signed-in request is not let
through as if nobody had signed out; :class:`SessionStateError` (a ``StoreError``) gets the
same bilingual 503 as the store's faults, and so does a sign-in that could not be checked
later (the state is probed before a cookie is given) and a sign-out that could not be
recorded.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from warroom.store import Store, StoreError
from warroom.web.redis_client import redis_at
from warroom.web.signin_state import connect, is_revoked_local, revoke_local

log = logging.getLogger(__name__)
_KEY = "warroom:revoked:"


class SessionStateError(StoreError):
    """The record of signed-out sessions (Redis, or its file) cannot be read or written."""


@dataclass(frozen=True)
class SessionPlaces:
    """Where sign-outs live: ``local`` (the state file), the ``store`` (used when shared)
    and ``cache_url`` (Redis, a cache of the record, or None)."""

    local: Path
    store: Store
    cache_url: str | None = None

    def _durable(self) -> Store | None:
        return self.store if self.store.shared else None


def new_session_id() -> str:
    """A fresh random session id for a sign-in."""
    return secrets.token_urlsafe(24)


def _failed(what: str, exc: Exception) -> SessionStateError:
    log.warning("sign-in state: %s failed: %s", what, exc)
    return SessionStateError(f"the record of signed-out sessions cannot be {what}: {exc}")


def revoke(sid: str, user: str, *, lifetime: timedelta, places: SessionPlaces) -> None:
    """Revoke session ``sid`` (of ``user``) for the rest of its ``lifetime``: recorded for
    good first (SessionStateError or StoreError when it cannot be), then in Redis."""
    seconds = int(lifetime.total_seconds()) + 60
    durable = places._durable()
    if durable is not None:
        durable.revoke_session(sid, user, time.time() + seconds)
    else:
        try:
            revoke_local(places.local, sid, user, seconds)
        except (sqlite3.Error, OSError) as exc:
            raise _failed("written", exc) from exc
    if places.cache_url:
        try:
            redis_at(places.cache_url).set(_KEY + sid, user, ex=seconds)
        except Exception as exc:  # recorded for good already: a miss in Redis checks it
            log.warning("sign-out of %s recorded, not cached in Redis: %s", user, exc)


def is_revoked(sid: str, *, places: SessionPlaces) -> bool:
    """Whether session ``sid`` was signed out; SessionStateError when that cannot be known."""
    if places.cache_url:
        try:
            if redis_at(places.cache_url).exists(_KEY + sid):
                return True
        except Exception as exc:
            raise _failed("read (Redis)", exc) from exc
    durable = places._durable()
    try:
        revoked = (
            durable.session_revoked(sid)
            if durable is not None
            else is_revoked_local(places.local, sid)
        )
    except (sqlite3.Error, OSError) as exc:
        raise _failed("read", exc) from exc
    if revoked and places.cache_url:  # Redis lost it (a restart): cache it again
        try:
            redis_at(places.cache_url).set(_KEY + sid, "", ex=24 * 3600)
        except Exception as exc:
            log.warning("could not cache a sign-out in Redis again: %s", exc)
    return revoked


def check_reachable(places: SessionPlaces) -> None:
    """SessionStateError unless sign-outs can be recorded and read (before a sign-in)."""
    if places.cache_url:
        try:
            redis_at(places.cache_url).ping()
        except Exception as exc:
            raise _failed("read (Redis)", exc) from exc
    if places._durable() is None:
        try:
            connect(places.local).close()
            is_revoked_local(places.local, "")
        except (sqlite3.Error, OSError) as exc:
            raise _failed("read", exc) from exc
