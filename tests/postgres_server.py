"""PostgreSQL for the store tests (a pytest plugin, registered in tests/conftest.py).

`postgres_server` starts a throwaway cluster from Debian's binaries once per session;
`database_url` runs a test once on a fresh SQLite file and once on a fresh PostgreSQL database.
Without the binaries the PostgreSQL runs skip, unless WARROOM_REQUIRE_POSTGRES=1 (as in CI).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

PG_ROOT = Path("/usr/lib/postgresql")
PG_USER = "postgres"  # Debian's system user; PostgreSQL refuses to run as root


def find_pg_bin() -> Path | None:
    """The newest Debian PostgreSQL bin directory (/usr/lib/postgresql/<ver>/bin), or None."""
    bins = [initdb.parent for initdb in PG_ROOT.glob("*/bin/initdb")]
    return max(
        bins, key=lambda b: int(b.parent.name) if b.parent.name.isdigit() else 0, default=None
    )


def _unavailable(reason: str) -> NoReturn:
    """Skip, or fail when WARROOM_REQUIRE_POSTGRES=1 so CI can never skip silently."""
    if os.environ.get("WARROOM_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{reason} (WARROOM_REQUIRE_POSTGRES=1)", pytrace=False)
    pytest.skip(f"{reason}; run scripts/install-postgres.sh")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster for the session; yields its base SQLAlchemy URL.

    The cluster lives in a temporary directory, listens on a unix socket there and on
    127.0.0.1 at a free port, trusts local connections and runs without fsync.
    """
    pg_bin = find_pg_bin()
    if pg_bin is None:
        _unavailable(f"no PostgreSQL server binaries in {PG_ROOT}/*/bin")
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam(PG_USER)
        except KeyError:
            _unavailable(f"running as root but there is no {PG_USER!r} system user")
        as_user = [shutil.which("runuser") or "/usr/sbin/runuser", "-u", PG_USER, "--"]

    # Not tmp_path_factory: its base directory is private to root, so postgres could not enter.
    base = Path(tempfile.mkdtemp(prefix="warroom-pg-"))
    if as_user:
        os.chown(base, pw.pw_uid, pw.pw_gid)
    data, log, port = base / "data", base / "server.log", _free_port()

    def run(*cmd: str) -> None:
        done = subprocess.run(
            [*as_user, *cmd], cwd=base, capture_output=True, text=True, check=False
        )
        if done.returncode:
            server_log = log.read_text() if log.exists() else ""
            pytest.fail(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}{server_log}")

    try:
        # UTF8 whatever the environment's locale (Thai names); C collation is fast and stable.
        initdb = [str(pg_bin / "initdb"), "-D", str(data), "-U", PG_USER, "-A", "trust"]
        run(*initdb, "-E", "UTF8", "--locale=C", "--no-sync")
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {port}\n"
                f"unix_socket_directories = '{base}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        run(str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "start")
        yield f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*as_user, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                cwd=base,
                capture_output=True,
                check=False,
            )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A SQLAlchemy URL to an empty database: a fresh SQLite file, or a fresh PostgreSQL database.

    Only the postgresql run asks for `postgres_server`, so `-k sqlite` never starts a server.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    server = make_url(request.getfixturevalue("postgres_server"))
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:  # FORCE: ends connections a test left open
            conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()
