"""The wall (``/wall?playlist=NAME&lang=th``): a playlist of views that cycles by itself.

Nothing to click: the browser keeps time (``assets/wall.js``, a clientside callback on a
``dcc.Interval``) and asks the server for the next view when one has run its course; the
server answers with the whole screen. When an answer does not come (the server is down) or
fails, the last good screen stays, a small mark says so, and the browser tries the next view
a few seconds later until the server answers again. Each answer re-reads the store when a
build or a load has changed it, and the playlist file when it has been edited.

Query: ``playlist`` (default ``default``), ``lang`` (``th``/``en``), ``speed`` (1 to 100:
durations divided by it, for tests and rehearsals). Keyboard: space pauses, arrows step.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html
from dash import no_update as nu

from warroom.app.components.legend import legend_rows
from warroom.app.context import app_context
from warroom.app.wall.board import render_actions
from warroom.app.wall.playlist import (
    DEFAULT_PLAYLIST,
    Playlist,
    PlaylistError,
    check_playlist,
    playlist_path,
    read_playlist,
)
from warroom.app.wall.screen import Screen, render, view_geo
from warroom.text.i18n import LANGUAGES, t

log = logging.getLogger(__name__)

TICK_MS = 250
MAX_SPEED = 100
# Strings the browser needs for the clock and the marks.
CLIENT_STRINGS = ("wall_reconnecting", "wall_paused", "wall_months", "wall_days", "wall_date")


def _first(value: object) -> str:
    """A query parameter's value (the last one when repeated)."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value or "").strip()


def _speed(value: str) -> float:
    try:
        speed = float(value) if value else 1.0
    except ValueError:
        log.warning("wall: speed=%r not understood: 1 used", value)
        return 1.0
    return min(max(speed, 1.0), MAX_SPEED)


# --- Playlists, read once per file version -------------------------------------------------

_good: dict[str, tuple[int, Playlist]] = {}  # path -> (mtime, last playlist that passed)


def current_playlist(name: str) -> tuple[Path, Playlist]:
    """The playlist as its file now stands and passes the checks; if an edit broke it, the
    last version that passed (logged), so that a typo never blanks a running wall."""
    context = app_context()
    data = context.data
    path = playlist_path(name, folder=context.settings.wall_dir)
    mtime = path.stat().st_mtime_ns
    cached = _good.get(str(path))
    if cached and cached[0] == mtime:
        return path, cached[1]
    try:
        playlist = read_playlist(path)
        check_playlist(
            playlist,
            file=str(path),
            indicators=data.indicators.index,
            observations=data.by_indicator,
            areas=data.areas.index,
        )
    except PlaylistError:
        if cached is None:
            raise
        log.warning("wall: %s no longer passes its checks; showing its last good version", path)
        return path, cached[1]
    _good[str(path)] = (mtime, playlist)
    return path, playlist


# --- Layout ----------------------------------------------------------------------------------


def layout(playlist: str = "", lang: str = "", speed: str = "", **_other) -> html.Div:
    """The wall, or a full-screen list of what is wrong with the playlist."""
    context = app_context()
    lang = _first(lang) or context.settings.language
    lang = lang if lang in LANGUAGES else context.settings.language
    name = _first(playlist) or DEFAULT_PLAYLIST
    try:
        path, chosen = current_playlist(name)
    except PlaylistError as exc:
        return error_screen(exc, name, lang)
    config = {
        "id": uuid.uuid4().hex,
        "playlist": name,
        "lang": lang,
        "speed": _speed(_first(speed)),
        "durations": [v.duration for v in chosen.views],
        "geos": [view_geo(v) for v in chosen.views],
        "tick": TICK_MS,
        "strings": {key: t(key, lang) for key in CLIENT_STRINGS},
    }
    log.info("wall: %s (%d views) in %s", path, len(chosen.views), lang)
    return html.Div(
        className="wall-root",
        id="wall-root",
        lang=lang,
        children=[
            dcc.Store(id="wall-config", data=config),
            dcc.Store(id="wall-want"),
            dcc.Store(id="wall-have"),
            dcc.Interval(id="wall-tick", interval=TICK_MS),
            html.Header(
                className="wall-head",
                children=[
                    html.Div(
                        className="wall-titles",
                        children=[
                            html.H1(id="wall-title", className="wall-title"),
                            html.Div(id="wall-sub", className="wall-sub"),
                            html.Div(id="wall-headline", className="wall-headline"),
                        ],
                    ),
                    html.Div(
                        className="wall-clockbox",
                        children=[
                            html.Div(id="wall-clock", className="wall-clock"),
                            html.Div(id="wall-date", className="wall-date"),
                        ],
                    ),
                ],
            ),
            html.Main(
                className="wall-main",
                children=[
                    html.Div(
                        className="wall-mapbox",
                        children=[
                            dcc.Graph(
                                id="wall-map",
                                className="wall-map",
                                figure=context.base,
                                responsive=True,
                                config={"staticPlot": True, "displayModeBar": False},
                            ),
                            html.Div(id="wall-goals", className="wall-goals", hidden=True),
                            html.Div(id="wall-badges", className="wall-badges"),
                        ],
                    ),
                    html.Aside(
                        className="wall-side",
                        children=[
                            html.Div(id="wall-here", className="wall-here"),
                            html.Div(id="wall-legend-title", className="wall-legend-title"),
                            html.Div(id="wall-legend", className="wall-legend"),
                            html.Div(id="wall-side", className="wall-rank"),
                        ],
                    ),
                ],
            ),
            html.Footer(
                className="wall-foot",
                children=[
                    html.Div(id="wall-asof", className="wall-asof"),
                    html.Div(id="wall-credit", className="wall-credit"),
                    html.Div(id="wall-status", className="wall-status", role="status"),
                    html.Div(id="wall-count", className="wall-count"),
                    html.Div(className="wall-progress", children=html.Div(id="wall-bar")),
                ],
            ),
        ],
    )


def error_screen(exc: PlaylistError, name: str, lang: str) -> html.Div:
    """Every problem of the playlist, with the way to check a fix, in both languages."""
    log.warning("wall: playlist %r refused:\n%s", name, exc)
    command = f"warroom wall check {name}"
    other = "en" if lang == "th" else "th"
    return html.Div(
        className="wall-root wall-error",
        id="wall-error",
        children=[
            html.H1(t("wall_error_title", lang)),
            html.Div(t("wall_error_title", other), className="wall-error-other"),
            html.Ul([html.Li(str(p)) for p in exc.problems], className="wall-error-list"),
            html.Div(t("wall_error_fix", lang, command=command)),
            html.Div(t("wall_error_fix", other, command=command), className="wall-error-other"),
        ],
    )


dash.register_page(
    __name__,
    path="/wall",
    title="War Room · จอภาพห้องสถานการณ์",
    name="wall",
    layout=layout,
    order=2,
    nav="nav_wall",
)


# --- The browser keeps time ------------------------------------------------------------------

clientside_callback(
    ClientsideFunction(namespace="wall", function_name="tick"),
    Output("wall-want", "data"),
    Output("wall-bar", "style"),
    Output("wall-status", "children"),
    Output("wall-count", "children"),
    Output("wall-clock", "children"),
    Output("wall-date", "children"),
    Input("wall-tick", "n_intervals"),
    Input("wall-have", "data"),
    State("wall-config", "data"),
)


# --- The server draws a view -----------------------------------------------------------------

LONG_TITLE = 42  # characters: a longer title is set smaller to stay on one line

SCREEN_OUTPUTS = (
    Output("wall-map", "figure"),
    Output("wall-title", "children"),
    Output("wall-title", "className"),
    Output("wall-here", "children"),
    Output("wall-sub", "children"),
    Output("wall-headline", "children"),
    Output("wall-legend-title", "children"),
    Output("wall-legend", "children"),
    Output("wall-side", "children"),
    Output("wall-goals", "children"),
    Output("wall-goals", "hidden"),
    Output("wall-badges", "children"),
    Output("wall-asof", "children"),
    Output("wall-credit", "children"),
)


@callback(
    *SCREEN_OUTPUTS,
    Output("wall-have", "data"),
    Input("wall-want", "data"),
    State("wall-config", "data"),
)
def show_view(want: dict | None, config: dict | None):
    """One view of the playlist, drawn from the data in memory.

    A failure leaves every output as it was and tells the browser (``ok: false``), which
    keeps the last good screen, shows its mark and moves on.
    """
    if not want or not config:
        return (nu,) * (len(SCREEN_OUTPUTS) + 1)
    try:
        context = app_context()
        context.data.refresh_if_changed()  # a new build or load shows at the next view
        _, playlist = current_playlist(config["playlist"])
        index = int(want["i"]) % len(playlist.views)
        size = _size(want)
        view = playlist.views[index]
        draw = render_actions if view.show == "actions" else render
        screen = draw(view, context.data, base=context.base, lang=config["lang"], size=size)
    except Exception:
        log.exception("wall: view %s of %s failed", want.get("i"), config.get("playlist"))
        return (*(nu,) * len(SCREEN_OUTPUTS), {"n": want.get("n"), "ok": False})
    # The map's key: the browser checks that the map it shows carries it (assets/wall.js).
    key = None
    if screen.figure is not None:
        key = f"{want.get('n')}|{index}"
        screen.figure["layout"]["meta"] = {"key": key}
    have = {
        "n": want.get("n"),
        "i": index,
        "ok": True,
        "key": key,
        "durations": [v.duration for v in playlist.views],
        "geos": [view_geo(v) for v in playlist.views],
    }
    return (*screen_outputs(screen), have)


def _size(want: dict) -> tuple[int, int]:
    """The map's size in CSS pixels as the browser measured it (sane bounds)."""
    try:
        width, height = int(want.get("w") or 0), int(want.get("h") or 0)
    except (TypeError, ValueError):
        width = height = 0
    if not (100 <= width <= 20000 and 100 <= height <= 20000):
        return (1200, 860)
    return (width, height)


def screen_outputs(screen: Screen) -> tuple:
    """A screen as the values of ``SCREEN_OUTPUTS``."""
    legend = legend_rows(screen.legend, prefix="wall")
    goals = screen.kind == "goals"
    return (
        screen.figure if screen.figure is not None else nu,
        screen.title,
        "wall-title wall-title-long" if len(screen.title) > LONG_TITLE else "wall-title",
        screen.here,
        screen.subtitle,
        screen.headline,
        screen.legend_title,
        legend,
        screen.side,
        screen.goals if goals else [],
        not goals,
        [html.Span(b, className="wall-badge") for b in screen.badges],
        screen.as_of,
        screen.credit,
    )
