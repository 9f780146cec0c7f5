"""Serving: cache lifetimes of static files, bad paths, gunicorn's settings, the store's mode."""

from __future__ import annotations

import sqlite3
import stat
import threading

import pytest

from tests.helpers import PANELS
from warroom.app import create_app
from warroom.config import Settings
from warroom.serving import gunicorn_options
from warroom.store.engine import engine_for

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)


@pytest.fixture(scope="module")
def client(built):
    return create_app(built[0]).server.test_client()


@pytest.mark.parametrize(
    "path",
    [
        "/geo/a%00b.geojson",
        "/geo/../warroom.sqlite",
        "/geo/country/nothing.geojson",
        "/fonts/Sarabun-%00.ttf",
        "/fonts/Sarabun-Nothing.ttf",
        "/_dash-component-suites/dash/nothing.js",
        "/_dash-component-suites/nopkg/x.js",
        "/_dash-component-suites/dash/deps/polyfill@7.v3_0_0m1.min.js",
        "/assets/nothing.css",
    ],
)
def test_bad_asset_paths_answer_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


def test_fonts_are_immutable_and_geojson_revalidates(client):
    font = client.get("/fonts/Sarabun-Regular.ttf")
    assert font.status_code == 200
    assert font.cache_control.immutable and font.cache_control.max_age >= 365 * 24 * 3600
    geo = client.get("/geo/country/province.geojson", headers={"Accept-Encoding": "br"})
    assert geo.status_code == 200 and geo.headers["Content-Encoding"] == "br"
    assert geo.cache_control.public and geo.cache_control.max_age >= 24 * 3600
    again = client.get(
        "/geo/country/province.geojson",
        headers={"Accept-Encoding": "br", "If-None-Match": geo.headers["ETag"]},
    )
    assert again.status_code == 304


def test_the_browsers_favicon_request_gets_an_icon(client):
    # The sign-in page and a PDF in Chromium's viewer ask for it; a 404 shows as a page error.
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/x-icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_gunicorn_runs_threaded_workers_with_timeouts():
    options = gunicorn_options(
        Settings(workers=3, threads=5, timeout=40, keepalive=4), host="0.0.0.0", port=9000
    )
    assert options["bind"] == ["0.0.0.0:9000"]
    assert options["worker_class"] == "gthread"
    assert (options["workers"], options["threads"]) == (3, 5)
    assert (options["timeout"], options["keepalive"]) == (40, 4)


def test_the_store_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "store.sqlite"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    with engine_for(f"sqlite:///{path}").connect() as conn:
        conn.exec_driver_sql("select 1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_many_threads_read_one_sqlite_store_at_once(tmp_path):
    """gunicorn's threads share one engine: none may find its connection closed by another."""
    path = tmp_path / "store.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("create table t (x integer)")
        conn.executemany("insert into t values (?)", [(i,) for i in range(50_000)])
    engine = engine_for(f"sqlite:///{path}")
    errors: list[Exception] = []

    def read() -> None:
        try:
            for _ in range(3):
                with engine.connect() as conn:
                    assert len(conn.exec_driver_sql("select * from t").fetchall()) == 50_000
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.parametrize("encoding", ["br", "gzip", ""])
def test_a_cached_answer_is_sent_compressed_as_stored_and_reads_the_same(client, encoding):
    import gzip
    import json

    import brotli

    decode = {"br": brotli.decompress, "gzip": gzip.decompress, "": lambda b: b}[encoding]
    headers = {"Accept-Encoding": encoding} if encoding else {}
    first = client.post("/_dash-update-component", json=PANELS, headers=headers)
    again = client.post("/_dash-update-component", json=PANELS, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.headers["X-Cache"] == "HIT"
    assert first.headers.get("Content-Encoding", "") == encoding
    assert again.headers.get("Content-Encoding", "") == encoding
    assert "Accept-Encoding" in again.headers["Vary"]
    assert again.data == first.data  # stored as sent: not compressed twice
    answer = json.loads(decode(again.data))
    assert "เชียงใหม่" in json.dumps(answer["response"]["map-kpis"], ensure_ascii=False)


def test_every_answer_says_its_server_time_and_processor_time(client):
    import re

    timing = client.post("/_dash-update-component", json=PANELS).headers["Server-Timing"]
    found = re.fullmatch(r"app;dur=([0-9.]+), cpu;dur=([0-9.]+)", timing)
    assert found, timing
    assert 0 < float(found[2]) <= float(found[1]) + 0.2  # rounding: both to 0.1 ms


def test_the_app_is_set_up_before_it_serves_a_request(built):
    """Dash's first-request work (scripts registered, the pages' router) done in create_app:
    done by the first of many threads, it let the others answer 404 and 500 meanwhile."""
    app = create_app(built[0])
    assert app._got_first_request == {"pages": True, "setup_server": True}
    assert any("_pages_content.children" in key for key in app.callback_map)
    assert app.registered_paths["dash"]  # the scripts the page lists are served
