"""Fixtures for intake tests: an empty store (SQLite or PostgreSQL) holding the real areas."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.intake.helpers import INCOME, copy_built
from warroom.cli import app
from warroom.config import get_settings
from warroom.intake.declare import IndicatorSpec, declare
from warroom.intake.users import LOCAL_ADMIN, add_user
from warroom.store import Store, areas_t


@pytest.fixture(scope="session")
def real_areas(store):
    """The areas of the real build (77 provinces, 928 districts, 7,425 tambons)."""
    return store.areas()


@pytest.fixture
def intake_store(database_url, real_areas):
    """A fresh store with the real areas, a declared count and a declared rate, and users."""
    store = Store.create(database_url)
    store.insert(areas_t, real_areas)
    declare(
        store,
        [
            IndicatorSpec(
                id="moi.clinics",
                name_th="จำนวนสถานพยาบาล",
                name_en="Clinics",
                unit="places",
                direction="higher_is_better",
                rollup="sum",
                sdg="3.8",
                source="สำนักงานสาธารณสุขจังหวัด 2566",
            ),
            IndicatorSpec(
                id="moi.literacy",
                name_th="อัตราการรู้หนังสือ",
                name_en="Literacy rate",
                unit="%",
                direction="higher_is_better",
                rollup="none",
                sdg="4.6",
                source="สำนักงานสถิติจังหวัด 2566",
            ),
        ],
        LOCAL_ADMIN,
    )
    add_user(store, "cm_officer", "chiangmai-2566", "officer", "TH50")
    add_user(store, "admin", "admin-password", "admin")
    add_user(store, "viewer", "viewer-password", "viewer")
    return store


@pytest.fixture
def income_store(intake_store, store):
    """The intake store holding the built household income series as the build wrote it."""
    return copy_built(intake_store, store, [INCOME])


@pytest.fixture
def cli(intake_store, monkeypatch):
    """Run ``warroom`` commands (as the operator types them) against ``intake_store``."""
    monkeypatch.setenv("WARROOM_DATABASE_URL", intake_store.url)
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str, password: str | None = None):
        return runner.invoke(app, list(args), input=password)

    yield run
    get_settings.cache_clear()
