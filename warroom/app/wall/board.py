"""The wall's view of the provinces' actions (``show: actions`` in a playlist): each
province coloured by its actions' state (late, relapsed, in progress, done; grey without
any), the counts, and the done actions whose area then got worse.

Actions change between loads, so this view reads them from the store when it comes up (a
few rows), unlike the indicator views, which read the data held in memory.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from warroom.analysis.followup import (
    PROVINCE_STATES,
    by_province,
    followed_up,
    province_state,
)
from warroom.app.components.map import MapValues, full_figure
from warroom.app.data import AppData
from warroom.app.wall.playlist import View
from warroom.app.wall.screen import Screen, drawn_areas, geo_url
from warroom.text.i18n import date_label, format_number, t, year_label

COLOURS = {"done": "#2e7d32", "in_progress": "#3b7bbf", "relapsed": "#ef6c00", "late": "#c62828"}
NONE_COLOUR = "#d9dee2"
WORDS = {
    "done": "act_status_done",
    "in_progress": "act_status_in_progress",
    "relapsed": "act_relapsed",
    "late": "act_late",
}
RELAPSES_SHOWN = 6


def _scale() -> list:
    """A colour scale with one band per state, z = the state's place (done 0 .. late 3)."""
    order = list(reversed(PROVINCE_STATES))
    scale = []
    for i, state in enumerate(order):
        scale += [[i / len(order), COLOURS[state]], [(i + 1) / len(order), COLOURS[state]]]
    return scale


def state_values(states: pd.Series, codes: pd.Index, lang: str) -> MapValues:
    """The map's values: each province with actions by its state, the others grey."""
    order = list(reversed(PROVINCE_STATES))
    have = states.reindex(codes).dropna()
    names = "<b>%{properties.name_th}</b><br>%{properties.name_en}<br>"
    counts = have.value_counts()
    legend = [
        (COLOURS[s], f"{t(WORDS[s], lang)}: {format_number(float(counts.get(s, 0)), lang)}")
        for s in PROVINCE_STATES
    ]
    none = [c for c in codes if c not in have.index]
    legend.append((NONE_COLOUR, t("act_wall_none", lang)))
    return MapValues(
        locations=list(have.index),
        z=[order.index(s) for s in have],
        hovertemplate=f"{names}%{{customdata}}<extra></extra>",
        colorscale=_scale(),
        zmin=-0.5,
        zmax=len(order) - 0.5,
        nodata=none,
        nodata_template=f"{names}%{{customdata}}<extra></extra>",
        nodata_reasons=[t("act_wall_none", lang)] * len(none),
        legend=legend,
    )


def relapse_lines(frame: pd.DataFrame, data: AppData, lang: str) -> list:
    """The done actions whose area then got worse, newest period first."""
    relapsed = frame[frame["relapsed"]].sort_values("latest_period", ascending=False)
    if relapsed.empty:
        return []
    lines = [html.Div(t("act_wall_relapses", lang), className="wall-rank-head")]
    for _, row in relapsed.head(RELAPSES_SHOWN).iterrows():
        code = row["area_code"]
        where = data.area_name(code, lang)
        province = data.area_name(code[:4], lang)
        place = where if code[:4] == code else f"{where} ({province})"
        year = year_label(int(row["latest_period"]), lang)
        lines.append(
            html.Div(
                className="wall-rank-row wall-relapse",
                children=[
                    html.Span(place, className="wall-rank-name"),
                    html.Span(year, className="wall-rank-value"),
                ],
                title=row["what"],
            )
        )
    return lines


def render_actions(
    view: View, data: AppData, *, base: dict, lang: str, size: tuple[int, int]
) -> Screen:
    """The provinces' actions on the map of Thailand, with the counts and the relapses."""
    frame = followed_up(data.store)
    table = by_province(frame)
    provinces = drawn_areas(data, "TH", "province").index
    mv = state_values(province_state(table), provinces, lang)
    box = tuple(data.areas.loc["TH", ["minx", "miny", "maxx", "maxy"]])
    figure = full_figure(base, geo_url("TH", "province"), mv, None, box, "TH|actions", size=size)
    # Hover words: each province's state (the map is static on a wall; kept for a browser).
    states = province_state(table)
    figure["data"][0]["customdata"] = [t(WORDS[states[c]], lang) for c in mv.locations]
    totals = {k: int(table[k].sum()) if len(table) else 0 for k in WORDS}
    here = [
        html.Div(data.area_name("TH", lang), className="wall-here-name"),
        html.Div(
            t("act_wall_counts", lang, **totals) if len(frame) else t("act_wall_none", lang),
            className="wall-side-big",
        ),
    ]
    side = [
        *relapse_lines(frame, data, lang),
        html.Div(t("act_not_proof", lang), className="wall-side-note"),
    ]
    return Screen(
        kind="map",
        title=t("act_wall_title", lang),
        subtitle=f"{data.area_name('TH', lang)} {t('wall_by_province', lang)}",
        here=here,
        headline=[],
        figure=figure,
        legend_title=t("act_wall_legend", lang),
        legend=mv.legend,
        side=side,
        as_of=t(
            "wall_as_of_store",
            lang,
            date=date_label(data.version[0], lang) if data.version else "–",
        ),
        credit=t("boundaries_credit", lang),
    )
