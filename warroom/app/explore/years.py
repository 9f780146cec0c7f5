"""The "by year" tab: the two selected indicators of the chosen area, year by year, as a table
and a chart (as OWID's grapher and Open SDG give their users a table view beside the map)."""

from __future__ import annotations

import pandas as pd
from dash import html

from warroom.app.components.labels import indicator_name, unit_of
from warroom.app.data import AppData
from warroom.app.explore.figures import FONT
from warroom.app.explore.state import ExploreState
from warroom.export.table import column_name, tidy_values
from warroom.text.i18n import format_number, t, year_label


def years_view(data: AppData, state: ExploreState) -> pd.DataFrame:
    """One row per year either indicator has for the state's area: ``period`` and each
    indicator's value (NaN where it has none), oldest first."""
    series = {ind: data.trend(ind, state.area).dropna() for ind in (state.x, state.y)}
    years = sorted({int(y) for s in series.values() for y in s.index})
    table = pd.DataFrame({"period": years})
    for ind, values in series.items():
        values.index = values.index.astype(int)
        table[ind] = values.reindex(years).to_numpy(dtype=float)
    return table


def years_table(data: AppData, state: ExploreState) -> pd.DataFrame:
    """The tab's table for a file: ``code, name_th, name_en, period`` and one column per
    indicator named as in ``warroom export table`` ("id (year)" without a year: "id")."""
    view = years_view(data, state)
    area = data.areas.loc[state.area]
    out = pd.DataFrame(
        {
            "code": state.area,
            "name_th": area["name_th"],
            "name_en": area["name_en"],
            "period": view["period"],
        }
    )
    for ind in dict.fromkeys((state.x, state.y)):
        out[column_name(ind, None)] = tidy_values(view[ind]).to_numpy()
    return out


def years_html(data: AppData, state: ExploreState) -> html.Table:
    """Years as rows, the two indicators (with their units) as columns."""
    lang = state.lang
    view = years_view(data, state)
    inds = list(dict.fromkeys((state.x, state.y)))
    rows = [data.indicators.loc[ind] for ind in inds]
    head = html.Tr(
        [html.Th(t("period", lang))]
        + [html.Th(f"{indicator_name(r, lang)} ({unit_of(r, lang)})") for r in rows]
    )
    body = [
        html.Tr(
            [html.Td(year_label(int(rec["period"]), lang))]
            + [html.Td(format_number(rec[ind], lang), className="ex-num") for ind in inds]
        )
        for rec in view.to_dict("records")
    ]
    return html.Table([html.Thead(head), html.Tbody(body)], className="ex-compare-table")


def years_figure(data: AppData, state: ExploreState) -> dict:
    """X and Y of the area by year, each on its own axis (X left, Y right)."""
    lang = state.lang
    view = years_view(data, state)
    traces = []
    for axis, ind in (("y", state.x), ("y2", state.y)):
        row = data.indicators.loc[ind]
        have = view[view[ind].notna()]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [year_label(int(p), lang) for p in have["period"]],
                "y": have[ind].tolist(),
                "yaxis": axis,
                "name": f"{'X' if axis == 'y' else 'Y'}: {indicator_name(row, lang)[:60]}",
            }
        )
    units = [unit_of(data.indicators.loc[i], lang) for i in (state.x, state.y)]
    return {
        "data": traces,
        "layout": {
            "height": 420,
            "font": {"family": FONT, "size": 15},
            "margin": {"l": 70, "r": 70, "t": 20, "b": 90},
            "xaxis": {"type": "category", "title": {"text": t("period", lang)}},
            "yaxis": {"title": {"text": f"X ({units[0]})"}},
            "yaxis2": {"title": {"text": f"Y ({units[1]})"}, "overlaying": "y", "side": "right"},
            "legend": {"orientation": "h", "y": -0.25},
            "paper_bgcolor": "rgba(0,0,0,0)",
        },
    }
