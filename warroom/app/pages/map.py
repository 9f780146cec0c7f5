"""The national map (``/``): goal tiles and pickers, the map, KPI cards, ranking, trend.

Events change the view state (mirrored in the URL); the state then draws the map, the
panels and every label. A URL parameter that cannot be read is named in a notice, logged,
and replaced by a default (``state.read_query`` and ``state.normalise``).
"""

from __future__ import annotations

import logging

import dash
from dash import (
    ALL,
    Input,
    Output,
    Patch,
    State,
    clientside_callback,
    ctx,
    dcc,
    html,
    no_update,
)
from dash.exceptions import PreventUpdate

from warroom.app.caching import shared_callback
from warroom.app.components.goals import goal_tiles, tile_content, tile_title
from warroom.app.components.kpi import kpi_cards
from warroom.app.components.labels import (
    anchors_of,
    breadcrumb,
    credit,
    indicator_name,
    unit_of,
    unplaced_note,
)
from warroom.app.components.legend import legend_rows
from warroom.app.components.map import (
    MEASURE_JS,
    RANKS_JS,
    MapValues,
    full_figure,
    locations_key,
    map_values,
    value_patch,
)
from warroom.app.components.ranking import ranking
from warroom.app.components.reasons import grey_reasons, note_lines
from warroom.app.components.shell import page_header, tr
from warroom.app.components.trend import trend_figure
from warroom.app.context import app_context
from warroom.app.data import AppData, View, view_for
from warroom.app.state import (
    SCHEMES,
    Fix,
    ViewState,
    next_state,
    normalise,
    read_query,
    to_query,
)
from warroom.areas.codes import level_of
from warroom.text.i18n import STRINGS, t, year_label

log = logging.getLogger(__name__)

DATA_POLL_MS = 30_000
# Room kept free over the map for the breadcrumb and title (top) and the credit (bottom).
MAP_PAD_TOP_REM, MAP_PAD_BOTTOM_REM = 6.0, 2.0


def fixes_notice(data: AppData, fixes: list[Fix], state: ViewState) -> list:
    """One line per URL parameter replaced, saying what is shown instead."""
    used = {
        "goal": state.goal,
        "indicator": indicator_name(data.indicators.loc[state.indicator], state.lang),
        "area": state.area,
        "period": year_label(state.period, state.lang) if state.period else "-",
        "lang": state.lang,
        "classes": t(state.scheme, state.lang),
        "tambons": "-",
    }
    lines = [
        html.Div(
            t(f"url_bad_{f.param}", state.lang, value=f.value, used=used[f.param]),
            className="wr-notice-line",
        )
        for f in fixes
    ]
    return [*lines, html.Div(t("url_bad_hint", state.lang), className="wr-notice-hint")]


def indicator_options(data: AppData, state: ViewState) -> list[dict]:
    """The chosen goal's indicators, labelled in the chosen language."""
    column = "name_th" if state.lang == "th" else "name_en"
    names = data.indicators.loc[data.groups.get(state.goal, []), column]
    return [{"label": label, "value": ident} for ident, label in names.items()]


def layout(**query) -> html.Div:
    """The whole screen; every dynamic part is filled by callbacks from the view state."""
    context = app_context()
    lang = normalise(
        read_query(query, context.settings.language)[0],
        context.data.indicators,
        context.data.periods,
        context.data.areas.index,
        context.settings.language,
    ).lang
    return html.Div(
        className="wr-root",
        children=[
            dcc.Location(id="map-url", refresh=False),
            dcc.Store(id="map-state"),
            dcc.Store(id="map-key"),
            dcc.Store(id="map-size"),
            dcc.Store(id="map-labels-key"),  # language, goal and data: what the labels depend on
            # A wall screen runs unattended: look for new builds or loads twice a minute.
            dcc.Interval(id="map-data-poll", interval=DATA_POLL_MS),
            page_header(
                path="/",
                lang=lang,
                lang_id="map-lang",
                kind="map-i18n",
                title_key="title",
                subtitle_key="subtitle",
            ),
            html.Aside(
                className="wr-filters",
                children=[
                    tr("goals", lang, html.H2, kind="map-i18n"),
                    html.Div(goal_tiles(kind="map-goal"), className="wr-goals"),
                    tr("indicator", lang, html.Label, htmlFor="map-indicator", kind="map-i18n"),
                    dcc.Dropdown(
                        id="map-indicator",
                        clearable=False,
                        searchable=True,
                        className="wr-dropdown",
                        maxHeight=480,
                    ),
                    tr("period", lang, html.Label, htmlFor="map-period", kind="map-i18n"),
                    dcc.Dropdown(
                        id="map-period", clearable=False, searchable=False, className="wr-dropdown"
                    ),
                    tr("classes", lang, html.Label, kind="map-i18n"),
                    dcc.RadioItems(id="map-scheme", value="quantiles", className="wr-radio"),
                    dcc.Checklist(id="map-all-tambons", value=[], className="wr-radio"),
                ],
            ),
            html.Main(
                className="wr-map",
                id="map-box",
                children=[
                    html.Nav(id="map-breadcrumb", className="wr-breadcrumb"),
                    html.Div(id="map-title", className="wr-map-title"),
                    html.Div(id="map-url-notice", className="wr-notice", role="status"),
                    # Shown while a geometry file that failed is fetched again
                    # (assets/geo.js); the page then reloads its URL.
                    html.Div(
                        t("map_retry", lang),
                        id="map-retry",
                        className="wr-map-retry",
                        role="status",
                        hidden=True,
                    ),
                    dcc.Graph(
                        id="map-graph",
                        className="wr-graph",
                        responsive=True,
                        figure=context.base,
                        config={"displayModeBar": False, "scrollZoom": True},
                    ),
                    html.Div(
                        className="wr-map-foot",
                        children=[
                            html.Div(id="map-legend", className="wr-legend"),
                            html.Div(id="map-credit", className="wr-credit"),
                        ],
                    ),
                ],
            ),
            html.Aside(
                className="wr-panels",
                children=[
                    html.Div(id="map-kpis", className="wr-kpis"),
                    html.Div(id="map-unplaced", className="wr-unplaced"),
                    tr("ranking", lang, html.H3, kind="map-i18n"),
                    html.Div(id="map-ranking", className="wr-ranking"),
                    tr("trend", lang, html.H3, kind="map-i18n"),
                    dcc.Graph(
                        id="map-trend",
                        className="wr-trend",
                        responsive=True,
                        config={"displayModeBar": False},
                    ),
                ],
            ),
        ],
    )


dash.register_page(
    __name__,
    path="/",
    title="War Room · ห้องสถานการณ์",
    name="map",
    layout=layout,
    order=0,
    nav="nav_map",
)


@shared_callback(
    Output("map-state", "data"),
    Output("map-url", "search"),
    Output("map-indicator", "options"),
    Output("map-indicator", "value"),
    Output("map-period", "options"),
    Output("map-period", "value"),
    Output("map-lang", "value"),
    Output("map-scheme", "options"),
    Output("map-scheme", "value"),
    Output("map-all-tambons", "options"),
    Output("map-all-tambons", "value"),
    Output("map-url-notice", "children"),
    Output("map-labels-key", "data"),
    Input("map-url", "search"),
    Input({"type": "map-goal", "goal": ALL}, "n_clicks"),
    Input("map-indicator", "value"),
    Input("map-period", "value"),
    Input("map-lang", "value"),
    Input("map-scheme", "value"),
    Input("map-all-tambons", "value"),
    Input("map-graph", "clickData"),
    Input({"type": "map-crumb", "code": ALL}, "n_clicks"),
    Input({"type": "map-rank", "code": ALL}, "n_clicks"),
    Input("map-data-poll", "n_intervals"),
    State("map-state", "data"),
    State("map-labels-key", "data"),
)
def update_state(
    search, _goals, _indicator, _period, _lang, _scheme, _tambons, _click, _crumbs, _ranks, _poll,
    current, labels,
):  # fmt: skip
    """Events (and the URL) → the view state, the URL and the pickers."""
    context = app_context()
    data, default_lang = context.data, context.settings.language
    trigger = ctx.triggered_id
    refreshed = data.refresh_if_changed()
    if trigger == "map-data-poll" and not refreshed:
        raise PreventUpdate
    value = ctx.triggered[0]["value"] if ctx.triggered else None
    before = ViewState.from_dict(current) if current else None
    fixes: list[Fix] = []
    state = next_state(
        data, before, trigger, value, search=search, default_lang=default_lang, fixes=fixes
    )
    for fix in fixes:
        log.warning("URL parameter %s=%r not understood: replaced", fix.param, fix.value)
    query = to_query(state)
    lang = state.lang
    periods = data.periods.get(state.indicator, [])
    # The labels and goal tiles are redrawn only when what they show changes, not on every
    # switch or drill-down (one request less per action).
    labels_now = {"lang": lang, "goal": state.goal, "data": str(data.version)}
    relabel = labels_now != labels  # so are the pickers' lists that depend on the same
    return (
        state.to_dict(),
        query if query != search else no_update,
        indicator_options(data, state) if relabel else no_update,
        state.indicator,
        [{"label": year_label(p, lang), "value": p} for p in periods],
        state.period,
        lang,
        [{"label": t(s, lang), "value": s} for s in SCHEMES] if relabel else no_update,
        state.scheme,
        [{"label": t("tambon_all", lang), "value": "all"}] if relabel else no_update,
        ["all"] if state.all_tambons else [],
        fixes_notice(data, fixes, state) if fixes else "",
        labels_now if relabel else no_update,
    )


@shared_callback(
    Output("map-graph", "figure"),
    Output("map-key", "data"),
    Output("map-legend", "children"),
    Output("map-title", "children"),
    Output("map-breadcrumb", "children"),
    Output("map-credit", "children"),
    Input("map-state", "data"),
    Input("map-size", "data"),
    State("map-key", "data"),
)
def render_map(state_dict, size, key):
    """The state → the map (a full figure for a new view, else a value patch) and its labels."""
    if not state_dict:
        return (no_update,) * 6
    data = app_context().data
    state = ViewState.from_dict(state_dict)
    view = view_for(state.area, state.all_tambons)
    what = (state.indicator, state.period, state.scheme, state.lang)
    mv, located = data.answer(
        ("map_values", view, *what),
        lambda: (found := _map_values(data, state, view), locations_key(found)),
    )
    width, height, rem = size or (1000, 850, 16)
    view_key = f"{view.geo_url}|{view.area}|{view.level}|{width}x{height}"
    # What the browser holds: a figure of this view (patched, leaving out the lists it
    # already has) or of another (a full figure, held None). A switch back to a view shown
    # is then sent from memory, nothing computed again; the labels do not depend on it.
    held_view, _, held = (key or "").rpartition("|")
    held_values = held if held_view == view_key else None
    figure = data.answer(
        ("map_figure", state, view_key, rem, held_values),
        lambda: _figure(state, view, view_key, mv, located, held_values, (width, height, rem)),
    )
    labels = data.answer(("map_labels", state, view), lambda: _labels(state, view, mv))
    return (figure, f"{view_key}|{located}", *labels)


def _figure(
    state: ViewState,
    view: View,
    view_key: str,
    mv: MapValues,
    located: str,
    held: str | None,
    size: tuple,
) -> dict | Patch:
    """The map's figure: a value patch of what the browser holds (``held``: the locations
    key of its values), or a full figure of ``view_key`` (its ``uirevision``) fitted to
    ``size`` (width, height, rem) if None."""
    if held is not None:
        return value_patch(mv, key=located, held=held)
    context = app_context()
    width, height, rem = size
    selected = state.area if view.level == level_of(state.area) == "tambon" else None
    box = context.data.areas.loc[view.within, ["minx", "miny", "maxx", "maxy"]]
    return full_figure(
        context.base,
        view.geo_url,
        mv,
        selected,
        tuple(box),
        view_key,
        size=(width, height),
        font_px=rem,
        pad=(MAP_PAD_TOP_REM * rem, MAP_PAD_BOTTOM_REM * rem),
    )


def _labels(state: ViewState, view: View, mv: MapValues) -> tuple:
    """The map's legend, title, breadcrumb and credit."""
    data = app_context().data
    ind = data.indicators.loc[state.indicator]
    title = [
        html.Div(indicator_name(ind, state.lang), className="wr-ind-name"),
        html.Div(
            f"{year_label(state.period, state.lang)} · "
            f"{t('showing', state.lang, level=t('level_' + view.level, state.lang))}",
            className="wr-ind-sub",
        ),
    ]
    return (
        legend_rows(mv.legend),
        title,
        breadcrumb(data, state, kind="map-crumb"),
        credit(data, state),
    )


def _map_values(data: AppData, state: ViewState, view: View) -> MapValues:
    """The map's values, classes, colours and grey reasons for a state and view."""
    ind = data.indicators.loc[state.indicator]
    values = data.values(state.indicator, state.period, data.drawn_areas(view).index)
    why = grey_reasons(data, state.indicator, state.period, view.level, values, state.lang)
    return map_values(
        values,
        unit=unit_of(ind, state.lang),
        direction=ind["direction"],
        period=state.period,
        scheme=state.scheme,
        lang=state.lang,
        reasons=why,
        anchors=anchors_of(ind, state.lang),
    )


clientside_callback(
    RANKS_JS,
    Output("map-graph", "figure", allow_duplicate=True),
    Input("map-graph", "figure"),
    prevent_initial_call=True,
)
clientside_callback(MEASURE_JS, Output("map-size", "data"), Input("map-graph", "id"))


@shared_callback(
    Output("map-kpis", "children"),
    Output("map-ranking", "children"),
    Output("map-trend", "figure"),
    Output("map-unplaced", "children"),
    Input("map-state", "data"),
    Input("map-size", "data"),
    # The map's answer first: the panels are asked for once it has arrived, so that the
    # map, what a switch is for, never waits behind them for the server.
    Input("map-key", "data"),
)
def render_panels(state_dict, size, _drawn):
    """The state → KPI cards, ranking, trend and the note on unplaced units."""
    if not state_dict:
        return (no_update,) * 4
    data = app_context().data
    state = ViewState.from_dict(state_dict)
    font_px = (size or (0, 0, 16))[2]
    return data.answer(
        ("map_panels", state, font_px),
        lambda: (
            kpi_cards(data, state),
            ranking(data, state, kind="map-rank"),
            trend_figure(data, state, font_px=font_px),
            [unplaced_note(data, state), *_notes(data, state)],
        ),
    )


def _notes(data: AppData, state: ViewState) -> list:
    """Notes on the drawn areas (e.g. Bangkok's khwaeng on the 2017 boundaries)."""
    if state.period is None:  # the indicator has no values at all
        return []
    view = view_for(state.area, state.all_tambons)
    codes = data.drawn_areas(view).index
    lines = note_lines(data, state.indicator, state.period, view.level, codes, state.lang)
    return [html.Div(line, className="wr-area-note") for line in lines]


@shared_callback(
    Output({"type": "map-i18n", "key": ALL}, "children"),
    Output({"type": "map-goal", "goal": ALL}, "children"),
    Output({"type": "map-goal", "goal": ALL}, "className"),
    Output({"type": "map-goal", "goal": ALL}, "disabled"),
    Output({"type": "map-goal", "goal": ALL}, "title"),
    Input("map-labels-key", "data"),
)
def translate(labels):
    """Every label in the chosen language; the goal tiles with their indicator counts."""
    if not isinstance(labels, dict) or labels.get("lang") not in ("th", "en"):
        raise PreventUpdate
    data = app_context().data
    lang, goal = labels["lang"], labels.get("goal")
    keys = [o["id"]["key"] for o in ctx.outputs_list[0]]
    groups = [o["id"]["goal"] for o in ctx.outputs_list[1]]
    counts = {g: len(members) for g, members in data.groups.items()}
    return (
        [STRINGS[k][lang] for k in keys],
        [tile_content(g, lang, counts.get(g, 0)) for g in groups],
        ["wr-goal selected" if g == goal else "wr-goal" for g in groups],
        [counts.get(g, 0) == 0 for g in groups],
        [tile_title(g, lang) for g in groups],
    )
