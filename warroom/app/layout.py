"""The page: header, goal tiles and pickers, the map with breadcrumb and legend, panels."""

from __future__ import annotations

from dash import dcc, html

from warroom.app.i18n import t
from warroom.app.sdg import CONTEXT, CONTEXT_COLOUR, GOALS, POVERTY, POVERTY_COLOUR

DATA_POLL_MS = 30_000


def language_switch(component_id: str, lang: str) -> dcc.RadioItems:
    """The Thai/English switch, the same on every page."""
    return dcc.RadioItems(
        id=component_id,
        value=lang,
        inline=True,
        className="wr-lang",
        options=[{"label": "ไทย", "value": "th"}, {"label": "English", "value": "en"}],
    )


def i18n(key: str, lang: str, tag=html.Span, **kwargs):
    """A text element that the language switch re-translates."""
    return tag(t(key, lang), id={"type": "i18n", "key": key}, **kwargs)


def goal_tile(group: str, colour: str):
    """One SDG tile (or the poverty/context group tile); text is filled by a callback."""
    return html.Button(
        id={"type": "goal", "goal": group},
        className="wr-goal",
        n_clicks=0,
        style={"--goal-colour": colour},
    )


def layout(lang: str) -> html.Div:
    """The whole screen; every dynamic part is filled by callbacks from the view state."""
    tiles = [goal_tile(str(n), colour) for n, colour, _, _ in GOALS]
    tiles += [goal_tile(POVERTY, POVERTY_COLOUR), goal_tile(CONTEXT, CONTEXT_COLOUR)]
    return html.Div(
        className="wr-root",
        children=[
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="state"),
            dcc.Store(id="map-key"),
            # A wall screen runs unattended: look for new builds or loads twice a minute.
            dcc.Interval(id="data-poll", interval=DATA_POLL_MS),
            html.Header(
                className="wr-header",
                children=[
                    html.Div(
                        children=[
                            i18n("title", lang, html.H1),
                            i18n("subtitle", lang, html.Div, className="wr-subtitle"),
                        ]
                    ),
                    language_switch("lang", lang),
                ],
            ),
            html.Aside(
                className="wr-filters",
                children=[
                    i18n("goals", lang, html.H2),
                    html.Div(tiles, className="wr-goals"),
                    i18n("indicator", lang, html.Label, htmlFor="indicator"),
                    dcc.Dropdown(
                        id="indicator",
                        clearable=False,
                        searchable=True,
                        className="wr-dropdown",
                        optionHeight=56,
                    ),
                    i18n("period", lang, html.Label, htmlFor="period"),
                    dcc.Dropdown(
                        id="period", clearable=False, searchable=False, className="wr-dropdown"
                    ),
                    i18n("classes", lang, html.Label),
                    dcc.RadioItems(id="scheme", value="quantiles", className="wr-radio"),
                    dcc.Checklist(id="all-tambons", value=[], className="wr-radio"),
                ],
            ),
            html.Main(
                className="wr-map",
                children=[
                    html.Nav(id="breadcrumb", className="wr-breadcrumb"),
                    html.Div(id="map-title", className="wr-map-title"),
                    dcc.Graph(
                        id="map",
                        className="wr-graph",
                        responsive=True,
                        config={"displayModeBar": False, "scrollZoom": True},
                    ),
                    html.Div(id="legend", className="wr-legend"),
                    html.Div(id="credit", className="wr-credit"),
                ],
            ),
            html.Aside(
                className="wr-panels",
                children=[
                    html.Div(id="kpis", className="wr-kpis"),
                    html.Div(id="unplaced", className="wr-unplaced"),
                    i18n("ranking", lang, html.H3),
                    html.Div(id="ranking", className="wr-ranking"),
                    i18n("trend", lang, html.H3),
                    dcc.Graph(id="trend", className="wr-trend", config={"displayModeBar": False}),
                ],
            ),
            html.Div(id="message", className="wr-message", role="alert"),
        ],
    )
