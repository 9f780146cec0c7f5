"""`warroom serve`: the app under gunicorn (production) or Flask's development server.

Gunicorn runs ``Settings.workers`` processes of ``Settings.threads`` threads each (the
``gthread`` worker: a slow client holds a thread, not a process), with a request timeout and
keep-alive. The app is built once in the master and forked (``preload_app``), so the store is
read once and its memory shared; ``warroom.store.engine`` gives every child fresh database
connections after the fork.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from warroom.config import Settings


def gunicorn_options(settings: Settings, *, host: str, port: int) -> dict[str, Any]:
    """Gunicorn's settings for War Room: processes, threads, timeouts, keep-alive, logs."""
    return {
        "bind": [f"{host}:{port}"],
        "workers": settings.workers,
        "worker_class": "gthread",
        "threads": settings.threads,
        "timeout": settings.timeout,
        "graceful_timeout": 30,
        "keepalive": settings.keepalive,
        "preload_app": True,
        "backlog": 2048,
        # Limits on the request line and headers: nothing legitimate comes near them.
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        # Behind a reverse proxy on the same machine, trust its X-Forwarded-* headers.
        "forwarded_allow_ips": "127.0.0.1,::1",
        "proc_name": "warroom",
        "control_socket_disable": True,  # one per user would clash between instances
    }


def check_geometry(settings: Settings) -> list[str]:
    """Check every built GeoJSON file before serving; each damaged one is logged (and
    answered with a message when a map asks for it). Returns the problems."""
    from warroom.web.static import geojson_problems

    problems = geojson_problems(settings.geojson_dir)
    for problem in problems:
        logging.getLogger("warroom.serving").error(
            "damaged GeoJSON %s: maps that need it say so; run `warroom build`", problem
        )
    return problems


def prepare(app: Any, settings: Settings) -> None:
    """What every worker's first requests would otherwise do, done once before serving (in
    gunicorn's master, so forked workers share it): check the GeoJSON, compress the first
    page's scripts and fonts (``web.scripts.compress_ahead``), compute every indicator's
    coverage and open the first pages once."""
    from warroom.app import app_context
    from warroom.config import PROJECT_ROOT
    from warroom.web.scripts import compress_ahead, first_page_files

    check_geometry(settings)
    log = logging.getLogger("warroom.serving")
    started = time.perf_counter()
    files = first_page_files(app.server, app.registered_paths, PROJECT_ROOT / "assets")
    made = compress_ahead(app.server, files)
    log.info(
        "%d scripts and fonts compressed ahead (%d answers) in %.1f s",
        len(files),
        made,
        time.perf_counter() - started,
    )
    started = time.perf_counter()
    with app.server.app_context():
        pairs = app_context().data.warm_coverage()
    log.info(
        "coverage of %d indicator-periods computed ahead in %.1f s",
        pairs,
        time.perf_counter() - started,
    )
    started = time.perf_counter()
    drawn = [path for path in WARM_PAGES if open_page(app.server, path) == 200]
    log.info("pages opened ahead (%s) in %.1f s", ", ".join(drawn), time.perf_counter() - started)


# Pages opened once before serving: what a first page reads and builds the first time
# (modules imported on first use, the areas' trees, per-level tables) is then done.
WARM_PAGES = ("/", "/province/TH10")


def page_request(path: str) -> dict:
    """The request Dash's renderer sends for a page's content (``dash.page_container``)."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
    }


def open_page(server: Any, path: str) -> int:
    """Ask the app for a page's content as Dash's renderer does, through the app itself;
    returns the HTTP status."""
    answer = server.test_client().post("/_dash-update-component", json=page_request(path))
    return int(answer.status_code)


def run_gunicorn(settings: Settings, *, host: str, port: int) -> None:
    """Serve the app with gunicorn until interrupted."""
    from gunicorn.app.base import BaseApplication

    from warroom.app import create_app

    options = gunicorn_options(settings, host=host, port=port)
    app = create_app(settings)  # here, so a missing store fails before forking
    prepare(app, settings)
    server = app.server

    class WarRoomApplication(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:  # older gunicorn lacks some settings
                    self.cfg.set(key, value)

        def load(self):
            return server

    WarRoomApplication().run()


def run_dev(settings: Settings, *, host: str, port: int, debug: bool = False) -> None:
    """Serve the app with Flask's development server (one process)."""
    from warroom.app import create_app

    app = create_app(settings)
    prepare(app, settings)
    app.run(host=host, port=port, debug=debug)
