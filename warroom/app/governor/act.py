"""Where to act: the hotspot map (Local Moran's I, high-high clusters) with its plain sentence,
and districts and tambons ranked by need."""

from __future__ import annotations

import pandas as pd
from dash import html

from warroom.analysis import area as A  # noqa: N812
from warroom.analysis.hotspots import need_cluster
from warroom.app.context import app_context
from warroom.app.governor.goals import (
    name_of,
    unit_text,
    value_text,
)
from warroom.app.governor.plan import plan_button
from warroom.app.governor.state import (
    ACT_ROWS,
    Hotspots,
    NoHotspots,
)
from warroom.areas.codes import level_of
from warroom.export.brief import coverage_label, few_people_title
from warroom.export.mapdata import fit_view, offline_style
from warroom.text.i18n import format_number, t, unit_words


def act_rows(table: pd.DataFrame, state: dict, level: str) -> list:
    lang = state["lang"]
    data = app_context().data
    ind = data.indicators.loc[state["indicator"]]
    rows: list = []
    count_unit = ""
    if len(table) and isinstance(table["count_indicator"].iloc[0], str):
        count_unit = unit_text(data.indicators.loc[table["count_indicator"].iloc[0]], lang)
    # Counts behind rates on few people are private where the page is open without sign-in.
    open_page = not app_context().settings.require_login
    for _, r in table[table["value"].notna()].head(ACT_ROWS).iterrows():
        few = bool(r.get("few_people"))
        href = (
            f"/district/{r['code']}?lang={lang}&indicator={state['indicator']}"
            if level == "district"
            else f"/?area={r['code']}&indicator={state['indicator']}&lang={lang}"
        )
        count = "" if pd.isna(r["count"]) else format_number(r["count"], lang, count_unit)
        if few and open_page:
            count = ""
        cover = coverage_label(
            r.get("coverage", float("nan")), data.finest_levels.get(state["indicator"]), lang
        )
        rank = (
            html.Span(f"{int(r['need_rank'])}.", className="gov-act-no")
            if not few
            else html.Span("–", className="gov-act-no", title=few_people_title(lang))
        )
        mark = t("gov_hotspot", lang) if r.get("hotspot") else ""
        if few:
            mark = t("gov_few_people", lang)
        link = html.A(
            href=href,
            id={"type": "prov-act", "code": r["code"]},
            className="gov-act" + (" gov-act-hot" if r.get("hotspot") else ""),
            children=[
                rank,
                html.Span(name_of(r, lang), className="gov-act-name", title=cover or None),
                html.Span(
                    mark,
                    className="gov-few" if few else "gov-hot",
                    title=few_people_title(lang) if few else None,
                ),
                html.Span(
                    value_text(r["value"], ind, lang) + (" *" if cover else ""),
                    className="gov-act-val",
                    title=cover or None,
                ),
                html.Span(count, className="gov-act-count"),
            ],
        )
        rows.append(html.Div([link, plan_button(r["code"], lang)], className="gov-act-row"))
    if not rows:
        return [html.Div(t("no_data", lang), className="gov-nodata")]
    partial = table.head(ACT_ROWS)["coverage"].lt(1).any() if "coverage" in table else False
    if partial:
        rows.append(html.Div(t("gov_act_partial", lang), className="gov-note"))
    return rows


def units_of(level: str, code: str, lang: str) -> dict[str, str]:
    """The words for ``level`` areas inside ``code`` (Bangkok's are khet and khwaeng), as
    the strings name them: unit, units and Units."""
    unit, units = unit_words(level, code, lang)
    return {"unit": unit, "units": units, "Units": units[:1].upper() + units[1:]}


def where_to_act(state: dict, hot: pd.DataFrame | None) -> list:
    """The districts (for a province) and the tambons, most in need first."""
    data = app_context().data
    code, lang = state["code"], state["lang"]
    blocks = []
    if level_of(code) == "province":
        districts = A.where_to_act(data, code, state["indicator"])
        blocks += [
            html.H3(
                t("gov_where_districts", lang, **units_of("district", code, lang)),
                className="gov-h3",
            ),
            html.Div(act_rows(districts, state, "district"), className="gov-act-list"),
        ]
    tambons = A.where_to_act(data, code, state["indicator"], level="tambon", hotspots=hot)
    blocks += [
        html.H3(t("gov_where_tambons", lang, **units_of("tambon", code, lang)), className="gov-h3"),
        html.Div(act_rows(tambons, state, "tambon"), className="gov-act-list"),
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
    names = [name_of(r, lang) for _, r in tambons.iterrows()]
    bounds = (
        tambons["minx"].min(),
        tambons["miny"].min(),
        tambons["maxx"].max(),
        tambons["maxy"].max(),
    )
    centre, zoom = fit_view(bounds, 560, 330)  # the map at 1080p, until the browser measures it
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
            "meta": {"bounds": [float(b) for b in bounds]},  # fitted again in the browser
        },
    }


def hotspot_note(state: dict, hot: Hotspots) -> str:
    """One plain sentence on what a hotspot is, that they are still being computed, or why
    this indicator has none here: 'no hotspot' only where the area's tambons have figures."""
    lang, code = state["lang"], state["code"]
    words = units_of("tambon", code, lang)
    if hot is None:
        return t("gov_hotspot_computing", lang)
    if isinstance(hot, NoHotspots):
        return t(hot.reason, lang, **words)
    data = app_context().data
    if not tambon_figures(state["indicator"], code):
        return t("gov_hotspot_no_figures", lang, **words)
    need = need_cluster(data.indicators.at[state["indicator"], "direction"])
    inside = hot[hot["code"].str.startswith(code) & (hot["cluster"] == need)]
    sentence = t(f"gov_hotspot_explain_{need.lower()}", lang, **words)
    if inside.empty:
        return f"{sentence}. {t('gov_hotspot_none', lang)}."
    return f"{sentence}. " + t("gov_hotspot_count", lang, n=len(inside), **words)


def tambon_figures(indicator: str, code: str) -> int:
    """How many tambons of ``code`` have a value of the indicator in its latest period."""
    data = app_context().data
    values = data.observations(indicator)
    if values.empty:
        return 0
    latest = values.loc[int(values.index.get_level_values(0).max())].dropna()
    areas = data.areas
    inside = areas.index[(areas["level"] == "tambon") & areas.index.str.startswith(code)]
    return int(latest.index.isin(inside).sum())
