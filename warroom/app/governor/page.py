"""The page itself: header, three columns, an unknown area, and the callbacks that redraw a
chosen goal or indicator and bring in hotspots when they are ready."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from warroom.analysis import area as A  # noqa: N812
from warroom.app.components.figscale import scale_with_screen
from warroom.app.components.shell import page_header
from warroom.app.context import app_context
from warroom.app.governor.act import hotspot_map, hotspot_note, where_to_act
from warroom.app.governor.board import act_head, board_panel, kpi_slot
from warroom.app.governor.goals import (
    goal_detail,
    goal_tiles,
)
from warroom.app.governor.peers import peers_figure
from warroom.app.governor.plan import plan_form
from warroom.app.governor.poverty import poverty_measures
from warroom.app.governor.state import (
    KIND,
    POLL_MS,
    goal_indicator,
    hotspot_frame,
    hotspots_ready,
    one_value,
    read_state,
    state_query,
    status_of,
)
from warroom.areas.codes import level_of
from warroom.export.brief import (
    area_title,
    source_years,
)
from warroom.text.i18n import LANGUAGES, format_number, t, year_label


def page_head(state: dict) -> tuple[html.Div, str]:
    data = app_context().data
    code, lang = state["code"], state["lang"]
    row = data.areas.loc[code]
    pop, year = A.latest(data, A.POPULATION, code)
    status = status_of(code)
    years = sorted({int(p) for p in status["period"].dropna()})
    as_of = ", ".join(year_label(y, lang) for y in (years[0], years[-1])) if years else "–"
    other = row["name_en"] if lang == "th" else row["name_th"]
    facts = [
        html.Span(other, className="gov-other-name"),
        html.Span(
            t("gov_population", lang, value=format_number(pop, lang), year=year_label(year, lang))
            if year
            else "",
            className="gov-fact",
        ),
        html.Span(t("gov_as_of", lang, years=as_of.replace(", ", "–")), className="gov-fact"),
        html.A(
            t("gov_map_link", lang),
            href=f"/?area={code}&indicator={state['indicator']}&lang={lang}",
            id="prov-map-link",
            className="wr-head-link",
        ),
        html.A(
            t("gov_brief_link", lang),
            href=f"/{level_of(code)}/{code}/brief.pdf?lang={lang}&indicator={state['indicator']}",
            id="prov-brief-link",
            className="wr-head-link gov-brief-link",
            target="_blank",
        ),
    ]
    return html.Div(className="gov-facts", children=facts), area_title(row, lang)


def path_code(code: str | None, level: str) -> str | None:
    """The area code in the page's path (``/province/TH50``). Dash passes the path's
    ``code`` and the query's parameters as one set of arguments, the query's last, so
    ``/province/TH50?code=TH10`` arrived as Bangkok; the path the router was asked for wins."""
    try:
        pathname = ctx.inputs.get("_pages_location.pathname")
    except Exception:  # drawn outside Dash's router (tests, the server's first render)
        return code
    prefix = f"/{level}/"
    if isinstance(pathname, str) and pathname.startswith(prefix):
        return pathname[len(prefix) :].strip("/") or None
    return code


def page(code: str | None, level: str, query: dict) -> html.Div:
    """The whole page for an area of ``level``, or a message with a way back."""
    code = path_code(code, level)
    query = {k: v for k, v in query.items() if k != "code"}
    context = app_context()
    data = context.data
    lang = one_value(query.get("lang"))
    lang = lang if lang in LANGUAGES else context.settings.language
    if code is None or code not in data.areas.index or data.areas.at[code, "level"] != level:
        return unknown_area(code or "", lang)
    state = read_state(query, code)
    status = status_of(code)
    hot = hotspots_ready(state["indicator"])
    facts, title = page_head(state)
    peers, peers_title = peers_figure(state)
    header = page_header(
        path=f"/{level}/{code}",
        lang=lang,
        lang_id="prov-lang",
        kind=KIND,
        title_key="gov_title",
        extra=[],
    )
    header.children[0].children = [html.H1(title, id="prov-title"), facts]
    return html.Div(
        className="gov-root",
        id="prov-root",
        children=[
            dcc.Location(id="prov-url", refresh="callback-nav"),
            dcc.Store(id="prov-state", data=state),
            dcc.Interval(id="prov-poll", interval=POLL_MS, disabled=hot is not None),
            header,
            html.Section(
                className="gov-col gov-goals",
                children=[
                    html.Div(
                        [html.H2(t("gov_goals", lang), className="gov-h2"), kpi_slot()],
                        className="gov-goals-head",
                    ),
                    html.Div(goal_tiles(status, state), id="prov-tiles", className="gov-tiles"),
                    html.Div(t("gov_status_rule", lang), className="gov-note"),
                ],
            ),
            html.Section(
                className="gov-col gov-middle",
                children=[
                    html.Div(
                        [*goal_detail(status, state), *poverty_measures(state, status)],
                        id="prov-detail",
                        className="gov-detail",
                    ),
                    html.H2(
                        t("gov_peers" if level == "province" else "gov_peers_district", lang),
                        className="gov-h2",
                    ),
                    html.Div(peers_title, id="prov-peers-title", className="gov-peers-title"),
                    dcc.Graph(
                        id="prov-peers",
                        figure=peers,
                        config={"displayModeBar": False, "responsive": True},
                        className="gov-peers",
                    ),
                    html.Div(
                        t(
                            "gov_peers_rule" if level == "province" else "gov_peers_rule_district",
                            lang,
                        ),
                        className="gov-note",
                    ),
                ],
            ),
            html.Section(
                className="gov-col gov-act-col",
                children=[
                    act_head(html.H2(t("gov_where", lang), className="gov-h2"), lang),
                    dcc.Graph(
                        id="prov-hotmap",
                        figure=hotspot_map(state, hotspot_frame(hot)),
                        config={"displayModeBar": False, "scrollZoom": False},
                        className="gov-hotmap",
                    ),
                    html.Div(hotspot_note(state, hot), id="prov-hotnote", className="gov-note"),
                    html.Div(
                        where_to_act(state, hotspot_frame(hot)),
                        id="prov-act",
                        className="gov-act-wrap",
                    ),
                    board_panel(lang),
                    html.Div(
                        f"{t('gov_brief_sources', lang)}: "
                        + "; ".join(source_years(data, status, lang)),
                        id="prov-sources",
                        className="gov-note gov-sources",
                    ),
                ],
            ),
            plan_form(lang),
        ],
    )


def unknown_area(code: str, lang: str) -> html.Div:
    """An unknown code: say so, in both languages, with a way back to the map."""
    return html.Div(
        className="wr-notfound",
        id="prov-unknown",
        children=[
            html.H1(t("gov_unknown_area", lang, code=code)),
            html.A(t("gov_back", lang), href=f"/?lang={lang}", id="prov-back"),
            html.P(t("gov_unknown_area", "en" if lang == "th" else "th", code=code)),
        ],
    )


# ---- callbacks -----------------------------------------------------------------------------

# The charts are drawn for 1080p with the layout: the browser scales them to its screen.
scale_with_screen("prov-peers")
scale_with_screen("prov-hotmap", shared=True)


@callback(
    Output("prov-url", "search"),
    Input("prov-lang", "value"),
    Input({"type": "prov-goal", "goal": ALL}, "n_clicks"),
    Input({"type": "prov-ind", "indicator": ALL}, "n_clicks"),
    State("prov-state", "data"),
    prevent_initial_call=True,
)
def choose(lang, _goals, _indicators, state):
    """The language switch, a goal tile or an indicator row: a new URL, and the page is drawn
    again for it (every label and figure comes from the server in one go)."""
    trigger = ctx.triggered_id
    if not state or trigger is None:
        raise PreventUpdate
    if trigger == "prov-lang":
        if lang == state["lang"]:
            raise PreventUpdate
        return state_query({**state, "lang": lang})
    if not any(t_["value"] for t_ in ctx.triggered):
        raise PreventUpdate  # tiles re-created with n_clicks=0
    if trigger["type"] == "prov-goal":
        if trigger["goal"] == state["goal"]:
            raise PreventUpdate
        indicator = goal_indicator(state["code"], trigger["goal"]) or state["indicator"]
        return state_query({**state, "goal": trigger["goal"], "indicator": indicator})
    if trigger["indicator"] == state["indicator"]:
        raise PreventUpdate
    return state_query({**state, "indicator": trigger["indicator"]})


@callback(
    Output("prov-hotmap", "figure"),
    Output("prov-hotnote", "children"),
    Output("prov-act", "children"),
    Output("prov-poll", "disabled"),
    Input("prov-poll", "n_intervals"),
    State("prov-state", "data"),
    prevent_initial_call=True,
)
def hotspots_arrived(_ticks, state):
    """While the hotspots are computed, look again every two seconds; then draw them, or say
    why there are none, and stop looking."""
    if not state:
        raise PreventUpdate
    hot = hotspots_ready(state["indicator"])
    if hot is None:
        raise PreventUpdate
    frame = hotspot_frame(hot)
    return (
        hotspot_map(state, frame),
        hotspot_note(state, hot),
        where_to_act(state, frame),
        True,
    )
