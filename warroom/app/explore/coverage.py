"""Coverage: which areas have data for which indicators and years, as a matrix and a map."""

from __future__ import annotations

import pandas as pd

from warroom.analysis.classes import NO_DATA_COLOUR, palette
from warroom.analysis.coverage import area_coverage, coverage_matrix
from warroom.app.components.labels import indicator_name
from warroom.app.components.map import MapValues
from warroom.app.data import AppData
from warroom.app.explore.figures import (
    FONT,
    area_map,
    drawn_areas,
    tidy_observations,
)
from warroom.app.explore.state import ExploreState
from warroom.text.i18n import t, year_label


def coverage_view(data: AppData, state: ExploreState) -> pd.DataFrame:
    """The coverage matrix at the state's level for the state's goal."""
    catalogue = data.indicators.reset_index(drop=True)
    if state.goal is not None:
        catalogue = catalogue[catalogue["goal"] == state.goal]
    return coverage_matrix(
        tidy_observations(data), data.areas.reset_index(drop=True), catalogue, state.level
    )


def coverage_figure(matrix: pd.DataFrame, data: AppData, state: ExploreState) -> dict:
    """Indicators × years: the share of areas with a value (text: how many)."""
    lang = state.lang
    grid = matrix.pivot(index="indicator_id", columns="period", values="share")
    grid = grid.reindex(matrix["indicator_id"].drop_duplicates())
    counts = matrix.pivot(index="indicator_id", columns="period", values="areas_with_data")
    counts = counts.reindex(grid.index)
    names = [indicator_name(data.indicators.loc[i], lang)[:60] for i in grid.index]
    text = [["" if pd.isna(v) else f"{int(v):,}" for v in row] for row in counts.to_numpy()]
    return {
        "data": [
            {
                "type": "heatmap",
                "z": [
                    [None if pd.isna(v) else round(float(v) * 100, 1) for v in row]
                    for row in grid.to_numpy()
                ],
                "x": [year_label(int(p), lang) for p in grid.columns],
                "y": names,
                "text": text,
                "texttemplate": "%{text}",
                "colorscale": [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
                "zmin": 0,
                "zmax": 100,
                "xgap": 2,
                "ygap": 2,
                "colorbar": {"title": {"text": "%"}, "thickness": 14},
                "hovertemplate": "%{y}<br>%{x}: %{text} ("
                + t("ex_of_areas", lang, n=f"{int(matrix['areas_total'].max() or 0):,}")
                + ", %{z}%)<extra></extra>",
            }
        ],
        "layout": {
            "height": max(300, 26 * len(names) + 90),
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "font": {"family": FONT, "size": 13},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "xaxis": {"type": "category", "side": "top"},
            "paper_bgcolor": "rgba(0,0,0,0)",
        },
    }


def coverage_map(base: dict, data: AppData, state: ExploreState) -> tuple[dict, list, int]:
    """The x indicator's coverage: how many periods each drawn area has a value for."""
    tidy = tidy_observations(data)
    one = tidy[tidy["indicator_id"] == state.x]
    areas = drawn_areas(data, state)
    table = area_coverage(one, areas.reset_index(drop=True), state.level).set_index("code")
    periods = table["periods"].astype(float).where(table["periods"] > 0)
    counts = sorted(int(v) for v in periods.dropna().unique())
    colours = ["#3182bd"] if len(counts) == 1 else palette("neutral", len(counts))
    colour_of = dict(zip(counts, colours, strict=False))
    has = periods.notna()
    n = max(len(counts), 1)
    z = periods[has].map(lambda v: counts.index(int(v)) + 0.5)
    unit = t("ex_periods_unit", state.lang)
    names = "<b>%{properties.name_th}</b><br>%{properties.name_en}<br>"
    mv = MapValues(
        locations=list(z.index),
        z=z.tolist(),
        hovertemplate=f"{names}%{{customdata}} {unit}<extra></extra>",
        colorscale=[[e, colour_of[c]] for i, c in enumerate(counts) for e in (i / n, (i + 1) / n)]
        or [[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
        zmin=0,
        zmax=n,
        nodata=list(periods.index[~has]),
        nodata_template=f"{names}{t('no_data', state.lang)}<extra></extra>",
        legend=[(colour_of[c], f"{c} {unit}") for c in counts]
        + ([(NO_DATA_COLOUR, t("no_data", state.lang))] if (~has).any() else []),
    )
    figure = area_map(base, data, state, mv, "cov", (800, 700))
    figure["data"][0]["customdata"] = periods[has].astype(int).tolist()
    return figure, mv.legend, len(data.periods.get(state.x, []))
