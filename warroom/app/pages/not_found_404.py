"""Any unknown path: a message in Thai and English and a way back to the map.

Dash pages shows the page of the module named ``not_found_404`` for paths no page claims.
"""

from __future__ import annotations

import logging

import dash
from dash import html

from warroom.text.i18n import t

log = logging.getLogger(__name__)


def layout(**_query) -> html.Div:
    """Both languages at once: nothing tells which one the visitor reads."""
    log.info("unknown path asked for")
    return html.Div(
        className="wr-notfound",
        id="notfound",
        children=[
            html.H1(t("notfound_title", "th")),
            html.P(t("notfound_text", "th")),
            html.A(t("notfound_back", "th"), href="/?lang=th", id="notfound-back-th"),
            html.H1(t("notfound_title", "en"), lang="en"),
            html.P(t("notfound_text", "en"), lang="en"),
            html.A(t("notfound_back", "en"), href="/?lang=en", id="notfound-back-en"),
        ],
    )


dash.register_page(__name__, path="/404", title="ไม่พบหน้านี้ · Page not found", layout=layout)
