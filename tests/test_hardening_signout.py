"""Issue 23 item 2: sign-out lived only in Redis's memory, so after Redis restarted a cookie
signed out before the crash was valid again; with Redis down (or the sign-in state file
unreadable) the right password gave a cookie and then every request of that user was a bare
English 500, and sign-out answered 500 and revoked nothing. Now sign-outs are recorded for
good (the state file beside a SQLite store, or a PostgreSQL store), Redis is a cache of that
record, and a dependency that is down gets the stores' bilingual 503, never a guess."""

from __future__ import annotations

import shutil
import signal
from datetime import timedelta

import pytest

from tests.redis_server import free_port, start_redis, stop
from warroom.app import create_app
from warroom.intake.users import add_user
from warroom.store import Store
from warroom.text.i18n import t
from warroom.web.signin_state import state_path

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, Redis)

PASSWORD = "officer-pass-1"
MESSAGE = f"{t('store_unavailable', 'th')} / {t('store_unavailable', 'en')}"


def sign_in(client) -> int:
    answer = client.post(
        "/signin", data={"username": "ro.officer", "password": PASSWORD, "next": "/"}
    )
    return answer.status_code


def page(client) -> int:
    """A page that needs a signed-in user: 200 for one, a redirect to /signin for nobody."""
    return client.get("/", headers={"Accept": "text/html"}).status_code


def cookie_of(client) -> str:
    cookie = client.get_cookie("warroom_session")
    assert cookie is not None
    return cookie.value


def with_cookie(app, value: str):
    client = app.server.test_client()
    client.set_cookie("warroom_session", value)
    return client


def assert_unavailable(answer) -> None:
    assert answer.status_code == 503
    assert answer.get_data(as_text=True) == MESSAGE  # Thai first, English second
    assert answer.headers["Retry-After"]


@pytest.fixture
def settings(built, tmp_path):
    from tests.helpers import copy_store

    copied = copy_store(built[0], tmp_path / "build")
    add_user(Store(copied.db_url), "ro.officer", PASSWORD, "officer", "TH50")
    return copied.model_copy(update={"require_login": True, "response_cache": False})


@pytest.fixture
def redis_port(tmp_path):
    """A Redis of this test's own, which the test kills and starts again."""
    folder = tmp_path / "redis"
    folder.mkdir()
    port = free_port()
    procs = [start_redis(port, folder)]

    def restart(kill: bool = True) -> None:
        if kill:
            procs[-1].send_signal(signal.SIGKILL)
            procs[-1].wait()
        else:
            procs.append(start_redis(port, folder))

    yield port, restart
    for proc in procs:
        if proc.poll() is None:
            stop(proc)


def test_a_signed_out_cookie_stays_dead_when_redis_restarts(settings, redis_port):
    port, redis_ctl = redis_port
    app = create_app(settings.model_copy(update={"cache_url": f"redis://127.0.0.1:{port}/0"}))
    client = app.server.test_client()
    assert sign_in(client) == 302 and page(client) == 200
    copied = cookie_of(client)  # a copy of the cookie, kept by someone else
    assert client.post("/signout").status_code == 302
    assert page(with_cookie(app, copied)) == 302  # dead at once

    redis_ctl(kill=True)  # kill -9: Redis keeps nothing (no persistence)
    redis_ctl(kill=False)
    assert page(with_cookie(app, copied)) == 302  # still dead after the restart

    other = app.server.test_client()
    assert sign_in(other) == 302 and page(other) == 200
    live = cookie_of(other)
    redis_ctl(kill=True)  # Redis down: a signed-in user gets the bilingual 503
    assert_unavailable(with_cookie(app, live).get("/", headers={"Accept": "text/html"}))
    assert_unavailable(with_cookie(app, live).post("/_dash-update-component", json={}))
    assert_unavailable(with_cookie(app, copied).get("/"))  # never "not signed out"
    fresh = app.server.test_client()
    assert_unavailable(fresh.post("/signin", data={"username": "ro.officer", "password": PASSWORD}))
    assert fresh.get_cookie("warroom_session") is None  # no cookie it could not check
    # sign-out needs only the record, not Redis: it is recorded for good
    assert with_cookie(app, live).post("/signout").status_code == 302
    assert page(app.server.test_client()) == 302  # signed-out visitors are unaffected
    redis_ctl(kill=False)
    assert page(with_cookie(app, live)) == 302  # signed out while Redis was down: dead


def test_an_unreadable_state_file_fails_closed(settings):
    app = create_app(settings)  # no Redis: the state file beside the store
    client = app.server.test_client()
    assert sign_in(client) == 302 and page(client) == 200
    path = state_path(settings.build_dir)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.mkdir()  # the file is gone and cannot be made: a full or broken build folder
    try:
        assert_unavailable(client.get("/", headers={"Accept": "text/html"}))
        assert_unavailable(client.post("/signout"))  # not "signed out" with nothing revoked
        assert_unavailable(
            app.server.test_client().post(
                "/signin", data={"username": "ro.officer", "password": PASSWORD}
            )
        )
    finally:
        shutil.rmtree(path)


def test_a_shared_store_keeps_sign_outs_that_redis_forgot(database_url, redis_server, tmp_path):
    import redis

    from warroom.web.sessions import SessionPlaces, is_revoked, revoke

    store = Store.create(database_url)
    places = SessionPlaces(tmp_path / "signin.sqlite", store, redis_server)
    revoke("sid-1", "someone", lifetime=timedelta(hours=1), places=places)
    redis.Redis.from_url(redis_server).flushall()  # a restart of Redis
    assert is_revoked("sid-1", places=places)
    assert not is_revoked("sid-2", places=places)
    if store.shared:  # PostgreSQL: the store holds it, not this machine's file
        assert not (tmp_path / "signin.sqlite").exists()
