"""The upload page (``/upload``, and ``/upload/``): One Data intake for signed-in officers.

The page's parts live in ``warroom.app.upload``; importing its ``callbacks`` and ``actions``
registers their module-level callbacks.
"""

from __future__ import annotations

import dash
from dash import html

from warroom.app.context import app_context
from warroom.app.upload import actions, callbacks  # noqa: F401  (registers the callbacks)
from warroom.app.upload.layout import upload_layout
from warroom.text.i18n import LANGUAGES


def layout(lang: str | list | None = None, **_query) -> html.Div:
    """The page in the URL's language (``?lang=en``), else the installation's."""
    settings = app_context().settings
    if isinstance(lang, list):
        lang = lang[-1]
    return upload_layout(lang if lang in LANGUAGES else settings.language, settings.max_upload_mb)


dash.register_page(
    __name__,
    path="/upload",
    title="นำเข้าข้อมูล · War Room",
    name="upload",
    layout=layout,
    order=3,
    nav="nav_upload",
)
