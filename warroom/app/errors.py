"""The one error policy of the app: a message in Thai and English, never a traceback.

Every page's callbacks run under ``show_error`` (``dash.Dash(on_error=show_error)``): a
``WarroomError`` is shown in its own words, anything else is logged with its traceback and
shown as a generic message. The message appears in ``message_box()`` (part of the app's
layout, outside the pages), and the outputs keep what they showed, so a map is never blanked.
"""

from __future__ import annotations

import logging

from dash import html, set_props
from flask import Flask, Response, request

from warroom.errors import WarroomError
from warroom.store import StoreError
from warroom.text.i18n import t
from warroom.web.heavy import BusyError

log = logging.getLogger("warroom.app")
MESSAGE_ID = "app-message"


def both(key: str, **kwargs: object) -> str:
    """A string in Thai, then English: for messages shown before the language is known."""
    return f"{t(key, 'th', **kwargs)} / {t(key, 'en', **kwargs)}"


def error_text(err: Exception) -> str:
    """What the user reads about ``err``: its own words if known, else a generic message."""
    if isinstance(err, BusyError):  # heavy work refused for now: its own bilingual words
        return str(err)
    if isinstance(err, WarroomError):
        return both("error", message=str(err))
    log.error("unexpected error in a callback", exc_info=err)
    return both("up_unexpected")


def show_error(err: Exception) -> None:
    """``on_error`` of the app: show the message (the callback's outputs stay as they were)."""
    set_props(MESSAGE_ID, {"children": error_text(err)})


def message_box() -> html.Div:
    """Where ``show_error`` writes; hidden while empty."""
    return html.Div(id=MESSAGE_ID, className="wr-message", role="alert")


def add_store_error_page(server: Flask) -> None:
    """A request the store cannot serve (missing, corrupt, busy, unreachable) gets 503 and a
    message in both languages, and the log one line saying why: never a 500 with a traceback,
    never the store's path to a visitor."""

    @server.errorhandler(StoreError)
    def _store_unavailable(exc: StoreError) -> Response:
        log.warning("%s %s: %s", request.method, request.path, exc)
        response = Response(both("store_unavailable"), status=503, mimetype="text/plain")
        response.headers["Retry-After"] = "30"
        return response
