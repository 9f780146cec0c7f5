"""The War Room Dash app: ``create_app()`` reads only the built store."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import set_props

from warroom.app.auth import init_auth
from warroom.app.callbacks import register
from warroom.app.data import AppData
from warroom.app.i18n import t
from warroom.app.layout import layout
from warroom.app.mapview import base_figure
from warroom.app.static import add_static_routes
from warroom.app.timing import add_server_timing
from warroom.app.upload import add_upload_page
from warroom.config import PROJECT_ROOT, Settings, get_settings
from warroom.errors import WarroomError
from warroom.indicators.store import Store


def _show_error(err: Exception) -> None:
    """Tell the user in words; the traceback goes to the server log only."""
    set_props(
        "message",
        {
            "children": t("error", "th", message=str(err))
            + " / "
            + t("error", "en", message=str(err))
        },
    )


def create_app(settings: Settings | None = None) -> dash.Dash:
    """A Dash app serving the map and panels from the built store of ``settings``."""
    settings = settings or get_settings()
    db = Path(settings.build_dir) / "warroom.sqlite"
    if settings.database_url is None and not db.exists():
        raise WarroomError(f"no built store at {db}: run `warroom build` first")
    if not (Path(settings.geojson_dir) / "country" / "province.geojson").exists():
        raise WarroomError(f"no GeoJSON in {settings.geojson_dir}: run `warroom build` first")
    data = AppData(Store(settings.db_url)).warm()
    app = dash.Dash(
        __name__,
        assets_folder=str(PROJECT_ROOT / "assets"),
        title="War Room · ห้องสถานการณ์",
        update_title=None,
        on_error=_show_error,
        suppress_callback_exceptions=True,
    )
    add_server_timing(app.server)
    add_static_routes(app.server, Path(settings.geojson_dir))
    app.layout = layout(settings.language)
    register(app, data, base_figure(settings.tile_url), settings.language)
    init_auth(app.server, settings)
    add_upload_page(app, settings)
    return app
