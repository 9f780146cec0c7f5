"""Database faults: a missing, deleted, corrupt or locked store is one clear line, never a
traceback, never a new empty store; sign-in never needs the write lock; waits are bounded."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import HOLD_LOCK, copy_store
from tests.intake.helpers import tambon_table, write
from warroom.app import create_app
from warroom.app.data import AppData
from warroom.config import Settings
from warroom.intake.batches import load_table
from warroom.intake.declare import IndicatorSpec, declare
from warroom.intake.users import LOCAL_ADMIN, add_user, authenticate
from warroom.store import (
    Store,
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreMissingError,
    StoreOutdatedError,
)

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)

WARROOM = [sys.executable, "-m", "warroom.cli"]
CLINICS = IndicatorSpec(
    id="moi.clinics",
    name_th="จำนวนสถานพยาบาล",
    name_en="Clinics",
    unit="places",
    direction="higher_is_better",
    rollup="sum",
    source="สำนักงานสาธารณสุขจังหวัด 2566",
)


def serve_fails(settings: Settings) -> str:
    """`warroom serve` on ``settings``: must exit 1 with one line and no traceback."""
    env = {**os.environ, "WARROOM_BUILD_DIR": str(settings.build_dir), "WARROOM_PORT": "8302"}
    out = subprocess.run([*WARROOM, "serve"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
    return out.stderr


@pytest.fixture
def copied(built, tmp_path) -> Settings:
    settings = copy_store(built[0], tmp_path / "build")
    store = Store(settings.db_url)
    add_user(store, "admin1", "admin-pass-1", "admin")
    declare(store, [CLINICS], LOCAL_ADMIN)
    return settings


def test_a_missing_store_is_an_error_not_a_new_file(tmp_path):
    settings = Settings(build_dir=tmp_path / "nothing-built")
    with pytest.raises(StoreMissingError, match="run `warroom build`"):
        create_app(settings)
    with pytest.raises(StoreMissingError):
        Store(settings.db_url).areas()  # even a plain read never creates the file
    assert not (tmp_path / "nothing-built" / "warroom.sqlite").exists()
    assert "no built store" in serve_fails(settings)
    assert not (tmp_path / "nothing-built" / "warroom.sqlite").exists()


def test_a_store_deleted_while_serving(copied):
    app = create_app(copied)
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    db = Path(copied.build_dir) / "warroom.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    data = AppData(Store(copied.db_url), check_every=0)
    data.version = ("before",)
    assert data.refresh_if_changed() is False  # logged, keeps what it holds
    assert client.get("/").status_code == 200
    with pytest.raises(StoreMissingError) as missing:
        authenticate(Store(copied.db_url), "admin1", "admin-pass-1")
    assert "\n" not in str(missing.value)
    assert not db.exists()  # nothing created it again
    assert "warroom build" in serve_fails(copied)
    assert not db.exists()


def test_a_corrupt_store(copied):
    db = Path(copied.build_dir) / "warroom.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database " * 4096)
    with pytest.raises(StoreCorruptError, match="not a readable database"):
        create_app(copied)
    assert "not a readable database" in serve_fails(copied)


def test_another_process_holding_the_write_lock(copied, tmp_path):
    db = Path(copied.build_dir) / "warroom.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        store = Store(copied.db_url, lock_timeout=1)
        # Reading, signing in and starting the app never wait for the write lock.
        assert authenticate(store, "admin1", "admin-pass-1").role == "admin"
        app = create_app(copied.model_copy(update={"lock_timeout": 1}))
        client = app.server.test_client()
        assert client.get("/").status_code == 200
        # A load waits at most lock_timeout, then says why in one line.
        path = write(tmp_path / "a.csv", tambon_table(["TH500101", "TH500102"], range(2023, 2024)))
        with pytest.raises(
            StoreBusyError, match=r"busy: another process held its write lock"
        ) as busy:
            load_table(store, path, "moi.clinics", LOCAL_ADMIN)
        assert "\n" not in str(busy.value) and isinstance(busy.value, StoreError)
    finally:
        holder.kill()
        holder.wait()
    assert Store(copied.db_url).batches().empty  # nothing half-loaded


def test_a_store_of_an_older_schema_asks_for_a_build(copied):
    db = Path(copied.build_dir) / "warroom.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE observations DROP COLUMN coverage")
    with pytest.raises(StoreOutdatedError, match=r"older War Room \(no observations.coverage\)"):
        create_app(copied)
    assert "run `warroom build`" in serve_fails(copied)
