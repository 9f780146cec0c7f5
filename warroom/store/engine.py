"""Database engines, and database faults told in one line.

SQLite gets write-ahead logging (readers never wait for a load) and a busy timeout; a
*writer* engine starts every transaction with ``BEGIN IMMEDIATE`` so that concurrent loads
queue for the write lock instead of failing half-way with "database is locked". Waits are
bounded: a writer waits ``lock_timeout`` seconds for the lock, then fails with a message.

An SQLite file is opened with ``mode=rw``: a missing file is an error, never a new empty
store (only ``Store.create`` makes one). Faults (missing, corrupt, locked, unreachable)
become a ``StoreError`` whose message is one line, raised from SQLAlchemy's error hook, so
no caller needs to know SQLite's or PostgreSQL's wording.
"""

from __future__ import annotations

import os
import sqlite3
import weakref
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, ExceptionContext, make_url
from sqlalchemy.pool import QueuePool

from warroom.errors import WarroomError

READ_TIMEOUT_S = 5.0  # readers rarely wait (WAL); when they do, not for long
LOCK_TIMEOUT_S = 30.0  # how long a writer waits for the write lock by default
_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def _forget_parent_connections() -> None:
    """In a forked child (gunicorn's workers), never reuse the parent's pooled connections."""
    for engine in list(_engines):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_parent_connections)


def _owner_only(path: Path) -> None:
    """The store holds password hashes: only its owner may read it (SQLite gives its WAL
    and shared-memory files the database file's mode)."""
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:  # not ours to change (another user's file): leave it
        pass


class StoreError(WarroomError):
    """The database cannot be used; the message says why in one line."""


class StoreMissingError(StoreError):
    """No database (or no War Room schema) where the settings point."""


class StoreCorruptError(StoreError):
    """The file is not a readable database."""


class StoreOutdatedError(StoreError):
    """The store was made by an older schema; a build brings it up to date."""


class StoreBusyError(StoreError):
    """Another process held the write lock for longer than we wait."""


def sqlite_path(url: str | URL) -> Path | None:
    """The file of an SQLite URL (None for other databases and in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def where(url: str | URL) -> str:
    """A database's place for messages: a file path, or host/database (no password)."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    parsed = make_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or ''}/{parsed.database or ''}"


def describe_fault(exc: BaseException, url: str, *, lock_timeout: float) -> StoreError | None:
    """The ``StoreError`` for a database fault, or None for other errors (bugs, constraints)."""
    text = str(exc).lower()
    place = where(url)
    code = getattr(exc, "sqlstate", None) or getattr(getattr(exc, "diag", None), "sqlstate", None)
    if "database is locked" in text or "database is busy" in text or code == "55P03":
        return StoreBusyError(
            f"the store {place} is busy: another process held its write lock for more than "
            f"{lock_timeout:g} s (a build or a load); try again in a moment"
        )
    if "unable to open database file" in text:
        return StoreMissingError(
            f"no database at {place} (deleted or moved?): run `warroom build` to make it"
        )
    if "file is not a database" in text or "malformed" in text or "not a database" in text:
        return StoreCorruptError(
            f"{place} is not a readable database (corrupt, or not SQLite): restore it from a "
            "backup or run `warroom build` after moving it away"
        )
    if "no such column" in text or ("column" in text and "does not exist" in text):
        return StoreOutdatedError(f"{place} was built by an older War Room: run `warroom build`")
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        return StoreMissingError(f"{place} holds no War Room store: run `warroom build`")
    if "readonly database" in text or "read-only" in text or code == "25006":
        return StoreError(
            f"the store {place} is read-only (its file, its folder or the disk): nothing was "
            "written; an administrator must make it writable again"
        )
    if "disk is full" in text or "no space left" in text or code == "53100":
        return StoreError(
            f"the disk holding the store {place} is full: nothing was written; free some "
            "space and try again"
        )
    if "disk i/o error" in text:
        return StoreError(f"the store {place} could not be read or written (a disk I/O error)")
    if "connection refused" in text or "could not connect" in text or code == "08001":
        return StoreError(f"cannot reach the database at {place}: {text.splitlines()[0]}")
    return None


@lru_cache(maxsize=32)
def engine_for(
    url: str, *, writer: bool = False, create: bool = False, lock_timeout: float = LOCK_TIMEOUT_S
) -> Engine:
    """One engine per URL and role (reader or writer), created on first use.

    Parameters
    ----------
    url
        Any SQLAlchemy URL.
    writer
        Start SQLite transactions with ``BEGIN IMMEDIATE``, waiting up to ``lock_timeout``.
    create
        Allow SQLite to create the file (only ``Store.create`` does).
    """
    parsed = make_url(url)
    wait = lock_timeout if writer else READ_TIMEOUT_S
    path = sqlite_path(parsed)
    if parsed.get_backend_name() != "sqlite":
        args = {"options": f"-c lock_timeout={int(wait * 1000)}"} if "postgres" in url else {}
        engine = create_engine(url, pool_pre_ping=True, connect_args=args)
    else:
        if path is None:
            engine = create_engine(url)
        else:
            uri = f"file:{quote(str(path.resolve()))}?mode={'rwc' if create else 'rw'}"

            def connect() -> sqlite3.Connection:
                return sqlite3.connect(uri, uri=True, timeout=wait, check_same_thread=False)

            # A file, not memory: one pool shared by every thread (the default for a
            # "sqlite://" URL, one connection per thread, closes connections still in use
            # by other threads once more than five threads have asked).
            engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # SQLAlchemy, not pysqlite, issues BEGIN
            cursor = dbapi_conn.cursor()
            cursor.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()
            if path is not None:
                _owner_only(path)

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    _engines.add(engine)

    @event.listens_for(engine, "handle_error")
    def _on_error(ctx: ExceptionContext):
        fault = describe_fault(ctx.original_exception, url, lock_timeout=wait)
        if fault is not None:
            raise fault from None

    return engine
