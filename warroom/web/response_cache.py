"""A shared cache of dashboard callback responses (Flask-Caching: Redis, or this process).

Many people look at the same views (the national map, a province, a popular indicator), and a
dashboard callback's answer depends only on its inputs and on the data. Responses of the
callbacks whose every output the app declares shared (``cacheable_ids``: outputs that never
depend on who asks; the app's pages declare them with ``shared_callback``) are kept, keyed by
the request (path, outputs, inputs, state, trigger), the data's version and the installation's
display settings. A new build or load changes the version, so nothing stale is served past the
app's refresh window. With ``WARROOM_CACHE_URL`` every process and instance shares one cache
in Redis; otherwise each process keeps its own (bounded). Anything personal (the header's
sign-in link, the upload page) is never cached: only callbacks whose every output is listed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from importlib.metadata import version

from flask import Flask, Response, g, request
from flask_caching import Cache

from warroom.config import Settings
from warroom.web.static import accepted_encoding, encode

TIMEOUT_S = 3600
_PATH = "/_dash-update-component"


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
) -> Cache:
    """Serve repeated callback requests from the cache (``data_version``: the data's version;
    ``cacheable_ids``: the output ids whose answers are the same for everyone)."""
    config: dict[str, object]
    if settings.cache_url:
        config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": settings.cache_url}
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}
    config |= {"CACHE_DEFAULT_TIMEOUT": TIMEOUT_S, "CACHE_KEY_PREFIX": "warroom:cb:"}
    cache = Cache(server, config=config)
    setup = f"{version('warroom')}|{settings.language}|{settings.tile_url}"

    @server.before_request
    def _lookup() -> Response | None:
        if request.method != "POST" or not request.path.endswith(_PATH):
            return None
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not cacheable(body, cacheable_ids):
            return None
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
        # Kept compressed in the encoding asked for: a hit is sent as stored, not re-compressed.
        encoding = accepted_encoding(request.headers.get("Accept-Encoding", ""))
        raw = f"{setup}|{data_version()}|{request.full_path}|{canonical}|{encoding}"
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
            body = encode(body, encoding)
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
