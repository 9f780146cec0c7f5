"""Helpers for tests that run War Room as real servers: a store in PostgreSQL, instances.

`copy_store_to` copies a built SQLite store into an empty database (PostgreSQL here);
`Instance` runs ``warroom serve`` (gunicorn) in a subprocess on a free port.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine

from tests.redis_server import free_port
from warroom.store import Store, insert_frame, metadata

WARROOM = Path(sys.executable).parent / "warroom"


def copy_store_to(sqlite_file: Path, url: str) -> Store:
    """Copy every table of a built SQLite store into the empty database at ``url``."""
    store = Store.create(url)
    source = create_engine(f"sqlite:///{sqlite_file}")
    with source.connect() as src, store.begin() as dst:
        for table in metadata.sorted_tables:
            frame = pd.read_sql_table(table.name, src)
            if len(frame):
                insert_frame(dst, table, frame)
        if dst.dialect.name == "postgresql":  # serial ids go on after the copied rows
            for table in metadata.sorted_tables:
                for column in table.primary_key.columns:
                    if column.autoincrement is True:
                        dst.exec_driver_sql(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                            f"'{column.name}'), COALESCE(MAX({column.name}), 0) + 1, false) "
                            f"FROM {table.name}"
                        )
    source.dispose()
    return store


class Instance:
    """``warroom serve`` (gunicorn) on a free port with the given settings."""

    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 1, threads: int = 4):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [str(WARROOM), "serve", "--port", str(self.port)]
        cmd += ["--workers", str(workers), "--threads", str(threads)]
        self.log = log
        self.proc = subprocess.Popen(
            cmd,
            env={**os.environ, **env},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 180) -> Instance:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"instance exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/fonts/Sarabun-Regular.ttf", timeout=5):
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"instance not ready:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
