"""The governor's page, shared by ``/province/<code>`` and ``/district/<code>``.

Three columns on one screen: the 17 goals at a glance; the chosen goal's indicators and the
peers chart; where to act (hotspot map, districts and tambons by need). The URL holds the
state (``?lang=en&goal=3&indicator=...``): the layout draws everything for it on the server,
a click on a goal or an indicator redraws its part and rewrites the URL without a reload,
and the language switch reloads the page in the other language.

Hotspots are computed over the whole country once per indicator and data version; while a
first computation runs (esda compiles its kernels on first use), the map says so and polls.
"""

from __future__ import annotations

import logging
import math
import threading
from urllib.parse import parse_qs, urlencode

import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from warroom.analysis import area as A  # noqa: N812
from warroom.analysis.hotspots import need_cluster
from warroom.analysis.status import Light, goals_summary
from warroom.app.brief import (
    LIGHT_COLOURS,
    area_title,
    light_label,
    trend_label,
    worst_indicator,
)
from warroom.app.components.shell import page_header
from warroom.app.context import app_context
from warroom.app.i18n import LANGUAGES, format_number, t, year_label
from warroom.app.sdg import GOALS
from warroom.areas.codes import level_of
from warroom.export.mapdata import fit_view, offline_style

log = logging.getLogger(__name__)

KIND = "prov-i18n"
ACT_ROWS = 6
POLL_MS = 2000
_services: dict[int, A.HotspotService] = {}
_running: set[tuple] = set()
_running_lock = threading.Lock()


# ---- state -------------------------------------------------------------------------------


def _one(value: object) -> str | None:
    if isinstance(value, list):
        value = value[-1] if value else None
    return value if isinstance(value, str) else None


def read_state(query: dict, code: str) -> dict:
    """The page's state from the URL query; what cannot be used falls back to a default."""
    context = app_context()
    data = context.data
    lang = _one(query.get("lang"))
    lang = lang if lang in LANGUAGES else context.settings.language
    indicator = _one(query.get("indicator"))
    if indicator not in data.indicators.index:
        indicator = A.DEFAULT_INDICATOR
    goal = _one(query.get("goal")) or ""
    goal_number = int(goal) if goal.isdigit() and 1 <= int(goal) <= 17 else None
    if goal_number is None:
        ind_goal = data.indicators.at[indicator, "goal"]
        goal_number = int(ind_goal) if not pd.isna(ind_goal) else 1
    return {"code": code, "lang": lang, "indicator": indicator, "goal": goal_number}


def state_query(state: dict) -> str:
    """The URL query of a state."""
    return "?" + urlencode(
        {"lang": state["lang"], "goal": state["goal"], "indicator": state["indicator"]}
    )


# ---- cached pieces ----------------------------------------------------------------------


_status_cache: dict[tuple, pd.DataFrame] = {}


def status_of(code: str) -> pd.DataFrame:
    """The area's status table, kept per data version."""
    data = app_context().data
    key = (code, repr(data.version))
    if key not in _status_cache:
        if len(_status_cache) > 256:
            _status_cache.clear()
        _status_cache[key] = A.status_table(data, code)
    return _status_cache[key]


def service() -> A.HotspotService:
    """The hotspot service of this app's installation."""
    settings = app_context().settings
    key = id(settings)
    if key not in _services:
        _services[key] = A.hotspot_service(settings)
    return _services[key]


def hotspots_ready(indicator: str) -> pd.DataFrame | None:
    """The nationwide tambon hotspots of an indicator's latest period, or None while computing.

    A missing result starts one background computation (never two for the same key).
    """
    data = app_context().data
    obs = data.observations(indicator)
    if obs.empty:
        return pd.DataFrame(columns=["code", "cluster"])
    period = int(obs.index.get_level_values(0).max())
    svc = service()
    if svc.cached(data, indicator, period, "tambon"):
        return svc.result(data, indicator, period, "tambon")
    key = svc.key(data, indicator, period, "tambon")
    with _running_lock:
        if key in _running:
            return None
        _running.add(key)

    def run() -> None:
        try:
            svc.result(data, indicator, period, "tambon")
        except ValueError:  # too few tambons with values: no hotspots for this indicator
            log.info("no hotspots for %s %s", indicator, period)
        finally:
            with _running_lock:
                _running.discard(key)

    threading.Thread(target=run, name=f"hotspots-{indicator}", daemon=True).start()
    return None


# ---- pieces of the page -----------------------------------------------------------------


def _name(row, lang: str) -> str:
    return row["name_th"] if lang == "th" else row["name_en"]


def _unit(row, lang: str) -> str:
    return row["unit_th"] if lang == "th" else row["unit"]


def _value(value: float, row, lang: str) -> str:
    return format_number(value, lang, _unit(row, lang))


def _dot(light: str) -> html.Span:
    return html.Span(
        className="gov-dot", style={"background": LIGHT_COLOURS[Light(light)]}, title=light
    )


def indicator_line(row: pd.Series, lang: str, *, compact: bool = False) -> list:
    """Value with unit and year, light, trend, rank and the country's value."""
    if pd.isna(row["value"]):
        return [html.Span(t("no_data", lang), className="gov-nodata")]
    parts = [
        _dot(row["status"]),
        html.B(_value(row["value"], row, lang), className="gov-val"),
        html.Span(f" {year_label(int(row['period']), lang)}", className="gov-year"),
    ]
    if row["trend"] != "none":  # a tile shows the arrow, its tooltip the word
        label = trend_label(row["trend"], lang)
        parts.append(
            html.Span(
                f" {label.split(' ')[0] if compact else label}",
                className=f"gov-trend gov-trend-{row['trend']}",
                title=label,
            )
        )
    if not pd.isna(row["rank"]):
        parts.append(
            html.Span(
                " · " + t("gov_rank", lang, rank=int(row["rank"]), of=int(row["of"])),
                className="gov-rank",
            )
        )
    if not compact or not pd.isna(row["country_value"]):
        parts.append(
            html.Span(
                " · " + t("gov_country", lang, value=_value(row["country_value"], row, lang)),
                className="gov-country",
            )
        )
    if row["proxy"]:
        parts.append(html.Span(t("gov_proxy", lang), className="gov-proxy"))
    if row.get("modelled"):
        parts.append(html.Span(t("modelled", lang), className="gov-proxy"))
    return parts


def goal_tiles(status: pd.DataFrame, state: dict) -> list:
    """One tile per goal: its light and the indicator to watch (or 'no data')."""
    lang = state["lang"]
    summary = goals_summary(status).set_index("goal")
    tiles = []
    for number, colour, name_th, name_en in GOALS:
        rows = status[status["goal"] == number]
        worst = worst_indicator(rows)
        light = summary.at[number, "light"]
        head = html.Div(
            className="gov-tile-head",
            children=[
                html.Span(str(number), className="gov-goal-no", style={"background": colour}),
                html.Span(name_th if lang == "th" else name_en, className="gov-goal-name"),
                html.Span([_dot(light), light_label(light, lang)], className="gov-goal-light"),
            ],
        )
        if worst is None:
            body = [html.Div(t("gov_goal_no_data", lang), className="gov-nodata")]
        else:
            body = [
                html.Div(_name(worst, lang), className="gov-ind-name"),
                html.Div(indicator_line(worst, lang, compact=True), className="gov-ind-line"),
            ]
        tiles.append(
            html.Button(
                [head, *body],
                id={"type": "prov-goal", "goal": number},
                n_clicks=0,
                className="gov-tile" + (" gov-tile-on" if number == state["goal"] else ""),
            )
        )
    return tiles


def goal_detail(status: pd.DataFrame, state: dict) -> list:
    """Every indicator of the chosen goal; a click chooses it for peers and where to act."""
    lang = state["lang"]
    rows = status[status["goal"] == state["goal"]]
    number, _, name_th, name_en = GOALS[state["goal"] - 1]
    title = html.H2(f"{number}. {name_th if lang == 'th' else name_en}", className="gov-h2")
    if rows.empty:
        return [title, html.Div(t("gov_goal_no_data", lang), className="gov-nodata")]
    items = []
    for _, row in rows.iterrows():
        chosen = row["indicator"] == state["indicator"]
        items.append(
            html.Button(
                [
                    html.Div(_name(row, lang), className="gov-ind-name"),
                    html.Div(indicator_line(row, lang), className="gov-ind-line"),
                ],
                id={"type": "prov-ind", "indicator": row["indicator"]},
                n_clicks=0,
                className="gov-ind" + (" gov-ind-on" if chosen else ""),
            )
        )
    basis = rows["basis"]
    note = (
        t("gov_basis_threshold", lang, source=rows["threshold_source"].dropna().iloc[0])
        if (basis == "threshold").any()
        else t("gov_basis_country", lang)
    )
    return [title, html.Div(items, className="gov-ind-list"), html.Div(note, className="gov-note")]


def peers_figure(state: dict) -> tuple[dict, str]:
    """Bars: the area, its region (or province), its five most alike; a line for Thailand.

    Returns the figure and its title (drawn in HTML, where a long Thai name wraps).
    """
    data = app_context().data
    code, lang, indicator = state["code"], state["lang"], state["indicator"]
    ind = data.indicators.loc[indicator]
    peers = A.peers_of(data, code)
    rows = A.peer_values(data, code, indicator, peers)
    bars = rows[rows["role"] != "country"]
    labels, colours = [], []
    for _, r in bars.iterrows():
        if r["role"] == "group":
            label = (
                t(f"gov_region_{r['code']}", lang)
                if level_of(code) == "province"
                else _name(data.areas.loc[r["code"]], lang)
            )
            colours.append("#5f6b73")
        else:
            label = _name(data.areas.loc[r["code"]], lang)
            colours.append("#c62828" if r["role"] == "area" else "#8fa3b0")
        labels.append(label)
    country = rows.loc[rows["role"] == "country", "value"]
    shapes = []
    if len(country) and not math.isnan(country.iloc[0]):
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": country.iloc[0],
                "x1": country.iloc[0],
                "y0": 0,
                "y1": 1,
                "line": {"color": "#19486A", "width": 2, "dash": "dash"},
            }
        )
    period = int(rows["period"].iloc[0]) if len(rows) else None
    unit = _unit(ind, lang)
    title = _name(ind, lang) + ("" if unit in _name(ind, lang) else f" ({unit})")
    if period:
        title += f" · {year_label(period, lang)}"
    if shapes:
        title += f" · - - {t('value_country', lang)}"
    figure = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": labels[::-1],
                "x": bars["value"].tolist()[::-1],
                "marker": {"color": colours[::-1]},
                "text": [format_number(v, lang) for v in bars["value"].tolist()[::-1]],
                "textposition": "auto",
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        "layout": {
            "margin": {"l": 8, "r": 16, "t": 6, "b": 28},
            "font": {"family": "Sarabun, sans-serif", "size": 15},
            "yaxis": {"automargin": True},
            "xaxis": {"title": None},
            "shapes": shapes,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "autosize": True,
        },
    }
    return figure, title


def _act_rows(table: pd.DataFrame, state: dict, level: str) -> list:
    lang = state["lang"]
    data = app_context().data
    ind = data.indicators.loc[state["indicator"]]
    rows = []
    count_unit = ""
    if len(table) and isinstance(table["count_indicator"].iloc[0], str):
        count_unit = _unit(data.indicators.loc[table["count_indicator"].iloc[0]], lang)
    for _, r in table[table["value"].notna()].head(ACT_ROWS).iterrows():
        href = (
            f"/district/{r['code']}?lang={lang}&indicator={state['indicator']}"
            if level == "district"
            else f"/?area={r['code']}&indicator={state['indicator']}&lang={lang}"
        )
        count = "" if pd.isna(r["count"]) else format_number(r["count"], lang, count_unit)
        rows.append(
            html.A(
                href=href,
                id={"type": "prov-act", "code": r["code"]},
                className="gov-act" + (" gov-act-hot" if r.get("hotspot") else ""),
                children=[
                    html.Span(f"{int(r['need_rank'])}.", className="gov-act-no"),
                    html.Span(_name(r, lang), className="gov-act-name"),
                    html.Span(
                        t("gov_hotspot", lang) if r.get("hotspot") else "", className="gov-hot"
                    ),
                    html.Span(_value(r["value"], ind, lang), className="gov-act-val"),
                    html.Span(count, className="gov-act-count"),
                ],
            )
        )
    return rows or [html.Div(t("no_data", lang), className="gov-nodata")]


def where_to_act(state: dict, hot: pd.DataFrame | None) -> list:
    """The districts (for a province) and the tambons, most in need first."""
    data = app_context().data
    code, lang = state["code"], state["lang"]
    blocks = []
    if level_of(code) == "province":
        districts = A.where_to_act(data, code, state["indicator"])
        blocks += [
            html.H3(t("gov_where_districts", lang), className="gov-h3"),
            html.Div(_act_rows(districts, state, "district"), className="gov-act-list"),
        ]
    tambons = A.where_to_act(data, code, state["indicator"], level="tambon", hotspots=hot)
    blocks += [
        html.H3(t("gov_where_tambons", lang), className="gov-h3"),
        html.Div(_act_rows(tambons, state, "tambon"), className="gov-act-list"),
    ]
    return blocks


def hotspot_map(state: dict, hot: pd.DataFrame | None) -> dict:
    """The area's tambons: hotspots of need dark, others light, no value hatched grey."""
    data = app_context().data
    code = state["code"]
    areas = data.areas
    tambons = areas[(areas["level"] == "tambon") & areas.index.str.startswith(code)]
    direction = data.indicators.at[state["indicator"], "direction"]
    need = need_cluster(direction)
    values = data.observations(state["indicator"])
    period = int(values.index.get_level_values(0).max()) if len(values) else None
    has_value = (
        values.loc[period].reindex(tambons.index).notna()
        if period is not None
        else pd.Series(False, index=tambons.index)
    )
    spots = set() if hot is None else set(hot.loc[hot["cluster"] == need, "code"])
    z = [(2 if c in spots else 1) if has_value.get(c, False) else 0 for c in tambons.index.tolist()]
    lang = state["lang"]
    names = [_name(r, lang) for _, r in tambons.iterrows()]
    bounds = (
        tambons["minx"].min(),
        tambons["miny"].min(),
        tambons["maxx"].max(),
        tambons["maxy"].max(),
    )
    centre, zoom = fit_view(bounds, 560, 330)
    geo_url = f"/geo/province/{code[:4]}.geojson"
    return {
        "data": [
            {
                "type": "choroplethmap",
                "geojson": geo_url,
                "featureidkey": "id",
                "locations": tambons.index.tolist(),
                "z": z,
                "zmin": 0,
                "zmax": 2,
                "colorscale": [
                    [0, "#d9d9d9"],
                    [0.33, "#d9d9d9"],
                    [0.34, "#f3e3d3"],
                    [0.66, "#f3e3d3"],
                    [0.67, "#b2182b"],
                    [1, "#b2182b"],
                ],
                "showscale": False,
                "text": names,
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {"line": {"width": 0.5, "color": "#ffffff"}},
            }
        ],
        "layout": {
            "map": {"style": offline_style(), "center": centre, "zoom": zoom},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": "Sarabun, sans-serif", "size": 15},
            "showlegend": False,
            "uirevision": f"{code}",
        },
    }


def hotspot_note(state: dict, hot: pd.DataFrame | None) -> str:
    """One plain sentence on what a hotspot is, or that they are still being computed."""
    lang = state["lang"]
    if hot is None:
        return t("gov_hotspot_computing", lang)
    data = app_context().data
    need = need_cluster(data.indicators.at[state["indicator"], "direction"])
    inside = hot[hot["code"].str.startswith(state["code"]) & (hot["cluster"] == need)]
    sentence = t(f"gov_hotspot_explain_{need.lower()}", lang)
    if inside.empty:
        return f"{sentence}. {t('gov_hotspot_none', lang)}."
    return f"{sentence}. " + t("gov_hotspot_count", lang, n=len(inside))


def _header(state: dict) -> tuple[html.Div, str]:
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


def page(code: str | None, level: str, query: dict) -> html.Div:
    """The whole page for an area of ``level``, or a message with a way back."""
    context = app_context()
    data = context.data
    lang = _one(query.get("lang"))
    lang = lang if lang in LANGUAGES else context.settings.language
    if code is None or code not in data.areas.index or data.areas.at[code, "level"] != level:
        return unknown_area(code or "", lang)
    state = read_state(query, code)
    status = status_of(code)
    hot = hotspots_ready(state["indicator"])
    facts, title = _header(state)
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
                    html.H2(t("gov_goals", lang), className="gov-h2"),
                    html.Div(goal_tiles(status, state), id="prov-tiles", className="gov-tiles"),
                    html.Div(t("gov_status_rule", lang), className="gov-note"),
                ],
            ),
            html.Section(
                className="gov-col gov-middle",
                children=[
                    html.Div(goal_detail(status, state), id="prov-detail", className="gov-detail"),
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
                    html.H2(t("gov_where", lang), className="gov-h2"),
                    dcc.Graph(
                        id="prov-hotmap",
                        figure=hotspot_map(state, hot),
                        config={"displayModeBar": False, "scrollZoom": False},
                        className="gov-hotmap",
                    ),
                    html.Div(hotspot_note(state, hot), id="prov-hotnote", className="gov-note"),
                    html.Div(where_to_act(state, hot), id="prov-act", className="gov-act-wrap"),
                ],
            ),
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
        rows = status_of(state["code"])
        worst = worst_indicator(rows[rows["goal"] == trigger["goal"]])
        indicator = worst["indicator"] if worst is not None else state["indicator"]
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
    """While the hotspots are computed, look again every two seconds; then draw them."""
    if not state:
        raise PreventUpdate
    hot = hotspots_ready(state["indicator"])
    if hot is None:
        raise PreventUpdate
    return hotspot_map(state, hot), hotspot_note(state, hot), where_to_act(state, hot), True


def parse_query(search: str | None) -> dict:
    """A URL query string as Dash pages passes it to ``layout``."""
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
