"""The analyst's workspace (``/explore``): two indicators (scatter, correlation, bivariate
map, the two maps), areas compared across a goal, data coverage; exports of what is shown.

Everything is in the URL (``/explore?x=ID&y=ID&level=province&xperiod=2018&yperiod=2021``
and ``area``, ``tab``, ``areas``, ``goal``, ``lang``). Selecting areas in the scatter (lasso
or box) outlines them on the maps; clicking an area on a map adds or removes it.
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
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
    no_update,
)
from dash.exceptions import PreventUpdate

from warroom.app.components.labels import indicator_name
from warroom.app.components.legend import legend_rows
from warroom.app.components.map import RANKS_JS, locations_key, value_patch
from warroom.app.context import app_context
from warroom.app.explore import comparison, coverage, downloads, figures, pair, years
from warroom.app.explore.layout import (
    EXPORTS,
    KIND,
    MAPS,
    PLAY_JS,
    STEP_JS,
    area_options,
    indicator_options,
    workspace,
)
from warroom.app.explore.state import (
    MAP_LEVELS,
    TABS,
    ExploreState,
    read_query,
    to_query,
    with_change,
)
from warroom.indicators.goals import GOALS
from warroom.text.i18n import STRINGS, name, t, year_label
from warroom.web.heavy import heavy_work

log = logging.getLogger(__name__)
CONTROLS = ("x", "xperiod", "y", "yperiod", "level", "area", "tab", "areas", "goal", "lang")


def layout(**query) -> html.Div:
    """The workspace; the controls and every figure are filled from the state (the URL)."""
    return workspace(**query)


dash.register_page(
    __name__,
    path="/explore",
    title="วิเคราะห์ · War Room",
    name="explore",
    layout=layout,
    order=1,
    nav="nav_explore",
)


def tab_state(state_dict: dict | None, tab: str) -> ExploreState:
    """The state, when ``tab`` is the tab shown; otherwise nothing to draw (a hidden tab's
    figures wait until it is chosen)."""
    if not state_dict:
        raise PreventUpdate
    state = ExploreState.from_dict(state_dict)
    if state.tab != tab:
        raise PreventUpdate
    return state


@callback(
    Output("ex-state", "data"),
    Output("ex-url", "search"),
    Output("ex-x", "options"),
    Output("ex-x", "value"),
    Output("ex-xperiod", "options"),
    Output("ex-xperiod", "value"),
    Output("ex-y", "options"),
    Output("ex-y", "value"),
    Output("ex-yperiod", "options"),
    Output("ex-yperiod", "value"),
    Output("ex-level", "options"),
    Output("ex-level", "value"),
    Output("ex-area", "options"),
    Output("ex-area", "value"),
    Output("ex-tab", "value"),
    Output("ex-areas", "options"),
    Output("ex-areas", "value"),
    Output("ex-goal", "options"),
    Output("ex-goal", "value"),
    Output("ex-lang", "value"),
    Output("ex-notice", "children"),
    Output("ex-xslider", "marks"),
    Output("ex-xslider", "min"),
    Output("ex-xslider", "max"),
    Output("ex-xslider", "value"),
    Input("ex-url", "search"),
    *[Input(f"ex-{c}", "value") for c in CONTROLS],
    Input("ex-areas", "search_value"),
    Input("ex-xslider", "value"),
    State("ex-state", "data"),
)
def update_state(search, *args):
    """The URL or a control → the state, the URL and every control in the state's language
    (the year slider under X's map writes X's year, as its picker does)."""
    *values, area_search, slider, current = args
    context = app_context()
    data = context.data
    data.refresh_if_changed()
    trigger = ctx.triggered_id
    fixes = []
    if current is None or trigger == "ex-url" or trigger is None:
        state, fixes = read_query(search, data, context.settings.language)
        for fix in fixes:
            log.warning("explore URL parameter %s=%r not understood", fix.param, fix.value)
    elif trigger == "ex-xslider":
        state = ExploreState.from_dict(current)
        if slider is not None and int(slider) != state.xperiod:
            state = with_change(state, data, xperiod=int(slider))
    else:
        state = ExploreState.from_dict(current)
        if trigger != "ex-areas" or ctx.triggered_prop_ids.get("ex-areas.value"):
            field = trigger.removeprefix("ex-")
            value = dict(zip(CONTROLS, values, strict=True))[field]
            if field == "areas":
                value = tuple(value or ())
            if value is not None:
                state = with_change(state, data, **{field: value})
    lang = state.lang
    query = to_query(state)
    periods = {ind: data.periods[ind] for ind in (state.x, state.y)}
    indicators = indicator_options(data, lang)
    provinces = data.areas[data.areas["level"] == "province"]
    places = [{"label": t("ex_whole_country", lang), "value": "TH"}] + [
        {"label": name(r, lang), "value": r["code"]}
        for _, r in provinces.iterrows()
        if state.level != "province"
    ]
    goals = sorted(int(g) for g in data.indicators["goal"].dropna().unique())
    goal_names = {g[0]: (g[2] if lang == "th" else g[3]) for g in GOALS}
    notice = [html.Div(t("ex_url_bad", lang, param=f.param, value=f.value)) for f in fixes] or ""
    return (
        state.to_dict(),
        query if query != search else no_update,
        indicators,
        state.x,
        [{"label": year_label(p, lang), "value": p} for p in periods[state.x]],
        state.xperiod,
        indicators,
        state.y,
        [{"label": year_label(p, lang), "value": p} for p in periods[state.y]],
        state.yperiod,
        [{"label": t(f"level_{lv}", lang), "value": lv} for lv in MAP_LEVELS],
        state.level,
        places,
        state.area,
        state.tab,
        area_options(data, lang, area_search, state.areas),
        list(state.areas),
        [{"label": t("ex_goal_option", lang, n=g, name=goal_names[g]), "value": g} for g in goals],
        state.goal,
        lang,
        notice if fixes or trigger in (None, "ex-url") else no_update,
        {int(p): year_label(p, lang) for p in periods[state.x]},
        min(periods[state.x], default=0),
        max(periods[state.x], default=0),
        state.xperiod,
    )


@callback(
    Output("ex-pane-pair", "className"),
    Output("ex-pane-compare", "className"),
    Output("ex-pane-coverage", "className"),
    Output("ex-pane-years", "className"),
    Input("ex-state", "data"),
)
def show_tab(state_dict):
    """Only the chosen tab's pane is shown."""
    tab = ExploreState.from_dict(state_dict).tab
    return tuple(f"ex-pane ex-{k}" + ("" if k == tab else " ex-hidden") for k in TABS)


@callback(
    Output("ex-scatter", "figure"),
    Output("ex-scatter-title", "children"),
    Output("ex-bimap", "figure"),
    Output("ex-bimap-title", "children"),
    Output("ex-bilegend", "children"),
    Output("ex-xmap", "figure"),
    Output("ex-xmap-title", "children"),
    Output("ex-xlegend", "children"),
    Output("ex-ymap", "figure"),
    Output("ex-ymap-title", "children"),
    Output("ex-ylegend", "children"),
    Output("ex-pair-sources", "children"),
    Output("ex-keys", "data"),
    Input("ex-state", "data"),
    State("ex-selection", "data"),
    State("ex-size", "data"),
    State("ex-keys", "data"),
)
def render_pair(state_dict, selection, size, keys):
    """The two indicators: scatter with r, ρ and n; the bivariate map; the two maps.

    On the same areas, only values travel: the scatter is patched, and a map whose
    indicator, period and language are unchanged is left as it is.
    """
    state = tab_state(state_dict, "pair")
    context = app_context()
    data, base, lang = context.data, context.base, state.lang
    selection = selection or []
    keys = keys or {}
    view = pair.pair_view(data, state)
    fit = figures.Fit.of(size)
    area_key = f"{state.level}|{state.area}|{fit.width}x{fit.height}"
    same_areas = keys.get("areas") == area_key
    new_keys = {"areas": area_key}
    maps: list = []
    for axis, ind, period in (("x", state.x, state.xperiod), ("y", state.y, state.yperiod)):
        figure: dict | Patch
        figure, mv = pair.indicator_map(base, data, state, ind, period, selection, fit=fit)
        new_keys[axis] = f"{ind}|{period}|{lang}"
        new_keys[f"{axis}_locations"] = locations_key(mv)
        if same_areas and keys.get(axis) == new_keys[axis]:
            maps += [no_update, no_update, no_update]
            continue
        if same_areas:
            figure = value_patch(
                mv, key=new_keys[f"{axis}_locations"], held=keys.get(f"{axis}_locations")
            )
        title = html.B(f"{axis.upper()}: " + pair.axis_label(data, ind, period, lang))
        # A small map has no room for the legend's note on its lines (it covered the map):
        # the rows of the sides no area reaches show them; the sources name the thresholds.
        maps += [figure, title, legend_rows([row for row in mv.legend if row[0]])]
    scatter = (
        pair.scatter_patch(view, data, state, selection)
        if same_areas
        else pair.scatter_figure(view, data, state, selection, fit=fit)
    )
    return (
        scatter,
        [
            html.B(t("ex_scatter", lang)),
            html.Div(pair.stats_line(view, lang), id="ex-stats", className="ex-stats"),
        ],
        pair.bivariate_map(base, view, data, state, selection, fit=fit),
        html.B(t("ex_bivariate", lang)),
        pair.bivariate_legend(view, data, state),
        *maps,
        figures.sources(data, [(state.x, state.xperiod), (state.y, state.yperiod)], lang),
        new_keys,
    )


@callback(
    Output("ex-selection", "data"),
    Input("ex-scatter", "selectedData"),
    *[Input(m, "clickData") for m in MAPS],
    Input("ex-clear", "n_clicks"),
    Input("ex-state", "data"),
    State("ex-selection", "data"),
    prevent_initial_call=True,
)
def select(scatter, *args):
    """Lasso or box in the scatter selects areas; a click on a map adds or removes one;
    a new view or the clear button empties the selection."""
    *_clicks, _clear, _state, current = args
    trigger = ctx.triggered_id
    if trigger == "ex-scatter":
        points = (scatter or {}).get("points", [])
        return sorted({p["customdata"] for p in points if p.get("customdata")})
    if trigger in MAPS:
        point = (ctx.triggered[0]["value"] or {}).get("points", [{}])[0]
        code = point.get("location")
        if not code:
            raise PreventUpdate
        chosen = list(current or [])
        return [c for c in chosen if c != code] if code in chosen else [*chosen, code]
    if trigger == "ex-state" and not current:
        raise PreventUpdate
    return []


# The selection outlines areas on the three maps and highlights points in the scatter,
# in the browser: only the list of codes travels.
SELECTION_JS = """
function(selection, scatter) {
    const sel = selection || [];
    const P = window.dash_clientside.Patch;
    const outline = () => new P()
        .assign(["data", 2, "locations"], sel)
        .assign(["data", 2, "z"], sel.map(() => 0))
        .build();
    const maps = [outline(), outline(), outline()];
    let points = window.dash_clientside.no_update;
    if (scatter && scatter.data && scatter.data[0]) {
        const chosen = new Set(sel);
        const codes = scatter.data[0].customdata || [];
        const idx = [];
        codes.forEach((c, i) => { if (chosen.has(c)) { idx.push(i); } });
        points = new P().assign(["data", 0, "selectedpoints"], sel.length ? idx : null).build();
    }
    return [...maps, points];
}
"""
clientside_callback(
    SELECTION_JS,
    *[Output(m, "figure", allow_duplicate=True) for m in MAPS],
    Output("ex-scatter", "figure", allow_duplicate=True),
    Input("ex-selection", "data"),
    State("ex-scatter", "figure"),
    prevent_initial_call=True,
)
# The pair tab's map size and the page's rem, measured once when the page loads (before
# the first figures are made): maps are fitted to it and fonts grow on a 4K screen.
MEASURE_JS = """
function(_id) {
    // The main area is sized by the page grid at once; the cards inside it settle later.
    const main = document.querySelector('.ex-main');
    if (!main) { return window.dash_clientside.no_update; }
    const r = main.getBoundingClientRect();
    const em = parseFloat(getComputedStyle(main).fontSize) || 16;
    const tabs = 2.8 * em, sources = 4.6 * em, title = 1.6 * em, pad = 1.6 * em;
    const width = r.width / 2 - pad, height = (r.height - tabs - sources) / 2 - title - pad;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 17.28;
    return [Math.round(width), Math.round(height), rem];
}
"""
clientside_callback(MEASURE_JS, Output("ex-size", "data"), Input("ex-bimap", "id"))
for _map in ("ex-xmap", "ex-ymap"):
    clientside_callback(
        RANKS_JS,
        Output(_map, "figure", allow_duplicate=True),
        Input(_map, "figure"),
        prevent_initial_call=True,
    )


@callback(
    Output("ex-selected", "children"),
    Input("ex-selection", "data"),
    Input("ex-state", "data"),
)
def selected_count(selection, state_dict):
    """How many areas are selected, in the state's language."""
    lang = ExploreState.from_dict(state_dict).lang
    return t("ex_selected", lang, n=len(selection or []))


@callback(
    Output("ex-compare-table", "children"),
    Output("ex-compare-chart", "figure"),
    Output("ex-compare-note", "children"),
    Output("ex-compare-sources", "children"),
    Input("ex-state", "data"),
)
def render_compare(state_dict):
    """Up to five areas and Thailand across the goal's indicators: table and small charts."""
    state = tab_state(state_dict, "compare")
    data, lang = app_context().data, state.lang
    empty = {"data": [], "layout": {"height": 10, "paper_bgcolor": "rgba(0,0,0,0)"}}
    if not state.areas:
        return html.P(t("ex_pick_areas", lang), className="ex-empty"), empty, "", ""
    table = comparison.compare_view(data, state)
    if table.empty:
        return html.P(t("ex_no_goal_data", lang), className="ex-empty"), empty, "", ""
    items = [(r.indicator_id, int(r.period)) for r in table.itertuples()]
    return (
        comparison.compare_table(table, data, state),
        comparison.compare_figure(table, data, state),
        t("ex_country_line", lang),
        figures.sources(data, items, lang),
    )


@callback(
    Output("ex-coverage-matrix", "figure"),
    Output("ex-coverage-title", "children"),
    Output("ex-covmap", "figure"),
    Output("ex-covmap-title", "children"),
    Output("ex-covlegend", "children"),
    Input("ex-state", "data"),
)
def render_coverage(state_dict):
    """Which indicators have data for which years at the level; X's coverage on a map."""
    state = tab_state(state_dict, "coverage")
    context = app_context()
    data, lang = context.data, state.lang
    matrix = coverage.coverage_view(data, state)
    figure, legend, n = coverage.coverage_map(context.base, data, state)
    figure["layout"]["font"] = {"family": figures.FONT, "size": 16}
    level = t(f"level_{state.level}", lang)
    return (
        coverage.coverage_figure(matrix, data, state),
        html.B(t("ex_coverage_matrix", lang, level=level)),
        figure,
        html.B(
            t("ex_coverage_map", lang, name=indicator_name(data.indicators.loc[state.x], lang), n=n)
        ),
        legend_rows(legend),
    )


@callback(
    Output("ex-years-title", "children"),
    Output("ex-years-table", "children"),
    Output("ex-years-chart", "figure"),
    Output("ex-years-sources", "children"),
    Input("ex-state", "data"),
)
def render_years(state_dict):
    """X and Y of the chosen area year by year: a table and a chart."""
    state = tab_state(state_dict, "years")
    data, lang = app_context().data, state.lang
    items = [(state.x, None), (state.y, None)]
    return (
        html.B(t("ex_years_title", lang, area=data.area_name(state.area, lang))),
        years.years_html(data, state),
        years.years_figure(data, state),
        figures.sources(data, items, lang),
    )


clientside_callback(
    PLAY_JS,
    Output("ex-play-tick", "disabled"),
    Output("ex-play", "children"),
    Input("ex-play", "n_clicks"),
    State("ex-play-tick", "disabled"),
    prevent_initial_call=True,
)
clientside_callback(
    STEP_JS,
    Output("ex-xslider", "value", allow_duplicate=True),
    Input("ex-play-tick", "n_intervals"),
    State("ex-xslider", "marks"),
    State("ex-xslider", "value"),
    prevent_initial_call=True,
)


@callback(
    Output("ex-download", "data"),
    *[Input(f"ex-dl-{f.key}", "n_clicks") for f in EXPORTS],
    State("ex-state", "data"),
    State("ex-bimap", "figure"),
    State("ex-covmap", "figure"),
    State("ex-xmap", "figure"),
    State("ex-scatter", "figure"),
    State("ex-compare-chart", "figure"),
    State("ex-coverage-matrix", "figure"),
    State("ex-years-chart", "figure"),
    prevent_initial_call=True,
)
def download(*args):
    """The file asked for, of what the current tab shows."""
    state_dict, bimap, covmap, xmap, scatter, compare, matrix, by_year = args[len(EXPORTS) :]
    key = (ctx.triggered_id or "").removeprefix("ex-dl-")
    fmt = next((f for f in EXPORTS if f.key == key), None)
    if fmt is None or not state_dict or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    state = ExploreState.from_dict(state_dict)
    with heavy_work().slot(f"export {fmt.key}"):  # BusyError: said in the message box
        filename, body = downloads.export_file(
            fmt,
            app_context().data,
            state,
            map_figure={"pair": bimap, "coverage": covmap}.get(state.tab, xmap),
            chart_figure={"pair": scatter, "compare": compare, "years": by_year}.get(
                state.tab, matrix
            ),
        )
    return dcc.send_bytes(body, filename, type=fmt.media_type)


@callback(
    Output({"type": KIND, "key": ALL}, "children"),
    Output("ex-tab", "children"),
    Output("ex-clear", "children"),
    *[Output(f"ex-dl-{f.key}", "children") for f in EXPORTS],
    Input("ex-state", "data"),
)
def translate(state_dict):
    """Every label in the state's language."""
    lang = ExploreState.from_dict(state_dict).lang
    keys = [o["id"]["key"] for o in ctx.outputs_list[0]]
    return (
        [STRINGS[k][lang] for k in keys],
        [dcc.Tab(label=t(f"ex_tab_{k}", lang), value=k) for k in TABS],
        t("ex_clear", lang),
        *[t(f.label, lang) for f in EXPORTS],
    )
