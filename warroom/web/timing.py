"""A ``Server-Timing`` header on every response, so browsers and benchmarks see server time."""

from __future__ import annotations

import time

from flask import Flask, g


def add_server_timing(server: Flask) -> None:
    """Measure each request from arrival to response and report it as ``app;dur=<ms>``."""

    @server.before_request
    def _start() -> None:
        g.warroom_started = time.perf_counter()

    @server.after_request
    def _stop(response):
        started = getattr(g, "warroom_started", None)
        if started is not None:
            ms = (time.perf_counter() - started) * 1000
            response.headers["Server-Timing"] = f"app;dur={ms:.1f}"
        return response
