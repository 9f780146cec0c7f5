"""Shared fixtures: the real store, built once per test session from ../shared/data."""

from __future__ import annotations

import pytest

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
    """Run the full build once; yield (settings, report)."""
    from warroom.build import build

    report = build(source_settings, echo=lambda _msg: None)
    return source_settings, report


@pytest.fixture(scope="session")
def store(built):
    """The built store."""
    from warroom.store import Store

    settings, _ = built
    return Store(settings.db_url)
