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
from warroom.app.explore import comparison, coverage, figures, pair, years
from warroom.app.explore.state import ExploreState
from warroom.areas.codes import level_of
from warroom.export.captions import map_text
from warroom.export.formats import ExportFormat, ExportInput, Picture
from warroom.export.geojson import Detail, area_geometry
from warroom.export.mapdata import MapLayer, MapText, map_layer
from warroom.export.png import map_figure
from warroom.export.table import (
    AREA_COLUMNS,
    EXPORT_COLUMNS,
    ExportError,
    column_name,
    coverage_column,
    metadata_table,
    tidy_values,
)
from warroom.text.i18n import format_number, t, year_label


def _stem(state: ExploreState) -> str:
    if state.tab == "pair":
        return f"warroom-{state.x}-{state.xperiod}-vs-{state.y}-{state.yperiod}-{state.level}"
    if state.tab == "compare":
        return f"warroom-compare-goal{state.goal}-{'-'.join(state.areas) or 'none'}"
    if state.tab == "years":
        return f"warroom-{state.x}-{state.y}-{state.area}-by-year"
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


def _compared(data: AppData, state: ExploreState) -> pd.DataFrame:
    return comparison.compare_view(data, state) if state.areas else pd.DataFrame()


def compare_table(data: AppData, state: ExploreState) -> pd.DataFrame:
    """The compare tab's table as a reader needs it away from the screen: each indicator's
    names and unit beside its id and year, each area's column named by its name and code
    ("เชียงใหม่ (TH50)"), Thailand last."""
    table = _compared(data, state)
    if table.empty:
        return table
    codes = [c for c in table.columns if c not in ("indicator_id", "period")]
    meta = data.indicators.loc[table["indicator_id"]]
    out = pd.DataFrame(
        {
            "indicator_id": table["indicator_id"].to_numpy(),
            "name_th": meta["name_th"].to_numpy(),
            "name_en": meta["name_en"].to_numpy(),
            "unit": meta["unit"].to_numpy(),
            "period": table["period"].to_numpy(),
        }
    )
    for code in codes:
        out[f"{data.area_name(code, state.lang)} ({code})"] = tidy_values(table[code]).to_numpy()
    return out


def _coverage_items(data: AppData, state: ExploreState) -> list[tuple[str, int | None]]:
    """The goal's indicators in the coverage matrix, each at its latest year (for the
    metadata sheet, which was empty)."""
    matrix = coverage.coverage_view(data, state)
    if matrix.empty:
        return []
    latest = matrix.groupby("indicator_id", sort=False)["period"].max()
    return [(str(ind), int(period)) for ind, period in latest.items()]


def _tabular(data: AppData, state: ExploreState) -> tuple[pd.DataFrame, list]:
    """The tab's table and the (indicator, period) pairs it shows."""
    if state.tab == "pair":
        return pair_table(data, state), _selections(state)
    if state.tab == "years":
        view = years.years_view(data, state)
        items = [
            (
                ind,
                int(view.loc[view[ind].notna(), "period"].max())
                if view[ind].notna().any()
                else None,
            )
            for ind in dict.fromkeys((state.x, state.y))
        ]  # each indicator's latest year in the table (its column holds every year)
        return years.years_table(data, state), items
    if state.tab == "compare":
        table = _compared(data, state)
        return compare_table(data, state), [
            (r.indicator_id, int(r.period)) for r in table.itertuples()
        ]
    return coverage.coverage_view(data, state), _coverage_items(data, state)


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
    """The drawn areas with the values shown: both indicators on the pair tab, the compared
    areas (not all 77 provinces) with the goal's indicators on the compare tab, else X."""
    if state.tab == "pair":
        return pair_table(data, state)
    if state.tab == "compare":
        return compared_areas(data, state)
    return _one_indicator(data, state, state.x, state.xperiod)


def compared_areas(data: AppData, state: ExploreState) -> pd.DataFrame:
    """One row per compared area (Thailand is the reference, not an area drawn), a column
    per indicator named as in ``warroom export table`` ("id (year)")."""
    codes = [c for c in state.areas if c in data.areas.index]
    table = data.areas.loc[codes, AREA_COLUMNS].reset_index(drop=True)
    for row in _compared(data, state).to_dict("records"):
        values = pd.Series([row.get(c) for c in codes], dtype=float)
        table[column_name(row["indicator_id"], int(row["period"]))] = tidy_values(values)
    return table


def _compared_shapes(state: ExploreState, detail: Detail | None = None) -> gpd.GeoDataFrame:
    """The compared areas' shapes, each at its own level."""
    settings = app_context().settings
    frames = [
        area_geometry(settings.geometry_dir, level_of(code), within=code, detail=detail)
        for code in state.areas
    ]
    frames = [f[f["code"] == code] for f, code in zip(frames, state.areas, strict=True)]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)


def _compare_indicator(data: AppData, state: ExploreState) -> tuple[str, int]:
    """The indicator a map of the compared areas shows: X when the comparison holds it,
    else its first indicator."""
    rows = _compared(data, state)
    if rows.empty:
        raise ExportError("no area to compare: pick areas first")
    held = rows[rows["indicator_id"] == state.x]
    first = (held if not held.empty else rows).iloc[0]
    return str(first["indicator_id"]), int(first["period"])


def compare_layer(data: AppData, state: ExploreState) -> MapLayer:
    """The compared areas on a map, coloured by one indicator of the comparison."""
    ind, period = _compare_indicator(data, state)
    row = data.indicators.loc[ind]
    codes = [c for c in state.areas if c in data.areas.index]
    table = data.areas.loc[codes, AREA_COLUMNS].reset_index(drop=True)
    table["period"] = period
    table["value"] = tidy_values(data.values(ind, period, pd.Index(codes))).to_numpy()
    table["unit"] = row["unit"]
    level = level_of(codes[0])
    text = map_text(row, data.sources, level=level, period=period, lang=state.lang)
    names = ", ".join(data.area_name(c, state.lang) for c in codes)
    text = replace(text, subtitle=f"{t('ex_tab_compare', state.lang)}: {names} · {text.subtitle}")
    return map_layer(
        table,
        _compared_shapes(state),
        direction=row["direction"],
        unit=unit_of(row, state.lang),
        text=text,
        anchors=[value for value, _ in anchors_of(row, state.lang)],
    )


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
    if state.tab == "compare":
        return compare_layer(data, state)
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


def _source_lines(data: AppData, items: list[tuple[str, int | None]], lang: str) -> list[str]:
    """Each indicator's name, year and source, and the boundaries' licence."""
    lines = []
    for ind, period in items:
        row = data.indicators.loc[ind]
        source = figures.source_text(row, data.sources, lang)
        name = f"{indicator_name(row, lang)} ({unit_of(row, lang)}, {year_label(period, lang)})"
        lines.append(f"{name} · {t('ex_source_line', lang, source=source)}")
    return [*lines, t("boundaries_credit", lang)]


def _caption(data: AppData, state: ExploreState) -> tuple[str, str, list[str]]:
    """The title, the line under it and the sources of what the tab shows: every picture
    carries them (the chart PNG had no title, statistics or source)."""
    lang = state.lang
    if state.tab == "pair":
        x = pair.axis_label(data, state.x, state.xperiod, lang)
        y = pair.axis_label(data, state.y, state.yperiod, lang)
        view = pair.pair_view(data, state)
        return (
            f"X: {x} · Y: {y}",
            pair.stats_line(view, lang),
            _source_lines(data, _selections(state), lang),
        )
    items = _tabular(data, state)[1]
    if state.tab == "compare":
        names = ", ".join(data.area_name(c, lang) for c in state.areas)
        return t("ex_tab_compare", lang), names, _source_lines(data, items, lang)
    if state.tab == "years":
        title = t("ex_years_title", lang, area=data.area_name(state.area, lang))
        return title, "", _source_lines(data, items, lang)
    level = t(f"level_{state.level}", lang)
    title = t("ex_coverage_matrix", lang, level=level)
    return title, "", _source_lines(data, items, lang)


def _map_picture(data: AppData, state: ExploreState, figure: dict | None) -> Picture:
    """The map of the tab as a PNG with its title, legend, units, years and sources: the
    bivariate map with its 3×3 legend, the coverage map or X's map as on screen; on the
    compare tab, the compared areas (it has no map on screen: the PNG failed)."""
    if state.tab in ("compare", "years") or figure is None or not figure.get("data"):
        layer = _layer(data, state) if state.tab != "pair" else bivariate_layer(data, state)
        return Picture(map_figure(layer, width=1400, height=1200), width=1400, height=1200)
    lang = state.lang
    title, subtitle, lines = _caption(data, state)
    legend: list[tuple[str, str]] = []
    if state.tab == "coverage":  # how many years each area has for X
        _, legend, n = coverage.coverage_map(app_context().base, data, state)
        name = indicator_name(data.indicators.loc[state.x], lang)
        title, subtitle = t("ex_coverage_map", lang, name=name, n=n), ""
        lines = _source_lines(data, [(state.x, state.xperiod)], lang)
    png_figure = figures.map_png_figure(
        figure,
        _inline_geojson(figures.geo_url(state)),
        box=figures.bounds(data, state.area),
        title=title,
        lines=lines,
        subtitle=subtitle,
    )
    if state.tab == "pair":
        png_figure = with_bivariate_legend(png_figure, lang)
    else:  # the legend on screen sits beside the map: draw its classes on the picture
        png_figure = with_class_legend(png_figure, legend)
    return Picture(png_figure, width=1400, height=1200)


def with_bivariate_legend(figure: dict, lang: str) -> dict:
    """The 3×3 legend of the bivariate map drawn in the picture's lower right corner."""
    size, x0, y0 = 0.045, 0.84, 0.06
    shapes = [
        {
            "type": "rect",
            "xref": "paper",
            "yref": "paper",
            "x0": x0 + c["x_class"] * size,
            "x1": x0 + (c["x_class"] + 1) * size,
            "y0": y0 + c["y_class"] * size,
            "y1": y0 + (c["y_class"] + 1) * size,
            "fillcolor": c["colour"],
            "line": {"color": "#ffffff", "width": 1},
            "layer": "above",
        }
        for c in legend_cells()
    ]
    labels = [
        {"text": "X →", "x": x0 + 1.5 * size, "y": y0 - 0.01, "yanchor": "top"},
        {"text": "Y →", "x": x0 - 0.01, "y": y0 + 1.5 * size, "xanchor": "right", "textangle": -90},
        {"text": t("ex_missing_either", lang), "x": x0, "y": y0 - 0.04, "yanchor": "top",
         "xanchor": "left", "font": {"size": 12, "color": "#555555"}},
    ]  # fmt: skip
    layout = figure["layout"]
    layout["shapes"] = [*layout.get("shapes", []), *shapes]
    layout["annotations"] = [
        *layout.get("annotations", []),
        *[{"xref": "paper", "yref": "paper", "showarrow": False, **a} for a in labels],
    ]
    return figure


def with_class_legend(figure: dict, legend: list[tuple[str, str]]) -> dict:
    """A map's classes as a legend on the picture (one swatch per class, as on screen)."""
    for colour, label in legend:
        figure["data"].append(
            {
                "type": "scattermap",
                "lon": [None],
                "lat": [None],
                "mode": "markers",
                "marker": {"symbol": "square", "size": 16, "color": colour},
                "name": label,
            }
        )
    layout = figure["layout"]
    layout["showlegend"] = True
    layout["legend"] = {"x": 0.01, "y": 0.02, "bgcolor": "rgba(255,255,255,0.9)"}
    return figure


def _chart_picture(data: AppData, state: ExploreState, figure: dict) -> Picture:
    """The chart on screen (scatter, comparison or coverage matrix) as a PNG, with its title,
    statistics (the pair's r, ρ, n and fitted line), units, years and sources."""
    title, subtitle, lines = _caption(data, state)
    height = int(figure.get("layout", {}).get("height") or 900)
    pictured = figures.captioned(figure, title=title, subtitle=subtitle, lines=lines)
    return Picture(pictured, width=1400, height=max(height, 700) + 40 + 18 * len(lines))


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
    if state.tab == "compare":  # the compared areas only, not every drawn area
        what = replace(what, shapes=lambda detail: _compared_shapes(state, detail))
    if map_figure is not None or state.tab in ("compare", "years"):
        what = replace(what, map_picture=lambda: _map_picture(data, state, map_figure))
    if chart_figure is not None:
        what = replace(what, chart_picture=lambda: _chart_picture(data, state, chart_figure))
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
