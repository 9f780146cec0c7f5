"""Files of what the workspace shows, in any export format (warroom.export.formats): the
parts of an export (table, metadata, areas, shapes, the map, the pictures) made from the
state, each only when the format asks for it."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from warroom.analysis.bivariate import legend_cells
from warroom.app.components.labels import anchors_of, indicator_name, unit_of
from warroom.app.context import app_context
from warroom.app.data import AppData
from warroom.app.explore import comparison, coverage, figures, pair
from warroom.app.explore.state import ExploreState
from warroom.export.captions import map_text
from warroom.export.formats import ExportFormat, ExportInput, Picture
from warroom.export.geojson import Detail, area_geometry
from warroom.export.mapdata import MapLayer, MapText, map_layer
from warroom.export.table import (
    AREA_COLUMNS,
    EXPORT_COLUMNS,
    column_name,
    coverage_column,
    metadata_table,
    tidy_values,
)
from warroom.text.i18n import format_number, t


def _stem(state: ExploreState) -> str:
    if state.tab == "pair":
        return f"warroom-{state.x}-{state.xperiod}-vs-{state.y}-{state.yperiod}-{state.level}"
    if state.tab == "compare":
        return f"warroom-compare-goal{state.goal}-{'-'.join(state.areas) or 'none'}"
    return f"warroom-coverage-goal{state.goal}-{state.level}"


def _selections(state: ExploreState) -> list[tuple[str, int | None]]:
    items = [(state.x, state.xperiod), (state.y, state.yperiod)]
    return list(dict.fromkeys(items))


def pair_table(data: AppData, state: ExploreState) -> pd.DataFrame:
    """The drawn areas with both indicators, columns named as in ``warroom export table``."""
    view = pair.pair_view(data, state)
    table = view.table[AREA_COLUMNS].copy()
    pairs = ((state.x, state.xperiod, "x"), (state.y, state.yperiod, "y"))
    for ind, period, col in pairs:
        table[column_name(ind, period)] = tidy_values(view.table[col]).to_numpy()
    for ind, period, col in pairs:  # coverage after both values
        cover = data.finest_coverage(ind, period).reindex(view.table["code"]).to_numpy()
        shown = pd.Series(cover).where(view.table[col].notna().to_numpy()).round(4)
        table[coverage_column(column_name(ind, period))] = shown.to_numpy()
    return table


def _tabular(data: AppData, state: ExploreState) -> tuple[pd.DataFrame, list]:
    """The tab's table and the (indicator, period) pairs it shows."""
    if state.tab == "pair":
        return pair_table(data, state), _selections(state)
    if state.tab == "compare":
        table = comparison.compare_view(data, state) if state.areas else pd.DataFrame()
        return table, [(r.indicator_id, int(r.period)) for r in table.itertuples()]
    return coverage.coverage_view(data, state), []


def _one_indicator(
    data: AppData, state: ExploreState, ind: str, period: int | None
) -> pd.DataFrame:
    areas = figures.drawn_areas(data, state)
    table = areas[AREA_COLUMNS].reset_index(drop=True)
    table["period"] = period
    table["value"] = tidy_values(data.values(ind, period, areas.index)).to_numpy()
    table["unit"] = data.indicators.at[ind, "unit"]
    cover = data.finest_coverage(ind, period).reindex(areas.index).to_numpy()
    table["coverage"] = pd.Series(cover).where(table["value"].notna()).round(4)
    return table[EXPORT_COLUMNS]


def _shapes(state: ExploreState, detail: Detail | None = None) -> gpd.GeoDataFrame:
    settings = app_context().settings
    return area_geometry(
        settings.geometry_dir,
        state.level,
        within=state.area,
        detail=detail,
    )


def _areas(data: AppData, state: ExploreState) -> pd.DataFrame:
    """The drawn areas with the values shown: both indicators on the pair tab, else X."""
    if state.tab == "pair":
        return pair_table(data, state)
    return _one_indicator(data, state, state.x, state.xperiod)


def bivariate_layer(data: AppData, state: ExploreState) -> MapLayer:
    """The bivariate map as a layer for the offline HTML map: 3×3 colours and legend."""
    lang = state.lang
    view = pair.pair_view(data, state)
    tab = view.table
    ux = unit_of(data.indicators.loc[state.x], lang)
    uy = unit_of(data.indicators.loc[state.y], lang)
    table = tab[AREA_COLUMNS].copy()
    table["period"] = f"{state.xperiod}/{state.yperiod}"
    table["value"] = tab["x"]
    table["unit"] = ""
    table["colour"] = tab["colour"]
    table["value_text"] = [
        f"X {format_number(x, lang, ux)} · Y {format_number(y, lang, uy)}"
        for x, y in zip(tab["x"], tab["y"], strict=True)
    ]
    level = ("↓", "·", "↑")
    legend = [
        (c["colour"], f"X {level[c['x_class']]}  Y {level[c['y_class']]}") for c in legend_cells()
    ]
    legend.append(("#c8c8c8", t("ex_missing_either", lang)))
    xs = pair.axis_label(data, state.x, state.xperiod, lang)
    ys = pair.axis_label(data, state.y, state.yperiod, lang)
    text_x = map_text(
        data.indicators.loc[state.x],
        data.sources,
        level=state.level,
        period=state.xperiod,
        lang=lang,
    )
    text_y = map_text(
        data.indicators.loc[state.y],
        data.sources,
        level=state.level,
        period=state.yperiod,
        lang=lang,
    )
    text = MapText(
        title=f"X: {xs} · Y: {ys}",
        subtitle=f"{t('ex_bivariate', lang)} · {pair.stats_line(view, lang)}",
        no_data=t("ex_missing_either", lang),
        sources=list(dict.fromkeys([*text_x.sources[:1], *text_y.sources])),
        notes=[*text_x.notes, *text_y.notes],
        lang=lang,
    )
    return MapLayer(table, _shapes(state), legend, text)


def _layer(data: AppData, state: ExploreState) -> MapLayer:
    """The offline interactive map: the bivariate map on the pair tab, else X alone."""
    if state.tab == "pair":
        return bivariate_layer(data, state)
    row = data.indicators.loc[state.x]
    text = map_text(row, data.sources, level=state.level, period=state.xperiod, lang=state.lang)
    return map_layer(
        _one_indicator(data, state, state.x, state.xperiod),
        _shapes(state),
        direction=row["direction"],
        unit=unit_of(row, state.lang),
        text=text,
        anchors=[value for value, _ in anchors_of(row, state.lang)],
    )


def _inline_geojson(url: str) -> dict:
    root = Path(app_context().settings.geojson_dir)
    return json.loads((root / url.removeprefix("/geo/")).read_text(encoding="utf-8"))


def _map_picture(data: AppData, state: ExploreState, figure: dict) -> Picture:
    """The map on screen (bivariate or coverage, or X) as a PNG, with title and sources."""
    lang = state.lang
    if state.tab == "pair":
        title = f"{t('ex_bivariate', lang)}: X {indicator_name(data.indicators.loc[state.x], lang)}"
        title += f" · Y {indicator_name(data.indicators.loc[state.y], lang)}"
    else:
        title = pair.axis_label(data, state.x, state.xperiod, lang)
    lines = [
        t(
            "ex_source_line",
            lang,
            source=figures.source_text(data.indicators.loc[i], data.sources, lang),
        )
        for i, _ in _selections(state)
    ] + [t("boundaries_credit", lang)]
    png_figure = figures.map_png_figure(
        figure,
        _inline_geojson(figures.geo_url(state)),
        box=figures.bounds(data, state.area),
        title=title,
        lines=lines,
    )
    return Picture(png_figure, width=1400, height=1200)


def _chart_picture(figure: dict) -> Picture:
    """The chart on screen (scatter, comparison or coverage matrix) as a PNG."""
    height = int(figure.get("layout", {}).get("height") or 900)
    return Picture(figure, width=1400, height=max(height, 700))


def export_input(
    data: AppData,
    state: ExploreState,
    *,
    map_figure: dict | None = None,
    chart_figure: dict | None = None,
) -> ExportInput:
    """Every part of an export of what the tab shows; the PNGs are of ``map_figure`` and
    ``chart_figure``, the map and the chart on screen, when given."""
    tabular = cache(lambda: _tabular(data, state))
    what = ExportInput(
        stem=_stem(state),
        table=lambda: tabular()[0],
        metadata=lambda: metadata_table(data.indicators, data.sources, tabular()[1]),
        areas=lambda: _areas(data, state),
        shapes=lambda detail: _shapes(state, detail),
        layer=lambda: _layer(data, state),
        tile_url=app_context().settings.tile_url,
    )
    if map_figure is not None:
        what = replace(what, map_picture=lambda: _map_picture(data, state, map_figure))
    if chart_figure is not None:
        what = replace(what, chart_picture=lambda: _chart_picture(chart_figure))
    return what


def export_file(
    fmt: ExportFormat,
    data: AppData,
    state: ExploreState,
    *,
    map_figure: dict | None = None,
    chart_figure: dict | None = None,
) -> tuple[str, bytes]:
    """``(file name, bytes)`` of what the tab shows in the format ``fmt``."""
    what = export_input(data, state, map_figure=map_figure, chart_figure=chart_figure)
    return fmt.filename(what.stem), fmt.bytes_of(what)
