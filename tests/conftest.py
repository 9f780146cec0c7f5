"""Shared fixtures: the real store, built from ../shared/data (cached across sessions: see
tests/build_cache.py), and the markers that split the fast lane (`make check`) from the rest."""

from __future__ import annotations

import os

import pytest

# The apps and servers the tests start compute hotspots on demand, not every indicator's in
# the background (minutes of CPU per session); tests/test_hotspots_ahead.py turns it on.
os.environ.setdefault("WARROOM_HOTSPOTS_AHEAD", "0")

from warroom.config import Settings

# postgres_server, database_url; redis_server
pytest_plugins = ["tests.postgres_server", "tests.redis_server"]


@pytest.fixture(scope="session")
def source_settings(tmp_path_factory) -> Settings:
    """Settings that read the real source data and build into a temporary folder."""
    settings = Settings(build_dir=tmp_path_factory.mktemp("build"))
    settings.require_source()  # fails loudly: the suite runs on the real files
    return settings


@pytest.fixture(scope="session")
def built(source_settings):
    """The full build, this session's own copy of it; yield (settings, report)."""
    from tests.build_cache import session_build

    return source_settings, session_build(source_settings)


@pytest.fixture(scope="module")
def intake_settings(built, tmp_path_factory) -> Settings:
    """The upload scenario: a copied store with three accounts and one declared indicator."""
    from tests.helpers import ELDERLY, PASSWORDS, copy_store
    from warroom.intake.declare import declare
    from warroom.intake.users import LOCAL_ADMIN, add_user
    from warroom.store import Store

    settings = copy_store(built[0], tmp_path_factory.mktemp("upload-auth") / "build")
    store = Store(settings.db_url)
    add_user(store, "admin1", PASSWORDS["admin1"], "admin")
    add_user(store, "cm.officer", PASSWORDS["cm.officer"], "officer", "TH50")
    add_user(store, "viewer1", PASSWORDS["viewer1"], "viewer")
    declare(store, [ELDERLY], LOCAL_ADMIN)
    return settings


@pytest.fixture(scope="module")
def open_app(intake_settings):
    """The app on the upload scenario's store, sign-in not required."""
    from warroom.app import create_app

    return create_app(intake_settings)


@pytest.fixture(scope="session")
def store(built):
    """The built store."""
    from warroom.store import Store

    settings, _ = built
    return Store(settings.db_url)


SERVERS = {"postgres_server", "redis_server"}  # the fixtures that start a server


def pytest_collection_modifyitems(items):
    """Mark `servers` every test that starts PostgreSQL or Redis (also the PostgreSQL run of
    `database_url`), so `make check` can leave them to `make test`."""
    for item in items:
        params = getattr(item, "callspec", None)
        on_postgres = params is not None and params.params.get("database_url") == "postgresql"
        if on_postgres or SERVERS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.servers)


@pytest.fixture
def cli(built, monkeypatch):
    """Run ``warroom`` commands on the session's built store: ``cli("status", "--area", ...)``."""
    from typer.testing import CliRunner

    from warroom.cli import app
    from warroom.config import get_settings

    settings, _ = built
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(settings.build_dir))
    monkeypatch.setenv("WARROOM_SOURCE_DIR", str(settings.source_dir))
    get_settings.cache_clear()
    yield lambda *args: CliRunner().invoke(app, list(args))
    get_settings.cache_clear()
