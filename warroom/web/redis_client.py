"""One Redis client per URL for the web server (revoked sessions, the response cache)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=8)
def redis_at(url: str) -> Any:
    """A client of the Redis at ``url`` that gives up after 2 s (never hangs a request)."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
