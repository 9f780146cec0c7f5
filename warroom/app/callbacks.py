"""Callbacks: events → view state (and URL), then view state → map, panels and labels."""

from __future__ import annotations

from dataclasses import replace

import dash
from dash import ALL, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from warroom.app import panels
from warroom.app.data import AppData, view_for
from warroom.app.i18n import STRINGS, t, year_label
from warroom.app.mapview import RANKS_JS, full_figure, locations_key, map_values, value_patch
from warroom.app.sdg import CONTEXT, GOALS, POVERTY
from warroom.app.state import (
    SCHEMES,
    ViewState,
    all_groups,
    choose_goal,
    drill,
    from_query,
    group_members,
    normalise,
    to_query,
)

GROUP_NAMES = {str(n): (th, en) for n, _, th, en in GOALS}


def next_state(
    data: AppData,
    current: ViewState | None,
    trigger,
    value,
    *,
    search: str | None,
    default_lang: str,
) -> ViewState:
    """The state after one event; ``trigger`` is the id of what fired, ``value`` its value."""
    state = current or from_query(search, default_lang)
    if trigger is None or trigger == "url":
        state = from_query(search, default_lang)
    elif isinstance(trigger, dict) and trigger.get("type") == "goal":
        state = choose_goal(state, trigger["goal"], data.indicators)
    elif isinstance(trigger, dict) and trigger.get("type") in ("crumb", "rank"):
        if value:  # new buttons report n_clicks=0 when they appear: not a click
            state = drill(state, trigger["code"])
    elif trigger == "map":
        code = ((value or {}).get("points") or [{}])[0].get("location")
        if code in data.areas.index:
            state = drill(state, code)
    elif trigger == "indicator":
        state = replace(state, indicator=value)
    elif trigger == "period":
        state = replace(state, period=value)
    elif trigger == "lang":
        state = replace(state, lang=value)
    elif trigger == "scheme":
        state = replace(state, scheme=value)
    elif trigger == "all-tambons":
        state = replace(state, all_tambons="all" in (value or []))
    return normalise(state, data.indicators, data.periods, data.areas.index, default_lang)


def indicator_options(data: AppData, state: ViewState) -> list[dict]:
    """The chosen goal's indicators, labelled in the chosen language."""
    rows = data.indicators.loc[group_members(data.indicators, state.goal)]
    return [
        {"label": panels.indicator_name(r, state.lang), "value": r["id"]}
        for _, r in rows.iterrows()
    ]


def group_label(group: str, lang: str) -> str:
    """Short name of a goal or group tile."""
    if group == POVERTY:
        return t("poverty", lang)
    if group == CONTEXT:
        return t("context", lang)
    th, en = GROUP_NAMES[group]
    return th if lang == "th" else en


def register(app: dash.Dash, data: AppData, base: dict, default_lang: str) -> None:
    """Attach every callback to ``app``."""

    @app.callback(
        Output("state", "data"),
        Output("url", "search"),
        Output("indicator", "options"),
        Output("indicator", "value"),
        Output("period", "options"),
        Output("period", "value"),
        Output("lang", "value"),
        Output("scheme", "options"),
        Output("scheme", "value"),
        Output("all-tambons", "options"),
        Output("all-tambons", "value"),
        Input("url", "search"),
        Input({"type": "goal", "goal": ALL}, "n_clicks"),
        Input("indicator", "value"),
        Input("period", "value"),
        Input("lang", "value"),
        Input("scheme", "value"),
        Input("all-tambons", "value"),
        Input("map", "clickData"),
        Input({"type": "crumb", "code": ALL}, "n_clicks"),
        Input({"type": "rank", "code": ALL}, "n_clicks"),
        Input("data-poll", "n_intervals"),
        State("state", "data"),
    )
    def update_state(
        search,
        _goals,
        _indicator,
        _period,
        _lang,
        _scheme,
        _tambons,
        _click,
        _crumbs,
        _ranks,
        _poll,
        current,
    ):
        trigger = ctx.triggered_id
        refreshed = data.refresh_if_changed()
        if trigger == "data-poll" and not refreshed:
            raise PreventUpdate
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        before = ViewState.from_dict(current) if current else None
        state = next_state(data, before, trigger, value, search=search, default_lang=default_lang)
        query = to_query(state)
        lang = state.lang
        periods = data.periods.get(state.indicator, [])
        return (
            state.to_dict(),
            query if query != search else no_update,
            indicator_options(data, state),
            state.indicator,
            [{"label": year_label(p, lang), "value": p} for p in periods],
            state.period,
            lang,
            [{"label": t(s, lang), "value": s} for s in SCHEMES],
            state.scheme,
            [{"label": t("tambon_all", lang), "value": "all"}],
            ["all"] if state.all_tambons else [],
        )

    @app.callback(
        Output("map", "figure"),
        Output("map-key", "data"),
        Output("legend", "children"),
        Output("map-title", "children"),
        Output("breadcrumb", "children"),
        Output("credit", "children"),
        Input("state", "data"),
        State("map-key", "data"),
    )
    def render_map(state_dict, key):
        if not state_dict:
            return (no_update,) * 6
        state = ViewState.from_dict(state_dict)
        view = view_for(state.area, state.all_tambons)
        ind = data.indicators.loc[state.indicator]
        drawn = data.drawn_areas(view)
        values = data.values(state.indicator, state.period, drawn.index)
        mv = map_values(
            values,
            unit=panels.unit_of(ind, state.lang),
            direction=ind["direction"],
            period=state.period,
            scheme=state.scheme,
            lang=state.lang,
        )
        view_key = f"{view.geo_url}|{view.area}|{view.level}"
        new_key = f"{view_key}|{locations_key(mv)}"
        if key and key.rsplit("|", 1)[0] == view_key:
            figure = value_patch(mv, same_locations=key == new_key)
        else:
            selected = state.area if view.level == "tambon" and len(state.area) == 8 else None
            box = data.areas.loc[
                view.within if view.within != "TH" else "TH", ["minx", "miny", "maxx", "maxy"]
            ]
            figure = full_figure(base, view.geo_url, mv, selected, tuple(box), view_key)
        legend = panels.legend_rows(mv.legend)
        title = [
            html.Div(panels.indicator_name(ind, state.lang), className="wr-ind-name"),
            html.Div(
                f"{year_label(state.period, state.lang)} · "
                f"{t('showing', state.lang, level=t('level_' + view.level, state.lang))}",
                className="wr-ind-sub",
            ),
        ]
        return (
            figure,
            new_key,
            legend,
            title,
            panels.breadcrumb(data, state),
            panels.credit(data, state),
        )

    app.clientside_callback(
        RANKS_JS,
        Output("map", "figure", allow_duplicate=True),
        Input("map", "figure"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("kpis", "children"),
        Output("ranking", "children"),
        Output("trend", "figure"),
        Output("unplaced", "children"),
        Input("state", "data"),
    )
    def render_panels(state_dict):
        if not state_dict:
            return (no_update,) * 4
        state = ViewState.from_dict(state_dict)
        return (
            panels.kpi_cards(data, state),
            panels.ranking(data, state),
            panels.trend_figure(data, state),
            panels.unplaced_note(data, state),
        )

    @app.callback(
        Output({"type": "i18n", "key": ALL}, "children"),
        Output({"type": "goal", "goal": ALL}, "children"),
        Output({"type": "goal", "goal": ALL}, "className"),
        Output({"type": "goal", "goal": ALL}, "disabled"),
        Output({"type": "goal", "goal": ALL}, "title"),
        Input("state", "data"),
    )
    def translate(state_dict):
        state = ViewState.from_dict(state_dict)
        lang = state.lang
        keys = [o["id"]["key"] for o in ctx.outputs_list[0]]
        groups = [o["id"]["goal"] for o in ctx.outputs_list[1]]
        counts = {g: len(group_members(data.indicators, g)) for g in all_groups()}
        children, classes, disabled, titles = [], [], [], []
        for g in groups:
            n = counts.get(g, 0)
            number = g if g.isdigit() else ""
            children.append(
                [
                    html.Span(number, className="wr-goal-no"),
                    html.Span(group_label(g, lang), className="wr-goal-name"),
                    html.Span(
                        t("indicators_count", lang, n=n) if n else t("no_indicator", lang),
                        className="wr-goal-count",
                    ),
                ]
            )
            classes.append("wr-goal selected" if g == state.goal else "wr-goal")
            disabled.append(n == 0)
            titles.append(f"SDG {g}: {group_label(g, lang)}" if number else group_label(g, lang))
        return ([STRINGS[k][lang] for k in keys], children, classes, disabled, titles)
