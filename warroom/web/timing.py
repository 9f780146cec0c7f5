"""A ``Server-Timing`` header on every response, so browsers and benchmarks see server time."""

from __future__ import annotations

import time

from flask import Flask, g


def add_server_timing(server: Flask) -> None:
    """Measure each request from arrival to response and report it as ``app;dur=<ms>``, and
    the processor time its thread spent on it as ``cpu;dur=<ms>`` (less than ``app`` when
    the thread waited: for the processor, a lock or the database)."""

    @server.before_request
    def _start() -> None:
        g.warroom_started = (time.perf_counter(), time.thread_time())

    @server.after_request
    def _stop(response):
        started = getattr(g, "warroom_started", None)
        if started is not None:
            ms = (time.perf_counter() - started[0]) * 1000
            cpu = (time.thread_time() - started[1]) * 1000
            response.headers["Server-Timing"] = f"app;dur={ms:.1f}, cpu;dur={cpu:.1f}"
        return response
