"""The upload page (One Data intake in the app) at ``/upload/``, with sign-in.

A second Dash app on the dashboard's Flask server: its own layout and callbacks under
``/upload/``, so the dashboard at ``/`` and its URL state are untouched.
"""

from __future__ import annotations

import logging

import dash
from dash import set_props

from warroom.app.i18n import t
from warroom.app.mapview import base_figure
from warroom.app.upload.callbacks import UploadPage, register_callbacks
from warroom.app.upload.layout import upload_layout
from warroom.app.upload.views import Places
from warroom.config import PROJECT_ROOT, Settings
from warroom.errors import WarroomError
from warroom.indicators.store import Store

log = logging.getLogger(__name__)
UPLOAD_PATH = "/upload/"


def _show_error(err: Exception) -> None:
    """A known error in its own words; anything else logged, and a generic message shown."""
    if isinstance(err, WarroomError):
        text = str(err)
    else:
        log.error("upload page: unexpected error in a callback", exc_info=err)
        text = t("up_unexpected", "th") + " / " + t("up_unexpected", "en")
    set_props("up-message", {"children": text})


def add_upload_page(app: dash.Dash, settings: Settings) -> dash.Dash:
    """Serve the upload page at ``/upload/`` from ``app``'s Flask server."""
    server = app.server
    page_app = dash.Dash(
        __name__,
        server=server,
        url_base_pathname=UPLOAD_PATH,
        assets_folder=str(PROJECT_ROOT / "assets"),
        title="นำเข้าข้อมูล · War Room",
        update_title=None,
        on_error=_show_error,
        suppress_callback_exceptions=True,
        compress=False,  # the dashboard already compresses every response of this server
    )
    page_app.layout = upload_layout(settings.language, settings.max_upload_mb)
    page = UploadPage(
        settings, Places(Store(settings.db_url).areas()), base_figure(settings.tile_url)
    )
    register_callbacks(page_app, page)
    # A base64 upload inside a JSON callback is about 4/3 of the file; refuse far larger.
    limit = int(settings.max_upload_mb * 1024 * 1024 * 1.4) + 1024 * 1024
    if not server.config.get("MAX_CONTENT_LENGTH"):
        server.config["MAX_CONTENT_LENGTH"] = limit

    return page_app
