"""The governor's page of a district: ``/district/<code>`` (e.g. ``/district/TH5001``)."""

from __future__ import annotations

import dash
from dash import html

from warroom.app import governor


def layout(code: str | None = None, **query) -> html.Div:
    """The district's page in the URL's language, goal and indicator."""
    return governor.page(code, "district", query)


dash.register_page(
    __name__,
    path_template="/district/<code>",
    title="อำเภอ · War Room",
    name="district",
    layout=layout,
)
