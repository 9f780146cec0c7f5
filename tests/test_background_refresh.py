"""Issue 10 item 8: after a load, requests never wait while the app re-reads the store."""

from __future__ import annotations

import threading
import time

import pytest

from warroom.app.data import AppData
from warroom.store import Store

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)


def test_a_load_is_read_in_the_background_and_swapped_in_whole(built):
    store = Store(built[0].db_url)
    data = AppData(store, check_every=0, background=True, announce_for=30).warm()
    indicator = next(iter(data.by_indicator))
    before = data.observations(indicator)
    assert not data.refresh_if_changed()  # nothing committed since
    data.wait_for_refresh(30)
    assert data.generation == 0

    # A load commits (the version moves) and reading the store is slow (1.1 M values).
    release = threading.Event()
    read_all = store.observations
    store.data_version = lambda: ("after a load",)
    store.observations = lambda: (release.wait(30), read_all())[1]

    started = time.perf_counter()
    assert not data.refresh_if_changed()  # the request answers at once ...
    assert time.perf_counter() - started < 1
    assert data.observations(indicator) is before  # ... from the data it holds
    assert data.generation == 0

    release.set()
    data.wait_for_refresh(30)
    assert data.generation == 1 and data.version == ("after a load",)
    assert data.observations(indicator).equals(before)  # fresh object, same figures
    assert data.refresh_if_changed()  # every page polling in the next 30 s redraws


def test_a_failing_store_keeps_the_data_held(built):
    store = Store(built[0].db_url)
    data = AppData(store, check_every=0, background=True).warm()
    held = data.indicators

    def broken():
        raise OSError("database unreachable")

    store.data_version = broken
    assert not data.refresh_if_changed()
    data.wait_for_refresh(10)
    assert data.indicators is held and data.generation == 0
