"""What every page reads: the installation's settings and data, one set per Flask app.

Page modules define their callbacks at module level (``dash.callback``), so the callbacks
cannot close over the app's data. ``create_app`` stores one :class:`AppContext` on its
Flask server; a callback or a page's ``layout(**query)`` asks for it with
:func:`app_context`::

    from warroom.app.context import app_context

    @callback(Output("prov-kpis", "children"), Input("prov-state", "data"))
    def kpis(state):
        data = app_context().data          # AppData: areas, catalogue, values in memory
        lang = app_context().settings.language
        ...

It works inside any request to the app (callbacks, layouts, Flask routes). In a plain test,
enter a request context first: ``with app.server.test_request_context(): ...``. Several
apps in one process (tests) never see each other's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, current_app

from warroom.app.data import AppData
from warroom.app.report_cache import ReportCache
from warroom.config import Settings

_KEY = "warroom"


@dataclass
class AppContext:
    """The app's shared, read-mostly state.

    Attributes
    ----------
    settings : Settings
        The installation's settings (store URL, default language, upload limit, ...).
    data : AppData
        Areas, catalogue and values held in memory; ``data.refresh_if_changed()`` re-reads
        the store after a build or a load.
    base : dict
        The map figure skeleton (style, trace settings), built once.
    reports : ReportCache
        The upload page's recent checks, kept so a language switch never re-reads a file.
    """

    settings: Settings
    data: AppData
    base: dict
    reports: ReportCache = field(default_factory=ReportCache)


def install_context(server: Flask, context: AppContext) -> None:
    """Attach ``context`` to ``server`` (done once by ``create_app``)."""
    server.extensions[_KEY] = context


def app_context() -> AppContext:
    """The context of the app serving the current request."""
    return current_app.extensions[_KEY]
