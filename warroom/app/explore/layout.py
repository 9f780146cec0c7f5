"""The workspace's layout: the controls, the tabs and the cards, filled from the state (the URL),
and the options of its pickers."""

from __future__ import annotations

from dash import dcc, html

from warroom.app.components.labels import indicator_name
from warroom.app.components.shell import page_header, tr
from warroom.app.context import app_context
from warroom.app.data import AppData
from warroom.app.explore.state import (
    TABS,
    read_query,
)
from warroom.export.formats import offered
from warroom.export.formats.base import PARTS
from warroom.text.i18n import name, t

KIND = "ex-i18n"
MAPS = ("ex-bimap", "ex-xmap", "ex-ymap")
BUTTON = "ex-btn"
EXPORTS = offered(PARTS)  # the page makes every part of an export: it offers every format


def _graph(component_id: str, **kwargs) -> dcc.Graph:
    return dcc.Graph(
        id=component_id,
        className="ex-graph",
        responsive=True,
        config={"displaylogo": False, "scrollZoom": True, "modeBarButtonsToRemove": ["toImage"]},
        **kwargs,
    )


def _card(title_id: str, graph: dcc.Graph, *extra) -> html.Section:
    return html.Section(
        className="ex-card",
        children=[html.Div(id=title_id, className="ex-card-title"), graph, *extra],
    )


def time_bar(lang: str) -> html.Div:
    """X's year as a slider under its map, with a play button that steps through the years
    (``PLAY_JS``); the slider writes the year into the state like the year picker."""
    return html.Div(
        className="ex-timebar",
        children=[
            html.Button("▶", id="ex-play", className="ex-btn ex-small", title=t("ex_play", lang)),
            html.Div(
                dcc.Slider(id="ex-xslider", step=None, marks={}, included=False),
                className="ex-slider",
                title=t("ex_year_slider", lang),
            ),
            dcc.Interval(id="ex-play-tick", interval=PLAY_MS, disabled=True),
        ],
    )


PLAY_MS = 2000  # a year on screen while playing: the map's values arrive as a patch

# The play button starts and stops the ticks; each tick moves the slider to the next year
# (back to the first after the last), which the state callback reads like any control.
PLAY_JS = """
function(clicks, disabled) {
    if (!clicks) { return [window.dash_clientside.no_update, window.dash_clientside.no_update]; }
    return [!disabled, disabled ? '⏸' : '▶'];
}
"""
STEP_JS = """
function(_n, marks, value) {
    const years = Object.keys(marks || {}).map(Number).sort((a, b) => a - b);
    if (!years.length) { return window.dash_clientside.no_update; }
    const at = years.indexOf(Number(value));
    return years[(at + 1) % years.length];
}
"""


def workspace(**query) -> html.Div:
    """The workspace; the controls and every figure are filled from the state (the URL)."""
    context = app_context()
    state, _ = read_query(query, context.data, context.settings.language)
    lang = state.lang
    label = {"className": "ex-label"}
    return html.Div(
        className="ex-root",
        children=[
            dcc.Location(id="ex-url", refresh=False),
            dcc.Store(id="ex-state"),
            dcc.Store(id="ex-selection", data=[]),
            dcc.Store(id="ex-size"),
            dcc.Store(id="ex-keys"),
            dcc.Download(id="ex-download"),
            page_header(
                path="/explore",
                lang=lang,
                lang_id="ex-lang",
                kind=KIND,
                title_key="ex_title",
                subtitle_key="ex_subtitle",
            ),
            html.Aside(
                className="ex-controls",
                children=[
                    tr("ex_x", lang, html.Label, kind=KIND, **label),
                    dcc.Dropdown(id="ex-x", clearable=False, optionHeight=50, className="ex-dd"),
                    dcc.Dropdown(
                        id="ex-xperiod", clearable=False, searchable=False, className="ex-dd"
                    ),
                    tr("ex_y", lang, html.Label, kind=KIND, **label),
                    dcc.Dropdown(id="ex-y", clearable=False, optionHeight=50, className="ex-dd"),
                    dcc.Dropdown(
                        id="ex-yperiod", clearable=False, searchable=False, className="ex-dd"
                    ),
                    tr("ex_level", lang, html.Label, kind=KIND, **label),
                    dcc.RadioItems(id="ex-level", className="wr-radio"),
                    tr("ex_area", lang, html.Label, kind=KIND, **label),
                    dcc.Dropdown(id="ex-area", clearable=False, className="ex-dd"),
                    tr("ex_compare_areas", lang, html.Label, kind=KIND, **label),
                    dcc.Dropdown(id="ex-areas", multi=True, className="ex-dd", optionHeight=44),
                    tr("ex_goal", lang, html.Label, kind=KIND, **label),
                    dcc.Dropdown(id="ex-goal", clearable=False, className="ex-dd", optionHeight=44),
                    tr("ex_export", lang, html.Label, kind=KIND, **label),
                    dcc.Loading(
                        html.Div(
                            className="ex-exports",
                            children=[
                                html.Button(t(f.label, lang), id=f"ex-dl-{f.key}", className=BUTTON)
                                for f in EXPORTS
                            ],
                        ),
                        type="dot",
                    ),
                    html.Div(id="ex-notice", className="ex-notice", role="status"),
                ],
            ),
            html.Main(
                className="ex-main",
                children=[
                    dcc.Tabs(
                        id="ex-tab",
                        value=state.tab,
                        className="ex-tabs",
                        children=[dcc.Tab(label=t(f"ex_tab_{k}", lang), value=k) for k in TABS],
                    ),
                    html.Div(
                        id="ex-pane-pair",
                        className="ex-pane ex-pair",
                        children=[
                            _card(
                                "ex-scatter-title",
                                _graph("ex-scatter"),
                                html.Div(
                                    className="ex-selbar",
                                    children=[
                                        html.Span(id="ex-selected"),
                                        html.Button(
                                            t("ex_clear", lang),
                                            id="ex-clear",
                                            className="ex-btn ex-small",
                                        ),
                                    ],
                                ),
                            ),
                            _card("ex-bimap-title", _graph("ex-bimap"), html.Div(id="ex-bilegend")),
                            _card(
                                "ex-xmap-title",
                                _graph("ex-xmap"),
                                html.Div(id="ex-xlegend", className="wr-legend ex-legend"),
                                time_bar(lang),
                            ),
                            _card(
                                "ex-ymap-title",
                                _graph("ex-ymap"),
                                html.Div(id="ex-ylegend", className="wr-legend ex-legend"),
                            ),
                            html.Footer(id="ex-pair-sources", className="ex-sources"),
                        ],
                    ),
                    html.Div(
                        id="ex-pane-compare",
                        className="ex-pane ex-compare",
                        children=[
                            html.Div(id="ex-compare-table"),
                            html.Div(id="ex-compare-note", className="ex-note-line"),
                            dcc.Graph(id="ex-compare-chart", config={"displayModeBar": False}),
                            html.Footer(id="ex-compare-sources", className="ex-sources"),
                        ],
                    ),
                    html.Div(
                        id="ex-pane-years",
                        className="ex-pane ex-years",
                        children=[
                            html.Div(id="ex-years-title", className="ex-card-title"),
                            html.Div(id="ex-years-table"),
                            dcc.Graph(id="ex-years-chart", config={"displayModeBar": False}),
                            html.Footer(id="ex-years-sources", className="ex-sources"),
                        ],
                    ),
                    html.Div(
                        id="ex-pane-coverage",
                        className="ex-pane ex-coverage",
                        children=[
                            html.Section(
                                className="ex-card ex-scroll",
                                children=[
                                    html.Div(id="ex-coverage-title", className="ex-card-title"),
                                    dcc.Graph(
                                        id="ex-coverage-matrix", config={"displayModeBar": False}
                                    ),
                                ],
                            ),
                            _card(
                                "ex-covmap-title",
                                _graph("ex-covmap"),
                                html.Div(id="ex-covlegend", className="wr-legend ex-legend"),
                            ),
                        ],
                    ),
                ],
            ),
        ],
    )


def indicator_options(data: AppData, lang: str) -> list[dict]:
    """Every indicator with data, grouped by goal in the label."""
    options = []
    for ind, row in data.indicators.iterrows():
        if not data.periods.get(ind):
            continue
        goal = row["goal"]
        prefix = f"{int(goal)} · " if goal == goal and goal is not None else ""
        options.append({"label": f"{prefix}{indicator_name(row, lang)}", "value": ind})
    return options


def area_label(data: AppData, code: str, lang: str) -> str:
    chain = data.ancestors(code)[1:]
    return " › ".join(data.area_name(c, lang) for c in chain)


def area_options(data: AppData, lang: str, search: str | None, chosen: tuple[str, ...]):
    """Areas matching the typed text (any level, at most 60), plus the chosen ones."""
    areas = data.areas
    options = [{"label": area_label(data, c, lang), "value": c} for c in chosen]
    if search:
        needle = search.strip().lower()
        hits = areas[
            areas["name_th"].str.contains(needle, regex=False)
            | areas["name_en"].str.lower().str.contains(needle, regex=False)
            | areas["code"].str.lower().str.startswith(needle)
        ]
        hits = hits[(hits["level"] != "country") & ~hits["code"].isin(chosen)]
        options += [{"label": area_label(data, c, lang), "value": c} for c in hits["code"][:60]]
    else:
        provinces = areas[(areas["level"] == "province") & ~areas["code"].isin(chosen)]
        options += [{"label": name(r, lang), "value": r["code"]} for _, r in provinces.iterrows()]
    return options
