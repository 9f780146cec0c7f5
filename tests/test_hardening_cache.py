"""Issue 23 item 1: the response cache keyed on the whole query string, so a signed-out
client adding ``?u=N`` to a map callback made a new ~149 KB entry per request (1,000 requests:
157 MB more in Redis, with no bound). Now the key is what the callback reads, and the cache
holds at most ``WARROOM_CACHE_MB``, in Redis as in memory, whatever it is sent."""

from __future__ import annotations

import copy

import pytest

from tests.helpers import PANELS
from warroom.app import create_app

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, server)

CALLBACK = "/_dash-update-component"


def cache_of(app):
    return app.server.extensions["warroom_response_cache"]


def junk_requests(app, n: int) -> list[int]:
    """``n`` signed-out requests for one answer, each with junk in the query and the body."""
    client = app.server.test_client()
    codes = []
    for i in range(n):
        body = {**PANELS, "junk": i}
        codes.append(client.post(f"{CALLBACK}?u={i}", json=body).status_code)
    return codes


def assert_junk_adds_nothing(app, size) -> None:
    client = app.server.test_client()
    first = client.post(CALLBACK, json=PANELS)
    assert first.status_code == 200
    before = size()
    assert before > 0
    assert set(junk_requests(app, 1000)) == {200}
    assert size() == before  # 1,000 junk requests: not one byte more
    again = client.post(f"{CALLBACK}?u=x", json={**PANELS, "junk": "y"})
    assert again.headers["X-Cache"] == "HIT"


def assert_bounded(app, budget: int) -> None:
    """Answers that do differ (the map's size is read by the callback) never pass the budget."""
    client = app.server.test_client()
    for width in range(600, 760):
        body = copy.deepcopy(PANELS)
        body["inputs"][1]["value"] = [width, 1002, 17.3]
        assert client.post(CALLBACK, json=body).status_code == 200
        assert cache_of(app).used() <= budget
    assert cache_of(app).used() > budget // 2  # it does keep answers


def test_junk_parameters_leave_the_memory_cache_as_it_was(built):
    app = create_app(built[0])
    assert_junk_adds_nothing(app, lambda: cache_of(app).used())


def test_the_memory_cache_holds_at_most_its_budget(built):
    settings = built[0].model_copy(update={"cache_mb": 1})
    assert_bounded(create_app(settings), 1024 * 1024)


@pytest.fixture
def redis_settings(built, redis_server, tmp_path):
    import redis

    redis.Redis.from_url(redis_server).flushall()
    from tests.helpers import copy_store

    settings = copy_store(built[0], tmp_path / "build")
    return settings.model_copy(update={"cache_url": redis_server})


def test_junk_parameters_leave_the_redis_cache_as_it_was(redis_settings, redis_server):
    import redis

    client = redis.Redis.from_url(redis_server)

    def held() -> int:  # what Redis holds for the cache, however it is kept
        return sum(client.memory_usage(k) or 0 for k in client.keys("warroom:cb:*"))

    assert_junk_adds_nothing(create_app(redis_settings), held)


def test_the_redis_cache_holds_at_most_its_budget_for_every_process(redis_settings, redis_server):
    import redis

    settings = redis_settings.model_copy(update={"cache_mb": 1})
    one, two = create_app(settings), create_app(settings)  # two workers, one budget
    assert_bounded(one, 1024 * 1024)
    assert_bounded(two, 1024 * 1024)
    client = redis.Redis.from_url(redis_server)
    answers = [k for k in client.keys("warroom:cb:*") if len(k) > 40]
    assert sum(client.strlen(k) for k in answers) <= 1024 * 1024  # what Redis really holds
