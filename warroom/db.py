"""Database engines: SQLite by default, PostgreSQL (or any SQLAlchemy URL) by setting.

SQLite gets write-ahead logging (readers never wait for a load) and a busy timeout; a
*writer* engine starts every transaction with ``BEGIN IMMEDIATE`` so that concurrent loads
queue for the write lock instead of failing half-way with "database is locked".
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

BUSY_TIMEOUT_MS = 120_000


@lru_cache(maxsize=16)
def engine_for(url: str, *, writer: bool = False) -> Engine:
    """One engine per URL and role (reader or writer), created on first use."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # SQLAlchemy, not pysqlite, issues BEGIN
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine
