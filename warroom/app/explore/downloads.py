"""Files of what the workspace shows: CSV, XLSX (with metadata), GeoJSON, offline HTML map,
PNG of the map or the chart. Each function returns ``(file name, bytes)``."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from warroom.analysis.bivariate import legend_cells
from warroom.app.components.labels import indicator_name, unit_of
from warroom.app.context import app_context
from warroom.app.data import AppData
from warroom.app.explore import comparison, coverage, figures, pair
from warroom.app.explore.state import ExploreState
from warroom.export.captions import map_text
from warroom.export.geojson import area_geometry, geojson_bytes, values_geojson
from warroom.export.mapdata import MapLayer, MapText, map_layer
from warroom.export.offline_map import offline_map_html
from warroom.export.png import figure_png
from warroom.export.table import (
    AREA_COLUMNS,
    EXPORT_COLUMNS,
    column_name,
    metadata_table,
    tidy_values,
    write_table,
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
    for ind, period, col in ((state.x, state.xperiod, "x"), (state.y, state.yperiod, "y")):
        table[column_name(ind, period)] = tidy_values(view.table[col]).to_numpy()
    return table


def table_file(data: AppData, state: ExploreState, fmt: str) -> tuple[str, bytes]:
    """The tab's table as CSV (UTF-8 with BOM, for Excel) or XLSX with a metadata sheet."""
    if state.tab == "pair":
        table, items = pair_table(data, state), _selections(state)
    elif state.tab == "compare":
        table = comparison.compare_view(data, state) if state.areas else pd.DataFrame()
        items = [(r.indicator_id, int(r.period)) for r in table.itertuples()]
    else:
        table = coverage.coverage_view(data, state)
        items = []
    metadata = metadata_table(data.indicators, data.sources, items) if fmt == "xlsx" else None
    if fmt == "csv":
        body = "\ufeff" + table.to_csv(index=False, lineterminator="\r\n")
        return f"{_stem(state)}.csv", body.encode("utf-8")
    return f"{_stem(state)}.xlsx", write_table(table, "xlsx", None, metadata=metadata) or b""


def _one_indicator(
    data: AppData, state: ExploreState, ind: str, period: int | None
) -> pd.DataFrame:
    areas = figures.drawn_areas(data, state)
    table = areas[AREA_COLUMNS].reset_index(drop=True)
    table["period"] = period
    table["value"] = tidy_values(data.values(ind, period, areas.index)).to_numpy()
    table["unit"] = data.indicators.at[ind, "unit"]
    return table[EXPORT_COLUMNS]


def _shapes(state: ExploreState, detail: str | None = None) -> gpd.GeoDataFrame:
    settings = app_context().settings
    return area_geometry(
        settings.geometry_dir,
        state.level,
        within=state.area,
        detail=detail,  # type: ignore[arg-type]
    )


def geojson_file(data: AppData, state: ExploreState) -> tuple[str, bytes]:
    """The drawn areas with the values shown: both indicators on the pair tab, else X."""
    table = (
        pair_table(data, state)
        if state.tab == "pair"
        else _one_indicator(data, state, state.x, state.xperiod)
    )
    collection = values_geojson(table, _shapes(state, "district"))
    return f"{_stem(state)}.geojson", geojson_bytes(collection)


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


def html_file(data: AppData, state: ExploreState) -> tuple[str, bytes]:
    """The offline interactive map: the bivariate map on the pair tab, else X alone."""
    tile_url = app_context().settings.tile_url
    if state.tab == "pair":
        layer = bivariate_layer(data, state)
    else:
        row = data.indicators.loc[state.x]
        text = map_text(row, data.sources, level=state.level, period=state.xperiod, lang=state.lang)
        layer = map_layer(
            _one_indicator(data, state, state.x, state.xperiod),
            _shapes(state),
            direction=row["direction"],
            unit=unit_of(row, state.lang),
            text=text,
        )
    return f"{_stem(state)}.html", offline_map_html(layer, tile_url=tile_url).encode("utf-8")


def _inline_geojson(url: str) -> dict:
    root = Path(app_context().settings.geojson_dir)
    return json.loads((root / url.removeprefix("/geo/")).read_text(encoding="utf-8"))


def map_png(data: AppData, state: ExploreState, figure: dict) -> tuple[str, bytes]:
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
    return f"{_stem(state)}-map.png", figure_png(png_figure, width=1400, height=1200)


def chart_png(state: ExploreState, figure: dict) -> tuple[str, bytes]:
    """The chart on screen (scatter, comparison or coverage matrix) as a PNG."""
    height = int(figure.get("layout", {}).get("height") or 900)
    return f"{_stem(state)}-chart.png", figure_png(figure, width=1400, height=max(height, 700))
