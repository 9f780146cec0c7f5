"""The War Room Dash app: ``create_app()`` reads only the built store.

One ``dash.Dash(use_pages=True)``; the pages are the modules in ``warroom.app.pages``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import dash
from dash import _callback, _pages, html
from flask import Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from warroom.app.brief_route import add_brief_routes
from warroom.app.caching import shared_outputs
from warroom.app.components.map import base_figure
from warroom.app.context import AppContext, app_context, install_context
from warroom.app.data import AppData
from warroom.app.errors import add_store_error_page, message_box, show_error
from warroom.app.governor.state import keep_hotspots_ready
from warroom.app.pages import PAGES
from warroom.audit import configure_audit
from warroom.config import PROJECT_ROOT, Settings, get_settings
from warroom.errors import WarroomError
from warroom.store import Store
from warroom.web.auth import init_auth
from warroom.web.callback_guard import add_callback_guard
from warroom.web.fast_json import use_fast_json
from warroom.web.heavy import init_heavy
from warroom.web.response_cache import add_response_cache
from warroom.web.scripts import add_light_scripts
from warroom.web.security import add_security
from warroom.web.static import add_static_routes
from warroom.web.throttle import init_throttle
from warroom.web.timing import add_server_timing

__all__ = ["app_context", "create_app"]

# Dash's catch-all route: it answers any other path with the app's page.
_CATCH_ALL = "<path:path>"
# Callbacks the page modules registered with dash.callback, kept once for every app.
_page_callbacks: tuple[list, dict, list] | None = None


def create_app(settings: Settings | None = None) -> dash.Dash:
    """A Dash app serving every page from the built store of ``settings``."""
    settings = settings or get_settings()
    use_fast_json()
    store = Store.open(settings.db_url, lock_timeout=settings.lock_timeout)  # never creates one
    if not (Path(settings.geojson_dir) / "country" / "province.geojson").exists():
        raise WarroomError(f"no GeoJSON in {settings.geojson_dir}: run `warroom build` first")
    data = AppData(
        store,
        settings.refresh_seconds,
        background=True,  # a load is read by a thread of its own, never in a request
        announce_for=30,  # the map page polls every 30 s (pages/map.py DATA_POLL_MS)
    ).warm()
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(PROJECT_ROOT / "assets"),
        title="War Room · ห้องสถานการณ์",
        update_title="",  # keep the tab title while callbacks run
        on_error=show_error,
        suppress_callback_exceptions=True,
    )
    dash_setup = list(app.server.before_request_funcs.get(None, []))  # Dash's own, so far
    _attach_page_callbacks(app)
    app.layout = html.Div([dash.page_container, message_box()], className="wr-app")
    server = app.server
    install_context(server, AppContext(settings, data, base_figure(settings.tile_url)))
    add_server_timing(server)
    server.before_request(data.keep_fresh)  # the refresh thread, in every serving process
    server.before_request(keep_hotspots_ready)  # hotspots computed before anyone asks
    add_static_routes(server, Path(settings.geojson_dir))
    add_light_scripts(server, settings.plotly_bundle)  # the Plotly the pages need, compressed once
    configure_audit(settings.audit_path)
    init_auth(server, settings, store)
    add_brief_routes(server, data, Path(settings.geometry_dir))
    server.after_request(_not_found_status)
    init_throttle(server, settings)
    init_heavy(server, settings)  # briefs, exports, hotspots on demand: bounded, throttled
    # A base64 upload inside a JSON callback is about 4/3 of the file; refuse far larger.
    server.config["MAX_CONTENT_LENGTH"] = int(settings.max_upload_mb * 1024 * 1024 * 1.4) + (
        1024 * 1024
    )
    add_security(server, settings, [app])
    add_callback_guard(server, app)  # before the response cache reads a callback's body
    add_store_error_page(server)
    if settings.response_cache:  # after the sign-in guard, so it never answers before it
        add_response_cache(server, settings, lambda: data.version, shared_outputs())
    if settings.proxies:  # behind a reverse proxy: the client's address, scheme and host
        n = settings.proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n)
    _set_up_before_serving(app, dash_setup)
    return app


def _set_up_before_serving(app: dash.Dash, hooks: list) -> None:
    """Run Dash's first-request setup now, before any server thread can serve.

    Dash registers its scripts and the pages' router in ``before_request`` hooks that mark
    themselves done before they finish; under a threaded server, requests that arrived with
    the first one were answered meanwhile: a script 404 (not registered yet) or a 500
    (``validate_background_callbacks``: "dictionary changed size during iteration"). Run
    here, in ``create_app``, the work is done once in gunicorn's master before it forks its
    workers (``preload_app``), and in the development server before it listens.
    """
    with app.server.test_request_context("/"):
        for hook in hooks:
            hook()


def _not_found_status(response: Response) -> Response:
    """Dash answers every path with its page; say 404 where no page claims the path (the
    page shown is still the bilingual ``not_found_404`` one, with its way back). Paths
    under the server's own routes (``/signin/x``, ``/_dash-layout/x``, ``/fonts/..%2f``)
    reach the same catch-all, and are no pages either."""
    rule = request.url_rule
    if (
        request.method == "GET"
        and response.status_code == 200
        and response.mimetype == "text/html"
        and rule is not None
        and rule.rule.endswith(_CATCH_ALL)
        and not _pages._path_to_page(request.path.strip("/"))[0]
    ):
        response.status_code = 404
    return response


def _attach_page_callbacks(app: dash.Dash) -> None:
    """Import the pages once, then give their callbacks to ``app``.

    Dash hands ``dash.callback``s to the first app that serves a request and forgets them;
    the suite (and a server with several apps) creates more than one app per process, so
    the callbacks are taken from Dash's global lists once and copied into each app.
    """
    global _page_callbacks
    if _page_callbacks is None:
        for module in PAGES:
            importlib.import_module(module)
        _page_callbacks = (
            list(_callback.GLOBAL_CALLBACK_LIST),
            dict(_callback.GLOBAL_CALLBACK_MAP),
            list(_callback.GLOBAL_INLINE_SCRIPTS),
        )
        _callback.GLOBAL_CALLBACK_LIST.clear()
        _callback.GLOBAL_CALLBACK_MAP.clear()
        _callback.GLOBAL_INLINE_SCRIPTS.clear()
    callbacks, callback_map, scripts = _page_callbacks
    app._callback_list.extend(callbacks)
    app.callback_map.update(callback_map)
    app._inline_scripts.extend(scripts)
