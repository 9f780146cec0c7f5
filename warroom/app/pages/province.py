"""The governor's page of a province: ``/province/<code>`` (e.g. ``/province/TH50``)."""

from __future__ import annotations

import dash
from dash import html

from warroom.app import governor


def layout(code: str | None = None, **query) -> html.Div:
    """The province's page in the URL's language, goal and indicator."""
    return governor.page(code, "province", query)


dash.register_page(
    __name__,
    path_template="/province/<code>",
    title="จังหวัด · War Room",
    name="province",
    layout=layout,
)
