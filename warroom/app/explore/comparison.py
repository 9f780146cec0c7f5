"""Areas side by side: every indicator of a goal for up to five areas, with the country."""

from __future__ import annotations

import math

import pandas as pd
from dash import html

from warroom.analysis.compare import compare_areas
from warroom.app.components.labels import indicator_name, unit_of
from warroom.app.data import AppData
from warroom.app.explore.figures import (
    FONT,
    tidy_observations,
)
from warroom.app.explore.state import ExploreState
from warroom.areas.codes import COUNTRY_CODE
from warroom.text.i18n import format_number, t, year_label


def compare_view(data: AppData, state: ExploreState) -> pd.DataFrame:
    """The compared areas and Thailand across the state's goal (latest period each)."""
    catalogue = data.indicators.reset_index(drop=True)
    return compare_areas(tidy_observations(data), catalogue, list(state.areas), goal=state.goal)


def compare_table(table: pd.DataFrame, data: AppData, state: ExploreState) -> html.Table:
    """Indicators as rows, the areas and Thailand as columns."""
    lang = state.lang
    codes = [c for c in table.columns if c not in ("indicator_id", "period")]
    head = html.Tr(
        [html.Th(t("indicator", lang)), html.Th(t("period", lang))]
        + [html.Th(data.area_name(c, lang)) for c in codes]
    )
    rows = []
    for r in table.to_dict("records"):
        row = data.indicators.loc[r["indicator_id"]]
        unit = unit_of(row, lang)
        cells = [html.Td(format_number(r[c], lang, unit)) for c in codes]
        rows.append(
            html.Tr(
                [
                    html.Td(indicator_name(row, lang)),
                    html.Td(year_label(int(r["period"]), lang)),
                    *cells,
                ]
            )
        )
    return html.Table([html.Thead(head), html.Tbody(rows)], className="ex-compare-table")


def compare_figure(table: pd.DataFrame, data: AppData, state: ExploreState) -> dict:
    """Small bar charts, one per indicator: each area's value, Thailand as a dashed line."""
    lang = state.lang
    n = max(len(table), 1)
    codes = [c for c in table.columns if c not in ("indicator_id", "period", COUNTRY_CODE)]
    cols = 3
    rows = math.ceil(n / cols)
    traces, annotations, shapes, layout = [], [], [], {}
    for i, r in enumerate(table.to_dict("records")):
        axis = "" if i == 0 else str(i + 1)
        row, col = divmod(i, cols)
        x0, x1 = col / cols + 0.04, (col + 1) / cols - 0.02
        y1 = 1 - row / rows - 0.06 / rows * 2
        y0 = 1 - (row + 1) / rows + 0.02
        layout[f"xaxis{axis}"] = {"domain": [x0, x1], "anchor": f"y{axis}", "showticklabels": True}
        layout[f"yaxis{axis}"] = {"domain": [y0, y1], "anchor": f"x{axis}", "automargin": True}
        ind = data.indicators.loc[r["indicator_id"]]
        labels = [data.area_name(c, lang) for c in codes]
        traces.append(
            {
                "type": "bar",
                "x": labels,
                "y": [r[c] for c in codes],
                "xaxis": f"x{axis}",
                "yaxis": f"y{axis}",
                "marker": {"color": "#19486A"},
                "hovertemplate": "%{x}: %{y:,.2f}<extra></extra>",
            }
        )
        country = r.get(COUNTRY_CODE)
        # a count's national total is no yardstick for an area; a rate's national value is
        if country is not None and not pd.isna(country) and ind["rollup"] != "sum":
            shapes.append(
                {
                    "type": "line",
                    "xref": f"x{axis} domain",
                    "yref": f"y{axis}",
                    "x0": 0,
                    "x1": 1,
                    "y0": country,
                    "y1": country,
                    "line": {"dash": "dash", "color": "#d7191c", "width": 2},
                }
            )
        title = indicator_name(ind, lang)
        annotations.append(
            {
                "text": f"<b>{title[:48]}</b> ({year_label(r['period'], lang)})",
                "xref": "paper",
                "yref": "paper",
                "x": x0,
                "y": y1,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13},
            }
        )
    return {
        "data": traces,
        "layout": {
            **layout,
            "height": max(260, 230 * rows),
            "margin": {"l": 50, "r": 10, "t": 30, "b": 30},
            "font": {"family": FONT, "size": 12},
            "showlegend": False,
            "shapes": shapes,
            "annotations": annotations,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "#ffffff",
        },
    }
