"""Sign-in state every process of this machine shares: failed sign-in counts (the throttle,
when there is no Redis) and signed-out sessions (beside a SQLite store), in a small SQLite
file of its own beside the store (``signin.sqlite`` in the build folder, owner only).

Gunicorn runs several processes: counts kept in each process's memory let an attacker make
the limit's worth of guesses in every one of them. And a file of its own keeps sign-in and
sign-out free of the store's write lock, which a build or a large load may hold for minutes
(sign-out waited 30 s for it and then failed with the session still alive).
With ``WARROOM_CACHE_URL`` set, Redis holds the counts instead, for every instance; signed-out
sessions stay recorded here beside a SQLite store (Redis caches them), or in a PostgreSQL
store (:mod:`warroom.web.sessions`).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from limits.storage import Storage

FILE_NAME = "signin.sqlite"
SCHEME = "warroom+sqlite"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS counts (key TEXT PRIMARY KEY, value INTEGER NOT NULL, "
    "expires_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS revoked (sid TEXT PRIMARY KEY, user TEXT, "
    "expires_at REAL NOT NULL)",
)
_made: set[str] = set()
_made_lock = threading.Lock()


def state_path(build_dir: Path) -> Path:
    """The sign-in state file of an installation."""
    return Path(build_dir) / FILE_NAME


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the state file at ``path``, made (mode 0600) on first use."""
    path = Path(path)
    with _made_lock:
        if str(path) not in _made:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600, exist_ok=True)
            path.chmod(0o600)
            with sqlite3.connect(path, timeout=10) as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                for statement in _SCHEMA:
                    conn.execute(statement)
            _made.add(str(path))
    return sqlite3.connect(path, timeout=10, isolation_level=None)


def add_count(path: Path, key: str, expiry: float, amount: int = 1) -> int:
    """Add ``amount`` to the count of ``key`` (a new count lasts ``expiry`` seconds); the
    count after it, in one transaction so that no two processes read the same value."""
    now = time.time()
    conn = connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM counts WHERE key = ? AND expires_at <= ?", (key, now))
        conn.execute(
            "INSERT INTO counts (key, value, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = value + excluded.value",
            (key, amount, now + expiry),
        )
        (value,) = conn.execute("SELECT value FROM counts WHERE key = ?", (key,)).fetchone()
        conn.execute("COMMIT")
        return int(value)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def _count_row(path: Path, key: str) -> tuple[int, float] | None:
    conn = connect(path)
    try:
        row = conn.execute(
            "SELECT value, expires_at FROM counts WHERE key = ? AND expires_at > ?",
            (key, time.time()),
        ).fetchone()
    finally:
        conn.close()
    return None if row is None else (int(row[0]), float(row[1]))


def revoke_local(path: Path, sid: str, user: str, seconds: float) -> None:
    """Record session ``sid`` as signed out for ``seconds`` (forgetting expired ones)."""
    now = time.time()
    conn = connect(path)
    try:
        with conn:
            conn.execute("DELETE FROM revoked WHERE expires_at < ?", (now,))
            conn.execute(
                "INSERT OR REPLACE INTO revoked (sid, user, expires_at) VALUES (?, ?, ?)",
                (sid, user, now + seconds),
            )
    finally:
        conn.close()


def is_revoked_local(path: Path, sid: str) -> bool:
    """Whether session ``sid`` was signed out."""
    conn = connect(path)
    try:
        row = conn.execute("SELECT 1 FROM revoked WHERE sid = ?", (sid,)).fetchone()
    finally:
        conn.close()
    return row is not None


class SqliteCounts(Storage):
    """The throttle's counts in the state file (``warroom+sqlite:///path/signin.sqlite``)."""

    STORAGE_SCHEME = [SCHEME]  # noqa: RUF012 (limits registers the class by this list)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path((uri or "").split("://", 1)[-1])

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sqlite3.Error

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return add_count(self.path, key, expiry, amount)

    def get(self, key: str) -> int:
        row = _count_row(self.path, key)
        return 0 if row is None else row[0]

    def get_expiry(self, key: str) -> float:
        row = _count_row(self.path, key)
        return time.time() if row is None else row[1]

    def check(self) -> bool:
        try:
            connect(self.path).close()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        conn = connect(self.path)
        try:
            with conn:
                return conn.execute("DELETE FROM counts").rowcount
        finally:
            conn.close()

    def clear(self, key: str) -> None:
        conn = connect(self.path)
        try:
            with conn:
                conn.execute("DELETE FROM counts WHERE key = ?", (key,))
        finally:
            conn.close()
