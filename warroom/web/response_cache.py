"""A shared cache of dashboard callback responses (Redis, or this process), bounded in bytes.

Many people look at the same views (the national map, a province, a popular indicator), and a
dashboard callback's answer depends only on its inputs and on the data. Responses of the
callbacks whose every output the app declares shared (``cacheable_ids``: outputs that never
depend on who asks; the app's pages declare them with ``shared_callback``) are kept, keyed by
what the callback reads (the path, and the body's outputs, inputs, state and trigger: never
the query string or any other field, which a visitor may vary at will: ``?u=N`` made a new
149 KB entry per request), the data's version and the installation's display settings. A new
build or load changes the version, so nothing stale is served past the app's refresh window.

The cache holds at most ``WARROOM_CACHE_MB`` (64) of answers, oldest first out, whatever it
is sent: with ``WARROOM_CACHE_URL`` one such budget in Redis for every process and instance
(kept by a script that runs inside Redis, so it never relies on Redis's own eviction, which
would reach the sign-in counts beside it), otherwise one per process. Anything personal (the
header's sign-in link, the upload page) is never cached: only callbacks whose every output is
listed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from importlib.metadata import version
from typing import Protocol

from flask import Flask, Response, g, request

from warroom.config import Settings
from warroom.web.redis_client import redis_at
from warroom.web.static import accepted_encoding, encode

TIMEOUT_S = 3600
_PATH = "/_dash-update-component"
_PREFIX = "warroom:cb:"
# What a Dash callback reads of a request; anything else a client sends is not in the key.
READ_FIELDS = ("output", "outputs", "inputs", "state", "changedPropIds")
OVERHEAD = 200  # bytes an entry costs beyond its key and body (index, sizes)
# Brotli's quality for callback answers: 4 compresses the map's 84 kB switch back in 0.65 ms
# against 1.4 ms at 6, for 4 % more bytes (14.8 against 14.2 kB): on a server's two cores,
# answered once per view and then sent from this cache, the time counts more than 600 B.
ANSWER_QUALITY = 4


class Answers(Protocol):
    """Where cached answers live: ``get``, ``set`` and the bytes held (``used``)."""

    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, body: bytes) -> None: ...

    def used(self) -> int: ...


class MemoryAnswers:
    """Answers in this process's memory: at most ``budget`` bytes, the oldest out first."""

    def __init__(self, budget: int, timeout: float = TIMEOUT_S):
        self.budget, self.timeout = budget, timeout
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return found[1]

    def set(self, key: str, body: bytes) -> None:
        size = len(key) + len(body) + OVERHEAD
        if size > self.budget:
            return
        with self._lock:
            self._drop(key)
            self._entries[key] = (time.monotonic() + self.timeout, body)
            self._used += size
            while self._used > self.budget:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        found = self._entries.pop(key, None)
        if found is not None:
            self._used -= len(key) + len(found[1]) + OVERHEAD

    def used(self) -> int:
        return self._used


# Runs inside Redis, so that no two processes see the budget differently: stores the answer,
# records its size and age, and drops the oldest answers while the total is over the budget.
_SET_BOUNDED = """
local key, index, sizes, total = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local size = string.len(ARGV[1]) + string.len(key) + tonumber(ARGV[5])
local old = tonumber(redis.call('HGET', sizes, key) or '0')
redis.call('SET', key, ARGV[1], 'EX', ARGV[2])
redis.call('HSET', sizes, key, size)
redis.call('ZADD', index, ARGV[4], key)
local used = redis.call('INCRBY', total, size - old)
local budget = tonumber(ARGV[3])
while used > budget do
  local oldest = redis.call('ZPOPMIN', index)
  if #oldest == 0 then break end
  local gone = oldest[1]
  local bytes = tonumber(redis.call('HGET', sizes, gone) or '0')
  redis.call('HDEL', sizes, gone)
  redis.call('DEL', gone)
  used = redis.call('DECRBY', total, bytes)
end
return used
"""


class RedisAnswers:
    """Answers in Redis for every process and instance, at most ``budget`` bytes in all
    (an entry that outlives its timeout still counts until it is the oldest)."""

    def __init__(self, url: str, budget: int, timeout: int = TIMEOUT_S):
        self.client = redis_at(url)
        self.budget, self.timeout = budget, timeout
        self.keys = [_PREFIX + "index", _PREFIX + "sizes", _PREFIX + "bytes"]
        self._script = self.client.register_script(_SET_BOUNDED)

    def get(self, key: str) -> bytes | None:
        return self.client.get(_PREFIX + key)

    def set(self, key: str, body: bytes) -> None:
        if len(body) + len(key) + OVERHEAD > self.budget:
            return
        args = [body, self.timeout, self.budget, time.time(), OVERHEAD]
        self._script(keys=[_PREFIX + key, *self.keys], args=args)

    def used(self) -> int:
        return int(self.client.get(self.keys[2]) or 0)


def request_key(body: dict) -> str:
    """The part of a callback request its answer depends on, as canonical JSON."""
    read = {field: body.get(field) for field in READ_FIELDS}
    return json.dumps(read, sort_keys=True, separators=(",", ":"))


def _output_ids(output: str) -> list[str]:
    """Component ids of a callback's output key (``..a.prop...b.prop..`` or ``a.prop``)."""
    ids = []
    for part in output.strip(".").split("..."):
        ident = part.rsplit(".", 1)[0]
        if ident.startswith("{"):
            try:
                ident = json.loads(ident).get("type", ident)
            except ValueError:
                return []
        ids.append(ident.split("@", 1)[0])
    return ids


def cacheable(body: dict, cacheable_ids: frozenset[str]) -> bool:
    """Whether a callback request asks only for outputs that are the same for everyone."""
    output = body.get("output")
    if not isinstance(output, str):
        return False
    ids = _output_ids(output)
    return bool(ids) and all(i in cacheable_ids for i in ids)


def add_response_cache(
    server: Flask,
    settings: Settings,
    data_version: Callable[[], object],
    cacheable_ids: frozenset[str],
) -> Answers:
    """Serve repeated callback requests from the cache (``data_version``: the data's version;
    ``cacheable_ids``: the output ids whose answers are the same for everyone)."""
    budget = settings.cache_mb * 1024 * 1024
    cache: Answers
    if settings.cache_url:
        cache = RedisAnswers(settings.cache_url, budget)
    else:
        cache = MemoryAnswers(budget)
    server.extensions["warroom_response_cache"] = cache
    setup = f"{version('warroom')}|{settings.language}|{settings.tile_url}"

    @server.before_request
    def _lookup() -> Response | None:
        if request.method != "POST" or not request.path.endswith(_PATH):
            return None
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not cacheable(body, cacheable_ids):
            return None
        # Kept compressed in the encoding asked for: a hit is sent as stored, not re-compressed.
        encoding = accepted_encoding(request.headers.get("Accept-Encoding", ""))
        raw = f"{setup}|{data_version()}|{request.path}|{request_key(body)}|{encoding}"
        key = hashlib.sha256(raw.encode()).hexdigest()
        try:
            hit = cache.get(key)
        except Exception:  # the cache is an optimisation: never fail a request for it
            hit = None
        if hit is not None:
            response = Response(hit, mimetype="application/json")
            _mark_encoded(response, encoding)
            response.headers["X-Cache"] = "HIT"
            return response
        g.warroom_cache_key = (key, encoding)
        return None

    @server.after_request
    def _store(response: Response) -> Response:
        found = g.pop("warroom_cache_key", None)
        if found is None or response.status_code != 200 or response.direct_passthrough:
            return response
        key, encoding = found
        body = response.get_data()
        if b'"sideUpdate"' in body or "Set-Cookie" in response.headers:
            return response  # an error message or a new cookie: not for everyone
        if "Content-Encoding" not in response.headers:
            body = encode(body, encoding, ANSWER_QUALITY)
            response.set_data(body)
            _mark_encoded(response, encoding)
        with contextlib.suppress(Exception):
            cache.set(key, body)
        response.headers["X-Cache"] = "MISS"
        return response

    return cache


def _mark_encoded(response: Response, encoding: str) -> None:
    """Say a response body is in ``encoding`` (Flask-Compress then leaves it as it is)."""
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
