"""Sign-out that sticks: every signed-in session has an id, and signing out revokes it.

The session cookie is signed, not stored, so a copy of it would stay valid until it expires;
revoking its id on sign-out kills every copy. Revoked ids are kept until the cookie would
have expired anyway: in Redis when ``WARROOM_CACHE_URL`` is set, otherwise in the store
(table ``revoked_sessions``), so every process and instance knows. Signing in writes nothing.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from sqlalchemy import Column, DateTime, MetaData, String, Table, delete, select
from sqlalchemy.exc import IntegrityError

from warroom.store import Store

_metadata = MetaData()
revoked_t = Table(
    "revoked_sessions",
    _metadata,
    Column("sid", String(64), primary_key=True),
    Column("user", String),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
_KEY = "warroom:revoked:"


def new_session_id() -> str:
    """A fresh random session id for a sign-in."""
    return secrets.token_urlsafe(24)


@lru_cache(maxsize=8)
def _redis(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def revoke(
    sid: str, user: str, *, lifetime: timedelta, store: Store, cache_url: str | None
) -> None:
    """Revoke session ``sid`` (of ``user``) for the rest of its ``lifetime``."""
    if cache_url:
        _redis(cache_url).set(_KEY + sid, user, ex=int(lifetime.total_seconds()) + 60)
        return
    now = datetime.now(UTC)
    with store.begin() as conn:
        _metadata.create_all(conn, checkfirst=True)
        conn.execute(delete(revoked_t).where(revoked_t.c.expires_at < now))
        try:
            with conn.begin_nested():
                conn.execute(
                    revoked_t.insert(), {"sid": sid, "user": user, "expires_at": now + lifetime}
                )
        except IntegrityError:  # already revoked (signed out twice)
            pass


def is_revoked(sid: str, *, store: Store, cache_url: str | None) -> bool:
    """Whether session ``sid`` was signed out (never writes)."""
    if cache_url:
        return bool(_redis(cache_url).exists(_KEY + sid))
    with store.connect() as conn:
        if not conn.dialect.has_table(conn, revoked_t.name):
            return False  # nobody has signed out yet
        return conn.scalar(select(revoked_t.c.sid).where(revoked_t.c.sid == sid)) is not None
